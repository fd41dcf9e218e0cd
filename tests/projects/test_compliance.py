"""Compliance states at every boundary (working days, holidays) — pure, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from lindung.projects.compliance import Compliance, ProjectFacts, assess
from lindung.rules.calendar import build_calendar
from lindung.rules.defaults import default_parameters

PARAMS = default_parameters()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


CALENDAR = build_calendar(range(2025, 2028))
# SPK Monday 2026-08-03: 14 working days later, skipping 17 August (Monday), is 2026-08-24.
SPK = date(2026, 8, 3)
DUE = date(2026, 8, 24)


def facts(**overrides: Any) -> ProjectFacts:
    base: dict[str, Any] = {
        "stage": "contracted",
        "spk_date": SPK,
        "contract_value": Decimal("350000000"),
        "contribution_total": Decimal("715000"),
        "hps_value": None,
        "contribution_in_hps": None,
        "registered_on": None,
        "paid_total": Decimal(0),
    }
    base.update(overrides)
    return ProjectFacts(**base)


def judge(on: date, **overrides):
    return assess(facts(**overrides), as_of=on, params=PARAMS, calendar=CALENDAR)


class TestRegistrationDeadline:
    def test_deadline_skips_independence_day(self):
        assert judge(SPK).due == DUE

    def test_not_yet_due_right_after_the_spk(self):
        status = judge(date(2026, 8, 4))
        assert status.code == Compliance.NOT_YET_DUE
        assert status.working_days_left == 13
        assert "24/08/2026" in status.explanation

    def test_due_soon_from_the_tenth_working_day(self):
        # The 10th working day after 2026-08-03 (skipping 17 August) is 2026-08-18.
        assert judge(date(2026, 8, 17)).code == Compliance.NOT_YET_DUE
        assert judge(date(2026, 8, 18)).code == Compliance.DUE_SOON

    def test_still_due_on_the_due_date_itself(self):
        status = judge(DUE)
        assert status.code == Compliance.DUE_SOON
        assert status.working_days_left == 0

    def test_overdue_on_the_holiday_after_the_due_date(self):
        # 2026-08-25 is Maulid Nabi: overdue, though no working day has passed yet.
        status = judge(date(2026, 8, 25))
        assert status.code == Compliance.OVERDUE
        assert status.working_days_left == 0

    def test_overdue_by_one_working_day(self):
        status = judge(date(2026, 8, 26))
        assert status.code == Compliance.OVERDUE
        assert status.working_days_left == -1
        assert "1 working day" in status.explanation
        # The date as the pages write it, and the count from the deadline parameter.
        assert "(24/08/2026, 14 working days after the SPK)" in status.explanation

    def test_overdue_over_a_weekend_after_the_due_date(self):
        # Due Monday 2026-08-24 was missed; on Saturday it is overdue.
        assert judge(date(2026, 8, 29)).code == Compliance.OVERDUE


class TestAfterRegistration:
    def test_registered_but_underpaid(self):
        status = judge(
            date(2026, 9, 1), registered_on=date(2026, 8, 10), paid_total=Decimal("357500")
        )
        assert status.code == Compliance.REGISTERED_UNDERPAID
        assert status.outstanding == Decimal("357500")

    def test_registered_late_says_so(self):
        status = judge(date(2026, 9, 1), registered_on=date(2026, 8, 26))
        assert status.code == Compliance.REGISTERED_UNDERPAID
        assert "late" in status.explanation

    def test_fully_paid_is_compliant(self):
        status = judge(
            date(2026, 9, 1), registered_on=date(2026, 8, 10), paid_total=Decimal("715000")
        )
        assert status.code == Compliance.FULLY_PAID
        assert status.compliant

    def test_handed_over_unprotected(self):
        status = judge(date(2026, 12, 1), stage="handed_over")
        assert status.code == Compliance.HANDED_OVER_UNPROTECTED
        assert status.severity == max(s.severity for s in [status])

    def test_handed_over_fully_paid_is_fine(self):
        status = judge(
            date(2026, 12, 1),
            stage="handed_over",
            registered_on=date(2026, 8, 10),
            paid_total=Decimal("715000"),
        )
        assert status.code == Compliance.FULLY_PAID


class TestPlanning:
    def test_budgeted_in_hps(self):
        status = judge(
            date(2026, 2, 1),
            stage="planned",
            spk_date=None,
            contribution_total=None,
            hps_value=Decimal("350000000"),
            contribution_in_hps=Decimal("715000"),
        )
        assert status.code == Compliance.PLANNING_BUDGETED
        assert status.expected_in_hps == Decimal("715000")

    def test_not_budgeted_names_the_amount(self):
        status = judge(
            date(2026, 2, 1),
            stage="planned",
            spk_date=None,
            contribution_total=None,
            hps_value=Decimal("350000000"),
        )
        assert status.code == Compliance.PLANNING_NOT_BUDGETED
        assert "715.000" in status.next_action

    def test_contracted_without_spk_is_missing_data(self):
        assert judge(date(2026, 2, 1), spk_date=None).code == Compliance.MISSING_DATA

    def test_cancelled(self):
        assert judge(date(2026, 9, 1), stage="cancelled").code == Compliance.CANCELLED


@pytest.mark.parametrize("offset", range(0, 40))
def test_due_date_is_never_a_weekend_or_holiday(offset):
    from datetime import timedelta

    spk = date(2026, 1, 5) + timedelta(days=offset * 7)
    status = assess(facts(spk_date=spk), as_of=spk, params=PARAMS, calendar=CALENDAR)
    assert status.due is not None
    assert CALENDAR.is_working_day(status.due)
