"""A project's Jakon compliance, decided from its facts and explained in words.

Pure: no queries, no clock. The caller passes the project's facts, the date to judge on,
the parameter set and the working-day calendar; the deadline arithmetic is ``lindung.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from lindung.core.i18n import display_date
from lindung.rules import errors as rule_errors
from lindung.rules.calendar import WorkingCalendar
from lindung.rules.deadlines import DeadlineState, jakon_registration_status
from lindung.rules.jakon import jakon_contribution
from lindung.rules.parameters import ParameterSet


class Compliance(StrEnum):
    """Compliance states, from best to worst within each stage."""

    PLANNING_BUDGETED = "planning_budgeted"
    PLANNING_NOT_BUDGETED = "planning_not_budgeted"
    NOT_YET_DUE = "not_yet_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    REGISTERED_UNDERPAID = "registered_underpaid"
    FULLY_PAID = "fully_paid"
    HANDED_OVER_UNPROTECTED = "handed_over_unprotected"
    CANCELLED = "cancelled"
    MISSING_DATA = "missing_data"


# How urgent each state is for a PPK's "what to do next" list (higher first).
SEVERITY = {
    Compliance.HANDED_OVER_UNPROTECTED: 6,
    Compliance.OVERDUE: 5,
    Compliance.DUE_SOON: 4,
    Compliance.REGISTERED_UNDERPAID: 3,
    Compliance.MISSING_DATA: 3,
    Compliance.PLANNING_NOT_BUDGETED: 2,
    Compliance.NOT_YET_DUE: 1,
    Compliance.PLANNING_BUDGETED: 0,
    Compliance.FULLY_PAID: 0,
    Compliance.CANCELLED: 0,
}
COMPLIANT = frozenset({Compliance.FULLY_PAID, Compliance.PLANNING_BUDGETED, Compliance.NOT_YET_DUE})


@dataclass(frozen=True)
class ProjectFacts:
    """What compliance depends on, read from the project and its records."""

    stage: str
    spk_date: date | None
    contract_value: Decimal | None
    contribution_total: Decimal | None
    hps_value: Decimal | None
    contribution_in_hps: Decimal | None
    registered_on: date | None
    paid_total: Decimal


@dataclass(frozen=True)
class ComplianceStatus:
    code: Compliance
    explanation: str
    next_action: str
    due: date | None = None
    working_days_left: int | None = None
    outstanding: Decimal = Decimal(0)
    expected_in_hps: Decimal | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> int:
        """Return how urgent the state is (higher is worse)."""
        return SEVERITY[self.code]

    @property
    def compliant(self) -> bool:
        """Return whether nothing is late or missing."""
        return self.code in COMPLIANT

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form used by the API."""
        return {
            "code": str(self.code),
            "compliant": self.compliant,
            "explanation": self.explanation,
            "next_action": self.next_action,
            "due": self.due.isoformat() if self.due else None,
            "working_days_left": self.working_days_left,
            "outstanding": str(self.outstanding),
            "expected_in_hps": str(self.expected_in_hps)
            if self.expected_in_hps is not None
            else None,
            **self.detail,
        }


def _rp(amount: Decimal) -> str:
    return "Rp " + f"{int(amount):,}".replace(",", ".")


def _planning(facts: ProjectFacts, as_of: date, params: ParameterSet) -> ComplianceStatus:
    expected = None
    if facts.hps_value:
        try:
            expected = jakon_contribution(facts.hps_value, as_of, params).total
        except rule_errors.RulesError:
            expected = None
    if expected is not None and (facts.contribution_in_hps or 0) >= expected:
        return ComplianceStatus(
            Compliance.PLANNING_BUDGETED,
            _("In planning. The Jakon contribution (%(amount)s) is budgeted in the HPS/RAB.")
            % {"amount": _rp(expected)},
            _("Write the JKK and JKM obligation into the technical specification and SSKK."),
            expected_in_hps=expected,
        )
    if expected is None:
        return ComplianceStatus(
            Compliance.PLANNING_NOT_BUDGETED,
            _("In planning. Enter the HPS value to know the contribution to budget."),
            _("Enter the HPS/owner estimate."),
        )
    return ComplianceStatus(
        Compliance.PLANNING_NOT_BUDGETED,
        _("In planning. The HPS/RAB should budget %(amount)s for the Jakon contribution.")
        % {"amount": _rp(expected)},
        _("Budget %(amount)s for BPJS Ketenagakerjaan (JKK and JKM) in the HPS/RAB.")
        % {"amount": _rp(expected)},
        expected_in_hps=expected,
    )


