"""Writes on projects: each use case validates everything, writes once and audits (R5, R13)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import selectors as account_selectors
from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, region_in_scope
from lindung.core.errors import FieldError
from lindung.notifications import services as notification_services
from lindung.projects import selectors
from lindung.projects.compliance import Compliance
from lindung.projects.errors import (
    AddendumInvalid,
    AlreadyRegistered,
    PaymentInvalid,
    ProjectActionNotAllowed,
    ProjectInvalid,
    RegistrationInvalid,
    StageChangeInvalid,
)
from lindung.projects.models import (
    STAGE_ORDER,
    Addendum,
    Agency,
    Contractor,
    FundingLevel,
    Payment,
    Ppk,
    Project,
    Registration,
    Stage,
    StageChange,
    WorkSector,
    new_public_token,
)
from lindung.regions.models import Region, RegionLevel
from lindung.regulations import selectors as regulation_selectors
from lindung.rules import errors as rule_errors
from lindung.rules.calendar import WorkingCalendar
from lindung.rules.deadlines import jakon_registration_deadline
from lindung.rules.identifiers import validate_kode_rup, validate_nib, validate_nip, validate_npwp
from lindung.rules.jakon import Vat, jakon_addendum, jakon_contribution
from lindung.rules.money import ABSURD_LIMIT
from lindung.rules.parameters import ParameterSet

# Input fields copied onto the project unchanged (same name on ProjectInput and Project).
COPIED_INPUT_FIELDS = (
    "sector",
    "funding_source",
    "fiscal_year",
    "stage",
    "hps_value",
    "contribution_in_hps",
    "contract_value",
    "value_includes_vat",
    "vat_amount",
    "spk_date",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "planned_workforce",
)
AUDITED_FIELDS = (
    "kode_rup",
    "contract_number",
    "name",
    "agency_id",
    "ppk_id",
    "contractor_id",
    "region_id",
    *COPIED_INPUT_FIELDS,
)


# ----------------------------------------------------------------------------- permissions


def can_edit_project(actor: User, project: Project | None = None, region_code: str = "") -> bool:
    """Return whether the actor may create or change a project's data (not its payments)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.PROVINCIAL_ADMIN:
        return True
    code = project.region_id if project else region_code
    if actor.role == Role.REGENCY_OFFICER:
        return bool(code) and region_in_scope(actor, code)
    if actor.role == Role.AGENCY_USER:
        if project is None:
            return True  # checked against the chosen agency in _validate
        return project.agency.members.filter(pk=actor.pk).exists() or (
            project.ppk is not None and project.ppk.user_id == actor.pk
        )
    return False


def can_record_protection(actor: User, project: Project) -> bool:
    """Return whether the actor may record the BPJS registration and payments of a project."""
    if can_edit_project(actor, project):
        return True
    if actor.role == Role.BPJS_OFFICER and actor.is_active:
        return True
    if actor.role == Role.CONTRACTOR and project.contractor_id:
        return (
            project.contractor is not None
            and project.contractor.members.filter(pk=actor.pk).exists()
        )
    return False


# ----------------------------------------------------------------------------- input


@dataclass
class ProjectInput:
    """Everything a project form, an API call or an import row may set."""

    name: str
    agency_name: str
    region_code: str
    funding_source: str
    fiscal_year: int
    kode_rup: str = ""
    contract_number: str = ""
    agency_region_code: str = ""
    sector: str = WorkSector.OTHER
    stage: str = Stage.PLANNED
    ppk_nip: str = ""
    ppk_name: str = ""
    contractor_name: str = ""
    contractor_npwp: str = ""
    contractor_nib: str = ""
    hps_value: Decimal | None = None
    contribution_in_hps: Decimal | None = None
    contract_value: Decimal | None = None
    value_includes_vat: bool = True
    vat_amount: Decimal | None = None
    spk_date: date | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    planned_workforce: int | None = None


def _money_error(value: Decimal | None, field: str, errors: list[FieldError]) -> None:
    if value is None:
        return
    if value <= 0:
        errors.append(FieldError((field,), _("Must be more than zero."), "not_positive"))
    elif value > ABSURD_LIMIT:
        errors.append(
            FieldError((field,), _("Over Rp 10 trillion: check the number."), "too_large")
        )


