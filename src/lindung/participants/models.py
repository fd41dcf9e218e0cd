"""BPJS participant extracts, loaded as dated, immutable snapshots.

A snapshot is one extract as BPJS Ketenagakerjaan shared it, dated by the day it was taken.
Its rows never change once loaded (guarded here and by database triggers, see migration
0002); a new extract is a new snapshot, compared with the one before it. Participant rows
are personal data (UU 27/2022): read them through ``selectors.readable_participants``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.participants.errors import SnapshotImmutable


class SnapshotStatus(models.TextChoices):
    LOADING = "loading", _("Loading")
    LOADED = "loaded", _("Loaded")
    FAILED = "failed", _("Refused")


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class Standing(models.TextChoices):
    """A participant's protection on the extract date (``rules.participation``)."""

    COVERED = "covered", _("Protected")
    LAPSED = "lapsed", _("Lapsed")


class Change(models.TextChoices):
    """What happened to a participant since the previous snapshot."""

    NEW = "new", _("New")
    CONTINUING = "continuing", _("Still protected")
    REACTIVATED = "reactivated", _("Reactivated")
    LAPSED = "lapsed", _("Newly lapsed")
    STILL_LAPSED = "still_lapsed", _("Still lapsed")
    GONE = "gone", _("No longer in the extract")
    FIRST = "first", _("First snapshot")


class Snapshot(models.Model):
    """One BPJS extract: loading → loaded | failed; a loaded snapshot never changes."""

    extract_date = models.DateField(_("extract date"), db_index=True)
    label = models.CharField(_("description"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("file checksum"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=SnapshotStatus.choices,
        default=SnapshotStatus.LOADING,
        db_index=True,
    )
    row_count = models.PositiveIntegerField(_("participants"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    quarantine = models.FileField(
        _("quarantine file"), upload_to="participants/quarantine/", blank=True
    )
    error_message = models.TextField(_("error"), blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous snapshot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comparison = models.JSONField(_("comparison with the previous snapshot"), default=dict)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)

    class Meta:
        ordering = ["-extract_date", "-pk"]
        verbose_name = _("participant snapshot")
        verbose_name_plural = _("participant snapshots")
        constraints = [
            # One loaded extract per date and per file: loading the same file twice is refused.
            models.UniqueConstraint(
                fields=["extract_date"],
                condition=models.Q(status="loaded"),
                name="snapshot_one_loaded_per_date",
            ),
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(status="loaded"),
                name="snapshot_file_loaded_once",
            ),
        ]

    def __str__(self) -> str:
        return f"snapshot {self.extract_date} ({self.status})"

    @property
    def is_loaded(self) -> bool:
        """Return whether the snapshot finished loading (and is therefore immutable)."""
        return self.status == SnapshotStatus.LOADED


class Participant(models.Model):
    """One row of an extract: a BPJS participant as of the snapshot's date."""

    # No index of its own: the (snapshot, kpj) unique index starts with it.
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.PROTECT, related_name="participants", db_index=False
    )
    row_number = models.PositiveIntegerField(_("row"))
    kpj = models.CharField(_("KPJ"), max_length=20)
    nik = models.CharField(_("NIK"), max_length=32, blank=True)
    nik_valid = models.BooleanField(_("valid NIK"), default=False)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, blank=True)
    segment = models.CharField(_("segment"), max_length=8)
    sector = models.CharField(_("sector"), max_length=16, blank=True)
    programs = models.CharField(_("programs"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ParticipantStatus.choices)
    last_paid_month = models.DateField(_("last paid month"), null=True, blank=True)
    standing = models.CharField(_("protection"), max_length=8, choices=Standing.choices)
    employer_ref = models.CharField(_("employer or project number"), max_length=64, blank=True)
    region_code = models.CharField(_("region"), max_length=13, blank=True)
    regency_code = models.CharField(_("regency"), max_length=5, blank=True)

    class Meta:
        ordering = ["snapshot", "row_number"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [
            models.Index(fields=["snapshot", "nik"], name="participant_snap_nik_idx"),
            models.Index(fields=["snapshot", "region_code"], name="participant_snap_region_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "kpj"], name="participant_snap_kpj_uniq"),
        ]

    def __str__(self) -> str:
        return f"participant {self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise SnapshotImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise SnapshotImmutable()


class SnapshotStat(models.Model):
    """Participants of one snapshot counted by region, segment, sector, standing and change.

    Written once when the snapshot loads, so dashboards never scan millions of rows. Rows
    with ``change = gone`` count the previous snapshot's participants missing from this one
    (their standing is the one they had before).
    """

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="stats")
    regency_code = models.CharField(_("regency"), max_length=5, blank=True)
    district_code = models.CharField(_("district"), max_length=8, blank=True)
    segment = models.CharField(_("segment"), max_length=8)
    sector = models.CharField(_("sector"), max_length=16, blank=True)
    standing = models.CharField(_("protection"), max_length=8, choices=Standing.choices)
    change = models.CharField(_("change"), max_length=12, choices=Change.choices)
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["snapshot", "regency_code", "district_code", "segment", "sector"]
        verbose_name = _("snapshot count")
        verbose_name_plural = _("snapshot counts")
        indexes = [
            models.Index(fields=["snapshot", "regency_code"], name="snapstat_snap_regency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.regency_code} {self.segment} {self.participants}"
