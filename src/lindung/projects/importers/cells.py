"""Column-wise cell parsers and identifier checks for project imports (polars, no database).

Each parser turns a column of stripped text into typed values with a vectorised expression
for the forms a file normally uses, and hands every cell that expression cannot read to the
row-wise parser of ``lindung.imports.parsing`` (or the validator of ``lindung.rules``), so
the result is exactly the row-wise one: a cell is bad only if the row-wise parser says so.
Property tests keep the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from lindung.imports.parsing import parse_bool, parse_date, parse_int, parse_rupiah

# Amounts are kept in whole cents. Anything above this many rupiah is far over the sanity
# limit (Rp 10 trillion) and is held at the cap: it is refused either way.
MONEY_CAP_RUPIAH = 10**15
INT_CAP = 10**12
_ISO = r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"
_ID = r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$"
_RUPIAH = r"^([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]{0,2}))?$"
_INTEGER = r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)$"
_TRUE = ("ya", "y", "yes", "true", "1", "benar")
_FALSE = ("tidak", "t", "no", "n", "false", "0", "salah")


@dataclass(frozen=True)
class Parsed:
    """A parsed column and which cells could not be read."""

    values: pl.Series
    bad: pl.Series  # bool: the cell has text the parser refuses


def _iso_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    text = pl.concat_str(year, month.str.zfill(2), day.str.zfill(2), separator="-")
    # A year written with a leading zero goes to the row-wise parser.
    return (
        pl.when(year.str.starts_with("0"))
        .then(pl.lit(None, dtype=pl.Date))
        .otherwise(text.str.to_date("%Y-%m-%d", strict=False))
    )


def date_expr(text: pl.Expr) -> pl.Expr:
    """Return ``YYYY-MM-DD`` (an Excel date-time at midnight too) or ``DD/MM/YYYY`` as a date."""
    first = text.str.split_exact(" ", 1).struct.field("field_0")
    text = (
        pl.when(text.str.contains(" ", literal=True) & first.str.contains(_ISO))
        .then(first)
        .otherwise(text)
    )
    iso = text.str.extract_groups(_ISO)
    indonesian = text.str.extract_groups(_ID)
    return pl.coalesce(
        _iso_date(iso.struct.field("1"), iso.struct.field("2"), iso.struct.field("3")),
        _iso_date(
            indonesian.struct.field("3"),
            indonesian.struct.field("2"),
            indonesian.struct.field("1"),
        ),
    )


# A minus sign before an amount: a negative value, not an unreadable one.
NEGATIVE_AMOUNT = r"^-\s*(?:[Rr][Pp]\.?\s*)?\d"


def negative_amount_expr(text: pl.Expr) -> pl.Expr:
    """Return whether a cell holds a negative rupiah amount (``-5``, ``-Rp 1.000``)."""
    return text.str.contains(NEGATIVE_AMOUNT)


def rupiah_cents_expr(text: pl.Expr) -> pl.Expr:
    """Return rupiah (digits, thousands dots, ``,sen``, ``Rp`` prefix) as whole cents."""
    text = text.str.replace(r"(?i)^rp\.?\s*", "").str.replace_all(" ", "", literal=True)
    parts = text.str.extract_groups(_RUPIAH)
    whole = parts.struct.field("1").str.replace_all(".", "", literal=True)
    cents = parts.struct.field("2").fill_null("").str.pad_end(2, "0")
    value = whole.cast(pl.Int64, strict=False) * 100 + cents.cast(pl.Int64, strict=False)
    return pl.when(whole.str.len_chars() <= 15).then(value).otherwise(None)


def integer_expr(text: pl.Expr) -> pl.Expr:
    """Return a whole number (thousands dots allowed)."""
    digits = text.str.replace_all(".", "", literal=True)
    return (
        pl.when(text.str.contains(_INTEGER) & (digits.str.len_chars() <= 12))
        .then(digits.cast(pl.Int64, strict=False))
        .otherwise(None)
    )


def bool_expr(text: pl.Expr) -> pl.Expr:
    """Return ya/tidak (yes/no, true/false, 1/0) as a boolean; blank is null."""
    mapping = dict.fromkeys(_TRUE, True) | dict.fromkeys(_FALSE, False)
    return text.str.to_lowercase().replace_strict(mapping, default=None, return_dtype=pl.Boolean)


def _cents(value: Decimal) -> int:
    return min(int(value * 100), MONEY_CAP_RUPIAH * 100)


def _capped(value: int) -> int:
    return min(value, INT_CAP)


def parse_column(
    frame: pl.DataFrame,
    column: str,
    fast: Callable[[pl.Expr], pl.Expr],
    slow: Callable[[str], Any],
    dtype: pl.DataType,
) -> Parsed:
    """Parse a text column with ``fast``; cells it leaves null go through ``slow``.

    ``slow`` returns the value or raises ``ValueError`` for a bad cell; blank cells are null.
    """
    text = frame.get_column(column)
    values = frame.select(fast(pl.col(column)).cast(dtype).alias(column)).to_series()
    pending = values.is_null() & (text != "")
    mapping: dict[str, Any] = {}
    refused: list[str] = []
    for cell in text.filter(pending).unique().to_list():
        try:
            mapping[cell] = slow(cell)
        except ValueError:
            refused.append(cell)
    if mapping:
        slow_values = text.replace_strict(mapping, default=None, return_dtype=dtype)
        values = pl.select(
            pl.when(pending).then(slow_values).otherwise(values).alias(column)
        ).to_series()
    bad = pending & text.is_in(refused) if refused else pl.Series(column, [False] * len(text))
    return Parsed(values=values, bad=bad)


def parse_dates(frame: pl.DataFrame, column: str) -> Parsed:
    """Parse a date column like ``parse_date``."""
    return parse_column(frame, column, date_expr, parse_date, pl.Date())


def parse_money(frame: pl.DataFrame, column: str) -> Parsed:
    """Parse a rupiah column like ``parse_rupiah``, in whole cents."""

    def slow(cell: str) -> int | None:
        value = parse_rupiah(cell)
        return None if value is None else _cents(value)

    return parse_column(frame, column, rupiah_cents_expr, slow, pl.Int64())


def parse_integers(frame: pl.DataFrame, column: str) -> Parsed:
    """Parse a whole-number column like ``parse_int``."""

    def slow(cell: str) -> int | None:
        value = parse_int(cell)
        return None if value is None else _capped(value)

    return parse_column(frame, column, integer_expr, slow, pl.Int64())


def parse_bools(frame: pl.DataFrame, column: str) -> Parsed:
    """Parse a ya/tidak column like ``parse_bool`` (blank stays null: the caller defaults)."""
    return parse_column(frame, column, bool_expr, lambda cell: parse_bool(cell, True), pl.Boolean())


# ----------------------------------------------------------------------------- identifiers


def _digits(text: pl.Expr, strip: str) -> pl.Expr:
    for char in strip:
        text = text.str.replace_all(char, "", literal=True)
    return text


def kode_rup_valid_expr(text: pl.Expr) -> pl.Expr:
    """Return whether ``validate_kode_rup`` finds no error (1 to 12 digits, spaces ignored)."""
    return _digits(text, " ").str.contains(r"^[0-9]{1,12}$")


def nib_valid_expr(text: pl.Expr) -> pl.Expr:
    """Return whether ``validate_nib`` finds no error (13 digits)."""
    return _digits(text, " .-").str.contains(r"^[0-9]{13}$")


def npwp_valid_expr(text: pl.Expr) -> pl.Expr:
    """Return whether ``validate_npwp`` finds no error (15 or 16 digits)."""
    return _digits(text, " .-").str.contains(r"^[0-9]{15,16}$")


def nip_valid_expr(text: pl.Expr) -> pl.Expr:
    """Return whether ``validate_nip`` finds no error: 18 digits, birth date, TMT, sex, serial."""
    digits = _digits(text, " .-")
    birth = (
        pl.when(digits.str.slice(0, 4) == "0000")
        .then(pl.lit(None, dtype=pl.Date))
        .otherwise(digits.str.slice(0, 8).str.to_date("%Y%m%d", strict=False))
    )
    appointed_year = digits.str.slice(8, 4).cast(pl.Int32, strict=False)
    appointed_month = digits.str.slice(12, 2).cast(pl.Int32, strict=False)
    born = birth.dt.year().cast(pl.Int32) * 100 + birth.dt.month().cast(pl.Int32)
    return (
        digits.str.contains(r"^[0-9]{18}$")
        & birth.is_not_null()
        & appointed_month.is_between(1, 12)
        & (appointed_year >= 1)
        & (appointed_year * 100 + appointed_month >= born)
        & digits.str.slice(14, 1).is_in(["1", "2"])
        & (digits.str.slice(15, 3) != "000")
    ).fill_null(False)
