"""Claim case use cases: record, correct, checklist, steps, beneficiaries and reveals.

Each public use case is one durable transaction with its audit rows (R5, R13); the
notification about an unprotected accident goes out after the commit (R6).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.claims import benefits, selectors, workflow
from lindung.claims.documents import document_label, required_documents
from lindung.claims.errors import (
    BeneficiaryInvalid,
    CaseClosed,
    ClaimActionNotAllowed,
    ClaimInvalid,
    DocumentInvalid,
    DuplicateCase,
    StepInvalid,
)
from lindung.claims.models import (
    JKK_TYPES,
    ClaimBeneficiary,
    ClaimCase,
    ClaimDocument,
    ClaimStatus,
    ClaimStep,
    ClaimType,
    Relationship,
)
from lindung.claims.services.inputs import (
    AUDITED_INPUTS,
    EARLIEST_EVENT,
    BeneficiaryInput,
    CaseInput,
    CaseUpdate,
    audit_case,
    audit_view,
    beneficiary_audit,
    can_report,
    check_beneficiary,
    check_inputs,
    check_kinds,
    check_phone,
    field_error,
    new_beneficiary,
    require_manage,
)
from lindung.claims.services.protection import assess_protection, notify_unprotected
from lindung.core.errors import Conflict, FieldError, LindungError
from lindung.core.i18n import display_date
from lindung.projects import selectors as project_selectors
from lindung.projects.models import Project
from lindung.regions import selectors as region_selectors
from lindung.regions.models import Region, RegionLevel
from lindung.regulations import selectors as regulation_selectors

# ----------------------------------------------------------------------------- expected benefit


def _benefit_inputs(case: ClaimCase) -> benefits.BenefitInputs:
    region = case.project.region_id if case.project is not None else case.event_region_id
    transport = {
        mode: amount
        for mode, amount in (
            ("land", case.transport_land),
            ("sea", case.transport_sea),
            ("air", case.transport_air),
        )
        if amount
    }
    return benefits.BenefitInputs(
        claim_type=case.claim_type,
        jkk_outcome=case.jkk_outcome,
        beasiswa_cause=case.beasiswa_cause,
        event_date=case.event_date,
        regency_code=".".join(str(region).split(".")[:2]),
        monthly_wage=case.monthly_wage,
        contribution_months=case.contribution_months,
        stmb_months=case.stmb_months,
        disability_pct=case.disability_pct,
        function_loss_pct=case.function_loss_pct,
        transport=transport,
    )


def _children(beneficiaries: Sequence[ClaimBeneficiary]) -> list[benefits.ChildFacts]:
    return [
        benefits.ChildFacts(
            label=str(b.position),
            birth_date=b.birth_date,
            school_level=b.school_level,
            married=b.married,
            working=b.working,
            years_used={str(k): int(v) for k, v in (b.years_used or {}).items()},
            paid_to_date=b.paid_to_date,
        )
        for b in beneficiaries
        if b.relationship == Relationship.CHILD
    ]


def _compute_expected(case: ClaimCase) -> None:
    """Store the expected benefit on the case (not saved), from the parameters in force."""
    result = benefits.expected_benefit(
        _benefit_inputs(case),
        _children(selectors.case_beneficiaries(case=case)),
        regulation_selectors.parameter_set(),
    )
    case.expected_benefit = result.total
    case.expected_detail = result.detail
    case.expected_parameters = result.parameters
    case.expected_issues = result.issues
    case.expected_computed_at = timezone.now()


EXPECTED_FIELDS = [
    "expected_benefit",
    "expected_detail",
    "expected_parameters",
    "expected_issues",
    "expected_computed_at",
    "updated_at",
]


# ----------------------------------------------------------------------------- use cases


def _next_reference(year: int, attempt: int) -> str:
    prefix = f"KLM-{year}-"
    return f"{prefix}{selectors.references_with_prefix(prefix=prefix) + 1 + attempt:05d}"


def _place(data: CaseInput, project: Project | None, errors: list[FieldError]) -> Region | None:
    code = data.event_region_code.strip()
    if not code and project is not None:
        code = project.region_id
    if not code:
        errors.append(
            field_error("event_region_code", _("Choose the village where it happened."), "required")
        )
        return None
    try:
        region = region_selectors.get_region(code=code)
    except LindungError:
        errors.append(
            field_error(
                "event_region_code",
                _("Region %(code)s does not exist.") % {"code": code},
                "unknown_region",
            )
        )
        return None
    if region.level != RegionLevel.VILLAGE:
        errors.append(
            field_error(
                "event_region_code",
                _("Choose the village where it happened (%(name)s is not a village).")
                % {"name": region.name},
                "not_village",
            )
        )
        return None
    return region


@transaction.atomic(durable=True)
def record_case(
    *,
    actor: User,
    data: CaseInput,
    beneficiaries: Sequence[BeneficiaryInput] = (),
) -> ClaimCase:
    """Record a new case with its checklist and expected benefit; flag and notify when the
    accident happened on a project that was not protected on that date."""
    if not can_report(actor):
        raise ClaimActionNotAllowed()
    today = timezone.localdate()
    errors: list[FieldError] = []
    if data.claim_type not in ClaimType.values:
        errors.append(field_error("claim_type", _("Choose the claim type."), "required"))
    check_kinds(data.claim_type, data.jkk_outcome, data.beasiswa_cause, errors)
    worker = None
    if data.worker_id is None:
        errors.append(field_error("worker_id", _("Choose the worker."), "required"))
    else:
        try:
            worker = selectors.access_worker(actor=actor, worker_id=data.worker_id)
        except LindungError:
            errors.append(field_error("worker_id", _("Worker not found."), "not_found"))
        if worker is not None and worker.is_merged:
            errors.append(
                field_error(
                    "worker_id",
                    _("This record was merged into another; choose the kept record."),
                    "merged",
                )
            )
    project = None
    if data.project_id is not None:
        try:
            project = project_selectors.access_project(actor=actor, project_id=data.project_id)
        except LindungError:
            errors.append(field_error("project_id", _("Project not found."), "not_found"))
    event_date = data.event_date
    if event_date is None:
        errors.append(field_error("event_date", _("Enter the date of the event."), "required"))
    elif event_date > today:
        errors.append(
            field_error("event_date", _("The date of the event is in the future."), "date_future")
        )
    elif event_date < EARLIEST_EVENT:
        errors.append(
            field_error(
                "event_date",
                _(
                    "Events before %(date)s (the start of the BPJS Ketenagakerjaan programs) "
                    "cannot be recorded."
                )
                % {"date": display_date(EARLIEST_EVENT)},
                "date_too_early",
            )
        )
    reported_on = data.reported_on or today
    if reported_on > today:
        errors.append(
            field_error("reported_on", _("The report date is in the future."), "date_future")
        )
    elif event_date is not None and reported_on < event_date:
        errors.append(
            field_error(
                "reported_on", _("The report date is before the event."), "date_before_event"
            )
        )
    region = _place(data, project, errors)
    if not data.reporter_name.strip():
        errors.append(field_error("reporter_name", _("Enter who reported the case."), "required"))
    if data.reporter_relationship not in Relationship.values:
        errors.append(
            field_error(
                "reporter_relationship",
                _("Choose how the reporter is related to the worker."),
                "required",
            )
        )
    check_phone(data.reporter_phone.strip(), "reporter_phone", errors)
    check_inputs(data.inputs, errors)
    for index, beneficiary in enumerate(beneficiaries):
        check_beneficiary(
            beneficiary, index, today=today, claim_type=data.claim_type, errors=errors
        )
    if errors:
        raise ClaimInvalid(errors=errors)
    # Each is None only with an error recorded above.
    assert worker is not None  # noqa: S101
    assert event_date is not None  # noqa: S101
    assert region is not None  # noqa: S101
    existing = selectors.duplicate_case(
        worker_id=worker.pk, claim_type=data.claim_type, event_date=event_date
    )
    if existing is not None:
        raise DuplicateCase(params={"ref": existing.reference})
    case = ClaimCase(
        claim_type=data.claim_type,
        jkk_outcome=data.jkk_outcome if data.claim_type in JKK_TYPES else "",
        beasiswa_cause=data.beasiswa_cause if data.claim_type == ClaimType.BEASISWA else "",
        worker=worker,
        event_date=event_date,
        event_region=region,
        event_place=data.event_place.strip()[:200],
        description=data.description.strip(),
        project=project,
        reporter_name=data.reporter_name.strip()[:200],
        reporter_phone=data.reporter_phone.strip(),
        reporter_relationship=data.reporter_relationship,
        recorded_by=actor,
        reported_on=reported_on,
        status=ClaimStatus.REPORTED,
        status_on=reported_on,
        **{name: getattr(data.inputs, name) for name in AUDITED_INPUTS},
    )
    # Jakon registration covers JKK and JKM, and a participant in person has both: every
    # claim type is judged on its event date (for beasiswa, the parent's death or disability).
    protection = assess_protection(worker=worker, project=project, event_date=event_date)
    case.protected_at_event = protection.protected
    case.protection_detail = {"code": protection.code, **protection.detail}
    for attempt in range(5):
        case.reference = _next_reference(reported_on.year, attempt)
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            # Another case took the number meanwhile; take the next one.
            case.pk = None
            continue
    else:
        raise Conflict()
    ClaimStep.objects.create(case=case, status=ClaimStatus.REPORTED, on=reported_on, moved_by=actor)
    _sync_documents(case)
    ClaimBeneficiary.objects.bulk_create(
        [new_beneficiary(case, b, i) for i, b in enumerate(beneficiaries, start=1)]
    )
    _compute_expected(case)
    case.save(update_fields=EXPECTED_FIELDS)
    audit_case(
        actor,
        "claim.create",
        case,
        account_services.diff_fields({}, audit_view(case))
        | {
            "beneficiaries": [beneficiary_audit(b) for b in selectors.case_beneficiaries(case=case)]
        },
    )
    # A scholarship follows an earlier death or disability case, which was flagged then.
    if case.protected_at_event is False and case.claim_type != ClaimType.BEASISWA:
        transaction.on_commit(partial(notify_unprotected, case.pk))
    return case


def _sync_documents(case: ClaimCase) -> None:
    """Make the checklist match the case's type and outcome; ticked documents are kept."""
    specs = required_documents(case.claim_type, case.jkk_outcome)
    wanted = {spec.code: (position, spec) for position, spec in enumerate(specs, start=1)}
    current = {doc.code: doc for doc in ClaimDocument.objects.filter(case=case)}
    for code, doc in current.items():
        if code in wanted:
            position, spec = wanted[code]
            if (doc.position, doc.required) != (position, spec.required):
                doc.position, doc.required = position, spec.required
                doc.save(update_fields=["position", "required"])
        elif doc.received:
            # No longer asked for, but it was received: keep it, as optional.
            if doc.required:
                doc.required = False
                doc.save(update_fields=["required"])
        else:
            doc.delete()
    ClaimDocument.objects.bulk_create(
        [
            ClaimDocument(case=case, code=code, required=spec.required, position=position)
            for code, (position, spec) in wanted.items()
            if code not in current
        ]
    )


