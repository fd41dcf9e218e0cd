"""Wage-earner (PU) contributions: JKK by risk group, JKM, JHT, JP with its cap, JKP."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lindung.rules.calendar import SkippedDay, WorkingCalendar
from lindung.rules.errors import Code, InvalidInput, Issue, ParameterNotInForce, raise_if
from lindung.rules.money import (
    Amount,
    Number,
    count_issues,
    json_amount,
    json_decimal,
    money_issues,
    pct,
    to_money,
)
from lindung.rules.parameters import Parameter, ParameterSet, ParameterView, confidence_warnings

MAX_MONTHS_LATE = 600


class RiskGroup(StrEnum):
    """JKK risk group (tingkat risiko) BPJS assigns to a company."""

    VERY_LOW = "very_low"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


@dataclass(frozen=True)
class ProgramLine:
    """One program's base, rates and the employer and worker shares."""

    program: str
    base: Decimal
    employer_rate_pct: Decimal
    worker_rate_pct: Decimal
    employer: Amount
    worker: Amount

    @property
    def total(self) -> Decimal:
        """Return employer plus worker, rounded amounts."""
        return self.employer.rounded + self.worker.rounded

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe line."""
        return {
            "program": self.program,
            "base": json_decimal(self.base),
            "employer_rate_pct": json_decimal(self.employer_rate_pct),
            "worker_rate_pct": json_decimal(self.worker_rate_pct),
            "employer": json_amount(self.employer.rounded),
            "worker": json_amount(self.worker.rounded),
            "total": json_amount(self.total),
            "employer_exact": json_decimal(self.employer.exact),
            "worker_exact": json_decimal(self.worker.exact),
        }


@dataclass(frozen=True)
class JkpLine:
    """JKP: funded by the government and a recomposed part of JKK, not billed to anyone."""

    base: Decimal
    rate_pct: Decimal
    amount: Amount
    government: Amount | None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe line."""
        return {
            "base": json_decimal(self.base),
            "rate_pct": json_decimal(self.rate_pct),
            "amount": json_amount(self.amount.rounded),
            "amount_exact": json_decimal(self.amount.exact),
            "government": None if self.government is None else json_amount(self.government.rounded),
        }