def validate_project_input(
    data: ProjectInput,
    *,
    today: date,
    params: ParameterSet | None = None,
    region_levels: Mapping[str, str] | None = None,
) -> list[FieldError]:
    """Return every problem with the input (empty when it is valid). No writes.

    Bulk callers pass the parameter set and a ``{code: level}`` map of regions once, so
    validating a row costs no query.
    """
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError(("name",), _("The package name is required."), "required"))
    if not data.kode_rup.strip() and not data.contract_number.strip():
        errors.append(
            FieldError(("kode_rup",), _("Give the RUP code or the contract number."), "required")
        )
    if data.kode_rup.strip():
        check = validate_kode_rup(data.kode_rup)
        for issue in check.errors:
            errors.append(FieldError(("kode_rup",), issue.message("id"), str(issue.code)))
    if not data.agency_name.strip():
        errors.append(FieldError(("agency",), _("The agency (satker) is required."), "required"))
    if region_levels is None:
        found = Region.objects.filter(code=data.region_code.strip()).values_list("level", flat=True)
        level = found.first()
    else:
        level = region_levels.get(data.region_code.strip())
    if level is None:
        errors.append(
            FieldError(
                ("region",),
                _("Region %(code)s does not exist.") % {"code": data.region_code},
                "unknown_region",
            )
        )
    elif level not in {RegionLevel.DISTRICT, RegionLevel.VILLAGE, RegionLevel.REGENCY}:
        errors.append(
            FieldError(
                ("region",), _("The location must be a regency, district or village."), "level"
            )
        )
    if data.funding_source not in FundingLevel.values:
        errors.append(FieldError(("funding_source",), _("Unknown funding source."), "choice"))
    if data.sector not in WorkSector.values:
        errors.append(FieldError(("sector",), _("Unknown sector of work."), "choice"))
    if data.stage not in Stage.values:
        errors.append(FieldError(("stage",), _("Unknown stage."), "choice"))
    if not 2000 <= data.fiscal_year <= today.year + 5:
        errors.append(
            FieldError(
                ("fiscal_year",),
                _("The fiscal year must be between 2000 and %(max)s.") % {"max": today.year + 5},
                "range",
            )
        )
    if data.ppk_nip.strip():
        nip = validate_nip(data.ppk_nip)
        for issue in nip.errors:
            errors.append(FieldError(("ppk_nip",), issue.message("id"), str(issue.code)))
        if not data.ppk_name.strip():
            errors.append(FieldError(("ppk_name",), _("The PPK's name is required."), "required"))
    if data.contractor_npwp.strip():
        npwp = validate_npwp(
            data.contractor_npwp,
            as_of=today,
            params=params or regulation_selectors.parameter_set(),
        )
        for issue in npwp.errors:
            errors.append(FieldError(("contractor_npwp",), issue.message("id"), str(issue.code)))
    if data.contractor_nib.strip():
        for issue in validate_nib(data.contractor_nib).errors:
            errors.append(FieldError(("contractor_nib",), issue.message("id"), str(issue.code)))
    if (data.contractor_npwp.strip() or data.contractor_nib.strip()) and not (
        data.contractor_name.strip()
    ):
        errors.append(
            FieldError(("contractor_name",), _("The contractor's name is required."), "required")
        )
    for field_name in ("hps_value", "contract_value", "vat_amount", "contribution_in_hps"):
        _money_error(getattr(data, field_name), field_name, errors)
    if data.vat_amount and data.contract_value and data.vat_amount >= data.contract_value:
        errors.append(
            FieldError(("vat_amount",), _("The VAT is larger than the contract value."), "vat")
        )
    if data.stage in {Stage.CONTRACTED, Stage.IN_PROGRESS, Stage.HANDED_OVER}:
        if data.contract_value is None:
            errors.append(
                FieldError(
                    ("contract_value",), _("A contracted project needs its value."), "required"
                )
            )
        if data.spk_date is None:
            errors.append(
                FieldError(("spk_date",), _("A contracted project needs its SPK date."), "required")
            )
    pairs = (
        ("planned_start", "planned_end"),
        ("actual_start", "actual_end"),
        ("spk_date", "actual_end"),
    )
    for first, second in pairs:
        start, end = getattr(data, first), getattr(data, second)
        if start and end and end < start:
            errors.append(
                FieldError(
                    (second,),
                    _("Must not be before %(other)s.") % {"other": first.replace("_", " ")},
                    "date_order",
                )
            )
    if data.spk_date and data.spk_date > today.replace(year=today.year + 1):
        errors.append(FieldError(("spk_date",), _("The SPK date is too far ahead."), "future"))
    if data.planned_workforce is not None and not 0 <= data.planned_workforce <= 100_000:
        errors.append(
            FieldError(("planned_workforce",), _("Between 0 and 100,000 workers."), "range")
        )
    return errors


