"""``lindung rules``: JSON shapes and figures, readable tables, and exit code 2 on bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("rules", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_json(*args: str) -> dict[str, Any]:
    out, _err = run(*args, "--json")
    data: dict[str, Any] = json.loads(out)
    return data


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    return str(info.value)


class TestJakon:
    def test_json_shape_and_figures(self):
        data = run_json("jakon", "--contract-value", "350000000", "--date", "2026-01-15")
        assert data["contract_value"] == "350000000"
        assert (data["jkk"], data["jkm"], data["total"]) == (635000, 80000, 715000)
        assert data["as_of"] == "2026-01-15"
        assert [t["tier"] for t in data["tiers"]] == [1, 2, 3, 4, 5]
        for parameter in data["parameters"]:
            assert {"name", "value", "valid_from", "source"} <= set(parameter)

    def test_thousands_dots_are_accepted(self):
        data = run_json("jakon", "--contract-value", "1.250.000.000", "--date", "2026-01-15")
        assert data["contract_value"] == "1250000000"

    def test_date_defaults_to_today(self):
        from django.utils import timezone

        data = run_json("jakon", "--contract-value", "350000000")
        assert data["as_of"] == timezone.localdate().isoformat()

    def test_table_output_shows_totals_tiers_and_sources(self):
        out, _err = run("jakon", "--contract-value", "350000000", "--date", "2026-01-15")
        assert "715.000" in out
        assert "tiers" in out
        assert "PP 44/2015" in out

    def test_vat_options(self):
        data = run_json(
            "jakon",
            "--contract-value", "111000000",
            "--vat-amount", "11000000",
            "--base", "excluding_vat",
            "--date", "2026-01-15",
        )  # fmt: skip
        assert data["base"] == "100000000"
        assert data["base_policy"] == "excluding_vat"

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ("abc", "angka"),
            ("-5", "negatif"),
            ("0", "lebih dari nol"),
            ("10000000000001", "terlalu besar"),
            ("1e999999999", "angka"),
        ],
    )
    def test_bad_contract_value_exits_2_naming_the_field(self, value, reason):
        message = fails("jakon", "--contract-value", value)
        assert message.startswith("--contract-value:")
        assert reason in message

    def test_date_before_the_rules_exits_2_on_the_date(self):
        message = fails("jakon", "--contract-value", "350000000", "--date", "2001-01-01")
        assert message.startswith("--date:")

    def test_malformed_date_exits_2(self):
        assert fails("jakon", "--contract-value", "1", "--date", "15/01/2026").startswith("--date:")


class TestNik:
    def test_valid_nik_json(self):
        data = run_json("nik", "6171015001900003")
        assert data["valid"] is True
        assert data["errors"] == []
        assert data["warnings"] == []
        assert data["region_code"] == "61.71.01"
        assert data["birth_date"] == "1990-01-10"
        assert data["sex"] == "female"

    def test_unknown_district_is_a_warning(self):
        data = run_json("nik", "6171995001900003")
        assert data["valid"] is True
        assert [w["code"] for w in data["warnings"]] == ["nik_district_unknown"]

    @pytest.mark.parametrize("value", ["61710150019000AB", "617101500190", "6171 0150 0190 0003 1"])
    def test_bad_nik_exits_2_naming_the_field(self, value):
        message = fails("nik", value)
        assert message.startswith("nik:")
        assert "NIK" in message

    @pytest.mark.parametrize(
        ("kind", "good"),
        [("kpj", "12345678901"), ("nib", "1234567890123"), ("npwp", "0123456789012345")],
    )
    def test_other_identifiers(self, kind, good):
        assert run_json(kind, good)["valid"] is True
        assert fails(kind, "12AB").startswith(f"{kind}:")

    def test_nip(self):
        data = run_json("nip", "198503302010012003")
        assert data["valid"] is True
        assert data["birth_date"] == "1985-03-30"


class TestDeadline:
    def test_skips_nyepi_idul_fitri_and_cuti_bersama(self):
        data = run_json("deadline", "--spk-date", "2026-03-16")
        due = date.fromisoformat(data["registration_due"])
        assert due == date(2026, 4, 13)
        assert due.weekday() < 5
        reasons = " ".join(day["reason"] for day in data["skipped"])
        assert "Nyepi" in reasons
        assert "Idul Fitri" in reasons
        assert "Cuti Bersama" in reasons
        assert {"date", "reason"} <= set(data["skipped"][0])

    @pytest.mark.parametrize("spk", ["2026-01-02", "2026-06-05", "2026-12-18", "2027-03-05"])
    def test_never_lands_on_a_weekend(self, spk):
        data = run_json("deadline", "--spk-date", spk)
        assert date.fromisoformat(data["registration_due"]).weekday() < 5

    def test_regional_holiday_is_skipped(self):
        from lindung.regulations.models import Holiday

        plain = run_json("deadline", "--spk-date", "2026-05-04", "--region", "61.71")
        due = date.fromisoformat(plain["registration_due"])
        Holiday.objects.create(date=date(2026, 5, 6), name="Hari Jadi Kota", region_id="61.71")
        shifted = run_json("deadline", "--spk-date", "2026-05-04", "--region", "61.71")
        assert date.fromisoformat(shifted["registration_due"]) > due
        assert "Hari Jadi Kota" in [d["reason"] for d in shifted["skipped"]]

    def test_bad_spk_date_exits_2(self):
        assert fails("deadline", "--spk-date", "2026-02-30").startswith("--spk-date:")


class TestOtherSubcommands:
    def test_wage(self):
        data = run_json(
            "wage", "--worker", "4500000:6", "--worker", "3.000.000:3", "--date", "2026-01-15"
        )
        assert data["wage_bill"] == "36000000"
        assert data["total"] == data["jkk"] + data["jkm"]

    def test_wage_needs_months(self):
        assert fails("wage", "--worker", "4500000").startswith("--worker:")

    def test_addendum(self):
        data = run_json(
            "addendum", "--original-value", "350000000", "--amended-value", "600000000",
            "--date", "2026-01-15",
        )  # fmt: skip
        assert data["difference"] == data["amended"]["total"] - 715000

    def test_termin(self):
        data = run_json(
            "termin", "--total", "715000", "--payment", "300000", "--date", "2026-01-15"
        )
        assert data["outstanding"] == 415000

    def test_pu(self):
        data = run_json("pu", "--wage", "3000000", "--risk-group", "medium", "--date", "2026-01-15")
        assert data["risk_group"] == "medium"
        assert data["total"] > 0

    def test_bpu(self):
        data = run_json("bpu", "--income", "1000000", "--date", "2026-01-15")
        assert (data["jkk"], data["jkm"]) == (10000, 6800)

    def test_bpu_bad_workers(self):
        assert fails("bpu", "--income", "1000000", "--workers", "dua").startswith("--workers:")

    def test_benefit_jkm_death_three_year_rule(self):
        short = run_json("benefit", "--kind", "jkm_death", "--contribution-years", "2")
        enough = run_json("benefit", "--kind", "jkm_death", "--contribution-years", "3")
        assert short["total"] == enough["total"] == 42_000_000
        assert (short["beasiswa_eligible"], enough["beasiswa_eligible"]) == (False, True)

    def test_benefit_jkk_death(self):
        data = run_json(
            "benefit", "--kind", "jkk_death", "--wage", "5000000", "--date", "2026-01-15"
        )
        assert data["lump_sum"] == 240_000_000

    def test_benefit_without_wage_exits_2(self):
        assert fails("benefit", "--kind", "total_disability").startswith("--wage:")

    def test_beasiswa(self):
        data = run_json(
            "beasiswa", "--child", "2015-05-01:SD", "--child", "2010-01-01:smp",
            "--contribution-years", "3", "--date", "2026-01-15",
        )  # fmt: skip
        assert data["eligible"] is True
        assert [c["level"] for c in data["children"]] == ["SD", "SMP"]

    def test_beasiswa_bad_level_exits_2(self):
        message = fails("beasiswa", "--child", "2015-05-01:S3", "--contribution-years", "3")
        assert message.startswith("--children.0.level:") or message.startswith("--children")


class TestProcess:
    """The real command line: help text, stderr and exit codes without a traceback."""

    def _lindung(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lindung.settings.test"}
        return subprocess.run(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "lindung.manage", "rules", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
            check=False,
        )

    def test_help_lists_every_subcommand(self):
        result = self._lindung("--help")
        assert result.returncode == 0
        for sub in ("jakon", "wage", "addendum", "termin", "pu", "bpu", "benefit", "beasiswa",
                    "nik", "kpj", "nib", "npwp", "nip", "deadline"):  # fmt: skip
            assert sub in result.stdout

    def test_bad_value_exits_2_with_a_message_not_a_traceback(self):
        result = self._lindung("jakon", "--contract-value", "12abc")
        assert result.returncode == 2
        assert "--contract-value" in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""

    def test_missing_argument_exits_2(self):
        result = self._lindung("deadline")
        assert result.returncode == 2
        assert "--spk-date" in result.stderr
