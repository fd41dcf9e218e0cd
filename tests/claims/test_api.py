"""The claims API: masked, scoped like the pages, one error shape, audited reveals."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from lindung.accounts import services as account_services
from lindung.accounts.models import AuditEvent, User
from lindung.claims.models import ClaimCase
from tests.factories.claims import report_case, tick_all

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _payload(world, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "claim_type": "jkm_death",
        "worker_id": world.pontianak_worker.pk,
        "event_date": "2026-03-02",
        "reported_on": "2026-03-03",
        "reporter_name": "Maria Lestari",
        "reporter_relationship": "spouse",
        "event_region_code": world.pontianak_worker.region_id,
        "contribution_months": 40,
        "beneficiaries": [
            {
                "name": "Yohana Lestari",
                "relationship": "child",
                "birth_date": "2016-01-10",
                "school_level": "SD",
            }
        ],
    }
    data.update(overrides)
    return data


class TestClaimsApi:
    def test_create_returns_the_masked_case(self, world):
        response = _client(world.pontianak_officer).post(
            "/api/v1/claims", _payload(world), content_type="application/json"
        )
        assert response.status_code == 201
        body = response.json()
        assert body["reference"] == "KLM-2026-00001"
        assert body["expected_benefit"] == "42000000.00"
        assert body["expected_detail"]["beasiswa_eligible"] is True
        assert body["steps"][0]["status"] == "reported"
        assert body["documents"][0]["code"] == "kpj"
        assert body["beneficiaries"][0]["name_masked"] == "Y***** L******"
        assert world.pontianak_worker.name not in response.content.decode()
        assert "Maria" not in response.content.decode()

    def test_validation_errors_have_locations(self, world):
        response = _client(world.pontianak_officer).post(
            "/api/v1/claims",
            _payload(world, reporter_name="", event_date="2030-01-01"),
            content_type="application/json",
        )
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert {tuple(e["loc"]) for e in body["errors"]} >= {("event_date",), ("reporter_name",)}
        assert ClaimCase.objects.count() == 0

    def test_schema_errors_use_the_same_shape(self, world):
        response = _client(world.admin).post(
            "/api/v1/claims", {"claim_type": "jht"}, content_type="application/json"
        )
        assert response.status_code == 422
        assert set(response.json()) == {"code", "message", "errors"}

    def test_list_is_scoped_and_masked(self, world):
        mine = report_case(world.pontianak_officer, world.pontianak_worker)
        report_case(world.sambas_officer, world.sambas_worker)
        body = _client(world.pontianak_officer).get("/api/v1/claims").json()
        assert [i["id"] for i in body["items"]] == [mine.pk]
        item = body["items"][0]
        assert item["worker_nik_masked"].count("*") == 8
        assert item["overdue"]["overdue"] is True

    def test_list_filters(self, world):
        jkk = report_case(world.admin, world.sambas_worker, claim_type="jkk_accident")
        report_case(world.admin, world.pontianak_worker)
        client = _client(world.admin)
        assert [
            i["id"]
            for i in client.get("/api/v1/claims", {"claim_type": "jkk_accident"}).json()["items"]
        ] == [jkk.pk]
        assert client.get("/api/v1/claims", {"regency": "61.71"}).json()["count"] == 1
        assert client.get("/api/v1/claims", {"status": "paid"}).json()["count"] == 0

    def test_out_of_scope_detail_is_404_like_absent(self, world):
        case = report_case(world.pontianak_officer, world.pontianak_worker)
        client = _client(world.sambas_officer)
        outside = client.get(f"/api/v1/claims/{case.pk}")
        absent = client.get("/api/v1/claims/999999")
        assert outside.status_code == absent.status_code == 404
        assert outside.json() == absent.json()

    def test_step_transitions_and_forbidden_skip(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        client = _client(world.bpjs)
        skipped = client.post(
            f"/api/v1/claims/{case.pk}/steps",
            {"to_status": "submitted", "on": "2026-03-05"},
            content_type="application/json",
        )
        assert skipped.status_code == 422
        assert skipped.json()["errors"][0]["code"] == "step_not_allowed"
        tick_all(world.bpjs, case, date(2026, 3, 4))
        moved = client.post(
            f"/api/v1/claims/{case.pk}/steps",
            {"to_status": "documents_complete", "on": "2026-03-05"},
            content_type="application/json",
        )
        assert moved.status_code == 200
        assert moved.json()["status"] == "documents_complete"
        assert [s["status"] for s in moved.json()["steps"]] == ["reported", "documents_complete"]

    def test_closed_case_is_a_conflict(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        client = _client(world.bpjs)
        client.post(
            f"/api/v1/claims/{case.pk}/steps",
            {"to_status": "rejected", "on": "2026-03-05", "rejection_reason": "Data ganda"},
            content_type="application/json",
        )
        again = client.post(
            f"/api/v1/claims/{case.pk}/steps",
            {"to_status": "documents_complete", "on": "2026-03-06"},
            content_type="application/json",
        )
        assert again.status_code == 409
        assert again.json()["code"] == "conflict"

    def test_documents_and_permissions(self, world):
        case = report_case(world.bpjs, world.project_worker, project_id=world.project.pk)
        ticked = _client(world.bpjs).post(
            f"/api/v1/claims/{case.pk}/documents/kk",
            {"received": True, "received_on": "2026-03-04"},
            content_type="application/json",
        )
        assert ticked.status_code == 200
        assert ticked.json()["received"] is True
        refused = _client(world.contractor).post(
            f"/api/v1/claims/{case.pk}/documents/kpj",
            {"received": True},
            content_type="application/json",
        )
        assert refused.status_code == 403
        assert refused.json()["code"] == "permission_denied"

    def test_reveal_with_a_token_is_audited(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        _token, key = account_services.issue_api_token(actor=world.bpjs, name="sistem klaim")
        response = Client().post(
            f"/api/v1/claims/{case.pk}/reveal", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        assert response.status_code == 200
        assert response.json()["worker_nik"] == world.pontianak_worker.nik
        assert AuditEvent.objects.filter(
            action="personal_data.reveal", entity_type="claim_case"
        ).exists()

    def test_stats(self, world):
        report_case(world.admin, world.pontianak_worker)
        body = (
            _client(world.admin)
            .get("/api/v1/claims/stats", {"date_from": "2026-01-01", "date_to": "2026-12-31"})
            .json()
        )
        assert body["total"]["cases"] == 1
        assert body["rows"][0]["code"] == "61.71"

    def test_anonymous_is_refused(self, world):
        assert Client().get("/api/v1/claims").status_code == 401
