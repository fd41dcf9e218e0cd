"""Gap lists: regions, projects, agencies and contractors leaving workers unprotected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.coverage import selectors as coverage_selectors
from lindung.coverage import services as coverage_services
from lindung.coverage.errors import RegionNotInScope
from lindung.coverage.selectors import CoverageFilters, ProjectGap
from lindung.projects.models import Project, Stage
from tests.coverage.snapshots import Stat, make_snapshot
from tests.factories import accounts as f
from tests.factories.projects import AgencyFactory, ContractorFactory, make_project

pytestmark = pytest.mark.django_db

YEAR = 2026


def _registered(project: Project, *, paid: Decimal) -> Project:
    project.registered_on = date(2026, 3, 10)
    project.paid_total = paid
    project.save(update_fields=["registered_on", "paid_total"])
    return project


@pytest.fixture
def projects() -> dict[str, Project]:
    pupr = AgencyFactory.create(name="Dinas PUPR Kota Pontianak", region_id="61.71")
    sambas = AgencyFactory.create(name="Dinas PUPR Kabupaten Sambas", region_id="61.01")
    karya, jaya = (
        ContractorFactory.create(name="CV Karya"),
        ContractorFactory.create(name="PT Jaya"),
    )
    common = {"fiscal_year": YEAR, "spk_date": date(2026, 3, 2)}
    found = {
        "overdue": make_project(
            name="Jalan Tanjungpura", agency=pupr, contractor=karya, planned_workforce=40,
            region_id="61.71.01", **common,
        ),
        "unknown": make_project(
            name="Drainase Gajah Mada", agency=pupr, contractor=jaya, planned_workforce=None,
            region_id="61.71.02", **common,
        ),
        "underpaid": make_project(
            name="Gedung Serbaguna", agency=pupr, contractor=karya, planned_workforce=30,
            region_id="61.71.01", **common,
        ),
        "paid": make_project(
            name="Taman Alun Kapuas", agency=pupr, contractor=karya, planned_workforce=15,
            region_id="61.71.01", **common,
        ),
        "sambas": make_project(
            name="Jembatan Sambas", agency=sambas, contractor=jaya, planned_workforce=25,
            region_id="61.01.01", **common,
        ),
        "cancelled": make_project(
            name="Batal", agency=pupr, contractor=karya, planned_workforce=99,
            region_id="61.71.01", stage=Stage.CANCELLED, **common,
        ),
        "last_year": make_project(
            name="Tahun lalu", agency=pupr, contractor=karya, planned_workforce=70,
            region_id="61.71.01", fiscal_year=2025, spk_date=date(2025, 3, 3),
        ),
    }  # fmt: skip
    underpaid = found["underpaid"]
    assert underpaid.contribution_total is not None
    _registered(underpaid, paid=underpaid.contribution_total / 2)
    paid = found["paid"]
    assert paid.contribution_total is not None
    _registered(paid, paid=paid.contribution_total)
    return found


def _gaps(actor=None, code="61", year=YEAR, **filters) -> list[ProjectGap]:
    return list(
        coverage_selectors.project_gap_rows(
            coverage_selectors.project_gaps(
                actor=actor or f.admin(), code=code, filters=CoverageFilters(year=year, **filters)
            )
        )
    )


class TestProjectGaps:
    def test_unprotected_projects_worst_first(self, projects):
        gaps = _gaps()
        assert [p.project.name for p in gaps] == [
            "Jalan Tanjungpura",
            "Jembatan Sambas",
            "Drainase Gajah Mada",
            "Gedung Serbaguna",
        ]
        overdue, _sambas, unknown, underpaid = gaps
        assert (overdue.status, overdue.workers_unprotected) == ("overdue", 40)
        assert overdue.outstanding == projects["overdue"].contribution_total
        assert (unknown.status, unknown.workers_unprotected) == ("overdue", 0)
        assert unknown.workforce_unknown
        assert underpaid.status == "registered_underpaid"
        assert underpaid.workers_unprotected == 0
        total = projects["underpaid"].contribution_total
        assert total is not None
        assert underpaid.outstanding == total - total / 2

    def test_handed_over_without_registration_counts_its_workers(self, projects):
        project = projects["paid"]
        project.registered_on = None
        project.stage = Stage.HANDED_OVER
        project.save(update_fields=["registered_on", "stage"])
        gap = next(p for p in _gaps() if p.project.pk == project.pk)
        assert (gap.status, gap.workers_unprotected) == ("handed_over_unprotected", 15)

    def test_region_and_year_filters(self, projects):
        assert [p.project.name for p in _gaps(code="61.71.02")] == ["Drainase Gajah Mada"]
        assert [p.project.name for p in _gaps(year=2025)] == ["Tahun lalu"]

    def test_other_sectors_and_segments_have_no_projects(self, projects):
        assert _gaps(sector="fishing") == []
        assert _gaps(segment="bpu") == []
        assert len(_gaps(sector="construction", segment="jakon")) == 4

    def test_regency_officer_sees_only_their_regency(self, projects):
        officer = f.regency_officer("61.01")
        assert [p.project.name for p in _gaps(actor=officer, code=None)] == ["Jembatan Sambas"]
        with pytest.raises(RegionNotInScope):
            _gaps(actor=officer, code="61.71")


class TestPartyGaps:
    def test_agencies_ranked_by_unprotected_workers(self, projects):
        rows = coverage_selectors.party_gaps(
            actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR), by="agency"
        )
        assert [(r.name, r.projects, r.workers_unprotected, r.workforce_unknown) for r in rows] == [
            ("Dinas PUPR Kota Pontianak", 3, 40, 1),
            ("Dinas PUPR Kabupaten Sambas", 1, 25, 0),
        ]
        pontianak = rows[0]
        expected = sum(
            (p.contribution_total or Decimal(0)) - p.paid_total
            for p in (projects["overdue"], projects["unknown"], projects["underpaid"])
        )
        assert pontianak.outstanding == expected

    def test_contractors(self, projects):
        rows = coverage_selectors.party_gaps(
            actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR), by="contractor"
        )
        assert [(r.name, r.projects, r.workers_unprotected) for r in rows] == [
            ("CV Karya", 2, 40),
            ("PT Jaya", 2, 25),
        ]

    def test_agency_user_sees_their_agency_only(self, projects):
        user = f.user_of_role("agency_user", "61.71")
        projects["overdue"].agency.members.add(user)
        rows = coverage_selectors.party_gaps(
            actor=user, code="61.71", filters=CoverageFilters(year=YEAR), by="agency"
        )
        assert [(r.name, r.projects) for r in rows] == [("Dinas PUPR Kota Pontianak", 3)]

    def test_unknown_grouping_is_refused(self, projects):
        with pytest.raises(ValueError, match="ppk"):
            coverage_selectors.party_gaps(
                actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR), by="ppk"
            )


class TestRegionGaps:
    def test_regions_with_most_unprotected_first_unknown_workforce_last(self):
        for code, workers in (("61.71", 10_000), ("61.01", 3_000), ("61.72", 500)):
            coverage_services.record_denominator(
                actor=None, region_code=code, sector="all", year=YEAR, workers=workers,
                source="Sakernas",
            )  # fmt: skip
        make_snapshot(
            date(2026, 6, 30),
            [Stat("61.71", n=6_000), Stat("61.01", n=100), Stat("61.72", n=450)],
        )
        table = coverage_selectors.coverage_table(
            actor=f.admin(), code="61", filters=CoverageFilters(year=YEAR)
        )
        ranked = coverage_selectors.region_gaps(table)
        assert [(r.code, r.indicator.unprotected) for r in ranked[:3]] == [
            ("61.71", 4_000),
            ("61.01", 2_900),
            ("61.72", 50),
        ]
        assert all(r.indicator.unprotected is None for r in ranked[3:])
        assert len(ranked) == 14
