"""The demo outreach data: reproducible, idempotent, linked to the demo cadre login and to
demo registry workers, with two saved scenarios (one adopted)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from lindung.accounts import selectors as account_selectors
from lindung.demo import services as demo_services
from lindung.demo.outreach import load_outreach
from lindung.outreach.budget import selectors as budget_selectors
from lindung.outreach.models import (
    BudgetAllocation,
    BudgetPayment,
    BudgetScenario,
    Cadre,
    EventAttendee,
    EventRegistration,
    OutreachTarget,
    SocializationEvent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_base(db: None) -> None:
    demo_services.ensure_demo_users()
    demo_services.load_official_figures()
    demo_services.load_demo_workers(today=timezone.localdate(), count=1400)


def signature() -> list[tuple[object, ...]]:
    return [
        (
            e.organiser_cadre.name if e.organiser_cadre else "",
            e.region_id,
            e.title,
            e.attendance_count,
            e.sector,
            e.registrations.count(),
            e.attendees.count(),
        )
        for e in SocializationEvent.objects.select_related("organiser_cadre").order_by(
            "organiser_cadre__name", "-held_on"
        )
    ]


def wipe() -> None:
    EventRegistration.objects.all().delete()
    EventAttendee.objects.all().delete()
    OutreachTarget.objects.all().delete()
    SocializationEvent.objects.all().delete()
    Cadre.objects.all().delete()
    BudgetAllocation.objects.all().delete()
    BudgetPayment.objects.all().delete()
    BudgetScenario.objects.all().delete()


class TestDemoOutreach:
    def test_loads_once_and_links_the_demo_cadre(self, demo_base):
        out = io.StringIO()
        created = load_outreach(stdout=out)
        assert created > 0
        assert "Demo budget scenarios created: 2" in out.getvalue()
        assert Cadre.objects.count() == 6
        kader = account_selectors.find_user(username="kader")
        assert kader is not None
        siti = Cadre.objects.get(user=kader)
        assert siti.region_id == "61.04.01.2011"
        assert {c.region_id[:5] for c in Cadre.objects.all()} == {
            "61.01",
            "61.02",
            "61.04",
            "61.07",
            "61.12",
            "61.71",
        }
        assert SocializationEvent.objects.count() == 18
        assert not SocializationEvent.objects.filter(held_on__gt=timezone.localdate()).exists()
        assert EventRegistration.objects.count() > 0
        for registration in EventRegistration.objects.select_related("worker", "event"):
            assert registration.worker.region_id[:8] == registration.event.region_id[:8]
            assert registration.registered_on >= registration.event.held_on
        assert OutreachTarget.objects.count() == 18
        assert load_outreach() == 0
        assert Cadre.objects.count() == 6
        assert BudgetScenario.objects.count() == 2

    def test_scenarios_and_budget_figures(self, demo_base):
        load_outreach()
        village = BudgetScenario.objects.get(kind="protect")
        assert village.is_adopted
        assert village.total_cost == Decimal(20_160_000)  # 100 workers x Rp16,800 x 12
        province = BudgetScenario.objects.get(kind="coverage")
        assert province.region_id == "61"
        assert province.denominator == 1_819_430
        assert province.current_participants == 575_504
        assert province.denominator_overridden is False
        summary = budget_selectors.budget_summary(region_code=village.region_id, year=village.year)
        assert summary.needed == Decimal(20_160_000)
        assert summary.allocated == Decimal(20_160_000)
        assert summary.spent == Decimal(1_680_000) * BudgetPayment.objects.count()

    def test_same_seed_same_data(self, demo_base):
        load_outreach(seed=11)
        first = signature()
        wipe()
        load_outreach(seed=11)
        assert signature() == first
        wipe()
        load_outreach(seed=12)
        assert signature() != first
