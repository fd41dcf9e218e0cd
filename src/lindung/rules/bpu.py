"""Non-wage-earner (BPU) contributions, budgets for government-paid cover, and lapse status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lindung.rules.errors import Code, InvalidInput, Issue, raise_if
from lindung.rules.money import (
    Amount,
    Number,
    count_issues,
    json_amount,
    json_decimal,
    pct,
    to_money,
)
from lindung.rules.parameters import Parameter, ParameterSet, confidence_warnings

MONTHS_PER_YEAR = 12
MAX_WORKERS = 10_000_000
MAX_MONTHS = 120


@dataclass(frozen=True)
class BpuContribution:
    """Monthly BPU contributions per worker, and totals for N workers over M months."""

    declared_income: Decimal
    as_of: date
    workers: int
    months: int
    relief_factor: Decimal
    jkk: Amount
    jkm: Amount
    jht: Amount | None
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    @property
    def per_worker_monthly(self) -> Decimal:
        """Return one worker's monthly contribution (rounded components)."""
        jht = self.jht.rounded if self.jht else Decimal(0)
        return self.jkk.rounded + self.jkm.rounded + jht

    @property
    def monthly_total(self) -> Decimal:
        """Return one month for all workers."""
        return self.per_worker_monthly * self.workers

    @property
    def period_total(self) -> Decimal:
        """Return all workers over the requested months."""
        return self.monthly_total * self.months

    @property
    def annual_total(self) -> Decimal:
        """Return all workers over twelve months (the yearly APBD/APBDes budget)."""
        return self.monthly_total * MONTHS_PER_YEAR

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "declared_income": json_decimal(self.declared_income),
            "jkk": json_amount(self.jkk.rounded),
            "jkm": json_amount(self.jkm.rounded),
            "jht": None if self.jht is None else json_amount(self.jht.rounded),
            "per_worker_monthly": json_amount(self.per_worker_monthly),
            "workers": self.workers,
            "months": self.months,
            "monthly_total": json_amount(self.monthly_total),
            "period_total": json_amount(self.period_total),
            "annual_total": json_amount(self.annual_total),
            "relief_factor": json_decimal(self.relief_factor),
            "as_of": self.as_of.isoformat(),
            "parameters": [p.usage() for p in self.parameters],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def bpu_contribution(
    declared_income: Number,
    as_of: date,
    params: ParameterSet,
    *,
    with_jht: bool = False,
    workers: int = 1,
    months: int = 1,
) -> BpuContribution:
    """Compute BPU JKK (1% of income), flat JKM and optional JHT, for WORKERS over MONTHS."""
    raise_if(
        count_issues(workers, "workers", maximum=MAX_WORKERS)
        + count_issues(months, "months", maximum=MAX_MONTHS)
    )
    income = to_money(declared_income, "declared_income")
    view = params.at(as_of)
    minimum, maximum = view.decimal("bpu.income_min"), view.decimal("bpu.income_max")
    if not minimum <= income <= maximum:
        raise InvalidInput(
            Code.BPU_INCOME_OUT_OF_RANGE,
            "declared_income",
            {
                "value": json_decimal(income),
                "minimum": json_decimal(minimum),
                "maximum": json_decimal(maximum),
            },
        )
    warnings: list[Issue] = []
    step = view.decimal("bpu.income_grid_step")
    # The annex's step size is unknown: an off-grid income is flagged, never refused.
    if income % step != 0:
        warnings.append(
            Issue(
                Code.BPU_INCOME_OFF_GRID,
                "declared_income",
                {"value": json_decimal(income), "step": json_decimal(step)},
            )
        )
    factor = view.decimal("covid.jkk_jkm_factor")
    if factor != 1:
        warnings.append(Issue(Code.COVID_RELIEF_APPLIED, "as_of", {"factor": json_decimal(factor)}))
    jkk = Amount.of(income * pct(view.decimal("bpu.jkk_pct")) * factor)
    jkm = Amount.of(view.decimal("bpu.jkm_flat") * factor)
    jht = Amount.of(income * pct(view.decimal("bpu.jht_pct"))) if with_jht else None
    used = view.used
    return BpuContribution(
        declared_income=income,
        as_of=as_of,
        workers=workers,
        months=months,
        relief_factor=factor,
        jkk=jkk,
        jkm=jkm,
        jht=jht,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


class MembershipStatus(StrEnum):
    """BPU membership state from the payment record."""

    ACTIVE = "active"
    GRACE = "grace"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class BpuMembership:
    """Whether a BPU member is still active given the last month paid for."""

    status: MembershipStatus
    months_unpaid: int
    lapse_months: int
    as_of: date
    parameters: tuple[Parameter, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "status": str(self.status),
            "months_unpaid": self.months_unpaid,
            "lapse_months": self.lapse_months,
            "as_of": self.as_of.isoformat(),
            "parameters": [p.usage() for p in self.parameters],
        }


def bpu_membership(paid_through: date, as_of: date, params: ParameterSet) -> BpuMembership:
    """Classify a BPU member as active, in grace or lapsed from the last month paid for.

    ``months_unpaid`` counts calendar months after PAID_THROUGH's month up to and
    including AS_OF's month. The member lapses when more than ``bpu.lapse_months``
    months are unpaid, i.e. after three whole months without payment.
    """
    view = params.at(as_of)
    lapse = view.integer("bpu.lapse_months")
    unpaid = max(0, (as_of.year * 12 + as_of.month) - (paid_through.year * 12 + paid_through.month))
    if unpaid == 0:
        status = MembershipStatus.ACTIVE
    elif unpaid <= lapse:
        status = MembershipStatus.GRACE
    else:
        status = MembershipStatus.LAPSED
    return BpuMembership(
        status=status,
        months_unpaid=unpaid,
        lapse_months=lapse,
        as_of=as_of,
        parameters=view.used,
    )
