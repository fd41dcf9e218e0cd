"""Reconciliation endpoints at /api/v1/reconciliation and the public self-check at
/api/v1/public/self-check; scoped like the pages, personal data masked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from lindung.accounts.api import actor_of
from lindung.core.masking import mask_name
from lindung.core.middleware import client_ip
from lindung.linkage import explanations
from lindung.linkage import selectors as linkage_selectors
from lindung.linkage import services as linkage_services
from lindung.linkage.errors import ReconcileNotAllowed
from lindung.linkage.models import ReconciliationRun, ReviewCandidate, WorkerStatus
from lindung.linkage.schemas import (
    CoverageRowOut,
    DecisionIn,
    ProtectionOut,
    ReviewPageOut,
    RunIn,
    RunOut,
    RunPageOut,
    SelfCheckIn,
    SelfCheckOut,
    WorkerStatusOut,
    WorkerStatusPageOut,
)
from lindung.linkage.tasks import reconcile_task
from lindung.workers import selectors as worker_selectors

router = Router(tags=["reconciliation"])
public_router = Router(tags=["public"], auth=None)

MAX_LIMIT = 200


def _reader(request: HttpRequest) -> Any:
    actor = actor_of(request)
    if not linkage_selectors.can_read_runs(actor):
        raise ReconcileNotAllowed()
    return actor


def _run_out(run: ReconciliationRun, counts: dict[str, int] | None = None) -> dict[str, Any]:
    finished = run.status == "finished"
    c = counts or {}
    return {
        "id": run.pk,
        "status": run.status,
        "snapshot_id": run.snapshot_id,
        "extract_date": run.snapshot.extract_date,
        "region_code": run.region_id,
        "region_name": run.region.name,
        "accept": run.accept_threshold,
        "review": run.review_threshold,
        "job_id": str(run.job_id) if run.job_id else None,
        "started_by": run.started_by.get_username() if run.started_by else "system",
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "counts": {
            "workers": c.get("worker_count", run.worker_count),
            "covered": c.get("covered_count", run.covered_count),
            "lapsed": c.get("lapsed_count", run.lapsed_count),
            "not_registered": c.get("not_registered_count", run.not_registered_count),
            "review": c.get("review_count", run.review_count),
            "nik_exact": c.get("nik_exact_count", run.nik_exact_count),
            "nik_near": c.get("nik_near_count", run.nik_near_count),
            "fuzzy": c.get("fuzzy_count", run.fuzzy_count),
            "reviewed": c.get("reviewed_count", run.reviewed_count),
        }
        if finished
        else None,
        "error": run.error_message,
    }


def _status_out(status: WorkerStatus) -> dict[str, Any]:
    return {
        "worker_id": status.worker_id,
        "name_masked": mask_name(status.worker.name),
        "region_code": status.region_code,
        "status": status.status,
        "lapsed_since": status.lapsed_since,
        "match_type": status.match_type,
        "score": status.score,
    }


def _pair_out(candidate: ReviewCandidate) -> dict[str, Any]:
    worker, participant = candidate.status.worker, candidate.participant
    return {
        "id": candidate.pk,
        "run_id": candidate.status.run_id,
        "worker_id": worker.pk,
        "worker_name_masked": mask_name(worker.name),
        "worker_birth_year": worker.birth_date.year if worker.birth_date else None,
        "participant_id": participant.pk,
        "participant_name_masked": mask_name(participant.name),
        "participant_birth_year": participant.birth_date.year if participant.birth_date else None,
        "score": candidate.score,
        "match_type": candidate.match_type,
        "fields": [
            {
                "field": row["field"],
                "level": explanations.level_label(row["field"], row["level"]),
                "agreement": row["agreement"],
                "weight": row["weight"],
                "implied": row["implied"],
            }
            for row in candidate.explanation.get("fields", [])
        ],
    }


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, MAX_LIMIT)), max(0, offset)


@router.get("/runs", response=RunPageOut, summary="List reconciliation runs")
def list_runs(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """List the runs the caller may read, newest first."""
    runs = linkage_selectors.readable_runs(actor=_reader(request))
    limit, offset = _page(limit, offset)
    return {"count": runs.count(), "items": [_run_out(r) for r in runs[offset : offset + limit]]}


@router.post("/runs", response={201: RunOut}, summary="Start a reconciliation")
def start_run(request: HttpRequest, payload: RunIn) -> Status[dict[str, Any]]:
    """Start a run in the background (RECONCILE roles); poll it, or its job, until finished."""
    run = linkage_services.start_reconciliation(
        actor=actor_of(request),
        snapshot_id=payload.snapshot,
        region_code=payload.region,
        accept=payload.accept,
        review=payload.review,
        task=reconcile_task,
    )
    return Status(201, _run_out(run))


@router.get("/runs/{run_id}", response=RunOut, summary="One reconciliation run")
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Return a run with its counts (limited to the caller's region)."""
    actor = _reader(request)
    run = linkage_selectors.access_run(actor=actor, run_id=run_id)
    return _run_out(run, linkage_selectors.run_counts(actor=actor, run=run))


