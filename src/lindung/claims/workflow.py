"""The claim steps: which moves are allowed, what each needs, and when a step is overdue.

Pure: no queries and no clock. Services pass the case's facts, ``today`` and the working-day
calendar; the working-day arithmetic is ``lindung.rules.calendar``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from lindung.claims.models import ClaimStatus
from lindung.core.errors import FieldError
from lindung.core.i18n import display_date
from lindung.rules.calendar import WorkingCalendar, working_days_between

REPORTED = "reported"
DOCUMENTS_COMPLETE = "documents_complete"
SUBMITTED = "submitted"
APPROVED = "approved"
PAID = "paid"
REJECTED = "rejected"

ORDER = (REPORTED, DOCUMENTS_COMPLETE, SUBMITTED, APPROVED, PAID)
CLOSED = frozenset({PAID, REJECTED})
# Each open status moves to the next one, or is rejected; nothing is skipped or undone.
ALLOWED: dict[str, frozenset[str]] = {
    REPORTED: frozenset({DOCUMENTS_COMPLETE, REJECTED}),
    DOCUMENTS_COMPLETE: frozenset({SUBMITTED, REJECTED}),
    SUBMITTED: frozenset({APPROVED, REJECTED}),
    APPROVED: frozenset({PAID, REJECTED}),
    PAID: frozenset(),
    REJECTED: frozenset(),
}

# Working days a case may stay at a step before it is flagged. Override with the setting
# LINDUNG_CLAIM_STEP_LIMITS = {"reported": 10, ...}. The defaults: ten working days for the
# family to gather the documents, five to submit them to BPJS, ten for BPJS to decide (its
# published service level for JKM is shorter; JKK cases take longer), five to pay.
DEFAULT_STEP_LIMITS: Mapping[str, int] = {
    REPORTED: 10,
    DOCUMENTS_COMPLETE: 5,
    SUBMITTED: 10,
    APPROVED: 5,
}


def step_limits() -> dict[str, int]:
    """Return the working-day limit per open step: the defaults, overridden by the setting."""
    configured = getattr(settings, "LINDUNG_CLAIM_STEP_LIMITS", None) or {}
    limits = dict(DEFAULT_STEP_LIMITS)
    for status, days in dict(configured).items():
        if status in limits and isinstance(days, int) and not isinstance(days, bool) and days >= 0:
            limits[status] = days
    return limits


def next_steps(status: str) -> list[str]:
    """Return the statuses a case at STATUS may move to, the forward one first."""
    allowed = ALLOWED.get(status, frozenset())
    return [s for s in (*ORDER, REJECTED) if s in allowed]


@dataclass(frozen=True)
class StepFacts:
    """What a move depends on, read from the case."""

    status: str
    status_on: date
    event_date: date
    missing_documents: tuple[str, ...]
    bpjs_claim_number: str


@dataclass(frozen=True)
class StepInput:
    """A requested move, as entered."""

    to_status: str
    on: date
    bpjs_claim_number: str = ""
    amount_paid: Decimal | None = None
    rejection_reason: str = ""
    note: str = ""


def check_step(facts: StepFacts, step: StepInput, *, today: date) -> list[FieldError]:
    """Return every reason the move is not allowed (empty when it is)."""
    errors: list[FieldError] = []
    target = step.to_status
    if facts.status in CLOSED:
        errors.append(
            FieldError(
                ("to_status",),
                _("The case is closed (%(status)s); it cannot move any more.")
                % {"status": status_label(facts.status)},
                "case_closed",
            )
        )
        return errors
    if target not in ALLOWED:
        errors.append(FieldError(("to_status",), _("Unknown status."), "invalid_choice"))
        return errors
    if target not in ALLOWED[facts.status]:
        expected = status_label(next_steps(facts.status)[0])
        errors.append(
            FieldError(
                ("to_status",),
                _("A case at %(current)s can only move to %(next)s or be rejected.")
                % {"current": status_label(facts.status), "next": expected},
                "step_not_allowed",
            )
        )
        return errors
    if step.on > today:
        errors.append(
            FieldError(
                ("on",),
                _("The date %(date)s is in the future.") % {"date": display_date(step.on)},
                "date_future",
            )
        )
    if step.on < facts.event_date:
        errors.append(
            FieldError(
                ("on",),
                _("The date %(date)s is before the event (%(event)s).")
                % {"date": display_date(step.on), "event": display_date(facts.event_date)},
                "date_before_event",
            )
        )
    elif step.on < facts.status_on:
        errors.append(
            FieldError(
                ("on",),
                _("The date %(date)s is before the previous step (%(previous)s).")
                % {"date": display_date(step.on), "previous": display_date(facts.status_on)},
                "date_before_previous",
            )
        )
    if target == DOCUMENTS_COMPLETE and facts.missing_documents:
        errors.append(
            FieldError(
                ("documents",),
                _("Required documents are not ticked yet: %(documents)s.")
                % {"documents": "; ".join(facts.missing_documents)},
                "documents_missing",
            )
        )
    number = step.bpjs_claim_number.strip() or facts.bpjs_claim_number
    if target in {APPROVED, PAID} and not number:
        errors.append(
            FieldError(
                ("bpjs_claim_number",),
                _("Enter the BPJS claim number."),
                "required",
            )
        )
    if target == PAID:
        if step.amount_paid is None:
            errors.append(
                FieldError(("amount_paid",), _("Enter the amount BPJS paid."), "required")
            )
        elif step.amount_paid <= 0:
            errors.append(
                FieldError(
                    ("amount_paid",), _("The amount paid must be greater than zero."), "positive"
                )
            )
    if target == REJECTED and not step.rejection_reason.strip():
        errors.append(
            FieldError(
                ("rejection_reason",),
                _("Give the reason for the rejection."),
                "required",
            )
        )
    return errors


def status_label(status: str) -> str:
    """Return the translated label of a status."""
    try:
        return str(ClaimStatus(status).label)
    except ValueError:
        return status


# ----------------------------------------------------------------------------- overdue


@dataclass(frozen=True)
class Overdue:
    """How long a case has been at its step, in working days, against the step's limit."""

    status: str
    since: date
    working_days: int
    limit: int

    @property
    def overdue(self) -> bool:
        """Return whether the case stayed longer than the limit."""
        return self.working_days > self.limit

    @property
    def days_over(self) -> int:
        """Return the working days beyond the limit (0 when not overdue)."""
        return max(0, self.working_days - self.limit)


def overdue_at_step(
    *,
    status: str,
    status_on: date,
    today: date,
    calendar: WorkingCalendar,
    limits: Mapping[str, int],
) -> Overdue | None:
    """Return the step's working-day count and limit, or None for a closed case."""
    if status not in limits:
        return None
    days = working_days_between(status_on, today, calendar) if status_on < today else 0
    return Overdue(status=status, since=status_on, working_days=days, limit=limits[status])


def overdue_cutoff(*, today: date, limit: int, calendar: WorkingCalendar) -> date:
    """Return the latest step date that is overdue on TODAY (steps on or before it are late).

    Walks back from TODAY counting working days, so the answer matches ``overdue_at_step``.
    """
    day, counted = today, 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
        if counted > limit:
            return day - timedelta(days=1)
        day -= timedelta(days=1)


def calendar_years(today: date, limits: Mapping[str, int]) -> range:
    """Return the years a calendar must cover to count the limits back from TODAY."""
    # Two calendar weeks per five working days, plus a month of holidays, is always enough.
    reach = max(limits.values(), default=0) * 2 + 31
    return range((today - timedelta(days=reach)).year - 1, today.year + 1)
