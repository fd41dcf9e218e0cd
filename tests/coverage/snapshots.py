"""Loaded participant snapshots built from hand-written counts, for the coverage tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from lindung.linkage.models import ReconciliationRun, RunStat, RunStatus
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


# One run count: district, sector, status, workers, NIKs of another regency, of another district.
RunCount = tuple[str, str, str, int, int, int]


def make_counted_run(extract_date: date, stats: list[RunCount]) -> ReconciliationRun:
    """Create a finished province-wide run holding exactly ``stats`` (counts only)."""
    snapshot = make_snapshot(extract_date, [Stat("61.71", "61.71.01", n=1)])
    run = ReconciliationRun.objects.create(
        snapshot=snapshot,
        region_id="61",
        accept_threshold=0.9,
        review_threshold=0.5,
        status=RunStatus.FINISHED,
        finished_at=timezone.now(),
    )
    RunStat.objects.bulk_create(
        RunStat(
            run=run,
            regency_code=district[:5],
            district_code=district,
            sector=sector,
            segment="bpu",
            status=status,
            workers=n,
            nik_other_regency=other_regency,
            nik_other_district=other_district,
        )
        for district, sector, status, n, other_regency, other_district in stats
    )
    return run
