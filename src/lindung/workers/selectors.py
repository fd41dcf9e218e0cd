"""Reads of the worker registry, all through ``readable_workers`` (R12).

Absent and out-of-scope workers raise the same ``WorkerNotFound``, so existence never leaks.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.db.models import Q, QuerySet

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, region_scope_q
from lindung.projects import selectors as project_selectors
from lindung.projects.models import Project
from lindung.regions.models import Region, RegionLevel
from lindung.workers.errors import DuplicateCandidateNotFound, WorkerNotFound
from lindung.workers.models import (
    CandidateStatus,
    DuplicateCandidate,
    Worker,
    WorkerMerge,
    WorkerProjectLink,
)
from lindung.workers.names import normalise_name

PAGE_SIZE = 50


def readable_workers(*, actor: User) -> QuerySet[Worker]:
    """Return the workers the actor may see, merged records included.

    Provincial admins, analysts and BPJS officers see the province; regency officers and
    village cadres the workers living in their region; contractors and agency/PPK users the
    workers linked to the projects they may read.
    """
    workers = Worker.objects.all()
    if not actor.is_authenticated or not actor.is_active:
        return workers.none()
    if actor.role in PROVINCE_WIDE_ROLES:
        return workers
    if actor.role in {Role.REGENCY_OFFICER, Role.VILLAGE_CADRE}:
        return workers.filter(region_scope_q(actor, "region__code"))
    if actor.role in {Role.CONTRACTOR, Role.AGENCY_USER}:
        projects = project_selectors.readable_projects(actor=actor).values("pk")
        linked = WorkerProjectLink.objects.filter(project__in=projects).values("worker_id")
        return workers.filter(pk__in=linked)
    return workers.none()


def access_worker(*, actor: User, worker_id: object) -> Worker:
    """Return one readable worker with region and links, or raise ``WorkerNotFound``."""
    try:
        return (
            readable_workers(actor=actor)
            .select_related("region", "region__parent", "merged_into")
            .get(pk=int(str(worker_id)))
        )
    except (Worker.DoesNotExist, ValueError, TypeError):
        raise WorkerNotFound() from None


@dataclass(frozen=True)
class WorkerFilters:
    """The list filters; ``nik`` matches exactly, ``query`` searches names."""

    query: str = ""
    nik: str = ""
    region: str = ""
    sector: str = ""
    segment: str = ""
    nik_status: str = ""
    project_id: int | None = None
    include_merged: bool = False


def worker_list(*, actor: User, filters: WorkerFilters | None = None) -> QuerySet[Worker]:
    """Return readable workers matching the filters, with their regions, in name order."""
    f = filters or WorkerFilters()
    workers = (
        readable_workers(actor=actor)
        .select_related("region", "region__parent")
        .defer("region__boundary", "region__parent__boundary")  # kilobytes of GeoJSON each
    )
    if not f.include_merged:
        workers = workers.filter(merged_into__isnull=True)
    if f.nik:
        workers = workers.filter(nik=f.nik.replace(" ", "").replace(".", ""))
    if f.query:
        key = normalise_name(f.query)
        workers = workers.filter(Q(name__icontains=f.query.strip()) | Q(name_key__contains=key))
    if f.region:
        workers = workers.filter(
            Q(region__code=f.region) | Q(region__code__startswith=f.region + ".")
        )
    if f.sector:
        workers = workers.filter(sector=f.sector)
    if f.segment:
        workers = workers.filter(segment=f.segment)
    if f.nik_status:
        workers = workers.filter(nik_status=f.nik_status)
    if f.project_id:
        workers = workers.filter(project_links__project_id=f.project_id)
    return workers.order_by("name_key", "pk")


def worker_links(*, actor: User, worker: Worker) -> QuerySet[WorkerProjectLink]:
    """Return a readable worker's project links with their projects."""
    return (
        WorkerProjectLink.objects.filter(worker=worker)
        .select_related("project", "project__region")
        .order_by("-start_date", "pk")
    )


def worker_merges(*, actor: User, worker: Worker) -> QuerySet[WorkerMerge]:
    """Return the merges a readable worker survived, newest first."""
    return WorkerMerge.objects.filter(survivor=worker).select_related("merged_by")


