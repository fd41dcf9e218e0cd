"""Construction-project (Jakon) contributions: marginal tiers, wage-based, addenda, termin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lindung.rules.errors import Code, InvalidInput, Issue, ParameterDataError, raise_if
from lindung.rules.money import (
    HUNDRED,
    Amount,
    Number,
    count_issues,
    json_amount,
    json_decimal,
    money_issues,
    pct,
    round_rupiah,
    to_money,
)
from lindung.rules.parameters import (
    Parameter,
    ParameterSet,
    ParameterView,
    TableRow,
    confidence_warnings,
    merge_used,
)


class ContractBase(StrEnum):
    """Which contract value the tiers apply to (VAT handling is UNCONFIRMED)."""

    AS_ENTERED = "as_entered"
    EXCLUDING_VAT = "excluding_vat"
    INCLUDING_VAT = "including_vat"


@dataclass(frozen=True)
class Vat:
    """The VAT (PPN) amount of a contract and whether the entered value includes it."""

    amount: Number
    included_in_value: bool = True


@dataclass(frozen=True)
class Tier:
    """One band of a marginal rate table: (lower, upper], rate in percent."""

    lower: Decimal
    upper: Decimal | None
    rate_pct: Decimal


def parse_tiers(rows: tuple[TableRow, ...], name: str) -> tuple[Tier, ...]:
    """Turn table rows ``{"upper", "rate_pct"}`` into contiguous tiers starting at 0."""
    tiers: list[Tier] = []
    lower = Decimal(0)
    for index, row in enumerate(rows):
        upper_text, rate_text = row.get("upper"), row.get("rate_pct")
        last = index == len(rows) - 1
        if rate_text is None or (upper_text is None) != last:
            raise ParameterDataError(
                Code.PARAMETER_DATA_INVALID,
                name,
                {"reason": "each row needs rate_pct; only the last row has no upper bound"},
            )
        upper = None if upper_text is None else Decimal(upper_text)
        if upper is not None and upper <= lower:
            raise ParameterDataError(
                Code.PARAMETER_DATA_INVALID, name, {"reason": "upper bounds must increase"}
            )
        tiers.append(Tier(lower, upper, Decimal(rate_text)))
        lower = upper if upper is not None else lower
    return tuple(tiers)


def _slice(value: Decimal, lower: Decimal, upper: Decimal | None) -> Decimal:
    top = value if upper is None else min(value, upper)
    return max(Decimal(0), top - lower)


def _rate_at(tiers: tuple[Tier, ...], lower: Decimal) -> Decimal:
    # A band of the merged table lies inside exactly one tier of each component.
    for tier in tiers:
        if tier.lower <= lower and (tier.upper is None or lower < tier.upper):
            return tier.rate_pct
    raise ParameterDataError(Code.PARAMETER_DATA_INVALID, "tiers", {"reason": "gap in tiers"})


@dataclass(frozen=True)
class TierLine:
    """The part of the contract value inside one band and what it contributes."""

    tier: int
    lower: Decimal
    upper: Decimal | None
    jkk_rate_pct: Decimal
    jkm_rate_pct: Decimal
    base_slice: Decimal
    jkk: Amount
    jkm: Amount

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe line."""
        return {
            "tier": self.tier,
            "lower": json_amount(self.lower),
            "upper": None if self.upper is None else json_amount(self.upper),
            "jkk_rate_pct": json_decimal(self.jkk_rate_pct),
            "jkm_rate_pct": json_decimal(self.jkm_rate_pct),
            "base_slice": json_amount(self.base_slice),
            "jkk": json_decimal(self.jkk.exact),
            "jkm": json_decimal(self.jkm.exact),
        }


def _usage(parameters: tuple[Parameter, ...]) -> list[dict[str, Any]]:
    return [p.usage() for p in parameters]


def _issues(issues: tuple[Issue, ...]) -> list[dict[str, Any]]:
    return [i.to_dict() for i in issues]