def _open_case_for_update(actor: User, case_id: int) -> ClaimCase:
    require_manage(actor)
    readable = selectors.access_case(actor=actor, case_id=case_id)
    case = (
        ClaimCase.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=readable.pk)
    )
    if case.is_closed:
        raise CaseClosed()
    return case


@transaction.atomic(durable=True)
def update_case(*, actor: User, case_id: int, data: CaseUpdate) -> ClaimCase:
    """Correct an open case's outcome, place, description or benefit inputs; the checklist
    and the expected benefit follow."""
    case = _open_case_for_update(actor, case_id)
    errors: list[FieldError] = []
    check_kinds(case.claim_type, data.jkk_outcome, data.beasiswa_cause, errors)
    check_phone(data.reporter_phone.strip(), "reporter_phone", errors)
    check_inputs(data.inputs, errors)
    if errors:
        raise ClaimInvalid(errors=errors)
    before = audit_view(case)
    outcome_changed = case.jkk_outcome != data.jkk_outcome
    case.jkk_outcome = data.jkk_outcome
    case.beasiswa_cause = data.beasiswa_cause
    case.event_place = data.event_place.strip()[:200]
    case.description = data.description.strip()
    case.reporter_phone = data.reporter_phone.strip()
    for name in AUDITED_INPUTS:
        setattr(case, name, getattr(data.inputs, name))
    _compute_expected(case)
    after = audit_view(case)
    if after == before:
        return case
    case.save(
        update_fields=[
            "jkk_outcome",
            "beasiswa_cause",
            "event_place",
            "description",
            "reporter_phone",
            *AUDITED_INPUTS,
            *EXPECTED_FIELDS,
        ]
    )
    if outcome_changed:
        _sync_documents(case)
    audit_case(actor, "claim.update", case, account_services.diff_fields(before, after))
    return case


