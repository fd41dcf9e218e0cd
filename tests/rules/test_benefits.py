"""Benefits: summary #28, #32-#39, history values, benefit wage, bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.rules import (
    Code,
    InvalidInput,
    ParameterNotInForce,
    TransportMode,
    WageBasis,
    default_parameters,
    home_care_reimbursement,
    jakon_benefit_wage,
    jkk_death_benefit,
    jkm_death_benefit,
    minimum_wage,
    partial_disability_benefit,
    stmb_schedule,
    total_disability_benefit,
    transport_reimbursement,
)

PARAMS = default_parameters()
AS_OF = date(2025, 6, 2)
BEFORE_PP82 = date(2019, 6, 1)


class TestJkmDeathBenefit:
    @pytest.mark.parametrize(
        ("component", "amount"),
        [
            pytest.param("lump_sum", 20_000_000, id="summary-#28-JKM-lump-sum"),
            pytest.param("periodic", 12_000_000, id="summary-#28-JKM-periodic"),
            pytest.param("funeral", 10_000_000, id="summary-#28-JKM-funeral"),
        ],
    )
    def test_components(self, component, amount):
        assert jkm_death_benefit(AS_OF, PARAMS).component(component) == amount

    def test_total_summary_28(self):
        assert jkm_death_benefit(AS_OF, PARAMS).total == 42_000_000

    @pytest.mark.parametrize(
        ("component", "amount"),
        [
            pytest.param("lump_sum", 16_200_000, id="ref-4.1-pre-PP82-lump-sum"),
            pytest.param("periodic", 4_800_000, id="ref-4.1-pre-PP82-periodic"),
            pytest.param("funeral", 3_000_000, id="ref-4.1-pre-PP82-funeral"),
        ],
    )
    def test_history_before_pp82(self, component, amount):
        assert jkm_death_benefit(BEFORE_PP82, PARAMS).component(component) == amount

    def test_history_total_24_jt(self):
        assert jkm_death_benefit(BEFORE_PP82, PARAMS).total == 24_000_000

    @pytest.mark.parametrize(
        ("years", "eligible"),
        [
            pytest.param(3, True, id="summary-#31-3-years"),
            pytest.param("2.99", False, id="summary-#31-under-3-years"),
            pytest.param(0, False, id="summary-#31-no-contributions"),
        ],
    )
    def test_beasiswa_eligibility(self, years, eligible):
        result = jkm_death_benefit(AS_OF, PARAMS, contribution_years=years)
        assert result.beasiswa_eligible is eligible
        assert result.total == 42_000_000  # the Rp42 jt needs no minimum period

    def test_eligibility_unknown_without_years(self):
        assert jkm_death_benefit(AS_OF, PARAMS).beasiswa_eligible is None

    def test_rejects_inactive_membership(self):
        with pytest.raises(InvalidInput) as error:
            jkm_death_benefit(AS_OF, PARAMS, active=False)
        assert error.value.code is Code.JKM_MEMBERSHIP_INACTIVE

    def test_rejects_negative_years(self):
        with pytest.raises(InvalidInput) as error:
            jkm_death_benefit(AS_OF, PARAMS, contribution_years=-1)
        assert error.value.field == "contribution_years"

    def test_rejects_date_before_parameters(self):
        with pytest.raises(ParameterNotInForce):
            jkm_death_benefit(date(2014, 1, 1), PARAMS)


class TestJkkDeathBenefit:
    def test_48_times_wage_summary_32(self):
        result = jkk_death_benefit(3_000_000, AS_OF, PARAMS)
        assert result.component("lump_sum") == 144_000_000
        assert result.component("periodic") == 12_000_000  # summary #37
        assert result.component("funeral") == 10_000_000  # summary #37
        assert result.total == 166_000_000
        assert result.beasiswa_eligible is True

    def test_minimum_is_jkm_lump_sum_summary_32(self):
        result = jkk_death_benefit(400_000, AS_OF, PARAMS)
        assert result.component("lump_sum") == 20_000_000
        assert Code.JKK_DEATH_MINIMUM_APPLIED in {w.code for w in result.warnings}

    def test_minimum_follows_history(self):
        result = jkk_death_benefit(300_000, BEFORE_PP82, PARAMS)
        assert result.component("lump_sum") == 16_200_000
        assert result.component("funeral") == 3_000_000

    def test_rejects_zero_wage(self):
        with pytest.raises(InvalidInput) as error:
            jkk_death_benefit(0, AS_OF, PARAMS)
        assert error.value.field == "wage"


class TestTotalDisabilityBenefit:
    def test_56_times_wage_plus_periodic_summary_33(self):
        result = total_disability_benefit(3_000_000, AS_OF, PARAMS)
        assert result.component("lump_sum") == 168_000_000
        assert result.component("periodic") == 12_000_000
        assert result.total == 180_000_000

    def test_rounds_half_up(self):
        result = total_disability_benefit("2953711.47", AS_OF, PARAMS)
        assert result.component("lump_sum") == Decimal(165_407_842)

    def test_rejects_float_wage(self):
        with pytest.raises(InvalidInput) as error:
            total_disability_benefit(3e6, AS_OF, PARAMS)  # type: ignore[arg-type]  # the float is the point
        assert error.value.code is Code.VALUE_IS_FLOAT


class TestStmbSchedule:
    def test_full_wage_for_12_months_then_half_summary_35(self):
        schedule = stmb_schedule(3_000_000, 15, AS_OF, PARAMS)
        lines = schedule.monthly()
        assert len(lines) == 15
        assert lines[11] == (12, Decimal(100), Decimal(3_000_000))
        assert lines[12] == (13, Decimal(50), Decimal(1_500_000))
        assert schedule.total == 12 * 3_000_000 + 3 * 1_500_000

    def test_blocks(self):
        blocks = stmb_schedule(3_000_000, 15, AS_OF, PARAMS).to_dict()["blocks"]
        assert [(b["first_month"], b["last_month"], b["subtotal"]) for b in blocks] == [
            (1, 12, 36_000_000),
            (13, 15, 4_500_000),
        ]

    def test_short_incapacity_has_one_block(self):
        schedule = stmb_schedule(3_000_000, 2, AS_OF, PARAMS)
        assert len(schedule.blocks) == 1
        assert schedule.total == 6_000_000

    def test_rejects_zero_months(self):
        with pytest.raises(InvalidInput) as error:
            stmb_schedule(3_000_000, 0, AS_OF, PARAMS)
        assert error.value.field == "months"

    def test_pre_pp82_schedule_is_not_guessed(self):
        with pytest.raises(ParameterNotInForce):
            stmb_schedule(3_000_000, 3, BEFORE_PP82, PARAMS)


class TestTransportReimbursement:
    @pytest.mark.parametrize(
        ("mode", "cap"),
        [
            pytest.param(TransportMode.LAND, 5_000_000, id="summary-#36-land"),
            pytest.param(TransportMode.RIVER, 5_000_000, id="summary-#36-river"),
            pytest.param(TransportMode.LAKE, 5_000_000, id="summary-#36-lake"),
            pytest.param(TransportMode.SEA, 2_000_000, id="summary-#36-sea"),
            pytest.param(TransportMode.AIR, 10_000_000, id="summary-#36-air"),
        ],
    )
    def test_caps(self, mode, cap):
        result = transport_reimbursement({mode: 50_000_000}, AS_OF, PARAMS)
        assert result.total == cap
        assert result.warnings[0].code is Code.TRANSPORT_CAPPED

    def test_claim_under_cap_is_paid_in_full(self):
        assert transport_reimbursement({"sea": 1_250_000}, AS_OF, PARAMS).total == 1_250_000

    def test_several_modes_each_capped(self):
        result = transport_reimbursement(
            {"land": 3_000_000, "river": 4_000_000, "air": 12_000_000}, AS_OF, PARAMS
        )
        assert [(line.group, line.reimbursed) for line in result.lines] == [
            ("land", 5_000_000),
            ("air", 10_000_000),
        ]
        assert result.total == 15_000_000

    def test_history_caps(self):
        result = transport_reimbursement({"land": 9_000_000}, BEFORE_PP82, PARAMS)
        assert result.total == 1_000_000

    def test_rejects_unknown_mode_and_negative_cost_together(self):
        with pytest.raises(InvalidInput) as error:
            transport_reimbursement({"rocket": 1, "sea": -5}, AS_OF, PARAMS)
        assert [i.field for i in error.value.issues] == ["claims", "claims.sea"]


UMP = [
    pytest.param(date(2025, 7, 1), 2_878_286, id="summary-#38-UMP-2025"),
    pytest.param(date(2026, 7, 1), 3_054_552, id="summary-#39-UMP-2026"),
]

UMK = [
    ("61.01", 3_015_520, 3_202_663),
    ("61.02", 2_878_286, 3_220_801),
    ("61.03", 2_970_885, 3_121_747),
    ("61.04", Decimal("3396267.26"), 3_561_801),
    ("61.05", 3_039_805, 3_187_965),
    ("61.06", 2_924_501, 3_106_259),
    ("61.07", 3_062_260, 3_252_580),
    ("61.08", 3_054_906, 3_211_256),
    ("61.09", 2_878_286, 3_054_552),  # 2026: no UMK, the UMP applies
    ("61.10", Decimal("2953711.47"), 3_109_431),
    ("61.11", 3_220_756, 3_370_586),
    ("61.12", 2_878_286, 3_100_000),
    ("61.71", 3_024_820, 3_205_220),
    ("61.72", 3_074_566, 3_247_387),
]


class TestMinimumWage:
    @pytest.mark.parametrize(("as_of", "amount"), UMP)
    def test_ump(self, as_of, amount):
        assert PARAMS.get("ump.61", as_of).value == amount

    @pytest.mark.parametrize(
        ("code", "umk_2025", "umk_2026"), UMK, ids=[f"ref-7.2-UMK-{row[0]}" for row in UMK]
    )
    def test_umk_by_regency(self, code, umk_2025, umk_2026):
        assert minimum_wage(code, date(2025, 3, 1), PARAMS).amount == umk_2025
        assert minimum_wage(code, date(2026, 3, 1), PARAMS).amount == umk_2026

    def test_sekadau_2026_falls_back_to_ump(self):
        result = minimum_wage("6109", date(2026, 3, 1), PARAMS)
        assert result.basis is WageBasis.UMP
        assert Code.UMK_NOT_PUBLISHED in {w.code for w in result.warnings}

    def test_sanggau_2026_is_flagged_unconfirmed(self):
        result = minimum_wage("61.03", date(2026, 3, 1), PARAMS)
        assert Code.PARAMETER_LOW_CONFIDENCE in {w.code for w in result.warnings}

    def test_next_year_is_not_assumed(self):
        with pytest.raises(ParameterNotInForce):
            minimum_wage("61.71", date(2027, 1, 1), PARAMS)

    @pytest.mark.parametrize(
        "code",
        [
            pytest.param("617", id="short"),
            pytest.param("61.7A", id="letter"),
            pytest.param("", id="empty"),
        ],
    )
    def test_rejects_malformed_regency_code(self, code):
        with pytest.raises(InvalidInput) as error:
            minimum_wage(code, AS_OF, PARAMS)
        assert error.value.field == "regency_code"

    def test_rejects_province_without_ump(self):
        with pytest.raises(InvalidInput):
            minimum_wage("32.01", AS_OF, PARAMS)


class TestJakonBenefitWage:
    def test_reported_wage_wins(self):
        result = jakon_benefit_wage(AS_OF, PARAMS, regency_code="61.71", reported_wage=4_000_000)
        assert (result.amount, result.basis, result.warnings) == (4_000_000, WageBasis.REPORTED, ())

    def test_unknown_wage_uses_umk_as_estimate(self):
        result = jakon_benefit_wage(AS_OF, PARAMS, regency_code="61.71")
        assert (result.amount, result.basis) == (3_024_820, WageBasis.UMK)
        assert result.warnings[0].code is Code.BENEFIT_WAGE_ESTIMATE
        assert "jakon.benefit_wage_basis" in {p.name for p in result.parameters}

    def test_feeds_jkk_death_benefit(self):
        wage = jakon_benefit_wage(AS_OF, PARAMS, regency_code="61.04").amount
        assert jkk_death_benefit(wage, AS_OF, PARAMS).component("lump_sum") == Decimal("163020828")


class TestPartialDisabilityBenefit:
    def test_table_pct_times_80_wage_summary_34(self):
        result = partial_disability_benefit(3_000_000, 35, AS_OF, PARAMS)
        assert result.component("lump_sum") == 84_000_000

    def test_function_loss_summary_34(self):
        result = partial_disability_benefit(3_000_000, 35, AS_OF, PARAMS, function_loss_pct=50)
        assert result.component("lump_sum") == 42_000_000

    def test_rejects_percentage_over_100(self):
        with pytest.raises(InvalidInput) as error:
            partial_disability_benefit(3_000_000, 101, AS_OF, PARAMS)
        assert error.value.field == "table_pct"


class TestHomeCare:
    def test_capped_at_20_jt_per_year_summary_37(self):
        result = home_care_reimbursement(25_000_000, AS_OF, PARAMS)
        assert result.component("reimbursed") == 20_000_000
        assert result.warnings[0].code is Code.TRANSPORT_CAPPED

    def test_under_cap_paid_in_full(self):
        assert home_care_reimbursement(7_500_000, AS_OF, PARAMS).total == 7_500_000
