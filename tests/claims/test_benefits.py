"""Expected benefits against hand-computed amounts (PP 82/2019 values, Permenaker 5/2021 levels)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.claims.benefits import BenefitInputs, ChildFacts, expected_benefit
from lindung.rules import default_parameters

PARAMS = default_parameters()
EVENT = date(2026, 3, 2)


def _inputs(claim_type: str = "jkk_accident", **overrides: object) -> BenefitInputs:
    values: dict[str, object] = {
        "claim_type": claim_type,
        "jkk_outcome": "",
        "beasiswa_cause": "",
        "event_date": EVENT,
        "regency_code": "61.71",
    }
    values.update(overrides)
    return BenefitInputs(**values)  # type: ignore[arg-type]


def _codes(result: object) -> set[str]:
    return {issue["code"] for issue in result.issues}  # type: ignore[attr-defined]


def _components(result: object) -> dict[str, int]:
    return {c["name"]: c["amount"] for c in result.detail["components"]}  # type: ignore[attr-defined]


class TestJkm:
    def test_death_is_42_million(self):
        result = expected_benefit(_inputs("jkm_death"), [], PARAMS)
        assert result.total == Decimal(42_000_000)
        assert _components(result) == {
            "lump_sum": 20_000_000,
            "periodic": 12_000_000,
            "funeral": 10_000_000,
        }
        assert {p["name"] for p in result.parameters} == {
            "jkm.lump_sum",
            "jkm.periodic",
            "jkm.funeral",
        }
        assert all(p["source"] for p in result.parameters)

    def test_death_before_pp_82_2019_is_24_million(self):
        result = expected_benefit(_inputs("jkm_death", event_date=date(2019, 6, 1)), [], PARAMS)
        assert result.total == Decimal(24_000_000)

    @pytest.mark.parametrize(("months", "eligible"), [(35, False), (36, True), (None, None)])
    def test_scholarship_eligibility_needs_three_years(self, months, eligible):
        result = expected_benefit(_inputs("jkm_death", contribution_months=months), [], PARAMS)
        assert result.detail["beasiswa_eligible"] is eligible


class TestJkk:
    def test_death_is_48_times_the_wage_plus_periodic_and_funeral(self):
        inputs = _inputs(jkk_outcome="death", monthly_wage=Decimal(3_500_000))
        result = expected_benefit(inputs, [], PARAMS)
        # 48 x 3,500,000 = 168,000,000; + 12,000,000 + 10,000,000
        assert result.total == Decimal(190_000_000)
        assert result.detail["wage"]["basis"] == "reported"

    def test_death_lump_sum_is_at_least_the_jkm_lump_sum(self):
        inputs = _inputs(jkk_outcome="death", monthly_wage=Decimal(300_000))
        result = expected_benefit(inputs, [], PARAMS)
        # 48 x 300,000 = 14,400,000 < 20,000,000
        assert _components(result)["lump_sum"] == 20_000_000
        assert result.total == Decimal(42_000_000)
        assert "jkk_death_minimum_applied" in _codes(result)

    def test_without_a_wage_the_regency_umk_is_an_estimate(self):
        result = expected_benefit(_inputs(jkk_outcome="death"), [], PARAMS)
        # UMK Kota Pontianak 2026: 3,205,220 x 48 = 153,850,560; + 22,000,000
        assert result.total == Decimal(175_850_560)
        assert result.detail["wage"]["basis"] == "umk"
        assert "benefit_wage_estimate" in _codes(result)

    def test_total_disability_is_56_times_the_wage_plus_periodic(self):
        inputs = _inputs(jkk_outcome="total_disability", monthly_wage=Decimal(3_000_000))
        result = expected_benefit(inputs, [], PARAMS)
        assert result.total == Decimal(180_000_000)

    def test_partial_disability_uses_the_table_and_function_loss(self):
        anatomical = _inputs(
            jkk_outcome="partial_disability",
            monthly_wage=Decimal(3_000_000),
            disability_pct=Decimal(40),
        )
        function = _inputs(
            jkk_outcome="partial_disability",
            monthly_wage=Decimal(3_000_000),
            disability_pct=Decimal(40),
            function_loss_pct=Decimal(50),
        )
        # 80 x 3,000,000 x 40% = 96,000,000; x 50% = 48,000,000
        assert expected_benefit(anatomical, [], PARAMS).total == Decimal(96_000_000)
        assert expected_benefit(function, [], PARAMS).total == Decimal(48_000_000)

    def test_partial_disability_without_the_percentage_is_not_computed(self):
        inputs = _inputs(jkk_outcome="partial_disability", monthly_wage=Decimal(3_000_000))
        result = expected_benefit(inputs, [], PARAMS)
        assert result.total is None
        assert [i["field"] for i in result.issues if i["level"] == "error"] == ["table_pct"]
        assert result.issues[-1]["message"]["en"] == "Disability percentage is required."
        assert "wajib diisi" in result.issues[-1]["message"]["id"]

    def test_stmb_is_full_wage_for_12_months_then_half(self):
        inputs = _inputs(jkk_outcome="temporary", monthly_wage=Decimal(3_000_000), stmb_months=14)
        result = expected_benefit(inputs, [], PARAMS)
        # 12 x 3,000,000 + 2 x 1,500,000
        assert result.total == Decimal(39_000_000)

    def test_transport_is_capped_per_mode_and_added(self):
        inputs = _inputs(
            jkk_outcome="temporary",
            monthly_wage=Decimal(3_000_000),
            stmb_months=1,
            transport={"land": Decimal(6_000_000), "sea": Decimal(1_000_000)},
        )
        result = expected_benefit(inputs, [], PARAMS)
        # land capped at 5,000,000; sea 1,000,000
        assert _components(result) == {"stmb": 3_000_000, "transport": 6_000_000}
        assert result.total == Decimal(9_000_000)
        assert "transport_capped" in _codes(result)

    def test_treatment_only_computes_transport(self):
        without = expected_benefit(_inputs(jkk_outcome="medical"), [], PARAMS)
        with_transport = expected_benefit(
            _inputs(jkk_outcome="medical", transport={"air": Decimal(12_000_000)}), [], PARAMS
        )
        assert without.total is None
        assert "medical_only" in _codes(without)
        assert with_transport.total == Decimal(10_000_000)

    def test_unknown_outcome_asks_for_it(self):
        result = expected_benefit(_inputs(), [], PARAMS)
        assert result.total is None
        assert _codes(result) == {"outcome_missing"}

    def test_no_wage_parameters_for_the_year_is_an_error_not_a_crash(self):
        inputs = _inputs(jkk_outcome="death", event_date=date(2020, 5, 4))
        result = expected_benefit(inputs, [], PARAMS)
        assert result.total is None
        assert any(i["level"] == "error" for i in result.issues)


def _child(level: str, born: date | None, **overrides: object) -> ChildFacts:
    values: dict[str, object] = {"label": level, "birth_date": born, "school_level": level}
    values.update(overrides)
    return ChildFacts(**values)  # type: ignore[arg-type]


class TestBeasiswa:
    def test_two_children_at_their_levels(self):
        kids = [_child("SD", date(2016, 1, 10)), _child("SMP", date(2012, 5, 5))]
        result = expected_benefit(_inputs("beasiswa", beasiswa_cause="jkk_death"), kids, PARAMS)
        assert result.total == Decimal(3_500_000)
        assert [c["amount"] for c in result.detail["children"]] == [1_500_000, 2_000_000]

    def test_third_child_gets_nothing(self):
        kids = [
            _child("SD", date(2016, 1, 10)),
            _child("SMP", date(2012, 5, 5)),
            _child("SMA", date(2009, 7, 1)),
        ]
        result = expected_benefit(_inputs("beasiswa", beasiswa_cause="jkk_death"), kids, PARAMS)
        assert result.total == Decimal(3_500_000)
        third = result.detail["children"][2]
        assert third["amount"] == 0
        assert [r["code"] for r in third["reasons"]] == ["beasiswa_child_limit"]

    def test_level_years_are_limited(self):
        kids = [_child("SD", date(2014, 1, 10), years_used={"SD": 6})]
        result = expected_benefit(_inputs("beasiswa", beasiswa_cause="jkk_death"), kids, PARAMS)
        assert result.total == Decimal(0)
        reasons = result.detail["children"][0]["reasons"]
        assert [r["code"] for r in reasons] == ["beasiswa_level_exhausted"]

    def test_per_child_total_is_capped_at_87_million(self):
        kids = [_child("PT", date(2005, 1, 10), paid_to_date=Decimal(80_000_000))]
        result = expected_benefit(_inputs("beasiswa", beasiswa_cause="jkk_death"), kids, PARAMS)
        # 87,000,000 - 80,000,000 left, less than the 12,000,000 PT rate
        assert result.total == Decimal(7_000_000)
        assert result.detail["max_per_child"] == 87_000_000
        assert result.detail["max_total"] == 174_000_000

    def test_age_23_ends_the_scholarship(self):
        kids = [_child("PT", date(2003, 1, 10))]
        result = expected_benefit(_inputs("beasiswa", beasiswa_cause="jkk_death"), kids, PARAMS)
        assert result.total == Decimal(0)

    @pytest.mark.parametrize(("months", "total"), [(35, 0), (36, 1_500_000)])
    def test_jkm_death_needs_three_years_of_contributions(self, months, total):
        kids = [_child("SD", date(2016, 1, 10))]
        inputs = _inputs("beasiswa", beasiswa_cause="jkm_death", contribution_months=months)
        result = expected_benefit(inputs, kids, PARAMS)
        assert result.total == Decimal(total)
        assert result.detail["eligible"] is (months >= 36)

    def test_jkm_death_without_contribution_period_is_not_computed(self):
        kids = [_child("SD", date(2016, 1, 10))]
        result = expected_benefit(_inputs("beasiswa", beasiswa_cause="jkm_death"), kids, PARAMS)
        assert result.total is None
        assert [i["field"] for i in result.issues] == ["contribution_years"]

    def test_before_permenaker_5_2021_tk_and_sd_are_one_level(self):
        kids = [_child("TK", date(2016, 1, 10))]
        inputs = _inputs("beasiswa", beasiswa_cause="jkk_death", event_date=date(2020, 6, 1))
        result = expected_benefit(inputs, kids, PARAMS)
        assert result.total == Decimal(1_500_000)
        assert any(
            p["name"] == "beasiswa.levels" and p["valid_from"] == "2019-12-02"
            for p in result.parameters
        )

    def test_missing_children_or_cause_is_explained(self):
        no_cause = expected_benefit(_inputs("beasiswa"), [_child("SD", date(2016, 1, 1))], PARAMS)
        no_kids = expected_benefit(_inputs("beasiswa", beasiswa_cause="jkk_death"), [], PARAMS)
        no_birth = expected_benefit(
            _inputs("beasiswa", beasiswa_cause="jkk_death"), [_child("SD", None)], PARAMS
        )
        assert _codes(no_cause) == {"cause_missing"}
        assert _codes(no_kids) == {"children_missing"}
        assert _codes(no_birth) == {"birth_date_missing"}
        assert no_cause.total is no_kids.total is no_birth.total is None
