"""Scope: which region an actor may open, its breadcrumb and its children."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
)
from django.db.models.functions import Substr

from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm, region_in_scope
from lindung.coverage.errors import RegionNotInScope
from lindung.regions import selectors as region_selectors
from lindung.regions.errors import RegionNotFound
from lindung.regions.models import LEVEL_DEPTH, Region, RegionLevel

# ----------------------------------------------------------------------------- scope


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
