"""Coverage percentages computed from their numerator and denominator, never copied."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lindung.rules.errors import raise_if
from lindung.rules.money import HUNDRED, count_issues

MAX_COUNT = 1_000_000_000


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