def compute_contribution(project: Project, params: ParameterSet | None = None) -> None:
    """Set the project's Jakon contribution from lindung.rules, with the parameters used."""
    if project.contract_value is None:
        project.contribution_jkk = project.contribution_jkm = project.contribution_total = None
        project.contribution_detail = {}
        return
    as_of = project.spk_date or timezone.localdate()
    vat = (
        Vat(project.vat_amount, included_in_value=project.value_includes_vat)
        if project.vat_amount is not None
        else None
    )
    try:
        result = jakon_contribution(
            project.contract_value, as_of, params or regulation_selectors.parameter_set(), vat=vat
        )
    except rule_errors.RulesError as exc:
        raise ProjectInvalid(
            errors=[
                FieldError(("contract_value",), issue.message("id"), str(issue.code))
                for issue in exc.issues
            ]
        ) from exc
    project.contribution_jkk = result.jkk.rounded
    project.contribution_jkm = result.jkm.rounded
    project.contribution_total = result.total
    project.contribution_detail = result.to_dict()


def compute_registration_due(
    project: Project,
    params: ParameterSet | None = None,
    calendar: WorkingCalendar | None = None,
) -> None:
    """Set the registration deadline (14 working days after the SPK) from lindung.rules.

    ``calendar`` must cover the SPK year and the next; by default it is built for the
    project's regency (its regional holidays included).
    """
    if project.spk_date is None:
        project.registration_due = None
        return
    if calendar is None:
        regency = ".".join(project.region_id.split(".")[:2])
        calendar = regulation_selectors.working_calendar(
            years=[project.spk_date.year, project.spk_date.year + 1], region_code=regency
        )
    project.registration_due = jakon_registration_deadline(
        project.spk_date, params or regulation_selectors.parameter_set(), calendar
    ).due


def _resolve_parties(
    actor: User | None, data: ProjectInput, region: Region
) -> tuple[Agency, Ppk | None, Contractor | None]:
    agency_region = data.agency_region_code.strip() or ".".join(region.code.split(".")[:2])
    agency = selectors.find_agency(name=data.agency_name, region_code=agency_region)
    if agency is None:
        agency = Agency.objects.create(
            name=data.agency_name.strip(),
            region_id=agency_region,
            funding_level=data.funding_source,
        )
    ppk = None
    if data.ppk_nip.strip():
        nip = data.ppk_nip.strip()
        ppk = Ppk.objects.filter(nip=nip).first()
        if ppk is None:
            ppk = Ppk.objects.create(nip=nip, name=data.ppk_name.strip(), agency=agency)
    contractor = None
    if data.contractor_name.strip() or data.contractor_npwp.strip():
        npwp = data.contractor_npwp.strip().replace(".", "").replace("-", "")
        contractor = selectors.find_contractor(npwp=npwp, name=data.contractor_name)
        if contractor is None:
            contractor = Contractor.objects.create(
                name=data.contractor_name.strip(),
                npwp=npwp,
                nib=data.contractor_nib.strip(),
            )
    return agency, ppk, contractor


def apply_input(project: Project, data: ProjectInput, *, keep_missing_keys: bool = False) -> None:
    """Copy the input onto the project (no save). An import keys a row by one identifier and
    leaves the other as stored when the row leaves it blank (``keep_missing_keys``)."""
    kept_rup = project.kode_rup if keep_missing_keys else None
    kept_contract = project.contract_number if keep_missing_keys else None
    project.kode_rup = data.kode_rup.strip() or kept_rup or None
    project.contract_number = data.contract_number.strip() or kept_contract or None
    project.name = data.name.strip()
    project.region_id = data.region_code.strip()
    for name in COPIED_INPUT_FIELDS:
        setattr(project, name, getattr(data, name))


