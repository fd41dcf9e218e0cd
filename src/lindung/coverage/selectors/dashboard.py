"""The whole dashboard of one region, assembled from the other selectors."""

from __future__ import annotations

from dataclasses import dataclass

from lindung.accounts.models import User
from lindung.coverage.indicators import (
    Indicator,
    QualityFlag,
)
from lindung.coverage.models import (
    ALL,
    PublishedFigure,
)
from lindung.coverage.selectors.figures import (
    CoverageTable,
    FlagRow,
    RegionFigure,
    TrendPoint,
    breakdown,
    coverage_table,
    headline_indicators,
    quality_flags,
    sorted_flags,
    trend,
)
from lindung.coverage.selectors.gaps import (
    PartyGap,
    ProjectGap,
    party_gaps,
    project_gap_rows,
    project_gaps,
    region_gaps,
)
from lindung.coverage.selectors.registry import (
    RegistryCoverage,
    project_summary,
    registry_coverage,
)
from lindung.coverage.selectors.scope import DashboardView, dashboard
from lindung.coverage.selectors.sources import CoverageFilters, published_figures
from lindung.outreach.budget import selectors as budget_selectors
from lindung.projects.list_selectors import ProjectSummary
from lindung.workers.models import Segment as WorkerSegment

# ``budget_selectors`` is imported as a module, never by name: the budget selectors import
# the coverage selectors (the participant source), so either may be half-loaded here.

# Rows shown per gap list on the dashboard; the full list has its own screen.
GAP_PREVIEW = 5


# ----------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class CoverageDashboard:
    """Everything the dashboard page shows for one region and filter set."""

    view: DashboardView
    filters: CoverageFilters
    table: CoverageTable
    headline: list[Indicator]
    by_sector: list[Indicator]
    by_segment: list[Indicator]
    trend: list[TrendPoint]
    flags: list[FlagRow]
    published: list[tuple[PublishedFigure, list[QualityFlag]]]
    region_gaps: list[RegionFigure]
    project_gaps: list[ProjectGap]
    agency_gaps: list[PartyGap]
    contractor_gaps: list[PartyGap]
    registry: RegistryCoverage
    projects: ProjectSummary | None
    # Needed (adopted plans) against allocated and spent for BPU contributions; None when
    # the segment filter leaves BPU workers out.
    budget: budget_selectors.BudgetSummary | None


def coverage_dashboard(
    *, actor: User, code: str | None, filters: CoverageFilters
) -> CoverageDashboard:
    """Return the whole dashboard of a region in the actor's scope."""
    view = dashboard(actor=actor, code=code)
    region_code = view.region.code
    table = coverage_table(actor=actor, code=region_code, filters=filters)
    published = published_figures(region_code=region_code)
    registry = registry_coverage(actor=actor, code=region_code, filters=filters)
    flags = quality_flags(table, published) + registry.flag_rows()
    return CoverageDashboard(
        view=view,
        filters=filters,
        table=table,
        headline=headline_indicators(actor=actor, code=region_code, year=filters.year),
        by_sector=breakdown(actor=actor, code=region_code, filters=filters, by="sector"),
        by_segment=breakdown(actor=actor, code=region_code, filters=filters, by="segment"),
        trend=trend(actor=actor, code=region_code, filters=filters),
        flags=sorted_flags(flags),
        published=published,
        region_gaps=[r for r in region_gaps(table) if r.indicator.unprotected][:GAP_PREVIEW],
        project_gaps=list(
            project_gap_rows(
                project_gaps(actor=actor, code=region_code, filters=filters)[:GAP_PREVIEW]
            )
        ),
        agency_gaps=party_gaps(actor=actor, code=region_code, filters=filters, by="agency")[
            :GAP_PREVIEW
        ],
        contractor_gaps=party_gaps(actor=actor, code=region_code, filters=filters, by="contractor")[
            :GAP_PREVIEW
        ],
        registry=registry,
        projects=project_summary(actor=actor, code=region_code, filters=filters),
        budget=budget_selectors.budget_summary(
            region_code=region_code, year=filters.year, actor=actor
        )
        if filters.segment in (ALL, WorkerSegment.BPU)
        else None,
    )
