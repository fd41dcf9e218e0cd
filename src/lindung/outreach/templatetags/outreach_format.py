"""Number formats of the outreach and budget pages (Indonesian thousands dots)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """Format an amount as ``Rp 1.250.000`` (whole rupiah); empty for no value."""
    if value is None or value == "":
        return "-"
    try:
        amount = Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,.0f}".replace(",", ".")


@register.filter
def thousands(value: Any) -> str:
    """Format a count as ``1.655``; ``-`` for no value."""
    if value is None or value == "":
        return "-"
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)