def readable_candidates(*, actor: User) -> QuerySet[DuplicateCandidate]:
    """Return duplicate proposals whose two records the actor may both read."""
    workers = readable_workers(actor=actor).values("pk")
    return DuplicateCandidate.objects.filter(
        worker_a__in=workers, worker_b__in=workers
    ).select_related("worker_a", "worker_b", "worker_a__region", "worker_b__region")


def pending_candidates(*, actor: User) -> QuerySet[DuplicateCandidate]:
    """Return proposals still to review, between records that are both still active."""
    return readable_candidates(actor=actor).filter(
        status=CandidateStatus.PENDING,
        worker_a__merged_into__isnull=True,
        worker_b__merged_into__isnull=True,
    )


def access_candidate(*, actor: User, candidate_id: object) -> DuplicateCandidate:
    """Return one readable proposal or raise ``DuplicateCandidateNotFound``."""
    try:
        return readable_candidates(actor=actor).get(pk=int(str(candidate_id)))
    except (DuplicateCandidate.DoesNotExist, ValueError, TypeError):
        raise DuplicateCandidateNotFound() from None


def nik_of(*, worker_id: int) -> str:
    """Return one worker's NIK, unmasked ("" if none): system use only, never shown."""
    return Worker.objects.filter(pk=worker_id).values_list("nik", flat=True).first() or ""


def existing_active_by_nik(*, niks: list[str]) -> dict[str, Worker]:
    """Return active workers with these valid NIKs (unscoped: for dedupe inside services)."""
    found: dict[str, Worker] = {}
    for start in range(0, len(niks), 2000):
        chunk = niks[start : start + 2000]
        for worker in Worker.objects.filter(
            nik__in=chunk, nik_status="valid", merged_into__isnull=True
        ):
            found[worker.nik] = worker
    return found


def registration_villages(*, actor: User) -> QuerySet[Region]:
    """Return the villages a worker registered by the actor may live in."""
    villages = Region.objects.defer("boundary").filter(level=RegionLevel.VILLAGE)
    if actor.role in {Role.REGENCY_OFFICER, Role.VILLAGE_CADRE}:
        villages = villages.filter(region_scope_q(actor, "code"))
    return villages.select_related("parent").order_by("code")


def registration_projects(*, actor: User) -> QuerySet[Project]:
    """Return the projects the actor may register workers onto, newest first."""
    return project_selectors.readable_projects(actor=actor).order_by("-fiscal_year", "name")


REGISTRY_FRAME_COLUMNS: tuple[str, ...] = (
    "id",
    "nik",
    "nik_status",
    "name",
    "birth_date",
    "sex",
    "region_id",
    "sector",
    "segment",
)


def registry_frame(*, region_code: str = "") -> pl.DataFrame:
    """Return the active registry (optionally inside a region) as a polars frame.

    System use only (reconciliation, demo data, analytics): unscoped and unmasked, so the
    caller must check the actor's permission and never show the rows as they are. Columns
    are ``REGISTRY_FRAME_COLUMNS`` as text, except ``id``; dates are ISO ``YYYY-MM-DD``.
    """
    qs = Worker.objects.filter(merged_into__isnull=True)
    if region_code:
        qs = qs.filter(Q(region__code=region_code) | Q(region__code__startswith=region_code + "."))
    rows = qs.order_by("pk").values_list(*REGISTRY_FRAME_COLUMNS)
    schema: dict[str, type[pl.DataType]] = {
        c: (pl.Int64 if c == "id" else pl.String) for c in REGISTRY_FRAME_COLUMNS
    }
    frames = []
    batch: list[tuple[object, ...]] = []
    for values in rows.iterator(chunk_size=20_000):
        batch.append(values)
        if len(batch) == 100_000:
            frames.append(_registry_chunk(batch, schema))
            batch = []
    if batch:
        frames.append(_registry_chunk(batch, schema))
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames)


def _registry_chunk(
    batch: list[tuple[object, ...]], schema: dict[str, type[pl.DataType]]
) -> pl.DataFrame:
    fixed = [tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in row) for row in batch]
    return pl.DataFrame(fixed, schema=schema, orient="row")
