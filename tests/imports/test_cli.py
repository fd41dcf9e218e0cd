"""``lindung import``: the --json shape, dry runs, acting users and exit code 2 for refusals."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.imports.models import ImportBatch
from lindung.projects.importers import BPJS_COLUMNS
from lindung.projects.models import Payment, Project
from tests.factories import accounts as f
from tests.imports.helpers import bpjs_row, project_row, quarantine_of, to_csv

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def _file(tmp_path: Path, content: bytes, name: str = "proyek.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


class TestImportCommand:
    def test_json_reports_counts_and_the_quarantine_file(self, tmp_path):
        path = _file(tmp_path, to_csv([project_row(1), project_row(2, kode_wilayah="x")]))

        result = json.loads(_run("projects", path, "--json"))

        assert set(result) == {"created", "updated", "unchanged", "rejected", "quarantine_file"}
        assert (result["created"], result["updated"], result["unchanged"]) == (1, 0, 0)
        assert result["rejected"] == 1
        assert quarantine_of(result["quarantine_file"])[0]["baris"] == "3"

    def test_second_run_is_all_unchanged(self, tmp_path):
        path = _file(tmp_path, to_csv([project_row(1), project_row(2)]))
        _run("projects", path, "--json")

        result = json.loads(_run("projects", path, "--json"))

        assert result == {
            "created": 0,
            "updated": 0,
            "unchanged": 2,
            "rejected": 0,
            "quarantine_file": "",
        }

    def test_dry_run_writes_nothing(self, tmp_path):
        path = _file(tmp_path, to_csv([project_row(1)]))

        result = json.loads(_run("projects", path, "--json", "--dry-run"))

        assert result["created"] == 1
        assert not Project.objects.filter(kode_rup="50000001").exists()
        assert not ImportBatch.objects.exists()

    def test_plain_output_summarises(self, tmp_path):
        path = _file(tmp_path, to_csv([project_row(1)]))

        assert "created 1" in _run("projects", path)

    def test_refused_file_exits_with_code_2(self, tmp_path):
        path = _file(tmp_path, b"\x00\x01garbage" * 50, name="proyek.xlsx")

        with pytest.raises(CommandError) as excinfo:
            _run("projects", path, "--json")

        assert excinfo.value.returncode == 2
        assert "nothing written" in str(excinfo.value)
        assert not ImportBatch.objects.exists()

    def test_missing_columns_exit_with_code_2(self, tmp_path):
        path = _file(tmp_path, b"kode_rup\n1\n")

        with pytest.raises(CommandError) as excinfo:
            _run("projects", path)

        assert excinfo.value.returncode == 2

    def test_acts_as_the_given_user(self, tmp_path):
        f.regency_officer("61.01", username="sambas")
        path = _file(tmp_path, to_csv([project_row(1)]))

        result = json.loads(_run("projects", path, "--json", "--user", "sambas"))

        assert (result["created"], result["rejected"]) == (0, 1)

    def test_unknown_user_exits_with_code_2(self, tmp_path):
        path = _file(tmp_path, to_csv([project_row(1)]))

        with pytest.raises(CommandError) as excinfo:
            _run("projects", path, "--user", "nobody")

        assert excinfo.value.returncode == 2

    def test_imports_bpjs_payments(self, tmp_path):
        _run("projects", _file(tmp_path, to_csv([project_row(1)])), "--json")
        row = bpjs_row(kode_rup="50000001", tanggal_bayar="12/03/2026", jumlah_bayar="2.500.000")
        path = _file(tmp_path, to_csv([row], BPJS_COLUMNS), name="bpjs.csv")

        result = json.loads(_run("bpjs", path, "--json"))

        assert result["created"] == 1
        assert Payment.objects.filter(project__kode_rup="50000001").count() == 1
