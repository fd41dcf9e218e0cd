"""Claim pages: masked list and detail, scope (404), the new-case form with the worker
search, steps and checklist from the page, corrections, heirs, stories, handovers, stats."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from lindung.accounts.models import AuditEvent, User
from lindung.claims import services as claim_services
from lindung.claims import workflow
from lindung.claims.models import BenefitStory, ClaimBeneficiary, ClaimCase, Handover
from tests.factories.claims import move_to, report_case, tick_all

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestList:
    def test_list_is_masked_and_scoped(self, world):
        mine = report_case(world.pontianak_officer, world.pontianak_worker)
        other = report_case(world.sambas_officer, world.sambas_worker)
        response = _client(world.pontianak_officer).get("/klaim/")
        text = response.content.decode()
        assert response.status_code == 200
        assert mine.reference in text
        assert other.reference not in text
        worker = world.pontianak_worker
        assert worker.name not in text
        assert worker.nik not in text
        assert worker.nik[:4] + "********" + worker.nik[-4:] in text

    def test_filters_by_type_and_status(self, world):
        jkm = report_case(world.admin, world.pontianak_worker)
        jkk = report_case(
            world.admin, world.sambas_worker, claim_type="jkk_accident", jkk_outcome="medical"
        )
        client = _client(world.admin)
        by_type = client.get("/klaim/", {"claim_type": "jkk_accident"}).content.decode()
        assert jkk.reference in by_type
        assert jkm.reference not in by_type
        paid = client.get("/klaim/", {"status": "paid"}).content.decode()
        assert jkk.reference not in paid
        open_ = client.get("/klaim/", {"status": "open", "regency": "61.01"}).content.decode()
        assert jkk.reference in open_
        assert jkm.reference not in open_

    def test_htmx_filter_answers_the_table_only(self, world):
        report_case(world.admin, world.pontianak_worker)
        response = _client(world.admin).get(
            "/klaim/", {"q": "KLM"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-table"
        )
        text = response.content.decode()
        assert 'data-testid="case-table"' in text
        assert "<html" not in text

    def test_overdue_filter_and_badge(self, world):
        late = report_case(world.admin, world.pontianak_worker)
        # Reported on 2026-03-03 and never moved: far past the 10 working days.
        fresh = report_case(
            world.admin,
            world.sambas_worker,
            event_date=timezone.localdate(),
            reported_on=timezone.localdate(),
        )
        text = _client(world.admin).get("/klaim/", {"overdue": "on"}).content.decode()
        assert late.reference in text
        assert fresh.reference not in text
        assert 'data-testid="overdue"' in text


class TestDetail:
    def test_detail_masks_and_reveal_is_audited(self, world):
        case = report_case(world.pontianak_officer, world.pontianak_worker)
        client = _client(world.pontianak_officer)
        page = client.get(f"/klaim/{case.pk}/").content.decode()
        assert world.pontianak_worker.name not in page
        assert "Maria Lestari" not in page
        assert "Rp 42.000.000" in page
        revealed = client.post(f"/klaim/{case.pk}/buka/", HTTP_HX_REQUEST="true")
        assert world.pontianak_worker.name in revealed.content.decode()
        assert "Maria Lestari" in revealed.content.decode()
        assert AuditEvent.objects.filter(
            action="personal_data.reveal", entity_type="claim_case", entity_id=str(case.pk)
        ).exists()

    def test_out_of_scope_is_404_like_absent(self, world):
        case = report_case(world.pontianak_officer, world.pontianak_worker)
        client = _client(world.sambas_officer)
        assert client.get(f"/klaim/{case.pk}/").status_code == 404
        assert client.get("/klaim/999999/").status_code == 404
        assert client.post(f"/klaim/{case.pk}/buka/").status_code == 404

    def test_contractor_sees_the_case_on_its_project_without_actions(self, world):
        case = report_case(world.bpjs, world.project_worker, project_id=world.project.pk)
        page = _client(world.contractor).get(f"/klaim/{case.pk}/").content.decode()
        assert case.reference in page
        assert 'data-testid="step-form"' not in page
        assert 'data-testid="reveal"' not in page
        assert _client(world.other_contractor).get(f"/klaim/{case.pk}/").status_code == 404

    def test_paid_less_than_expected_is_highlighted(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        case = move_to(world.bpjs, case, "approved")
        claim_services.move_case(
            actor=world.bpjs,
            case_id=case.pk,
            step=_step("paid", date(2026, 3, 30), amount=Decimal(40_000_000)),
        )
        page = _client(world.bpjs).get(f"/klaim/{case.pk}/").content.decode()
        assert 'class="diff under"' in page
        assert "Rp 2.000.000" in page
        assert 'data-testid="days-to-payout"' in page

    def test_unprotected_case_is_flagged(self, world):
        case = report_case(
            world.bpjs,
            world.project_worker,
            claim_type="jkk_accident",
            project_id=world.project.pk,
        )
        page = _client(world.bpjs).get(f"/klaim/{case.pk}/").content.decode()
        assert 'data-testid="unprotected"' in page
        assert world.project.name in page


def _step(target: str, on: date, amount: Decimal | None = None):
    return workflow.StepInput(
        to_status=target, on=on, amount_paid=amount, bpjs_claim_number="KLM/PTK/1"
    )


class TestCreate:
    def _post(self, world, user, client=None, **overrides):
        data = {
            "claim_type": "jkk_accident",
            "worker_id": str(world.project_worker.pk),
            "event_date": "2026-03-02",
            "project_id": str(world.project.pk),
            "event_region_code": "",
            "jkk_outcome": "temporary",
            "monthly_wage": "3.000.000",
            "stmb_months": "2",
            "reporter_name": "Hendra Gunawan",
            "reporter_phone": "081234567890",
            "reporter_relationship": "employer",
            "reported_on": "2026-03-03",
        }
        data.update(overrides)
        return (client or _client(user)).post("/klaim/baru/", data)

    def test_form_records_the_case_and_warns_about_the_project(self, world):
        client = _client(world.bpjs)
        response = self._post(world, world.bpjs, client)
        case = ClaimCase.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/klaim/{case.pk}/"
        assert case.expected_benefit == Decimal(6_000_000)
        assert case.event_region_id == world.pontianak_village
        assert case.unprotected
        page = client.get(response["Location"]).content.decode()
        assert "PPK" in page

    def test_form_errors_are_shown_by_field(self, world):
        response = self._post(world, world.bpjs, event_date="2030-01-01", reporter_name="")
        assert response.status_code == 422
        text = response.content.decode()
        assert 'class="field-error"' in text
        assert ClaimCase.objects.count() == 0

    def test_worker_outside_scope_is_refused(self, world):
        response = self._post(
            world, world.sambas_officer, worker_id=str(world.pontianak_worker.pk), project_id=""
        )
        assert response.status_code == 422
        assert ClaimCase.objects.count() == 0

    def test_analyst_cannot_open_the_form(self, world):
        assert _client(world.analyst).get("/klaim/baru/").status_code == 403

    def test_worker_search_is_masked_and_scoped(self, world):
        client = _client(world.pontianak_officer)
        found = client.get("/klaim/cari-pekerja/", {"q": world.pontianak_worker.nik})
        text = found.content.decode()
        assert f'data-pick-worker="{world.pontianak_worker.pk}"' in text
        assert world.pontianak_worker.name not in text
        outside = client.get("/klaim/cari-pekerja/", {"q": world.sambas_worker.nik})
        assert 'data-testid="worker-none"' in outside.content.decode()


class TestStepsFromThePage:
    def test_step_errors_are_shown_and_nothing_moves(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        response = _client(world.bpjs).post(
            f"/klaim/{case.pk}/langkah/", {"to_status": "documents_complete", "on": "2026-03-05"}
        )
        assert response.status_code == 422
        assert "field-error" in response.content.decode() or "step-errors" in (
            response.content.decode()
        )
        case.refresh_from_db()
        assert case.status == "reported"

    def test_document_toggle_by_htmx_answers_the_checklist(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        response = _client(world.bpjs).post(
            f"/klaim/{case.pk}/dokumen/kk/", {"received": "1"}, HTTP_HX_REQUEST="true"
        )
        text = response.content.decode()
        assert response.status_code == 200
        assert 'data-code="kk" data-received="1"' in text
        assert "<html" not in text

    def test_document_toggle_without_js_redirects(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        response = _client(world.bpjs).post(f"/klaim/{case.pk}/dokumen/kk/", {"received": "1"})
        assert response.status_code == 302
        assert case.documents.get(code="kk").received

    def test_moving_to_documents_complete(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        tick_all(world.bpjs, case, date(2026, 3, 4))
        response = _client(world.bpjs).post(
            f"/klaim/{case.pk}/langkah/", {"to_status": "documents_complete", "on": "2026-03-05"}
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == "documents_complete"

    def test_cadre_cannot_move(self, world):
        case = report_case(world.pontianak_cadre, world.pontianak_worker)
        response = _client(world.pontianak_cadre).post(
            f"/klaim/{case.pk}/langkah/", {"to_status": "rejected", "on": "2026-03-05"}
        )
        assert response.status_code == 403


class TestEditAndHeirs:
    def test_correcting_the_outcome_recomputes(self, world):
        case = report_case(world.bpjs, world.project_worker, claim_type="jkk_accident")
        response = _client(world.bpjs).post(
            f"/klaim/{case.pk}/ubah/",
            {"jkk_outcome": "total_disability", "monthly_wage": "3.000.000"},
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.expected_benefit == Decimal(180_000_000)

    def test_adding_and_removing_an_heir(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        client = _client(world.bpjs)
        added = client.post(
            f"/klaim/{case.pk}/ahli-waris/",
            {"name": "Ursula Lim", "relationship": "spouse", "birth_date": "1990-02-03"},
        )
        assert added.status_code == 302
        heir = ClaimBeneficiary.objects.get(case=case)
        assert "Ursula" not in client.get(f"/klaim/{case.pk}/").content.decode()
        client.post(f"/klaim/{case.pk}/ahli-waris/{heir.pk}/hapus/")
        assert not ClaimBeneficiary.objects.filter(case=case).exists()


class TestStoriesAndHandovers:
    def test_story_with_a_name_is_refused_on_the_form(self, world):
        case = move_to(world.bpjs, report_case(world.bpjs, world.pontianak_worker), "paid")
        response = _client(world.bpjs).post(
            f"/klaim/{case.pk}/cerita/",
            {
                "title": "Santunan",
                "text": f"{world.pontianak_worker.name} menerima santunan BPJS Ketenagakerjaan.",
                "publishable": "on",
            },
        )
        assert response.status_code == 422
        assert BenefitStory.objects.count() == 0

    def test_public_page_shows_only_publishable_stories(self, world):
        case = move_to(world.bpjs, report_case(world.bpjs, world.pontianak_worker), "paid")
        text = "Seorang buruh bangunan di Pontianak meninggal; keluarganya menerima santunan."
        for title, publishable in (("Terbit", True), ("Konsep", False)):
            claim_services.save_story(
                actor=world.bpjs,
                case_id=case.pk,
                data=claim_services.StoryInput(title=title, text=text, publishable=publishable),
            )
        page = Client().get("/klaim/cerita/").content.decode()
        assert "Terbit" in page
        assert "Konsep" not in page
        assert world.pontianak_worker.name not in page

    def test_handover_form_and_detail(self, world):
        case = move_to(world.bpjs, report_case(world.bpjs, world.pontianak_worker), "paid")
        client = _client(world.pontianak_officer)
        assert case.reference in client.get("/klaim/penyerahan/baru/").content.decode()
        response = client.post(
            "/klaim/penyerahan/baru/",
            {
                "held_on": "2026-04-02",
                "place": "Aula Wali Kota",
                "region_code": "61.71",
                "officials": "Wali Kota Pontianak",
                "family_count": "1",
                "amount": "42.000.000",
                "case_ids": [str(case.pk)],
            },
        )
        handover = Handover.objects.get()
        assert response["Location"] == f"/klaim/penyerahan/{handover.pk}/"
        detail = client.get(response["Location"]).content.decode()
        assert case.reference in detail
        assert _client(world.sambas_officer).get(response["Location"]).status_code == 404


class TestStats:
    def test_stats_per_regency_with_median(self, world):
        for worker in (world.pontianak_worker, world.project_worker):
            move_to(world.bpjs, report_case(world.bpjs, worker), "paid")
        response = _client(world.admin).get(
            "/klaim/statistik/", {"date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        text = response.content.decode()
        assert response.status_code == 200
        assert 'data-regency="61.71"' in text
        assert 'data-regency="61.05"' in text
        assert 'data-testid="stats-total"' in text
