"""Template filters for project pages: rupiah amounts, compliance badges, stored dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template

register = template.Library()

BADGE = {
    "fully_paid": "ok",
    "planning_budgeted": "ok",
    "not_yet_due": "ok",
    "due_soon": "warn",
    "registered_underpaid": "warn",
    "planning_not_budgeted": "warn",
    "missing_data": "warn",
    "overdue": "off",
    "handed_over_unprotected": "off",
    "cancelled": "",
}


@register.filter
def rupiah(value: Any) -> str:
    """Format an amount as ``Rp 1.234.567`` (Indonesian thousands dots, no cents)."""
    if value is None or value == "":
        return "-"
    amount = int(Decimal(str(value)))
    return "Rp " + f"{amount:,}".replace(",", ".")


@register.filter
def status_class(code: Any) -> str:
    """Return the badge class of a compliance code."""
    return BADGE.get(str(code), "")


@register.filter
def pct_class(value: Any) -> str:
    """Return the badge class of a percentage: red below 50, amber below 90, else green."""
    number = Decimal(str(value or 0))
    if number < 50:
        return "off"
    if number < 90:
        return "warn"
    return "ok"


@register.filter
def get_label(labels: dict[Any, Any], code: Any) -> Any:
    """Return ``labels[code]`` (a compliance label), or the code itself."""
    return labels.get(str(code), code)


@register.filter
def iso_date(value: Any) -> date | None:
    """Return a stored ISO date text (``2015-07-01``) as a date, for the ``date`` filter."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