@dataclass(frozen=True)
class PuContribution:
    """Monthly contributions of one wage earner."""

    wage: Decimal
    risk_group: RiskGroup
    as_of: date
    lines: tuple[ProgramLine, ...]
    jkp: JkpLine | None
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    def line(self, program: str) -> ProgramLine:
        """Return the line of PROGRAM (JKK, JKM, JHT or JP)."""
        return next(line for line in self.lines if line.program == program)

    @property
    def employer_total(self) -> Decimal:
        """Return what the employer pays."""
        return sum((line.employer.rounded for line in self.lines), Decimal(0))

    @property
    def worker_total(self) -> Decimal:
        """Return what is deducted from the worker's wage."""
        return sum((line.worker.rounded for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        """Return employer plus worker."""
        return self.employer_total + self.worker_total

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "wage": json_decimal(self.wage),
            "risk_group": str(self.risk_group),
            "programs": [line.to_dict() for line in self.lines],
            "jkp": None if self.jkp is None else self.jkp.to_dict(),
            "employer_total": json_amount(self.employer_total),
            "worker_total": json_amount(self.worker_total),
            "total": json_amount(self.total),
            "as_of": self.as_of.isoformat(),
            "parameters": [p.usage() for p in self.parameters],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def pu_contribution(
    wage: Number, risk_group: RiskGroup | str, as_of: date, params: ParameterSet
) -> PuContribution:
    """Compute a wage earner's monthly JKK, JKM, JHT, JP and JKP for the month of AS_OF."""
    monthly = to_money(wage, "wage")
    group = _risk_group(risk_group)
    view = params.at(as_of)
    factor = view.decimal("covid.jkk_jkm_factor")
    warnings: list[Issue] = []
    if factor != 1:
        warnings.append(Issue(Code.COVID_RELIEF_APPLIED, "as_of", {"factor": json_decimal(factor)}))
    zero = Decimal(0)

    def line(
        program: str, base: Decimal, employer_pct: Decimal, worker_pct: Decimal
    ) -> ProgramLine:
        return ProgramLine(
            program=program,
            base=base,
            employer_rate_pct=employer_pct,
            worker_rate_pct=worker_pct,
            employer=Amount.of(base * pct(employer_pct)),
            worker=Amount.of(base * pct(worker_pct)),
        )

    # The cap record in force on the contribution date already encodes the March rule.
    jp_cap = view.decimal("pu.jp_wage_cap")
    jp_base = min(monthly, jp_cap)
    if monthly > jp_cap:
        warnings.append(
            Issue(
                Code.JP_WAGE_CAPPED,
                "wage",
                {"cap": json_decimal(jp_cap), "wage": json_decimal(monthly)},
            )
        )
    lines = (
        line("JKK", monthly, view.decimal(f"pu.jkk_pct.{group}") * factor, zero),
        line("JKM", monthly, view.decimal("pu.jkm_pct") * factor, zero),
        line(
            "JHT",
            monthly,
            view.decimal("pu.jht_employer_pct"),
            view.decimal("pu.jht_worker_pct"),
        ),
        line(
            "JP",
            jp_base,
            view.decimal("pu.jp_employer_pct"),
            view.decimal("pu.jp_worker_pct"),
        ),
    )
    jkp = _jkp(monthly, as_of, params, view, warnings)
    used = view.used
    return PuContribution(
        wage=monthly,
        risk_group=group,
        as_of=as_of,
        lines=lines,
        jkp=jkp,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


def _risk_group(value: RiskGroup | str) -> RiskGroup:
    try:
        return RiskGroup(value)
    except ValueError:
        raise InvalidInput(Code.VALUE_NOT_ALLOWED, "risk_group", {"value": str(value)}) from None


def _jkp(
    wage: Decimal,
    as_of: date,
    params: ParameterSet,
    view: ParameterView,
    warnings: list[Issue],
) -> JkpLine | None:
    rate = params.find("pu.jkp_pct", as_of)
    if rate is None:
        # JKP did not exist yet (before PP 37/2021): nothing to report.
        return None
    try:
        rate_pct = view.decimal("pu.jkp_pct")
        cap = view.decimal("pu.jkp_wage_cap")
    except ParameterNotInForce as error:
        warnings.append(
            Issue(
                Code.JKP_NOT_COMPUTED,
                error.field,
                {"date": as_of.isoformat(), "reason": error.message("en")},
            )
        )
        return None
    base = min(wage, cap)
    government = view.optional_decimal("pu.jkp_government_pct")
    return JkpLine(
        base=base,
        rate_pct=rate_pct,
        amount=Amount.of(base * pct(rate_pct)),
        government=None if government is None else Amount.of(base * pct(government)),
    )


# ----------------------------------------------------------------------------- payment


@dataclass(frozen=True)
class PaymentDue:
    """When a month's PU contribution must be paid, after moving off non-working days."""

    contribution_month: str
    nominal_due: date
    due: date
    skipped: tuple[SkippedDay, ...]
    parameters: tuple[Parameter, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "contribution_month": self.contribution_month,
            "nominal_due": self.nominal_due.isoformat(),
            "due": self.due.isoformat(),
            "skipped": [day.to_dict() for day in self.skipped],
            "parameters": [p.usage() for p in self.parameters],
        }


def pu_payment_due(
    contribution_month: date, params: ParameterSet, calendar: WorkingCalendar
) -> PaymentDue:
    """Return the payment due date of a PU contribution month (next month, working day)."""
    view = params.at(contribution_month)
    day = view.integer("pu.payment_day")
    # Month index of the following month: months are 0-based inside divmod.
    year, month_index = divmod(contribution_month.year * 12 + contribution_month.month, 12)
    month = month_index + 1
    # A 30th in February means the month's last day.
    nominal = date(year, month, min(day, monthrange(year, month)[1]))
    due, skipped = nominal, []
    while (reason := calendar.skip_reason(due)) is not None:
        skipped.append(reason)
        due += timedelta(days=1)
    return PaymentDue(
        contribution_month=f"{contribution_month.year:04}-{contribution_month.month:02}",
        nominal_due=nominal,
        due=due,
        skipped=tuple(skipped),
        parameters=view.used,
    )


def pu_late_fee(
    amount_due: Number, months_late: int, contribution_month: date, params: ParameterSet
) -> Amount:
    """Return the employer's late fee: rate per month late x months x amount due."""
    raise_if(
        money_issues(amount_due, "amount_due")
        + count_issues(months_late, "months_late", minimum=0, maximum=MAX_MONTHS_LATE)
    )
    rate = params.at(contribution_month).decimal("pu.late_fee_pct_per_month")
    return Amount.of(to_money(amount_due, "amount_due") * pct(rate) * months_late)
