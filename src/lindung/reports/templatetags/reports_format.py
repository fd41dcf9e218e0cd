"""Template filters for reports: numbers, percentages and rupiah in the active language."""

from __future__ import annotations

from decimal import Decimal

from django import template

from lindung.reports import formatting

register = template.Library()


@register.filter
def num(value: int | Decimal | None, places: int = 0) -> str:
    """Format a count or amount, e.g. ``42.591`` in Indonesian."""
    return formatting.number(value, places)


@register.filter
def pct(value: Decimal | None) -> str:
    """Format a percentage with two decimals, e.g. ``27,66%`` in Indonesian."""
    return formatting.percent(value)


@register.filter
def rp(value: Decimal | int | None) -> str:
    """Format a rupiah amount without cents."""
    return formatting.rupiah(value)
