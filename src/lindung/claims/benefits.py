"""The benefit a case should bring, computed by ``lindung.rules`` on the event date.

No queries: the service passes the case, its beneficiaries and the parameter set. The result
keeps the components, the wage used and where it came from, every parameter used (with its
source) and the warnings, so the case shows how the expected amount was reached. Problems
that stop the computation (a missing wage multiple, an unknown outcome) are kept as issues
instead of raising: a case is recorded whatever its paperwork looks like.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.rules.beasiswa import BenefitCause, Child, SchoolLevel, beasiswa_award
from lindung.rules.benefits import (
    BenefitWage,
    jakon_benefit_wage,
    jkk_death_benefit,
    jkm_death_benefit,
    partial_disability_benefit,
    stmb_schedule,
    total_disability_benefit,
    transport_reimbursement,
)
from lindung.rules.errors import Code, Issue, RulesError
from lindung.rules.money import json_amount
from lindung.rules.parameters import Parameter, ParameterSet

LANGUAGES = ("id", "en")

# Labels of the case's inputs, used in the rules' messages ("Monthly wage is required").
FIELD_LABELS: Mapping[str, str | Promise] = {
    "wage": _("Monthly wage"),
    "reported_wage": _("Monthly wage"),
    "regency_code": _("Regency"),
    "months": _("Months unable to work"),
    "table_pct": _("Disability percentage"),
    "function_loss_pct": _("Function lost"),
    "contribution_years": _("Years of contributions"),
    "children": _("Children"),
    "birth_date": _("Birth date"),
    "level": _("School level"),
    "claims": _("Transport costs"),
    "as_of": _("Date of the event"),
    "date": _("Date of the event"),
    "cause": _("Scholarship because of"),
    "outcome": _("Outcome"),
}
NOTES: Mapping[str, str | Promise] = {
    "outcome_missing": _(
        "Choose the outcome (treatment, STMB, disability or death) to compute the benefit."
    ),
    "medical_only": _(
        "Medical care is paid to the clinic or hospital as needed; only transport is computed."
    ),
    "cause_missing": _("Choose what the scholarship is for (death or total disability)."),
    "children_missing": _(
        "Add the children (with birth date and school level) to compute the scholarship."
    ),
    "birth_date_missing": _("Enter the birth date of every child."),
}


@dataclass(frozen=True)
class BenefitInputs:
    """What the expected benefit depends on, read from the case."""

    claim_type: str
    jkk_outcome: str
    beasiswa_cause: str
    event_date: date
    regency_code: str
    monthly_wage: Decimal | None = None
    contribution_months: int | None = None
    stmb_months: int | None = None
    disability_pct: Decimal | None = None
    function_loss_pct: Decimal | None = None
    transport: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class ChildFacts:
    """A child of the case, for the scholarship."""

    label: str
    birth_date: date | None
    school_level: str
    married: bool = False
    working: bool = False
    years_used: Mapping[str, int] = field(default_factory=dict)
    paid_to_date: Decimal = Decimal(0)


@dataclass(frozen=True)
class ExpectedBenefit:
    """The expected amount (None when it cannot be computed) and how it was reached."""

    total: Decimal | None
    detail: dict[str, Any]
    parameters: list[dict[str, Any]]
    issues: list[dict[str, Any]]


def _label(name: str, lang: str) -> str:
    head = name.split(".", 1)[0].split("[", 1)[0]
    with translation.override(lang):
        if name in FIELD_LABELS:
            return str(FIELD_LABELS[name])
        if head in FIELD_LABELS:
            return f"{FIELD_LABELS[head]} ({name})"
    return name


def issue_dict(issue: Issue, level: str) -> dict[str, Any]:
    """Return a rules issue as stored on the case: code, level and messages in both languages."""
    return {
        "level": level,
        "code": str(issue.code),
        "field": issue.field,
        "message": {
            lang: Issue(
                issue.code, issue.field, {**issue.params, "field": _label(issue.field, lang)}
            ).message(lang)
            for lang in LANGUAGES
        },
    }


def note_dict(code: str, level: str = "info") -> dict[str, Any]:
    """Return one of this module's notes in both languages."""
    message = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            message[lang] = str(NOTES[code])
    return {"level": level, "code": code, "field": "", "message": message}


class _Collector:
    def __init__(self) -> None:
        self.parameters: list[Parameter] = []
        self.issues: list[dict[str, Any]] = []
        self.components: list[dict[str, Any]] = []

    def use(self, parameters: Sequence[Parameter], warnings: Sequence[Issue] = ()) -> None:
        for parameter in parameters:
            if parameter not in self.parameters:
                self.parameters.append(parameter)
        for warning in warnings:
            entry = issue_dict(warning, "warning")
            if entry not in self.issues:
                self.issues.append(entry)

    def add(self, name: str, amount: Decimal) -> None:
        self.components.append({"name": name, "amount": json_amount(amount)})

    @property
    def total(self) -> Decimal:
        return sum((Decimal(str(c["amount"])) for c in self.components), Decimal(0))


def _wage(inputs: BenefitInputs, params: ParameterSet, out: _Collector) -> BenefitWage:
    wage = jakon_benefit_wage(
        inputs.event_date,
        params,
        regency_code=inputs.regency_code,
        reported_wage=inputs.monthly_wage,
    )
    out.use(wage.parameters, wage.warnings)
    return wage


