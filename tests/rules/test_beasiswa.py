"""Beasiswa: summary #29-#31 and the stop rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.rules import (
    BenefitCause,
    Child,
    Code,
    InvalidInput,
    SchoolLevel,
    beasiswa_award,
    beasiswa_max_per_child,
    default_parameters,
)

PARAMS = default_parameters()
AS_OF = date(2025, 7, 15)
PP82_PERIOD = date(2020, 7, 15)


def _child(level, *, born=date(2012, 1, 1), **kwargs):
    return Child(birth_date=born, level=level, **kwargs)


def _codes(award):
    return {reason.code for reason in award.reasons}


class TestBeasiswaLevels:
    @pytest.mark.parametrize(
        ("level", "amount", "max_years"),
        [
            pytest.param(SchoolLevel.TK, 1_500_000, 2, id="summary-#29-TK"),
            pytest.param(SchoolLevel.SD, 1_500_000, 6, id="summary-#29-SD"),
            pytest.param(SchoolLevel.SMP, 2_000_000, 3, id="summary-#29-SMP"),
            pytest.param(SchoolLevel.SMA, 3_000_000, 3, id="summary-#29-SMA"),
            pytest.param(SchoolLevel.PT, 12_000_000, 5, id="summary-#29-PT"),
        ],
    )
    def test_amount_and_max_years(self, level, amount, max_years):
        first = beasiswa_award([_child(level)], "jkk_death", AS_OF, PARAMS).children[0]
        assert first.amount == amount
        assert first.years_left_after == max_years - 1
        last = beasiswa_award(
            [_child(level, years_used={level.value: max_years - 1})], "jkk_death", AS_OF, PARAMS
        ).children[0]
        assert last.amount == amount
        done = beasiswa_award(
            [_child(level, years_used={level.value: max_years})], "jkk_death", AS_OF, PARAMS
        ).children[0]
        assert done.amount == 0
        assert Code.BEASISWA_LEVEL_EXHAUSTED in _codes(done)

    def test_pp82_wording_tk_and_sd_share_8_years(self):
        child = _child(SchoolLevel.SD, years_used={"TK": 2, "SD": 5})
        award = beasiswa_award([child], "jkk_death", PP82_PERIOD, PARAMS).children[0]
        assert (award.amount, award.years_left_after) == (1_500_000, 0)

    def test_max_per_child_is_87_jt(self):
        assert beasiswa_max_per_child(AS_OF, PARAMS) == 87_000_000
        assert beasiswa_max_per_child(PP82_PERIOD, PARAMS) == 87_000_000


class TestBeasiswaLimits:
    def test_max_two_children_summary_30(self):
        children = [_child(SchoolLevel.SD), _child(SchoolLevel.SMP), _child(SchoolLevel.SMA)]
        result = beasiswa_award(children, "jkk_death", AS_OF, PARAMS)
        assert [c.amount for c in result.children] == [1_500_000, 2_000_000, 0]
        assert Code.BEASISWA_CHILD_LIMIT in _codes(result.children[2])
        assert result.total == 3_500_000

    def test_max_total_174_jt_summary_30(self):
        result = beasiswa_award(
            [
                _child(SchoolLevel.PT, paid_to_date=75_000_000),
                _child(SchoolLevel.PT, paid_to_date=90_000_000),
            ],
            "jkk_death",
            AS_OF,
            PARAMS,
        )
        assert result.max_total == 174_000_000
        # Child 1 has 12 jt left of 87 jt, but only 9 jt remain of 174 jt overall.
        assert result.children[0].amount == 9_000_000
        assert result.children[1].amount == 0
        assert Code.BEASISWA_TOTAL_CAP in _codes(result.children[0])

    @pytest.mark.parametrize(
        ("born", "paid"),
        [
            pytest.param(date(2002, 7, 16), True, id="summary-#30-age-22"),
            pytest.param(date(2002, 7, 15), False, id="summary-#30-turns-23"),
        ],
    )
    def test_ends_at_age_23(self, born, paid):
        award = beasiswa_award(
            [_child(SchoolLevel.PT, born=born)], "jkk_death", AS_OF, PARAMS
        ).children[0]
        assert (award.amount > 0) is paid

    def test_ends_at_marriage(self):
        award = beasiswa_award(
            [_child(SchoolLevel.SMA, married=True)], "jkk_death", AS_OF, PARAMS
        ).children[0]
        assert award.amount == 0
        assert Code.BEASISWA_MARRIED in _codes(award)

    def test_ends_at_work(self):
        award = beasiswa_award(
            [_child(SchoolLevel.SMA, working=True)], "jkk_death", AS_OF, PARAMS
        ).children[0]
        assert Code.BEASISWA_WORKING in _codes(award)

    def test_child_not_at_school_waits(self):
        award = beasiswa_award(
            [_child(None, born=date(2023, 1, 1))], "jkk_death", AS_OF, PARAMS
        ).children[0]
        assert award.amount == 0
        assert Code.BEASISWA_NOT_IN_SCHOOL in _codes(award)


class TestBeasiswaEligibility:
    @pytest.mark.parametrize(
        ("cause", "years", "eligible"),
        [
            pytest.param(BenefitCause.JKM_DEATH, 3, True, id="summary-#31-JKM-3-years"),
            pytest.param(BenefitCause.JKM_DEATH, 2, False, id="summary-#31-JKM-2-years"),
            pytest.param(BenefitCause.JKK_DEATH, None, True, id="summary-#31-JKK-death-none"),
            pytest.param(
                BenefitCause.JKK_TOTAL_DISABILITY, None, True, id="summary-#31-disability-none"
            ),
        ],
    )
    def test_contribution_period(self, cause, years, eligible):
        result = beasiswa_award(
            [_child(SchoolLevel.SD)], cause, AS_OF, PARAMS, contribution_years=years
        )
        assert result.eligible is eligible
        assert (result.total > 0) is eligible

    def test_ineligible_reason_is_explicit(self):
        result = beasiswa_award(
            [_child(SchoolLevel.SD)], "jkm_death", AS_OF, PARAMS, contribution_years=Decimal(1)
        )
        assert Code.BEASISWA_NOT_ELIGIBLE in _codes(result.children[0])

    def test_jkm_death_needs_contribution_years(self):
        with pytest.raises(InvalidInput) as error:
            beasiswa_award([_child(SchoolLevel.SD)], "jkm_death", AS_OF, PARAMS)
        assert error.value.field == "contribution_years"

    def test_rejects_unknown_cause(self):
        with pytest.raises(InvalidInput) as error:
            beasiswa_award([_child(SchoolLevel.SD)], "flood", AS_OF, PARAMS)
        assert error.value.field == "cause"

    def test_rejects_child_born_after_as_of(self):
        with pytest.raises(InvalidInput) as error:
            beasiswa_award(
                [_child(SchoolLevel.SD, born=date(2026, 1, 1))], "jkk_death", AS_OF, PARAMS
            )
        assert error.value.code is Code.DATE_ORDER

    def test_rejects_no_children(self):
        with pytest.raises(InvalidInput):
            beasiswa_award([], "jkk_death", AS_OF, PARAMS)
