"""Protection at the event date from the worker's own participation (reconciliation)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from lindung.claims import services as claim_services
from lindung.linkage import services as linkage_services
from lindung.notifications.models import Notification
from lindung.workers.models import Worker
from tests.claims.conftest import World
from tests.factories.claims import report_case
from tests.factories.linkage import make_population, make_snapshot, row_of

pytestmark = pytest.mark.django_db


def _reconcile(worker: Worker, extract_date: date, **row: object) -> None:
    # A realistic background population, so the linkage model has data to learn from.
    population = make_population(registered=40, unregistered=10, strangers=30)
    snapshot = make_snapshot([*population.rows, row_of(worker, **row)], extract_date=extract_date)
    linkage_services.reconcile(actor=None, snapshot_id=snapshot.pk, region_code="61")


class TestWorkerParticipation:
    def test_participant_on_an_unregistered_project_is_protected_and_nobody_is_told(
        self, world: World, django_capture_on_commit_callbacks: object
    ) -> None:
        _reconcile(world.project_worker, date(2026, 1, 31))
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            case = report_case(
                world.bpjs,
                world.project_worker,
                claim_type="jkk_accident",
                project_id=world.project.pk,
            )
        assert case.protection_detail["code"] == "worker_participant", case.protection_detail
        assert case.protected_at_event is True
        assert case.protection_detail["snapshot_date"] == "2026-01-31"
        assert "31/01/2026" in claim_services.protection_text(case)
        assert Notification.objects.count() == 0

    def test_extract_taken_after_the_event_does_not_prove_protection(self, world: World) -> None:
        _reconcile(world.project_worker, date(2026, 11, 30))
        case = report_case(
            world.bpjs,
            world.project_worker,
            claim_type="jkk_accident",
            project_id=world.project.pk,
        )
        assert case.protected_at_event is False
        assert case.protection_detail["code"] == "project_not_registered"
        assert case.protection_detail["worker_status"] == "covered"

    def test_lapsed_worker_without_project_is_unprotected(self, world: World) -> None:
        _reconcile(
            world.pontianak_worker,
            date(2026, 1, 31),
            standing="lapsed",
            last_paid_month=date(2025, 6, 1),
        )
        case = report_case(world.bpjs, world.pontianak_worker, claim_type="jkk_accident")
        assert case.protected_at_event is False
        assert case.protection_detail["code"] == "worker_lapsed"
        with translation.override("en"):
            assert "lapsed" in claim_services.protection_text(case)

    def test_unreconciled_worker_without_project_is_unknown(self, world: World) -> None:
        case = report_case(world.bpjs, world.pontianak_worker, claim_type="jkk_accident")
        assert case.protected_at_event is None
        assert case.protection_detail["worker_status"] == "unknown"
