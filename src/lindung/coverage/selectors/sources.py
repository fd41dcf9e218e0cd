"""Filters and the sources behind every figure: extract counts, workforce, targets, budget.

Protected participants come from the newest loaded BPJS participant snapshot dated on or
before the end of the year (its pre-aggregated counts, read only through ``snapshot_counts``),
else from published figures. Workforce figures and targets are the managed rows of this app.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from urllib.parse import urlencode

from django.db.models import (
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.coverage.indicators import (
    QualityFlag,
    check_published,
    format_count,
)
from lindung.coverage.models import (
    ALL,
    SECTOR_CHOICES,
    SEGMENT_CHOICES,
    PublishedFigure,
    Target,
    WorkforceDenominator,
)
from lindung.participants import selectors as participant_selectors
from lindung.participants.models import Snapshot, Standing
from lindung.regulations import selectors as regulation_selectors
from lindung.rules import RulesError, bpu_contribution
from lindung.workers.models import Sector as WorkerSector
from lindung.workers.models import Segment as WorkerSegment

PROVINCE = "61"
# Inpres 2/2021: every worker protected.
INPRES_TARGET = Decimal(100)
INPRES_SOURCE = "Inpres 2/2021"
# Projects are construction work: they belong to these sector and segment filters only.
PROJECT_SECTORS = frozenset({ALL, WorkerSector.CONSTRUCTION})
PROJECT_SEGMENTS = frozenset({ALL, WorkerSegment.JAKON})


# ----------------------------------------------------------------------------- filters


def reference_date(*, year: int, today: date | None = None) -> date:
    """Return the day figures of ``year`` are taken on: today, or the year's last day."""
    today = today or timezone.localdate()
    if year == today.year:
        return today
    return date(year, 12, 31) if year < today.year else date(year, 1, 1)


@dataclass(frozen=True)
class CoverageFilters:
    """What the dashboard, exports and reports are filtered by (kept in the URL)."""

    year: int
    sector: str = ALL
    segment: str = ALL
    # The year a link without ``?year=`` means (this year); None keeps the year in links.
    default_year: int | None = field(default=None, compare=False)
    # The last day whose extracts and figures count (a report's half-year end); None is the
    # year's end. Not part of the URL: the dashboard always shows whole years.
    as_of: date | None = None
    # The construction projects' funding source (``projects.FundingLevel``); participants
    # and workers have no funding source, so only the project figures follow it.
    funding: str = ALL

    def __post_init__(self) -> None:
        if self.as_of is not None and self.as_of.year != self.year:
            raise ValueError("as_of must fall in the filtered year")

    @property
    def cutoff(self) -> date:
        """Return the last day that counts: newer extracts and figures are left out."""
        return self.as_of or date(self.year, 12, 31)

    def params(self) -> dict[str, str]:
        """Return the query-string parameters, defaults left out (so plain links stay plain)."""
        params = {} if self.year == self.default_year else {"year": str(self.year)}
        if self.sector != ALL:
            params["sector"] = self.sector
        if self.segment != ALL:
            params["segment"] = self.segment
        if self.funding != ALL:
            params["funding"] = self.funding
        return params

    def query(self) -> str:
        """Return the filters as a URL query string (without ``?``)."""
        return urlencode(self.params())

    @property
    def includes_projects(self) -> bool:
        """Return whether construction projects belong to this sector and segment."""
        return self.sector in PROJECT_SECTORS and self.segment in PROJECT_SEGMENTS


def available_years(*, today: date | None = None) -> list[int]:
    """Return the years with any coverage data, and the current year, newest first."""
    today = today or timezone.localdate()
    years = {today.year}
    years.update(
        d.year
        for d in participant_selectors.loaded_snapshots().values_list("extract_date", flat=True)
    )
    years.update(WorkforceDenominator.objects.values_list("year", flat=True).distinct())
    years.update(Target.objects.filter(year__lte=today.year + 5).values_list("year", flat=True))
    years.update(d.year for d in PublishedFigure.objects.values_list("as_of", flat=True))
    return sorted(years, reverse=True)


SECTOR_LABELS = dict(SECTOR_CHOICES)
SEGMENT_LABELS = dict(SEGMENT_CHOICES)


def sector_label(value: str) -> str:
    """Return a sector's label ("Sector not stated" for participants without one)."""
    return str(SECTOR_LABELS.get(value, value)) if value else _("Sector not stated")


