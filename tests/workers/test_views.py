"""Worker pages: masked list and detail, audited reveal, registration with NIK checks,
duplicate review, roster import and export; out of scope answers 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from lindung.accounts.models import AuditEvent, User
from lindung.workers.models import CandidateStatus, DuplicateCandidate, NikStatus, Worker
from tests.factories.workers import WorkerFactory, first_village, nik_for

pytestmark = pytest.mark.django_db


def _body(response: object) -> str:
    chunks = response.streaming_content  # type: ignore[attr-defined]
    return b"".join(chunks).decode("utf-8-sig")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestListAndDetail:
    def test_list_is_masked(self, world):
        response = _client(world.admin).get("/pekerja/")
        assert response.status_code == 200
        text = response.content.decode()
        worker = world.pontianak_worker
        assert worker.nik[:4] + "********" + worker.nik[-4:] in text
        assert worker.nik not in text
        assert worker.name not in text

    def test_nik_search_is_exact(self, world):
        client = _client(world.admin)
        worker = world.sambas_worker
        found = client.get("/pekerja/", {"nik": worker.nik})
        assert f"/pekerja/{worker.pk}/" in found.content.decode()
        partial = client.get("/pekerja/", {"nik": worker.nik[:6]})
        assert f"/pekerja/{worker.pk}/" not in partial.content.decode()

    def test_detail_out_of_scope_is_404(self, world):
        client = _client(world.sambas_officer)
        assert client.get(f"/pekerja/{world.pontianak_worker.pk}/").status_code == 404
        assert client.get("/pekerja/999999/").status_code == 404
        assert client.get(f"/pekerja/{world.sambas_worker.pk}/").status_code == 200

    def test_detail_is_masked_and_reveal_is_audited(self, world):
        client = _client(world.pontianak_officer)
        worker = world.pontianak_worker
        page = client.get(f"/pekerja/{worker.pk}/").content.decode()
        assert worker.nik not in page
        assert 'data-testid="reveal"' in page
        revealed = client.post(f"/pekerja/{worker.pk}/buka/")
        assert worker.nik in revealed.content.decode()
        assert AuditEvent.objects.filter(
            action="personal_data.reveal", entity_id=str(worker.pk), actor=world.pontianak_officer
        ).exists()

    def test_contractor_cannot_reveal(self, world):
        client = _client(world.contractor)
        page = client.get(f"/pekerja/{world.project_worker.pk}/").content.decode()
        assert 'data-testid="reveal"' not in page
        assert client.post(f"/pekerja/{world.project_worker.pk}/buka/").status_code == 403


class TestRegistration:
    def test_nik_check_fragment(self, world):
        client = _client(world.pontianak_cadre)
        with translation.override("en"):
            bad = client.post("/pekerja/cek-nik/", {"nik": "1234"}, HTTP_ACCEPT_LANGUAGE="en")
        assert 'data-testid="nik-invalid"' in bad.content.decode()
        good = client.post(
            "/pekerja/cek-nik/", {"nik": nik_for("61.71.01", date(1990, 1, 2), "male", 5)}
        )
        assert 'data-testid="nik-valid"' in good.content.decode()

    def test_cadre_registers_a_worker(self, world):
        client = _client(world.pontianak_cadre)
        assert client.get("/pekerja/daftar/").status_code == 200
        response = client.post(
            "/pekerja/daftar/",
            {
                "nik": nik_for("61.71.01", date(1990, 1, 2), "male", 5),
                "name": "Fransiskus Asui",
                "region_code": first_village("61.71.01"),
                "sector": "construction",
                "segment": "jakon",
                "phone": "081234567890",
            },
        )
        worker = Worker.objects.get(name="Fransiskus Asui")
        assert response.status_code == 302
        assert response["Location"] == f"/pekerja/{worker.pk}/"
        assert worker.nik_status == NikStatus.VALID

    def test_village_outside_scope_is_not_offered(self, world):
        client = _client(world.pontianak_cadre)
        response = client.post(
            "/pekerja/daftar/",
            {
                "name": "X",
                "region_code": first_village("61.01.01"),
                "sector": "other",
                "segment": "bpu",
            },
        )
        assert response.status_code == 422
        assert not Worker.objects.filter(name="X").exists()

    def test_analyst_cannot_register(self, world):
        assert _client(world.analyst).get("/pekerja/daftar/").status_code == 403


class TestDuplicateReview:
    def _candidate(self, world) -> DuplicateCandidate:
        twin = WorkerFactory.create(
            district="61.71.01",
            name=world.pontianak_worker.name,
            birth_date=world.pontianak_worker.birth_date,
            nik="",
            nik_status=NikStatus.MISSING,
        )
        a, b = sorted([twin.pk, world.pontianak_worker.pk])
        return DuplicateCandidate.objects.create(
            worker_a_id=a, worker_b_id=b, score=100, reasons=[]
        )

    def test_side_by_side_and_merge(self, world):
        candidate = self._candidate(world)
        client = _client(world.pontianak_officer)
        page = client.get(f"/pekerja/duplikat/{candidate.pk}/")
        assert page.status_code == 200
        assert world.pontianak_worker.nik not in page.content.decode()
        revealed = client.post(f"/pekerja/duplikat/{candidate.pk}/buka/")
        assert world.pontianak_worker.nik in revealed.content.decode()
        assert AuditEvent.objects.filter(action="personal_data.reveal").count() == 2
        response = client.post(
            f"/pekerja/duplikat/{candidate.pk}/putuskan/", {"decision": "keep_a"}
        )
        assert response.status_code == 302
        candidate.refresh_from_db()
        assert candidate.status == CandidateStatus.MERGED
        assert Worker.objects.get(pk=candidate.worker_b_id).merged_into_id == candidate.worker_a_id

    def test_out_of_scope_review_is_404(self, world):
        candidate = self._candidate(world)
        assert (
            _client(world.sambas_officer).get(f"/pekerja/duplikat/{candidate.pk}/").status_code
            == 404
        )

    def test_list_and_scan(self, world):
        self._candidate(world)
        client = _client(world.admin)
        assert client.get("/pekerja/duplikat/").status_code == 200
        assert client.post("/pekerja/duplikat/").status_code == 302


class TestImportAndExport:
    def test_roster_upload_shows_rejections(self, world):
        village = first_village("61.71.01")
        content = (f"nik,nama,kode_desa\n,Agus Salim,{village}\n,,61.99\n").encode()
        client = _client(world.pontianak_officer)
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(
            "/pekerja/impor/", {"file": SimpleUploadedFile("roster.csv", content, "text/csv")}
        )
        assert response.status_code == 200
        assert response.context["outcome"].counts["created"] == 1
        assert response.context["outcome"].counts["rejected"] == 1

    def test_template_download(self, world):
        response = _client(world.pontianak_cadre).get("/pekerja/impor/templat.csv")
        assert response.content.decode("utf-8-sig").startswith("nik,nama,")

    def test_export_is_masked_and_audited(self, world):
        response = _client(world.sambas_officer).get("/pekerja/ekspor.csv")
        body = _body(response)
        assert world.sambas_worker.nik not in body
        assert world.sambas_worker.nik[:4] + "********" in body
        assert (
            world.pontianak_worker.nik[:4] + "********" + world.pontianak_worker.nik[-4:]
            not in body
        )
        assert AuditEvent.objects.filter(action="worker.export").exists()

    def test_unmasked_export_needs_permission_and_is_audited(self, world):
        refused = _client(world.sambas_officer).get("/pekerja/ekspor.csv", {"unmasked": "1"})
        assert refused.status_code == 403
        response = _client(world.analyst).get("/pekerja/ekspor.csv", {"unmasked": "1"})
        body = _body(response)
        assert world.sambas_worker.nik in body
        assert AuditEvent.objects.filter(action="worker.export_unmasked").exists()
