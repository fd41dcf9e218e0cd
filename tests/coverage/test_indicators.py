"""Indicator definitions against hand-computed figures, and every quality check both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from lindung.coverage.indicators import (
    Check,
    check_drop,
    check_published,
    coverage_indicator,
    gap_budget,
    lapse_rate,
)


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


class TestLapseRate:
    def test_lapsed_over_all_registered(self):
        assert lapse_rate(covered=4_550, lapsed=250) == Decimal("5.21")
        assert lapse_rate(covered=0, lapsed=7) == Decimal("100.00")

    def test_no_participants_means_no_rate(self):
        assert lapse_rate(covered=0, lapsed=0) is None
        assert lapse_rate(covered=None, lapsed=3) is None


class TestSuddenDrop:
    def test_more_than_ten_percent_fewer_is_flagged(self):
        flag = check_drop(current=899, previous=1_000)
        assert flag is not None
        assert flag.check == Check.SUDDEN_DROP
        assert "10.10%" in flag.message
        assert "1.000" in flag.message

    def test_exactly_ten_percent_is_not_flagged(self):
        assert check_drop(current=900, previous=1_000) is None

    def test_growth_or_no_previous_extract_is_not_flagged(self):
        assert check_drop(current=1_200, previous=1_000) is None
        assert check_drop(current=5, previous=None) is None
        assert check_drop(current=5, previous=0) is None

    def test_the_indicator_carries_the_drop(self):
        indicator = coverage_indicator(
            key="x", label="x", participants=400, participants_source="extract", workers=1_000,
            workers_source="Sakernas", target_percent=None, previous=500,
        )  # fmt: skip
        assert [f.check for f in indicator.flags] == [Check.SUDDEN_DROP]
        assert indicator.change == -100


class TestNoData:
    def test_no_participant_figure_is_flagged(self):
        indicator = coverage_indicator(
            key="x", label="x", participants=None, participants_source="", workers=1_000,
            workers_source="Sakernas", target_percent=None,
        )  # fmt: skip
        assert [f.check for f in indicator.flags] == [Check.NO_DATA]

    def test_an_extract_without_the_region_is_flagged_not_read_as_zero_coverage(self):
        indicator = coverage_indicator(
            key="x", label="x", participants=0, participants_source="extract", workers=1_000,
            workers_source="Sakernas", target_percent=None, has_data=False,
        )  # fmt: skip
        assert indicator.has(Check.NO_DATA)
        assert not indicator.has(Check.DENOMINATOR_MISSING)

    def test_exactly_100_percent_is_not_over(self):
        indicator = coverage_indicator(
            key="x", label="x", participants=100, participants_source="", workers=100,
            workers_source="", target_percent=None,
        )  # fmt: skip
        assert indicator.flags == ()


class TestGapBudget:
    def test_gap_people_times_the_monthly_package_times_twelve(self):
        indicator = coverage_indicator(
            key="construction", label="Construction", participants=42_591,
            participants_source="BPJS", workers=154_008, workers_source="Sakernas 2025",
            target_percent=Decimal(100), monthly_per_worker=Decimal(16_800),
        )  # fmt: skip
        assert indicator.gap_people == 111_417
        # 111,417 x Rp16,800 x 12 = Rp22,461,667,200 a year.
        assert indicator.gap_rupiah == Decimal("22461667200")
        assert indicator.unprotected == 111_417

    def test_no_basis_or_no_gap_means_no_budget(self):
        assert gap_budget(gap=None, monthly_per_worker=Decimal(16_800)) is None
        assert gap_budget(gap=10, monthly_per_worker=None) is None
        assert gap_budget(gap=0, monthly_per_worker=Decimal(16_800)) == 0

    def test_to_dict_is_json_safe(self):
        indicator = coverage_indicator(
            key="x", label="x", participants=50, participants_source="s", workers=100,
            workers_source="w", target_percent=Decimal(61), lapsed=50,
            monthly_per_worker=Decimal(16_800),
        )  # fmt: skip
        data = indicator.to_dict()
        assert data["percent"] == "50.00"
        assert data["gap_people"] == 11
        assert data["gap_rupiah"] == str(11 * 16_800 * 12)
        assert data["lapse_rate"] == "50.00"
