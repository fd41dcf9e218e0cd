"""The workers API: masked by default, scoped like the pages, audited reveals."""

from __future__ import annotations

import pytest
from django.test import Client

from lindung.accounts import services as account_services
from lindung.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestWorkersApi:
    def test_list_is_masked(self, world):
        body = _client(world.admin).get("/api/v1/workers").json()
        assert body["count"] == 3
        item = next(i for i in body["items"] if i["id"] == world.pontianak_worker.pk)
        nik = world.pontianak_worker.nik
        assert item["nik_masked"] == nik[:4] + "********" + nik[-4:]
        assert item["birth_year"] == world.pontianak_worker.birth_date.year
        assert world.pontianak_worker.name not in str(body)
        assert "birth_date" not in item

    def test_list_is_scoped(self, world):
        body = _client(world.sambas_officer).get("/api/v1/workers").json()
        assert [i["id"] for i in body["items"]] == [world.sambas_worker.pk]

    def test_contractor_lists_own_project_workers(self, world):
        body = _client(world.contractor).get("/api/v1/workers").json()
        assert [i["id"] for i in body["items"]] == [world.project_worker.pk]

    def test_nik_filter_is_exact(self, world):
        client = _client(world.admin)
        nik = world.sambas_worker.nik
        assert client.get("/api/v1/workers", {"nik": nik}).json()["count"] == 1
        assert client.get("/api/v1/workers", {"nik": nik[:10]}).json()["count"] == 0

    def test_out_of_scope_detail_is_404_like_absent(self, world):
        client = _client(world.sambas_officer)
        outside = client.get(f"/api/v1/workers/{world.pontianak_worker.pk}")
        absent = client.get("/api/v1/workers/999999")
        assert outside.status_code == absent.status_code == 404
        assert outside.json() == absent.json()

    def test_detail_lists_projects(self, world):
        body = _client(world.contractor).get(f"/api/v1/workers/{world.project_worker.pk}").json()
        assert body["projects"][0]["project_id"] == world.project.pk
        assert "*" in body["phone_masked"]

    def test_reveal_is_audited(self, world):
        response = _client(world.bpjs).post(f"/api/v1/workers/{world.sambas_worker.pk}/reveal")
        assert response.status_code == 200
        assert response.json()["nik"] == world.sambas_worker.nik
        assert AuditEvent.objects.filter(action="personal_data.reveal").count() == 1

    def test_reveal_refused_for_contractor(self, world):
        response = _client(world.contractor).post(
            f"/api/v1/workers/{world.project_worker.pk}/reveal"
        )
        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()

    def test_bearer_token(self, world):
        _token, key = account_services.issue_api_token(actor=world.sambas_officer, name="ci")
        response = Client().get("/api/v1/workers", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.json()["count"] == 1

    def test_anonymous_is_refused(self, world):
        assert Client().get("/api/v1/workers").status_code == 401