def _snapshot(project: Project) -> dict[str, Any]:
    return account_services.snapshot(project, AUDITED_FIELDS)


def save_project(
    *, actor: User | None, data: ProjectInput, project: Project | None = None, today: date
) -> tuple[Project, str]:
    """Create or update a project inside the caller's transaction; return it and
    ``created``/``updated``/``unchanged``. Used by the use cases and the importer."""
    errors = validate_project_input(data, today=today)
    duplicates = Project.objects.all()
    if project is not None:
        duplicates = duplicates.exclude(pk=project.pk)
    if data.kode_rup.strip() and duplicates.filter(kode_rup=data.kode_rup.strip()).exists():
        errors.append(FieldError(("kode_rup",), _("Another project has this RUP code."), "dup"))
    if (
        data.contract_number.strip()
        and duplicates.filter(contract_number=data.contract_number.strip()).exists()
    ):
        errors.append(
            FieldError(("contract_number",), _("Another project has this contract number."), "dup")
        )
    if errors:
        raise ProjectInvalid(errors=errors)
    region = Region.objects.get(code=data.region_code.strip())
    agency, ppk, contractor = _resolve_parties(actor, data, region)
    creating = project is None
    if project is None:
        project = Project()
        before: dict[str, Any] = {}
    else:
        before = _snapshot(project)
    previous_stage = project.stage if not creating else None
    apply_input(project, data)
    project.agency, project.ppk, project.contractor = agency, ppk, contractor
    after = _snapshot(project)
    if not creating and after == before:
        return project, "unchanged"
    compute_contribution(project)
    compute_registration_due(project)
    project.save()
    if creating or previous_stage != project.stage:
        StageChange.objects.create(
            project=project, stage=project.stage, on=today, recorded_by=actor
        )
    account_services.record_audit(
        actor=actor,
        action="project.create" if creating else "project.update",
        entity_type="project",
        entity_id=project.pk,
        region_code=project.region_id,
        changes=account_services.diff_fields(before, after),
    )
    return project, "created" if creating else "updated"


def _check_edit_rights(actor: User, data: ProjectInput, project: Project | None) -> None:
    if project is not None and not can_edit_project(actor, project):
        raise ProjectActionNotAllowed()
    if not can_edit_project(actor, None, region_code=data.region_code.strip()):
        raise ProjectActionNotAllowed()
    if actor.role == Role.AGENCY_USER:
        agency_region = data.agency_region_code.strip() or ".".join(
            data.region_code.strip().split(".")[:2]
        )
        agency = selectors.find_agency(name=data.agency_name, region_code=agency_region)
        if agency is None or not agency.members.filter(pk=actor.pk).exists():
            raise ProjectActionNotAllowed()


@transaction.atomic(durable=True)
def create_project(*, actor: User, data: ProjectInput) -> Project:
    """Register a new project (from planning on) in the actor's scope."""
    _check_edit_rights(actor, data, None)
    project, _status = save_project(actor=actor, data=data, today=timezone.localdate())
    return project