@dataclass(frozen=True)
class JakonContribution:
    """JKK and JKM of one project by the marginal tiers, with the audit trail."""

    contract_value: Decimal
    base: Decimal
    base_policy: ContractBase
    vat_amount: Decimal | None
    as_of: date
    relief_factor: Decimal
    jkk: Amount
    jkm: Amount
    tiers: tuple[TierLine, ...]
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    @property
    def total(self) -> Decimal:
        """Return the amount billed: the sum of the rounded components."""
        return self.jkk.rounded + self.jkm.rounded

    @property
    def total_exact(self) -> Decimal:
        """Return the unrounded total."""
        return self.jkk.exact + self.jkm.exact

    @property
    def effective_rate_pct(self) -> Decimal:
        """Return the unrounded total as a percentage of the base."""
        return self.total_exact / self.base * HUNDRED

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result (the CLI and API shape)."""
        return {
            "contract_value": json_decimal(self.contract_value),
            "base": json_decimal(self.base),
            "base_policy": str(self.base_policy),
            "vat_amount": None if self.vat_amount is None else json_decimal(self.vat_amount),
            "jkk": json_amount(self.jkk.rounded),
            "jkm": json_amount(self.jkm.rounded),
            "total": json_amount(self.total),
            "jkk_exact": json_decimal(self.jkk.exact),
            "jkm_exact": json_decimal(self.jkm.exact),
            "total_exact": json_decimal(self.total_exact),
            "effective_rate_pct": json_decimal(round(self.effective_rate_pct, 6)),
            "relief_factor": json_decimal(self.relief_factor),
            "tiers": [line.to_dict() for line in self.tiers],
            "as_of": self.as_of.isoformat(),
            "parameters": _usage(self.parameters),
            "warnings": _issues(self.warnings),
        }


def _relief(view: ParameterView) -> tuple[Decimal, list[Issue]]:
    factor = view.decimal("covid.jkk_jkm_factor")
    if factor == 1:
        return factor, []
    return factor, [Issue(Code.COVID_RELIEF_APPLIED, "as_of", {"factor": json_decimal(factor)})]


def _contract_base(
    value: Decimal, vat: Vat | None, policy: ContractBase
) -> tuple[Decimal, Decimal | None]:
    vat_amount = None
    if vat is not None:
        raise_if(money_issues(vat.amount, "vat.amount", allow_zero=True))
        vat_amount = to_money(vat.amount, "vat.amount", allow_zero=True)
        if vat.included_in_value and vat_amount >= value:
            raise InvalidInput(
                Code.VAT_EXCEEDS_VALUE,
                "vat.amount",
                {"vat": json_decimal(vat_amount), "value": json_decimal(value)},
            )
    if policy is ContractBase.AS_ENTERED:
        return value, vat_amount
    if vat is None or vat_amount is None:
        raise InvalidInput(Code.VAT_AMOUNT_REQUIRED, "vat", {"policy": str(policy)})
    wants_vat = policy is ContractBase.INCLUDING_VAT
    if wants_vat == vat.included_in_value:
        return value, vat_amount
    return (value + vat_amount if wants_vat else value - vat_amount), vat_amount


def jakon_contribution(
    contract_value: Number,
    as_of: date,
    params: ParameterSet,
    *,
    vat: Vat | None = None,
    base: ContractBase | None = None,
) -> JakonContribution:
    """Compute Jakon JKK and JKM on a contract value with the marginal tiers in force."""
    value = to_money(contract_value, "contract_value")
    view = params.at(as_of)
    policy = base if base is not None else ContractBase(view.text("jakon.contract_base"))
    base_value, vat_amount = _contract_base(value, vat, policy)
    jkk_tiers = parse_tiers(view.table("jakon.jkk.tiers"), "jakon.jkk.tiers")
    jkm_tiers = parse_tiers(view.table("jakon.jkm.tiers"), "jakon.jkm.tiers")
    factor, warnings = _relief(view)
    edges = sorted({t.upper for t in (*jkk_tiers, *jkm_tiers) if t.upper is not None})
    bands = list(zip([Decimal(0), *edges], [*edges, None], strict=True))
    lines: list[TierLine] = []
    for number, (lower, upper) in enumerate(bands, start=1):
        jkk_rate, jkm_rate = _rate_at(jkk_tiers, lower), _rate_at(jkm_tiers, lower)
        portion = _slice(base_value, lower, upper)
        lines.append(
            TierLine(
                tier=number,
                lower=lower,
                upper=upper,
                jkk_rate_pct=jkk_rate * factor,
                jkm_rate_pct=jkm_rate * factor,
                base_slice=portion,
                jkk=Amount.of(portion * pct(jkk_rate) * factor),
                jkm=Amount.of(portion * pct(jkm_rate) * factor),
            )
        )
    # Rounding rule is UNCONFIRMED: round each component's exact sum, never each tier.
    jkk = Amount.of(sum((line.jkk.exact for line in lines), Decimal(0)))
    jkm = Amount.of(sum((line.jkm.exact for line in lines), Decimal(0)))
    used = view.used
    return JakonContribution(
        contract_value=value,
        base=base_value,
        base_policy=policy,
        vat_amount=vat_amount,
        as_of=as_of,
        relief_factor=factor,
        jkk=jkk,
        jkm=jkm,
        tiers=tuple(lines),
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


# ----------------------------------------------------------------------------- wage known


@dataclass(frozen=True)
class WorkerWage:
    """One worker's monthly wage and the months charged (the months rule is UNCONFIRMED)."""

    monthly_wage: Number
    months: int
    label: str = ""