def segment_label(value: str) -> str:
    """Return a segment's label."""
    return str(SEGMENT_LABELS.get(value, value)) if value else _("Segment not stated")


# ----------------------------------------------------------------------------- sources


class SourceKind(StrEnum):
    SNAPSHOT = "snapshot"
    PUBLISHED = "published"
    NONE = "none"


@dataclass(frozen=True)
class ParticipantSource:
    """Where the participant counts of a year come from, stated with every figure."""

    kind: SourceKind
    label: str
    as_of: date | None
    snapshot: Snapshot | None = None
    previous: Snapshot | None = None


def snapshot_label(snapshot: Snapshot) -> str:
    """Return how a snapshot is cited as a source."""
    return _("BPJS Ketenagakerjaan participant extract of %(date)s") % {
        "date": snapshot.extract_date.isoformat()
    }


def participant_source(*, year: int, on_or_before: date | None = None) -> ParticipantSource:
    """Return the participant source for ``year``: the newest loaded extract, else published.

    Only extracts and figures dated up to ``on_or_before`` (default: the year's end) count,
    so a first half-year report does not use a July extract.
    """
    end = on_or_before or date(year, 12, 31)
    snapshot = participant_selectors.latest_snapshot(on_or_before=end)
    if snapshot is not None:
        previous = snapshot.previous if snapshot.previous_id else None
        if previous is None or not previous.is_loaded:
            previous = participant_selectors.latest_snapshot(
                on_or_before=snapshot.extract_date - timedelta(days=1)
            )
        return ParticipantSource(
            kind=SourceKind.SNAPSHOT,
            label=snapshot_label(snapshot),
            as_of=snapshot.extract_date,
            snapshot=snapshot,
            previous=previous,
        )
    latest = (
        PublishedFigure.objects.filter(as_of__lte=end).order_by("-as_of").values("as_of").first()
    )
    if latest is not None:
        return ParticipantSource(
            kind=SourceKind.PUBLISHED, label=_("Published figures"), as_of=latest["as_of"]
        )
    return ParticipantSource(kind=SourceKind.NONE, label=_("No participant data"), as_of=None)


@dataclass(frozen=True)
class Counts:
    """Participants of one group in one extract: protected, lapsed and new since the last."""

    covered: int = 0
    lapsed: int = 0
    new: int = 0

    @property
    def has_data(self) -> bool:
        """Return whether the extract holds any participant of the group."""
        return self.covered + self.lapsed > 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.covered + other.covered, self.lapsed + other.lapsed, self.new + other.new
        )


def snapshot_counts(
    *,
    snapshot: Snapshot | Sequence[Snapshot],
    region_code: str = PROVINCE,
    sector: str = ALL,
    segment: str = ALL,
    group_by: str | None = None,
) -> dict[str, Counts]:
    """Return a snapshot's participant counts in a region, optionally grouped.

    ``region_code`` is the province, a regency or a district (the extract counts go no
    lower). ``group_by`` is a count column: ``regency_code``, ``district_code``, ``sector``,
    ``segment`` or, over several snapshots, ``snapshot_id``; without it the one key is
    ``""``. Participants gone since the previous extract are not counted.
    """
    if region_code.count(".") > 2:
        raise ValueError("snapshot counts go down to districts only")
    stats = participant_selectors.snapshot_stats(
        snapshot=snapshot, region_code="" if region_code == PROVINCE else region_code
    )
    if sector != ALL:
        stats = stats.filter(sector=sector)
    if segment != ALL:
        stats = stats.filter(segment=segment)
    fields = [group_by] if group_by else []
    rows = stats.values(*fields, "standing", "change").annotate(n=Sum("participants")).order_by()
    acc: dict[str, Counts] = defaultdict(Counts)
    for row in rows:
        key = str(row[group_by]) if group_by else ""
        n = int(row["n"] or 0)
        covered = n if row["standing"] == Standing.COVERED else 0
        new = n if row["change"] == "new" else 0
        acc[key] = acc[key] + Counts(covered=covered, lapsed=n - covered, new=new)
    return dict(acc)


# ----------------------------------------------------------------------------- reference rows


def current_denominator(*, region_code: str, sector: str, year: int) -> WorkforceDenominator | None:
    """Return the current (not superseded) workforce figure, falling back to earlier years."""
    return (
        WorkforceDenominator.objects.filter(
            region_id=region_code, sector=sector, year__lte=year, superseded_by__isnull=True
        )
        .order_by("-year", "-id")
        .first()
    )


