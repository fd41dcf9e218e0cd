"""Reconciliation of the worker registry with a BPJS participant snapshot.

A run links every active registry worker of a region to the snapshot's participants and
stores each worker's protection status. Pairs the engine is unsure about wait in a review
queue; a reviewer's decision is remembered per worker and KPJ (stable across snapshots)
and applied in later runs. Worker statuses and candidates are personal data: read them
through ``selectors.readable_statuses``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class Protection(models.TextChoices):
    """A registry worker's protection, as a reconciliation found it."""

    COVERED = "covered", _("Protected")
    LAPSED = "lapsed", _("Lapsed")
    NOT_REGISTERED = "not_registered", _("Not registered")
    REVIEW = "review", _("Needs review")


class MatchType(models.TextChoices):
    NIK_EXACT = "nik_exact", _("Same NIK")
    NIK_NEAR = "nik_near", _("NIK one digit off, same name")
    FUZZY = "fuzzy", _("Name, birth date and region")
    REVIEWED = "reviewed", _("Confirmed by a reviewer")


class ReconciliationRun(models.Model):
    """One reconciliation of a region's registry workers with one participant snapshot."""

    snapshot = models.ForeignKey(
        "participants.Snapshot",
        verbose_name=_("participant snapshot"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    accept_threshold = models.FloatField(_("accept threshold"))
    review_threshold = models.FloatField(_("review threshold"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.PENDING,
        db_index=True,
    )
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    worker_count = models.PositiveIntegerField(_("registry workers"), default=0)
    participant_count = models.PositiveIntegerField(_("participants"), default=0)
    covered_count = models.PositiveIntegerField(_("protected"), default=0)
    lapsed_count = models.PositiveIntegerField(_("lapsed"), default=0)
    not_registered_count = models.PositiveIntegerField(_("not registered"), default=0)
    review_count = models.PositiveIntegerField(_("needs review"), default=0)
    nik_exact_count = models.PositiveIntegerField(_("linked by the same NIK"), default=0)
    nik_near_count = models.PositiveIntegerField(_("linked by a NIK one digit off"), default=0)
    fuzzy_count = models.PositiveIntegerField(_("linked by name and birth date"), default=0)
    reviewed_count = models.PositiveIntegerField(_("linked by a reviewer"), default=0)
    model_parameters = models.JSONField(_("model parameters"), default=dict, blank=True)
    timings = models.JSONField(_("timings"), default=dict, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reconciliation run")
        verbose_name_plural = _("reconciliation runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_threshold__gt=0)
                & models.Q(review_threshold__lte=models.F("accept_threshold"))
                & models.Q(accept_threshold__lte=1),
                name="run_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"reconciliation {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        """Return whether the run stopped, successfully or not."""
        return self.status in {RunStatus.FINISHED, RunStatus.FAILED}

    @property
    def linked_count(self) -> int:
        """Return the workers linked to a participant (protected or lapsed)."""
        return self.covered_count + self.lapsed_count


class WorkerStatus(models.Model):
    """One worker's protection status in one run, with the participant it was linked to."""

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="statuses")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("protection"), max_length=16, choices=Protection.choices)
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.FloatField(_("match probability"), null=True, blank=True)
    match_type = models.CharField(
        _("linked by"), max_length=10, choices=MatchType.choices, blank=True
    )
    explanation = models.JSONField(_("field agreement"), default=dict, blank=True)
    lapsed_since = models.DateField(_("last paid month"), null=True, blank=True)
    # The worker's village, sector and segment when the run read the registry.
    region_code = models.CharField(_("region"), max_length=13, db_index=True)
    sector = models.CharField(_("sector"), max_length=16)
    segment = models.CharField(_("employment segment"), max_length=8)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["run", "worker"]
        verbose_name = _("worker protection status")
        verbose_name_plural = _("worker protection statuses")
        constraints = [
            models.UniqueConstraint(fields=["run", "worker"], name="worker_status_run_worker_uniq"),
            models.CheckConstraint(
                condition=models.Q(status__in=["covered", "lapsed"], participant__isnull=False)
                | models.Q(status__in=["not_registered", "review"], participant__isnull=True),
                name="worker_status_participant_iff_linked",
            ),
        ]
        indexes = [
            models.Index(fields=["run", "status"], name="worker_status_run_status_idx"),
            models.Index(fields=["worker", "run"], name="worker_status_worker_run_idx"),
        ]

    def __str__(self) -> str:
        return f"worker {self.worker_id} in run {self.run_id}: {self.status}"


class RunStat(models.Model):
    """A run's workers counted by domicile district, sector, segment and protection.

    Written when the run finishes and kept in step with review decisions, so the coverage
    dashboard reads the registry's coverage without scanning millions of statuses. The
    ``nik_other_*`` columns count the workers whose NIK carries the code of another regency
    (or district) than their domicile: a NIK keeps the region where it was first issued, so
    movers differ legitimately, but a large share usually means domiciles entered wrongly.
    """

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="stats")
    regency_code = models.CharField(_("regency"), max_length=5)
    district_code = models.CharField(_("district"), max_length=8)
    sector = models.CharField(_("sector"), max_length=16)
    segment = models.CharField(_("employment segment"), max_length=8)
    status = models.CharField(_("protection"), max_length=16, choices=Protection.choices)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    nik_other_regency = models.PositiveIntegerField(
        _("NIK of another regency than the domicile"), default=0
    )
    nik_other_district = models.PositiveIntegerField(
        _("NIK of another district than the domicile"), default=0
    )

    class Meta:
        verbose_name = _("reconciliation count")
        verbose_name_plural = _("reconciliation counts")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "district_code", "sector", "segment", "status"],
                name="run_stat_group_uniq",
            ),
            models.CheckConstraint(
                condition=models.Q(nik_other_district__gte=models.F("nik_other_regency"))
                & models.Q(workers__gte=models.F("nik_other_district")),
                name="run_stat_counts_nested",
            ),
        ]
        indexes = [models.Index(fields=["run", "regency_code"], name="run_stat_run_regency_idx")]

    def __str__(self) -> str:
        return f"run {self.run_id} {self.district_code} {self.status}: {self.workers}"


