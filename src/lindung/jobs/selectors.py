"""Reads of jobs: an actor sees the jobs they started; provincial admins see all."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.jobs.errors import JobNotFound
from lindung.jobs.models import Job


def readable_jobs(*, actor: User) -> QuerySet[Job]:
    """Return the jobs visible to the actor."""
    if not actor.is_authenticated or not actor.is_active:
        return Job.objects.none()
    if has_perm(actor, Perm.MANAGE_USERS):
        return Job.objects.select_related("created_by")
    return Job.objects.filter(created_by=actor).select_related("created_by")


def access_job(*, actor: User, job_id: uuid.UUID | str) -> Job:
    """Return one visible job or raise ``JobNotFound``."""
    try:
        return readable_jobs(actor=actor).get(pk=job_id)
    except (Job.DoesNotExist, ValueError):
        raise JobNotFound() from None
