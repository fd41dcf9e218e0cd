"""Background work for regions: ids in, one service call (R7)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from lindung.jobs import services as job_services
from lindung.jobs.models import Job
from lindung.regions import services as region_services


def _load(job: Job, progress: job_services.ProgressReporter) -> dict[str, Any]:
    return region_services.load_regions(actor=job.created_by, progress=progress).as_dict()


@task()
def load_regions_task(job_id: str) -> None:
    """Reload the packaged regions with visible progress."""
    job_services.run_job(job_id, _load)