@transaction.atomic(durable=True)
def recalculate_case(*, actor: User, case_id: int) -> ClaimCase:
    """Recompute an open case's expected benefit with the parameters in force now."""
    case = _open_case_for_update(actor, case_id)
    before = {"expected_benefit": case.expected_benefit}
    _compute_expected(case)
    case.save(update_fields=EXPECTED_FIELDS)
    audit_case(
        actor,
        "claim.recalculate",
        case,
        account_services.diff_fields(before, {"expected_benefit": case.expected_benefit}),
    )
    return case


@transaction.atomic(durable=True)
def set_document(
    *,
    actor: User,
    case_id: int,
    code: str,
    received: bool,
    received_on: date | None = None,
) -> ClaimDocument:
    """Tick (or, while the case is at "reported", untick) one document of the checklist."""
    case = _open_case_for_update(actor, case_id)
    document = ClaimDocument.objects.filter(case=case, code=code).first()
    if document is None:
        raise DocumentInvalid(
            errors=[
                field_error("code", _("This document is not on the case's checklist."), "unknown")
            ]
        )
    today = timezone.localdate()
    if not received and case.status != ClaimStatus.REPORTED:
        raise DocumentInvalid(
            errors=[
                field_error(
                    "received",
                    _("The documents were declared complete; a document can no longer be removed."),
                    "checklist_frozen",
                )
            ]
        )
    on = received_on or today
    if received and on > today:
        raise DocumentInvalid(
            errors=[
                field_error("received_on", _("The date received is in the future."), "date_future")
            ]
        )
    if received and on < case.event_date:
        raise DocumentInvalid(
            errors=[
                field_error(
                    "received_on",
                    _("The date received is before the event (%(event)s).")
                    % {"event": display_date(case.event_date)},
                    "date_before_event",
                )
            ]
        )
    before = {"received": document.received, "received_on": document.received_on}
    document.received = received
    document.received_on = on if received else None
    document.checked_by = actor if received else None
    after = {"received": document.received, "received_on": document.received_on}
    if before == after:
        return document
    document.save(update_fields=["received", "received_on", "checked_by"])
    audit_case(
        actor,
        "claim.document",
        case,
        account_services.diff_fields(before, after) | {"document": code},
    )
    return document


