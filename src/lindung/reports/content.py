"""Every figure of the semi-annual Inpres 2/2021 report, assembled once (``build_content``).

The PDF and the XLSX are both written from one ``ReportContent``, so they cannot disagree.
Figures come from the other apps' selectors (coverage, projects, regions, regulations); this
module only groups and totals them. Call it inside ``translation.override(language)``: labels
and notes are translated while they are built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.coverage import selectors as coverage_selectors
from lindung.coverage.indicators import Indicator, coverage_indicator
from lindung.outreach import selectors as outreach_selectors
from lindung.outreach.budget import selectors as budget_selectors
from lindung.outreach.funnel import FunnelGroup, conversion_funnel
from lindung.projects import list_selectors as project_list_selectors
from lindung.projects import selectors as project_selectors
from lindung.projects.compliance import Compliance, ComplianceStatus
from lindung.projects.list_selectors import STATUS_LABELS
from lindung.projects.models import Project, Stage
from lindung.regions import selectors as region_selectors
from lindung.regions.models import RegionLevel
from lindung.reports.formatting import number
from lindung.rules.coverage import amount_percentage

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
    """A child region's coverage: one area of the map (``code`` is empty for "not stated")."""

    code: str
    name: str
    indicator: Indicator


@dataclass(frozen=True)
class MapSection:
    level: str
    level_label: str
    metric_label: str
    source: str
    source_date: date | None
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
        return amount_percentage(self.contribution_paid, self.contribution_due)


@dataclass(frozen=True)
class OutreachRow:
    """Outreach events of one audience sector (or the total): reached to still active."""

    label: str
    events: int
    reached: int
    registered: int
    without_nik: int
    paid: int | None
    active_3: int | None
    active_6: int | None


@dataclass(frozen=True)
class OutreachSection:
    """Outreach held in the period; ``recorded`` is False when nothing is recorded."""

    recorded: bool
    rows: list[OutreachRow]
    total: OutreachRow | None
    contacts: int
    note: str


@dataclass(frozen=True)
class BudgetLine:
    """One funding source: needed in adopted plans, allocated and spent in the year."""

    label: str
    needed: Decimal | None
    allocated: Decimal
    spent: Decimal


@dataclass(frozen=True)
class BudgetSection:
    """The yearly budget the gap to target needs, against what was planned and allocated."""

    gap_people: int | None
    declared_income: Decimal | None
    per_worker_monthly: Decimal | None
    months: int
    needed: Decimal | None
    basis: str
    planned: Decimal | None
    allocated: Decimal
    spent: Decimal
    lines: list[BudgetLine]
    allocation_note: str


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
        """Return the headline or breakdown indicator with ``key`` (first match), if any."""
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
            "budget_allocated": _json(self.budget.allocated),
            "outreach_events": self.outreach.total.events if self.outreach.total else 0,
            "notes": len(self.notes),
        }


