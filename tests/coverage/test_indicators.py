"""Indicator definitions against hand-computed figures, and every quality check both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from lindung.coverage.indicators import Check, check_published, coverage_indicator


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class TestCoverageIndicator:
    def test_construction_coverage_is_27_66_percent(self):
        indicator = coverage_indicator(
            key="construction", label="Construction", participants=42_591,
            participants_source="BPJS", workers=154_008, workers_source="Sakernas 2025",
            target_percent=Decimal(100),
        )  # fmt: skip
        assert indicator.percent == Decimal("27.66")
        assert indicator.gap_people == 154_008 - 42_591
        assert indicator.flags == ()

    def test_gap_to_the_2025_target(self):
        indicator = coverage_indicator(
            key="ucj", label="UCJ", participants=575_504, participants_source="BPJS",
            workers=1_819_430, workers_source="Sakernas", target_percent=Decimal("59.56"),
        )  # fmt: skip
        assert indicator.percent == Decimal("31.63")
        # ceil(59.56% x 1,819,430) = 1,083,653; minus 575,504.
        assert indicator.gap_people == 508_149

    def test_missing_denominator_is_flagged_not_divided(self):
        indicator = coverage_indicator(
            key="x", label="x", participants=10, participants_source="", workers=None,
            workers_source="", target_percent=None,
        )  # fmt: skip
        assert indicator.percent is None
        assert [f.check for f in indicator.flags] == [Check.DENOMINATOR_MISSING]

    def test_over_100_percent_is_flagged(self):
        indicator = coverage_indicator(
            key="x", label="x", participants=120, participants_source="", workers=100,
            workers_source="", target_percent=None,
        )  # fmt: skip
        assert [f.check for f in indicator.flags] == [Check.OVER_100]


class TestPublishedFigures:
    def test_the_55_percent_press_figure_is_flagged(self):
        flags = check_published(participants=42_591, workers=154_008, published_percent=Decimal(55))
        assert [f.check for f in flags] == [Check.PERCENT_MISMATCH]
        assert "27.66" in flags[0].message
        assert "42.591" in flags[0].message

    def test_a_consistent_figure_is_not_flagged(self):
        assert (
            check_published(
                participants=575_504, workers=1_819_430, published_percent=Decimal("31.63")
            )
            == []
        )

    def test_rounding_difference_is_tolerated(self):
        # 32.0999% truncated to 32.09 by the reference: within the tolerance.
        assert (
            check_published(
                participants=584_000, workers=1_819_430, published_percent=Decimal("32.09")
            )
            == []
        )
