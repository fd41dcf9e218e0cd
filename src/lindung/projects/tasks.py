"""Background work for projects: ids in, one service call (R7)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from lindung.projects import services as project_services


@task()
def send_deadline_reminders_task() -> dict[str, int]:
    """Send today's registration-deadline reminders."""
    result = project_services.send_deadline_reminders(today=timezone.localdate())
    return {"projects": result.projects, "notifications": result.notifications}


@task()
def export_projects_task(job_id: str) -> None:
    """Write a requested project list export (XLSX) with visible progress."""
    project_services.run_project_export(job_id=job_id)
