"""Public construction projects and the parties that must protect their workers.

A project belongs to an agency (OPD/satker), is managed by a commitment official (PPK) and
built by a contractor. Its Jakon contribution, deadlines and what is still owed come from
``lindung.rules`` and are stored with the parameters used, never recomputed elsewhere.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.models import TimeStampedModel


class FundingLevel(models.TextChoices):
    APBN = "apbn", _("APBN (national budget)")
    APBD_PROVINCE = "apbd_prov", _("APBD provinsi")
    APBD_REGENCY = "apbd_kab", _("APBD kabupaten/kota")
    APBDES = "apbdes", _("APBDes (village budget)")
    BUMN_BUMD = "bumn_bumd", _("BUMN/BUMD")
    PRIVATE = "private", _("Private")


class Stage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PROCURED = "procured", _("Procured")
    CONTRACTED = "contracted", _("Contracted")
    IN_PROGRESS = "in_progress", _("In progress")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


STAGE_ORDER = [
    Stage.PLANNED,
    Stage.PROCURED,
    Stage.CONTRACTED,
    Stage.IN_PROGRESS,
    Stage.HANDED_OVER,
]


class WorkSector(models.TextChoices):
    BUILDING = "building", _("Buildings")
    ROADS = "roads", _("Roads and bridges")
    WATER = "water", _("Irrigation and water resources")
    UTILITIES = "utilities", _("Water supply, sanitation and energy")
    SUPERVISION = "supervision", _("Planning and supervision services")
    OTHER = "other", _("Other construction")


class Agency(TimeStampedModel):
    """An owner agency (OPD/satker) with its region and funding level."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=40, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    funding_level = models.CharField(
        _("funding level"), max_length=12, choices=FundingLevel.choices
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("users"), blank=True, related_name="agencies"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="agency_name_region_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class Ppk(TimeStampedModel):
    """A commitment official (Pejabat Pembuat Komitmen), identified by NIP."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="ppks"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ppk",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("PPK")
        verbose_name_plural = _("PPKs")

    def __str__(self) -> str:
        return self.name


class Contractor(TimeStampedModel):
    """A construction service provider (penyedia jasa)."""

    name = models.CharField(_("name"), max_length=200)
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("users"), blank=True, related_name="contractors"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        constraints = [
            models.UniqueConstraint(
                fields=["npwp"], condition=~models.Q(npwp=""), name="contractor_npwp_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContributionBasis(models.Model):
    """What Jakon calculations rested on, stored once for every project computed with it.

    The contract base policy, the COVID relief factor, the parameter versions used (value,
    source, confidence, validity), the warnings they raise and each tier's bounds and rates
    are the same for every project computed under the same parameters: about 2 KB that
    each project used to repeat. A project keeps its own amounts and tier slices and
    refers to its basis.
    Content-addressed by ``digest`` (``projects.calculation_basis.digest``), never changed.
    """

    digest = models.CharField(max_length=64, unique=True)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contribution basis")
        verbose_name_plural = _("contribution bases")

    def __str__(self) -> str:
        return self.digest[:12]


def new_public_token() -> str:
    """Return an unguessable token for the public verification page."""
    return secrets.token_urlsafe(18)


class Project(TimeStampedModel):
    """A public construction project, from planning to handover."""

    # Unique through Meta.constraints, not unique=True: that would add a second (LIKE)
    # index on PostgreSQL that no query uses and every import must maintain. A missing
    # key is NULL, not "", so projects without one never collide on the constraint.
    kode_rup = models.CharField(  # noqa: DJ001
        _("RUP code"), max_length=30, null=True, blank=True
    )
    contract_number = models.CharField(  # noqa: DJ001
        _("contract number"), max_length=100, null=True, blank=True
    )
    name = models.CharField(_("package name"), max_length=300)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="projects",
        db_index=False,  # project_agency_stage_idx starts with the agency
    )
    ppk = models.ForeignKey(
        Ppk,
        verbose_name=_("PPK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    contractor = models.ForeignKey(
        Contractor,
        verbose_name=_("contractor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The village or district where the work happens."),
        db_index=False,  # project_region_year_idx and project_region_prefix_idx cover it
    )
    sector = models.CharField(
        _("sector of work"), max_length=12, choices=WorkSector.choices, default=WorkSector.OTHER
    )
    funding_source = models.CharField(
        _("funding source"), max_length=12, choices=FundingLevel.choices
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PLANNED
    )
    hps_value = models.DecimalField(
        _("owner estimate (HPS)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    contribution_in_hps = models.DecimalField(
        _("Jakon contribution budgeted in HPS/RAB"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    contract_value = models.DecimalField(
        _("contract value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value_includes_vat = models.BooleanField(_("contract value includes VAT (PPN)"), default=True)
    vat_amount = models.DecimalField(
        _("VAT (PPN) amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    spk_date = models.DateField(_("SPK date"), null=True, blank=True, db_index=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    planned_workforce = models.PositiveIntegerField(_("planned workforce"), null=True, blank=True)

    # The Jakon contribution as computed by lindung.rules, with the parameters it used.
    contribution_jkk = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    contribution_jkm = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    contribution_total = models.DecimalField(
        _("Jakon contribution"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The project's own part of the rules' result (amounts, tier slices, date of the rates);
    # the parameters, warnings and tier rates it rests on are its basis.
    # selectors.contribution_detail puts the two together again.
    contribution_detail = models.JSONField(default=dict, blank=True)
    contribution_basis = models.ForeignKey(
        ContributionBasis,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # bases are never deleted, so nothing looks projects up by basis
    )

    # Denormalised for lists and rankings; refreshed by services on every change.
    paid_total = models.DecimalField(
        _("contribution paid"), max_digits=14, decimal_places=2, default=0
    )
    registered_on = models.DateField(_("registered with BPJS on"), null=True, blank=True)
    registration_due = models.DateField(_("registration due"), null=True, blank=True)

    public_token = models.CharField(max_length=32, default=new_public_token)
    public_token_revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-fiscal_year", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["region", "fiscal_year"], name="project_region_year_idx"),
            # Region scopes are prefix matches (LIKE '61.71.%'); on PostgreSQL that needs
            # the pattern operator class. Other databases get a plain index.
            models.Index(
                fields=["region"],
                name="project_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["stage"], name="project_stage_idx"),
            models.Index(fields=["agency", "stage"], name="project_agency_stage_idx"),
            # The list's default order, and the deadline filters and reminders.
            models.Index(fields=["-fiscal_year", "name"], name="project_year_name_idx"),
            models.Index(fields=["registration_due"], name="project_reg_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kode_rup"], name="project_kode_rup_uniq"),
            models.UniqueConstraint(
                fields=["contract_number"], name="project_contract_number_uniq"
            ),
            models.UniqueConstraint(fields=["public_token"], name="project_public_token_uniq"),
            models.CheckConstraint(
                condition=models.Q(kode_rup__isnull=False)
                | models.Q(contract_number__isnull=False),
                name="project_has_key",
            ),
            models.CheckConstraint(
                condition=models.Q(contract_value__isnull=True) | models.Q(contract_value__gt=0),
                name="project_contract_value_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """A dated move of a project to a stage (the project's stage history)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.project_id} {self.stage} {self.on}"


class Addendum(models.Model):
    """A change to a contract's value or time, with the extra contribution it causes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="addenda")
    number = models.CharField(_("addendum number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    previous_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField(
        _("new contract value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    new_end = models.DateField(_("new end date"), null=True, blank=True)
    extra_contribution = models.DecimalField(
        _("extra contribution"), max_digits=14, decimal_places=2, default=0
    )
    detail = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_on", "id"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="addendum_number_uniq")
        ]

    def __str__(self) -> str:
        return self.number


class Registration(models.Model):
    """The project's BPJS Ketenagakerjaan Jakon registration."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="registration")
    bpjs_project_number = models.CharField(_("BPJS project number"), max_length=30)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    registered_on = models.DateField(_("registered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("BPJS registration")
        verbose_name_plural = _("BPJS registrations")

    def __str__(self) -> str:
        return self.bpjs_project_number


class Payment(models.Model):
    """A contribution payment (a termin or the full amount)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    termin = models.PositiveSmallIntegerField(_("termin"), null=True, blank=True)
    reference = models.CharField(_("receipt or reference"), max_length=100, blank=True)
    proof = models.FileField(_("proof of payment"), upload_to="payments/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("contribution payment")
        verbose_name_plural = _("contribution payments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["project", "paid_on", "amount", "reference"], name="payment_dedup_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"
