"""Every figure of the semi-annual Inpres 2/2021 report, assembled once (``build_content``).

The PDF and the XLSX are both written from one ``ReportContent``, so they cannot disagree.
Figures come from the other apps' selectors (coverage, projects, regions, regulations); this
module only groups and totals them. Call it inside ``translation.override(language)``: labels
and notes are translated while they are built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.coverage import selectors as coverage_selectors
from lindung.coverage.indicators import Indicator, QualityFlag, coverage_indicator
from lindung.projects import selectors as project_selectors
from lindung.projects.compliance import Compliance, ComplianceStatus
from lindung.projects.list_selectors import STATUS_LABELS
from lindung.projects.models import Project, Stage
from lindung.regions import selectors as region_selectors
from lindung.regions.models import RegionLevel
from lindung.regulations import selectors as regulation_selectors
from lindung.reports.formatting import number, rupiah
from lindung.rules import bpu_contribution
from lindung.workers.models import Sector as WorkerSector
from lindung.workers.models import Segment as WorkerSegment

Progress = Callable[[int, int, str], None]

# How many agencies and PPKs the "worst" tables list.
WORST_LIMIT = 10
# The budget is for a year of cover, as APBD/APBDes budgets are.
BUDGET_MONTHS = 12
ROMAN = {1: "I", 2: "II"}
# The order of compliance states in tables and charts: worst first.
STATUS_ORDER = (
    Compliance.HANDED_OVER_UNPROTECTED,
    Compliance.OVERDUE,
    Compliance.DUE_SOON,
    Compliance.REGISTERED_UNDERPAID,
    Compliance.MISSING_DATA,
    Compliance.PLANNING_NOT_BUDGETED,
    Compliance.NOT_YET_DUE,
    Compliance.PLANNING_BUDGETED,
    Compliance.FULLY_PAID,
    Compliance.CANCELLED,
)


def _noop(done: int, total: int, message: str = "") -> None:
    return None


@dataclass(frozen=True)
class ReportPeriod:
    """A half-year: semester 1 is January-June, semester 2 July-December."""

    year: int
    semester: int

    @property
    def start(self) -> date:
        """Return the first day of the half-year."""
        return date(self.year, 1 if self.semester == 1 else 7, 1)

    @property
    def end(self) -> date:
        """Return the last day of the half-year."""
        return date(self.year, 6, 30) if self.semester == 1 else date(self.year, 12, 31)

    @property
    def code(self) -> str:
        """Return the period's short code, e.g. ``2026-S2`` (file names)."""
        return f"{self.year}-S{self.semester}"

    def label(self) -> str:
        """Return the period in words, in the active language."""
        return _("Semester %(semester)s %(year)s") % {
            "semester": ROMAN[self.semester],
            "year": self.year,
        }


@dataclass(frozen=True)
class CoverageRow:
    """One coverage indicator of the report, in its group (headline, segment or sector)."""

    group: str
    group_label: str
    indicator: Indicator


@dataclass(frozen=True)
class MapArea:
    """A child region's coverage, one area of the map."""

    code: str
    name: str
    indicator: Indicator


@dataclass(frozen=True)
class MapSection:
    level: str
    level_label: str
    metric_label: str
    areas: list[MapArea]


@dataclass(frozen=True)
class StatusRow:
    """Projects in one compliance state, with their values."""

    code: str
    label: str
    projects: int
    contract_value: Decimal
    contribution_due: Decimal
    contribution_paid: Decimal
    outstanding: Decimal


@dataclass(frozen=True)
class ProjectSection:
    fiscal_year: int
    as_of: date
    projects: int
    registered: int
    contract_value: Decimal
    contribution_due: Decimal
    contribution_paid: Decimal
    outstanding: Decimal
    registration: Indicator
    statuses: list[StatusRow]
    worst_agencies: list[project_selectors.Ranking]
    worst_ppks: list[project_selectors.Ranking]

    @property
    def paid_pct(self) -> Decimal | None:
        """Return the share of the contribution due that was paid, in percent."""
        if not self.contribution_due:
            return None
        return (self.contribution_paid * 100 / self.contribution_due).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class OutreachSection:
    """Outreach done in the period; ``recorded`` is False when nothing is recorded."""

    recorded: bool
    rows: list[tuple[str, int]] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class BudgetSection:
    """The yearly budget the BPU gap needs, against what was allocated."""

    bpu_gap: int | None
    declared_income: Decimal | None
    per_worker_monthly: Decimal | None
    months: int
    needed: Decimal | None
    allocated: Decimal | None
    basis: str
    allocated_note: str


