"""Coverage indicators of a region, its children, sectors, segments and extracts over time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.coverage.indicators import (
    Check,
    Indicator,
    QualityFlag,
    coverage_indicator,
)
from lindung.coverage.models import (
    ALL,
    PublishedFigure,
    Target,
    WorkforceDenominator,
)
from lindung.coverage.selectors.scope import access_dashboard_region
from lindung.coverage.selectors.sources import (
    INPRES_SOURCE,
    INPRES_TARGET,
    BudgetBasis,
    Counts,
    CoverageFilters,
    ParticipantSource,
    SourceKind,
    bpu_budget_basis,
    current_denominator,
    current_denominators,
    current_target,
    current_targets,
    latest_published,
    latest_published_many,
    participant_source,
    sector_label,
    segment_label,
    snapshot_counts,
    snapshot_label,
)
from lindung.participants import selectors as participant_selectors
from lindung.regions import selectors as region_selectors
from lindung.regions.models import Region, RegionLevel
from lindung.rules.coverage import coverage_percentage
from lindung.workers.models import Sector as WorkerSector
from lindung.workers.models import Segment as WorkerSegment

# Where the snapshot counts keep each level's code.
STAT_GROUP = {RegionLevel.PROVINCE: "regency_code", RegionLevel.REGENCY: "district_code"}


# ----------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class _Context:
    """What every indicator of one request shares: filters, source and budget basis."""

    filters: CoverageFilters
    source: ParticipantSource
    budget: BudgetBasis | None


def _context(filters: CoverageFilters, region: Region) -> _Context:
    source = participant_source(year=filters.year, on_or_before=filters.cutoff)
    if region.level == RegionLevel.VILLAGE:
        # Extracts are counted down to districts: a village has no participant figure.
        source = ParticipantSource(
            kind=SourceKind.NONE,
            label=_("Participant extracts are counted down to districts only"),
            as_of=source.as_of,
        )
    return _Context(filters=filters, source=source, budget=bpu_budget_basis(year=filters.year))


def _target_source(target: Target | None) -> str:
    if target is None:
        return _("%(source)s (no target recorded)") % {"source": INPRES_SOURCE}
    return f"{target.source} ({target.region_id}, {target.year})"


def _build(
    ctx: _Context,
    *,
    key: str,
    label: str,
    counts: Counts | None,
    previous: Counts | None,
    published: PublishedFigure | None,
    denominator: WorkforceDenominator | None,
    target: Target | None,
) -> Indicator:
    """Return one indicator from whichever participant source the context has."""
    if ctx.source.kind == SourceKind.SNAPSHOT:
        found = counts or Counts()
        participants: int | None = found.covered
        lapsed: int | None = found.lapsed
        new = found.new if ctx.source.previous is not None else None
        before = (previous or Counts()).covered if ctx.source.previous is not None else None
        source = ctx.source.label
        has_data = found.has_data
    else:
        participants = published.participants if published else None
        lapsed = new = before = None
        source = (
            f"{published.source} ({published.as_of.isoformat()})" if published is not None else ""
        )
        has_data = published is not None
    return coverage_indicator(
        key=key,
        label=label,
        participants=participants,
        participants_source=source,
        workers=denominator.workers if denominator else None,
        workers_source=f"{denominator.source} ({denominator.year})" if denominator else "",
        target_percent=target.percent if target else INPRES_TARGET,
        target_source=_target_source(target),
        lapsed=lapsed,
        new=new,
        previous=before,
        monthly_per_worker=ctx.budget.monthly_per_worker if ctx.budget else None,
        has_data=has_data,
    )


def _counts_pair(
    ctx: _Context, *, region: Region, sector: str, segment: str, group_by: str | None
) -> tuple[dict[str, Counts], dict[str, Counts]]:
    """Return (this extract, previous extract) counts, empty without an extract."""
    source = ctx.source
    if source.snapshot is None or region.level == RegionLevel.VILLAGE:
        return {}, {}
    kwargs: dict[str, Any] = {
        "region_code": region.code,
        "sector": sector,
        "segment": segment,
        "group_by": group_by,
    }
    now = snapshot_counts(snapshot=source.snapshot, **kwargs)
    before = snapshot_counts(snapshot=source.previous, **kwargs) if source.previous else {}
    return now, before


def _total(counts: dict[str, Counts]) -> Counts:
    total = Counts()
    for value in counts.values():
        total = total + value
    return total


def headline_indicators(
    *, actor: User, code: str | None, year: int, as_of: date | None = None
) -> list[Indicator]:
    """Return the region's two official indicators against target: UCJ and construction.

    ``as_of`` limits the figures to data dated up to that day (default: the year's end).

    UCJ is all protected participants over the whole workforce against the ``all`` segment
    target; construction is participants in the construction sector over construction
    workers against the Jakon target (Inpres 2/2021: 100%).
    """
    region = access_dashboard_region(actor=actor, code=code)
    ctx = _context(CoverageFilters(year=year, as_of=as_of), region)
    indicators = []
    for sector, segment, key, label in (
        (ALL, ALL, "ucj", _("All workers (UCJ)")),
        (WorkerSector.CONSTRUCTION, WorkerSegment.JAKON, "construction", _("Construction workers")),
    ):
        now, before = _counts_pair(ctx, region=region, sector=sector, segment=ALL, group_by=None)
        indicators.append(
            _build(
                ctx,
                key=key,
                label=str(label),
                counts=now.get(""),
                previous=before.get(""),
                published=latest_published(
                    region_code=region.code, sector=sector, on_or_before=ctx.filters.cutoff
                ),
                denominator=current_denominator(region_code=region.code, sector=sector, year=year),
                target=current_target(region_code=region.code, segment=segment, year=year),
            )
        )
    return indicators


@dataclass(frozen=True)
class RegionFigure:
    """One child region's indicator; ``region`` is None for participants without a region."""

    code: str
    name: str
    region: Region | None
    indicator: Indicator

    @property
    def drillable(self) -> bool:
        """Return whether the region has its own dashboard below it."""
        return self.region is not None and self.region.level in (
            RegionLevel.REGENCY,
            RegionLevel.DISTRICT,
        )


@dataclass(frozen=True)
class CoverageTable:
    """A region's indicator for the filters, and the same for each of its children."""

    region: Region
    filters: CoverageFilters
    source: ParticipantSource
    budget: BudgetBasis | None
    total: Indicator
    rows: list[RegionFigure]
    child_level: str | None

    @property
    def mapped_level(self) -> str | None:
        """Return the boundary level drawn on the map (regencies or districts), if any."""
        if self.child_level in (RegionLevel.REGENCY, RegionLevel.DISTRICT):
            return self.child_level
        return None


def coverage_table(*, actor: User, code: str | None, filters: CoverageFilters) -> CoverageTable:
    """Return the region's coverage and its children's (regencies or districts), scoped.

    Participants without a child code in the extract ("not stated") get their own row, so
    the rows add up to the region's total. A district's children are villages, which the
    extract does not count: its table has no rows.
    """
    region = access_dashboard_region(actor=actor, code=code)
    ctx = _context(filters, region)
    level = RegionLevel(region.level)
    group = STAT_GROUP.get(level)
    children = list(region_selectors.list_regions(parent_code=region.code)) if group else []
    codes = [region.code, *(c.code for c in children)]
    now, before = _counts_pair(
        ctx, region=region, sector=filters.sector, segment=filters.segment, group_by=group
    )
    denominators = current_denominators(
        region_codes=codes, sectors=[filters.sector], year=filters.year
    )
    targets = current_targets(region_codes=codes, segments=[filters.segment], year=filters.year)
    published = (
        latest_published_many(
            region_codes=codes, sectors=[filters.sector], on_or_before=filters.cutoff
        )
        if filters.segment == ALL
        else {}
    )

    def build(key: str, label: str, counts: Counts | None, previous: Counts | None) -> Indicator:
        return _build(
            ctx,
            key=key,
            label=label,
            counts=counts,
            previous=previous,
            published=published.get((key, filters.sector)),
            denominator=denominators.get((key, filters.sector)),
            target=targets.get((key, filters.segment)),
        )

    total = build(region.code, region.name, _total(now), _total(before))
    rows = [
        RegionFigure(
            code=child.code,
            name=child.name,
            region=child,
            indicator=build(child.code, child.name, now.get(child.code), before.get(child.code)),
        )
        for child in children
    ]
    known = {child.code for child in children}
    unstated = Counts()
    unstated_before = Counts()
    for key, value in now.items():
        if key not in known:
            unstated = unstated + value
    for key, value in before.items():
        if key not in known:
            unstated_before = unstated_before + value
    if group and unstated.has_data:
        label = (
            _("Regency not stated") if level == RegionLevel.PROVINCE else _("District not stated")
        )
        indicator = replace(
            build("", label, unstated, unstated_before),
            flags=(),  # no workforce or target exists for "not stated"
        )
        rows.append(RegionFigure(code="", name=label, region=None, indicator=indicator))
    child_level = children[0].level if children else None
    return CoverageTable(
        region=region,
        filters=filters,
        source=ctx.source,
        budget=ctx.budget,
        total=total,
        rows=rows,
        child_level=child_level,
    )


def breakdown(
    *, actor: User, code: str | None, filters: CoverageFilters, by: str
) -> list[Indicator]:
    """Return the region's coverage per sector (``by="sector"``) or segment (``"segment"``).

    Per sector, each sector's participants over its own workforce figure, within the segment
    filter. Per segment, each segment's participants over the workforce of the sector filter
    (workforce figures have no segment split), against the segment's target.
    """
    if by not in {"sector", "segment"}:
        raise ValueError(f"unknown breakdown {by!r}")
    region = access_dashboard_region(actor=actor, code=code)
    ctx = _context(filters, region)
    sector_filter = ALL if by == "sector" else filters.sector
    segment_filter = ALL if by == "segment" else filters.segment
    now, before = _counts_pair(
        ctx, region=region, sector=sector_filter, segment=segment_filter, group_by=by
    )
    keys: list[str] = list(WorkerSector.values) if by == "sector" else list(WorkerSegment.values)
    keys += sorted(k for k in now if k not in keys)
    sectors = keys if by == "sector" else [filters.sector]
    segments = [filters.segment] if by == "sector" else keys
    denominators = current_denominators(
        region_codes=[region.code], sectors=sectors, year=filters.year
    )
    targets = current_targets(region_codes=[region.code], segments=segments, year=filters.year)
    published = (
        latest_published_many(
            region_codes=[region.code], sectors=sectors, on_or_before=filters.cutoff
        )
        if by == "sector" and filters.segment == ALL
        else {}
    )
    items = []
    for key in keys:
        sector = key if by == "sector" else filters.sector
        segment = filters.segment if by == "sector" else key
        indicator = _build(
            ctx,
            key=key,
            label=sector_label(key) if by == "sector" else segment_label(key),
            counts=now.get(key),
            previous=before.get(key),
            published=published.get((region.code, sector)),
            denominator=denominators.get((region.code, sector)),
            target=targets.get((region.code, segment)),
        )
        if indicator.denominator is None and (
            indicator.numerator is None or (by == "sector" and indicator.numerator == 0)
        ):
            continue  # nothing to say about this sector: leave it out of the chart
        items.append(indicator)
    return items


@dataclass(frozen=True)
class TrendPoint:
    """Protected participants on one extract (or published) date, with coverage."""

    as_of: date
    participants: int
    lapsed: int | None
    workers: int | None
    source: str

    @property
    def percent(self) -> Decimal | None:
        """Return coverage of the workforce of that year, if known."""
        return coverage_percentage(self.participants, self.workers) if self.workers else None


def trend(*, actor: User, code: str | None, filters: CoverageFilters) -> list[TrendPoint]:
    """Return protected participants per loaded extract up to the year's end, oldest first.

    Without any extract, the region's published figures over time (no segment split).
    """
    region = access_dashboard_region(actor=actor, code=code)
    workers = {
        d.year: d
        for d in WorkforceDenominator.objects.filter(
            region_id=region.code, sector=filters.sector, superseded_by__isnull=True
        ).order_by("year", "id")
    }

    def workers_in(year: int) -> int | None:
        years = [y for y in workers if y <= year]
        return workers[max(years)].workers if years else None

    snapshots = list(
        participant_selectors.loaded_snapshots()
        .filter(extract_date__lte=filters.cutoff)
        .order_by("extract_date", "pk")
    )
    if region.level == RegionLevel.VILLAGE:
        return []
    if snapshots:
        per_snapshot = snapshot_counts(
            snapshot=snapshots,
            region_code=region.code,
            sector=filters.sector,
            segment=filters.segment,
            group_by="snapshot_id",
        )
        points = []
        for snapshot in snapshots:
            counts = per_snapshot.get(str(snapshot.pk), Counts())
            points.append(
                TrendPoint(
                    as_of=snapshot.extract_date,
                    participants=counts.covered,
                    lapsed=counts.lapsed,
                    workers=workers_in(snapshot.extract_date.year),
                    source=snapshot_label(snapshot),
                )
            )
        return points
    if filters.segment != ALL:
        return []
    return [
        TrendPoint(
            as_of=figure.as_of,
            participants=figure.participants,
            lapsed=None,
            workers=workers_in(figure.as_of.year),
            source=figure.source,
        )
        for figure in PublishedFigure.objects.filter(
            region_id=region.code, sector=filters.sector, as_of__lte=filters.cutoff
        ).order_by("as_of", "id")
    ]


# ----------------------------------------------------------------------------- quality


@dataclass(frozen=True)
class FlagRow:
    """One data-quality finding, where it was found."""

    code: str
    name: str
    flag: QualityFlag
    drillable: bool = False


def quality_flags(
    table: CoverageTable, published: Sequence[tuple[PublishedFigure, list[QualityFlag]]] = ()
) -> list[FlagRow]:
    """Return every data-quality finding of a coverage table and the published figures."""
    found = [FlagRow(table.region.code, table.region.name, flag) for flag in table.total.flags]
    for row in table.rows:
        found.extend(
            FlagRow(row.code, row.name, flag, drillable=row.drillable)
            for flag in row.indicator.flags
        )
    for figure, flags in published:
        found.extend(
            FlagRow(
                table.region.code,
                f"{table.region.name}: {figure.source} ({figure.as_of.isoformat()})",
                flag,
            )
            for flag in flags
            if flag.check == Check.PERCENT_MISMATCH
        )
    return sorted_flags(found)


def sorted_flags(flags: Iterable[FlagRow]) -> list[FlagRow]:
    """Return data-quality findings by check, then region code."""
    order = list(Check)
    return sorted(flags, key=lambda f: (order.index(f.flag.check), f.code))