def _json(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# ----------------------------------------------------------------------------- coverage


def _registry_indicator(registry: coverage_selectors.RegistryCoverage) -> Indicator | None:
    """Return the registry's measured coverage as an indicator (None without a run)."""
    total = registry.total
    if total is None:
        return None
    return coverage_indicator(
        key="registry",
        label=_("Registry workers protected (reconciled with BPJS)"),
        participants=total.counts.covered,
        participants_source=registry.source,
        workers=total.counts.workers,
        workers_source=_("Lindung worker registry"),
        target_percent=coverage_selectors.INPRES_TARGET,
        target_source=coverage_selectors.INPRES_SOURCE,
        lapsed=total.counts.lapsed,
    )


def _coverage(
    *,
    actor: User,
    region_code: str,
    period: ReportPeriod,
    registry: coverage_selectors.RegistryCoverage,
) -> list[CoverageRow]:
    filters = coverage_selectors.CoverageFilters(year=period.year, as_of=period.end)
    registry_indicator = _registry_indicator(registry)
    groups = [
        (
            "headline",
            _("Headline"),
            coverage_selectors.headline_indicators(
                actor=actor, code=region_code, year=period.year, as_of=period.end
            ),
        ),
        (
            "segment",
            _("By segment"),
            coverage_selectors.breakdown(
                actor=actor, code=region_code, filters=filters, by="segment"
            ),
        ),
        (
            "sector",
            _("By sector"),
            coverage_selectors.breakdown(
                actor=actor, code=region_code, filters=filters, by="sector"
            ),
        ),
        ("registry", _("Lindung registry"), [registry_indicator] if registry_indicator else []),
    ]
    return [
        CoverageRow(group, label, indicator)
        for group, label, indicators in groups
        for indicator in indicators
    ]


def _map(
    *, actor: User, region_code: str, period: ReportPeriod
) -> tuple[MapSection, coverage_selectors.CoverageTable]:
    """Return the children's coverage (the map) and the coverage table it comes from."""
    table = coverage_selectors.coverage_table(
        actor=actor,
        code=region_code,
        filters=coverage_selectors.CoverageFilters(year=period.year, as_of=period.end),
    )
    level = table.mapped_level or ""
    section = MapSection(
        level=level,
        level_label=str(RegionLevel(level).label) if level else "",
        metric_label=_("All workers (UCJ)"),
        source=table.source.label,
        source_date=table.source.as_of,
        areas=[
            MapArea(code=row.code, name=row.name, indicator=row.indicator) for row in table.rows
        ],
    )
    return section, table


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
    compliance = project_list_selectors.compliance_for(projects, as_of=as_of)
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


# ----------------------------------------------------------------------------- outreach


def _outreach_row(label: str, row: Any) -> OutreachRow:
    return OutreachRow(
        label=label,
        events=row.events,
        reached=row.reached,
        registered=row.registered,
        without_nik=row.without_nik,
        paid=row.paid,
        active_3=row.active_3,
        active_6=row.active_6,
    )


def _outreach(*, actor: User, region_code: str, period: ReportPeriod) -> OutreachSection:
    filters = outreach_selectors.EventFilters(
        region=region_code, date_from=period.start, date_to=period.end
    )
    funnel = conversion_funnel(actor=actor, group=FunnelGroup.SECTOR, filters=filters)
    contacts = (
        outreach_selectors.readable_contacts(actor=actor)
        .filter(
            _in_region_code(region_code),
            contacted_on__gte=period.start,
            contacted_on__lte=period.end,
        )
        .count()
    )
    recorded = bool(funnel.rows) or contacts > 0
    if not recorded:
        note = _("No outreach data recorded for this period.")
    elif not funnel.has_snapshot:
        note = _("Paid and still-active registrations need a loaded BPJS participant extract.")
    else:
        note = _(
            "Paid and still-active registrations are matched by NIK in BPJS participant "
            "extracts; registrations without a valid NIK are counted apart."
        )
    return OutreachSection(
        recorded=recorded,
        rows=[_outreach_row(row.label, row) for row in funnel.rows],
        total=_outreach_row(_("Total"), funnel.total) if funnel.rows else None,
        contacts=contacts,
        note=note,
    )


def _in_region_code(region_code: str) -> Q:
    return Q(region_code=region_code) | Q(region_code__startswith=region_code + ".")


# ----------------------------------------------------------------------------- budget


def _budget(
    *, actor: User, region_code: str, coverage: list[CoverageRow], period: ReportPeriod
) -> BudgetSection:
    ucj = next((r.indicator for r in coverage if r.indicator.key == "ucj"), None)
    basis = coverage_selectors.bpu_budget_basis(year=period.year)
    summary = budget_selectors.budget_summary(
        region_code=region_code, year=period.year, actor=actor
    )
    gap = ucj.gap_people if ucj is not None else None
    needed = ucj.gap_rupiah if ucj is not None else None
    if needed is None or basis is None:
        explanation = _(
            "The budget needed cannot be computed: the region has no participant figure, "
            "workforce figure or BPU contribution in force for this year."
        )
    else:
        explanation = _(
            "%(gap)s workers short of the coverage target, each covered for %(months)s months "
            "as a non-wage (BPU) participant: %(source)s. An upper bound, since employers pay "
            "for wage earners."
        ) % {"gap": number(gap), "source": basis.source, "months": BUDGET_MONTHS}
    if summary.plans:
        allocation_note = _("Planned: the budget plans adopted for this region and year.")
    else:
        allocation_note = _("No budget plan adopted for this region and year.")
    return BudgetSection(
        gap_people=gap,
        declared_income=basis.declared_income if basis else None,
        per_worker_monthly=basis.monthly_per_worker if basis else None,
        months=BUDGET_MONTHS,
        needed=needed,
        basis=explanation,
        planned=summary.needed,
        allocated=summary.allocated,
        spent=summary.spent,
        lines=[
            BudgetLine(
                label=line.label, needed=line.needed, allocated=line.allocated, spent=line.spent
            )
            for line in summary.lines
            if line.needed or line.allocated or line.spent
        ],
        allocation_note=allocation_note,
    )


# ----------------------------------------------------------------------------- quality


def _notes(
    *,
    region_code: str,
    period: ReportPeriod,
    coverage: list[CoverageRow],
    map_section: MapSection,
    table: coverage_selectors.CoverageTable,
    projects: ProjectSection,
    registry: coverage_selectors.RegistryCoverage,
) -> list[QualityNote]:
    """Return every data-quality finding once, with the places it was found in."""
    found: dict[str, list[str]] = {}

    def add(subject: str, message: str) -> None:
        subjects = found.setdefault(message, [])
        if subject not in subjects:
            subjects.append(subject)

    # The figures count only data dated up to the half-year's end; older data is flagged.
    if map_section.source_date is not None and map_section.source_date < period.start:
        add(
            _("Participant figures"),
            _(
                "The newest participant figures up to the end of the half-year are dated "
                "%(date)s, before the half-year began (%(start)s)."
            )
            % {
                "date": map_section.source_date.isoformat(),
                "start": period.start.isoformat(),
            },
        )
    published = coverage_selectors.published_figures(region_code=region_code)
    for flag_row in coverage_selectors.quality_flags(table, published) + registry.flag_rows():
        add(flag_row.name, flag_row.flag.message)
    for row in coverage:
        for flag in row.indicator.flags:
            add(row.indicator.label, flag.message)
    incomplete = next(
        (s.projects for s in projects.statuses if s.code == Compliance.MISSING_DATA), 0
    )
    if incomplete:
        add(
            _("Construction projects"),
            _(
                "%(count)s projects lack the SPK date or the contract value, so their "
                "compliance cannot be judged."
            )
            % {"count": incomplete},
        )
    return [QualityNote(", ".join(subjects), message) for message, subjects in found.items()]


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
    registry = coverage_selectors.registry_coverage(
        actor=actor,
        code=region_code,
        filters=coverage_selectors.CoverageFilters(year=period.year, as_of=period.end),
    )
    coverage = _coverage(actor=actor, region_code=region_code, period=period, registry=registry)
    progress(1, steps, _("Map"))
    map_section, table = _map(actor=actor, region_code=region_code, period=period)
    progress(2, steps, _("Construction projects"))
    projects = _projects(actor=actor, region_code=region_code, period=period, as_of=as_of)
    progress(3, steps, _("Outreach"))
    outreach = _outreach(actor=actor, region_code=region_code, period=period)
    progress(4, steps, _("Budget"))
    budget = _budget(actor=actor, region_code=region_code, coverage=coverage, period=period)
    progress(5, steps, _("Data quality"))
    notes = _notes(
        region_code=region_code,
        period=period,
        coverage=coverage,
        map_section=map_section,
        table=table,
        projects=projects,
        registry=registry,
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
