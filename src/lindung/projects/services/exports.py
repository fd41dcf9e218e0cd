"""The project list exported to XLSX as a background job, kept for download (R7, R14)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.jobs import services as job_services
from lindung.jobs.models import Job
from lindung.projects import exports, list_selectors
from lindung.projects.errors import ProjectActionNotAllowed
from lindung.projects.selectors import EXPORT_KIND

EXPORT_DIR = "exports/projects"


def _audit_export(*, actor: User, fmt: str, query: Mapping[str, str]) -> None:
    account_services.record_audit(
        actor=actor,
        action="project.export",
        entity_type="project",
        changes={"after": {"format": fmt, "filters": dict(query)}},
        region_code=actor.region_code,
    )


@transaction.atomic(durable=True)
def record_csv_export(*, actor: User, query: Mapping[str, str]) -> None:
    """Audit a streamed CSV export of the project list (its rows follow the response)."""
    _audit_export(actor=actor, fmt="csv", query=query)


@transaction.atomic(durable=True)
def start_project_export(
    *,
    actor: User,
    filters: list_selectors.ProjectFilters,
    query: Mapping[str, str],
    task: Task[[str], Any],
) -> Job:
    """Start the XLSX export of the actor's filtered project list as a job; audited."""
    if not actor.is_authenticated or not actor.is_active:
        raise ProjectActionNotAllowed()
    _audit_export(actor=actor, fmt="xlsx", query=query)
    return job_services.create_job(
        actor=actor,
        kind=EXPORT_KIND,
        title=_("Project list (XLSX)"),
        task=task,
        params={"filters": asdict(filters), "as_of": timezone.localdate().isoformat()},
        region_code=actor.region_code,
    )


def run_project_export(*, job_id: str) -> Job:
    """Write a started export's rows to a kept XLSX file, with progress on the job."""

    def work(job: Job, progress: job_services.ProgressReporter) -> dict[str, Any]:
        actor = job.created_by
        if actor is None or not actor.is_active:
            raise ProjectActionNotAllowed()
        as_of = date.fromisoformat(job.params["as_of"])
        filters = list_selectors.ProjectFilters(**job.params["filters"])
        projects = list_selectors.filtered_projects(actor=actor, filters=filters, today=as_of)
        total = projects.count()
        progress(0, total, _("Writing rows"))
        with exports.write_projects_xlsx(
            projects, as_of=as_of, total=total, progress=progress
        ) as handle:
            name = default_storage.save(f"{EXPORT_DIR}/proyek-{job.pk}.xlsx", File(handle))
        progress(total, total, _("Written"))
        return {"rows": total, "file": name}

    return job_services.run_job(job_id, work)
