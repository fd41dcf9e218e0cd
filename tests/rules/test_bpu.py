"""BPU contributions and budgets: summary #21-#26, bounds, grid flags, lapse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.rules import (
    Code,
    InvalidInput,
    MembershipStatus,
    bpu_contribution,
    bpu_membership,
    default_parameters,
)

PARAMS = default_parameters()
AS_OF = date(2025, 6, 2)


class TestBpuContribution:
    def test_minimum_package_summary_25(self):
        result = bpu_contribution(1_000_000, AS_OF, PARAMS)
        assert (result.jkk.rounded, result.jkm.rounded) == (10000, 6800)  # summary #21, #23
        assert result.per_worker_monthly == 16800

    def test_minimum_with_jht(self):
        assert bpu_contribution(1_000_000, AS_OF, PARAMS, with_jht=True).per_worker_monthly == 36800

    def test_reference_example_income_1_5_jt(self):
        plain = bpu_contribution(1_500_000, AS_OF, PARAMS)
        with_jht = bpu_contribution(1_500_000, AS_OF, PARAMS, with_jht=True)
        assert plain.per_worker_monthly == 21800
        assert with_jht.jht is not None
        assert with_jht.jht.rounded == 30000  # summary #24: 2%
        assert with_jht.per_worker_monthly == 51800

    def test_maximum_jkk_summary_22(self):
        assert bpu_contribution(20_700_000, AS_OF, PARAMS).jkk.rounded == 207000

    @pytest.mark.parametrize(
        ("workers", "annual"),
        [
            pytest.param(1, 201_600, id="ref-3.3-N=1"),
            pytest.param(100, 20_160_000, id="ref-3.3-N=100-desa"),
            pytest.param(2500, 504_000_000, id="ref-3.3-N=2500"),
        ],
    )
    def test_budget_at_minimum_package(self, workers, annual):
        result = bpu_contribution(1_000_000, AS_OF, PARAMS, workers=workers, months=12)
        assert result.annual_total == annual == workers * 16800 * 12
        assert result.period_total == annual

    def test_monthly_and_period_totals(self):
        result = bpu_contribution(1_000_000, AS_OF, PARAMS, workers=10, months=3)
        assert (result.monthly_total, result.period_total) == (168_000, 504_000)
        data = result.to_dict()
        assert (data["monthly_total"], data["period_total"], data["annual_total"]) == (
            168000,
            504000,
            2016000,
        )

    def test_low_confidence_bounds_are_warned(self):
        result = bpu_contribution(1_000_000, AS_OF, PARAMS)
        flagged = {w.params["name"] for w in result.warnings}
        assert {"bpu.income_min", "bpu.income_max"} <= flagged


class TestBpuIncomeBounds:
    @pytest.mark.parametrize(
        "income",
        [pytest.param(1_000_000, id="min"), pytest.param(20_700_000, id="max")],
    )
    def test_accepts_bounds(self, income):
        assert bpu_contribution(income, AS_OF, PARAMS).jkk.rounded == income // 100

    @pytest.mark.parametrize(
        "income",
        [pytest.param(999_999, id="below"), pytest.param(20_700_001, id="above")],
    )
    def test_rejects_outside_bounds(self, income):
        with pytest.raises(InvalidInput) as error:
            bpu_contribution(income, AS_OF, PARAMS)
        assert error.value.code is Code.BPU_INCOME_OUT_OF_RANGE
        assert error.value.field == "declared_income"

    def test_flags_off_grid_income_without_rejecting(self):
        result = bpu_contribution(1_234_567, AS_OF, PARAMS)
        assert result.jkk.rounded == 12346
        assert Code.BPU_INCOME_OFF_GRID in {w.code for w in result.warnings}

    def test_on_grid_income_is_not_flagged(self):
        result = bpu_contribution(2_500_000, AS_OF, PARAMS)
        assert Code.BPU_INCOME_OFF_GRID not in {w.code for w in result.warnings}

    def test_rejects_zero_workers_and_months_together(self):
        with pytest.raises(InvalidInput) as error:
            bpu_contribution(1_000_000, AS_OF, PARAMS, workers=0, months=0)
        assert [i.field for i in error.value.issues] == ["workers", "months"]

    def test_rejects_float_income(self):
        with pytest.raises(InvalidInput) as error:
            bpu_contribution(1e6, AS_OF, PARAMS)  # type: ignore[arg-type]  # the float is the point
        assert error.value.code is Code.VALUE_IS_FLOAT


class TestBpuMembership:
    @pytest.mark.parametrize(
        ("paid_through", "as_of", "status", "unpaid"),
        [
            pytest.param(
                date(2025, 6, 1), date(2025, 6, 20), MembershipStatus.ACTIVE, 0, id="paid"
            ),
            pytest.param(
                date(2025, 9, 1), date(2025, 6, 20), MembershipStatus.ACTIVE, 0, id="ahead"
            ),
            pytest.param(
                date(2025, 5, 1), date(2025, 6, 1), MembershipStatus.GRACE, 1, id="1-month"
            ),
            pytest.param(
                date(2025, 3, 1), date(2025, 6, 30), MembershipStatus.GRACE, 3, id="3-months"
            ),
            pytest.param(
                date(2025, 2, 1), date(2025, 6, 1), MembershipStatus.LAPSED, 4, id="summary-#26"
            ),
        ],
    )
    def test_status(self, paid_through, as_of, status, unpaid):
        result = bpu_membership(paid_through, as_of, PARAMS)
        assert (result.status, result.months_unpaid, result.lapse_months) == (status, unpaid, 3)


class TestBpuRelief:
    def test_covid_relief(self):
        result = bpu_contribution(1_000_000, date(2020, 10, 1), PARAMS)
        assert (result.jkk.rounded, result.jkm.rounded) == (100, 68)
        assert result.relief_factor == Decimal("0.01")
