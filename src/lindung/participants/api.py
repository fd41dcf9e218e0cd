"""Participant snapshot endpoints at /api/v1/participants: metadata and aggregate counts.

No row-level personal data is served here; counts are limited to the caller's region scope.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from lindung.accounts.api import actor_of
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, Perm, has_perm
from lindung.participants import selectors as participant_selectors
from lindung.participants.errors import ParticipantActionNotAllowed
from lindung.participants.models import Snapshot
from lindung.participants.schemas import SnapshotCountOut, SnapshotOut

router = Router(tags=["participants"])


def _reader(request: HttpRequest) -> Any:
    actor = actor_of(request)
    if not has_perm(actor, Perm.READ_PARTICIPANTS):
        raise ParticipantActionNotAllowed()
    return actor


def _out(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "id": snapshot.pk,
        "extract_date": snapshot.extract_date,
        "label": snapshot.label,
        "status": snapshot.status,
        "row_count": snapshot.row_count,
        "rejected_count": snapshot.rejected_count,
        "previous_id": snapshot.previous_id,
        "comparison": snapshot.comparison,
        "loaded_at": snapshot.loaded_at,
    }


@router.get("/snapshots", response=list[SnapshotOut], summary="List snapshots")
def list_snapshots(request: HttpRequest) -> list[dict[str, Any]]:
    """List the participant snapshots, newest extract first (metadata only)."""
    actor = _reader(request)
    return [_out(s) for s in participant_selectors.snapshots(actor=actor)[:200]]


@router.get("/snapshots/{snapshot_id}", response=SnapshotOut, summary="One snapshot")
def get_snapshot(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    """Return one snapshot's metadata and its comparison with the previous one."""
    actor = _reader(request)
    return _out(participant_selectors.access_snapshot(actor=actor, snapshot_id=snapshot_id))


@router.get(
    "/snapshots/{snapshot_id}/counts",
    response=list[SnapshotCountOut],
    summary="Counts of a snapshot",
)
def snapshot_counts(
    request: HttpRequest, snapshot_id: int, region: str = ""
) -> list[dict[str, Any]]:
    """Return a snapshot's counts by regency, district, segment, sector, standing and change.

    ``region`` narrows to a regency or district; callers scoped to a regency never see
    other regencies' counts.
    """
    actor = _reader(request)
    snapshot = participant_selectors.access_snapshot(actor=actor, snapshot_id=snapshot_id)
    scope = "" if actor.role in PROVINCE_WIDE_ROLES else actor.region_code
    if region and scope and not (region == scope or region.startswith(scope + ".")):
        return []
    stats = participant_selectors.snapshot_stats(
        snapshot=snapshot, region_code=region or scope, include_gone=True
    )
    return [
        dict(row)
        for row in stats.values(
            "regency_code",
            "district_code",
            "segment",
            "sector",
            "standing",
            "change",
            "participants",
        )
    ]
