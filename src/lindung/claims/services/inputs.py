"""What the claim use cases take as input, and the checks shared by them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.accounts.permissions import Perm, has_perm
from lindung.claims.errors import ClaimActionNotAllowed
from lindung.claims.models import (
    JKK_TYPES,
    BeasiswaCause,
    ClaimBeneficiary,
    ClaimCase,
    ClaimType,
    JkkOutcome,
    Relationship,
    SchoolLevel,
)
from lindung.core.errors import FieldError
from lindung.core.masking import mask_identifier, mask_name, mask_phone
from lindung.rules.identifiers import validate_nik

# Holders of MANAGE_CLAIMS manage cases; village cadres may also report a case in their area.
REPORT_ROLES = frozenset({Role.VILLAGE_CADRE})
# The programs as run by BPJS Ketenagakerjaan since PP 44/2015; nothing earlier is computed.
EARLIEST_EVENT = date(2015, 7, 1)
MAX_PERCENT = Decimal(100)
MAX_STMB_MONTHS = 600
MAX_AMOUNT = Decimal("10000000000")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{6,18}[0-9]$")
AUDITED_INPUTS = (
    "monthly_wage",
    "contribution_months",
    "stmb_months",
    "disability_pct",
    "function_loss_pct",
    "transport_land",
    "transport_sea",
    "transport_air",
)


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class BenefitInputs:
    """What staff enter so the expected benefit can be computed (all optional)."""

    monthly_wage: Decimal | None = None
    contribution_months: int | None = None
    stmb_months: int | None = None
    disability_pct: Decimal | None = None
    function_loss_pct: Decimal | None = None
    transport_land: Decimal | None = None
    transport_sea: Decimal | None = None
    transport_air: Decimal | None = None


@dataclass(frozen=True)
class BeneficiaryInput:
    """An heir or a child, as entered."""

    name: str
    relationship: str
    nik: str = ""
    birth_date: date | None = None
    phone: str = ""
    school_level: str = ""
    married: bool = False
    working: bool = False
    years_used: dict[str, int] = field(default_factory=dict)
    paid_to_date: Decimal = Decimal(0)


@dataclass(frozen=True)
class CaseInput:
    """A new case, as entered."""

    claim_type: str
    worker_id: int | None
    event_date: date | None
    reporter_name: str
    reporter_relationship: str
    event_region_code: str = ""
    event_place: str = ""
    description: str = ""
    project_id: int | None = None
    reporter_phone: str = ""
    reported_on: date | None = None
    jkk_outcome: str = ""
    beasiswa_cause: str = ""
    inputs: BenefitInputs = field(default_factory=BenefitInputs)


@dataclass(frozen=True)
class CaseUpdate:
    """The parts of a case that may be corrected while it is open."""

    event_place: str
    description: str
    jkk_outcome: str
    beasiswa_cause: str
    reporter_phone: str
    inputs: BenefitInputs


@dataclass(frozen=True)
class HandoverInput:
    held_on: date | None
    place: str
    region_code: str
    officials: str
    family_count: int | None
    amount: Decimal | None
    case_ids: Sequence[int]
    note: str = ""


@dataclass(frozen=True)
class StoryInput:
    title: str
    text: str
    publishable: bool = False


# ----------------------------------------------------------------------------- helpers


def can_manage(actor: User) -> bool:
    """Return whether the actor may change cases (steps, checklist, beneficiaries, stories)."""
    return has_perm(actor, Perm.MANAGE_CLAIMS)


def can_report(actor: User) -> bool:
    """Return whether the actor may record a new case."""
    return can_manage(actor) or (
        actor.is_authenticated and actor.is_active and actor.role in REPORT_ROLES
    )


def require_manage(actor: User) -> None:
    if not can_manage(actor):
        raise ClaimActionNotAllowed()


def field_error(
    loc: str | tuple[str | int, ...], message: str, code: str = "invalid"
) -> FieldError:
    return FieldError(loc if isinstance(loc, tuple) else (loc,), message, code)


def audit_view(case: ClaimCase) -> dict[str, Any]:
    """Return the audited fields of a case with personal data masked."""
    data: dict[str, Any] = {
        "reference": case.reference,
        "claim_type": case.claim_type,
        "jkk_outcome": case.jkk_outcome,
        "beasiswa_cause": case.beasiswa_cause,
        "worker_id": case.worker_id,
        "event_date": case.event_date,
        "event_region_id": case.event_region_id,
        "event_place": case.event_place,
        "description": case.description,
        "project_id": case.project_id,
        "reporter_name": mask_name(case.reporter_name),
        "reporter_phone": mask_phone(case.reporter_phone),
        "reporter_relationship": case.reporter_relationship,
        "reported_on": case.reported_on,
        "status": case.status,
        "status_on": case.status_on,
        "bpjs_claim_number": case.bpjs_claim_number,
        "amount_paid": case.amount_paid,
        "paid_on": case.paid_on,
        "rejection_reason": case.rejection_reason,
        "expected_benefit": case.expected_benefit,
        "protected_at_event": case.protected_at_event,
    }
    data.update({name: getattr(case, name) for name in AUDITED_INPUTS})
    return data


def audit_case(actor: User | None, action: str, case: ClaimCase, changes: dict[str, Any]) -> None:
    account_services.record_audit(
        actor=actor,
        action=action,
        entity_type="claim_case",
        entity_id=case.pk,
        region_code=case.event_region_id,
        changes=changes,
    )


def check_inputs(inputs: BenefitInputs, errors: list[FieldError]) -> None:
    amounts = {
        "monthly_wage": inputs.monthly_wage,
        "transport_land": inputs.transport_land,
        "transport_sea": inputs.transport_sea,
        "transport_air": inputs.transport_air,
    }
    for name, value in amounts.items():
        if value is not None and (value < 0 or value > MAX_AMOUNT):
            errors.append(
                field_error(
                    name, _("Enter an amount between 0 and 10.000.000.000."), "out_of_range"
                )
            )
    if inputs.monthly_wage is not None and inputs.monthly_wage == 0:
        errors.append(
            field_error("monthly_wage", _("The wage must be greater than zero."), "positive")
        )
    for name in ("disability_pct", "function_loss_pct"):
        value = getattr(inputs, name)
        if value is not None and not Decimal(0) < value <= MAX_PERCENT:
            errors.append(
                field_error(name, _("Enter a percentage above 0 and at most 100."), "out_of_range")
            )
    if inputs.stmb_months is not None and not 0 < inputs.stmb_months <= MAX_STMB_MONTHS:
        errors.append(
            field_error("stmb_months", _("Enter between 1 and 600 months."), "out_of_range")
        )


def check_kinds(
    claim_type: str, jkk_outcome: str, beasiswa_cause: str, errors: list[FieldError]
) -> None:
    if claim_type in JKK_TYPES:
        if jkk_outcome and jkk_outcome not in JkkOutcome.values:
            errors.append(field_error("jkk_outcome", _("Unknown outcome."), "invalid_choice"))
    elif jkk_outcome:
        errors.append(
            field_error(
                "jkk_outcome", _("An outcome applies only to JKK claims."), "not_applicable"
            )
        )
    if claim_type == ClaimType.BEASISWA:
        if beasiswa_cause not in BeasiswaCause.values:
            errors.append(
                field_error(
                    "beasiswa_cause",
                    _("Choose what the scholarship is for (death or total disability)."),
                    "required",
                )
            )
    elif beasiswa_cause:
        errors.append(
            field_error(
                "beasiswa_cause",
                _("The scholarship cause applies only to scholarship claims."),
                "not_applicable",
            )
        )


def check_phone(value: str, loc: str | tuple[str | int, ...], errors: list[FieldError]) -> None:
    if value and not PHONE.match(value):
        errors.append(
            field_error(
                loc, _("Enter a phone number of 8 to 20 digits, e.g. 081234567890."), "phone"
            )
        )


def check_beneficiary(
    data: BeneficiaryInput,
    index: int | None,
    *,
    today: date,
    claim_type: str,
    errors: list[FieldError],
) -> None:
    def loc(name: str) -> tuple[str | int, ...]:
        return (name,) if index is None else ("beneficiaries", index, name)

    if not data.name.strip():
        errors.append(field_error(loc("name"), _("Enter the name."), "required"))
    if data.relationship not in Relationship.values or data.relationship in {
        Relationship.SELF,
        Relationship.EMPLOYER,
        Relationship.COLLEAGUE,
        Relationship.CADRE,
    }:
        errors.append(
            field_error(
                loc("relationship"),
                _("Choose the family relationship (spouse, child, parent, sibling or other)."),
                "invalid_choice",
            )
        )
    nik = data.nik.strip()
    if nik:
        check = validate_nik(nik, reference_date=today)
        if not check.valid:
            errors.append(
                field_error(
                    loc("nik"), _("The NIK is not valid: %(why)s") % {"why": _nik_why(check)}
                )
            )
    if data.birth_date is not None and data.birth_date > today:
        errors.append(
            field_error(loc("birth_date"), _("The birth date is in the future."), "date_future")
        )
    if data.school_level and data.school_level not in SchoolLevel.values:
        errors.append(
            field_error(loc("school_level"), _("Unknown school level."), "invalid_choice")
        )
    if data.school_level and data.relationship != Relationship.CHILD:
        errors.append(
            field_error(
                loc("school_level"),
                _("A school level applies only to children."),
                "not_applicable",
            )
        )
    if (
        claim_type == ClaimType.BEASISWA
        and data.relationship == Relationship.CHILD
        and data.birth_date is None
    ):
        errors.append(
            field_error(
                loc("birth_date"),
                _("Enter the child's birth date: the scholarship depends on the age."),
                "required",
            )
        )
    for level, years in data.years_used.items():
        if level not in {*SchoolLevel.values, "TK_SD"} or not isinstance(years, int) or years < 0:
            errors.append(
                field_error(
                    loc("years_used"),
                    _("Years already paid must be whole numbers per school level."),
                    "invalid",
                )
            )
            break
    if data.paid_to_date < 0:
        errors.append(
            field_error(loc("paid_to_date"), _("The amount cannot be negative."), "out_of_range")
        )
    check_phone(data.phone.strip(), loc("phone"), errors)


def _nik_why(check: Any) -> str:
    messages = [str(getattr(e, "message", e)) for e in getattr(check, "errors", ())]
    return "; ".join(messages) or _("wrong format")


def new_beneficiary(case: ClaimCase, data: BeneficiaryInput, position: int) -> ClaimBeneficiary:
    return ClaimBeneficiary(
        case=case,
        position=position,
        name=data.name.strip()[:200],
        nik=data.nik.strip(),
        relationship=data.relationship,
        birth_date=data.birth_date,
        phone=data.phone.strip(),
        school_level=data.school_level,
        married=data.married,
        working=data.working,
        years_used=dict(data.years_used),
        paid_to_date=data.paid_to_date,
    )


def beneficiary_audit(b: ClaimBeneficiary) -> dict[str, Any]:
    return {
        "name": mask_name(b.name),
        "nik": mask_identifier(b.nik),
        "relationship": b.relationship,
        "birth_year": b.birth_date.year if b.birth_date else None,
        "school_level": b.school_level,
        "married": b.married,
        "working": b.working,
    }
