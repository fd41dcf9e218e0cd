"""Template filters for coverage pages: counts, percentages and rupiah in the active language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from lindung.coverage import charts

register = template.Library()


@register.filter
def count(value: Any) -> str:
    """Format a count with thousands separators (a dash when unknown)."""
    if value is None or value == "":
        return charts.NONE
    return charts.count(int(value))


@register.filter
def pct(value: Any) -> str:
    """Format a percentage with two decimals (a dash when unknown)."""
    if value is None or value == "":
        return charts.NONE
    return charts.percent(Decimal(str(value)))


@register.filter
def rupiah(value: Any) -> str:
    """Format an amount as whole rupiah ("Rp 1.234.567" in Indonesian)."""
    if value is None or value == "":
        return charts.NONE
    return "Rp " + number_format(int(Decimal(str(value))), force_grouping=True)


@register.filter
def signed(value: Any) -> str:
    """Format a change with its sign (+1.234 or -56)."""
    if value is None or value == "":
        return charts.NONE
    number = int(value)
    return ("+" if number > 0 else "") + number_format(number, force_grouping=True)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """Return ``mapping[key]``, or an empty string when the key is absent."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
