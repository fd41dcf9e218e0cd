"""Creating and changing projects: stages, addenda and the public link (R5, R13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.core.errors import FieldError
from lindung.projects import selectors
from lindung.projects.errors import (
    AddendumInvalid,
    ProjectActionNotAllowed,
    ProjectInvalid,
    StageChangeInvalid,
)
from lindung.projects.models import (
    STAGE_ORDER,
    Addendum,
    Agency,
    Contractor,
    Ppk,
    Project,
    Stage,
    StageChange,
    new_public_token,
)
from lindung.projects.services.calculations import (
    compute_contribution,
    compute_registration_due,
    store_contribution,
)
from lindung.projects.services.inputs import (
    AUDITED_FIELDS,
    ProjectInput,
    apply_input,
    money_error,
    validate_project_input,
)
from lindung.projects.services.permissions import can_edit_project
from lindung.regions.models import Region
from lindung.regulations import selectors as regulation_selectors
from lindung.rules import errors as rule_errors
from lindung.rules.jakon import jakon_addendum


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
    money_error(new_value, "new_value", errors)
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
        store_contribution(project, change.amended)
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