@transaction.atomic(durable=True)
def move_case(*, actor: User, case_id: int, step: workflow.StepInput) -> ClaimCase:
    """Move a case one step forward (or reject it), dated and signed; closed cases stay."""
    require_manage(actor)
    readable = selectors.access_case(actor=actor, case_id=case_id)
    case = ClaimCase.objects.select_for_update().get(pk=readable.pk)
    facts = workflow.StepFacts(
        status=case.status,
        status_on=case.status_on,
        event_date=case.event_date,
        missing_documents=tuple(
            document_label(d.code) for d in selectors.missing_documents(case=case)
        ),
        bpjs_claim_number=case.bpjs_claim_number,
    )
    errors = workflow.check_step(facts, step, today=timezone.localdate())
    if errors:
        if any(e.code == "case_closed" for e in errors):
            raise CaseClosed(errors=errors)
        raise StepInvalid(errors=errors)
    before = audit_view(case)
    case.status = step.to_status
    case.status_on = step.on
    if step.bpjs_claim_number.strip():
        case.bpjs_claim_number = step.bpjs_claim_number.strip()[:40]
    if step.to_status == ClaimStatus.PAID:
        case.amount_paid = step.amount_paid
        case.paid_on = step.on
        case.days_to_payout = (step.on - case.event_date).days
    if step.to_status == ClaimStatus.REJECTED:
        case.rejection_reason = step.rejection_reason.strip()
    case.save(
        update_fields=[
            "status",
            "status_on",
            "bpjs_claim_number",
            "amount_paid",
            "paid_on",
            "days_to_payout",
            "rejection_reason",
            "updated_at",
        ]
    )
    ClaimStep.objects.create(
        case=case, status=step.to_status, on=step.on, moved_by=actor, note=step.note.strip()[:500]
    )
    audit_case(actor, "claim.step", case, account_services.diff_fields(before, audit_view(case)))
    return case


