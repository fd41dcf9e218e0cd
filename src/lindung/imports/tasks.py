"""Background work for imports: the job id in, one service call (R7)."""

from __future__ import annotations

from django.tasks import task

from lindung.imports import services as import_services


@task()
def import_batch_task(job_id: str) -> None:
    """Check (and unless checking only, commit) an uploaded batch with visible progress."""
    import_services.run_batch(job_id=job_id)
