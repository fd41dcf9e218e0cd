"""The worker registry: NIK-keyed people, their project links, duplicate proposals and merges.

A worker is personal data (UU 27/2022): every read goes through
``selectors.readable_workers`` and shows masked values unless a reveal is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.models import TimeStampedModel


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction")
    FISHING = "fishing", _("Fishing")
    FARMING = "farming", _("Farming")
    PLANTATION = "plantation", _("Plantation")
    SMALL_TRADE = "small_trade", _("Small trade")
    TRANSPORT = "transport", _("Transport")
    DOMESTIC = "domestic", _("Domestic work")
    OTHER = "other", _("Other")


class Segment(models.TextChoices):
    PU = "pu", _("PU (wage earner)")
    BPU = "bpu", _("BPU (non-wage earner)")
    JAKON = "jakon", _("Jakon (construction project)")


class Source(models.TextChoices):
    CONTRACTOR_ROSTER = "contractor_roster", _("Contractor roster")
    CADRE_REGISTRATION = "cadre_registration", _("Cadre registration")
    IMPORT = "import", _("Import")
    SELF = "self", _("Self-registration")


class SexChoice(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class NikStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    MISSING = "missing", _("Missing")
    INVALID = "invalid", _("Invalid")


class Worker(TimeStampedModel):
    """One person in the registry. A valid NIK identifies one active worker."""

    nik = models.CharField(_("NIK"), max_length=32, blank=True, db_index=True)
    nik_status = models.CharField(
        _("NIK status"), max_length=8, choices=NikStatus.choices, default=NikStatus.MISSING
    )
    nik_issues = models.JSONField(_("NIK problems"), default=list, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(_("normalised name"), max_length=200, db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=SexChoice.choices, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("domicile village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    sector = models.CharField(
        _("sector"), max_length=16, choices=Sector.choices, default=Sector.OTHER
    )
    segment = models.CharField(_("employment segment"), max_length=8, choices=Segment.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absorbed",
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    projects = models.ManyToManyField(
        "projects.Project", through="WorkerProjectLink", related_name="workers"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        indexes = [
            models.Index(fields=["region", "name_key"], name="worker_region_name_idx"),
            models.Index(fields=["birth_date", "name_key"], name="worker_birth_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nik"],
                condition=models.Q(nik_status="valid", merged_into__isnull=True),
                name="worker_active_valid_nik_uniq",
            ),
            models.CheckConstraint(
                condition=models.Q(nik_status__in=["valid", "missing", "invalid"]),
                name="worker_nik_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"worker {self.pk}"

    @property
    def is_merged(self) -> bool:
        """Return whether this record was absorbed into another."""
        return self.merged_into_id is not None


class WorkerProjectLink(TimeStampedModel):
    """A worker working on a project, with the role and the dates."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="worker_links"
    )
    role = models.CharField(_("role on the project"), max_length=100, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("project link")
        verbose_name_plural = _("project links")
        constraints = [
            models.UniqueConstraint(fields=["worker", "project"], name="worker_project_uniq"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="worker_link_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"worker {self.worker_id} on project {self.project_id}"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Not the same person")


class DuplicateCandidate(models.Model):
    """A proposed pair of records that may be the same person; never merged silently."""

    worker_a = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    worker_b = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("duplicate candidate")
        verbose_name_plural = _("duplicate candidates")
        constraints = [
            models.UniqueConstraint(fields=["worker_a", "worker_b"], name="duplicate_pair_uniq"),
            models.CheckConstraint(
                condition=models.Q(worker_a__lt=models.F("worker_b")),
                name="duplicate_pair_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"candidate {self.worker_a_id}~{self.worker_b_id} ({self.status})"


class WorkerMerge(models.Model):
    """The history of one merge: which record absorbed which, and what the absorbed one held."""

    survivor = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="merges")
    absorbed = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        DuplicateCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    absorbed_snapshot = models.JSONField(default=dict)
    survivor_before = models.JSONField(default=dict)
    moved_links = models.JSONField(default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("worker merge")
        verbose_name_plural = _("worker merges")

    def __str__(self) -> str:
        return f"merge {self.absorbed_id} -> {self.survivor_id}"
