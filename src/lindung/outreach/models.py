"""Outreach: cadres and their targets, socialization events with their attendees, photos and
the registrations they produced, follow-up of lapsed BPU participants, and the budget planner
(scenarios, allocations and payments per funding source).

Attendee lists and follow-up contacts hold personal data (UU 27/2022): they are read through
``selectors`` scoped to the actor's region and shown masked unless a reveal is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.models import TimeStampedModel
from lindung.workers.models import Sector

# ----------------------------------------------------------------------------- cadres


class CadreKind(models.TextChoices):
    VILLAGE_OFFICIAL = "village_official", _("Village official")
    COMMUNITY_AGENT = "community_agent", _("Community agent")
    VOLUNTEER = "volunteer", _("Volunteer")


class Cadre(TimeStampedModel):
    """A village official or community agent who reaches workers in a village or district.

    A cadre may have a login (a user with the village cadre role) or work without one, in
    which case an officer records the events and registrations on their behalf.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CadreKind.choices, default=CadreKind.VILLAGE_OFFICIAL
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("working area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The village or district the cadre works in."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadre_profile",
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        indexes = [models.Index(fields=["region", "is_active"], name="cadre_region_active_idx")]

    def __str__(self) -> str:
        return self.name


class TargetMetric(models.TextChoices):
    REGISTRATIONS = "registrations", _("Workers registered")
    REACHED = "reached", _("People reached")
    EVENTS = "events", _("Socialization events")


class OutreachTarget(TimeStampedModel):
    """A target for one cadre or one village over a period (a month, a quarter or a year)."""

    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    metric = models.CharField(_("measure"), max_length=16, choices=TargetMetric.choices)
    period = models.CharField(
        _("period"), max_length=7, help_text=_("2026 (year), 2026-Q1 (quarter), 2026-03 (month)")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.PositiveIntegerField(_("target"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-period_start", "metric", "pk"]
        verbose_name = _("outreach target")
        verbose_name_plural = _("outreach targets")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(cadre__isnull=False, region__isnull=True)
                    | models.Q(cadre__isnull=True, region__isnull=False)
                ),
                name="outreach_target_cadre_xor_village",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="outreach_target_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gt=0), name="outreach_target_value_positive"
            ),
            models.UniqueConstraint(
                fields=["cadre", "metric", "period"],
                condition=models.Q(cadre__isnull=False),
                name="outreach_target_cadre_uniq",
            ),
            models.UniqueConstraint(
                fields=["region", "metric", "period"],
                condition=models.Q(region__isnull=False),
                name="outreach_target_village_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"target {self.metric} {self.period}: {self.value}"


# ----------------------------------------------------------------------------- events


class SocializationEvent(TimeStampedModel):
    """A socialization session in a village: who organised it, for whom, how many came."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, help_text=_("e.g. Balai desa"))
    organiser_cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("organising cadre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    organiser_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organising officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.CharField(
        _("audience sector"), max_length=16, choices=Sector.choices, default=Sector.OTHER
    )
    attendance_count = models.PositiveIntegerField(_("attendance"))
    materials = models.TextField(_("materials"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("socialization event")
        verbose_name_plural = _("socialization events")
        indexes = [models.Index(fields=["region", "held_on"], name="event_region_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organiser_cadre__isnull=False) | models.Q(organiser_user__isnull=False)
                ),
                name="event_has_organiser",
            ),
        ]

    def __str__(self) -> str:
        return f"event {self.pk} {self.held_on}"


class EventAttendee(models.Model):
    """One person on an event's attendance list (personal data: masked unless revealed)."""

    event = models.ForeignKey(
        SocializationEvent, on_delete=models.CASCADE, related_name="attendees"
    )
    name = models.CharField(_("name"), max_length=200)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "nik"],
                condition=~models.Q(nik=""),
                name="attendee_event_nik_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"attendee {self.pk}"


def photo_path(instance: EventPhoto, filename: str) -> str:
    """Store photos under a random name: the uploaded name never reaches the disk."""
    return f"outreach/photos/{instance.sha256[:2]}/{instance.sha256}.{filename.rsplit('.', 1)[-1]}"


class EventPhoto(models.Model):
    """A photo of an event, checked by content and re-encoded without its metadata."""

    event = models.ForeignKey(SocializationEvent, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=20)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        constraints = [
            models.UniqueConstraint(fields=["event", "sha256"], name="event_photo_once"),
        ]

    def __str__(self) -> str:
        return f"photo {self.pk} of event {self.event_id}"


class EventRegistration(models.Model):
    """A registry worker credited to the event they were registered at or after.

    A worker is credited to one event only, so the funnel never counts a person twice.
    """

    event = models.ForeignKey(
        SocializationEvent, on_delete=models.PROTECT, related_name="registrations"
    )
    worker = models.OneToOneField(
        "workers.Worker", on_delete=models.PROTECT, related_name="outreach_registration"
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("credited cadre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registered_on = models.DateField(_("registered on"))
    new_worker = models.BooleanField(
        _("registered at the event"),
        default=True,
        help_text=_("False when an existing registry record was linked to the event."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")

    def __str__(self) -> str:
        return f"worker {self.worker_id} from event {self.event_id}"


# ----------------------------------------------------------------------------- follow-up


class ContactChannel(models.TextChoices):
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Home visit")
    WHATSAPP = "whatsapp", _("WhatsApp")


class ContactOutcome(models.TextChoices):
    WILL_PAY = "will_pay", _("Promised to pay")
    PAID = "paid", _("Says they have paid")
    NOT_REACHED = "not_reached", _("Not reached")
    REFUSED = "refused", _("Does not want to continue")
    MOVED = "moved", _("Moved away")
    DIED = "died", _("Died (check the JKM claim)")
    OTHER = "other", _("Other")


class FollowUpContact(TimeStampedModel):
    """One call, visit or message to a lapsed BPU participant, and what comes next."""

    kpj = models.CharField(_("KPJ"), max_length=20, db_index=True)
    nik = models.CharField(_("NIK"), max_length=32, blank=True)
    region_code = models.CharField(_("region"), max_length=13, db_index=True)
    snapshot_date = models.DateField(_("extract date"), null=True, blank=True)
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=10, choices=ContactChannel.choices)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ContactOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    next_action_on = models.DateField(_("next action on"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")

    def __str__(self) -> str:
        return f"contact {self.pk} {self.channel} {self.contacted_on}"


# ----------------------------------------------------------------------------- budget


class FundingSource(models.TextChoices):
    PROVINCE = "province", _("Provincial budget (APBD provinsi)")
    REGENCY = "regency", _("Regency/city budget (APBD kabupaten/kota)")
    VILLAGE = "village", _("Village funds (APBDes)")
    CSR = "csr", _("Company CSR")


class ScenarioKind(models.TextChoices):
    COVERAGE = "coverage", _("Reach a coverage rate by a year")
    PROTECT = "protect", _("Protect a number of workers for some months")


class SplitMode(models.TextChoices):
    PERCENT = "percent", _("By percentage")
    AMOUNT = "amount", _("By amount")


class BudgetScenario(TimeStampedModel):
    """A saved APBD/APBDes plan: what protecting the workers costs and who pays which part.

    The inputs actually used (denominator, current participants and where each came from,
    or that the user entered them) and the regulation parameters are stored with the result,
    so a scenario reads the same a year later.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ScenarioKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    sector = models.CharField(_("sector"), max_length=16, default="all")
    target_percent = models.DecimalField(
        _("target coverage (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    denominator = models.PositiveIntegerField(_("workers (denominator)"), null=True, blank=True)
    denominator_source = models.CharField(_("denominator source"), max_length=300, blank=True)
    denominator_overridden = models.BooleanField(_("denominator entered by hand"), default=False)
    current_participants = models.PositiveIntegerField(
        _("current participants"), null=True, blank=True
    )
    participants_source = models.CharField(_("participants source"), max_length=300, blank=True)
    participants_overridden = models.BooleanField(_("participants entered by hand"), default=False)
    months = models.PositiveSmallIntegerField(_("months"))
    declared_income = models.DecimalField(_("declared income"), max_digits=14, decimal_places=2)
    with_jht = models.BooleanField(_("include JHT"), default=False)
    as_of = models.DateField(_("rates in force on"))
    workers = models.PositiveIntegerField(_("workers to protect"))
    per_worker_monthly = models.DecimalField(
        _("per worker per month"), max_digits=18, decimal_places=2
    )
    monthly_total = models.DecimalField(_("per month"), max_digits=18, decimal_places=2)
    annual_total = models.DecimalField(_("per year"), max_digits=18, decimal_places=2)
    total_cost = models.DecimalField(_("total cost"), max_digits=18, decimal_places=2)
    split_mode = models.CharField(
        _("split"), max_length=8, choices=SplitMode.choices, default=SplitMode.PERCENT
    )
    calculation = models.JSONField(_("calculation trail"), default=dict)
    is_adopted = models.BooleanField(
        _("adopted plan"),
        default=False,
        help_text=_("The plan of record for its region and year, used by the dashboard."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "region_id", "name", "pk"]
        verbose_name = _("budget scenario")
        verbose_name_plural = _("budget scenarios")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=models.Q(is_adopted=True),
                name="scenario_one_adopted_per_region_year",
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=12),
                name="scenario_months_range",
            ),
        ]

    def __str__(self) -> str:
        return f"scenario {self.pk} {self.region_id} {self.year}"


class ScenarioShare(models.Model):
    """One funding source's part of a scenario's cost."""

    scenario = models.ForeignKey(BudgetScenario, on_delete=models.CASCADE, related_name="shares")
    source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices)
    percent = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["scenario", "source"]
        verbose_name = _("scenario share")
        verbose_name_plural = _("scenario shares")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "source"], name="scenario_share_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.amount}"


class BudgetAllocation(TimeStampedModel):
    """Money set aside in a budget document for contributions (DPA, APBDes, CSR agreement)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    reference = models.CharField(
        _("document"), max_length=200, help_text=_("e.g. DPA number or APBDes regulation")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "region_id", "source", "pk"]
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        indexes = [models.Index(fields=["year", "region"], name="allocation_year_region_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="budget_allocation_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"allocation {self.region_id} {self.year} {self.source}: {self.amount}"


class BudgetPayment(TimeStampedModel):
    """Contributions actually paid to BPJS Ketenagakerjaan from one funding source."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices)
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    workers_covered = models.PositiveIntegerField(_("workers covered"), null=True, blank=True)
    reference = models.CharField(_("payment reference"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("budget payment")
        verbose_name_plural = _("budget payments")
        indexes = [models.Index(fields=["year", "region"], name="payment_year_region_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="budget_payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"payment {self.region_id} {self.paid_on} {self.source}: {self.amount}"
