"""JKM and JKK benefits: death, total disability, STMB, transport, and the benefit wage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lindung.rules.errors import Code, InvalidInput, Issue, raise_if
from lindung.rules.money import (
    HUNDRED,
    Amount,
    Number,
    count_issues,
    json_amount,
    json_decimal,
    money_issues,
    pct,
    to_decimal,
    to_money,
)
from lindung.rules.parameters import Parameter, ParameterSet, confidence_warnings


def _usage(parameters: tuple[Parameter, ...]) -> list[dict[str, Any]]:
    return [p.usage() for p in parameters]


@dataclass(frozen=True)
class Benefit:
    """A benefit made of named components, with the parameters behind each figure."""

    kind: str
    as_of: date
    wage: Decimal | None
    components: tuple[tuple[str, Amount], ...]
    beasiswa_eligible: bool | None
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    def component(self, name: str) -> Decimal:
        """Return the rounded amount of component NAME."""
        return next(amount.rounded for key, amount in self.components if key == name)

    @property
    def total(self) -> Decimal:
        """Return the sum of the rounded components."""
        return sum((amount.rounded for _, amount in self.components), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "kind": self.kind,
            "wage": None if self.wage is None else json_decimal(self.wage),
            **{name: json_amount(amount.rounded) for name, amount in self.components},
            "total": json_amount(self.total),
            "beasiswa_eligible": self.beasiswa_eligible,
            "as_of": self.as_of.isoformat(),
            "parameters": _usage(self.parameters),
            "warnings": [w.to_dict() for w in self.warnings],
        }


def jkm_death_benefit(
    as_of: date,
    params: ParameterSet,
    *,
    active: bool = True,
    contribution_years: Number | None = None,
) -> Benefit:
    """Return the JKM benefit for a death (not from a work accident) on AS_OF."""
    if not active:
        raise InvalidInput(Code.JKM_MEMBERSHIP_INACTIVE, "active")
    years = None
    if contribution_years is not None:
        raise_if(money_issues(contribution_years, "contribution_years", allow_zero=True))
        years = to_decimal(contribution_years, "contribution_years")
    view = params.at(as_of)
    components = (
        ("lump_sum", Amount.of(view.decimal("jkm.lump_sum"))),
        ("periodic", Amount.of(view.decimal("jkm.periodic"))),
        ("funeral", Amount.of(view.decimal("jkm.funeral"))),
    )
    eligible = None
    if years is not None:
        # The scholarship, unlike the Rp42 jt, needs a minimum contribution period.
        minimum = view.optional_decimal("beasiswa.jkm_min_contribution_years")
        eligible = minimum is not None and years >= minimum
    used = view.used
    return Benefit(
        kind="jkm_death",
        as_of=as_of,
        wage=None,
        components=components,
        beasiswa_eligible=eligible,
        parameters=used,
        warnings=tuple(confidence_warnings(used)),
    )


def jkk_death_benefit(wage: Number, as_of: date, params: ParameterSet) -> Benefit:
    """Return the JKK work-accident death benefit: 48 x wage (floored), periodic, funeral."""
    monthly = to_money(wage, "wage")
    view = params.at(as_of)
    lump = monthly * view.decimal("jkk.death_wage_multiple")
    minimum = view.decimal("jkm.lump_sum")
    warnings: list[Issue] = []
    if lump < minimum:
        lump = minimum
        warnings.append(
            Issue(Code.JKK_DEATH_MINIMUM_APPLIED, "wage", {"minimum": json_decimal(minimum)})
        )
    components = (
        ("lump_sum", Amount.of(lump)),
        ("periodic", Amount.of(view.decimal("jkk.periodic"))),
        ("funeral", Amount.of(view.decimal("jkk.funeral"))),
    )
    used = view.used
    return Benefit(
        kind="jkk_death",
        as_of=as_of,
        wage=monthly,
        components=components,
        beasiswa_eligible=True,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


def total_disability_benefit(wage: Number, as_of: date, params: ParameterSet) -> Benefit:
    """Return the JKK total permanent disability benefit: 56 x wage plus the periodic benefit."""
    monthly = to_money(wage, "wage")
    view = params.at(as_of)
    components = (
        ("lump_sum", Amount.of(monthly * view.decimal("jkk.total_disability_wage_multiple"))),
        ("periodic", Amount.of(view.decimal("jkk.periodic"))),
    )
    used = view.used
    return Benefit(
        kind="jkk_total_disability",
        as_of=as_of,
        wage=monthly,
        components=components,
        beasiswa_eligible=True,
        parameters=used,
        warnings=tuple(confidence_warnings(used)),
    )


def partial_disability_benefit(
    wage: Number,
    table_pct: Number,
    as_of: date,
    params: ParameterSet,
    *,
    function_loss_pct: Number | None = None,
) -> Benefit:
    """Return a partial disability lump sum: [function loss %] x table % x 80 x wage.

    The percentage table (Lampiran PP 82/2019) is not shipped: its only source is L,
    so the caller supplies TABLE_PCT from the annex.
    """
    issues = money_issues(wage, "wage") + money_issues(table_pct, "table_pct")
    if function_loss_pct is not None:
        issues += money_issues(function_loss_pct, "function_loss_pct")
    raise_if(issues)
    percentages = [to_decimal(table_pct, "table_pct")]
    if function_loss_pct is not None:
        percentages.append(to_decimal(function_loss_pct, "function_loss_pct"))
    for field_name, value in zip(("table_pct", "function_loss_pct"), percentages, strict=False):
        if value > HUNDRED:
            raise InvalidInput(
                Code.VALUE_OUT_OF_RANGE,
                field_name,
                {"value": json_decimal(value), "minimum": 0, "maximum": 100},
            )
    monthly = to_money(wage, "wage")
    view = params.at(as_of)
    lump = monthly * view.decimal("jkk.disability_wage_multiple")
    for value in percentages:
        lump *= pct(value)
    used = view.used
    return Benefit(
        kind="jkk_partial_disability",
        as_of=as_of,
        wage=monthly,
        components=(("lump_sum", Amount.of(lump)),),
        beasiswa_eligible=False,
        parameters=used,
        warnings=tuple(confidence_warnings(used)),
    )


def home_care_reimbursement(claimed: Number, as_of: date, params: ParameterSet) -> Benefit:
    """Return the home-care reimbursement for one case and year, capped."""
    cost = to_money(claimed, "claimed", allow_zero=True)
    view = params.at(as_of)
    cap = view.decimal("jkk.home_care_cap_per_year")
    warnings = []
    if cost > cap:
        warnings.append(
            Issue(
                Code.TRANSPORT_CAPPED,
                "claimed",
                {"mode": "home care", "cap": json_decimal(cap), "claimed": json_decimal(cost)},
            )
        )
    used = view.used
    return Benefit(
        kind="jkk_home_care",
        as_of=as_of,
        wage=None,
        components=(("reimbursed", Amount.of(min(cost, cap))),),
        beasiswa_eligible=None,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


# ----------------------------------------------------------------------------- STMB


@dataclass(frozen=True)
class StmbBlock:
    """Consecutive months paid at the same percentage of the wage."""

    first_month: int
    last_month: int
    rate_pct: Decimal
    monthly: Amount

    @property
    def months(self) -> int:
        """Return the number of months in the block."""
        return self.last_month - self.first_month + 1

    @property
    def subtotal(self) -> Decimal:
        """Return the block's rounded total."""
        return self.monthly.rounded * self.months

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe block."""
        return {
            "first_month": self.first_month,
            "last_month": self.last_month,
            "rate_pct": json_decimal(self.rate_pct),
            "monthly": json_amount(self.monthly.rounded),
            "months": self.months,
            "subtotal": json_amount(self.subtotal),
        }


@dataclass(frozen=True)
class StmbSchedule:
    """Temporary-incapacity (STMB) payments month by month."""

    wage: Decimal
    months: int
    as_of: date
    blocks: tuple[StmbBlock, ...]
    parameters: tuple[Parameter, ...]

    @property
    def total(self) -> Decimal:
        """Return the sum of all months."""
        return sum((block.subtotal for block in self.blocks), Decimal(0))

    def monthly(self) -> tuple[tuple[int, Decimal, Decimal], ...]:
        """Return (month number, rate percent, amount) for every month."""
        return tuple(
            (month, block.rate_pct, block.monthly.rounded)
            for block in self.blocks
            for month in range(block.first_month, block.last_month + 1)
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result (blocks and month lines)."""
        return {
            "wage": json_decimal(self.wage),
            "months": self.months,
            "blocks": [block.to_dict() for block in self.blocks],
            "schedule": [
                {"month": month, "rate_pct": json_decimal(rate), "amount": json_amount(amount)}
                for month, rate, amount in self.monthly()
            ],
            "total": json_amount(self.total),
            "as_of": self.as_of.isoformat(),
            "parameters": _usage(self.parameters),
        }


