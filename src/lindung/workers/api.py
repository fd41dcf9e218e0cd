"""Worker endpoints at /api/v1/workers: masked, scoped like the pages (readable_workers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from lindung.accounts.api import actor_of
from lindung.core.masking import mask_identifier, mask_name, mask_phone
from lindung.workers import selectors as worker_selectors
from lindung.workers import services as worker_services
from lindung.workers.models import Worker
from lindung.workers.schemas import (
    WorkerDetailOut,
    WorkerFilterIn,
    WorkerPageOut,
    WorkerRevealedOut,
)

router = Router(tags=["workers"])

MAX_LIMIT = 200


def _out(worker: Worker) -> dict[str, Any]:
    return {
        "id": worker.pk,
        "nik_masked": mask_identifier(worker.nik),
        "nik_status": worker.nik_status,
        "name_masked": mask_name(worker.name),
        "birth_year": worker.birth_date.year if worker.birth_date else None,
        "sex": worker.sex,
        "region_code": worker.region_id,
        "region_name": worker.region.name,
        "occupation": worker.occupation,
        "sector": worker.sector,
        "segment": worker.segment,
        "source": worker.source,
        "merged_into": worker.merged_into_id,
    }


@router.get("", response=WorkerPageOut, summary="List workers")
def list_workers(
    request: HttpRequest, filters: Query[WorkerFilterIn], limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """List the workers the caller may read, masked, with the list page's filters, paged."""
    actor = actor_of(request)
    workers = worker_selectors.worker_list(
        actor=actor,
        filters=worker_selectors.WorkerFilters(
            query=filters.q,
            nik=filters.nik,
            region=filters.region,
            sector=filters.sector,
            segment=filters.segment,
            nik_status=filters.nik_status,
            project_id=filters.project,
        ),
    )
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    rows = list(workers[offset : offset + limit])
    return {"count": workers.count(), "items": [_out(w) for w in rows]}


@router.get("/{worker_id}", response=WorkerDetailOut, summary="One worker")
def get_worker(request: HttpRequest, worker_id: int) -> dict[str, Any]:
    """Return one readable worker, masked (404 when absent or outside the caller's scope)."""
    actor = actor_of(request)
    worker = worker_selectors.access_worker(actor=actor, worker_id=worker_id)
    links = worker_selectors.worker_links(actor=actor, worker=worker)
    return _out(worker) | {
        "phone_masked": mask_phone(worker.phone),
        "nik_issues": list(worker.nik_issues),
        "projects": [
            {
                "project_id": link.project_id,
                "project_name": link.project.name,
                "role": link.role,
                "start_date": link.start_date,
                "end_date": link.end_date,
            }
            for link in links
        ],
    }


@router.post("/{worker_id}/reveal", response=WorkerRevealedOut, summary="Reveal a worker")
def reveal_worker(request: HttpRequest, worker_id: int) -> dict[str, Any]:
    """Return the unmasked personal data to an allowed role; the reveal is audited."""
    worker = worker_services.reveal_worker(actor=actor_of(request), worker_id=worker_id)
    return {
        "id": worker.pk,
        "nik": worker.nik,
        "name": worker.name,
        "birth_date": worker.birth_date,
        "phone": worker.phone,
    }
