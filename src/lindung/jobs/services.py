"""Creating jobs, enqueueing their task after commit, and recording progress (R6, R7)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from lindung.accounts import services as account_services
from lindung.accounts.errors import ActionNotAllowed
from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


@transaction.atomic(durable=True)
def start_job(
    *,
    actor: User,
    perm: Perm,
    kind: str,
    title: str,
    task: Task[[str], Any],
    params: dict[str, Any] | None = None,
    region_code: str = "",
) -> Job:
    """Start a background job the actor's role allows; the task runs after commit."""
    if not has_perm(actor, perm):
        raise ActionNotAllowed()
    return create_job(
        actor=actor, kind=kind, title=title, task=task, params=params, region_code=region_code
    )


def create_job(
    *,
    actor: User | None,
    kind: str,
    title: str,
    task: Task[[str], Any],
    params: dict[str, Any] | None = None,
    region_code: str = "",
) -> Job:
    """Record a job and enqueue ``task(job_id)`` once the caller's transaction commits."""
    job = Job.objects.create(
        kind=kind,
        title=title,
        params=params or {},
        region_code=region_code,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    account_services.record_audit(
        actor=actor,
        action="job.start",
        entity_type="job",
        entity_id=job.pk,
        region_code=region_code,
        changes={"after": {"kind": kind, "params": params or {}}},
    )
    transaction.on_commit(partial(task.enqueue, str(job.pk)))
    return job


class ProgressReporter:
    """Write progress to the job row (autocommit), throttled to a few writes a second."""

    def __init__(self, job: Job, min_interval: float = 0.3) -> None:
        self.job = job
        self.min_interval = min_interval
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = timezone.now().timestamp()
        if done < total and now - self._last < self.min_interval:
            return
        self._last = now
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message[:300])


def run_job(job_id: str, work: Callable[[Job, ProgressReporter], dict[str, Any]]) -> Job:
    """Run ``work`` for a pending job, recording start, progress, result or error."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return job
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result = work(job, ProgressReporter(job))
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=str(message)[:300],
            error=traceback.format_exc()[-5000:],
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED, finished_at=timezone.now(), result=result
        )
    job.refresh_from_db()
    return job
