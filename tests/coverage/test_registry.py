"""The registry's measured coverage (reconciliation counts), its NIK-versus-domicile check,
and the construction projects' figures on the dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from lindung.coverage import selectors as coverage_selectors
from lindung.coverage.indicators import Check
from lindung.coverage.selectors import CoverageFilters
from lindung.linkage.models import ReconciliationRun
from lindung.projects.list_selectors import region_summary
from lindung.projects.models import Stage
from tests.coverage.snapshots import make_counted_run
from tests.factories import accounts as f
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def run() -> ReconciliationRun:
    return make_counted_run(
        date(2026, 6, 30),
        [
            # Pontianak: 100 workers, 60 protected; 30 NIKs of another regency (flagged).
            ("61.71.01", "construction", "covered", 50, 20, 25),
            ("61.71.02", "fishing", "covered", 10, 10, 10),
            ("61.71.02", "fishing", "not_registered", 40, 0, 5),
            # Sambas: 50 workers, 10 protected; 2 NIKs of another regency (not flagged).
            ("61.01.01", "farming", "covered", 10, 2, 2),
            ("61.01.01", "farming", "lapsed", 20, 0, 0),
            ("61.01.01", "farming", "review", 20, 0, 0),
        ],
    )


def _registry(code: str = "61", **filters):
    return coverage_selectors.registry_coverage(
        actor=f.admin(), code=code, filters=CoverageFilters(year=YEAR, **filters)
    )


class TestRegistryCoverage:
    def test_province_totals_and_regencies(self, run):
        registry = _registry()
        assert registry.run == run
        total = registry.total
        assert total is not None
        assert (total.counts.workers, total.counts.covered) == (150, 70)
        assert total.percent == Decimal("46.67")
        rows = {row.code: row for row in registry.rows}
        assert rows["61.71"].percent == Decimal("60.00")
        assert (rows["61.01"].counts.lapsed, rows["61.01"].counts.review) == (20, 20)

    def test_many_niks_of_another_regency_are_flagged(self, run):
        with translation.override("en"):
            registry = _registry()
        rows = {row.code: row for row in registry.rows}
        assert rows["61.71"].nik_elsewhere == 30
        assert rows["61.71"].flag is not None
        assert rows["61.71"].flag.check == Check.NIK_ELSEWHERE
        assert "30 of 100 registry workers (30.00%)" in rows["61.71"].flag.message
        assert rows["61.01"].flag is None  # 2 of 50: movers, not a data problem
        assert [r.code for r in registry.flag_rows()] == ["61.71"]

    def test_a_regency_compares_by_district(self, run):
        registry = _registry("61.71")
        rows = {row.code: row for row in registry.rows}
        assert set(rows) == {"61.71.01", "61.71.02"}
        assert rows["61.71.01"].nik_elsewhere == 25
        assert rows["61.71.02"].nik_elsewhere == 15
        assert registry.total is not None
        assert registry.total.nik_elsewhere == 40

    def test_sector_filter(self, run):
        total = _registry(sector="fishing").total
        assert total is not None
        assert (total.counts.workers, total.counts.covered) == (50, 10)

    def test_a_run_on_a_later_extract_is_left_out_before_its_date(self, run):
        later = make_counted_run(
            date(2026, 9, 30), [("61.71.01", "construction", "covered", 5, 0, 0)]
        )
        assert _registry().run == later
        assert _registry(as_of=date(2026, 7, 31)).run == run

    def test_without_a_run_the_source_says_so(self):
        registry = _registry()
        assert registry.run is None
        assert registry.total is None
        with translation.override("en"):
            assert "No finished reconciliation" in registry.source

    def test_regency_officer_reads_only_their_regency(self, run):
        officer = f.regency_officer("61.01")
        registry = coverage_selectors.registry_coverage(
            actor=officer, code=None, filters=CoverageFilters(year=YEAR)
        )
        assert registry.total is not None
        assert registry.total.code == "61.01"
        assert registry.total.counts.workers == 50


class TestProjectSummary:
    def test_on_time_late_overdue_and_not_yet_due(self):
        today = date(2026, 6, 1)
        on_time = make_project(region_id="61.71.01", spk_date=date(2026, 3, 2))
        assert on_time.registration_due is not None
        assert on_time.contribution_total is not None
        on_time.registered_on = on_time.registration_due
        on_time.paid_total = on_time.contribution_total
        on_time.save()
        late = make_project(region_id="61.71.01", spk_date=date(2026, 3, 2))
        assert late.registration_due is not None
        late.registered_on = late.registration_due + timedelta(days=3)
        late.save()
        overdue = make_project(region_id="61.71.02", spk_date=date(2026, 3, 2))
        pending = make_project(region_id="61.71.02", spk_date=date(2026, 5, 29))
        make_project(region_id="61.71.02", spk_date=date(2026, 3, 2), stage=Stage.CANCELLED)
        make_project(region_id="61.01.01", spk_date=date(2026, 3, 2))  # another regency
        summary = region_summary(
            actor=f.admin(), region_code="61.71", fiscal_year=YEAR, today=today
        )
        assert (summary.projects, summary.registered, summary.judged, summary.on_time) == (
            4,
            2,
            3,
            1,
        )
        assert summary.on_time_pct == Decimal("33.33")
        assert summary.registered_pct == Decimal("50.00")
        assert summary.contribution_paid == on_time.contribution_total
        assert summary.contribution_due == sum(
            (p.contribution_total or Decimal(0) for p in (on_time, late, overdue, pending)),
            Decimal(0),
        )

    def test_not_shown_for_sectors_without_projects(self):
        assert (
            coverage_selectors.project_summary(
                actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR, sector="fishing")
            )
            is None
        )


class TestDashboard:
    def test_registry_section_and_flag_on_the_page(self, client, run):
        client.force_login(f.admin())
        response = client.get("/", {"year": YEAR})
        assert response.status_code == 200
        registry = response.context["data"].registry
        assert registry.run == run
        html = response.content.decode()
        assert 'data-testid="registry-table"' in html
        assert html.count('data-testid="registry-row"') == 2
        assert 'data-check="nik_elsewhere"' in html
        assert 'data-testid="projects"' in html


class TestFundingFilter:
    def test_project_figures_follow_the_funding_source(self):
        make_project(region_id="61.71.01", spk_date=date(2026, 3, 2), funding_source="apbn")
        make_project(region_id="61.71.01", spk_date=date(2026, 3, 2), funding_source="apbd_prov")
        admin = f.admin()
        both = coverage_selectors.project_summary(
            actor=admin, code="61", filters=CoverageFilters(year=YEAR), today=date(2026, 6, 1)
        )
        national = coverage_selectors.project_summary(
            actor=admin,
            code="61",
            filters=CoverageFilters(year=YEAR, funding="apbn"),
            today=date(2026, 6, 1),
        )
        assert both is not None
        assert national is not None
        assert (both.projects, national.projects) == (2, 1)
        gaps = coverage_selectors.project_gaps(
            actor=admin,
            code="61",
            filters=CoverageFilters(year=YEAR, funding="apbn"),
            today=date(2026, 6, 1),
        )
        assert {p.funding_source for p in gaps} == {"apbn"}

    def test_the_filter_stays_in_the_url(self):
        assert CoverageFilters(2026, funding="apbn").query() == "year=2026&funding=apbn"

    def test_dashboard_reads_it_from_the_query_string(self, client):
        client.force_login(f.admin())
        response = client.get("/", {"year": YEAR, "funding": "apbn"})
        assert response.context["data"].filters.funding == "apbn"
        assert client.get("/", {"funding": "nonsense"}).context["data"].filters.funding == "all"

    def test_a_village_has_no_registry_section(self, client, run):
        client.force_login(f.admin())
        response = client.get("/dasbor/61.71.01.1002/", {"year": YEAR})
        assert response.status_code == 200
        assert 'data-testid="registry"' not in response.content.decode()


class TestBudgetOnTheDashboard:
    def test_allocated_and_spent_for_the_region_and_year(self, client):
        from lindung.outreach.models import BudgetAllocation, BudgetPayment

        BudgetAllocation.objects.create(
            region_id="61.71", year=YEAR, source="regency", amount=Decimal(5_000_000)
        )
        BudgetAllocation.objects.create(
            region_id="61.01", year=YEAR, source="regency", amount=Decimal(9_000_000)
        )
        BudgetPayment.objects.create(
            region_id="61.71",
            year=YEAR,
            source="regency",
            paid_on=date(2026, 3, 1),
            amount=Decimal(2_000_000),
            reference="SP2D-1",
        )
        client.force_login(f.admin())
        response = client.get("/dasbor/61.71/", {"year": YEAR})
        budget = response.context["data"].budget
        assert (budget.allocated, budget.spent) == (Decimal(5_000_000), Decimal(2_000_000))
        html = response.content.decode()
        assert 'data-testid="budget-allocated">Rp 5.000.000<' in html
        assert 'data-testid="budget-spent">Rp 2.000.000<' in html
        province = client.get("/", {"year": YEAR}).context["data"].budget
        assert province.allocated == Decimal(14_000_000)

    def test_not_shown_for_wage_earners(self, client):
        client.force_login(f.admin())
        response = client.get("/", {"year": YEAR, "segment": "pu"})
        assert response.context["data"].budget is None
        assert 'data-testid="budget"' not in response.content.decode()
