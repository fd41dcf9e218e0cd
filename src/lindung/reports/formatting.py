"""Numbers in the report's language (Indonesian ``42.591`` and ``27,66``; English ``42,591``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def number(value: int | Decimal | None, places: int = 0) -> str:
    """Return a count or amount with the active language's grouping, or a dash if missing."""
    if value is None:
        return "-"
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(value: Decimal | None) -> str:
    """Return a percentage with two decimals, or a dash if missing."""
    return "-" if value is None else number(value, 2) + "%"


def rupiah(value: Decimal | int | None) -> str:
    """Return a rupiah amount without cents, or a dash if missing."""
    return "-" if value is None else "Rp " + number(value)
