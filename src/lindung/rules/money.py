"""Rupiah amounts: strict input coercion, half-up rounding and JSON-safe output."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from lindung.rules.errors import Code, Issue, raise_if

# Anything above Rp10 trillion is a typing error, not a construction contract.
ABSURD_LIMIT = Decimal("10000000000000")
ONE_RUPIAH = Decimal("1")
HUNDRED = Decimal("100")

Number = Decimal | int | str


def round_rupiah(amount: Decimal) -> Decimal:
    """Round AMOUNT half-up to whole rupiah."""
    return amount.quantize(ONE_RUPIAH, rounding=ROUND_HALF_UP)


def pct(rate_pct: Decimal) -> Decimal:
    """Turn a percentage (0.21) into a fraction (0.0021)."""
    return rate_pct / HUNDRED


def json_amount(amount: Decimal) -> int | str:
    """Return AMOUNT as an int when whole, else as an exact decimal string."""
    if amount == amount.to_integral_value():
        return int(amount)
    return format(amount.normalize(), "f")


def json_decimal(value: Decimal) -> str:
    """Return VALUE as a plain decimal string without exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class Amount:
    """A rounded rupiah amount that keeps its unrounded value for audit."""

    exact: Decimal
    rounded: Decimal

    @classmethod
    def of(cls, exact: Decimal) -> Amount:
        """Round EXACT half-up and keep both."""
        return cls(exact=exact, rounded=round_rupiah(exact))

    def to_dict(self) -> dict[str, Any]:
        """Return both values JSON-safe."""
        return {"exact": json_decimal(self.exact), "rounded": json_amount(self.rounded)}


def to_decimal(value: object, field: str) -> Decimal:
    """Convert VALUE to a finite Decimal or raise InvalidInput naming FIELD."""
    number, issue = _parse(value, field)
    raise_if([issue] if issue else [])
    return number


def _parse(value: object, field: str) -> tuple[Decimal, Issue | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal(0), Issue(Code.VALUE_REQUIRED, field)
    # Floats carry binary rounding errors into money; bools are ints by accident.
    if isinstance(value, float):
        return Decimal(0), Issue(Code.VALUE_IS_FLOAT, field, {"value": repr(value)})
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return Decimal(0), Issue(Code.VALUE_NOT_A_NUMBER, field, {"value": repr(value)})
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        return Decimal(0), Issue(Code.VALUE_NOT_A_NUMBER, field, {"value": str(value)})
    if not number.is_finite():
        return Decimal(0), Issue(Code.VALUE_NOT_A_NUMBER, field, {"value": str(value)})
    return number, None


def money_issues(
    value: object, field: str, *, allow_zero: bool = False, limit: Decimal = ABSURD_LIMIT
) -> list[Issue]:
    """Return the problems of VALUE as a rupiah amount (positive, finite, not absurd)."""
    number, issue = _parse(value, field)
    if issue:
        return [issue]
    if number < 0:
        return [Issue(Code.VALUE_NEGATIVE, field, {"value": json_decimal(number)})]
    if number == 0 and not allow_zero:
        return [Issue(Code.VALUE_NOT_POSITIVE, field, {"value": json_decimal(number)})]
    if number > limit:
        return [
            Issue(
                Code.VALUE_TOO_LARGE,
                field,
                {"value": json_decimal(number), "limit": json_decimal(limit)},
            )
        ]
    return []


def to_money(value: object, field: str, *, allow_zero: bool = False) -> Decimal:
    """Convert VALUE to a positive rupiah Decimal or raise InvalidInput naming FIELD."""
    raise_if(money_issues(value, field, allow_zero=allow_zero))
    return to_decimal(value, field)


def count_issues(value: object, field: str, *, minimum: int = 1, maximum: int) -> list[Issue]:
    """Return the problems of VALUE as a whole count in [MINIMUM, MAXIMUM]."""
    if isinstance(value, bool) or not isinstance(value, int):
        return [Issue(Code.VALUE_NOT_INTEGER, field, {"value": repr(value)})]
    if not minimum <= value <= maximum:
        return [
            Issue(
                Code.VALUE_OUT_OF_RANGE,
                field,
                {"value": value, "minimum": minimum, "maximum": maximum},
            )
        ]
    return []
