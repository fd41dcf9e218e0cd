"""Scholarship (beasiswa) for a participant's children after death or total disability."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lindung.rules.errors import Code, InvalidInput, Issue, raise_if
from lindung.rules.money import Number, json_amount, json_decimal, money_issues, to_decimal
from lindung.rules.parameters import (
    Parameter,
    ParameterSet,
    ParameterView,
    confidence_warnings,
)


class SchoolLevel(StrEnum):
    """School level of a child (TK kindergarten ... PT higher education or training)."""

    TK = "TK"
    SD = "SD"
    SMP = "SMP"
    SMA = "SMA"
    PT = "PT"


class BenefitCause(StrEnum):
    """What triggered the scholarship."""

    JKM_DEATH = "jkm_death"
    JKK_DEATH = "jkk_death"
    JKK_TOTAL_DISABILITY = "jkk_total_disability"


# Between PP 82/2019 and Permenaker 5/2021 TK and SD were one level ("TK_SD", 8 years).
COMBINED_PRIMARY = "TK_SD"


@dataclass(frozen=True)
class LevelRate:
    """Yearly amount and maximum years of one level."""

    level: str
    amount: Decimal
    max_years: int


def _levels(view: ParameterView) -> dict[str, LevelRate]:
    rates = {}
    for row in view.table("beasiswa.levels"):
        level, amount, years = row.get("level"), row.get("amount"), row.get("max_years")
        if level and amount and years:
            rates[level] = LevelRate(level, Decimal(amount), int(years))
    return rates


def _rate_key(level: SchoolLevel, rates: Mapping[str, LevelRate]) -> str:
    if level.value in rates:
        return level.value
    if level in (SchoolLevel.TK, SchoolLevel.SD) and COMBINED_PRIMARY in rates:
        return COMBINED_PRIMARY
    raise InvalidInput(Code.VALUE_NOT_ALLOWED, "level", {"value": str(level)})


def beasiswa_max_per_child(as_of: date, params: ParameterSet) -> Decimal:
    """Return the most one child can receive over all levels (amount x max years)."""
    rates = _levels(params.at(as_of))
    return sum((r.amount * r.max_years for r in rates.values()), Decimal(0))


@dataclass(frozen=True)
class Child:
    """A child's facts for this year's scholarship claim."""

    birth_date: date
    level: SchoolLevel | None
    years_used: Mapping[str, int] = field(default_factory=dict)
    paid_to_date: Number = 0
    married: bool = False
    working: bool = False
    label: str = ""


@dataclass(frozen=True)
class ChildAward:
    """This year's scholarship for one child, or the reasons it is not paid."""

    label: str
    position: int
    level: SchoolLevel | None
    age: int
    amount: Decimal
    years_left_after: int | None
    reasons: tuple[Issue, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe line."""
        return {
            "label": self.label,
            "position": self.position,
            "level": None if self.level is None else str(self.level),
            "age": self.age,
            "amount": json_amount(self.amount),
            "years_left_after": self.years_left_after,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class BeasiswaAward:
    """This year's scholarship for all children of one case."""

    cause: BenefitCause
    as_of: date
    eligible: bool
    children: tuple[ChildAward, ...]
    max_per_child: Decimal
    max_total: Decimal
    parameters: tuple[Parameter, ...]
    warnings: tuple[Issue, ...]

    @property
    def total(self) -> Decimal:
        """Return this year's total for all children."""
        return sum((child.amount for child in self.children), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "cause": str(self.cause),
            "eligible": self.eligible,
            "children": [child.to_dict() for child in self.children],
            "total": json_amount(self.total),
            "max_per_child": json_amount(self.max_per_child),
            "max_total": json_amount(self.max_total),
            "as_of": self.as_of.isoformat(),
            "parameters": [p.usage() for p in self.parameters],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def age_on(birth_date: date, on: date) -> int:
    """Return the age in whole years on ON."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def beasiswa_award(
    children: Sequence[Child],
    cause: BenefitCause | str,
    as_of: date,
    params: ParameterSet,
    *,
    contribution_years: Number | None = None,
) -> BeasiswaAward:
    """Return this year's scholarship per child for a death or total-disability case."""
    issues: list[Issue] = []
    try:
        trigger = BenefitCause(cause)
    except ValueError:
        raise InvalidInput(Code.VALUE_NOT_ALLOWED, "cause", {"value": str(cause)}) from None
    if not children:
        issues.append(Issue(Code.VALUE_REQUIRED, "children"))
    if trigger is BenefitCause.JKM_DEATH and contribution_years is None:
        issues.append(Issue(Code.VALUE_REQUIRED, "contribution_years"))
    if contribution_years is not None:
        issues += money_issues(contribution_years, "contribution_years", allow_zero=True)
    for index, child in enumerate(children):
        issues += money_issues(
            child.paid_to_date, f"children[{index}].paid_to_date", allow_zero=True
        )
        if child.birth_date > as_of:
            issues.append(
                Issue(
                    Code.DATE_ORDER,
                    f"children[{index}].as_of",
                    {"value": as_of.isoformat(), "other": child.birth_date.isoformat()},
                )
            )
        for level, used in child.years_used.items():
            if isinstance(used, bool) or not isinstance(used, int) or used < 0:
                issues.append(
                    Issue(
                        Code.VALUE_NOT_INTEGER,
                        f"children[{index}].years_used.{level}",
                        {"value": repr(used)},
                    )
                )
    raise_if(issues)
    view = params.at(as_of)
    rates = _levels(view)
    max_children = view.integer("beasiswa.max_children")
    max_total = view.decimal("beasiswa.max_total")
    max_age = view.integer("beasiswa.max_age")
    per_child = sum((r.amount * r.max_years for r in rates.values()), Decimal(0))
    warnings: list[Issue] = []
    eligible = True
    if trigger is BenefitCause.JKM_DEATH:
        # JKK death and total disability need no minimum contribution period.
        minimum = view.decimal("beasiswa.jkm_min_contribution_years")
        years = to_decimal(contribution_years, "contribution_years")
        if years < minimum:
            eligible = False
            warnings.append(
                Issue(
                    Code.BEASISWA_NOT_ELIGIBLE,
                    "contribution_years",
                    {"minimum": json_decimal(minimum), "years": json_decimal(years)},
                )
            )
    total_left = max_total - sum(
        (to_decimal(c.paid_to_date, "paid_to_date") for c in children), Decimal(0)
    )
    awards = []
    for position, child in enumerate(children, start=1):
        age = age_on(child.birth_date, as_of)
        reasons: list[Issue] = []
        years_left: int | None = None
        if not eligible:
            reasons.append(warnings[0])
        if position > max_children:
            reasons.append(
                Issue(
                    Code.BEASISWA_CHILD_LIMIT,
                    "children",
                    {"maximum": max_children, "position": position},
                )
            )
        if age >= max_age:
            reasons.append(
                Issue(Code.BEASISWA_AGE_LIMIT, "birth_date", {"maximum": max_age, "age": age})
            )
        if child.married:
            reasons.append(Issue(Code.BEASISWA_MARRIED, "married"))
        if child.working:
            reasons.append(Issue(Code.BEASISWA_WORKING, "working"))
        amount = Decimal(0)
        if child.level is None:
            reasons.append(Issue(Code.BEASISWA_NOT_IN_SCHOOL, "level"))
        else:
            key = _rate_key(SchoolLevel(child.level), rates)
            rate = rates[key]
            used = _years_used(child.years_used, key)
            years_left = max(0, rate.max_years - used)
            if years_left == 0:
                reasons.append(
                    Issue(
                        Code.BEASISWA_LEVEL_EXHAUSTED,
                        "years_used",
                        {"level": key, "used": used, "maximum": rate.max_years},
                    )
                )
            elif not reasons:
                child_left = per_child - to_decimal(child.paid_to_date, "paid_to_date")
                amount = max(Decimal(0), min(rate.amount, child_left, total_left))
                if amount < rate.amount:
                    reasons.append(
                        Issue(
                            Code.BEASISWA_TOTAL_CAP,
                            "paid_to_date",
                            {
                                "maximum": json_decimal(max_total),
                                "remaining": json_decimal(amount),
                            },
                        )
                    )
                total_left -= amount
                years_left -= 1
        awards.append(
            ChildAward(
                label=child.label,
                position=position,
                level=child.level,
                age=age,
                amount=amount,
                years_left_after=years_left,
                reasons=tuple(reasons),
            )
        )
    used_params = view.used
    return BeasiswaAward(
        cause=trigger,
        as_of=as_of,
        eligible=eligible,
        children=tuple(awards),
        max_per_child=per_child,
        max_total=max_total,
        parameters=used_params,
        warnings=tuple(warnings + confidence_warnings(used_params)),
    )


def _years_used(years_used: Mapping[str, int], key: str) -> int:
    if key == COMBINED_PRIMARY:
        # The combined level counts years paid under either name.
        return sum(years_used.get(k, 0) for k in (COMBINED_PRIMARY, "TK", "SD"))
    return years_used.get(key, 0)
