"""The calculations every edge calls: parameters from the database, typed 422 errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from lindung.regulations import calculations
from lindung.regulations import services as regulation_services
from lindung.regulations.errors import CalculationInvalid
from lindung.regulations.models import Holiday, ParameterRecord
from lindung.rules import BeasiswaAward, Benefit, Deadline, JakonContribution

pytestmark = pytest.mark.django_db

DAY = date(2026, 1, 15)


class TestNormalizeAmount:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("350000000", "350000000"),
            ("1.250.000.000", "1250000000"),
            ("Rp 1.250.000", "1250000"),
            ("Rp.350.000", "350000"),
            ("1.250,50", "1250.50"),
            (" 42 ", "42"),
            ("-1.000", "-1000"),
            ("1.5", "1.5"),
        ],
    )
    def test_accepts_digits_and_thousands_dots(self, raw, expected):
        assert calculations.normalize_amount(raw, "contract_value") == expected

    @pytest.mark.parametrize("raw", ["abc", "1e9", "1,000,000", "12.34.5", "NaN", "Infinity"])
    def test_rejects_other_text_naming_the_field(self, raw):
        with pytest.raises(CalculationInvalid) as info:
            calculations.normalize_amount(raw, "contract_value")
        assert info.value.errors[0].loc == ("contract_value",)
        assert info.value.errors[0].code == "value_not_a_number"

    def test_rejects_absurdly_long_numbers_without_echoing_them(self):
        with pytest.raises(CalculationInvalid) as info:
            calculations.normalize_amount("9" * 5000, "contract_value")
        assert info.value.errors[0].code == "value_too_large"
        assert len(info.value.errors[0].msg) < 300


class TestCalculateJakon:
    def test_reference_vector(self):
        result = calculations.calculate_jakon(contract_value="350.000.000", as_of=DAY)
        assert isinstance(result, JakonContribution)
        assert (result.jkk.rounded, result.jkm.rounded, result.total) == (635000, 80000, 715000)

    def test_uses_the_parameters_stored_in_the_database(self):
        regulation_services.load_packaged_parameters(actor=None)
        assert ParameterRecord.objects.exists()
        result = calculations.calculate_jakon(contract_value=350_000_000, as_of=DAY)
        assert result.total == 715000

    def test_vat_excluded_base(self):
        result = calculations.calculate_jakon(
            contract_value="111000000", vat_amount="11000000", base="excluding_vat", as_of=DAY
        )
        assert result.base == Decimal("100000000")

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("-5", "value_negative"),
            ("0", "value_not_positive"),
            ("", "value_required"),
            ("20000000000000", "value_too_large"),
        ],
    )
    def test_bad_value_is_a_located_422(self, value, code):
        with pytest.raises(CalculationInvalid) as info:
            calculations.calculate_jakon(contract_value=value, as_of=DAY)
        error = info.value.errors[0]
        assert (error.loc, error.code) == (("contract_value",), code)
        assert info.value.http_status == 422

    def test_message_uses_the_field_label_in_the_active_language(self):
        with translation.override("en"), pytest.raises(CalculationInvalid) as info:
            calculations.calculate_jakon(contract_value="-5", as_of=DAY)
        assert info.value.errors[0].msg == "Contract value must not be negative (got -5)."
        with translation.override("id"), pytest.raises(CalculationInvalid) as info:
            calculations.calculate_jakon(contract_value="-5", as_of=DAY)
        assert "tidak boleh negatif" in info.value.errors[0].msg

    def test_date_before_the_rules_is_located_at_the_date(self):
        with pytest.raises(CalculationInvalid) as info:
            calculations.calculate_jakon(contract_value="350000000", as_of=date(2001, 1, 1))
        assert info.value.errors[0].loc == ("date",)

    def test_unknown_base_is_rejected(self):
        with pytest.raises(CalculationInvalid) as info:
            calculations.calculate_jakon(contract_value="1", base="gross", as_of=DAY)
        assert info.value.errors[0].loc == ("base",)


class TestRegistrationDeadline:
    def test_fourteen_working_days_skipping_holidays(self):
        result = calculations.registration_deadline(spk_date=date(2026, 3, 16))
        assert isinstance(result, Deadline)
        assert result.due == date(2026, 4, 13)
        assert result.working_days == 14

    def test_spans_the_new_year(self):
        result = calculations.registration_deadline(spk_date=date(2026, 12, 24))
        assert result.due.year == 2027
        assert result.due.weekday() < 5

    def test_regional_holiday_applies_only_in_its_region(self):
        Holiday.objects.create(date=date(2026, 5, 6), name="Hari Jadi", region_id="61.71")
        here = calculations.registration_deadline(spk_date=date(2026, 5, 4), region_code="61.71")
        elsewhere = calculations.registration_deadline(
            spk_date=date(2026, 5, 4), region_code="61.01"
        )
        assert here.due > elsewhere.due

    def test_date_outside_the_calendar_is_located_at_the_spk_date(self):
        with pytest.raises(CalculationInvalid) as info:
            calculations.registration_deadline(spk_date=date(1990, 1, 1))
        assert info.value.errors[0].loc == ("spk_date",)


class TestBenefits:
    def test_jkm_death_with_three_year_rule(self):
        result = calculations.calculate_benefit(kind="jkm_death", as_of=DAY, contribution_years="3")
        assert isinstance(result, Benefit)
        assert result.total == 42_000_000
        assert result.beasiswa_eligible is True

    def test_jkk_death_needs_the_wage(self):
        with pytest.raises(CalculationInvalid) as info:
            calculations.calculate_benefit(kind="jkk_death", as_of=DAY)
        assert info.value.errors[0].loc == ("wage",)

    def test_total_disability(self):
        result = calculations.calculate_benefit(
            kind="total_disability", as_of=DAY, wage="5.000.000"
        )
        assert isinstance(result, Benefit)
        assert result.component("lump_sum") == 280_000_000

    def test_stmb_needs_months(self):
        with pytest.raises(CalculationInvalid) as info:
            calculations.calculate_benefit(kind="stmb", as_of=DAY, wage="5000000")
        assert info.value.errors[0].loc == ("months",)

    def test_transport(self):
        result = calculations.calculate_benefit(
            kind="transport", as_of=DAY, transport={"land": "100000"}
        )
        assert result.total == 100000

    def test_unknown_kind(self):
        with pytest.raises(CalculationInvalid) as info:
            calculations.calculate_benefit(kind="jht", as_of=DAY)
        assert info.value.errors[0].loc == ("kind",)

    def test_beasiswa_for_two_children(self):
        result = calculations.calculate_beasiswa(
            children=[
                calculations.ChildInput(birth_date=date(2015, 5, 1), level="SD"),
                calculations.ChildInput(birth_date=date(2010, 1, 1), level="SMP"),
            ],
            cause="jkm_death",
            contribution_years="3",
            as_of=DAY,
        )
        assert isinstance(result, BeasiswaAward)
        assert result.eligible is True
        assert result.total > 0

    def test_beasiswa_not_eligible_under_three_years(self):
        result = calculations.calculate_beasiswa(
            children=[calculations.ChildInput(birth_date=date(2015, 5, 1), level="SD")],
            cause="jkm_death",
            contribution_years="2",
            as_of=DAY,
        )
        assert result.eligible is False
        assert result.total == 0


class TestIdentifiers:
    def test_nik_known_region(self):
        check = calculations.check_identifier(kind="nik", value="6171015001900003", as_of=DAY)
        assert check.valid
        assert check.warnings == ()

    def test_nik_unknown_regency_is_a_warning(self):
        check = calculations.check_identifier(kind="nik", value="6199015001900003", as_of=DAY)
        assert check.valid
        assert [str(w.code) for w in check.warnings] == ["nik_regency_unknown"]

    def test_invalid_identifier_is_reported_not_raised(self):
        check = calculations.check_identifier(kind="kpj", value="123", as_of=DAY)
        assert not check.valid

    def test_issue_message_uses_the_label(self):
        check = calculations.check_identifier(kind="kpj", value="12AB", as_of=DAY)
        with translation.override("en"):
            assert calculations.issue_message(check.errors[0]) == "KPJ must contain digits only."


class TestParametersInForce:
    def test_one_version_per_name_with_source(self):
        records = calculations.parameters_in_force(as_of=DAY)
        names = [r.name for r in records]
        assert len(names) == len(set(names))
        assert "jakon.jkk.tiers" in names
        assert all(r.in_force(DAY) for r in records)
