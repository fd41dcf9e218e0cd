"""Outreach and budget pages: scope (404 outside), masking for cadres, audited reveals,
photo upload checks through HTTP, registration from an event, XLSX export."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from lindung.accounts.models import AuditEvent, User
from lindung.outreach.models import (
    BudgetAllocation,
    BudgetPayment,
    BudgetScenario,
    Cadre,
    EventAttendee,
    EventPhoto,
    EventRegistration,
    FollowUpContact,
    OutreachTarget,
    SocializationEvent,
)
from lindung.workers.models import Worker
from tests.factories.outreach import (
    AttendeeFactory,
    EventFactory,
    Row,
    loaded_snapshot,
    register_at,
)
from tests.factories.workers import WorkerFactory, nik_for
from tests.outreach.test_images import png_claiming

pytestmark = pytest.mark.django_db

V = "61.71.01.1002"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def image_file(
    name: str, kind: str = "PNG", size: tuple[int, int] = (40, 30)
) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (9, 99, 199)).save(out, kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def recent_event(world) -> SocializationEvent:
    return EventFactory.create(
        region_id=V, organiser_cadre=world.cadre, held_on=timezone.localdate() - timedelta(days=1)
    )


class TestAccess:
    def test_home_for_a_cadre_has_the_phone_actions(self, world):
        page = client_for(world.cadre_user).get("/penjangkauan/")
        assert page.status_code == 200
        text = page.content.decode()
        assert 'data-testid="action-register"' in text
        assert 'data-testid="action-event"' in text

    def test_roles_without_outreach_are_refused(self, world):
        client = client_for(world.contractor)
        for url in ("/penjangkauan/", "/penjangkauan/kegiatan/", "/penjangkauan/anggaran/"):
            assert client.get(url).status_code == 403

    def test_anonymous_is_sent_to_login(self, db):
        response = Client().get("/penjangkauan/")
        assert response.status_code == 302
        assert "/akun/masuk/" in response["Location"]

    def test_out_of_scope_event_is_404(self, world):
        client = client_for(world.cadre_user)
        assert client.get(f"/penjangkauan/kegiatan/{world.sambas_event.pk}/").status_code == 404
        assert client.get(f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/").status_code == 200

    def test_event_list_is_scoped(self, world):
        text = client_for(world.sambas_officer).get("/penjangkauan/kegiatan/").content.decode()
        assert world.sambas_event.title in text
        assert world.pontianak_event.title not in text

    def test_analyst_reads_but_cannot_record(self, world):
        client = client_for(world.analyst)
        assert client.get("/penjangkauan/kegiatan/").status_code == 200
        assert client.get("/penjangkauan/kegiatan/baru/").status_code == 403


class TestEvents:
    def test_cadre_records_an_event(self, world):
        response = client_for(world.cadre_user).post(
            "/penjangkauan/kegiatan/baru/",
            {
                "title": "Sosialisasi petani",
                "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
                "region_code": V,
                "place": "Balai desa",
                "sector": "farming",
                "attendance_count": "28",
            },
        )
        event = SocializationEvent.objects.get(title="Sosialisasi petani")
        assert response.status_code == 302
        assert response["Location"] == f"/penjangkauan/kegiatan/{event.pk}/"
        assert event.organiser_cadre == world.cadre

    def test_invalid_event_keeps_the_form_with_errors(self, world):
        response = client_for(world.cadre_user).post(
            "/penjangkauan/kegiatan/baru/",
            {
                "title": "X",
                "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
                "region_code": V,
                "place": "Balai",
                "sector": "farming",
                "attendance_count": "5",
            },
        )
        assert response.status_code == 422
        assert 'class="field-error"' in response.content.decode()
        assert not SocializationEvent.objects.filter(title="X").exists()

    def test_date_picker_gets_an_iso_date_in_indonesian(self, world):
        form = client_for(world.cadre_user).get("/penjangkauan/kegiatan/baru/").content.decode()
        assert f'type="date" name="held_on" value="{timezone.localdate().isoformat()}"' in form

    def test_cadre_cannot_choose_a_village_outside_their_area(self, world):
        form = client_for(world.cadre_user).get("/penjangkauan/kegiatan/baru/").content.decode()
        assert f'value="{V}"' in form
        assert 'value="61.71.01.1003"' not in form

    def test_delete_with_registrations_shows_why(self, world):
        register_at(world.pontianak_event, WorkerFactory.create())
        client = client_for(world.pontianak_officer)
        response = client.post(
            f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/hapus/", follow=True
        )
        assert response.status_code == 200
        assert SocializationEvent.objects.filter(pk=world.pontianak_event.pk).exists()


class TestAttendeesAndMasking:
    def test_cadre_sees_masked_attendees_and_no_reveal(self, world):
        nik = nik_for("61.71.01", date(1985, 3, 4), "female", 3)
        AttendeeFactory.create(event=world.pontianak_event, name="Rosalia Lim", nik=nik)
        text = (
            client_for(world.cadre_user)
            .get(f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/")
            .content.decode()
        )
        assert "Rosalia" not in text
        assert nik not in text
        assert "R****** L**" in text
        assert nik[:4] + "********" + nik[-4:] in text
        assert 'data-testid="reveal-attendees"' not in text
        assert (
            client_for(world.cadre_user)
            .post(f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/peserta/buka/")
            .status_code
            == 403
        )

    def test_officer_reveal_is_audited(self, world):
        AttendeeFactory.create(event=world.pontianak_event, name="Rosalia Lim")
        client = client_for(world.pontianak_officer)
        page = client.get(f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/").content.decode()
        assert 'data-testid="reveal-attendees"' in page
        fragment = client.post(f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/peserta/buka/")
        assert "Rosalia Lim" in fragment.content.decode()
        assert AuditEvent.objects.filter(action="personal_data.reveal").count() == 1

    def test_lines_with_a_bad_nik_are_refused_with_the_line(self, world):
        response = client_for(world.cadre_user).post(
            f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/peserta/",
            {"lines": "Andi\nBudi, 6171011713900005"},
        )
        assert response.status_code == 422
        assert "Line 2" in response.content.decode() or "Baris 2" in response.content.decode()
        assert not EventAttendee.objects.exists()

    def test_lines_are_added(self, world):
        nik = nik_for("61.71.01", date(1985, 3, 4), "female", 3)
        yanti = nik_for("61.71.01", date(1990, 1, 2), "female", 4)
        response = client_for(world.cadre_user).post(
            f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/peserta/",
            {"lines": f"Andi Saputra\nRosalia Lim; {nik}\n\nYanti {yanti}"},
        )
        assert response.status_code == 302
        assert list(EventAttendee.objects.values_list("name", flat=True)) == [
            "Andi Saputra",
            "Rosalia Lim",
            "Yanti",
        ]


class TestPhotos:
    def url(self, world) -> str:
        return f"/penjangkauan/kegiatan/{world.pontianak_event.pk}/foto/"

    def test_real_png_named_jpg_is_accepted_and_served(
        self, world, django_capture_on_commit_callbacks
    ):
        client = client_for(world.cadre_user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                self.url(world), {"photo": image_file("foto.jpg"), "caption": "Hadir"}
            )
        assert response.status_code == 302
        photo = EventPhoto.objects.get()
        assert photo.content_type == "image/png"
        served = client.get(f"/penjangkauan/foto/{photo.pk}/")
        assert served.status_code == 200
        assert served["Content-Type"] == "image/png"
        assert served["X-Content-Type-Options"] == "nosniff"
        assert b"".join(served.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
        assert (
            client_for(world.other_cadre_user).get(f"/penjangkauan/foto/{photo.pk}/").status_code
            == 404
        )

    @pytest.mark.parametrize(
        "upload",
        [
            SimpleUploadedFile(
                "foto.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/jpeg"
            ),
            SimpleUploadedFile(
                "foto.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
            ),
            SimpleUploadedFile("foto.webp", b"%PDF-1.4 not a picture", content_type="image/webp"),
        ],
        ids=["gif-as-jpg", "html-as-png", "pdf-as-webp"],
    )
    def test_lying_extension_is_refused(self, world, upload):
        response = client_for(world.cadre_user).post(self.url(world), {"photo": upload})
        assert response.status_code == 422
        assert 'class="field-error"' in response.content.decode()
        assert not EventPhoto.objects.exists()
        assert not AuditEvent.objects.filter(action="outreach.photo.add").exists()

    def test_oversized_photo_is_413(self, world, settings):
        settings.LINDUNG_MAX_PHOTO_BYTES = 2_000
        out = io.BytesIO()
        noise = random.Random(7).randbytes(100 * 100 * 3)
        Image.frombytes("RGB", (100, 100), noise).save(out, "PNG")
        big = SimpleUploadedFile("besar.png", out.getvalue(), content_type="image/png")
        assert (big.size or 0) > 2_000
        response = client_for(world.cadre_user).post(self.url(world), {"photo": big})
        assert response.status_code == 413
        assert not EventPhoto.objects.exists()

    def test_image_bomb_is_refused(self, world):
        bomb = SimpleUploadedFile("bom.png", png_claiming(30_000, 30_000), content_type="image/png")
        response = client_for(world.cadre_user).post(self.url(world), {"photo": bomb})
        assert response.status_code == 422
        assert not EventPhoto.objects.exists()

    def test_other_cadres_cannot_upload(self, world):
        response = client_for(world.other_cadre_user).post(
            self.url(world), {"photo": image_file("a.png")}
        )
        assert response.status_code == 404


class TestRegistration:
    def test_cadre_registers_a_worker_from_an_event(self, world):
        event = recent_event(world)
        client = client_for(world.cadre_user)
        form = client.get(f"/penjangkauan/daftar/?kegiatan={event.pk}").content.decode()
        assert f'<option value="{event.pk}" selected>' in form
        nik = nik_for("61.71.01", date(1990, 5, 17), "male", 5)
        response = client.post(
            "/penjangkauan/daftar/",
            {
                "event_id": str(event.pk),
                "nik": nik,
                "name": "Fransiskus Asui",
                "region_code": V,
                "sector": "fishing",
                "segment": "bpu",
            },
        )
        worker = Worker.objects.get(nik=nik)
        assert response.status_code == 302
        assert response["Location"] == f"/penjangkauan/daftar/?baru={worker.pk}&kegiatan={event.pk}"
        registration = EventRegistration.objects.get(worker=worker)
        assert registration.event == event
        page = client.get(response["Location"]).content.decode()
        assert f"/pekerja/{worker.pk}/" in page

    def test_without_event_the_registry_alone_registers(self, world):
        client = client_for(world.cadre_user)
        response = client.post(
            "/penjangkauan/daftar/",
            {"name": "Tanpa Kegiatan", "region_code": V, "sector": "farming", "segment": "bpu"},
        )
        assert response.status_code == 302
        worker = Worker.objects.get(name="Tanpa Kegiatan")
        assert worker.nik_status == "missing"
        assert not EventRegistration.objects.exists()

    def test_known_nik_points_to_crediting(self, world):
        event = recent_event(world)
        existing = WorkerFactory.create()
        response = client_for(world.cadre_user).post(
            "/penjangkauan/daftar/",
            {
                "event_id": str(event.pk),
                "nik": existing.nik,
                "name": "Dua Kali",
                "region_code": V,
                "sector": "fishing",
                "segment": "bpu",
            },
        )
        assert response.status_code == 409
        assert not Worker.objects.filter(name="Dua Kali").exists()

    def test_credit_an_existing_worker(self, world):
        event = recent_event(world)
        worker = WorkerFactory.create(name="Lukas Ajun")
        client = client_for(world.cadre_user)
        found = client.get(f"/penjangkauan/kegiatan/{event.pk}/", {"q": "lukas"}).content.decode()
        assert 'data-testid="found-workers"' in found
        assert "Lukas" not in found  # masked
        response = client.post(
            f"/penjangkauan/kegiatan/{event.pk}/kredit/", {"worker_id": worker.pk}
        )
        assert response.status_code == 302
        assert EventRegistration.objects.get().worker == worker
        again = client.post(
            f"/penjangkauan/kegiatan/{event.pk}/kredit/", {"worker_id": worker.pk}, follow=True
        )
        assert again.status_code == 200
        assert EventRegistration.objects.count() == 1


class TestCadresAndTargets:
    def test_officer_adds_a_cadre(self, world):
        response = client_for(world.pontianak_officer).post(
            "/penjangkauan/kader/baru/",
            {
                "name": "Maria Ulfa",
                "kind": "community_agent",
                "region_code": V,
                "phone": "",
                "username": "",
                "is_active": "on",
            },
        )
        cadre = Cadre.objects.get(name="Maria Ulfa")
        assert response.status_code == 302
        assert response["Location"] == f"/penjangkauan/kader/{cadre.pk}/"

    def test_cadres_cannot_add_cadres(self, world):
        assert client_for(world.cadre_user).get("/penjangkauan/kader/baru/").status_code == 403

    def test_target_is_set_and_shown_with_progress(self, world):
        client = client_for(world.pontianak_officer)
        year = timezone.localdate().year
        response = client.post(
            "/penjangkauan/target/",
            {
                "cadre_id": str(world.cadre.pk),
                "region_code": "",
                "metric": "reached",
                "period": str(year),
                "value": "100",
            },
        )
        assert response.status_code == 302
        assert OutreachTarget.objects.get().value == 100
        EventFactory.create(
            region_id=V,
            organiser_cadre=world.cadre,
            held_on=timezone.localdate(),
            attendance_count=25,
        )
        mine = client_for(world.cadre_user).get("/penjangkauan/target-saya/").content.decode()
        # The world's event of 40 in January and this one of 25: 65 of 100.
        assert 'data-testid="target-progress"' in mine
        assert "65 dari 100 (65%)" in mine or "65 of 100 (65%)" in mine

    def test_cadre_cannot_set_targets(self, world):
        response = client_for(world.cadre_user).post(
            "/penjangkauan/target/", {"metric": "events", "period": "2026", "value": "1"}
        )
        assert response.status_code == 403
        assert not OutreachTarget.objects.exists()


class TestFollowUpAndFunnel:
    def test_no_snapshot_is_said_plainly(self, world):
        client = client_for(world.cadre_user)
        page = client.get("/penjangkauan/tindak-lanjut/").content.decode()
        assert 'data-testid="no-snapshot"' in page
        funnel = client.get("/penjangkauan/corong/").content.decode()
        assert 'data-testid="no-snapshot"' in funnel

    def test_follow_up_list_is_masked_and_contacts_are_logged(self, world):
        loaded_snapshot(
            date(2026, 10, 31),
            [
                Row(
                    "6171010101800001",
                    standing="lapsed",
                    kpj="26100000001",
                    region_code=V,
                    name="Agus Santoso",
                )
            ],
        )
        client = client_for(world.cadre_user)
        page = client.get("/penjangkauan/tindak-lanjut/").content.decode()
        assert "Agus" not in page
        assert "A*** S******" in page
        response = client.post(
            "/penjangkauan/tindak-lanjut/26100000001/",
            {
                "contacted_on": timezone.localdate().isoformat(),
                "channel": "visit",
                "outcome": "will_pay",
                "note": "Akan bayar minggu depan",
                "next_action": "Cek pembayaran",
                "next_action_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            },
        )
        assert response.status_code == 302
        assert FollowUpContact.objects.get().outcome == "will_pay"
        officer = client_for(world.pontianak_officer)
        revealed = officer.post("/penjangkauan/tindak-lanjut/26100000001/buka/")
        assert "Agus Santoso" in revealed.content.decode()

    def test_cadre_reveals_a_name_for_follow_up_within_a_daily_limit(self, world, settings):
        settings.LINDUNG_FOLLOWUP_REVEALS_PER_DAY = 1
        nik = nik_for("61.71.01", date(1980, 5, 5))
        loaded_snapshot(
            date(2026, 10, 31),
            [
                Row(
                    nik=nik,
                    standing="lapsed",
                    kpj="26100000001",
                    region_code=V,
                    name="Agus Santoso",
                )
            ],
        )
        client = client_for(world.cadre_user)
        with translation.override("en"):
            page = client.get("/penjangkauan/tindak-lanjut/26100000001/").content.decode()
        assert "Agus" not in page
        assert 'data-testid="reveal-participant"' in page
        revealed = client.post(
            "/penjangkauan/tindak-lanjut/26100000001/buka/", HTTP_HX_REQUEST="true"
        )
        text = revealed.content.decode()
        assert revealed.status_code == 200
        assert "Agus Santoso" in text
        assert nik not in text
        assert "NIK dan tanggal lahir tetap tersembunyi" in text
        refused = client.post(
            "/penjangkauan/tindak-lanjut/26100000001/buka/", HTTP_HX_REQUEST="true"
        )
        assert refused.status_code == 429
        assert "Agus" not in refused.content.decode()
        assert "batas" in unquote(refused["X-Error-Message"]).lower()

    def test_funnel_page_groups(self, world):
        register_at(world.pontianak_event, WorkerFactory.create())
        page = client_for(world.pontianak_officer).get("/penjangkauan/corong/", {"group": "cadre"})
        text = page.content.decode()
        assert page.status_code == 200
        assert world.cadre.name in text
        assert world.sambas_cadre.name not in text


class TestBudgetPages:
    def scenario_post(self, **overrides: str) -> dict[str, str]:
        data = {
            "name": "Pontianak 40% 2026",
            "kind": "coverage",
            "region_code": "61.71",
            "year": "2026",
            "months": "12",
            "sector": "all",
            "target_percent": "40",
            "denominator": "10000",
            "current_participants": "2345",
            "split_mode": "percent",
            "share_province": "50",
            "share_regency": "30",
            "share_village": "20",
            "action": "save",
        }
        data.update(overrides)
        return data

    def test_preview_saves_nothing(self, world):
        response = client_for(world.pontianak_officer).post(
            "/penjangkauan/anggaran/skenario/baru/", self.scenario_post(action="preview")
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert "1.655" in text
        assert "Rp 333.648.000" in text
        assert not BudgetScenario.objects.exists()

    def test_save_adopt_and_summary(self, world):
        client = client_for(world.pontianak_officer)
        response = client.post("/penjangkauan/anggaran/skenario/baru/", self.scenario_post())
        scenario = BudgetScenario.objects.get()
        assert response["Location"] == f"/penjangkauan/anggaran/skenario/{scenario.pk}/"
        detail = client.get(response["Location"]).content.decode()
        assert "Rp 166.824.000" in detail
        client.post(f"/penjangkauan/anggaran/skenario/{scenario.pk}/tetapkan/", {"adopt": "1"})
        scenario.refresh_from_db()
        assert scenario.is_adopted
        home = client.get(
            "/penjangkauan/anggaran/", {"region": "61.71", "year": "2026"}
        ).content.decode()
        assert "Rp 333.648.000" in home

    def test_share_errors_land_on_their_field(self, world):
        response = client_for(world.pontianak_officer).post(
            "/penjangkauan/anggaran/skenario/baru/", self.scenario_post(share_village="120")
        )
        assert response.status_code == 422
        assert not BudgetScenario.objects.exists()

    def test_compare_and_export(self, world):
        client = client_for(world.pontianak_officer)
        client.post("/penjangkauan/anggaran/skenario/baru/", self.scenario_post())
        client.post(
            "/penjangkauan/anggaran/skenario/baru/",
            self.scenario_post(
                name="Desa 100",
                kind="protect",
                region_code=V,
                workers="100",
                months="6",
                split_mode="amount",
                share_province="",
                share_regency="",
                share_village="8080000",
                share_csr="2000000",
            ),
        )
        ids = ",".join(
            str(pk) for pk in BudgetScenario.objects.order_by("pk").values_list("pk", flat=True)
        )
        compare = client.get("/penjangkauan/anggaran/bandingkan/", {"ids": ids})
        assert compare.status_code == 200
        assert "Rp 10.080.000" in compare.content.decode()
        export = client.get("/penjangkauan/anggaran/skenario.xlsx", {"ids": ids})
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")
        book = openpyxl.load_workbook(io.BytesIO(export.content), read_only=True)
        assert len(book.sheetnames) == 3
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        with translation.override("id"):
            label = gettext("Cost in the budget year (Rp)")
        total = next(row for row in rows if row[0] == label)
        assert total[1:3] == (333_648_000, 10_080_000)

    def test_export_of_foreign_scenarios_is_empty(self, world):
        client = client_for(world.pontianak_officer)
        client.post("/penjangkauan/anggaran/skenario/baru/", self.scenario_post())
        pk = BudgetScenario.objects.get().pk
        response = client_for(world.sambas_officer).get(
            "/penjangkauan/anggaran/skenario.xlsx", {"ids": pk}
        )
        assert response.status_code == 302
        assert (
            client_for(world.sambas_officer)
            .get(f"/penjangkauan/anggaran/skenario/{pk}/")
            .status_code
            == 404
        )

    def test_allocation_and_payment_forms(self, world):
        client = client_for(world.pontianak_officer)
        response = client.post(
            "/penjangkauan/anggaran/alokasi/baru/",
            {
                "region_code": "61.71",
                "year": "2026",
                "source": "regency",
                "amount": "1.250.000.000",
                "reference": "DPA 2026",
                "note": "",
            },
        )
        assert response.status_code == 302
        assert BudgetAllocation.objects.get().amount == Decimal(1_250_000_000)
        bad = client.post(
            "/penjangkauan/anggaran/pembayaran/baru/",
            {
                "region_code": "61.71",
                "year": "2026",
                "source": "regency",
                "amount": "nol",
                "reference": "INV-1",
                "paid_on": "2026-02-01",
            },
        )
        assert bad.status_code == 422
        assert not BudgetPayment.objects.exists()

    def test_cadre_has_no_budget_planner(self, world):
        assert client_for(world.cadre_user).get("/penjangkauan/anggaran/").status_code == 403
