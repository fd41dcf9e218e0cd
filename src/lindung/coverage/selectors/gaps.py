"""Gap lists: regions, projects, agencies and contractors leaving the most workers unprotected."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from lindung.accounts.models import User
from lindung.coverage.models import ALL
from lindung.coverage.selectors.figures import CoverageTable, RegionFigure
from lindung.coverage.selectors.scope import access_dashboard_region
from lindung.coverage.selectors.sources import CoverageFilters
from lindung.projects import list_selectors as project_list_selectors
from lindung.projects import selectors as project_selectors
from lindung.projects.compliance import Compliance
from lindung.projects.models import Project
from lindung.regions.models import Region

# The compliance states in which a project leaves workers unprotected or underpaid.
UNPROTECTED_STATES = (
    Compliance.HANDED_OVER_UNPROTECTED,
    Compliance.OVERDUE,
    Compliance.REGISTERED_UNDERPAID,
)


# ----------------------------------------------------------------------------- gaps


def region_gaps(table: CoverageTable) -> list[RegionFigure]:
    """Return the child regions with the most unprotected workers first.

    Regions whose workforce is unknown cannot be ranked and come last, by name.
    """
    rows = [row for row in table.rows if row.region is not None]
    return sorted(
        rows,
        key=lambda r: (
            r.indicator.unprotected is None,
            -(r.indicator.unprotected or 0),
            -(r.indicator.gap_people or 0),
            r.name,
        ),
    )


def _unprotected_projects(
    *, actor: User, region: Region, filters: CoverageFilters, today: date
) -> QuerySet[Project]:
    if not filters.includes_projects:
        return Project.objects.none()
    states = Q()
    for state in UNPROTECTED_STATES:
        states |= project_list_selectors.status_q(state, today=today)
    readable = project_selectors.readable_projects(actor=actor).values("pk")
    projects = Project.objects.filter(
        Q(pk__in=readable),
        Q(region__code=region.code) | Q(region__code__startswith=region.code + "."),
        states,
        fiscal_year=filters.year,
    )
    if filters.funding != ALL:
        projects = projects.filter(funding_source=filters.funding)
    return projects


def _workers_unprotected() -> Case:
    return Case(
        When(registered_on__isnull=True, then=Coalesce(F("planned_workforce"), Value(0))),
        default=Value(0),
        output_field=IntegerField(),
    )


def _outstanding() -> Greatest:
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
    return Greatest(
        Coalesce(F("contribution_total"), zero) - Coalesce(F("paid_total"), zero),
        zero,
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def _status(today: date) -> Case:
    return Case(
        *(
            When(project_list_selectors.status_q(state, today=today), then=Value(str(state)))
            for state in UNPROTECTED_STATES
        ),
        default=Value(""),
    )


def project_gaps(
    *, actor: User, code: str | None, filters: CoverageFilters, today: date | None = None
) -> QuerySet[Project]:
    """Return the readable projects leaving workers unprotected, worst first.

    Projects of the fiscal year in the region that are past their registration deadline and
    not registered, handed over without full protection, or registered with contributions
    unpaid. Each carries ``gap_status`` (the compliance state), ``workers_unprotected``
    (planned workforce when not registered) and ``outstanding`` (unpaid contribution, Rp).
    """
    region = access_dashboard_region(actor=actor, code=code)
    today = today or timezone.localdate()
    return (
        _unprotected_projects(actor=actor, region=region, filters=filters, today=today)
        .select_related("agency", "contractor", "region")
        .defer("region__boundary", "contribution_detail")
        .annotate(
            gap_status=_status(today),
            workers_unprotected=_workers_unprotected(),
            outstanding=_outstanding(),
        )
        .order_by("-workers_unprotected", "-outstanding", "name", "pk")
    )


@dataclass(frozen=True)
class ProjectGap:
    """One project of ``project_gaps`` with its gap, typed."""

    project: Project
    status: str
    workers_unprotected: int
    outstanding: Decimal

    @classmethod
    def of(cls, project: Project) -> ProjectGap:
        """Return the gap of a project read through ``project_gaps`` (its annotations)."""
        return cls(
            project=project,
            status=str(getattr(project, "gap_status", "")),
            workers_unprotected=int(getattr(project, "workers_unprotected", 0) or 0),
            outstanding=Decimal(getattr(project, "outstanding", 0) or 0),
        )

    @property
    def workforce_unknown(self) -> bool:
        """Return whether an unregistered project states no planned workforce."""
        return self.project.registered_on is None and self.project.planned_workforce is None


def project_gap_rows(projects: Iterable[Project]) -> Iterator[ProjectGap]:
    """Return the typed gaps of projects read through ``project_gaps``, lazily."""
    return (ProjectGap.of(project) for project in projects)


@dataclass(frozen=True)
class PartyGap:
    """An agency's or contractor's projects that leave workers unprotected."""

    key: int
    name: str
    projects: int
    workers_unprotected: int
    workforce_unknown: int
    outstanding: Decimal


PARTY_FIELDS = {
    "agency": ("agency_id", "agency__name"),
    "contractor": ("contractor_id", "contractor__name"),
}


def party_gaps(
    *,
    actor: User,
    code: str | None,
    filters: CoverageFilters,
    by: str,
    today: date | None = None,
) -> list[PartyGap]:
    """Return agencies (``by="agency"``) or contractors with the most unprotected workers."""
    if by not in PARTY_FIELDS:
        raise ValueError(f"unknown party {by!r}")
    region = access_dashboard_region(actor=actor, code=code)
    today = today or timezone.localdate()
    key, name = PARTY_FIELDS[by]
    rows = (
        _unprotected_projects(actor=actor, region=region, filters=filters, today=today)
        .exclude(**{f"{key}__isnull": True})
        .values(key, name)
        .annotate(
            n=Count("id"),
            workers=Sum(_workers_unprotected()),
            unknown=Count(
                "id", filter=Q(registered_on__isnull=True, planned_workforce__isnull=True)
            ),
            owed=Sum(_outstanding()),
        )
        .order_by("-workers", "-owed", name)
    )
    return [
        PartyGap(
            key=row[key],
            name=row[name],
            projects=row["n"],
            workers_unprotected=int(row["workers"] or 0),
            workforce_unknown=row["unknown"],
            outstanding=Decimal(row["owed"] or 0),
        )
        for row in rows
    ]
