"""API schemas of the open-data endpoint."""

from __future__ import annotations

from ninja import Schema


class PublicCoverageRowOut(Schema):
    region_code: str
    region_name: str
    sector: str
    sector_label: str
    participants: int | None
    suppressed: bool
    workers: int | None
    workers_source: str
    coverage_percent: str | None


class PublicSourceOut(Schema):
    kind: str
    participants: str
    extract_date: str | None


class PublicCoverageOut(Schema):
    year: int
    extract_date: str | None
    source: PublicSourceOut
    suppression: str
    threshold: int
    rows: list[PublicCoverageRowOut]
