"""Background work for imports: the batch id in, one service call (R7)."""

from __future__ import annotations

from django.tasks import task

from lindung.imports import services as import_services


@task()
def import_batch_task(batch_id: str) -> None:
    """Validate and commit an uploaded batch with visible progress."""
    import_services.run_batch(batch_id=batch_id)
