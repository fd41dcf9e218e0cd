"""Working-day calendars: weekends, national holidays, cuti bersama and regional extras.

A calendar keeps a cumulative count of working days per date (built once, on first use),
so counting working days between two dates and finding the n-th working day after a date
cost O(1) each, whatever the distance: compliance over many projects stays linear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
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
class _DayIndex:
    """A calendar's days as positions from 1 January of its first year, with prefix sums.

    ``counts[i]`` is the number of working days among positions ``0..i``; ``working`` and
    ``off`` list the positions of the working and the non-working days in order. Counting
    the working days between two dates, or finding the n-th working day after one, is then
    a subtraction or an index: O(1) however far apart the dates are.
    """

    origin: int  # the ordinal of 1 January of the first year
    counts: tuple[int, ...]
    working: tuple[int, ...]
    off: tuple[int, ...]

    def off_until(self, position: int) -> int:
        """Return how many non-working days lie at positions ``0..position``."""
        return position + 1 - self.counts[position] if position >= 0 else 0


@dataclass(frozen=True)
class WorkingCalendar:
    """Non-working dates (date -> reason) valid for the years first_year..last_year."""

    holidays: Mapping[date, str]
    first_year: int
    last_year: int
    # Years whose cuti bersama (collective leave, decreed each year by a joint ministerial
    # decision) is not in the holiday data yet: deadlines there may move once it is decreed.
    provisional_years: frozenset[int] = frozenset()

    def _range_error(self, day: date) -> CalendarRangeError:
        return CalendarRangeError(
            Code.CALENDAR_RANGE,
            "date",
            {"first": self.first_year, "last": self.last_year, "date": day.isoformat()},
        )

    def check(self, day: date) -> None:
        """Raise CalendarRangeError if DAY is outside the years this calendar knows."""
        if not self.first_year <= day.year <= self.last_year:
            raise self._range_error(day)

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

    def with_extra(
        self, extra: Mapping[date, str], *, confirmed_years: Iterable[int] = ()
    ) -> WorkingCalendar:
        """Return this calendar plus EXTRA (e.g. regional) non-working dates.

        CONFIRMED_YEARS are years whose cuti bersama the extra dates supply (recorded by an
        administrator from the decree): they are no longer provisional.
        """
        days = dict(self.holidays)
        for day, reason in extra.items():
            days[day] = f"{days[day]}; {reason}" if day in days else reason
        return WorkingCalendar(
            holidays=days,
            first_year=self.first_year,
            last_year=self.last_year,
            provisional_years=self.provisional_years - frozenset(confirmed_years),
        )

    def provisional_between(self, start: date, end: date) -> tuple[int, ...]:
        """Return the provisional years from START's year to END's year, in order."""
        low, high = sorted((start.year, end.year))
        return tuple(y for y in range(low, high + 1) if y in self.provisional_years)

    @cached_property
    def _index(self) -> _DayIndex:
        first = date(self.first_year, 1, 1).toordinal()
        last = date(self.last_year, 12, 31).toordinal()
        counts: list[int] = []
        working: list[int] = []
        off: list[int] = []
        count = 0
        for position in range(last - first + 1):
            day = date.fromordinal(first + position)
            if day in self.holidays or day.weekday() in WEEKEND_NAMES:
                off.append(position)
            else:
                working.append(position)
                count += 1
            counts.append(count)
        return _DayIndex(origin=first, counts=tuple(counts), working=tuple(working), off=tuple(off))

    def _position(self, day: date) -> int:
        self.check(day)
        return day.toordinal() - self._index.origin

    def count_working_days(self, start: date, end: date) -> int:
        """Count working days after START up to and including END (negative if END is earlier).

        O(1): the difference of two prefix sums.
        """
        if end < start:
            return -self.count_working_days(end, start)
        begin = self._position(start)
        if end.year > self.last_year:
            # Counting day by day would first step outside the calendar on 1 January.
            raise self._range_error(date(self.last_year + 1, 1, 1))
        index = self._index
        return index.counts[end.toordinal() - index.origin] - index.counts[begin]

    def working_day_after(self, start: date, working_days: int) -> date:
        """Return the date WORKING_DAYS working days after START (START not counted); O(1)."""
        if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 0:
            raise InvalidInput(
                Code.VALUE_NOT_INTEGER, "working_days", {"value": repr(working_days)}
            )
        begin = self._position(start)
        if working_days == 0:
            return start
        index = self._index
        target = index.counts[begin] + working_days - 1
        if target >= len(index.working):
            raise self._range_error(date(self.last_year + 1, 1, 1))
        return date.fromordinal(index.origin + index.working[target])

    def skipped_between(self, start: date, end: date) -> tuple[SkippedDay, ...]:
        """Return the non-working days strictly between START and END, with their reasons."""
        if end <= start:
            return ()
        index = self._index
        begin, stop = self._position(start), self._position(end)
        positions = index.off[index.off_until(begin) : index.off_until(stop - 1)]
        days = (date.fromordinal(index.origin + position) for position in positions)
        return tuple(reason for day in days if (reason := self.skip_reason(day)) is not None)


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
    provisional: frozenset[int] = frozenset()
    if "government" in categories:
        leave = holidays_lib.country_holidays(
            "ID", years=range(first, last + 1), categories=("government",)
        )
        provisional = frozenset(range(first, last + 1)) - {day.year for day in leave}
    calendar = WorkingCalendar(
        holidays=days, first_year=first, last_year=last, provisional_years=provisional
    )
    return calendar.with_extra(extra) if extra else calendar


def add_working_days(
    start: date, working_days: int, calendar: WorkingCalendar
) -> tuple[date, tuple[SkippedDay, ...]]:
    """Return the date WORKING_DAYS working days after START (START not counted) and the skips."""
    due = calendar.working_day_after(start, working_days)
    return due, calendar.skipped_between(start, due)


def working_days_between(start: date, end: date, calendar: WorkingCalendar) -> int:
    """Count working days after START up to and including END (negative if END is earlier)."""
    return calendar.count_working_days(start, end)