@dataclass(frozen=True)
class QualityNote:
    subject: str
    message: str


@dataclass(frozen=True)
class ReportContent:
    """All the report's figures, in the report's language."""

    region_code: str
    region_name: str
    region_level: str
    period: ReportPeriod
    period_label: str
    language: str
    as_of: date
    generated_at: datetime
    generated_by: str
    coverage: list[CoverageRow]
    map: MapSection
    projects: ProjectSection
    outreach: OutreachSection
    budget: BudgetSection
    notes: list[QualityNote]

    def indicator(self, key: str) -> Indicator | None:
        """Return the coverage indicator with ``key`` (first match), if any."""
        return next((row.indicator for row in self.coverage if row.indicator.key == key), None)

    def summary(self) -> dict[str, Any]:
        """Return the headline figures as JSON (kept on the report row for the list)."""
        return {
            "coverage": [
                {
                    "key": row.indicator.key,
                    "numerator": row.indicator.numerator,
                    "denominator": row.indicator.denominator,
                    "percent": _json(row.indicator.percent),
                }
                for row in self.coverage
                if row.group == "headline"
            ],
            "projects": self.projects.projects,
            "registered": self.projects.registered,
            "contribution_due": _json(self.projects.contribution_due),
            "contribution_paid": _json(self.projects.contribution_paid),
            "budget_needed": _json(self.budget.needed),
            "notes": len(self.notes),
        }


