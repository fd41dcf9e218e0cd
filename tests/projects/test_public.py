"""The public page behind the QR code: what a worker needs, and nothing personal or internal."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lindung.projects import services as project_services
from lindung.projects.models import Project
from tests.factories import accounts as f
from tests.factories.projects import ContractorFactory, PpkFactory, make_project

pytestmark = pytest.mark.django_db


def _normalised(body: bytes, token: str) -> str:
    text = re.sub(r'(value|nonce)="[^"]+"', "", body.decode())
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return text.replace(token, "TOKEN")


def _registered(**kwargs) -> Project:
    contractor = ContractorFactory.create(
        name="CV Sinar Kapuas",
        npwp="0123456789012345",
        contact_name="Budi Santoso",
        phone="081234567890",
        email="budi@sinar.example",
        address="Jl. Rahasia 12",
    )
    ppk = PpkFactory.create(name="Siti Aminah")
    project = make_project(
        name="Rehabilitasi Pasar Flamboyan",
        region_id="61.71.01",
        contractor=contractor,
        ppk=ppk,
        agency=ppk.agency,
        spk_date=timezone.localdate() - timedelta(days=30),
        planned_end=timezone.localdate() + timedelta(days=90),
        **kwargs,
    )
    project_services.record_registration(
        actor=f.admin(username="bpjs.setup"),
        project_id=project.pk,
        bpjs_project_number="8812345",
        certificate_number="SERT-99",
        registered_on=timezone.localdate() - timedelta(days=20),
    )
    project.refresh_from_db()
    return project


class TestPublicVerification:
    def test_shows_name_location_contractor_status_and_period(self):
        project = _registered()
        response = Client().get(f"/v/{project.public_token}/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Rehabilitasi Pasar Flamboyan" in body
        assert "CV Sinar Kapuas" in body
        assert response.context["places"][-1] == "Kota Pontianak"
        assert 'data-registered="yes"' in body
        assert response.context["coverage_start"] == project.registered_on
        assert response.context["coverage_end"] == project.planned_end
        assert 'name="viewport"' in body
        assert "175" in body

    def test_leaks_nothing_personal_or_internal(self):
        project = _registered()
        body = Client().get(f"/v/{project.public_token}/").content.decode()
        ppk = project.ppk
        contractor = project.contractor
        assert ppk is not None
        assert contractor is not None
        for secret in (
            ppk.nip,
            ppk.name,
            contractor.npwp,
            contractor.nib,
            contractor.contact_name,
            contractor.phone,
            contractor.email,
            contractor.address,
            project.kode_rup,
            "8812345",
            "SERT-99",
            f"/proyek/{project.pk}/",
            str(project.contract_value),
        ):
            assert secret is not None
            assert secret not in body, secret
        # No internal ids anywhere, as numbers in attributes or links.
        pk = project.pk
        assert not re.search(rf'/{pk}/|/{pk}"|"{pk}"|={pk}&|[?&]id={pk}\b', body)

    def test_unregistered_project_says_so(self):
        project = make_project(spk_date=timezone.localdate() - timedelta(days=30))
        response = Client().get(f"/v/{project.public_token}/")
        assert response.status_code == 200
        assert 'data-registered="no"' in response.content.decode()

    def test_unknown_token_is_a_friendly_404(self):
        response = Client().get("/v/this-is-not-a-token/")
        assert response.status_code == 404
        assert 'data-testid="verify-not-found"' in response.content.decode()

    def test_replaced_token_is_a_404(self):
        project = _registered()
        old = project.public_token
        project_services.revoke_public_link(actor=f.admin(), project_id=project.pk)
        assert Client().get(f"/v/{old}/").status_code == 404
        project.refresh_from_db()
        assert Client().get(f"/v/{project.public_token}/").status_code == 200

    def test_revoked_flag_is_a_404(self):
        project = _registered()
        Project.objects.filter(pk=project.pk).update(public_token_revoked=True)
        response = Client().get(f"/v/{project.public_token}/")
        assert response.status_code == 404
        unknown = Client().get("/v/unknown-token/")
        assert _normalised(response.content, project.public_token) == _normalised(
            unknown.content, "unknown-token"
        )

    def test_is_not_indexed_nor_cached(self):
        project = _registered()
        response = Client().get(f"/v/{project.public_token}/")
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_needs_few_queries(self, django_assert_max_num_queries):
        project = _registered()
        client = Client()
        client.get(f"/v/{project.public_token}/")
        with django_assert_max_num_queries(4):
            client.get(f"/v/{project.public_token}/")
