"""The claim steps: every allowed and forbidden move, what each step needs, overdue counts."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from lindung.claims import workflow
from lindung.claims.workflow import StepFacts, StepInput, check_step
from lindung.rules.calendar import build_calendar, working_days_between

STATUSES = ("reported", "documents_complete", "submitted", "approved", "paid", "rejected")
ALLOWED = {
    ("reported", "documents_complete"),
    ("reported", "rejected"),
    ("documents_complete", "submitted"),
    ("documents_complete", "rejected"),
    ("submitted", "approved"),
    ("submitted", "rejected"),
    ("approved", "paid"),
    ("approved", "rejected"),
}
TODAY = date(2026, 6, 15)


def _facts(status: str, **overrides: object) -> StepFacts:
    values: dict[str, object] = {
        "status": status,
        "status_on": date(2026, 5, 4),
        "event_date": date(2026, 5, 1),
        "missing_documents": (),
        "bpjs_claim_number": "KLM/001",
    }
    values.update(overrides)
    return StepFacts(**values)  # type: ignore[arg-type]


def _step(target: str, **overrides: object) -> StepInput:
    values: dict[str, object] = {
        "to_status": target,
        "on": date(2026, 5, 20),
        "amount_paid": Decimal("42000000"),
        "rejection_reason": "Bukan peserta aktif",
    }
    values.update(overrides)
    return StepInput(**values)  # type: ignore[arg-type]


class TestTransitions:
    @pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
    def test_allowed_move_passes(self, current, target):
        assert check_step(_facts(current), _step(target), today=TODAY) == []

    @pytest.mark.parametrize(
        ("current", "target"),
        sorted(
            pair
            for pair in itertools.product(STATUSES, STATUSES)
            if pair not in ALLOWED and pair[0] not in {"paid", "rejected"}
        ),
    )
    def test_skipping_staying_or_going_back_is_refused(self, current, target):
        errors = check_step(_facts(current), _step(target), today=TODAY)
        assert [e.code for e in errors] == ["step_not_allowed"]

    @pytest.mark.parametrize(
        ("current", "target"), list(itertools.product(("paid", "rejected"), STATUSES))
    )
    def test_closed_case_never_moves(self, current, target):
        errors = check_step(_facts(current), _step(target), today=TODAY)
        assert [e.code for e in errors] == ["case_closed"]

    def test_unknown_status_is_refused(self):
        errors = check_step(_facts("reported"), _step("archived"), today=TODAY)
        assert [e.code for e in errors] == ["invalid_choice"]

    def test_next_steps_lists_the_forward_step_first(self):
        assert workflow.next_steps("submitted") == ["approved", "rejected"]
        assert workflow.next_steps("paid") == []


class TestStepRequirements:
    def test_date_in_the_future_is_refused(self):
        errors = check_step(
            _facts("reported"), _step("rejected", on=date(2026, 6, 16)), today=TODAY
        )
        assert [e.code for e in errors] == ["date_future"]

    def test_date_before_the_event_is_refused(self):
        errors = check_step(
            _facts("reported"), _step("rejected", on=date(2026, 4, 30)), today=TODAY
        )
        assert [e.code for e in errors] == ["date_before_event"]

    def test_date_before_the_previous_step_is_refused(self):
        errors = check_step(
            _facts("submitted"), _step("approved", on=date(2026, 5, 3)), today=TODAY
        )
        assert [e.code for e in errors] == ["date_before_previous"]

    def test_same_day_as_previous_step_is_allowed(self):
        assert (
            check_step(_facts("submitted"), _step("approved", on=date(2026, 5, 4)), today=TODAY)
            == []
        )

    def test_documents_complete_needs_every_required_document(self):
        facts = _facts("reported", missing_documents=("Akta kematian", "Kartu Keluarga"))
        errors = check_step(facts, _step("documents_complete"), today=TODAY)
        assert [e.code for e in errors] == ["documents_missing"]
        assert "Akta kematian" in errors[0].msg
        assert "Kartu Keluarga" in errors[0].msg

    def test_rejection_is_allowed_with_documents_missing(self):
        facts = _facts("reported", missing_documents=("Akta kematian",))
        assert check_step(facts, _step("rejected"), today=TODAY) == []

    @pytest.mark.parametrize(
        ("current", "target"), [("submitted", "approved"), ("approved", "paid")]
    )
    def test_approval_and_payment_need_the_bpjs_claim_number(self, current, target):
        facts = _facts(current, bpjs_claim_number="")
        errors = check_step(facts, _step(target), today=TODAY)
        assert [e.code for e in errors] == ["required"]
        assert errors[0].loc == ("bpjs_claim_number",)
        assert check_step(facts, _step(target, bpjs_claim_number="KLM/9"), today=TODAY) == []

    def test_payment_needs_a_positive_amount(self):
        missing = check_step(_facts("approved"), _step("paid", amount_paid=None), today=TODAY)
        zero = check_step(_facts("approved"), _step("paid", amount_paid=Decimal(0)), today=TODAY)
        assert [(e.loc, e.code) for e in missing] == [(("amount_paid",), "required")]
        assert [(e.loc, e.code) for e in zero] == [(("amount_paid",), "positive")]

    def test_rejection_needs_a_reason(self):
        errors = check_step(
            _facts("submitted"), _step("rejected", rejection_reason="  "), today=TODAY
        )
        assert [(e.loc, e.code) for e in errors] == [(("rejection_reason",), "required")]

    def test_every_problem_is_reported_at_once(self):
        facts = _facts("approved", bpjs_claim_number="")
        step = _step("paid", on=date(2026, 7, 1), amount_paid=None)
        codes = {e.code for e in check_step(facts, step, today=TODAY)}
        assert codes == {"date_future", "required"}
        assert len(check_step(facts, step, today=TODAY)) == 3


class TestOverdue:
    calendar = build_calendar(range(2025, 2027))

    def test_counts_working_days_after_the_step(self):
        # Fri 2026-06-05 -> Mon 2026-06-15: 6 working days (weekends skipped; 2026-06-01
        # is Pancasila day, before the window).
        found = workflow.overdue_at_step(
            status="approved",
            status_on=date(2026, 6, 5),
            today=TODAY,
            calendar=self.calendar,
            limits={"approved": 5},
        )
        assert found is not None
        assert found.working_days == 6
        assert found.overdue
        assert found.days_over == 1

    def test_within_the_limit_is_not_overdue(self):
        found = workflow.overdue_at_step(
            status="approved",
            status_on=date(2026, 6, 8),
            today=TODAY,
            calendar=self.calendar,
            limits={"approved": 5},
        )
        assert found is not None
        assert found.working_days == 5
        assert not found.overdue

    def test_closed_status_has_no_limit(self):
        assert (
            workflow.overdue_at_step(
                status="paid",
                status_on=date(2026, 1, 5),
                today=TODAY,
                calendar=self.calendar,
                limits=workflow.DEFAULT_STEP_LIMITS,
            )
            is None
        )

    @pytest.mark.parametrize("limit", [0, 1, 5, 10, 20])
    def test_cutoff_agrees_with_the_count(self, limit):
        cutoff = workflow.overdue_cutoff(today=TODAY, limit=limit, calendar=self.calendar)
        late = working_days_between(cutoff, TODAY, self.calendar)
        in_time = working_days_between(cutoff + timedelta(days=1), TODAY, self.calendar)
        assert late > limit
        assert in_time <= limit

    def test_setting_overrides_a_default(self, settings):
        settings.LINDUNG_CLAIM_STEP_LIMITS = {"submitted": 3, "unknown": 9, "approved": -1}
        limits = workflow.step_limits()
        assert limits["submitted"] == 3
        assert limits["approved"] == workflow.DEFAULT_STEP_LIMITS["approved"]
        assert "unknown" not in limits