def assess(
    facts: ProjectFacts, *, as_of: date, params: ParameterSet, calendar: WorkingCalendar
) -> ComplianceStatus:
    """Return the project's compliance on ``as_of``, with an explanation and the next step."""
    if facts.stage == "cancelled":
        return ComplianceStatus(Compliance.CANCELLED, _("Cancelled."), "")
    if facts.spk_date is None:
        if facts.stage in {"planned", "procured"}:
            return _planning(facts, as_of, params)
        return ComplianceStatus(
            Compliance.MISSING_DATA,
            _("The SPK date is missing, so the registration deadline is unknown."),
            _("Enter the SPK date."),
        )
    total = facts.contribution_total
    if total is None:
        return ComplianceStatus(
            Compliance.MISSING_DATA,
            _("The contract value is missing, so the contribution is unknown."),
            _("Enter the contract value."),
        )
    status = jakon_registration_status(
        facts.spk_date, as_of, params, calendar, registered_on=facts.registered_on
    )
    due = status.deadline.due
    outstanding = max(Decimal(0), total - facts.paid_total)
    if facts.stage == "handed_over" and (facts.registered_on is None or outstanding > 0):
        return ComplianceStatus(
            Compliance.HANDED_OVER_UNPROTECTED,
            _("Handed over without full BPJS protection: %(amount)s of the contribution unpaid.")
            % {"amount": _rp(outstanding)},
            _("Settle the contribution with BPJS Ketenagakerjaan and report it."),
            due=due,
            outstanding=outstanding,
        )
    if facts.registered_on is None:
        if status.state == DeadlineState.OVERDUE:
            late = -status.working_days_left
            return ComplianceStatus(
                Compliance.OVERDUE,
                _(
                    "Not registered: the deadline (%(due)s, %(counted)s working days after the "
                    "SPK) passed %(days)s working days ago."
                )
                % {"due": display_date(due), "counted": status.deadline.working_days, "days": late},
                _("Register the project with BPJS Ketenagakerjaan and pay the first termin now."),
                due=due,
                working_days_left=status.working_days_left,
                outstanding=outstanding,
            )
        code = (
            Compliance.DUE_SOON if status.state == DeadlineState.AT_RISK else Compliance.NOT_YET_DUE
        )
        return ComplianceStatus(
            code,
            _("Registration due on %(due)s, in %(days)s working days.")
            % {"due": display_date(due), "days": status.working_days_left},
            _("Register the project with BPJS Ketenagakerjaan and pay %(amount)s.")
            % {"amount": _rp(total)},
            due=due,
            working_days_left=status.working_days_left,
            outstanding=outstanding,
        )
    if outstanding > 0:
        late = status.state == DeadlineState.DONE_LATE
        return ComplianceStatus(
            Compliance.REGISTERED_UNDERPAID,
            (
                _("Registered late, on %(on)s; %(amount)s of the contribution is still unpaid.")
                if late
                else _("Registered on %(on)s; %(amount)s of the contribution is still unpaid.")
            )
            % {"on": display_date(facts.registered_on), "amount": _rp(outstanding)},
            _("Pay the remaining termin before the work ends."),
            due=due,
            outstanding=outstanding,
        )
    return ComplianceStatus(
        Compliance.FULLY_PAID,
        _("Registered on %(on)s and fully paid.") % {"on": display_date(facts.registered_on)},
        "",
        due=due,
    )
