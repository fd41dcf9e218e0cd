"""Public region endpoints: codes, names and boundaries are open data (no login)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from lindung.regions import selectors as region_selectors
from lindung.regions.models import Region
from lindung.regions.schemas import GeoJsonOut, RegionOut

router = Router(tags=["regions"])

LevelParam = Literal["province", "regency", "district", "village"]


class RegionFilter(Schema):
    level: LevelParam | None = None
    parent: str | None = None
    q: str = ""


@router.get("", response=list[RegionOut], auth=None, summary="List regions")
def list_regions(request: HttpRequest, filters: Query[RegionFilter]) -> list[Region]:
    """List regions by level, parent code (``?parent=61.71``) or name search (``?q=``)."""
    if filters.parent:
        region_selectors.get_region(code=filters.parent)
    return list(
        region_selectors.list_regions(
            level=filters.level, parent_code=filters.parent, query=filters.q.strip()
        )
    )


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
