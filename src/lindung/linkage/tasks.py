"""Background work for reconciliation: the job id in, one service call (R7)."""

from __future__ import annotations

from django.tasks import task

from lindung.linkage import services as linkage_services


@task()
def reconcile_task(job_id: str) -> None:
    """Execute a reconciliation run with visible progress on its job."""
    linkage_services.run_reconciliation_job(job_id=job_id)