@router.get("/runs/{run_id}/coverage", response=list[CoverageRowOut], summary="Registry coverage")
def run_coverage(request: HttpRequest, run_id: int, region: str = "") -> list[dict[str, Any]]:
    """Return a run's registry coverage per regency and sector (inside the caller's region)."""
    actor = _reader(request)
    run = linkage_selectors.access_run(actor=actor, run_id=run_id)
    return [
        row.__dict__ | {"percent": row.percent}
        for row in linkage_selectors.scoped_coverage(actor=actor, run=run, region_code=region)
    ]


@router.get("/runs/{run_id}/workers", response=WorkerStatusPageOut, summary="Worker statuses")
def run_workers(
    request: HttpRequest,
    run_id: int,
    status: str = "",
    region: str = "",
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """List a run's readable worker statuses (masked), by status and region."""
    actor = _reader(request)
    run = linkage_selectors.access_run(actor=actor, run_id=run_id)
    statuses = linkage_selectors.run_statuses(
        actor=actor, run=run, status=status, region_code=region
    )
    limit, offset = _page(limit, offset)
    rows = statuses[offset : offset + limit]
    return {"count": statuses.count(), "items": [_status_out(s) for s in rows]}


@router.get("/runs/{run_id}/review", response=ReviewPageOut, summary="Review queue")
def run_review(
    request: HttpRequest, run_id: int, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """List a run's pairs waiting for a decision, most likely first (masked)."""
    actor = _reader(request)
    run = linkage_selectors.access_run(actor=actor, run_id=run_id)
    pairs = linkage_selectors.review_queue(actor=actor, run=run)
    limit, offset = _page(limit, offset)
    return {"count": pairs.count(), "items": [_pair_out(c) for c in pairs[offset : offset + limit]]}


@router.post(
    "/review/{candidate_id}/decision", response=WorkerStatusOut, summary="Decide a review pair"
)
def decide(request: HttpRequest, candidate_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Accept or reject a pair (RECONCILE roles); the worker's status changes at once."""
    status = linkage_services.decide_candidate(
        actor=actor_of(request), candidate_id=candidate_id, accept=payload.decision == "accept"
    )
    return _status_out(status)


@router.get(
    "/workers/{worker_id}/protection", response=ProtectionOut, summary="A worker's protection"
)
def worker_protection(request: HttpRequest, worker_id: int) -> dict[str, Any]:
    """Return a readable worker's protection from the latest finished run."""
    worker = worker_selectors.access_worker(actor=actor_of(request), worker_id=worker_id)
    protection = linkage_selectors.worker_protection(worker=worker)
    return {"worker_id": worker.pk, **protection.__dict__}


@public_router.post("/self-check", response=SelfCheckOut, summary="Check your own protection")
def self_check(request: HttpRequest, payload: SelfCheckIn) -> dict[str, Any]:
    """Answer protected, lapsed (since a month) or not found for a NIK and birth date.

    No login; rate-limited per address and per NIK (429). A wrong birth date answers
    exactly like an unknown NIK.
    """
    finding = linkage_services.self_check(
        nik=payload.nik, birth_date=payload.birth_date, ip=client_ip(request), via_api=True
    )
    since = finding.lapsed_since.strftime("%Y-%m") if finding.lapsed_since else None
    return {"outcome": finding.outcome, "lapsed_since": since}
