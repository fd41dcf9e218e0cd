"""Reads of regions. Region codes, names and boundaries are public data."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast

from lindung.regions.errors import RegionNotFound
from lindung.regions.models import Region, RegionLevel

PROVINCE_CODE = "61"


# The cache key of the regions' version: cached region lists are keyed by it.
VERSION_KEY = "regions:version"


def regions_version() -> str:
    """Return the version of the stored regions, changed by every load that changes them."""
    return str(cache.get(VERSION_KEY, "0"))


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


def boundaries_geojson_text(*, level: str, parent_code: str | None = None) -> str:
    """Return the boundaries at ``level`` as GeoJSON FeatureCollection text.

    Geometries are copied as stored text, never parsed: a district layer holds 44,000
    coordinates, and parsing then re-serialising them dominated the response time.
    """
    regions = Region.objects.filter(level=level, boundary__isnull=False)
    if parent_code:
        regions = regions.filter(parent_id=parent_code)
    rows = regions.order_by("code").values_list(
        "code", "name", "parent_id", Cast("boundary", output_field=TextField())
    )
    features = ",".join(
        _feature(code, name, parent, geometry) for code, name, parent, geometry in rows
    )
    return '{"type":"FeatureCollection","features":[' + features + "]}"


def _feature(code: str, name: str, parent: str | None, geometry: str) -> str:
    properties = json.dumps({"code": code, "name": name, "parent_code": parent}, ensure_ascii=False)
    return (
        f'{{"type":"Feature","id":{json.dumps(code)},"properties":{properties},'
        f'"geometry":{geometry}}}'
    )


def level_counts() -> dict[str, int]:
    """Return how many regions are loaded at each level."""
    rows = Region.objects.values("level").annotate(n=Count("code"))
    counts = {level.value: 0 for level in RegionLevel}
    counts.update({row["level"]: row["n"] for row in rows})
    return counts
