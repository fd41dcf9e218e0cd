"""An uploaded import file and what became of it (R14: staged, checked per row)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PROJECTS = "projects", _("Construction projects")
    BPJS = "bpjs", _("BPJS registrations and payments")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Validating")
    READY = "ready", _("Validated")
    FAILED = "failed", _("Refused")
    COMMITTED = "committed", _("Imported")


class ImportBatch(models.Model):
    """One upload: pending → validating → ready | failed → committed.

    A batch checked only stops at ready until its uploader imports it (pending again).
    """

    # A batch started from the UI shares its job's id, so the task's argument is both.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BatchStatus.choices,
        default=BatchStatus.PENDING,
        db_index=True,
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    quarantine = models.FileField(_("quarantine file"), upload_to="imports/quarantine/", blank=True)
    # Checked only: every row is checked and the counts and rejected rows are shown, nothing
    # is written until the uploader imports the file (``services.confirm_import``).
    check_only = models.BooleanField(_("check only"), default=False)
    error_message = models.TextField(_("error"), blank=True)
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name} {self.status}"

    @property
    def is_finished(self) -> bool:
        """Return whether the batch has stopped: imported, refused, or checked only."""
        return self.status in {BatchStatus.COMMITTED, BatchStatus.FAILED} or self.awaits_import

    @property
    def awaits_import(self) -> bool:
        """Return whether the batch was checked only and can now be imported."""
        return self.status == BatchStatus.READY and self.check_only
