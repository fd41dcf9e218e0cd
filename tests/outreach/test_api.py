"""The outreach API: scoped like the pages, masked, one error shape."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lindung.accounts.models import AuditEvent, User
from lindung.outreach.models import BudgetScenario, OutreachTarget, SocializationEvent
from tests.factories.outreach import AllocationFactory, EventFactory, register_at
from tests.factories.workers import WorkerFactory

pytestmark = pytest.mark.django_db

V = "61.71.01.1002"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def event_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Sosialisasi ojek",
        "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "region_code": V,
        "place": "Pangkalan ojek",
        "attendance_count": 22,
        "sector": "transport",
    }
    body.update(overrides)
    return body


def scenario_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Pontianak 40%",
        "kind": "coverage",
        "region_code": "61.71",
        "year": 2026,
        "target_percent": "40",
        "denominator": 10_000,
        "current_participants": 2_345,
        "shares": [
            {"source": "province", "percent": "50"},
            {"source": "regency", "percent": "30"},
            {"source": "village", "percent": "20"},
        ],
    }
    body.update(overrides)
    return body


class TestEventsApi:
    def test_list_is_scoped(self, world):
        body = client_for(world.cadre_user).get("/api/v1/outreach/events").json()
        assert [e["id"] for e in body["items"]] == [world.pontianak_event.pk]
        assert body["count"] == 1
        everyone = client_for(world.admin).get("/api/v1/outreach/events").json()
        assert everyone["count"] == 2
        assert client_for(world.contractor).get("/api/v1/outreach/events").json()["count"] == 0

    def test_create_and_read(self, world):
        client = client_for(world.cadre_user)
        response = client.post(
            "/api/v1/outreach/events", event_body(), content_type="application/json"
        )
        assert response.status_code == 201
        created = response.json()
        assert created["organiser_cadre_id"] == world.cadre.pk
        assert created["registrations"] == 0
        assert client.get(f"/api/v1/outreach/events/{created['id']}").json() == created

    def test_validation_errors_have_the_api_shape(self, world):
        response = client_for(world.cadre_user).post(
            "/api/v1/outreach/events",
            event_body(region_code="61.01.01.2001", attendance_count=-3),
            content_type="application/json",
        )
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert {tuple(e["loc"]) for e in body["errors"]} == {
            ("region_code",),
            ("attendance_count",),
        }
        assert SocializationEvent.objects.count() == 2

    def test_out_of_scope_is_404_like_absent(self, world):
        client = client_for(world.cadre_user)
        outside = client.get(f"/api/v1/outreach/events/{world.sambas_event.pk}")
        absent = client.get("/api/v1/outreach/events/999999")
        assert outside.status_code == absent.status_code == 404
        assert outside.json() == absent.json()

    def test_update_and_delete(self, world):
        client = client_for(world.pontianak_officer)
        event = world.pontianak_event
        body = event_body(title="Diubah", held_on=event.held_on.isoformat())
        response = client.put(
            f"/api/v1/outreach/events/{event.pk}", body, content_type="application/json"
        )
        assert response.json()["title"] == "Diubah"
        register_at(event, WorkerFactory.create())
        conflict = client.delete(f"/api/v1/outreach/events/{event.pk}")
        assert conflict.status_code == 409
        assert conflict.json()["code"] == "conflict"
        fresh = EventFactory.create(region_id=V, organiser_cadre=world.cadre)
        assert client.delete(f"/api/v1/outreach/events/{fresh.pk}").status_code == 204

    def test_registrations_are_masked_and_credit_works(self, world):
        event = EventFactory.create(
            region_id=V, organiser_cadre=world.cadre, held_on=timezone.localdate()
        )
        worker = WorkerFactory.create(name="Lukas Ajun")
        client = client_for(world.cadre_user)
        response = client.post(
            f"/api/v1/outreach/events/{event.pk}/registrations",
            {"worker_id": worker.pk},
            content_type="application/json",
        )
        assert response.status_code == 201
        (row,) = client.get(f"/api/v1/outreach/events/{event.pk}/registrations").json()
        assert row["worker_name_masked"] == "L**** A***"
        assert worker.nik not in str(row)
        again = client.post(
            f"/api/v1/outreach/events/{event.pk}/registrations",
            {"worker_id": worker.pk},
            content_type="application/json",
        )
        assert again.status_code == 409


class TestTargetsApi:
    def test_set_list_change_delete(self, world):
        client = client_for(world.pontianak_officer)
        response = client.post(
            "/api/v1/outreach/targets",
            {"metric": "reached", "period": "2026-Q1", "value": 80, "cadre_id": world.cadre.pk},
            content_type="application/json",
        )
        assert response.status_code == 201
        target = response.json()
        assert (target["achieved"], target["percent"]) == (40, 50)  # the world's January event
        listed = client.get("/api/v1/outreach/targets").json()
        assert [t["id"] for t in listed] == [target["id"]]
        patched = client.patch(
            f"/api/v1/outreach/targets/{target['id']}",
            {"value": 40},
            content_type="application/json",
        )
        assert patched.json()["percent"] == 100
        assert client.delete(f"/api/v1/outreach/targets/{target['id']}").status_code == 204
        assert not OutreachTarget.objects.exists()

    def test_cadre_cannot_set_targets(self, world):
        response = client_for(world.cadre_user).post(
            "/api/v1/outreach/targets",
            {"metric": "events", "period": "2026", "value": 1, "region_code": V},
            content_type="application/json",
        )
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"

    def test_targets_of_other_regencies_are_invisible(self, world):
        client_for(world.pontianak_officer).post(
            "/api/v1/outreach/targets",
            {"metric": "events", "period": "2026", "value": 1, "region_code": V},
            content_type="application/json",
        )
        assert client_for(world.sambas_officer).get("/api/v1/outreach/targets").json() == []


class TestScenariosApi:
    def test_preview_save_adopt(self, world):
        client = client_for(world.pontianak_officer)
        preview = client.post(
            "/api/v1/outreach/scenarios/preview", scenario_body(), content_type="application/json"
        )
        assert preview.status_code == 200
        assert preview.json()["total_cost"] == "333648000"
        assert preview.json()["id"] is None
        assert not BudgetScenario.objects.exists()
        saved = client.post(
            "/api/v1/outreach/scenarios", scenario_body(), content_type="application/json"
        )
        assert saved.status_code == 201
        body = saved.json()
        assert body["workers"] == 1655
        assert body["denominator"] == {
            "value": 10_000,
            "source": body["denominator"]["source"],
            "entered_by_hand": True,
        }
        adopted = client.post(
            f"/api/v1/outreach/scenarios/{body['id']}/adopt",
            {"adopted": True},
            content_type="application/json",
        )
        assert adopted.json()["is_adopted"] is True
        assert AuditEvent.objects.filter(action="outreach.scenario.adopt").exists()

    def test_invalid_split_is_located(self, world):
        response = client_for(world.pontianak_officer).post(
            "/api/v1/outreach/scenarios",
            scenario_body(shares=[{"source": "csr", "percent": "90"}]),
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["shares"]

    def test_unknown_source_is_refused_by_the_schema(self, world):
        response = client_for(world.pontianak_officer).post(
            "/api/v1/outreach/scenarios",
            scenario_body(shares=[{"source": "apbn", "percent": "100"}]),
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"

    def test_cadre_and_other_regency(self, world):
        client = client_for(world.pontianak_officer)
        pk = client.post(
            "/api/v1/outreach/scenarios", scenario_body(), content_type="application/json"
        ).json()["id"]
        assert (
            client_for(world.sambas_officer).get(f"/api/v1/outreach/scenarios/{pk}").status_code
            == 404
        )
        assert client_for(world.sambas_officer).get("/api/v1/outreach/scenarios").json() == []
        cadre = client_for(world.cadre_user).post(
            "/api/v1/outreach/scenarios", scenario_body(), content_type="application/json"
        )
        assert cadre.status_code == 403


class TestSummaryAndFunnelApi:
    def test_budget_summary(self, world):
        client = client_for(world.pontianak_officer)
        pk = client.post(
            "/api/v1/outreach/scenarios", scenario_body(), content_type="application/json"
        ).json()["id"]
        client.post(
            f"/api/v1/outreach/scenarios/{pk}/adopt",
            {"adopted": True},
            content_type="application/json",
        )
        AllocationFactory.create(region_id="61.71", year=2026)
        body = client.get(
            "/api/v1/outreach/budget-summary", {"region": "61.71", "year": "2026"}
        ).json()
        assert float(body["needed"]) == 333_648_000
        assert float(body["allocated"]) == 100_000_000
        assert [p["id"] for p in body["plans"]] == [pk]
        outside = client.get("/api/v1/outreach/budget-summary", {"region": "61.01", "year": "2026"})
        assert outside.status_code == 404

    def test_funnel_without_snapshot(self, world):
        register_at(world.pontianak_event, WorkerFactory.create())
        body = (
            client_for(world.pontianak_officer)
            .get("/api/v1/outreach/funnel", {"group": "sector"})
            .json()
        )
        assert body["snapshot_date"] is None
        (row,) = body["rows"]
        assert (row["key"], row["reached"], row["registered"], row["paid"]) == (
            "fishing",
            40,
            1,
            None,
        )

    def test_requires_authentication(self, db):
        response = Client().get("/api/v1/outreach/events")
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
