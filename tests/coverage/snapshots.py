"""Loaded participant snapshots built from hand-written counts, for the coverage tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from lindung.participants.models import Snapshot, SnapshotStat, SnapshotStatus


@dataclass(frozen=True)
class Stat:
    """One pre-aggregated count of an extract (``participants.SnapshotStat``)."""

    regency: str
    district: str = ""
    segment: str = "bpu"
    sector: str = ""
    standing: str = "covered"
    change: str = "continuing"
    n: int = 1


def make_snapshot(
    extract_date: date, stats: list[Stat], *, previous: Snapshot | None = None
) -> Snapshot:
    """Create a loaded snapshot holding exactly ``stats`` (counts only, no participant rows)."""
    snapshot = Snapshot.objects.create(
        extract_date=extract_date,
        original_name=f"peserta-{extract_date.isoformat()}.csv",
        sha256=hashlib.sha256(extract_date.isoformat().encode()).hexdigest(),
        status=SnapshotStatus.LOADED,
        row_count=sum(s.n for s in stats if s.change != "gone"),
        previous=previous,
    )
    SnapshotStat.objects.bulk_create(
        SnapshotStat(
            snapshot=snapshot,
            regency_code=s.regency,
            district_code=s.district,
            segment=s.segment,
            sector=s.sector,
            standing=s.standing,
            change=s.change,
            participants=s.n,
        )
        for s in stats
    )
    return snapshot
