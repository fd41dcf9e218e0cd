"""Coverage percentages from numerator and denominator: summary #40-#42, §7.3."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lindung.rules import InvalidInput, coverage_percentage
from lindung.rules.coverage import amount_percentage


class TestCoveragePercentage:
    @pytest.mark.parametrize(
        ("numerator", "denominator", "expected"),
        [
            pytest.param(42_591, 154_008, "27.66", id="summary-#41-construction"),
            pytest.param(575_504, 1_819_430, "31.63", id="summary-#42-total-Jul2025"),
            pytest.param(4_519, 12_320, "36.68", id="ref-7.3-sanggau"),
            pytest.param(7_455, 60_656, "12.29", id="ref-7.3-apbd-projects"),
        ],
    )
    def test_computes_percentage(self, numerator, denominator, expected):
        assert coverage_percentage(numerator, denominator) == Decimal(expected)

    def test_june_2025_figure_is_not_the_printed_29_86(self):
        # The reference prints 32.09% (truncated); half-up at 2 places is 32.10.
        assert coverage_percentage(583_947, 1_819_430, places=4) == Decimal("32.0951")
        assert coverage_percentage(583_947, 1_819_430) == Decimal("32.10")

    def test_workforce_parts_summary_40(self):
        parts = (800_904, 864_518, 154_008)
        assert sum(parts) == 1_819_430
        assert coverage_percentage(154_008, 1_819_430) == Decimal("8.46")

    def test_rejects_zero_denominator(self):
        with pytest.raises(InvalidInput) as error:
            coverage_percentage(1, 0)
        assert error.value.field == "denominator"

    def test_rejects_negative_numerator(self):
        with pytest.raises(InvalidInput) as error:
            coverage_percentage(-1, 10)
        assert error.value.field == "numerator"


class TestAmountPercentage:
    def test_rounds_half_up_like_the_counts(self):
        # 1/8 of 1 rupiah x 100 = 12.5 exactly: half-up, as coverage_percentage rounds.
        assert amount_percentage(Decimal("0.125"), Decimal(1)) == Decimal("12.50")
        assert amount_percentage(Decimal("0.00125"), Decimal(1)) == Decimal("0.13")
        assert amount_percentage(Decimal(357_500), Decimal(715_000)) == Decimal("50.00")

    def test_allows_more_than_due_and_sums_beyond_one_amounts_limit(self):
        assert amount_percentage(Decimal(3), Decimal(2)) == Decimal("150.00")
        assert amount_percentage(Decimal(10) ** 14, Decimal(10) ** 15) == Decimal("10.00")

    @pytest.mark.parametrize(
        ("part", "whole"), [(Decimal(1), Decimal(0)), (Decimal(-1), Decimal(5))]
    )
    def test_rejects_nothing_due_and_negative_amounts(self, part, whole):
        with pytest.raises(InvalidInput):
            amount_percentage(part, whole)
