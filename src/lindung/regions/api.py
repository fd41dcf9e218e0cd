"""Public region endpoints: codes, names and boundaries are open data (no login)."""

from __future__ import annotations

import json
from typing import Literal

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from lindung.regions import selectors as region_selectors
from lindung.regions.models import Region
from lindung.regions.schemas import GeoJsonOut, RegionOut

router = Router(tags=["regions"])

# How long a region list stays in the server cache (a reload bumps the version anyway).
LIST_CACHE_SECONDS = 3600

LevelParam = Literal["province", "regency", "district", "village"]


class RegionFilter(Schema):
    level: LevelParam | None = None
    parent: str | None = None
    q: str = ""


@router.get("", response=list[RegionOut], auth=None, summary="List regions")
def list_regions(request: HttpRequest, filters: Query[RegionFilter]) -> HttpResponse:
    """List regions by level, parent code (``?parent=61.71``) or name search (``?q=``)."""
    query = filters.q.strip()
    # Lists by level and parent are the same for everyone until the regions are reloaded:
    # their JSON is kept in the cache under the regions' version (searches are not kept).
    key = (
        f"regions:list:{region_selectors.regions_version()}:{filters.level}:{filters.parent}"
        if not query
        else ""
    )
    body = cache.get(key) if key else None
    if body is None:
        if filters.parent:
            region_selectors.get_region(code=filters.parent)
        regions = region_selectors.list_regions(
            level=filters.level, parent_code=filters.parent, query=query
        )
        body = json.dumps(
            [RegionOut.model_validate(region).model_dump(mode="json") for region in regions],
            ensure_ascii=False,
        )
        if key:
            cache.set(key, body, LIST_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    return response


@router.get("/geojson", response=GeoJsonOut, auth=None, summary="Region boundaries")
def boundaries(
    request: HttpRequest,
    level: Literal["regency", "district"] = "regency",
    parent: str | None = None,
) -> HttpResponse:
    """Return regency or district boundaries as a GeoJSON FeatureCollection."""
    if parent:
        region_selectors.get_region(code=parent)
    text = region_selectors.boundaries_geojson_text(level=level, parent_code=parent)
    response = HttpResponse(text, content_type="application/geo+json")
    # Public reference data that changes only when an admin reloads the regions.
    response["Cache-Control"] = "public, max-age=3600"
    return response


@router.get("/{code}", response=RegionOut, auth=None, summary="One region")
def get_region(request: HttpRequest, code: str) -> Region:
    """Return one region by its dotted Kemendagri code, e.g. ``61.71``."""
    return region_selectors.get_region(code=code)
