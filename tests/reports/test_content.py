"""The report's figures, assembled once from the coverage, project and region selectors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from lindung.coverage import services as coverage_services
from lindung.outreach import services as outreach_services
from lindung.outreach.budget import services as budget_services
from lindung.projects import selectors as project_selectors
from lindung.projects.compliance import Compliance
from lindung.reports.content import ReportContent, ReportPeriod, build_content
from lindung.workers.models import Sector
from tests.coverage.snapshots import make_counted_run
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db

S1_2026 = ReportPeriod(2026, 1)


def _build(actor, region_code: str = "61", language: str = "id") -> ReportContent:
    with translation.override(language):
        return build_content(
            actor=actor,
            region_code=region_code,
            period=S1_2026,
            as_of=S1_2026.end,
            language=language,
            generated_at=datetime(2026, 7, 1, 2, 0, tzinfo=UTC),
            generated_by="analyst",
        )


def _september_figure() -> None:
    """A provincial figure dated in the second half-year (2026-09-01, 600,000 protected)."""
    coverage_services.record_published_figure(
        actor=None,
        region_code="61",
        sector="all",
        as_of=date(2026, 9, 1),
        participants=600_000,
        workers=1_819_430,
        published_percent=None,
        source="BPJS Kalbar",
    )


class TestReportPeriod:
    @pytest.mark.parametrize(
        ("semester", "start", "end"),
        [(1, date(2026, 1, 1), date(2026, 6, 30)), (2, date(2026, 7, 1), date(2026, 12, 31))],
    )
    def test_semester_spans_its_half_year(self, semester, start, end):
        period = ReportPeriod(2026, semester)
        assert (period.start, period.end) == (start, end)

    def test_label_is_translated(self):
        with translation.override("id"):
            assert ReportPeriod(2026, 2).label() == "Semester II 2026"


class TestCoverage:
    def test_construction_coverage_is_computed_not_copied(self, report_data):
        content = _build(f.UserFactory.create())
        construction = content.indicator("construction")
        assert construction is not None
        assert (construction.numerator, construction.denominator) == (42_591, 154_008)
        assert construction.percent == Decimal("27.66")

    def test_published_percentage_mismatch_is_a_quality_note(self, report_data):
        content = _build(f.UserFactory.create(), language="en")
        messages = [n.message for n in content.notes]
        assert any("Published as 55%" in m and "27.66%" in m for m in messages)

    def test_figures_newer_than_the_half_year_are_left_out(self, report_data):
        _september_figure()

        content = _build(f.UserFactory.create(), language="en")

        # The September figure belongs to the second half-year: the July 2025 one counts.
        assert content.map.source_date == date(2025, 7, 31)
        ucj = content.indicator("ucj")
        assert ucj is not None
        assert ucj.numerator == 575_504
        assert any(
            "are dated 2025-07-31, before the half-year began (2026-01-01)" in n.message
            for n in content.notes
        )

    def test_the_second_half_year_uses_the_newer_figures(self, report_data):
        _september_figure()
        with translation.override("en"):
            content = build_content(
                actor=f.UserFactory.create(),
                region_code="61",
                period=ReportPeriod(2026, 2),
                as_of=date(2026, 12, 31),
                language="en",
                generated_at=datetime(2027, 1, 2, 2, 0, tzinfo=UTC),
                generated_by="analyst",
            )

        assert content.map.source_date == date(2026, 9, 1)
        ucj = content.indicator("ucj")
        assert ucj is not None
        assert ucj.numerator == 600_000
        assert not any("before the half-year began" in n.message for n in content.notes)

    def test_registry_coverage_and_its_nik_check_from_the_half_years_run(self, report_data):
        make_counted_run(
            date(2026, 5, 31),
            [
                ("61.71.01", "construction", "covered", 60, 30, 30),
                ("61.71.01", "construction", "not_registered", 40, 0, 0),
            ],
        )
        make_counted_run(date(2026, 8, 31), [("61.71.01", "construction", "covered", 7, 0, 0)])
        content = _build(f.UserFactory.create(), language="en")
        registry = content.indicator("registry")
        assert registry is not None
        assert (registry.numerator, registry.denominator) == (60, 100)  # not August's run
        assert "extract of 31/05/2026" in registry.numerator_source
        assert any(
            "Kota Pontianak" in n.subject and "30 of 100 registry workers" in n.message
            for n in content.notes
        )

    def test_without_a_reconciliation_there_is_no_registry_row(self, report_data):
        assert _build(f.UserFactory.create()).indicator("registry") is None

    def test_a_finding_shared_by_many_places_is_one_note(self, report_data):
        content = _build(f.UserFactory.create(), language="en")

        missing = [n for n in content.notes if n.message == "No workforce figure for this region."]
        assert len(missing) == 1
        assert "Kabupaten Sambas" in missing[0].subject
        assert "Kota Singkawang" in missing[0].subject
        assert "Kota Pontianak" not in missing[0].subject

    def test_map_has_one_area_per_regency(self, report_data):
        content = _build(f.UserFactory.create())
        codes = [a.code for a in content.map.areas]
        assert len(codes) == 14
        assert content.map.level == "regency"
        pontianak = next(a for a in content.map.areas if a.code == "61.71")
        assert pontianak.indicator.percent == Decimal("37.50")

    def test_regency_report_maps_its_districts(self, report_data):
        content = _build(f.regency_officer("61.71"), region_code="61.71")
        assert content.map.level == "district"
        assert content.map.areas
        assert all(a.code.startswith("61.71.") for a in content.map.areas)


class TestProjects:
    def test_counts_and_values_by_compliance_status(self, report_data):
        content = _build(f.UserFactory.create())
        by_code = {s.code: s for s in content.projects.statuses}
        assert {code: s.projects for code, s in by_code.items()} == {
            Compliance.OVERDUE: 1,
            Compliance.REGISTERED_UNDERPAID: 1,
            Compliance.FULLY_PAID: 1,
            Compliance.CANCELLED: 1,
        }
        underpaid = report_data.underpaid
        row = by_code[Compliance.REGISTERED_UNDERPAID]
        assert row.contribution_paid == Decimal(1000)
        assert row.outstanding == underpaid.contribution_total - Decimal(1000)

    def test_totals_leave_out_cancelled_and_other_years(self, report_data):
        content = _build(f.UserFactory.create())
        counted = [report_data.paid, report_data.overdue, report_data.underpaid]
        assert content.projects.projects == 3
        assert content.projects.registered == 2
        assert content.projects.contribution_due == sum(p.contribution_total for p in counted)
        assert content.projects.registration.percent == Decimal("66.67")

    def test_worst_agencies_match_the_compliance_ranking(self, report_data):
        actor = f.UserFactory.create()
        content = _build(actor)
        ranking = project_selectors.ranking(actor=actor, by="agency", year=2026)
        assert content.projects.worst_agencies == ranking

    def test_regency_report_counts_only_its_projects(self, report_data):
        content = _build(f.UserFactory.create(), region_code="61.71")
        assert content.projects.projects == 2
        assert [r.label for r in content.projects.worst_agencies] == ["Dinas PUPR Kota Pontianak"]


def _event(officer, held_on: date, attendance: int, village: str = "61.71.01.1002") -> None:
    outreach_services.record_event(
        actor=officer,
        data=outreach_services.EventInput(
            title="Sosialisasi BPJS Ketenagakerjaan",
            held_on=held_on,
            region_code=village,
            place="Balai desa",
            attendance_count=attendance,
            sector=Sector.CONSTRUCTION,
        ),
    )


class TestOutreach:
    def test_section_says_nothing_is_recorded(self, report_data):
        content = _build(f.UserFactory.create(), language="en")
        assert content.outreach.recorded is False
        assert content.outreach.total is None
        assert content.outreach.note == "No outreach data recorded for this period."

    def test_counts_the_events_held_in_the_half_year_and_region(self, report_data):
        officer = f.regency_officer("61.71")
        _event(officer, date(2026, 3, 10), 40)
        _event(officer, date(2026, 5, 2), 25)
        _event(officer, date(2026, 7, 1), 99)  # the next half-year
        _event(f.regency_officer("61.01"), date(2026, 3, 10), 77, village="61.01.01.2001")

        content = _build(f.UserFactory.create(), region_code="61.71", language="en")

        assert content.outreach.recorded is True
        assert content.outreach.total is not None
        assert (content.outreach.total.events, content.outreach.total.reached) == (2, 65)
        assert [r.label for r in content.outreach.rows] == ["Construction"]


class TestBudget:
    def test_needed_is_the_gap_priced_at_the_bpu_minimum_package(self, report_data):
        content = _build(f.UserFactory.create())

        assert content.budget.gap_people == 534_349
        assert content.budget.per_worker_monthly == Decimal(16_800)
        assert content.budget.needed == Decimal(534_349 * 16_800 * 12)

    def test_nothing_is_invented_without_a_participant_figure(self, report_data):
        content = _build(f.regency_officer("61.01"), region_code="61.01")

        assert content.budget.gap_people is None
        assert content.budget.needed is None
        assert content.budget.planned is None
        assert content.budget.allocated == 0

    def test_allocations_recorded_for_the_year_are_shown(self, report_data):
        analyst = f.UserFactory.create()
        budget_services.record_allocation(
            actor=analyst,
            data=budget_services.BudgetRecordInput(
                region_code="61.71",
                year=2026,
                source="regency",
                amount=Decimal(500_000_000),
                reference="DPA Disnaker 2026",
            ),
        )

        content = _build(analyst)

        assert content.budget.allocated == Decimal(500_000_000)
        assert [(line.allocated, line.spent) for line in content.budget.lines] == [
            (Decimal(500_000_000), Decimal(0))
        ]