@dataclass(frozen=True)
class WageLine:
    """One worker's wage bill and contributions."""

    label: str
    monthly_wage: Decimal
    months: int
    wage_bill: Decimal
    jkk: Amount
    jkm: Amount

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe line."""
        return {
            "label": self.label,
            "monthly_wage": json_decimal(self.monthly_wage),
            "months": self.months,
            "wage_bill": json_decimal(self.wage_bill),
            "jkk": json_amount(self.jkk.rounded),
            "jkm": json_amount(self.jkm.rounded),
            "jkk_exact": json_decimal(self.jkk.exact),
            "jkm_exact": json_decimal(self.jkm.exact),
        }


@dataclass(frozen=True)
class JakonWageBased:
    """Jakon contributions when each worker's wage is known."""

    as_of: date
    workers: tuple[WageLine, ...]
    wage_bill: Decimal
    relief_factor: Decimal
    jkk: Amount
    jkm: Amount
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    @property
    def total(self) -> Decimal:
        """Return the sum of the rounded components."""
        return self.jkk.rounded + self.jkm.rounded

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "wage_bill": json_decimal(self.wage_bill),
            "jkk": json_amount(self.jkk.rounded),
            "jkm": json_amount(self.jkm.rounded),
            "total": json_amount(self.total),
            "jkk_exact": json_decimal(self.jkk.exact),
            "jkm_exact": json_decimal(self.jkm.exact),
            "relief_factor": json_decimal(self.relief_factor),
            "workers": [w.to_dict() for w in self.workers],
            "as_of": self.as_of.isoformat(),
            "parameters": _usage(self.parameters),
            "warnings": _issues(self.warnings),
        }


MAX_MONTHS = 120


def jakon_wage_based(
    workers: Sequence[WorkerWage], as_of: date, params: ParameterSet
) -> JakonWageBased:
    """Compute Jakon JKK and JKM from known wages: rate x monthly wage x months, per worker."""
    issues: list[Issue] = []
    if not workers:
        issues.append(Issue(Code.VALUE_REQUIRED, "workers"))
    for index, worker in enumerate(workers):
        issues += money_issues(worker.monthly_wage, f"workers[{index}].monthly_wage")
        issues += count_issues(worker.months, f"workers[{index}].months", maximum=MAX_MONTHS)
    raise_if(issues)
    view = params.at(as_of)
    jkk_rate = pct(view.decimal("jakon.wage_known.jkk_pct"))
    jkm_rate = pct(view.decimal("jakon.wage_known.jkm_pct"))
    factor, warnings = _relief(view)
    lines = []
    for index, worker in enumerate(workers):
        wage = to_money(worker.monthly_wage, f"workers[{index}].monthly_wage")
        bill = wage * worker.months
        lines.append(
            WageLine(
                label=worker.label,
                monthly_wage=wage,
                months=worker.months,
                wage_bill=bill,
                jkk=Amount.of(bill * jkk_rate * factor),
                jkm=Amount.of(bill * jkm_rate * factor),
            )
        )
    warnings.append(Issue(Code.JAKON_RULE_UNCONFIRMED, "months", {"rule": "months charged"}))
    used = view.used
    return JakonWageBased(
        as_of=as_of,
        workers=tuple(lines),
        wage_bill=sum((line.wage_bill for line in lines), Decimal(0)),
        relief_factor=factor,
        jkk=Amount.of(sum((line.jkk.exact for line in lines), Decimal(0))),
        jkm=Amount.of(sum((line.jkm.exact for line in lines), Decimal(0))),
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )


# ----------------------------------------------------------------------------- addenda


@dataclass(frozen=True)
class JakonAddendum:
    """The contribution change when a contract value changes (difference of totals)."""

    original: JakonContribution
    amended: JakonContribution
    warnings: tuple[Issue, ...]

    @property
    def difference(self) -> Decimal:
        """Return amended total minus original total (negative for a reduction)."""
        return self.amended.total - self.original.total

    @property
    def extra_due(self) -> Decimal:
        """Return the extra contribution to bill (never negative; refunds are UNCONFIRMED)."""
        return max(Decimal(0), self.difference)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """Return every parameter used by either computation."""
        return merge_used(self.original.parameters, self.amended.parameters)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "original": self.original.to_dict(),
            "amended": self.amended.to_dict(),
            "difference": json_amount(self.difference),
            "difference_exact": json_decimal(self.amended.total_exact - self.original.total_exact),
            "extra_due": json_amount(self.extra_due),
            "parameters": _usage(self.parameters),
            "warnings": _issues(self.warnings),
        }


