"""Reads of regions. Region codes, names and boundaries are public data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from lindung.regions.errors import RegionNotFound
from lindung.regions.models import Region, RegionLevel

PROVINCE_CODE = "61"


def list_regions(
    *, level: str | None = None, parent_code: str | None = None, query: str = ""
) -> QuerySet[Region]:
    """Return regions filtered by level, parent code and a name or code search."""
    regions = Region.objects.defer("boundary")
    if level:
        regions = regions.filter(level=level)
    if parent_code:
        regions = regions.filter(parent_id=parent_code)
    if query:
        regions = regions.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return regions.order_by("code")


def get_region(*, code: str) -> Region:
    """Return one region by code, or raise ``RegionNotFound``."""
    try:
        return Region.objects.defer("boundary").get(code=code)
    except Region.DoesNotExist:
        raise RegionNotFound(params={"code": code}) from None


def region_path(*, code: str) -> list[Region]:
    """Return the chain from the province down to ``code`` (breadcrumbs), in one query."""
    parts = code.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    by_code = {r.code: r for r in Region.objects.defer("boundary").filter(code__in=codes)}
    if code not in by_code:
        raise RegionNotFound(params={"code": code})
    return [by_code[c] for c in codes if c in by_code]


def boundaries_geojson(*, level: str, parent_code: str | None = None) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection of the boundaries at ``level`` (regency or district)."""
    regions = Region.objects.filter(level=level, boundary__isnull=False)
    if parent_code:
        regions = regions.filter(Q(parent_id=parent_code))
    features = [
        {
            "type": "Feature",
            "id": r.code,
            "properties": {"code": r.code, "name": r.name, "parent_code": r.parent_id},
            "geometry": r.boundary,
        }
        for r in regions.order_by("code").only("code", "name", "parent_id", "boundary")
    ]
    return {"type": "FeatureCollection", "features": features}


def level_counts() -> dict[str, int]:
    """Return how many regions are loaded at each level."""
    rows = Region.objects.values("level").annotate(n=Count("code"))
    counts = {level.value: 0 for level in RegionLevel}
    counts.update({row["level"]: row["n"] for row in rows})
    return counts
