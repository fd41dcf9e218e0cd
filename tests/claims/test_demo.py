"""The demo claims: every state, heirs, handovers and stories, idempotent, through services."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from lindung.accounts.models import AuditEvent
from lindung.claims import selectors as claim_selectors
from lindung.claims.models import BenefitStory, ClaimCase, ClaimStatus, Handover
from lindung.demo import claims as demo_claims
from lindung.demo import services as demo_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    demo_services.ensure_demo_users()
    today = timezone.localdate()
    demo_services.load_demo_projects(today=today, per_regency=3)
    demo_services.load_demo_workers(today=today, count=420)


class TestDemoClaims:
    def test_loads_cases_in_every_state_once(self, demo_world):
        out = io.StringIO()
        created = demo_claims.load_claims(stdout=out)
        plans = demo_claims._plans()
        assert created == len(plans) >= 30
        assert "skipped: 0" in out.getvalue()
        statuses = Counter(ClaimCase.objects.values_list("status", flat=True))
        assert statuses == Counter(plan.final for plan in plans)
        assert set(statuses) == set(ClaimStatus.values)
        types = set(ClaimCase.objects.values_list("claim_type", flat=True))
        assert types == {"jkk_accident", "jkk_disease", "jkm_death", "beasiswa"}
        today = timezone.localdate()
        for case in ClaimCase.objects.all():
            assert date(2015, 7, 1) <= case.event_date <= case.status_on <= today
            assert case.steps.count() >= 1
        paid = ClaimCase.objects.filter(status=ClaimStatus.PAID)
        assert all(c.amount_paid and c.days_to_payout is not None for c in paid)
        assert ClaimCase.objects.filter(expected_benefit__isnull=False).count() > created // 2
        assert ClaimCase.objects.filter(beneficiaries__relationship="child").exists()
        open_cases = list(ClaimCase.objects.exclude(status__in=["paid", "rejected"]))
        flags = claim_selectors.overdue_for(open_cases, today=today)
        assert {flag.overdue for flag in flags.values()} == {True, False}
        assert Handover.objects.exists()
        assert BenefitStory.objects.filter(publishable=True).exists()
        assert AuditEvent.objects.filter(action="claim.create").count() == created
        assert demo_claims.load_claims() == 0
        assert ClaimCase.objects.count() == created

    def test_needs_the_demo_users(self, db):
        out = io.StringIO()
        assert demo_claims.load_claims(stdout=out) == 0
        assert "demo users" in out.getvalue()
