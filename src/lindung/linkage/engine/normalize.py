"""Normalisation: Indonesian names, birth dates in common formats, NIK parts.

The name rules live in ``sql/macros.sql`` so that the engine (in DuckDB, over millions of
rows) and these helpers (one value at a time) can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from lindung.linkage.engine import connection
from lindung.rules.identifiers import Sex, validate_nik

# Formats tried by detect_date_format, most specific first (ISO wins a tie).
DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y%m%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)
DETECTION_SAMPLE = 2000


@cache
def _con() -> Any:
    return connection.connect(threads=1)


def normalize_names(values: Sequence[str | None]) -> list[str | None]:
    """Return the comparison key of each name (titles, degrees, patronym and spelling folded)."""
    con = _con().cursor()
    rows = con.execute(
        "SELECT lk_name_key(v) FROM unnest($v::VARCHAR[]) WITH ORDINALITY AS t(v, i) ORDER BY i",
        {"v": list(values)},
    ).fetchall()
    return [row[0] for row in rows]


def normalize_name(value: str | None) -> str | None:
    """Return the comparison key of one name: ``"Haji Achmad Dachlan"`` -> ``"ahmad dahlan"``."""
    return normalize_names([value])[0]


def patronym(value: str | None) -> str | None:
    """Return the normalised name after bin/binti (``"Siti binti Umar"`` -> ``"umar"``)."""
    con = _con().cursor()
    row = con.execute("SELECT lk_patronym($v)", {"v": value}).fetchone()
    return None if row is None else row[0]


def parse_date(value: str | None, fmt: str | None = None) -> date | None:
    """Parse a birth date in FMT, or in the first of DATE_FORMATS that fits."""
    if value is None:
        return None
    text = value.strip().split(" ")[0].split("T")[0]
    for candidate in (fmt,) if fmt else DATE_FORMATS:
        try:
            return datetime.strptime(text, candidate).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return None


def detect_date_format(values: Iterable[str | None]) -> str | None:
    """Return the format of DATE_FORMATS that parses most of VALUES (None if none parses)."""
    sample = [v for v in values if v is not None and v.strip()][:DETECTION_SAMPLE]
    if not sample:
        return None
    best, best_hits = None, 0
    for fmt in DATE_FORMATS:
        hits = sum(parse_date(v, fmt) is not None for v in sample)
        if hits > best_hits:
            best, best_hits = fmt, hits
    return best


@dataclass(frozen=True)
class NikParts:
    """The parts a valid NIK encodes (domain reference §6.1)."""

    nik: str
    region_code: str
    birth_date: date | None
    sex: Sex | None
    serial: str


def parse_nik(value: str | None, *, reference_date: date | None = None) -> NikParts | None:
    """Return the region, birth date, sex and serial of a valid NIK, else None."""
    if value is None:
        return None
    check = validate_nik(value, reference_date=reference_date or date(2026, 1, 1), min_age=None)
    if not check.valid or check.region_code is None or check.serial is None:
        return None
    return NikParts(
        nik=check.value,
        region_code=check.region_code,
        birth_date=check.birth_date,
        sex=check.sex,
        serial=check.serial,
    )
