"""Regulatory deadlines in working days: Jakon registration, certificate, proof, worker changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from lindung.rules.calendar import (
    SkippedDay,
    WorkingCalendar,
    add_working_days,
    working_days_between,
)
from lindung.rules.errors import Code, Issue, raise_if
from lindung.rules.money import count_issues
from lindung.rules.parameters import Parameter, ParameterSet, confidence_warnings


class DeadlineKind(StrEnum):
    """Which window a deadline comes from, and what starts it."""

    JAKON_REGISTRATION = "registration"  # from the SPK date
    CERTIFICATE = "certificate"  # from receipt of form and first payment
    PROOF_DELIVERY = "proof_delivery"  # from the day the project becomes "peserta"
    WORKER_CHANGE = "worker_change"  # from the day a worker is replaced


WINDOW_PARAMETER = {
    DeadlineKind.JAKON_REGISTRATION: "deadline.jakon_registration_wd",
    DeadlineKind.CERTIFICATE: "deadline.certificate_wd",
    DeadlineKind.PROOF_DELIVERY: "deadline.proof_delivery_wd",
    DeadlineKind.WORKER_CHANGE: "deadline.worker_change_wd",
}

MAX_WINDOW = 365


@dataclass(frozen=True)
class Deadline:
    """A due date, the working days counted and the non-working days skipped."""

    kind: DeadlineKind
    start: date
    working_days: int
    due: date
    skipped: tuple[SkippedDay, ...]
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result; the due date is also under ``<kind>_due``."""
        return {
            "kind": str(self.kind),
            "start": self.start.isoformat(),
            "working_days": self.working_days,
            "due": self.due.isoformat(),
            f"{self.kind}_due": self.due.isoformat(),
            "skipped": [day.to_dict() for day in self.skipped],
            "parameters": [p.usage() for p in self.parameters],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def deadline(
    kind: DeadlineKind | str,
    start: date,
    params: ParameterSet,
    calendar: WorkingCalendar,
    *,
    working_days: int | None = None,
) -> Deadline:
    """Return the due date of KIND counted in working days from START (START not counted).

    The window is the parameter in force on START; WORKING_DAYS overrides it (e.g. the
    30-day Perdir 22/2022 reading of the worker-change window).
    """
    window_kind = DeadlineKind(kind)
    warnings: list[Issue] = []
    used: tuple[Parameter, ...] = ()
    if working_days is None:
        view = params.at(start)
        window = view.integer(WINDOW_PARAMETER[window_kind])
        used = view.used
        if window_kind is DeadlineKind.WORKER_CHANGE:
            warnings.append(
                Issue(
                    Code.DEADLINE_WINDOW_CONFLICT,
                    "working_days",
                    {"kind": str(window_kind), "note": used[0].note},
                )
            )
    else:
        raise_if(count_issues(working_days, "working_days", minimum=0, maximum=MAX_WINDOW))
        window = working_days
    due, skipped = add_working_days(start, window, calendar)
    warnings.extend(
        Issue(Code.CALENDAR_PROVISIONAL, "due", {"year": year})
        for year in calendar.provisional_between(start, due)
    )
    return Deadline(
        kind=window_kind,
        start=start,
        working_days=window,
        due=due,
        skipped=skipped,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


def jakon_registration_deadline(
    spk_date: date, params: ParameterSet, calendar: WorkingCalendar
) -> Deadline:
    """Return when a Jakon project must be registered: 14 working days after the SPK."""
    return deadline(DeadlineKind.JAKON_REGISTRATION, spk_date, params, calendar)


def jakon_registration_due(spk_date: date, params: ParameterSet, calendar: WorkingCalendar) -> date:
    """Return only the due date of ``jakon_registration_deadline``, in O(1) (bulk callers)."""
    window = params.at(spk_date).integer(WINDOW_PARAMETER[DeadlineKind.JAKON_REGISTRATION])
    return calendar.working_day_after(spk_date, window)


class DeadlineState(StrEnum):
    """Where a pending or completed obligation stands."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"


@dataclass(frozen=True)
class DeadlineStatus:
    """A deadline seen from AS_OF: state and working days left (or overdue)."""

    deadline: Deadline
    as_of: date
    state: DeadlineState
    working_days_left: int
    parameters: tuple[Parameter, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            **self.deadline.to_dict(),
            "as_of": self.as_of.isoformat(),
            "state": str(self.state),
            "working_days_left": self.working_days_left,
            "parameters": [p.usage() for p in self.parameters],
        }


def jakon_registration_status(
    spk_date: date,
    as_of: date,
    params: ParameterSet,
    calendar: WorkingCalendar,
    *,
    registered_on: date | None = None,
) -> DeadlineStatus:
    """Return whether a project's registration is on track, at risk, overdue or done."""
    due = jakon_registration_deadline(spk_date, params, calendar)
    view = params.at(spk_date)
    at_risk_after = view.integer("deadline.jakon_at_risk_wd")
    # Negative means overdue by that many working days.
    if registered_on is not None:
        left = working_days_between(registered_on, due.due, calendar)
        state = DeadlineState.DONE_ON_TIME if registered_on <= due.due else DeadlineState.DONE_LATE
    else:
        left = working_days_between(as_of, due.due, calendar)
        elapsed = working_days_between(spk_date, as_of, calendar)
        # Compare dates, not counts: a weekend after the due day is late with 0 days.
        if as_of > due.due:
            state = DeadlineState.OVERDUE
        elif elapsed >= at_risk_after:
            state = DeadlineState.AT_RISK
        else:
            state = DeadlineState.ON_TRACK
    return DeadlineStatus(
        deadline=due,
        as_of=as_of,
        state=state,
        working_days_left=left,
        parameters=(*due.parameters, *view.used),
    )