MAX_STMB_MONTHS = 600


def stmb_schedule(wage: Number, months: int, as_of: date, params: ParameterSet) -> StmbSchedule:
    """Return the STMB schedule: full wage for the first months, then the reduced rate."""
    raise_if(money_issues(wage, "wage") + count_issues(months, "months", maximum=MAX_STMB_MONTHS))
    monthly = to_money(wage, "wage")
    view = params.at(as_of)
    full_months = view.integer("jkk.stmb_full_months")
    full_pct, after_pct = view.decimal("jkk.stmb_full_pct"), view.decimal("jkk.stmb_after_pct")
    blocks = [StmbBlock(1, min(months, full_months), full_pct, Amount.of(monthly * pct(full_pct)))]
    if months > full_months:
        blocks.append(
            StmbBlock(full_months + 1, months, after_pct, Amount.of(monthly * pct(after_pct)))
        )
    return StmbSchedule(
        wage=monthly, months=months, as_of=as_of, blocks=tuple(blocks), parameters=view.used
    )


# ----------------------------------------------------------------------------- transport


class TransportMode(StrEnum):
    """How an injured worker was transported."""

    LAND = "land"
    RIVER = "river"
    LAKE = "lake"
    SEA = "sea"
    AIR = "air"


# Land, river and lake share one cap in PP 82/2019 ("darat/sungai/danau").
CAP_GROUP = {
    TransportMode.LAND: "land",
    TransportMode.RIVER: "land",
    TransportMode.LAKE: "land",
    TransportMode.SEA: "sea",
    TransportMode.AIR: "air",
}


