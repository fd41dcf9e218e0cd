"""Target periods written as ``2026`` (a year), ``2026-Q1`` (a quarter) or ``2026-03`` (a month)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
MIN_YEAR, MAX_YEAR = 2015, 2100


@dataclass(frozen=True)
class Period:
    """A closed date range with its code."""

    code: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        """Return whether DAY lies in the period."""
        return self.start <= day <= self.end


class PeriodInvalid(ValueError):
    """The text is not a period code; ``message`` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Return the period a code names, or raise ``PeriodInvalid``."""
    raw = (text or "").strip().upper()
    year = month_from = month_to = 0
    if match := _QUARTER.fullmatch(raw):
        year, quarter = int(match[1]), int(match[2])
        month_from, month_to = 3 * quarter - 2, 3 * quarter
        code = f"{year}-Q{quarter}"
    elif match := _MONTH.fullmatch(raw):
        year, month_from = int(match[1]), int(match[2])
        month_to = month_from
        code = f"{year}-{month_from:02d}"
        if not 1 <= month_from <= 12:
            raise PeriodInvalid(_("The month must be between 01 and 12."))
    elif match := _YEAR.fullmatch(raw):
        year, month_from, month_to = int(match[1]), 1, 12
        code = str(year)
    else:
        raise PeriodInvalid(
            _("Write the period as 2026 (a year), 2026-Q1 (a quarter) or 2026-03 (a month).")
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodInvalid(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": MIN_YEAR, "last": MAX_YEAR}
        )
    return Period(code=code, start=date(year, month_from, 1), end=_month_end(year, month_to))


def quarter_of(day: date) -> Period:
    """Return the quarter DAY lies in."""
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def add_months(day: date, months: int) -> date:
    """Return DAY moved by MONTHS calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
