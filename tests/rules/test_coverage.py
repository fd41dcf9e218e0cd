"""Coverage percentages from numerator and denominator: summary #40-#42, §7.3."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lindung.rules import InvalidInput, coverage_percentage


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
