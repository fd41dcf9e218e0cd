"""``lindung report inpres``: the same report written into a directory, audited."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from lindung.accounts.models import AuditEvent
from tests.factories import accounts as f
from tests.reports.helpers import pdf_text, xlsx_sheets

pytestmark = pytest.mark.django_db


class TestReportInpresCommand:
    def test_writes_the_pdf_and_xlsx_for_a_regency(self, report_data, tmp_path, capsys):
        call_command(
            "report", "inpres", "--year", "2026", "--semester", "1", "--region", "61.71",
            "--out", str(tmp_path),
        )  # fmt: skip

        pdf = tmp_path / "laporan-inpres-61.71-2026-S1.pdf"
        xlsx = tmp_path / "laporan-inpres-61.71-2026-S1.xlsx"
        assert capsys.readouterr().out.split() == [str(pdf), str(xlsx)]
        text = pdf_text(pdf.read_bytes())
        assert "150.000 / 400.000" in text
        assert "37,50%" in text
        districts = xlsx_sheets(xlsx.read_bytes())[2]
        assert districts[1][:2] == ["61.71.01", "Pontianak Selatan"]
        audit = AuditEvent.objects.get(action="report.export")
        assert audit.actor is None
        assert audit.region_code == "61.71"
        assert audit.changes["after"]["files"] == [str(pdf), str(xlsx)]

    def test_province_report_as_a_named_user(self, report_data, tmp_path):
        analyst = f.UserFactory.create(username="analis.prov")

        call_command(
            "report", "inpres", "--year", "2026", "--semester", "1", "--language", "en",
            "--user", "analis.prov", "--out", str(tmp_path),
        )  # fmt: skip

        text = pdf_text((tmp_path / "laporan-inpres-61-2026-S1.pdf").read_bytes())
        assert "42,591 / 154,008" in text
        assert AuditEvent.objects.get(action="report.export").actor == analyst

    def test_refuses_a_year_to_come(self, report_data, tmp_path):
        with (
            translation.override("en"),
            pytest.raises(CommandError, match="The year must be between 2021 and"),
        ):
            call_command(
                "report", "inpres", "--year", "2099", "--semester", "1", "--language", "en",
                "--region", "61.71", "--out", str(tmp_path / "out"),
            )  # fmt: skip
        assert not (tmp_path / "out").exists()
        assert not AuditEvent.objects.filter(action="report.export").exists()
