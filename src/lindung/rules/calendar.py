"""Working-day calendars: weekends, national holidays, cuti bersama and regional extras."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import holidays as holidays_lib

from lindung.rules.errors import CalendarRangeError, Code, InvalidInput

# Weekday names in Indonesian, like the holiday names the holidays package returns.
WEEKEND_NAMES = {5: "Sabtu", 6: "Minggu"}
# PUBLIC = national holidays; GOVERNMENT = cuti bersama (collective leave) for civil servants.
DEFAULT_CATEGORIES = ("public", "government")
ONE_DAY = timedelta(days=1)


class SkipKind(StrEnum):
    """Why a day is not a working day."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"


@dataclass(frozen=True)
class SkippedDay:
    """A non-working day passed over while counting, and why."""

    day: date
    kind: SkipKind
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form ``{"date", "reason", "kind"}``."""
        return {"date": self.day.isoformat(), "reason": self.reason, "kind": str(self.kind)}


@dataclass(frozen=True)
class WorkingCalendar:
    """Non-working dates (date -> reason) valid for the years first_year..last_year."""

    holidays: Mapping[date, str]
    first_year: int
    last_year: int

    def check(self, day: date) -> None:
        """Raise CalendarRangeError if DAY is outside the years this calendar knows."""
        if not self.first_year <= day.year <= self.last_year:
            raise CalendarRangeError(
                Code.CALENDAR_RANGE,
                "date",
                {"first": self.first_year, "last": self.last_year, "date": day.isoformat()},
            )

    def skip_reason(self, day: date) -> SkippedDay | None:
        """Return why DAY is not a working day, or None if it is one."""
        self.check(day)
        # A holiday on a weekend is reported as the holiday: it is the more useful reason.
        if day in self.holidays:
            return SkippedDay(day, SkipKind.HOLIDAY, self.holidays[day])
        if day.weekday() in WEEKEND_NAMES:
            return SkippedDay(day, SkipKind.WEEKEND, WEEKEND_NAMES[day.weekday()])
        return None

    def is_working_day(self, day: date) -> bool:
        """Return whether DAY is a working day."""
        return self.skip_reason(day) is None


def build_calendar(
    years: Iterable[int],
    *,
    extra: Mapping[date, str] | None = None,
    categories: Iterable[str] = DEFAULT_CATEGORIES,
) -> WorkingCalendar:
    """Build a calendar from Indonesia's holidays for YEARS plus EXTRA (e.g. regional) dates."""
    year_list = sorted(set(years))
    if not year_list:
        raise InvalidInput(Code.VALUE_REQUIRED, "years")
    first, last = year_list[0], year_list[-1]
    # Fill the gaps so a calendar never silently treats a missing year as all working days.
    national = holidays_lib.country_holidays(
        "ID", years=range(first, last + 1), categories=tuple(categories)
    )
    days: dict[date, str] = {day: str(name) for day, name in national.items()}
    for day, reason in (extra or {}).items():
        days[day] = f"{days[day]}; {reason}" if day in days else reason
    return WorkingCalendar(holidays=days, first_year=first, last_year=last)


def add_working_days(
    start: date, working_days: int, calendar: WorkingCalendar
) -> tuple[date, tuple[SkippedDay, ...]]:
    """Return the date WORKING_DAYS working days after START (START not counted) and the skips."""
    if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 0:
        raise InvalidInput(Code.VALUE_NOT_INTEGER, "working_days", {"value": repr(working_days)})
    calendar.check(start)
    day, counted, skipped = start, 0, []
    while counted < working_days:
        day += ONE_DAY
        reason = calendar.skip_reason(day)
        if reason is None:
            counted += 1
        else:
            skipped.append(reason)
    return day, tuple(skipped)


def working_days_between(start: date, end: date, calendar: WorkingCalendar) -> int:
    """Count working days after START up to and including END (negative if END is earlier)."""
    if end < start:
        return -working_days_between(end, start, calendar)
    calendar.check(start)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if calendar.is_working_day(day):
            count += 1
    return count
