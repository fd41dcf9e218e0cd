"""Participant pages: upload and job, counts in scope, search, reveal and quarantine audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lindung.accounts.models import AuditEvent, Role, User
from lindung.jobs.models import Job
from lindung.participants import services as participant_services
from lindung.participants.models import Snapshot, SnapshotStatus
from tests.factories.accounts import user_of_role
from tests.factories.participants import extract_csv, load, row

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def snapshot() -> Snapshot:
    return load(
        [
            row(1, kode_wilayah="61.71.01"),
            row(2, kode_wilayah="61.01.01", nama="Ahmad Sambas"),
            row(3, kode_wilayah="61.71.01", status="nonaktif"),
            row(4, kpj="bad"),
            *(row(n) for n in range(5, 12)),
        ]
    )


class TestUpload:
    def test_upload_starts_a_job_that_loads_the_snapshot(self) -> None:
        bpjs = user_of_role(Role.BPJS_OFFICER, "61")
        client = _client(bpjs)
        upload = SimpleUploadedFile("ekstrak.csv", extract_csv([row(1), row(2)]), "text/csv")
        response = client.post(
            reverse("participants:upload"),
            {"extract_date": "2026-06-30", "label": "Kanwil Kalbar", "file": upload},
        )
        snapshot = Snapshot.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("participants:detail", args=[snapshot.pk])
        assert snapshot.status == SnapshotStatus.LOADING
        assert snapshot.job is not None
        job = participant_services.run_snapshot_job(job_id=str(snapshot.job.pk))
        assert job.status == "succeeded"
        snapshot.refresh_from_db()
        assert snapshot.status == SnapshotStatus.LOADED
        assert snapshot.row_count == 2
        page = client.get(reverse("participants:detail", args=[snapshot.pk]))
        assert page.status_code == 200
        assert "Kanwil Kalbar" in page.content.decode()
        assert AuditEvent.objects.filter(action="participants.snapshot_upload").exists()

    def test_refused_upload_shows_the_reason_and_writes_nothing(self) -> None:
        client = _client(user_of_role(Role.PROVINCIAL_ADMIN, "61"))
        upload = SimpleUploadedFile("ekstrak.pdf", b"%PDF", "application/pdf")
        response = client.post(
            reverse("participants:upload"), {"extract_date": "2026-06-30", "file": upload}
        )
        assert response.status_code == 422
        assert ".csv" in response.content.decode()
        assert not Snapshot.objects.exists()
        assert not Job.objects.exists()

    def test_failed_job_marks_the_snapshot_refused(self) -> None:
        client = _client(user_of_role(Role.PROVINCIAL_ADMIN, "61"))
        bad = extract_csv([row(1, kpj="x"), row(2, kpj="y")])
        client.post(
            reverse("participants:upload"),
            {"extract_date": "2026-06-30", "file": SimpleUploadedFile("e.csv", bad)},
        )
        snapshot = Snapshot.objects.get()
        assert snapshot.job is not None
        job = participant_services.run_snapshot_job(job_id=str(snapshot.job.pk))
        assert job.status == "failed"
        snapshot.refresh_from_db()
        assert snapshot.status == SnapshotStatus.FAILED
        page = client.get(reverse("participants:detail", args=[snapshot.pk]))
        assert "nothing was written" in page.content.decode() or "tidak ada" in (
            page.content.decode().lower()
        )

    def test_second_upload_of_a_file_still_loading_is_refused_when_its_turn_comes(
        self,
    ) -> None:
        client = _client(user_of_role(Role.BPJS_OFFICER, "61"))
        content = extract_csv([row(1), row(2)])
        for name in ("a.csv", "b.csv"):
            client.post(
                reverse("participants:upload"),
                {"extract_date": "2026-06-30", "file": SimpleUploadedFile(name, content)},
            )
        first, second = Snapshot.objects.order_by("pk")
        assert first.job is not None
        assert second.job is not None
        assert participant_services.run_snapshot_job(job_id=str(first.job.pk)).status == (
            "succeeded"
        )
        assert participant_services.run_snapshot_job(job_id=str(second.job.pk)).status == ("failed")
        second.refresh_from_db()
        assert second.status == SnapshotStatus.FAILED
        assert "2026-06-30" in second.error_message
        assert Snapshot.objects.filter(status=SnapshotStatus.LOADED).count() == 1

    @pytest.mark.parametrize("role", [Role.REGENCY_OFFICER, Role.VILLAGE_CADRE])
    def test_roles_without_the_permission_get_403(self, role: str) -> None:
        response = _client(user_of_role(role, "61.71")).get(reverse("participants:upload"))
        assert response.status_code == 403


class TestDetail:
    def test_regency_officer_sees_only_their_regency(self, snapshot: Snapshot) -> None:
        officer = user_of_role(Role.REGENCY_OFFICER, "61.71")
        page = _client(officer).get(reverse("participants:detail", args=[snapshot.pk]))
        body = page.content.decode()
        assert page.status_code == 200
        assert 'data-code="61.71"' in body
        assert 'data-code="61.01"' not in body

    def test_analyst_sees_every_regency(self, snapshot: Snapshot) -> None:
        analyst = user_of_role(Role.PROVINCIAL_ANALYST, "61")
        body = _client(analyst).get(reverse("participants:detail", args=[snapshot.pk]))
        assert 'data-code="61.01"' in body.content.decode()

    def test_search_shows_masked_rows_in_scope_only(self, snapshot: Snapshot) -> None:
        officer = user_of_role(Role.REGENCY_OFFICER, "61.71")
        url = reverse("participants:detail", args=[snapshot.pk])
        inside = _client(officer).get(url, {"q": "26000000001"}).content.decode()
        assert "S*** A*****" in inside
        assert "Siti Aminah" not in inside
        outside = _client(officer).get(url, {"q": "26000000002"}).content.decode()
        assert "A**** S*****" not in outside

    @pytest.mark.parametrize("role", [Role.CONTRACTOR, Role.AGENCY_USER, Role.VILLAGE_CADRE])
    def test_roles_without_participant_access_get_403(self, snapshot: Snapshot, role: str) -> None:
        client = _client(user_of_role(role, "61.71"))
        assert client.get(reverse("participants:list")).status_code == 403
        assert client.get(reverse("participants:detail", args=[snapshot.pk])).status_code == 403

    def test_reveal_is_audited(self, snapshot: Snapshot) -> None:
        bpjs = user_of_role(Role.BPJS_OFFICER, "61")
        participant = snapshot.participants.get(kpj="26000000001")
        response = _client(bpjs).post(reverse("participants:reveal", args=[participant.pk]))
        assert response.status_code == 200
        assert "Siti Aminah" in response.content.decode()
        event = AuditEvent.objects.get(action="participants.reveal")
        assert event.entity_id == str(participant.pk)
        assert event.actor == bpjs

    def test_reveal_out_of_scope_is_404(self, snapshot: Snapshot) -> None:
        officer = user_of_role(Role.REGENCY_OFFICER, "61.71")
        participant = snapshot.participants.get(kpj="26000000002")
        response = _client(officer).post(reverse("participants:reveal", args=[participant.pk]))
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action="participants.reveal").exists()

    def test_quarantine_download_is_audited(self, snapshot: Snapshot) -> None:
        admin = user_of_role(Role.PROVINCIAL_ADMIN, "61")
        response = _client(admin).get(reverse("participants:quarantine", args=[snapshot.pk]))
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        assert "KPJ harus tepat 11 digit" in body
        assert AuditEvent.objects.filter(action="participants.quarantine_download").exists()

    def test_template_download(self) -> None:
        client = _client(user_of_role(Role.BPJS_OFFICER, "61"))
        response = client.get(reverse("participants:template"))
        assert response.content.decode("utf-8-sig").startswith("kpj,nik,nama,tanggal_lahir")


def test_list_shows_changes(snapshot: Snapshot) -> None:
    load([row(1, bulan_terakhir_bayar="2026-10"), row(99)], date(2026, 10, 31))
    body = _client(user_of_role(Role.PROVINCIAL_ANALYST, "61")).get(reverse("participants:list"))
    assert body.status_code == 200
    assert "31 Okt 2026" in body.content.decode() or "31 Oct 2026" in body.content.decode()