@transaction.atomic(durable=True)
def add_beneficiary(*, actor: User, case_id: int, data: BeneficiaryInput) -> ClaimBeneficiary:
    """Add an heir or a child to an open case; the expected benefit is recomputed."""
    case = _open_case_for_update(actor, case_id)
    errors: list[FieldError] = []
    check_beneficiary(
        data, None, today=timezone.localdate(), claim_type=case.claim_type, errors=errors
    )
    if errors:
        raise BeneficiaryInvalid(errors=errors)
    existing = selectors.case_beneficiaries(case=case)
    beneficiary = new_beneficiary(case, data, max((b.position for b in existing), default=0) + 1)
    beneficiary.save()
    _compute_expected(case)
    case.save(update_fields=EXPECTED_FIELDS)
    audit_case(
        actor,
        "claim.beneficiary_add",
        case,
        account_services.diff_fields({}, beneficiary_audit(beneficiary))
        | {"beneficiary_id": beneficiary.pk},
    )
    return beneficiary


@transaction.atomic(durable=True)
def remove_beneficiary(*, actor: User, case_id: int, beneficiary_id: int) -> None:
    """Remove an heir or a child from an open case; the expected benefit is recomputed."""
    case = _open_case_for_update(actor, case_id)
    beneficiary = selectors.access_beneficiary(case=case, beneficiary_id=beneficiary_id)
    before = beneficiary_audit(beneficiary)
    removed_id = beneficiary.pk
    beneficiary.delete()
    _compute_expected(case)
    case.save(update_fields=EXPECTED_FIELDS)
    audit_case(
        actor,
        "claim.beneficiary_remove",
        case,
        account_services.diff_fields(before, {}) | {"beneficiary_id": removed_id},
    )


@dataclass(frozen=True)
class RevealedCase:
    case: ClaimCase
    beneficiaries: list[ClaimBeneficiary]


@transaction.atomic(durable=True)
def reveal_case(*, actor: User, case_id: int) -> RevealedCase:
    """Return a case with the worker's, reporter's and heirs' personal data; audited."""
    if not has_perm(actor, Perm.REVEAL_PERSONAL_DATA):
        raise ClaimActionNotAllowed()
    case = selectors.access_case(actor=actor, case_id=case_id)
    beneficiaries = selectors.case_beneficiaries(case=case)
    account_services.record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="claim_case",
        entity_id=case.pk,
        region_code=case.event_region_id,
        note=f"worker {case.worker_id}: nik,name; reporter; {len(beneficiaries)} beneficiaries",
    )
    account_services.record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="worker",
        entity_id=case.worker_id,
        region_code=case.worker.region_id,
        note=f"claim case {case.pk}",
    )
    return RevealedCase(case=case, beneficiaries=beneficiaries)