class CandidateOutcome(models.TextChoices):
    PENDING = "", _("To review")
    ACCEPTED = "accepted", _("Same person")
    REJECTED = "rejected", _("Not the same person")


class ReviewCandidate(models.Model):
    """A participant that may be the worker of a status in review (the engine's top three)."""

    status = models.ForeignKey(WorkerStatus, on_delete=models.CASCADE, related_name="candidates")
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("match probability"))
    match_type = models.CharField(_("found by"), max_length=10, choices=MatchType.choices)
    explanation = models.JSONField(_("field agreement"), default=dict)
    outcome = models.CharField(
        _("decision"), max_length=8, choices=CandidateOutcome.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["status", "rank"]
        verbose_name = _("review candidate")
        verbose_name_plural = _("review candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["status", "participant"], name="review_candidate_status_participant_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"candidate {self.participant_id} for status {self.status_id}"


class LinkDecision(models.Model):
    """A reviewer's decision on a worker and a KPJ, applied by every later run."""

    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    kpj = models.CharField(_("KPJ"), max_length=20)
    accepted = models.BooleanField(_("same person"))
    run = models.ForeignKey(
        ReconciliationRun,
        verbose_name=_("decided in run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("link decision")
        verbose_name_plural = _("link decisions")
        constraints = [
            models.UniqueConstraint(fields=["worker", "kpj"], name="link_decision_worker_kpj_uniq"),
        ]

    def __str__(self) -> str:
        verdict = "same" if self.accepted else "different"
        return f"worker {self.worker_id} ~ KPJ {self.kpj}: {verdict}"


class SelfCheckOutcome(models.TextChoices):
    COVERED = "covered", _("Protected")
    LAPSED = "lapsed", _("Lapsed")
    NOT_FOUND = "not_found", _("Not found")
    LIMITED = "limited", _("Refused: too many checks")


class SelfCheckLog(models.Model):
    """One public self-check: keyed hashes of the NIK and address, never the NIK itself."""

    nik_hash = models.CharField(_("NIK (keyed hash)"), max_length=64, db_index=True)
    ip_hash = models.CharField(_("address (keyed hash)"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=SelfCheckOutcome.choices)
    via_api = models.BooleanField(_("through the API"), default=False)
    created_at = models.DateTimeField(_("checked at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")

    def __str__(self) -> str:
        return f"self-check {self.pk}: {self.outcome}"
