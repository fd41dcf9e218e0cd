"""BPJS registration and contribution payments of a project, audited (R13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES
from lindung.core.errors import FieldError
from lindung.projects import selectors
from lindung.projects.errors import (
    AlreadyRegistered,
    PaymentInvalid,
    ProjectActionNotAllowed,
    RegistrationInvalid,
)
from lindung.projects.models import Payment, Project, Registration
from lindung.projects.services.inputs import money_error
from lindung.projects.services.permissions import can_record_protection


def registration_errors(
    *, bpjs_project_number: str, registered_on: date | None, spk_date: date | None, today: date
) -> list[FieldError]:
    """Return what is wrong with a registration (empty when valid). No I/O.

    The form, the API and the BPJS import share these rules; a missing date is the
    caller's to report (``None`` skips the date checks).
    """
    errors: list[FieldError] = []
    if not bpjs_project_number.strip().isdigit():
        errors.append(
            FieldError(
                ("bpjs_project_number",), _("The BPJS project number must be digits."), "digits"
            )
        )
    if registered_on is not None and registered_on > today:
        errors.append(
            FieldError(("registered_on",), _("The registration date is in the future."), "future")
        )
    elif (
        registered_on is not None
        and spk_date is not None
        and registered_on < spk_date.replace(year=spk_date.year - 1)
    ):
        errors.append(
            FieldError(("registered_on",), _("Long before the SPK: check the date."), "too_early")
        )
    return errors


def payment_errors(
    *, amount: Decimal | None, paid_on: date | None, termin: int | None, today: date
) -> list[FieldError]:
    """Return what is wrong with a payment (empty when valid). No I/O.

    Shared by the form, the API and the BPJS import; ``None`` skips a missing value's checks.
    """
    errors: list[FieldError] = []
    money_error(amount, "amount", errors)
    if paid_on is not None and paid_on > today:
        errors.append(FieldError(("paid_on",), _("The payment date is in the future."), "future"))
    if termin is not None and not 1 <= termin <= 3:
        errors.append(FieldError(("termin",), _("The termin is 1, 2 or 3."), "range"))
    return errors


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
    errors = registration_errors(
        bpjs_project_number=bpjs_project_number,
        registered_on=registered_on,
        spk_date=project.spk_date,
        today=today,
    )
    if errors:
        raise RegistrationInvalid(errors=errors)
    number = bpjs_project_number.strip()
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
    errors = payment_errors(amount=amount, paid_on=paid_on, termin=termin, today=today)
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
