"""Coverage percentages computed from their numerator and denominator, never copied."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lindung.rules.errors import raise_if
from lindung.rules.money import HUNDRED, count_issues, money_issues

MAX_COUNT = 1_000_000_000
MAX_AMOUNT = Decimal(10) ** 18  # rupiah sums (a single amount has ABSURD_LIMIT)


def coverage_percentage(numerator: int, denominator: int, *, places: int = 2) -> Decimal:
    """Return NUMERATOR / DENOMINATOR x 100, rounded half-up to PLACES decimals.

    Above 100 is allowed: BPJS counts and Sakernas use different bases.
    """
    raise_if(
        count_issues(numerator, "numerator", minimum=0, maximum=MAX_COUNT)
        + count_issues(denominator, "denominator", minimum=1, maximum=MAX_COUNT)
    )
    exact = Decimal(numerator) * HUNDRED / Decimal(denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def amount_percentage(part: Decimal, whole: Decimal, *, places: int = 2) -> Decimal:
    """Return PART / WHOLE x 100 for rupiah amounts, rounded half-up like the counts.

    WHOLE must be positive (callers show nothing when nothing is due). Sums over the
    province may pass the single-amount sanity limit, so the limit here is ``MAX_AMOUNT``.
    """
    raise_if(
        money_issues(part, "part", allow_zero=True, limit=MAX_AMOUNT)
        + money_issues(whole, "whole", limit=MAX_AMOUNT)
    )
    exact = Decimal(part) * HUNDRED / Decimal(whole)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
