"""A regency officer on a phone records a case from the worker search, then ticks a death
claim's documents and moves it to paid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from lindung.accounts.models import Role
from lindung.claims.models import ClaimCase, ClaimStatus
from tests.factories import accounts as f
from tests.factories.claims import report_case
from tests.factories.projects import make_project
from tests.factories.workers import WorkerFactory, first_village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
    page.get_by_label("Kata sandi").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*masuk).*$"))


class TestClaimFlow:
    def test_officer_records_an_accident_found_by_nik(self, live_server, browser: Browser):
        officer = f.user_of_role(Role.REGENCY_OFFICER, "61.71", username="disnaker.kota")
        worker = WorkerFactory.create(district="61.71.01")
        project = make_project(
            name="Pembangunan Pasar Flamboyan", region_id=first_village("61.71.01")
        )
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        _login(page, live_server.url, officer.username)

        page.goto(f"{live_server.url}/klaim/baru/")
        page.locator("#id_claim_type").select_option("jkk_accident")
        # JKK fields show, the scholarship cause does not.
        expect(page.locator("#id_jkk_outcome")).to_be_visible()
        expect(page.locator("#id_beasiswa_cause")).to_be_hidden()
        page.get_by_test_id("worker-search").fill(worker.nik)
        page.get_by_test_id("pick-worker").click()
        expect(page.get_by_test_id("chosen-worker")).to_be_visible()
        expect(page.get_by_test_id("chosen-worker")).not_to_contain_text(worker.name)
        page.locator("#id_event_date").fill("2026-03-02")
        page.locator("#id_project_id").select_option(str(project.pk))
        page.locator("#id_jkk_outcome").select_option("temporary")
        page.locator("#id_monthly_wage").fill("3.000.000")
        page.locator("#id_stmb_months").fill("2")
        page.locator("#id_reporter_name").fill("Hendra Gunawan")
        page.locator("#id_reporter_relationship").select_option("employer")
        page.get_by_test_id("case-submit").click()

        expect(page).to_have_url(re.compile(r"/klaim/\d+/$"))
        expect(page.get_by_test_id("expected")).to_have_text("Rp 6.000.000")
        # The project was never registered with BPJS: the case is flagged.
        expect(page.get_by_test_id("unprotected").first).to_be_visible()
        case = ClaimCase.objects.get()
        assert case.worker_id == worker.pk
        assert case.project_id == project.pk
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
        assert errors == []
        context.close()

    def test_officer_moves_a_claim_to_paid(self, live_server, browser: Browser):
        officer = f.user_of_role(Role.REGENCY_OFFICER, "61.71", username="disnaker.pontianak")
        worker = WorkerFactory.create(district="61.71.01")
        case = report_case(officer, worker)
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        _login(page, live_server.url, officer.username)
        page.goto(f"{live_server.url}/klaim/")
        page.get_by_role("link", name=case.reference).click()
        expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "reported")
        # The worker is masked until revealed.
        expect(page.get_by_test_id("worker-name")).not_to_have_text(worker.name)

        # Moving on with documents missing is refused and nothing changes.
        page.get_by_test_id("step-submit").click()
        expect(page.get_by_test_id("step-errors")).to_be_visible()
        expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "reported")

        # Tick every document of the checklist (each tick answers the new checklist, htmx).
        unticked = page.locator('[data-testid=document][data-received="0"] [data-testid=tick]')
        remaining = unticked.count()
        assert remaining > 0
        while remaining:
            unticked.first.click()
            expect(unticked).to_have_count(remaining - 1)
            remaining -= 1

        page.get_by_test_id("step-submit").click()
        expect(page.get_by_test_id("case-status")).to_have_attribute(
            "data-status", "documents_complete"
        )
        # Submitted: the BPJS claim number field applies to this step.
        page.locator("#id_bpjs_claim_number").fill("KLM/PTK/2026/000777")
        page.get_by_test_id("step-submit").click()
        expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "submitted")
        page.get_by_test_id("step-submit").click()
        expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "approved")
        # Paid: the amount is filled in with the expected benefit; the officer confirms it.
        expect(page.locator("#id_amount_paid")).to_be_visible()
        expect(page.locator("#id_rejection_reason")).to_be_hidden()
        page.get_by_test_id("step-submit").click()

        expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "paid")
        expect(page.get_by_test_id("amount-paid")).to_have_text("Rp 42.000.000")
        expect(page.get_by_test_id("difference").locator(".diff.same")).to_be_visible()
        expect(page.get_by_test_id("timeline-step")).to_have_count(5)
        expect(page.get_by_test_id("step-form")).to_have_count(0)
        stored = ClaimCase.objects.get(pk=case.pk)
        assert stored.status == ClaimStatus.PAID
        assert stored.bpjs_claim_number == "KLM/PTK/2026/000777"
        assert (
            list(stored.steps.values_list("moved_by__username", flat=True))
            == [officer.username] * 5
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1
        # The refused step answered 422 on purpose; nothing else may fail.
        assert [e for e in errors if "status of 422" not in e] == []
        context.close()
