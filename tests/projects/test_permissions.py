"""Every role sees exactly its projects, in pages, exports and the API; the rest is a 404."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta

import openpyxl
import pytest
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone

from lindung.accounts.models import Role, User
from lindung.jobs.models import Job
from lindung.projects import services as project_services
from lindung.projects.models import Project
from lindung.projects.tasks import export_projects_task
from tests.factories import accounts as f
from tests.factories.projects import AgencyFactory, ContractorFactory, PpkFactory, make_project

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _registered_pontianak_project() -> Project:
    project = make_project(
        name="Jalan Gajah Mada Pontianak",
        region_id="61.71.01",
        spk_date=timezone.localdate() - timedelta(days=40),
    )
    project_services.record_registration(
        actor=f.admin(username="setup.admin"),
        project_id=project.pk,
        bpjs_project_number="777",
        certificate_number="",
        registered_on=timezone.localdate(),
    )
    return project


def _normalised(body: bytes, project_id: int) -> str:
    """Return a page without its per-request tokens and nonces, the asked id blanked."""
    text = body.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    return text.replace(f"/{project_id}/", "/ID/")


def _streamed(response: HttpResponseBase) -> bytes:
    """Return the body of the XLSX download, read synchronously as the view writes it."""
    assert isinstance(response, FileResponse)
    chunks = response.streaming_content
    assert isinstance(chunks, Iterator)
    return b"".join(chunks)


def _export_names(client: Client, **params: str) -> list[str]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    started = client.post(f"/proyek/ekspor.xlsx?{query}")
    assert started.status_code == 302
    job = Job.objects.latest("created_at")
    export_projects_task.call(str(job.pk))
    response = client.get(f"/proyek/ekspor/{job.pk}/unduh/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(_streamed(response))).active
    assert sheet is not None
    names: list[str] = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        name = row[2]
        assert isinstance(name, str)
        names.append(name)
    return names


# Every URL that names a project; an out-of-scope project must answer like an absent one.
PROJECT_URLS = (
    "/proyek/{id}/",
    "/proyek/{id}/ubah/",
    "/proyek/{id}/tahap/",
    "/proyek/{id}/adendum/",
    "/proyek/{id}/registrasi/",
    "/proyek/{id}/pembayaran/",
    "/proyek/{id}/qr.png",
    "/proyek/{id}/qr.svg",
    "/proyek/{id}/poster/",
)
API_URLS = ("/api/v1/projects/{id}", "/api/v1/projects/{id}/compliance")


class TestSambasOfficerAndAPontianakProject:
    @pytest.fixture
    def setup(self):
        pontianak = _registered_pontianak_project()
        sambas = make_project(name="Jalan Sambas", region_id="61.01.01")
        officer = f.regency_officer("61.01", username="sambas.officer")
        return officer, pontianak, sambas

    def test_list_shows_only_sambas(self, setup):
        officer, pontianak, sambas = setup
        response = _client(officer).get("/proyek/")
        assert [p.pk for p, _s in response.context["rows"]] == [sambas.pk]
        assert pontianak.name not in response.content.decode()

    def test_filters_cannot_widen_the_scope(self, setup):
        officer, pontianak, _sambas = setup
        client = _client(officer)
        for params in (
            {"region": "61.71"},
            {"agency": str(pontianak.agency_id)},
            {"contractor": str(pontianak.contractor_id)},
            {"q": "Gajah Mada"},
        ):
            response = client.get("/proyek/", params)
            assert response.context["rows"] == [], params

    def test_filter_menus_do_not_name_pontianak_parties(self, setup):
        officer, pontianak, _sambas = setup
        body = _client(officer).get("/proyek/").content.decode()
        assert pontianak.agency.name not in body
        assert pontianak.ppk.name not in body

    def test_export_has_only_sambas(self, setup):
        officer, _pontianak, sambas = setup
        assert _export_names(_client(officer)) == [sambas.name]
        assert _export_names(_client(officer), region="61.71") == []

    @pytest.mark.parametrize("template", PROJECT_URLS)
    def test_guessed_page_url_is_404_like_an_absent_project(self, setup, template):
        officer, pontianak, _sambas = setup
        client = _client(officer)
        last = Project.objects.order_by("-pk").first()
        assert last is not None
        absent = last.pk + 1000
        guessed = client.get(template.format(id=pontianak.pk))
        missing = client.get(template.format(id=absent))
        assert guessed.status_code == missing.status_code == 404
        assert _normalised(guessed.content, pontianak.pk) == _normalised(missing.content, absent)

    @pytest.mark.parametrize("template", API_URLS)
    def test_guessed_api_url_is_404_like_an_absent_project(self, setup, template):
        officer, pontianak, _sambas = setup
        client = _client(officer)
        last = Project.objects.order_by("-pk").first()
        assert last is not None
        absent = last.pk + 1000
        guessed = client.get(template.format(id=pontianak.pk))
        missing = client.get(template.format(id=absent))
        assert guessed.status_code == missing.status_code == 404
        assert guessed.json() == missing.json()

    def test_api_update_of_pontianak_is_404(self, setup):
        officer, pontianak, _sambas = setup
        response = _client(officer).patch(
            f"/api/v1/projects/{pontianak.pk}", {"name": "x"}, content_type="application/json"
        )
        assert response.status_code == 404
        pontianak.refresh_from_db()
        assert pontianak.name == "Jalan Gajah Mada Pontianak"

    def test_posting_forms_to_pontianak_is_404_and_writes_nothing(self, setup):
        officer, pontianak, _sambas = setup
        today = timezone.localdate().isoformat()
        response = _client(officer).post(
            f"/proyek/{pontianak.pk}/pembayaran/", {"amount": "1000", "paid_on": today}
        )
        assert response.status_code == 404
        assert not pontianak.payments.exists()
        response = _client(officer).post(f"/proyek/{pontianak.pk}/tautan-publik/ganti/")
        assert response.status_code == 404
        token = pontianak.public_token
        pontianak.refresh_from_db()
        assert pontianak.public_token == token

    def test_api_list_shows_only_sambas(self, setup):
        officer, _pontianak, sambas = setup
        body = _client(officer).get("/api/v1/projects", {"region": "61.71"}).json()
        assert body == {"count": 0, "items": []}
        body = _client(officer).get("/api/v1/projects").json()
        assert [p["id"] for p in body["items"]] == [sambas.pk]

    def test_ranking_counts_only_sambas(self, setup):
        officer, _pontianak, _sambas = setup
        response = _client(officer).get("/proyek/peringkat/", {"by": "regency"})
        assert [r.key for r in response.context["rows"]] == ["61.01"]


class TestContractor:
    def test_sees_only_the_company_projects(self):
        company = ContractorFactory.create()
        user = f.user_of_role(Role.CONTRACTOR, "61", username="cv.user")
        company.members.add(user)
        mine = make_project(contractor=company)
        other = make_project()
        client = _client(user)
        assert [p.pk for p, _s in client.get("/proyek/").context["rows"]] == [mine.pk]
        assert client.get(f"/proyek/{other.pk}/").status_code == 404
        assert client.get(f"/api/v1/projects/{other.pk}").status_code == 404
        assert [p["id"] for p in client.get("/api/v1/projects").json()["items"]] == [mine.pk]
        assert _export_names(client) == [mine.name]

    def test_cannot_create_through_the_api(self):
        user = f.user_of_role(Role.CONTRACTOR, "61", username="cv.user")
        response = _client(user).post(
            "/api/v1/projects",
            {
                "name": "X",
                "kode_rup": "51234567",
                "agency_name": "Dinas",
                "region_code": "61.71.01",
                "funding_source": "apbd_kab",
                "fiscal_year": 2026,
            },
            content_type="application/json",
        )
        assert response.status_code == 403
        assert not Project.objects.exists()


class TestAgencyUser:
    def test_sees_only_the_agencies_projects(self):
        agency = AgencyFactory.create(name="Dinas PUPR Kubu Raya", region_id="61.12")
        user = f.user_of_role(Role.AGENCY_USER, "61.12", username="kkr.user")
        agency.members.add(user)
        mine = make_project(agency=agency, region_id="61.12.01")
        other_agency = make_project(region_id="61.12.01")
        client = _client(user)
        assert [p.pk for p, _s in client.get("/proyek/").context["rows"]] == [mine.pk]
        assert client.get(f"/proyek/{other_agency.pk}/").status_code == 404
        assert client.get(f"/api/v1/projects/{other_agency.pk}/compliance").status_code == 404
        assert _export_names(client) == [mine.name]

    def test_ppk_sees_projects_of_which_they_are_ppk(self):
        user = f.user_of_role(Role.AGENCY_USER, "61.71", username="ppk.only")
        ppk = PpkFactory.create(user=user)
        mine = make_project(ppk=ppk, agency=ppk.agency)
        make_project()
        client = _client(user)
        assert [p.pk for p, _s in client.get("/proyek/").context["rows"]] == [mine.pk]


class TestAnonymous:
    def test_pages_need_a_login(self):
        project = make_project()
        client = Client()
        for url in ("/proyek/", "/proyek/ekspor.xlsx", f"/proyek/{project.pk}/", "/proyek/saya/"):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/akun/masuk/")

    def test_api_needs_authentication(self):
        make_project()
        assert Client().get("/api/v1/projects").status_code == 401
