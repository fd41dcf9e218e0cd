"""API schemas for regions."""

from typing import Any

from ninja import Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None


class GeoJsonOut(Schema):
    type: str
    features: list[dict[str, Any]]
