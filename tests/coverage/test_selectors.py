"""Coverage figures from loaded participant snapshots, against hand-computed values.

The two extracts below (January and June 2026) hold, in the June one:

=========  ==============  =======  ======  =====  ===========================
regency    district        segment  sector  n      standing / change
=========  ==============  =======  ======  =====  ===========================
61.71      61.71.01        jakon    constr  3,000  covered / continuing
61.71      61.71.01        jakon    constr    500  covered / new
61.71      61.71.02        bpu      fish    1,000  covered / continuing
61.71      61.71.02        bpu      fish      250  lapsed / lapsed
61.71      (none)          pu       (none)     50  covered / new
61.01      61.01.01        bpu      farm      400  covered / continuing
61.01      61.01.01        bpu      farm      100  lapsed / still lapsed
61.72      61.72.01        bpu      transp     91  covered / continuing
(none)     (none)          pu       (none)     20  covered / continuing
61.71      61.71.01        jakon    constr    900  gone (not counted)
=========  ==============  =======  ======  =====  ===========================

January: 61.71 4,000, 61.01 500, 61.72 100 covered (first extract).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lindung.accounts.models import Role
from lindung.coverage import selectors as coverage_selectors
from lindung.coverage import services as coverage_services
from lindung.coverage.errors import RegionNotInScope
from lindung.coverage.indicators import Check
from lindung.coverage.selectors import CoverageFilters, SourceKind
from lindung.demo import coverage as demo_coverage
from lindung.participants.models import Snapshot
from tests.coverage.snapshots import Stat, make_snapshot
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db

JAN, JUN = date(2026, 1, 31), date(2026, 6, 30)
YEAR = 2026


def _january() -> Snapshot:
    return make_snapshot(
        JAN,
        [
            Stat("61.71", "61.71.01", "jakon", "construction", change="first", n=4_000),
            Stat("61.01", "61.01.01", "bpu", "farming", change="first", n=500),
            Stat("61.72", "61.72.01", "bpu", "transport", change="first", n=100),
        ],
    )


def _june(previous: Snapshot | None) -> Snapshot:
    return make_snapshot(
        JUN,
        [
            Stat("61.71", "61.71.01", "jakon", "construction", n=3_000),
            Stat("61.71", "61.71.01", "jakon", "construction", change="new", n=500),
            Stat("61.71", "61.71.02", "bpu", "fishing", n=1_000),
            Stat("61.71", "61.71.02", "bpu", "fishing", "lapsed", "lapsed", n=250),
            Stat("61.71", "", "pu", "", change="new", n=50),
            Stat("61.01", "61.01.01", "bpu", "farming", n=400),
            Stat("61.01", "61.01.01", "bpu", "farming", "lapsed", "still_lapsed", n=100),
            Stat("61.72", "61.72.01", "bpu", "transport", n=91),
            Stat("", "", "pu", "", n=20),
            Stat("61.71", "61.71.01", "jakon", "construction", change="gone", n=900),
        ],
        previous=previous,
    )


@pytest.fixture
def extracts() -> tuple[Snapshot, Snapshot]:
    january = _january()
    return january, _june(january)


@pytest.fixture
def reference() -> None:
    """Workforce figures and a 61% target for 2026 (Sambas has no workforce figure)."""
    for code, sector, workers in (
        ("61", "all", 20_000),
        ("61.71", "all", 10_000),
        ("61.72", "all", 50),
        ("61", "construction", 154_008),
    ):
        coverage_services.record_denominator(
            actor=None, region_code=code, sector=sector, year=2025, workers=workers,
            source="Sakernas 2025",
        )  # fmt: skip
    coverage_services.record_target(
        actor=None, region_code="61", segment="all", year=YEAR, percent=Decimal(61),
        source="Perda Kalbar",
    )  # fmt: skip


def _table(actor=None, code: str | None = "61", **filters):
    return coverage_selectors.coverage_table(
        actor=actor or f.admin(), code=code, filters=CoverageFilters(year=YEAR, **filters)
    )


def _rows(table):
    return {row.code: row.indicator for row in table.rows}


class TestParticipantSource:
    def test_the_newest_loaded_extract_of_the_year_is_the_source(self, extracts):
        january, june = extracts
        make_snapshot(date(2027, 1, 31), [Stat("61.71", n=1)], previous=june)
        source = coverage_selectors.participant_source(year=YEAR)
        assert source.kind == SourceKind.SNAPSHOT
        assert source.snapshot == june
        assert source.previous == january
        assert "2026-06-30" in source.label

    def test_an_earlier_year_uses_the_extract_of_that_year(self, extracts):
        january, _june = extracts
        make_snapshot(date(2025, 12, 31), [Stat("61.71", n=1)])
        snapshot = coverage_selectors.participant_source(year=2025).snapshot
        assert snapshot is not None
        assert snapshot.extract_date == date(2025, 12, 31)
        assert coverage_selectors.participant_source(year=2026).previous == january

    def test_a_snapshot_still_loading_is_not_a_source(self):
        Snapshot.objects.create(
            extract_date=JUN, original_name="x.csv", sha256="a" * 64, status="loading"
        )
        assert coverage_selectors.participant_source(year=YEAR).kind == SourceKind.NONE

    def test_published_figures_without_an_extract(self):
        demo_coverage.load_official_figures()
        source = coverage_selectors.participant_source(year=2025)
        assert source.kind == SourceKind.PUBLISHED
        assert source.as_of == date(2025, 7, 31)


class TestSnapshotCounts:
    def test_counts_by_regency_leave_out_the_gone(self, extracts):
        _january, june = extracts
        counts = coverage_selectors.snapshot_counts(snapshot=june, group_by="regency_code")
        assert counts["61.71"].covered == 3_000 + 500 + 1_000 + 50
        assert counts["61.71"].lapsed == 250
        assert counts["61.71"].new == 550
        assert counts["61.01"].covered == 400
        assert counts[""].covered == 20

    def test_district_and_filters(self, extracts):
        _january, june = extracts
        district = coverage_selectors.snapshot_counts(snapshot=june, region_code="61.71.02")
        assert (district[""].covered, district[""].lapsed) == (1_000, 250)
        jakon = coverage_selectors.snapshot_counts(
            snapshot=june, region_code="61.71", segment="jakon", sector="construction"
        )
        assert jakon[""].covered == 3_500

    def test_villages_are_not_counted(self, extracts):
        with pytest.raises(ValueError, match="districts"):
            coverage_selectors.snapshot_counts(snapshot=extracts[1], region_code="61.71.01.1001")


class TestCoverageTable:
    def test_province_rows_add_up_to_the_total(self, extracts, reference):
        table = _table()
        rows = _rows(table)
        assert [row.code for row in table.rows][:2] == ["61.01", "61.02"]
        assert len(rows) == 14 + 1  # every regency and "not stated"
        assert table.total.numerator == 5_061
        assert sum(ind.numerator or 0 for ind in rows.values()) == 5_061
        assert rows[""].numerator == 20
        assert rows[""].flags == ()

    def test_hand_computed_indicators_of_the_province(self, extracts, reference):
        total = _table().total
        assert total.denominator == 20_000
        assert total.percent == Decimal("25.31")  # 5,061 / 20,000 = 25.305%
        assert total.lapsed == 350
        assert total.lapse_rate == Decimal("6.47")  # 350 / 5,411
        assert total.new == 550
        assert total.previous == 4_600
        assert total.target_percent == Decimal(61)
        assert total.gap_people == 12_200 - 5_061
        # 7,139 workers x Rp16,800 (JKK 1% of Rp1,000,000 + JKM Rp6,800) x 12 months.
        assert total.gap_rupiah == Decimal(7_139 * 16_800 * 12)
        assert "2026-06-30" in total.numerator_source
        assert total.denominator_source == "Sakernas 2025 (2025)"
        assert "Perda Kalbar" in total.target_source
        assert total.flags == ()

    def test_hand_computed_indicators_of_pontianak(self, extracts, reference):
        pontianak = _rows(_table())["61.71"]
        assert pontianak.numerator == 4_550
        assert pontianak.percent == Decimal("45.50")
        assert pontianak.lapse_rate == Decimal("5.21")  # 250 / 4,800
        assert pontianak.new == 550
        assert pontianak.gap_people == 6_100 - 4_550  # the province's 61% applies
        assert pontianak.gap_rupiah == Decimal(1_550 * 201_600)
        assert pontianak.unprotected == 10_000 - 4_550

    def test_regency_table_lists_its_districts_and_the_unstated(self, extracts, reference):
        table = _table(code="61.71")
        rows = _rows(table)
        assert table.child_level == "district"
        assert rows["61.71.01"].numerator == 3_500
        assert rows["61.71.02"].numerator == 1_000
        assert rows[""].numerator == 50
        assert rows["61.71.03"].has(Check.NO_DATA)
        assert table.total.numerator == 4_550

    def test_a_district_has_no_rows(self, extracts, reference):
        table = _table(code="61.71.01")
        assert table.rows == []
        assert table.total.numerator == 3_500
        assert table.mapped_level is None

    def test_a_village_has_no_participant_figure(self, extracts, reference):
        table = _table(code="61.71.01.1002")
        assert table.rows == []
        assert table.total.numerator is None
        assert table.total.has(Check.NO_DATA)
        assert table.source.kind == SourceKind.NONE

    def test_segment_filter(self, extracts, reference):
        table = _table(segment="bpu")
        assert table.total.numerator == 1_000 + 400 + 91
        assert table.total.lapsed == 350
        # The segment's share of the whole workforce, against the "all" target's fallback.
        assert table.total.percent == Decimal("7.46")

    def test_first_extract_has_no_new_registrations(self, reference):
        _january()
        total = _table().total
        assert total.numerator == 4_600
        assert total.new is None
        assert total.previous is None


class TestQualityChecks:
    def test_each_check_fires_where_it_should(self, extracts, reference):
        rows = _rows(_table())
        sambas, singkawang, mempawah = rows["61.01"], rows["61.72"], rows["61.02"]
        # Sambas: 500 -> 400 protected (-20%), and no workforce figure.
        assert sambas.has(Check.SUDDEN_DROP)
        assert sambas.has(Check.DENOMINATOR_MISSING)
        assert "20.00%" in next(f.message for f in sambas.flags if f.check == Check.SUDDEN_DROP)
        # Singkawang: 100 -> 91 (-9%, under the 10% threshold), 91 for 50 workers.
        assert not singkawang.has(Check.SUDDEN_DROP)
        assert singkawang.has(Check.OVER_100)
        # Mempawah: nothing in the extract.
        assert mempawah.has(Check.NO_DATA)
        assert not rows["61.71"].flags

    def test_quality_list_includes_the_published_mismatch(self, extracts, reference):
        # The July 2025 press release: "55 persen" for 42,591 of 154,008 (27.66%).
        coverage_services.record_published_figure(
            actor=None, region_code="61", sector="construction", as_of=date(2025, 7, 9),
            participants=42_591, workers=154_008, published_percent=Decimal(55),
            source="InfoPublik",
        )  # fmt: skip
        table = _table()
        published = coverage_selectors.published_figures(region_code="61")
        flags = coverage_selectors.quality_flags(table, published)
        checks = {(row.code, row.flag.check) for row in flags}
        assert ("61", Check.PERCENT_MISMATCH) in checks
        assert ("61.01", Check.SUDDEN_DROP) in checks
        assert ("61.72", Check.OVER_100) in checks
        assert ("61.02", Check.NO_DATA) in checks
        assert ("61.01", Check.DENOMINATOR_MISSING) in checks
        assert not any(row.code == "61.71" for row in flags)


class TestConstructionHeadline:
    def test_42591_of_154008_is_27_66_percent_from_an_extract(self):
        coverage_services.record_denominator(
            actor=None, region_code="61", sector="construction", year=2025, workers=154_008,
            source="Sakernas 2025",
        )  # fmt: skip
        make_snapshot(
            date(2025, 6, 30),
            [
                Stat("61.71", "61.71.01", "jakon", "construction", n=40_000),
                Stat("61.03", "61.03.01", "pu", "construction", n=2_591),
                Stat("61.03", "61.03.01", "bpu", "farming", n=7_000),
            ],
        )
        headline = coverage_selectors.headline_indicators(actor=f.admin(), code="61", year=2025)
        construction = next(i for i in headline if i.key == "construction")
        assert construction.numerator == 42_591
        assert construction.percent == Decimal("27.66")
        assert "2025-06-30" in construction.numerator_source
        assert construction.target_percent == Decimal(100)

    def test_the_published_figure_is_used_without_an_extract(self):
        demo_coverage.load_official_figures()
        headline = coverage_selectors.headline_indicators(actor=f.admin(), code="61", year=2025)
        construction = next(i for i in headline if i.key == "construction")
        assert construction.percent == Decimal("27.66")
        assert construction.numerator_source.startswith("InfoPublik")


class TestBreakdown:
    def test_by_sector(self, extracts, reference):
        with translation.override("en"):
            items = {
                i.key: i
                for i in coverage_selectors.breakdown(
                    actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR), by="sector"
                )
            }
        assert items["construction"].numerator == 3_500
        assert items["construction"].percent == Decimal("2.27")  # of 154,008
        assert items["fishing"].numerator == 1_000
        assert items["fishing"].lapse_rate == Decimal("20.00")
        assert items[""].numerator == 70
        assert items[""].label == "Sector not stated"

    def test_by_segment_follows_the_sector_filter(self, extracts, reference):
        items = {
            i.key: i.numerator
            for i in coverage_selectors.breakdown(
                actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR), by="segment"
            )
        }
        assert items == {"pu": 70, "bpu": 1_491, "jakon": 3_500}
        fishing = coverage_selectors.breakdown(
            actor=f.admin(),
            code="61",
            filters=CoverageFilters(year=YEAR, sector="fishing"),
            by="segment",
        )
        assert {i.key: i.numerator for i in fishing} == {"pu": 0, "bpu": 1_000, "jakon": 0}


class TestTrend:
    def test_one_point_per_loaded_extract(self, extracts, reference):
        points = coverage_selectors.trend(
            actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR)
        )
        assert [(p.as_of, p.participants) for p in points] == [(JAN, 4_600), (JUN, 5_061)]
        assert [p.percent for p in points] == [Decimal("23.00"), Decimal("25.31")]

    def test_queries_do_not_grow_with_the_extracts(self, extracts, reference):
        admin = f.admin()
        filters = CoverageFilters(year=YEAR)
        with CaptureQueriesContext(connection) as two:
            coverage_selectors.trend(actor=admin, code="61.71", filters=filters)
        june = extracts[1]
        make_snapshot(date(2026, 9, 30), [Stat("61.71", "61.71.01", n=7)], previous=june)
        with CaptureQueriesContext(connection) as three:
            points = coverage_selectors.trend(actor=admin, code="61.71", filters=filters)
        assert [p.participants for p in points] == [4_000, 4_550, 7]
        assert len(three.captured_queries) == len(two.captured_queries)

    def test_as_of_leaves_later_extracts_out(self, extracts, reference):
        points = coverage_selectors.trend(
            actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR, as_of=date(2026, 5, 31))
        )
        assert [p.as_of for p in points] == [JAN]

    def test_published_figures_over_time_without_extracts(self):
        demo_coverage.load_official_figures()
        points = coverage_selectors.trend(
            actor=f.admin(), code="61", filters=CoverageFilters(year=2025)
        )
        assert [p.participants for p in points] == [575_504]


class TestScope:
    def test_regency_officer_sees_their_regency_and_its_districts(self, extracts, reference):
        officer = f.regency_officer("61.01")
        table = _table(actor=officer, code=None)
        assert table.region.code == "61.01"
        assert {row.code for row in table.rows} >= {"61.01.01"}
        assert all(row.code.startswith("61.01.") for row in table.rows if row.code)

    @pytest.mark.parametrize("code", ["61", "61.71", "61.71.01", "61.99"])
    def test_regency_officer_cannot_read_outside_their_regency(self, extracts, code):
        officer = f.regency_officer("61.01")
        with pytest.raises(RegionNotInScope):
            _table(actor=officer, code=code)
        with pytest.raises(RegionNotInScope):
            coverage_selectors.trend(actor=officer, code=code, filters=CoverageFilters(YEAR))

    def test_roles_without_the_dashboard_see_nothing(self, extracts):
        user = f.user_of_role(Role.REGENCY_OFFICER, "61.01", is_active=False)
        with pytest.raises(RegionNotInScope):
            _table(actor=user, code="61.01")


class TestFilters:
    def test_query_string_keeps_the_year_and_non_default_filters(self):
        assert CoverageFilters(year=2026).query() == "year=2026"
        assert (
            CoverageFilters(year=2025, sector="fishing", segment="bpu").query()
            == "year=2025&sector=fishing&segment=bpu"
        )

    def test_projects_belong_to_construction_only(self):
        assert CoverageFilters(2026).includes_projects
        assert CoverageFilters(2026, sector="construction", segment="jakon").includes_projects
        assert not CoverageFilters(2026, sector="fishing").includes_projects
        assert not CoverageFilters(2026, segment="bpu").includes_projects

    def test_as_of_must_fall_in_the_year(self):
        assert CoverageFilters(2026, as_of=date(2026, 6, 30)).cutoff == date(2026, 6, 30)
        assert CoverageFilters(2026).cutoff == date(2026, 12, 31)
        with pytest.raises(ValueError, match="as_of"):
            CoverageFilters(2026, as_of=date(2027, 1, 1))

    def test_available_years(self, extracts, reference):
        years = coverage_selectors.available_years(today=date(2026, 11, 27))
        assert years == [2026, 2025]