@dataclass(frozen=True)
class TransportLine:
    """Claimed cost, cap and reimbursement for one cap group."""

    group: str
    claimed: Decimal
    cap: Decimal

    @property
    def reimbursed(self) -> Decimal:
        """Return the claimed cost, capped."""
        return min(self.claimed, self.cap)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe line."""
        return {
            "group": self.group,
            "claimed": json_amount(self.claimed),
            "cap": json_amount(self.cap),
            "reimbursed": json_amount(self.reimbursed),
        }


@dataclass(frozen=True)
class TransportReimbursement:
    """Transport reimbursement for one work-accident case."""

    lines: tuple[TransportLine, ...]
    as_of: date
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    @property
    def total(self) -> Decimal:
        """Return the total reimbursed."""
        return sum((line.reimbursed for line in self.lines), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "lines": [line.to_dict() for line in self.lines],
            "total": json_amount(self.total),
            "as_of": self.as_of.isoformat(),
            "parameters": _usage(self.parameters),
            "warnings": [w.to_dict() for w in self.warnings],
        }


def transport_reimbursement(
    claims: Mapping[TransportMode | str, Number], as_of: date, params: ParameterSet
) -> TransportReimbursement:
    """Cap the transport costs of one case per mode (land/river/lake share one cap)."""
    issues: list[Issue] = []
    if not claims:
        issues.append(Issue(Code.VALUE_REQUIRED, "claims"))
    grouped: dict[str, Decimal] = {}
    for raw_mode, cost in claims.items():
        try:
            mode = TransportMode(raw_mode)
        except ValueError:
            issues.append(Issue(Code.VALUE_NOT_ALLOWED, "claims", {"value": str(raw_mode)}))
            continue
        problems = money_issues(cost, f"claims.{mode}", allow_zero=True)
        issues += problems
        if not problems:
            group = CAP_GROUP[mode]
            grouped[group] = grouped.get(group, Decimal(0)) + to_money(
                cost, f"claims.{mode}", allow_zero=True
            )
    raise_if(issues)
    view = params.at(as_of)
    lines, warnings = [], []
    for group in ("land", "sea", "air"):
        if group not in grouped:
            continue
        line = TransportLine(group, grouped[group], view.decimal(f"jkk.transport_cap.{group}"))
        if line.claimed > line.cap:
            warnings.append(
                Issue(
                    Code.TRANSPORT_CAPPED,
                    f"claims.{group}",
                    {
                        "mode": group,
                        "cap": json_decimal(line.cap),
                        "claimed": json_decimal(line.claimed),
                    },
                )
            )
        lines.append(line)
    used = view.used
    return TransportReimbursement(
        lines=tuple(lines),
        as_of=as_of,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


# ----------------------------------------------------------------------------- benefit wage


class WageBasis(StrEnum):
    """Where a benefit wage comes from."""

    REPORTED = "reported"
    UMK = "umk"
    UMP = "ump"


@dataclass(frozen=True)
class BenefitWage:
    """A monthly wage to compute benefits with, and where it came from."""

    amount: Decimal
    basis: WageBasis
    regency_code: str | None
    as_of: date
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "amount": json_amount(self.amount),
            "basis": str(self.basis),
            "regency_code": self.regency_code,
            "as_of": self.as_of.isoformat(),
            "parameters": _usage(self.parameters),
            "warnings": [w.to_dict() for w in self.warnings],
        }


def normalize_regency_code(code: str) -> str:
    """Return a regency code as ``61.71`` from ``61.71`` or ``6171``, or raise InvalidInput."""
    digits = code.replace(".", "").strip() if isinstance(code, str) else ""
    if len(digits) != 4 or not digits.isascii() or not digits.isdigit():
        raise InvalidInput(Code.VALUE_NOT_ALLOWED, "regency_code", {"value": str(code)})
    return f"{digits[:2]}.{digits[2:]}"


def minimum_wage(regency_code: str, as_of: date, params: ParameterSet) -> BenefitWage:
    """Return the UMK of REGENCY_CODE on AS_OF, or the UMP when no UMK applies."""
    code = normalize_regency_code(regency_code)
    province = code[:2]
    if f"ump.{province}" not in params.names():
        raise InvalidInput(Code.VALUE_NOT_ALLOWED, "regency_code", {"value": code})
    view = params.at(as_of)
    ump = view.decimal(f"ump.{province}")
    umk = view.optional_decimal(f"umk.{code}")
    # The UMP is the legal floor: a missing or lower UMK falls back to it.
    if umk is not None and umk >= ump:
        amount, basis, warnings = umk, WageBasis.UMK, []
    else:
        amount, basis = ump, WageBasis.UMP
        warnings = [
            Issue(
                Code.UMK_NOT_PUBLISHED,
                "regency_code",
                {"regency": code, "date": as_of.isoformat()},
            )
        ]
    used = view.used
    return BenefitWage(
        amount=amount,
        basis=basis,
        regency_code=code,
        as_of=as_of,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


def jakon_benefit_wage(
    as_of: date,
    params: ParameterSet,
    *,
    regency_code: str,
    reported_wage: Number | None = None,
) -> BenefitWage:
    """Return the wage for a Jakon worker's benefits: the reported wage, else UMK or UMP."""
    code = normalize_regency_code(regency_code)
    if reported_wage is not None:
        return BenefitWage(
            amount=to_money(reported_wage, "reported_wage"),
            basis=WageBasis.REPORTED,
            regency_code=code,
            as_of=as_of,
            parameters=(),
            warnings=(),
        )
    view = params.at(as_of)
    rule = view.text("jakon.benefit_wage_basis")
    if rule == "ump":
        province = code[:2]
        amount = view.decimal(f"ump.{province}")
        found = BenefitWage(amount, WageBasis.UMP, code, as_of, view.used, ())
    else:
        found = minimum_wage(code, as_of, params)
    estimate = Issue(
        Code.BENEFIT_WAGE_ESTIMATE,
        "reported_wage",
        {"wage": json_decimal(found.amount), "basis": str(found.basis).upper()},
    )
    used = (*view.used, *(p for p in found.parameters if p not in view.used))
    return BenefitWage(
        amount=found.amount,
        basis=found.basis,
        regency_code=code,
        as_of=as_of,
        parameters=used,
        warnings=(estimate, *found.warnings, *confidence_warnings(view.used)),
    )