def _jkk(inputs: BenefitInputs, params: ParameterSet, out: _Collector) -> dict[str, Any]:
    detail: dict[str, Any] = {"kind": f"jkk_{inputs.jkk_outcome or 'unknown'}"}
    outcome = inputs.jkk_outcome
    if not outcome:
        out.issues.append(note_dict("outcome_missing"))
        return detail
    if outcome != "medical":
        wage = _wage(inputs, params, out)
        detail["wage"] = wage.to_dict()
        on = inputs.event_date
        if outcome == "death":
            benefit = jkk_death_benefit(wage.amount, on, params)
        elif outcome == "total_disability":
            benefit = total_disability_benefit(wage.amount, on, params)
        elif outcome == "partial_disability":
            if inputs.disability_pct is None:
                raise RulesError(Code.VALUE_REQUIRED, "table_pct")
            benefit = partial_disability_benefit(
                wage.amount,
                inputs.disability_pct,
                on,
                params,
                function_loss_pct=inputs.function_loss_pct,
            )
        elif outcome == "temporary":
            if inputs.stmb_months is None:
                raise RulesError(Code.VALUE_REQUIRED, "months")
            schedule = stmb_schedule(wage.amount, inputs.stmb_months, on, params)
            out.use(schedule.parameters)
            out.add("stmb", schedule.total)
            detail["stmb"] = schedule.to_dict()
            benefit = None
        else:
            raise RulesError(Code.VALUE_NOT_ALLOWED, "outcome", {"value": outcome})
        if benefit is not None:
            out.use(benefit.parameters, benefit.warnings)
            for name, amount in benefit.components:
                out.add(name, amount.rounded)
    costs = {mode: cost for mode, cost in inputs.transport.items() if cost}
    if costs:
        transport = transport_reimbursement(costs, inputs.event_date, params)
        out.use(transport.parameters, transport.warnings)
        out.add("transport", transport.total)
        detail["transport"] = transport.to_dict()
    elif outcome == "medical":
        out.issues.append(note_dict("medical_only"))
    return detail


def _years(months: int | None) -> Decimal | None:
    # Months of contributions as years, to the hundredth: 35 months is 2.92 years, not 3.
    return None if months is None else (Decimal(months) / Decimal(12)).quantize(Decimal("0.01"))


def _jkm(inputs: BenefitInputs, params: ParameterSet, out: _Collector) -> dict[str, Any]:
    years = _years(inputs.contribution_months)
    benefit = jkm_death_benefit(inputs.event_date, params, contribution_years=years)
    out.use(benefit.parameters, benefit.warnings)
    for name, amount in benefit.components:
        out.add(name, amount.rounded)
    return {"kind": "jkm_death", "beasiswa_eligible": benefit.beasiswa_eligible}


def _beasiswa(
    inputs: BenefitInputs,
    children: Sequence[ChildFacts],
    params: ParameterSet,
    out: _Collector,
) -> dict[str, Any]:
    detail: dict[str, Any] = {"kind": "beasiswa"}
    if not inputs.beasiswa_cause:
        out.issues.append(note_dict("cause_missing"))
        return detail
    if not children:
        out.issues.append(note_dict("children_missing"))
        return detail
    if any(child.birth_date is None for child in children):
        out.issues.append(note_dict("birth_date_missing", "error"))
        return detail
    kids = [
        Child(
            birth_date=child.birth_date,
            level=SchoolLevel(child.school_level) if child.school_level else None,
            years_used=dict(child.years_used),
            paid_to_date=child.paid_to_date,
            married=child.married,
            working=child.working,
            label=child.label,
        )
        for child in children
        if child.birth_date is not None
    ]
    years = _years(inputs.contribution_months)
    award = beasiswa_award(
        kids,
        BenefitCause(inputs.beasiswa_cause),
        inputs.event_date,
        params,
        contribution_years=years,
    )
    out.use(award.parameters, award.warnings)
    out.add("beasiswa", award.total)
    detail.update(
        {
            "eligible": award.eligible,
            "children": [
                child.to_dict() | {"reasons": [issue_dict(r, "info") for r in child.reasons]}
                for child in award.children
            ],
            "max_per_child": json_amount(award.max_per_child),
            "max_total": json_amount(award.max_total),
        }
    )
    return detail


def expected_benefit(
    inputs: BenefitInputs, children: Sequence[ChildFacts], params: ParameterSet
) -> ExpectedBenefit:
    """Compute the case's expected benefit on its event date, or say why it cannot be."""
    out = _Collector()
    compute: Callable[[], dict[str, Any]]
    if inputs.claim_type == "jkm_death":
        compute = lambda: _jkm(inputs, params, out)  # noqa: E731
    elif inputs.claim_type == "beasiswa":
        compute = lambda: _beasiswa(inputs, children, params, out)  # noqa: E731
    else:
        compute = lambda: _jkk(inputs, params, out)  # noqa: E731
    try:
        detail = compute()
    except RulesError as exc:
        return ExpectedBenefit(
            total=None,
            detail={"kind": inputs.claim_type},
            parameters=[p.usage() for p in out.parameters],
            issues=out.issues + [issue_dict(issue, "error") for issue in exc.issues],
        )
    total = out.total if out.components else None
    detail["components"] = out.components
    detail["as_of"] = inputs.event_date.isoformat()
    return ExpectedBenefit(
        total=total,
        detail=detail,
        parameters=[p.usage() for p in out.parameters],
        issues=out.issues,
    )
