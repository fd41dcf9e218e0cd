"""A regency officer on a phone ticks a death claim's documents and moves it to paid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from lindung.accounts.models import Role
from lindung.claims.models import ClaimCase, ClaimStatus
from tests.factories import accounts as f
from tests.factories.claims import report_case
from tests.factories.workers import WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestClaimFlow:
    def test_officer_moves_a_claim_to_paid(self, live_server, browser: Browser):
        officer = f.user_of_role(Role.REGENCY_OFFICER, "61.71", username="disnaker.pontianak")
        worker = WorkerFactory.create(district="61.71.01")
        case = report_case(officer, worker)
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(officer.username)
        page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
        page.get_by_label("Kata sandi").press("Enter")
        page.wait_for_url(re.compile(r"^(?!.*masuk).*$"))

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