def current_denominators(
    *, region_codes: Iterable[str], sectors: Iterable[str], year: int
) -> dict[tuple[str, str], WorkforceDenominator]:
    """Return the current workforce figure per (region, sector), in one query."""
    rows = WorkforceDenominator.objects.filter(
        region_id__in=list(region_codes),
        sector__in=list(sectors),
        year__lte=year,
        superseded_by__isnull=True,
    ).order_by("region_id", "sector", "-year", "-id")
    found: dict[tuple[str, str], WorkforceDenominator] = {}
    for row in rows:
        found.setdefault((row.region_id, row.sector), row)
    return found


def current_target(*, region_code: str, segment: str, year: int) -> Target | None:
    """Return the current target for a region, segment and year (the province's if none)."""
    return current_targets(region_codes=[region_code], segments=[segment], year=year).get(
        (region_code, segment)
    )


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


def current_targets(
    *, region_codes: Iterable[str], segments: Iterable[str], year: int
) -> dict[tuple[str, str], Target]:
    """Return the target per (region, segment): the region's own, else its nearest parent's."""
    codes = list(region_codes)
    wanted = {a for code in codes for a in _ancestors(code)}
    segments = list(segments)
    own: dict[tuple[str, str], Target] = {}
    for row in Target.objects.filter(
        region_id__in=wanted, segment__in=segments, year=year, superseded_by__isnull=True
    ).order_by("-id"):
        own.setdefault((row.region_id, row.segment), row)
    found: dict[tuple[str, str], Target] = {}
    for code in codes:
        for segment in segments:
            nearest = next(
                (own[(a, segment)] for a in _ancestors(code) if (a, segment) in own), None
            )
            if nearest is not None:
                found[(code, segment)] = nearest
    return found


def latest_published(
    *, region_code: str, sector: str, on_or_before: date | None = None
) -> PublishedFigure | None:
    """Return the most recent published participant figure for a region and sector."""
    figures = PublishedFigure.objects.filter(region_id=region_code, sector=sector)
    if on_or_before is not None:
        figures = figures.filter(as_of__lte=on_or_before)
    return figures.order_by("-as_of", "-id").first()


def latest_published_many(
    *, region_codes: Iterable[str], sectors: Iterable[str], on_or_before: date
) -> dict[tuple[str, str], PublishedFigure]:
    """Return the most recent published figure per (region, sector), in one query."""
    found: dict[tuple[str, str], PublishedFigure] = {}
    for figure in PublishedFigure.objects.filter(
        region_id__in=list(region_codes), sector__in=list(sectors), as_of__lte=on_or_before
    ).order_by("region_id", "sector", "-as_of", "-id"):
        found.setdefault((figure.region_id, figure.sector), figure)
    return found


def published_figures(*, region_code: str) -> list[tuple[PublishedFigure, list[QualityFlag]]]:
    """Return the published figures of a region, each with its quality flags."""
    return [
        (
            figure,
            check_published(
                participants=figure.participants,
                workers=figure.workers,
                published_percent=figure.published_percent,
            ),
        )
        for figure in PublishedFigure.objects.filter(region_id=region_code).order_by("-as_of")
    ]


@dataclass(frozen=True)
class BudgetBasis:
    """What one BPU worker's cover costs a government per month (the minimum package)."""

    as_of: date
    declared_income: Decimal
    monthly_per_worker: Decimal
    source: str

    @property
    def annual_per_worker(self) -> Decimal:
        """Return twelve months of the package."""
        return self.monthly_per_worker * 12


def bpu_budget_basis(*, year: int) -> BudgetBasis | None:
    """Return the monthly BPU minimum package in force in ``year`` (None if not in force)."""
    as_of = reference_date(year=year)
    params = regulation_selectors.parameter_set()
    try:
        income = params.at(as_of).decimal("bpu.income_min")
        package = bpu_contribution(income, as_of, params)
    except RulesError:
        return None
    monthly = package.per_worker_monthly
    return BudgetBasis(
        as_of=as_of,
        declared_income=income,
        monthly_per_worker=monthly,
        source=_(
            "BPU minimum package: Rp%(monthly)s per month (JKK on a declared income of "
            "Rp%(income)s + JKM), regulation parameters in force on %(date)s"
        )
        % {
            "monthly": format_count(int(monthly)),
            "income": format_count(int(income)),
            "date": as_of.isoformat(),
        },
    )
