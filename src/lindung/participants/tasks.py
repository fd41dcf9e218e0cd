"""Background work for participant snapshots: the job id in, one service call (R7)."""

from __future__ import annotations

from django.tasks import task

from lindung.participants import services as participant_services


@task()
def load_snapshot_task(job_id: str) -> None:
    """Load an uploaded BPJS extract with visible progress."""
    participant_services.run_snapshot_job(job_id=job_id)