@transaction.atomic(durable=True)
def update_project(*, actor: User, project_id: int, data: ProjectInput) -> Project:
    """Change a project's data; the contribution and deadline are recomputed and audited."""
    project = selectors.access_project(actor=actor, project_id=project_id)
    _check_edit_rights(actor, data, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    project, _status = save_project(
        actor=actor, data=data, project=project, today=timezone.localdate()
    )
    return project


@transaction.atomic(durable=True)
def change_stage(*, actor: User, project_id: int, stage: str, on: date, note: str = "") -> Project:
    """Move a project to a stage on a date (forward, or to cancelled); audited."""
    project = selectors.access_project(actor=actor, project_id=project_id)
    if not can_edit_project(actor, project):
        raise ProjectActionNotAllowed()
    errors: list[FieldError] = []
    if stage not in Stage.values:
        errors.append(FieldError(("stage",), _("Unknown stage."), "choice"))
    elif project.stage == Stage.CANCELLED:
        errors.append(FieldError(("stage",), _("A cancelled project cannot move."), "cancelled"))
    elif stage != Stage.CANCELLED and STAGE_ORDER.index(Stage(stage)) <= STAGE_ORDER.index(
        Stage(project.stage)
    ):
        errors.append(FieldError(("stage",), _("A project only moves forward."), "backward"))
    if stage in {Stage.CONTRACTED, Stage.IN_PROGRESS, Stage.HANDED_OVER} and (
        project.spk_date is None or project.contract_value is None
    ):
        errors.append(
            FieldError(
                ("stage",),
                _("Enter the contract value and SPK date before this stage."),
                "missing_contract",
            )
        )
    last = project.stage_changes.order_by("-on").first()
    if last and on < last.on:
        errors.append(
            FieldError(("on",), _("Must not be before the previous stage change."), "date_order")
        )
    if errors:
        raise StageChangeInvalid(errors=errors)
    before = project.stage
    project.stage = stage
    if stage == Stage.HANDED_OVER and project.actual_end is None:
        project.actual_end = on
    project.save(update_fields=["stage", "actual_end", "updated_at"])
    StageChange.objects.create(project=project, stage=stage, on=on, note=note, recorded_by=actor)
    account_services.record_audit(
        actor=actor,
        action="project.stage",
        entity_type="project",
        entity_id=project.pk,
        region_code=project.region_id,
        changes={"before": {"stage": before}, "after": {"stage": stage, "on": on.isoformat()}},
    )
    return project


@transaction.atomic(durable=True)
def record_addendum(
    *,
    actor: User,
    project_id: int,
    number: str,
    signed_on: date,
    new_value: Decimal | None = None,
    new_end: date | None = None,
) -> Addendum:
    """Record a value or time change; the extra contribution is the difference of totals."""
    project = selectors.access_project(actor=actor, project_id=project_id)
    if not can_edit_project(actor, project):
        raise ProjectActionNotAllowed()
    errors: list[FieldError] = []
    if not number.strip():
        errors.append(FieldError(("number",), _("The addendum number is required."), "required"))
    elif project.addenda.filter(number=number.strip()).exists():
        errors.append(FieldError(("number",), _("This addendum is already recorded."), "dup"))
    if new_value is None and new_end is None:
        errors.append(
            FieldError(("new_value",), _("Give the new value, the new end date, or both."), "empty")
        )
    _money_error(new_value, "new_value", errors)
    if new_value is not None and project.contract_value is None:
        errors.append(
            FieldError(("new_value",), _("The project has no contract value yet."), "no_value")
        )
    if project.spk_date and signed_on < project.spk_date:
        errors.append(
            FieldError(("signed_on",), _("An addendum cannot precede the SPK."), "date_order")
        )
    if errors:
        raise AddendumInvalid(errors=errors)
    extra = Decimal(0)
    detail: dict[str, Any] = {}
    previous_value = project.contract_value
    if new_value is not None and previous_value is not None:
        try:
            change = jakon_addendum(
                previous_value,
                new_value,
                signed_on,
                regulation_selectors.parameter_set(),
                original_as_of=project.spk_date,
            )
        except rule_errors.RulesError as exc:
            raise AddendumInvalid(
                errors=[
                    FieldError(("new_value",), i.message("id"), str(i.code)) for i in exc.issues
                ]
            ) from exc
        extra = change.extra_due
        detail = change.to_dict()
        project.contract_value = new_value
        project.contribution_jkk = change.amended.jkk.rounded
        project.contribution_jkm = change.amended.jkm.rounded
        project.contribution_total = change.amended.total
        project.contribution_detail = change.amended.to_dict()
    if new_end is not None:
        project.planned_end = new_end
    project.save()
    addendum = Addendum.objects.create(
        project=project,
        number=number.strip(),
        signed_on=signed_on,
        previous_value=previous_value if new_value is not None else None,
        new_value=new_value,
        new_end=new_end,
        extra_contribution=extra,
        detail=detail,
        recorded_by=actor,
    )
    account_services.record_audit(
        actor=actor,
        action="project.addendum",
        entity_type="project",
        entity_id=project.pk,
        region_code=project.region_id,
        changes={
            "before": {"contract_value": str(previous_value) if previous_value else None},
            "after": {
                "contract_value": str(project.contract_value) if project.contract_value else None,
                "extra_contribution": str(extra),
                "planned_end": new_end.isoformat() if new_end else None,
            },
        },
    )
    return addendum


def _refresh_protection(project: Project) -> None:
    paid = project.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    registration = Registration.objects.filter(project=project).first()
    project.paid_total = paid
    project.registered_on = registration.registered_on if registration else None
    project.save(update_fields=["paid_total", "registered_on", "updated_at"])


def save_registration(
    *,
    actor: User | None,
    project: Project,
    bpjs_project_number: str,
    certificate_number: str,
    registered_on: date,
    today: date,
) -> tuple[Registration, str]:
    """Create or update a registration in the caller's transaction (used by the importer)."""
    errors: list[FieldError] = []
    number = bpjs_project_number.strip()
    if not number.isdigit():
        errors.append(
            FieldError(
                ("bpjs_project_number",), _("The BPJS project number must be digits."), "digits"
            )
        )
    if registered_on > today:
        errors.append(
            FieldError(("registered_on",), _("The registration date is in the future."), "future")
        )
    if project.spk_date and registered_on < project.spk_date.replace(
        year=project.spk_date.year - 1
    ):
        errors.append(
            FieldError(("registered_on",), _("Long before the SPK: check the date."), "too_early")
        )
    if errors:
        raise RegistrationInvalid(errors=errors)
    current = Registration.objects.filter(project=project).first()
    values = {
        "bpjs_project_number": number,
        "certificate_number": certificate_number.strip(),
        "registered_on": registered_on,
    }
    if current is not None:
        before = account_services.snapshot(current, tuple(values))
        if before == account_services.snapshot(Registration(**values), tuple(values)):
            return current, "unchanged"
        for key, value in values.items():
            setattr(current, key, value)
        current.save()
        status = "updated"
        registration = current
    else:
        before = {}
        registration = Registration.objects.create(project=project, recorded_by=actor, **values)
        status = "created"
    _refresh_protection(project)
    account_services.record_audit(
        actor=actor,
        action="project.registration",
        entity_type="project",
        entity_id=project.pk,
        region_code=project.region_id,
        changes=account_services.diff_fields(
            before, account_services.snapshot(registration, tuple(values))
        ),
    )
    return registration, status


@transaction.atomic(durable=True)
def record_registration(
    *,
    actor: User,
    project_id: int,
    bpjs_project_number: str,
    certificate_number: str,
    registered_on: date,
) -> Registration:
    """Record the project's BPJS Jakon registration (project and certificate numbers)."""
    project = selectors.access_project(actor=actor, project_id=project_id)
    if not can_record_protection(actor, project):
        raise ProjectActionNotAllowed()
    if Registration.objects.filter(project=project).exists() and actor.role not in (
        PROVINCE_WIDE_ROLES
    ):
        raise AlreadyRegistered()
    registration, _status = save_registration(
        actor=actor,
        project=project,
        bpjs_project_number=bpjs_project_number,
        certificate_number=certificate_number,
        registered_on=registered_on,
        today=timezone.localdate(),
    )
    return registration


def save_payment(
    *,
    actor: User | None,
    project: Project,
    amount: Decimal,
    paid_on: date,
    termin: int | None,
    reference: str,
    today: date,
) -> tuple[Payment, str]:
    """Add a payment in the caller's transaction; the same payment twice is ``unchanged``."""
    errors: list[FieldError] = []
    _money_error(amount, "amount", errors)
    if paid_on > today:
        errors.append(FieldError(("paid_on",), _("The payment date is in the future."), "future"))
    if termin is not None and not 1 <= termin <= 3:
        errors.append(FieldError(("termin",), _("The termin is 1, 2 or 3."), "range"))
    if errors:
        raise PaymentInvalid(errors=errors)
    existing = Payment.objects.filter(
        project=project, paid_on=paid_on, amount=amount, reference=reference.strip()
    ).first()
    if existing:
        return existing, "unchanged"
    payment = Payment.objects.create(
        project=project,
        amount=amount,
        paid_on=paid_on,
        termin=termin,
        reference=reference.strip(),
        recorded_by=actor,
    )
    _refresh_protection(project)
    account_services.record_audit(
        actor=actor,
        action="project.payment",
        entity_type="project",
        entity_id=project.pk,
        region_code=project.region_id,
        changes={
            "after": {
                "amount": str(amount),
                "paid_on": paid_on.isoformat(),
                "termin": termin,
                "paid_total": str(project.paid_total),
            }
        },
    )
    return payment, "created"


@transaction.atomic(durable=True)
def record_payment(
    *,
    actor: User,
    project_id: int,
    amount: Decimal,
    paid_on: date,
    termin: int | None = None,
    reference: str = "",
) -> Payment:
    """Record a contribution payment; what is still owed follows from lindung.rules."""
    project = selectors.access_project(actor=actor, project_id=project_id)
    if not can_record_protection(actor, project):
        raise ProjectActionNotAllowed()
    payment, _status = save_payment(
        actor=actor,
        project=project,
        amount=amount,
        paid_on=paid_on,
        termin=termin,
        reference=reference,
        today=timezone.localdate(),
    )
    return payment


@transaction.atomic(durable=True)
def revoke_public_link(*, actor: User, project_id: int) -> Project:
    """Revoke the project's public QR link and issue a new one (e.g. a leaked poster)."""
    project = selectors.access_project(actor=actor, project_id=project_id)
    if not can_edit_project(actor, project):
        raise ProjectActionNotAllowed()
    project.public_token = new_public_token()
    project.save(update_fields=["public_token", "updated_at"])
    account_services.record_audit(
        actor=actor,
        action="project.public_link_rotated",
        entity_type="project",
        entity_id=project.pk,
        region_code=project.region_id,
    )
    return project


REMIND_WITHIN_WORKING_DAYS = 3


@dataclass
class ReminderResult:
    projects: int = 0
    notifications: int = 0


def _recipients(project: Project) -> list[User]:
    people: list[User] = list(account_selectors.officers_of_region(region_code=project.region_id))
    if project.ppk is not None and project.ppk.user is not None:
        people.append(project.ppk.user)
    people.extend(project.agency.members.all())
    if project.contractor is not None:
        people.extend(project.contractor.members.all())
    return people


@transaction.atomic(durable=True)
def send_deadline_reminders(*, today: date) -> ReminderResult:
    """Notify the PPK, agency, contractor and regency officer of registrations due within
    3 working days (once) and of overdue ones (once a week), in the app and by email."""
    candidates = list(
        Project.objects.filter(registered_on__isnull=True, spk_date__isnull=False)
        .exclude(stage__in=[Stage.CANCELLED, Stage.PLANNED])
        .select_related("agency", "ppk__user", "contractor")
    )
    statuses = selectors.compliance_of(candidates, as_of=today)
    result = ReminderResult()
    week = today.isocalendar()
    for project in candidates:
        status = statuses[project.pk]
        if status.code == Compliance.OVERDUE:
            key = f"overdue:{project.pk}:{week.year}-{week.week}"
            title = _("Overdue: %(name)s is not registered with BPJS Ketenagakerjaan") % {
                "name": project.name
            }
        elif (
            status.code in {Compliance.DUE_SOON, Compliance.NOT_YET_DUE}
            and status.working_days_left is not None
            and status.working_days_left <= REMIND_WITHIN_WORKING_DAYS
        ):
            key = f"due:{project.pk}:{status.due}"
            title = _("Due on %(due)s: register %(name)s with BPJS Ketenagakerjaan") % {
                "due": status.due.isoformat() if status.due else "",
                "name": project.name,
            }
        else:
            continue
        sent = notification_services.notify(
            recipients=_recipients(project),
            message=notification_services.Message(
                kind="project_deadline",
                key=key,
                title=title,
                body=f"{status.explanation} {status.next_action}".strip(),
                url=f"/proyek/{project.pk}/",
            ),
        )
        result.projects += 1
        result.notifications += len(sent)
    return result
