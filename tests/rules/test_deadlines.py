"""Working days and deadlines: summary #9-#12, holidays, cuti bersama, regional extras."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.rules import (
    CalendarRangeError,
    Code,
    DeadlineKind,
    DeadlineState,
    InvalidInput,
    ParameterNotInForce,
    SkipKind,
    add_working_days,
    build_calendar,
    deadline,
    default_parameters,
    jakon_registration_deadline,
    jakon_registration_status,
    working_days_between,
)
from lindung.rules.deadlines import jakon_registration_due

PARAMS = default_parameters()
CALENDAR = build_calendar(range(2015, 2028))
SPK_JULY = date(2025, 7, 7)  # a Monday in a month without national holidays


class TestBuildCalendar:
    def test_includes_public_holidays(self):
        assert "Idul Fitri" in CALENDAR.holidays[date(2025, 3, 31)]

    def test_includes_cuti_bersama(self):
        assert CALENDAR.holidays[date(2025, 4, 2)].startswith("Cuti Bersama")

    def test_adds_regional_extra_dates(self):
        calendar = build_calendar([2025], extra={date(2025, 10, 23): "Hari Jadi Pontianak"})
        assert calendar.holidays[date(2025, 10, 23)] == "Hari Jadi Pontianak"
        assert not calendar.is_working_day(date(2025, 10, 23))

    def test_extra_on_a_national_holiday_keeps_both_reasons(self):
        calendar = build_calendar([2025], extra={date(2025, 8, 17): "Upacara daerah"})
        assert calendar.holidays[date(2025, 8, 17)].endswith("; Upacara daerah")

    def test_rejects_no_years(self):
        with pytest.raises(InvalidInput):
            build_calendar([])

    def test_refuses_dates_outside_its_years(self):
        calendar = build_calendar([2025])
        with pytest.raises(CalendarRangeError) as error:
            add_working_days(date(2025, 12, 24), 14, calendar)
        assert error.value.code is Code.CALENDAR_RANGE


class TestAddWorkingDays:
    def test_start_day_is_not_counted(self):
        due, skipped = add_working_days(date(2025, 7, 11), 1, CALENDAR)  # Friday
        assert due == date(2025, 7, 14)
        assert [(s.day, s.kind, s.reason) for s in skipped] == [
            (date(2025, 7, 12), SkipKind.WEEKEND, "Sabtu"),
            (date(2025, 7, 13), SkipKind.WEEKEND, "Minggu"),
        ]

    def test_zero_days_is_the_start(self):
        assert add_working_days(SPK_JULY, 0, CALENDAR) == (SPK_JULY, ())

    def test_rejects_negative_days(self):
        with pytest.raises(InvalidInput):
            add_working_days(SPK_JULY, -1, CALENDAR)


class TestJakonRegistrationDeadline:
    def test_14_working_days_summary_9(self):
        result = jakon_registration_deadline(SPK_JULY, PARAMS, CALENDAR)
        assert (result.working_days, result.due) == (14, date(2025, 7, 25))
        assert [s.day.isoformat() for s in result.skipped] == [
            "2025-07-12",
            "2025-07-13",
            "2025-07-19",
            "2025-07-20",
        ]

    def test_skips_lebaran_and_cuti_bersama(self):
        result = jakon_registration_deadline(date(2025, 3, 20), PARAMS, CALENDAR)
        assert result.due == date(2025, 4, 21)
        reasons = {s.day: s.reason for s in result.skipped}
        assert reasons[date(2025, 4, 7)] == "Cuti Bersama Hari Raya Idul Fitri"
        assert reasons[date(2025, 3, 29)] == "Hari Suci Nyepi"  # a holiday on a Saturday
        assert working_days_between(date(2025, 3, 20), result.due, CALENDAR) == 14

    def test_cli_shape(self):
        data = jakon_registration_deadline(SPK_JULY, PARAMS, CALENDAR).to_dict()
        assert data["registration_due"] == "2025-07-25"
        assert data["skipped"][0] == {"date": "2025-07-12", "reason": "Sabtu", "kind": "weekend"}
        assert data["parameters"][0]["name"] == "deadline.jakon_registration_wd"

    def test_before_parameters_raises(self):
        with pytest.raises(ParameterNotInForce) as error:
            jakon_registration_deadline(date(2015, 1, 5), PARAMS, CALENDAR)
        assert error.value.field == "deadline.jakon_registration_wd"


class TestOtherDeadlines:
    def test_certificate_1_working_day_summary_10(self):
        result = deadline(DeadlineKind.CERTIFICATE, date(2025, 7, 11), PARAMS, CALENDAR)
        assert (result.working_days, result.due) == (1, date(2025, 7, 14))

    @pytest.mark.parametrize(
        ("start", "days"),
        [
            pytest.param(date(2021, 3, 31), 7, id="summary-#11-2015-rule-7"),
            pytest.param(date(2021, 4, 1), 3, id="summary-#11-2021-rule-3"),
        ],
    )
    def test_proof_delivery_window_changes(self, start, days):
        result = deadline(DeadlineKind.PROOF_DELIVERY, start, PARAMS, CALENDAR)
        assert result.working_days == days
        assert working_days_between(start, result.due, CALENDAR) == days

    def test_worker_change_default_7_with_conflict_note_summary_12(self):
        result = deadline(DeadlineKind.WORKER_CHANGE, SPK_JULY, PARAMS, CALENDAR)
        assert result.working_days == 7
        assert result.warnings[0].code is Code.DEADLINE_WINDOW_CONFLICT
        assert "30" in result.warnings[0].params["note"]

    def test_worker_change_30_day_reading_summary_12(self):
        result = deadline(DeadlineKind.WORKER_CHANGE, SPK_JULY, PARAMS, CALENDAR, working_days=30)
        assert result.working_days == 30
        assert working_days_between(SPK_JULY, result.due, CALENDAR) == 30

    def test_rejects_negative_override(self):
        with pytest.raises(InvalidInput):
            deadline(DeadlineKind.WORKER_CHANGE, SPK_JULY, PARAMS, CALENDAR, working_days=-3)


class TestWorkingDaysBetween:
    @pytest.mark.parametrize(
        ("start", "end", "count"),
        [
            pytest.param(date(2025, 7, 7), date(2025, 7, 7), 0, id="same-day"),
            pytest.param(date(2025, 7, 11), date(2025, 7, 14), 1, id="over-weekend"),
            pytest.param(date(2025, 7, 14), date(2025, 7, 11), -1, id="reversed"),
            pytest.param(date(2025, 7, 11), date(2025, 7, 13), 0, id="into-weekend"),
        ],
    )
    def test_counts(self, start, end, count):
        assert working_days_between(start, end, CALENDAR) == count


class TestJakonRegistrationStatus:
    @pytest.mark.parametrize(
        ("as_of", "state", "left"),
        [
            pytest.param(date(2025, 7, 10), DeadlineState.ON_TRACK, 11, id="day-3"),
            pytest.param(date(2025, 7, 21), DeadlineState.AT_RISK, 4, id="ref-1.5-day-10"),
            pytest.param(date(2025, 7, 25), DeadlineState.AT_RISK, 0, id="due-today"),
            pytest.param(date(2025, 7, 26), DeadlineState.OVERDUE, 0, id="weekend-after"),
            pytest.param(date(2025, 7, 29), DeadlineState.OVERDUE, -2, id="overdue-2"),
        ],
    )
    def test_pending(self, as_of, state, left):
        status = jakon_registration_status(SPK_JULY, as_of, PARAMS, CALENDAR)
        assert (status.state, status.working_days_left) == (state, left)

    @pytest.mark.parametrize(
        ("registered_on", "state"),
        [
            pytest.param(date(2025, 7, 25), DeadlineState.DONE_ON_TIME, id="on-due-day"),
            pytest.param(date(2025, 7, 28), DeadlineState.DONE_LATE, id="late"),
        ],
    )
    def test_registered(self, registered_on, state):
        status = jakon_registration_status(
            SPK_JULY, date(2025, 8, 1), PARAMS, CALENDAR, registered_on=registered_on
        )
        assert status.state is state


class TestDeadlineProperties:
    @given(
        start=st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 10, 31)),
        days=st.integers(1, 40),
    )
    def test_due_date_is_a_working_day(self, start, days):
        due, skipped = add_working_days(start, days, CALENDAR)
        assert due.weekday() < 5
        assert due not in CALENDAR.holidays
        assert working_days_between(start, due, CALENDAR) == days
        assert all(start < s.day < due for s in skipped)
        assert len(skipped) + days == (due - start) // timedelta(days=1)


class TestJakonRegistrationDue:
    @given(start=st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 10, 31)))
    def test_equals_the_full_deadline(self, start):
        expected = jakon_registration_deadline(start, PARAMS, CALENDAR).due
        assert jakon_registration_due(start, PARAMS, CALENDAR) == expected

    def test_before_parameters_raises(self):
        with pytest.raises(ParameterNotInForce):
            jakon_registration_due(date(2015, 1, 5), PARAMS, CALENDAR)
