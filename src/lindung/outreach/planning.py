"""Budget planner arithmetic, without the database: workers to add and the funding split.

Contribution amounts come from ``lindung.rules.bpu`` (called by the services with the
parameters in force); this module only turns a coverage goal into a number of workers and
splits a cost between funding sources so the parts add up to the rupiah.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from lindung.core.errors import FieldError

HUNDRED = Decimal(100)
ONE = Decimal(1)
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999999")


@dataclass(frozen=True)
class CoverageGap:
    """How many participants a coverage rate needs and how many must be added."""

    denominator: int
    current: int
    target_percent: Decimal
    target_participants: int
    workers_to_add: int
    current_percent: Decimal | None


def coverage_gap(*, denominator: int, current: int, target_percent: Decimal) -> CoverageGap:
    """Return the participants TARGET_PERCENT of DENOMINATOR needs (rounded up) and the gap.

    A target already reached needs no one more: the gap is never negative.
    """
    needed = (Decimal(denominator) * target_percent / HUNDRED).to_integral_value(ROUND_CEILING)
    target = int(needed)
    current_percent = (
        (Decimal(current) * HUNDRED / Decimal(denominator)).quantize(CENT, ROUND_HALF_UP)
        if denominator
        else None
    )
    return CoverageGap(
        denominator=denominator,
        current=current,
        target_percent=target_percent,
        target_participants=target,
        workers_to_add=max(0, target - current),
        current_percent=current_percent,
    )


@dataclass(frozen=True)
class ShareInput:
    """One funding source's part as entered: a percentage or an amount."""

    source: str
    percent: Decimal | None = None
    amount: Decimal | None = None


@dataclass(frozen=True)
class Share:
    """One funding source's part of a cost, in percent (2 decimals) and in whole rupiah."""

    source: str
    percent: Decimal
    amount: Decimal


def _whole(value: Decimal) -> Decimal:
    return value.quantize(ONE, ROUND_HALF_UP)


def split_cost(
    *, total: Decimal, shares: Sequence[ShareInput], mode: str
) -> tuple[list[Share], list[FieldError]]:
    """Split TOTAL between funding sources by percentages (adding up to 100) or amounts
    (adding up to TOTAL); return the shares and every problem found. With no share given at
    all, nothing is split yet (and that is not an error).

    Percent shares are rounded to the rupiah and the rounding remainder goes to the largest
    share, so the parts always add up to TOTAL exactly. Sources with nothing are dropped.
    """
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, share in enumerate(shares):
        if share.source in seen:
            errors.append(
                FieldError(
                    ("shares", index, "source"),
                    _("Each funding source may appear once."),
                    "duplicate",
                )
            )
        seen.add(share.source)
    if mode not in {"percent", "amount"}:
        return [], [FieldError(("split_mode",), _("Choose percentages or amounts."), "invalid")]
    if not any(share.percent or share.amount for share in shares) and not errors:
        return [], []  # not split yet: the whole cost is still to assign
    if mode == "percent":
        result, problems = _by_percent(total, shares)
    else:
        result, problems = _by_amount(total, shares)
    return result, errors + problems


def _by_percent(
    total: Decimal, shares: Sequence[ShareInput]
) -> tuple[list[Share], list[FieldError]]:
    errors: list[FieldError] = []
    percents: list[tuple[str, Decimal]] = []
    for index, share in enumerate(shares):
        value = share.percent if share.percent is not None else Decimal(0)
        if not Decimal(0) <= value <= HUNDRED:
            errors.append(
                FieldError(
                    ("shares", index, "percent"),
                    _("A share must be between 0 and 100 percent."),
                    "out_of_range",
                )
            )
        elif value:
            percents.append((share.source, value))
    summed = sum((p for _s, p in percents), Decimal(0))
    if not errors and summed != HUNDRED:
        errors.append(
            FieldError(
                ("shares",),
                _("The percentages add up to %(sum)s%%, not 100%%.")
                % {"sum": format(summed.normalize(), "f")},
                "sum_mismatch",
            )
        )
    if errors:
        return [], errors
    amounts = [_whole(total * p / HUNDRED) for _s, p in percents]
    remainder = total - sum(amounts, Decimal(0))
    if remainder and amounts:
        largest = max(range(len(amounts)), key=lambda i: (percents[i][1], -i))
        amounts[largest] += remainder
    return [
        Share(source=s, percent=p.quantize(CENT), amount=a)
        for (s, p), a in zip(percents, amounts, strict=True)
    ], []


def _by_amount(
    total: Decimal, shares: Sequence[ShareInput]
) -> tuple[list[Share], list[FieldError]]:
    errors: list[FieldError] = []
    amounts: list[tuple[str, Decimal]] = []
    for index, share in enumerate(shares):
        value = share.amount if share.amount is not None else Decimal(0)
        if value < 0 or value > MAX_AMOUNT:
            errors.append(
                FieldError(
                    ("shares", index, "amount"),
                    _("An amount must be between 0 and %(max)s rupiah.") % {"max": MAX_AMOUNT},
                    "out_of_range",
                )
            )
        elif value != _whole(value):
            errors.append(
                FieldError(
                    ("shares", index, "amount"), _("Enter whole rupiah."), "not_whole_rupiah"
                )
            )
        elif value:
            amounts.append((share.source, value))
    summed = sum((a for _s, a in amounts), Decimal(0))
    if not errors and summed != total:
        errors.append(
            FieldError(
                ("shares",),
                _("The amounts add up to Rp %(sum)s, not the cost of Rp %(total)s.")
                % {"sum": _rupiah(summed), "total": _rupiah(total)},
                "sum_mismatch",
            )
        )
    if errors:
        return [], errors
    return [
        Share(
            source=s,
            percent=(a * HUNDRED / total).quantize(CENT, ROUND_HALF_UP) if total else Decimal(0),
            amount=a,
        )
        for s, a in amounts
    ], []


def _rupiah(value: Decimal) -> str:
    return f"{_whole(value):,.0f}".replace(",", ".")
