"""Background work for reports: the job id in, one service call (R7)."""

from __future__ import annotations

from django.tasks import task

from lindung.reports import services as report_services


@task()
def generate_report_task(job_id: str) -> None:
    """Generate a requested report's PDF and XLSX with visible progress."""
    report_services.run_report_job(job_id=job_id)
