"""Reads behind the dashboard, scoped to the actor's region."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm, region_in_scope
from lindung.coverage.errors import RegionNotInScope
from lindung.coverage.indicators import Indicator, QualityFlag, check_published, coverage_indicator
from lindung.coverage.models import ALL, PublishedFigure, Target, WorkforceDenominator
from lindung.regions import selectors as region_selectors
from lindung.regions.errors import RegionNotFound
from lindung.regions.models import LEVEL_DEPTH, Region, RegionLevel
from lindung.workers.models import Sector as WorkerSector
from lindung.workers.models import Segment as WorkerSegment

PROVINCE = "61"
# Inpres 2/2021: every worker protected.
INPRES_TARGET = Decimal(100)


@dataclass(frozen=True)
class ChildSummary:
    region: Region
    districts: int
    villages: int


@dataclass(frozen=True)
class DashboardView:
    region: Region
    path: list[Region]
    children: list[ChildSummary]
    district_count: int
    village_count: int


def access_dashboard_region(*, actor: User, code: str | None = None) -> Region:
    """Return the region whose dashboard the actor asked for (default: their scope)."""
    if not has_perm(actor, Perm.VIEW_DASHBOARD):
        raise RegionNotInScope()
    code = code or actor.region_code
    if not region_in_scope(actor, code):
        raise RegionNotInScope()
    try:
        return region_selectors.get_region(code=code)
    except RegionNotFound:
        raise RegionNotInScope() from None


def dashboard(*, actor: User, code: str | None = None) -> DashboardView:
    """Return the region, its breadcrumb and its children with district and village counts."""
    region = access_dashboard_region(actor=actor, code=code)
    path = region_selectors.region_path(code=region.code)
    children = list(region_selectors.list_regions(parent_code=region.code))
    depth = LEVEL_DEPTH[RegionLevel(region.level)]
    counts: dict[tuple[str, str], int] = {}
    if children and depth < LEVEL_DEPTH[RegionLevel.VILLAGE]:
        child_len = len(children[0].code)
        rows = (
            Region.objects.filter(code__startswith=region.code + ".")
            .exclude(code__in=[c.code for c in children])
            .annotate(child=Substr("code", 1, child_len))
            .values("child", "level")
            .annotate(n=Count("code"))
        )
        counts = {(row["child"], row["level"]): row["n"] for row in rows}
    summaries = [
        ChildSummary(
            region=child,
            districts=counts.get((child.code, RegionLevel.DISTRICT), 0),
            villages=counts.get((child.code, RegionLevel.VILLAGE), 0),
        )
        for child in children
    ]
    below = Region.objects.filter(code__startswith=region.code + ".")
    return DashboardView(
        region=region,
        path=path,
        children=summaries,
        district_count=below.filter(level=RegionLevel.DISTRICT).count(),
        village_count=below.filter(level=RegionLevel.VILLAGE).count(),
    )


def current_denominator(*, region_code: str, sector: str, year: int) -> WorkforceDenominator | None:
    """Return the current (not superseded) workforce figure, falling back to earlier years."""
    return (
        WorkforceDenominator.objects.filter(
            region_id=region_code, sector=sector, year__lte=year, superseded_by__isnull=True
        )
        .order_by("-year", "-id")
        .first()
    )


def current_target(*, region_code: str, segment: str, year: int) -> Target | None:
    """Return the current target for a region, segment and year (the province's if none)."""
    codes = [region_code] if region_code == PROVINCE else [region_code, PROVINCE]
    for code in codes:
        target = (
            Target.objects.filter(
                region_id=code, segment=segment, year=year, superseded_by__isnull=True
            )
            .order_by("-id")
            .first()
        )
        if target is not None:
            return target
    return None


def latest_published(*, region_code: str, sector: str) -> PublishedFigure | None:
    """Return the most recent published participant figure for a region and sector."""
    return (
        PublishedFigure.objects.filter(region_id=region_code, sector=sector)
        .order_by("-as_of", "-id")
        .first()
    )


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


def headline_indicators(*, actor: User, code: str | None, year: int) -> list[Indicator]:
    """Return the region's headline coverage indicators against target."""
    region = access_dashboard_region(actor=actor, code=code)
    indicators = []
    for sector, segment, key, label in (
        (ALL, ALL, "ucj", _("All workers (UCJ)")),
        (WorkerSector.CONSTRUCTION, WorkerSegment.JAKON, "construction", _("Construction workers")),
    ):
        figure = latest_published(region_code=region.code, sector=sector)
        denominator = current_denominator(region_code=region.code, sector=sector, year=year)
        target = current_target(region_code=region.code, segment=segment, year=year)
        indicators.append(
            coverage_indicator(
                key=key,
                label=str(label),
                participants=figure.participants if figure else None,
                participants_source=(
                    f"{figure.source} ({figure.as_of.isoformat()})" if figure else ""
                ),
                workers=denominator.workers if denominator else None,
                workers_source=(
                    f"{denominator.source} ({denominator.year})" if denominator else ""
                ),
                target_percent=target.percent if target else INPRES_TARGET,
            )
        )
    return indicators
