"""Claim cases (JKK, JKM, scholarship) from the event to the payout, and what surrounds them.

A case belongs to a registry worker and moves through dated steps (``ClaimStep``) from
reported to paid or rejected. Its expected benefit comes from ``lindung.rules`` and is stored
with the parameters used, next to the amount BPJS paid. Beneficiaries and the reporter are
personal data: read through ``selectors.readable_cases``, shown masked unless revealed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.models import TimeStampedModel


class ClaimType(models.TextChoices):
    JKK_ACCIDENT = "jkk_accident", _("JKK: work accident")
    JKK_DISEASE = "jkk_disease", _("JKK: occupational disease")
    JKM_DEATH = "jkm_death", _("JKM: death")
    BEASISWA = "beasiswa", _("Scholarship (beasiswa)")


JKK_TYPES = frozenset({ClaimType.JKK_ACCIDENT, ClaimType.JKK_DISEASE})


class JkkOutcome(models.TextChoices):
    MEDICAL = "medical", _("Treatment only")
    TEMPORARY = "temporary", _("Temporarily unable to work (STMB)")
    PARTIAL_DISABILITY = "partial_disability", _("Partial disability")
    TOTAL_DISABILITY = "total_disability", _("Total permanent disability")
    DEATH = "death", _("Death")


class BeasiswaCause(models.TextChoices):
    JKM_DEATH = "jkm_death", _("Death (not a work accident)")
    JKK_DEATH = "jkk_death", _("Death from a work accident")
    JKK_TOTAL_DISABILITY = "jkk_total_disability", _("Total disability from a work accident")


class ClaimStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    DOCUMENTS_COMPLETE = "documents_complete", _("Documents complete")
    SUBMITTED = "submitted", _("Submitted to BPJS")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


class Relationship(models.TextChoices):
    SELF = "self", _("The worker")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    EMPLOYER = "employer", _("Employer or contractor")
    COLLEAGUE = "colleague", _("Colleague")
    CADRE = "cadre", _("Village official or cadre")
    OTHER = "other", _("Other")


class SchoolLevel(models.TextChoices):
    TK = "TK", _("Kindergarten (TK)")
    SD = "SD", _("Primary school (SD)")
    SMP = "SMP", _("Junior high school (SMP)")
    SMA = "SMA", _("Senior high school (SMA)")
    PT = "PT", _("Higher education or training")


class ClaimCase(TimeStampedModel):
    """One claim for one worker's event, from the report to the payout."""

    reference = models.CharField(_("case number"), max_length=20, unique=True)
    claim_type = models.CharField(_("claim type"), max_length=16, choices=ClaimType.choices)
    jkk_outcome = models.CharField(
        _("outcome"), max_length=20, choices=JkkOutcome.choices, blank=True
    )
    beasiswa_cause = models.CharField(
        _("scholarship because of"), max_length=24, choices=BeasiswaCause.choices, blank=True
    )
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="claim_cases",
    )
    event_date = models.DateField(_("date of the event"), db_index=True)
    event_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village of the event"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    event_place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("what happened"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("construction project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claim_cases",
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200)
    reporter_phone = models.CharField(_("reporter's phone number"), max_length=20, blank=True)
    reporter_relationship = models.CharField(
        _("reporter's relationship to the worker"), max_length=12, choices=Relationship.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClaimStatus.choices,
        default=ClaimStatus.REPORTED,
    )
    status_on = models.DateField(_("status since"))
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    bpjs_claim_number = models.CharField(_("BPJS claim number"), max_length=40, blank=True)
    amount_paid = models.DecimalField(
        _("amount paid"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    days_to_payout = models.PositiveIntegerField(_("days from event to payout"), null=True)

    # What the expected benefit is computed from (entered by staff; all optional).
    monthly_wage = models.DecimalField(
        _("monthly wage reported to BPJS"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contribution_months = models.PositiveIntegerField(
        _("months of contributions (masa iur)"), null=True, blank=True
    )
    stmb_months = models.PositiveSmallIntegerField(
        _("months unable to work"), null=True, blank=True
    )
    disability_pct = models.DecimalField(
        _("disability percentage (table)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    function_loss_pct = models.DecimalField(
        _("function lost (percent)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    transport_land = models.DecimalField(
        _("transport costs by land, river or lake"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    transport_sea = models.DecimalField(
        _("transport costs by sea"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    transport_air = models.DecimalField(
        _("transport costs by air"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    # The expected benefit as computed by lindung.rules on the event date, with its inputs.
    expected_benefit = models.DecimalField(
        _("expected benefit"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    expected_detail = models.JSONField(default=dict, blank=True)
    expected_parameters = models.JSONField(default=list, blank=True)
    expected_issues = models.JSONField(default=list, blank=True)
    expected_computed_at = models.DateTimeField(null=True, blank=True)

    # Whether the worker was protected on the event date (None: not applicable or unknown).
    protected_at_event = models.BooleanField(_("protected on the event date"), null=True)
    protection_detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-event_date", "-pk"]
        verbose_name = _("claim case")
        verbose_name_plural = _("claim cases")
        indexes = [
            models.Index(fields=["status", "status_on"], name="claim_status_on_idx"),
            models.Index(fields=["event_region", "event_date"], name="claim_region_date_idx"),
            models.Index(fields=["paid_on"], name="claim_paid_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_paid__isnull=True) | models.Q(amount_paid__gt=0),
                name="claim_amount_paid_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ClaimStatus]),
                name="claim_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid")
                | (models.Q(amount_paid__isnull=False) & models.Q(paid_on__isnull=False)),
                name="claim_paid_has_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(status_on__gte=models.F("event_date")),
                name="claim_status_after_event",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        """Return whether the case is paid or rejected (no further steps)."""
        return self.status in {ClaimStatus.PAID, ClaimStatus.REJECTED}

    @property
    def regency_code(self) -> str:
        """Return the code of the event's regency without a query."""
        return ".".join(str(self.event_region_id).split(".")[:2])

    @property
    def benefit_difference(self) -> Decimal | None:
        """Return the amount paid minus the expected benefit, when both are known."""
        if self.amount_paid is None or self.expected_benefit is None:
            return None
        return self.amount_paid - self.expected_benefit

    @property
    def unprotected(self) -> bool:
        """Return whether the worker was found not protected on the event date."""
        return self.protected_at_event is False


class ClaimStep(models.Model):
    """A dated move of a case to a status, and who moved it (the case's history)."""

    case = models.ForeignKey(ClaimCase, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices)
    on = models.DateField(_("date"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("claim step")
        verbose_name_plural = _("claim steps")
        constraints = [
            models.UniqueConstraint(fields=["case", "status"], name="claim_step_once_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status} {self.on}"


class ClaimDocument(models.Model):
    """One line of a case's document checklist (the list depends on the claim type)."""

    case = models.ForeignKey(ClaimCase, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("document"), max_length=40)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    received = models.BooleanField(_("received"), default=False)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="claim_document_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.code}"


class ClaimBeneficiary(models.Model):
    """An heir or a child receiving a scholarship (personal data: masked by default)."""

    case = models.ForeignKey(ClaimCase, on_delete=models.CASCADE, related_name="beneficiaries")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=200)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    relationship = models.CharField(
        _("relationship to the worker"), max_length=12, choices=Relationship.choices
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    school_level = models.CharField(
        _("school level"), max_length=3, choices=SchoolLevel.choices, blank=True
    )
    married = models.BooleanField(_("married"), default=False)
    working = models.BooleanField(_("working"), default=False)
    years_used = models.JSONField(_("scholarship years already paid, per level"), default=dict)
    paid_to_date = models.DecimalField(
        _("scholarship received before"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")

    def __str__(self) -> str:
        return f"beneficiary {self.pk} of {self.case_id}"


class Handover(TimeStampedModel):
    """A ceremony where benefits were handed to families, with the cases it covered."""

    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    officials = models.TextField(_("officials present"))
    family_count = models.PositiveSmallIntegerField(_("families receiving"))
    amount = models.DecimalField(_("amount handed over"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    cases = models.ManyToManyField(ClaimCase, related_name="handovers", verbose_name=_("cases"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="handover_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class BenefitStory(TimeStampedModel):
    """An anonymised account of a case for socialization material, written by staff."""

    case = models.ForeignKey(ClaimCase, on_delete=models.PROTECT, related_name="stories")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"))
    publishable = models.BooleanField(_("may be published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("benefit story")
        verbose_name_plural = _("benefit stories")

    def __str__(self) -> str:
        return self.title
