"""API schemas for participant snapshots (R11): metadata and counts, no personal data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema


class SnapshotOut(Schema):
    id: int
    extract_date: date
    label: str
    status: str
    row_count: int
    rejected_count: int
    previous_id: int | None
    comparison: dict[str, Any]
    loaded_at: datetime | None


class SnapshotCountOut(Schema):
    """Participants of a snapshot in one cell; ``change`` compares with the previous one."""

    regency_code: str
    district_code: str
    segment: str
    sector: str
    standing: str
    change: str
    participants: int
