"""Reads of import batches: an actor sees the batches they uploaded; provincial admins all."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from lindung.accounts.models import Role, User
from lindung.imports.errors import ImportBatchNotFound
from lindung.imports.models import ImportBatch


def readable_batches(*, actor: User) -> QuerySet[ImportBatch]:
    """Return the import batches visible to the actor."""
    batches = ImportBatch.objects.select_related("created_by", "job")
    if not actor.is_authenticated or not actor.is_active:
        return batches.none()
    if actor.role == Role.PROVINCIAL_ADMIN:
        return batches
    return batches.filter(created_by=actor)


def access_batch(*, actor: User, batch_id: uuid.UUID | str) -> ImportBatch:
    """Return one visible batch or raise ``ImportBatchNotFound``."""
    try:
        return readable_batches(actor=actor).get(pk=batch_id)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise ImportBatchNotFound() from None