def _json(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# ----------------------------------------------------------------------------- coverage


def _coverage(*, actor: User, region_code: str, period: ReportPeriod) -> list[CoverageRow]:
    year = period.year
    rows = [
        CoverageRow("headline", _("Headline"), indicator)
        for indicator in coverage_selectors.headline_indicators(
            actor=actor, code=region_code, year=year
        )
    ]
    for segment in WorkerSegment:
        target = coverage_selectors.current_target(
            region_code=region_code, segment=segment.value, year=year
        )
        rows.append(
            CoverageRow(
                "segment",
                _("Segment"),
                coverage_indicator(
                    key=f"segment.{segment.value}",
                    label=str(segment.label),
                    participants=None,
                    participants_source="",
                    workers=None,
                    workers_source="",
                    target_percent=target.percent if target else coverage_selectors.INPRES_TARGET,
                ),
            )
        )
    for sector in WorkerSector:
        figure = coverage_selectors.latest_published(region_code=region_code, sector=sector.value)
        denominator = coverage_selectors.current_denominator(
            region_code=region_code, sector=sector.value, year=year
        )
        if figure is None and denominator is None:
            continue
        rows.append(
            CoverageRow(
                "sector",
                _("Sector"),
                coverage_indicator(
                    key=f"sector.{sector.value}",
                    label=str(sector.label),
                    participants=figure.participants if figure else None,
                    participants_source=(
                        f"{figure.source} ({figure.as_of.isoformat()})" if figure else ""
                    ),
                    workers=denominator.workers if denominator else None,
                    workers_source=(
                        f"{denominator.source} ({denominator.year})" if denominator else ""
                    ),
                    target_percent=coverage_selectors.INPRES_TARGET,
                ),
            )
        )
    return rows


def _map(*, actor: User, region_code: str, level: str, period: ReportPeriod) -> MapSection:
    child_level = RegionLevel.DISTRICT if level == RegionLevel.REGENCY else RegionLevel.REGENCY
    areas = []
    for child in region_selectors.list_regions(level=child_level, parent_code=region_code):
        headline = coverage_selectors.headline_indicators(
            actor=actor, code=child.code, year=period.year
        )
        areas.append(MapArea(code=child.code, name=child.name, indicator=headline[0]))
    return MapSection(
        level=child_level,
        level_label=str(RegionLevel(child_level).label),
        metric_label=_("All workers (UCJ)"),
        areas=areas,
    )


# ----------------------------------------------------------------------------- projects


def _in_region(region_code: str) -> Q:
    return Q(region__code=region_code) | Q(region__code__startswith=region_code + ".")


def _rank(
    projects: Iterable[Project], key: Callable[[Project], tuple[Any, str] | None]
) -> list[project_selectors.Ranking]:
    """Group projects like ``projects.selectors.ranking`` does, worst first."""
    zero = Decimal(0)
    groups: dict[Any, dict[str, Any]] = {}
    for project in projects:
        found = key(project)
        if found is None:
            continue
        group = groups.setdefault(
            found[0],
            {"label": found[1], "n": 0, "value": zero, "due": zero, "paid": zero, "reg": 0},
        )
        group["n"] += 1
        group["value"] += project.contract_value or zero
        group["due"] += project.contribution_total or zero
        group["paid"] += project.paid_total or zero
        group["reg"] += project.registered_on is not None
    items = [
        project_selectors.Ranking(
            key=group_key,
            label=g["label"],
            projects=g["n"],
            contract_value=g["value"],
            contribution_due=g["due"],
            contribution_paid=g["paid"],
            registered=g["reg"],
        )
        for group_key, g in groups.items()
    ]
    return sorted(items, key=lambda r: (r.registered_pct, r.paid_pct, r.label))[:WORST_LIMIT]


def _projects(
    *, actor: User, region_code: str, period: ReportPeriod, as_of: date
) -> ProjectSection:
    projects = list(
        project_selectors.readable_projects(actor=actor)
        .filter(_in_region(region_code), fiscal_year=period.year)
        .select_related("agency", "ppk")
        .defer("contribution_detail")
        .order_by("pk")
    )
    compliance = project_selectors.compliance_of(projects, as_of=as_of)
    zero = Decimal(0)
    by_status: dict[str, list[tuple[Project, ComplianceStatus]]] = {}
    for project in projects:
        status = compliance[project.pk]
        by_status.setdefault(status.code, []).append((project, status))
    statuses = [
        StatusRow(
            code=str(code),
            label=str(STATUS_LABELS[code]),
            projects=len(members),
            contract_value=sum((p.contract_value or zero for p, _s in members), zero),
            contribution_due=sum((p.contribution_total or zero for p, _s in members), zero),
            contribution_paid=sum((p.paid_total or zero for p, _s in members), zero),
            outstanding=sum((s.outstanding for _p, s in members), zero),
        )
        for code in STATUS_ORDER
        if (members := by_status.get(code))
    ]
    active = [p for p in projects if p.stage != Stage.CANCELLED]
    registered = sum(1 for p in active if p.registered_on is not None)
    return ProjectSection(
        fiscal_year=period.year,
        as_of=as_of,
        projects=len(active),
        registered=registered,
        contract_value=sum((p.contract_value or zero for p in active), zero),
        contribution_due=sum((p.contribution_total or zero for p in active), zero),
        contribution_paid=sum((p.paid_total or zero for p in active), zero),
        outstanding=sum((compliance[p.pk].outstanding for p in active), zero),
        registration=coverage_indicator(
            key="projects.registered",
            label=_("Construction projects registered with BPJS Ketenagakerjaan"),
            participants=registered,
            participants_source=_("Lindung project register"),
            workers=len(active) or None,
            workers_source=_("Lindung project register"),
            target_percent=coverage_selectors.INPRES_TARGET,
        ),
        statuses=statuses,
        worst_agencies=_rank(active, lambda p: (p.agency_id, p.agency.name)),
        worst_ppks=_rank(active, lambda p: (p.ppk_id, p.ppk.name) if p.ppk else None),
    )


# ----------------------------------------------------------------------------- outreach, budget


def _outreach() -> OutreachSection:
    return OutreachSection(
        recorded=False,
        note=_("No outreach data recorded for this period."),
    )


def _budget(*, coverage: list[CoverageRow], as_of: date) -> BudgetSection:
    bpu = next((r.indicator for r in coverage if r.indicator.key == "segment.bpu"), None)
    gap = bpu.gap_people if bpu is not None else None
    allocated_note = _("No budget allocation recorded for this period.")
    if gap is None:
        return BudgetSection(
            bpu_gap=None,
            declared_income=None,
            per_worker_monthly=None,
            months=BUDGET_MONTHS,
            needed=None,
            allocated=None,
            basis=_(
                "The budget needed cannot be computed: there is no BPU participant and "
                "workforce figure for this region."
            ),
            allocated_note=allocated_note,
        )
    params = regulation_selectors.parameter_set()
    income = params.at(as_of).decimal("bpu.income_min")
    per_worker = bpu_contribution(income, as_of, params).per_worker_monthly
    return BudgetSection(
        bpu_gap=gap,
        declared_income=income,
        per_worker_monthly=per_worker,
        months=BUDGET_MONTHS,
        needed=per_worker * gap * BUDGET_MONTHS,
        allocated=None,
        basis=_(
            "%(gap)s non-wage (BPU) workers short of the target, times JKK and JKM at the minimum "
            "declared income (%(per_worker)s a month), for %(months)s months."
        )
        % {"gap": number(gap), "per_worker": rupiah(per_worker), "months": BUDGET_MONTHS},
        allocated_note=allocated_note,
    )


# ----------------------------------------------------------------------------- quality


def _notes(
    *,
    region_code: str,
    coverage: list[CoverageRow],
    map_section: MapSection,
    projects: ProjectSection,
) -> list[QualityNote]:
    notes: list[QualityNote] = []

    def add(subject: str, flags: Iterable[QualityFlag]) -> None:
        notes.extend(QualityNote(subject, flag.message) for flag in flags)

    for row in coverage:
        add(row.indicator.label, row.indicator.flags)
    for figure, flags in coverage_selectors.published_figures(region_code=region_code):
        add(
            _("Published figure: %(source)s (%(as_of)s)")
            % {"source": figure.source, "as_of": figure.as_of.isoformat()},
            flags,
        )
    missing = [a.name for a in map_section.areas if a.indicator.percent is None]
    if missing:
        notes.append(
            QualityNote(
                _("Map"),
                _("No coverage figure for %(count)s of %(total)s areas: %(names)s.")
                % {
                    "count": len(missing),
                    "total": len(map_section.areas),
                    "names": ", ".join(missing),
                },
            )
        )
    incomplete = next(
        (s.projects for s in projects.statuses if s.code == Compliance.MISSING_DATA), 0
    )
    if incomplete:
        notes.append(
            QualityNote(
                _("Construction projects"),
                _(
                    "%(count)s projects lack the SPK date or the contract value, so their "
                    "compliance cannot be judged."
                )
                % {"count": incomplete},
            )
        )
    return notes


def build_content(
    *,
    actor: User,
    region_code: str,
    period: ReportPeriod,
    as_of: date,
    language: str,
    generated_at: datetime,
    generated_by: str,
    progress: Progress = _noop,
) -> ReportContent:
    """Return every figure of the report for a region and half-year, judged on ``as_of``."""
    steps = 6
    region = region_selectors.get_region(code=region_code)
    progress(0, steps, _("Coverage"))
    coverage = _coverage(actor=actor, region_code=region_code, period=period)
    progress(1, steps, _("Map"))
    map_section = _map(actor=actor, region_code=region_code, level=region.level, period=period)
    progress(2, steps, _("Construction projects"))
    projects = _projects(actor=actor, region_code=region_code, period=period, as_of=as_of)
    progress(3, steps, _("Outreach"))
    outreach = _outreach()
    progress(4, steps, _("Budget"))
    budget = _budget(coverage=coverage, as_of=as_of)
    progress(5, steps, _("Data quality"))
    notes = _notes(
        region_code=region_code, coverage=coverage, map_section=map_section, projects=projects
    )
    progress(6, steps, _("Figures ready"))
    return ReportContent(
        region_code=region.code,
        region_name=region.name,
        region_level=region.level,
        period=period,
        period_label=period.label(),
        language=language,
        as_of=as_of,
        generated_at=generated_at,
        generated_by=generated_by,
        coverage=coverage,
        map=map_section,
        projects=projects,
        outreach=outreach,
        budget=budget,
        notes=notes,
    )