def jakon_addendum(
    original_value: Number,
    amended_value: Number,
    as_of: date,
    params: ParameterSet,
    *,
    original_as_of: date | None = None,
    base: ContractBase | None = None,
) -> JakonAddendum:
    """Compute the extra contribution of an addendum as total(new) minus total(old)."""
    issues = money_issues(original_value, "original_value") + money_issues(
        amended_value, "amended_value"
    )
    raise_if(issues)
    # The marginal rates on the added amount alone would use the wrong tier: recompute both.
    original = jakon_contribution(original_value, original_as_of or as_of, params, base=base)
    amended = jakon_contribution(amended_value, as_of, params, base=base)
    warnings = [Issue(Code.ADDENDUM_RULE_UNCONFIRMED, "amended_value")]
    if amended.total < original.total:
        warnings.append(
            Issue(
                Code.ADDENDUM_REDUCTION,
                "amended_value",
                {"amount": json_decimal(original.contract_value - amended.contract_value)},
            )
        )
    return JakonAddendum(original=original, amended=amended, warnings=tuple(warnings))


# ----------------------------------------------------------------------------- termin


@dataclass(frozen=True)
class TerminLine:
    """One payment stage: its share, amount due, paid and outstanding."""

    number: int
    share_pct: Decimal
    due: Decimal
    paid: Decimal = Decimal(0)

    @property
    def outstanding(self) -> Decimal:
        """Return what is still owed on this stage."""
        return self.due - self.paid

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe line."""
        return {
            "termin": self.number,
            "share_pct": json_decimal(self.share_pct),
            "due": json_amount(self.due),
            "paid": json_amount(self.paid),
            "outstanding": json_amount(self.outstanding),
        }


@dataclass(frozen=True)
class TerminStatus:
    """A contribution split into stages, with payments applied in stage order."""

    total: Decimal
    lines: tuple[TerminLine, ...]
    paid: Decimal
    as_of: date
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    @property
    def outstanding(self) -> Decimal:
        """Return the total still owed."""
        return max(Decimal(0), self.total - self.paid)

    @property
    def overpaid(self) -> Decimal:
        """Return what was paid beyond the total."""
        return max(Decimal(0), self.paid - self.total)

    @property
    def first_termin_paid(self) -> bool:
        """Return whether the first stage is paid (the project becomes "peserta")."""
        return self.lines[0].outstanding == 0

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "total": json_amount(self.total),
            "termins": [line.to_dict() for line in self.lines],
            "paid": json_amount(self.paid),
            "outstanding": json_amount(self.outstanding),
            "overpaid": json_amount(self.overpaid),
            "first_termin_paid": self.first_termin_paid,
            "as_of": self.as_of.isoformat(),
            "parameters": _usage(self.parameters),
            "warnings": _issues(self.warnings),
        }


def termin_status(
    total: Number,
    as_of: date,
    params: ParameterSet,
    *,
    payments: Sequence[Number] = (),
) -> TerminStatus:
    """Split TOTAL into the termin shares and apply PAYMENTS stage by stage."""
    issues = money_issues(total, "total")
    for index, payment in enumerate(payments):
        issues += money_issues(payment, f"payments[{index}]")
    raise_if(issues)
    whole = round_rupiah(to_money(total, "total"))
    paid = sum((to_money(p, "payments") for p in payments), Decimal(0))
    view = params.at(as_of)
    shares = [Decimal(row.get("share_pct") or "0") for row in view.table("jakon.termin_shares_pct")]
    if sum(shares) != HUNDRED:
        raise ParameterDataError(
            Code.PARAMETER_DATA_INVALID,
            "jakon.termin_shares_pct",
            {"reason": "shares must add up to 100"},
        )
    dues = [round_rupiah(whole * pct(share)) for share in shares[:-1]]
    # The last stage takes the rounding remainder so the stages add up to the total.
    dues.append(whole - sum(dues, Decimal(0)))
    lines, remaining = [], paid
    for number, (share, due) in enumerate(zip(shares, dues, strict=True), start=1):
        applied = min(due, remaining)
        remaining -= applied
        lines.append(TerminLine(number=number, share_pct=share, due=due, paid=applied))
    warnings = []
    if paid > whole:
        warnings.append(
            Issue(Code.TERMIN_OVERPAID, "payments", {"amount": json_decimal(paid - whole)})
        )
    used = view.used
    return TerminStatus(
        total=whole,
        lines=tuple(lines),
        paid=paid,
        as_of=as_of,
        parameters=used,
        warnings=tuple(warnings + confidence_warnings(used)),
    )
