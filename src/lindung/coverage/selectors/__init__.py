"""Reads behind the coverage dashboard, its exports, the open data and the reports.

Where the figures come from:

- **Protected participants** (the numerator) come from the newest *loaded* BPJS participant
  snapshot dated on or before the end of the year asked for: its pre-aggregated counts
  (``participants.SnapshotStat``, read only through ``sources.snapshot_counts``), standing
  ``covered``. Without such a snapshot they come from the latest published figure
  (``PublishedFigure``) of the region and sector. Every indicator states its source.
- **Workforce** (the denominator) and **targets** are the managed, versioned rows of this
  app (``current_denominator``, ``current_target``).
- **Project gaps** come from ``projects.selectors.readable_projects`` and the stored-field
  compliance states of ``projects.list_selectors.status_q`` (the project list's filter).

Every read that takes ``actor`` is scoped: a region outside the actor's scope answers like an
absent one (``RegionNotInScope``, 404). Figures are computed by ``coverage.indicators``.
The Inpres report (app ``reports``) calls these selectors; they hold no presentation.

Modules: ``scope`` (who sees which region), ``sources`` (filters, extract counts, workforce,
targets, budget basis), ``figures`` (indicators per region, sector, segment and over time,
quality checks), ``gaps`` (gap lists), ``dashboard`` (the page's bundle), ``open_data``.
"""

from __future__ import annotations

from lindung.coverage.selectors.dashboard import (
    GAP_PREVIEW,
    CoverageDashboard,
    coverage_dashboard,
)
from lindung.coverage.selectors.figures import (
    STAT_GROUP,
    CoverageTable,
    FlagRow,
    RegionFigure,
    TrendPoint,
    breakdown,
    coverage_table,
    headline_indicators,
    quality_flags,
    trend,
)
from lindung.coverage.selectors.gaps import (
    PARTY_FIELDS,
    UNPROTECTED_STATES,
    PartyGap,
    ProjectGap,
    party_gaps,
    project_gap_rows,
    project_gaps,
    region_gaps,
)
from lindung.coverage.selectors.open_data import (
    NOT_STATED,
    PublicCoverage,
    PublicRow,
    public_coverage,
)
from lindung.coverage.selectors.registry import (
    RegistryCoverage,
    RegistryRow,
    project_summary,
    registry_coverage,
)
from lindung.coverage.selectors.scope import (
    ChildSummary,
    DashboardView,
    access_dashboard_region,
    dashboard,
)
from lindung.coverage.selectors.sources import (
    INPRES_SOURCE,
    INPRES_TARGET,
    PROJECT_SECTORS,
    PROJECT_SEGMENTS,
    PROVINCE,
    SECTOR_LABELS,
    SEGMENT_LABELS,
    BudgetBasis,
    Counts,
    CoverageFilters,
    ParticipantSource,
    SourceKind,
    available_years,
    bpu_budget_basis,
    current_denominator,
    current_denominators,
    current_target,
    current_targets,
    latest_published,
    latest_published_many,
    participant_source,
    published_figures,
    reference_date,
    sector_label,
    segment_label,
    snapshot_counts,
    snapshot_label,
)

__all__ = [
    "GAP_PREVIEW",
    "INPRES_SOURCE",
    "INPRES_TARGET",
    "NOT_STATED",
    "PARTY_FIELDS",
    "PROJECT_SECTORS",
    "PROJECT_SEGMENTS",
    "PROVINCE",
    "SECTOR_LABELS",
    "SEGMENT_LABELS",
    "STAT_GROUP",
    "UNPROTECTED_STATES",
    "BudgetBasis",
    "ChildSummary",
    "Counts",
    "CoverageDashboard",
    "CoverageFilters",
    "CoverageTable",
    "DashboardView",
    "FlagRow",
    "ParticipantSource",
    "PartyGap",
    "ProjectGap",
    "PublicCoverage",
    "PublicRow",
    "RegionFigure",
    "RegistryCoverage",
    "RegistryRow",
    "SourceKind",
    "TrendPoint",
    "access_dashboard_region",
    "available_years",
    "bpu_budget_basis",
    "breakdown",
    "coverage_dashboard",
    "coverage_table",
    "current_denominator",
    "current_denominators",
    "current_target",
    "current_targets",
    "dashboard",
    "headline_indicators",
    "latest_published",
    "latest_published_many",
    "participant_source",
    "party_gaps",
    "project_gap_rows",
    "project_gaps",
    "project_summary",
    "public_coverage",
    "published_figures",
    "quality_flags",
    "reference_date",
    "region_gaps",
    "registry_coverage",
    "sector_label",
    "segment_label",
    "snapshot_counts",
    "snapshot_label",
    "trend",
]
