"""/api/v1/projects: list with the page's filters, detail, create, update and compliance."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from lindung.accounts import services as account_services
from lindung.accounts.models import AuditEvent, User
from lindung.projects import services as project_services
from lindung.projects.models import Project
from tests.factories import accounts as f
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _overdue(**kwargs) -> Project:
    return make_project(spk_date=timezone.localdate() - timedelta(days=60), **kwargs)


NEW = {
    "name": "Pembangunan Puskesmas",
    "kode_rup": "51234567",
    "agency_name": "Dinas Kesehatan Kota Pontianak",
    "region_code": "61.71.01",
    "funding_source": "apbd_kab",
    "fiscal_year": 2026,
    "stage": "contracted",
    "contract_value": "1200000000",
    "spk_date": "2026-06-01",
    "contractor_name": "CV Maju Jaya",
}


class TestListProjects:
    def test_lists_with_status_and_count(self):
        project = _overdue()
        body = _client(f.admin()).get("/api/v1/projects").json()
        assert body["count"] == 1
        item = body["items"][0]
        assert item["id"] == project.pk
        assert item["status"] == "overdue"
        assert item["agency"] == {"id": project.agency_id, "name": project.agency.name}
        assert Decimal(item["contribution_total"]) == project.contribution_total

    def test_filters_like_the_list_page(self):
        late = _overdue(name="Jembatan Kapuas", fiscal_year=2025)
        make_project(spk_date=timezone.localdate(), name="Gedung Baru")
        assert late.ppk_id is not None
        assert late.contractor_id is not None
        client = _client(f.admin())
        cases: tuple[dict[str, str | int], ...] = (
            {"status": "overdue"},
            {"q": "kapuas"},
            {"year": 2025},
            {"agency": late.agency_id},
            {"ppk": late.ppk_id},
            {"contractor": late.contractor_id},
            {"region": "61.71", "q": "Jembatan"},
        )
        for params in cases:
            body = client.get("/api/v1/projects", params).json()
            assert [p["id"] for p in body["items"]] == [late.pk], params

    def test_pages_with_limit_and_offset(self):
        for _ in range(5):
            _overdue()
        client = _client(f.admin())
        params: dict[str, str | int] = {"limit": 2, "offset": 4, "order": "name"}
        body = client.get("/api/v1/projects", params).json()
        assert body["count"] == 5
        assert len(body["items"]) == 1

    def test_rejects_an_unknown_status(self):
        response = _client(f.admin()).get("/api/v1/projects", {"status": "bogus"})
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"

    def test_queries_do_not_grow_with_rows(self, django_assert_max_num_queries):
        client = _client(f.admin())
        for i in range(20):
            _overdue(region_id=["61.01.01", "61.71.01", "61.02.01"][i % 3])
        client.get("/api/v1/projects")
        with django_assert_max_num_queries(10):
            body = client.get("/api/v1/projects").json()
        assert len(body["items"]) == 20

    def test_bearer_token_is_scoped_like_its_user(self):
        make_project(region_id="61.71.01")
        officer = f.regency_officer("61.01", username="sambas.api")
        _token, key = account_services.issue_api_token(actor=officer, name="test")
        response = Client().get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200
        assert response.json()["count"] == 0


class TestProjectDetail:
    def test_returns_the_contribution_split(self):
        project = _overdue()
        body = _client(f.admin()).get(f"/api/v1/projects/{project.pk}").json()
        assert body["id"] == project.pk
        assert Decimal(body["contribution_jkk"]) == project.contribution_jkk
        assert Decimal(body["contribution_jkm"]) == project.contribution_jkm
        assert "nip" not in str(body).lower()

    def test_absent_project_is_404(self):
        response = _client(f.admin()).get("/api/v1/projects/999999")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


class TestCreateProject:
    def test_creates_and_computes(self):
        response = _client(f.admin()).post("/api/v1/projects", NEW, content_type="application/json")
        assert response.status_code == 201, response.json()
        body = response.json()
        project = Project.objects.get(pk=body["id"])
        assert project.contractor is not None
        assert project.contractor.name == "CV Maju Jaya"
        assert project.contribution_total is not None
        assert project.registration_due is not None
        assert Decimal(body["contribution_total"]) == project.contribution_total > 0
        assert body["registration_due"] == project.registration_due.isoformat()
        assert AuditEvent.objects.filter(action="project.create", entity_id=str(project.pk))

    def test_validation_errors_name_their_fields(self):
        data = {**NEW, "region_code": "99.99", "contract_value": None}
        response = _client(f.admin()).post(
            "/api/v1/projects", data, content_type="application/json"
        )
        assert response.status_code == 422
        locs = {tuple(e["loc"]) for e in response.json()["errors"]}
        assert ("region",) in locs
        assert ("contract_value",) in locs
        assert not Project.objects.exists()

    def test_regency_officer_cannot_create_outside_the_regency(self):
        officer = f.regency_officer("61.01", username="sambas.creator")
        response = _client(officer).post("/api/v1/projects", NEW, content_type="application/json")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


class TestUpdateProject:
    def test_changes_only_the_fields_sent(self):
        project = _overdue()
        response = _client(f.admin()).patch(
            f"/api/v1/projects/{project.pk}",
            {"name": "Nama Baru", "contract_value": "500000000"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.json()
        project.refresh_from_db()
        assert project.name == "Nama Baru"
        assert project.contract_value == Decimal(500_000_000)
        assert project.ppk is not None
        assert project.kode_rup
        assert response.json()["kode_rup"] == project.kode_rup

    def test_null_clears_an_optional_field(self):
        project = _overdue(planned_workforce=30)
        _client(f.admin()).patch(
            f"/api/v1/projects/{project.pk}",
            {"planned_workforce": None},
            content_type="application/json",
        )
        project.refresh_from_db()
        assert project.planned_workforce is None

    def test_invalid_update_writes_nothing(self):
        project = _overdue()
        response = _client(f.admin()).patch(
            f"/api/v1/projects/{project.pk}",
            {"name": "", "fiscal_year": 1990},
            content_type="application/json",
        )
        assert response.status_code == 422
        project.refresh_from_db()
        assert project.name
        assert project.fiscal_year == 2026


class TestCompliance:
    def test_overdue_then_compliant(self):
        project = _overdue()
        admin = f.admin()
        client = _client(admin)
        body = client.get(f"/api/v1/projects/{project.pk}/compliance").json()
        assert body["code"] == "overdue"
        assert body["compliant"] is False
        assert body["working_days_left"] < 0
        assert project.registration_due is not None
        assert body["due"] == project.registration_due.isoformat()
        project_services.record_registration(
            actor=admin,
            project_id=project.pk,
            bpjs_project_number="1",
            certificate_number="",
            registered_on=timezone.localdate(),
        )
        assert project.contribution_total is not None
        project_services.record_payment(
            actor=admin,
            project_id=project.pk,
            amount=project.contribution_total,
            paid_on=timezone.localdate(),
        )
        body = client.get(f"/api/v1/projects/{project.pk}/compliance").json()
        assert body["code"] == "fully_paid"
        assert body["compliant"] is True
        assert Decimal(body["outstanding"]) == 0
