"""The working-day calendar's prefix sums agree with counting day by day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.rules import (
    CalendarRangeError,
    Code,
    DeadlineKind,
    InvalidInput,
    add_working_days,
    build_calendar,
    deadline,
    default_parameters,
    working_days_between,
)
from lindung.rules.calendar import WEEKEND_NAMES, WorkingCalendar

ONE_DAY = timedelta(days=1)
# Regional extras on a weekday, on a weekend and on a national holiday.
EXTRA = {
    date(2025, 10, 23): "Hari Jadi Pontianak",
    date(2025, 10, 25): "Sabtu daerah",
    date(2025, 8, 17): "Upacara daerah",
}
CALENDAR = build_calendar(range(2019, 2028), extra=EXTRA)
DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))


def _working(day: date, calendar: WorkingCalendar) -> bool:
    return day not in calendar.holidays and day.weekday() not in WEEKEND_NAMES


def _count_day_by_day(start: date, end: date, calendar: WorkingCalendar) -> int:
    """The reference: walk from START to END one day at a time."""
    if end < start:
        return -_count_day_by_day(end, start, calendar)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += _working(day, calendar)
    return count


def _add_day_by_day(start: date, days: int, calendar: WorkingCalendar) -> tuple[date, list[date]]:
    day, counted, skipped = start, 0, []
    while counted < days:
        day += ONE_DAY
        if _working(day, calendar):
            counted += 1
        else:
            skipped.append(day)
    return day, skipped


class TestPrefixSums:
    @given(start=DAYS, end=DAYS)
    def test_count_equals_the_day_by_day_count(self, start, end):
        assert working_days_between(start, end, CALENDAR) == _count_day_by_day(start, end, CALENDAR)

    @given(
        # 60 working days from the last start stay inside the calendar's 2027 year end.
        start=st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 8, 31)),
        days=st.integers(0, 60),
    )
    def test_adding_equals_the_day_by_day_walk(self, start, days):
        due, skipped = add_working_days(start, days, CALENDAR)

        expected_due, expected_skipped = _add_day_by_day(start, days, CALENDAR)
        assert due == expected_due
        assert [s.day for s in skipped] == expected_skipped

    def test_counts_across_years(self):
        start, end = date(2019, 1, 1), date(2027, 12, 31)
        assert working_days_between(start, end, CALENDAR) == _count_day_by_day(start, end, CALENDAR)

    def test_skipped_days_keep_their_reasons(self):
        _due, skipped = add_working_days(date(2025, 10, 22), 2, CALENDAR)

        assert [(s.day, s.reason) for s in skipped] == [
            (date(2025, 10, 23), "Hari Jadi Pontianak"),
            (date(2025, 10, 25), "Sabtu daerah"),
            (date(2025, 10, 26), "Minggu"),
        ]


class TestRange:
    def test_count_past_the_last_year_names_the_first_day_outside(self):
        calendar = build_calendar([2025])
        with pytest.raises(CalendarRangeError) as error:
            working_days_between(date(2025, 12, 1), date(2026, 1, 5), calendar)
        assert error.value.params["date"] == "2026-01-01"

    def test_count_from_before_the_first_year_names_the_start(self):
        calendar = build_calendar([2025])
        with pytest.raises(CalendarRangeError) as error:
            working_days_between(date(2024, 12, 30), date(2025, 1, 6), calendar)
        assert error.value.params["date"] == "2024-12-30"

    def test_adding_past_the_last_year_raises(self):
        calendar = build_calendar([2025])
        with pytest.raises(CalendarRangeError) as error:
            add_working_days(date(2025, 12, 24), 14, calendar)
        assert error.value.params["date"] == "2026-01-01"

    def test_rejects_a_non_integer_count(self):
        with pytest.raises(InvalidInput):
            add_working_days(date(2025, 7, 7), True, CALENDAR)


class TestWithExtra:
    def test_equals_building_with_the_extras(self):
        national = build_calendar(range(2019, 2028))

        assert national.with_extra(EXTRA) == CALENDAR
        assert national.is_working_day(date(2025, 10, 23))
        assert not CALENDAR.is_working_day(date(2025, 10, 23))


class TestProvisionalYears:
    """A year without cuti bersama in the holiday data is provisional: deadlines warn."""

    FAR = 2035  # no joint decree on collective leave exists for it yet

    def test_years_without_collective_leave_are_provisional(self):
        calendar = build_calendar([2025, self.FAR])
        assert 2025 not in calendar.provisional_years
        assert self.FAR in calendar.provisional_years

    def test_a_deadline_reaching_a_provisional_year_warns(self):
        calendar = build_calendar([self.FAR - 1, self.FAR])
        params = default_parameters()
        late = deadline(DeadlineKind.JAKON_REGISTRATION, date(self.FAR, 3, 1), params, calendar)
        provisional = [w for w in late.warnings if w.code is Code.CALENDAR_PROVISIONAL]
        assert [w.params["year"] for w in provisional] == [self.FAR]
        assert "cuti bersama" in provisional[0].message("en")
        known = build_calendar([2025, 2026])
        early = deadline(DeadlineKind.JAKON_REGISTRATION, date(2025, 7, 7), params, known)
        assert Code.CALENDAR_PROVISIONAL not in {w.code for w in early.warnings}

    def test_recorded_collective_leave_confirms_the_year(self):
        calendar = build_calendar([self.FAR])
        confirmed = calendar.with_extra(
            {date(self.FAR, 1, 2): "Cuti Bersama Tahun Baru"}, confirmed_years=[self.FAR]
        )
        assert confirmed.provisional_years == frozenset()
        regional = calendar.with_extra({date(self.FAR, 3, 5): "Hari jadi Sambas"})
        assert regional.provisional_years == frozenset({self.FAR})
