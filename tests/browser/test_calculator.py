"""A contractor on a phone enters a contract value and sees the contribution and deadline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestJakonCalculator:
    def test_contractor_on_a_phone_sees_contribution_and_deadline(
        self, live_server, browser: Browser
    ):
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(f"{live_server.url}/kalkulator/")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        page.locator("#id_contract_value").fill("350.000.000")
        page.locator("#id_spk_date").fill("2026-03-16")
        page.locator(".calc-form button[type=submit]").click()

        expect(page.get_by_test_id("total")).to_have_text("Rp 715.000")
        expect(page.get_by_test_id("jkk")).to_have_text("Rp 635.000")
        expect(page.get_by_test_id("due-date")).to_have_text("Senin, 13 April 2026")
        expect(page.get_by_test_id("deadline-result")).to_contain_text("Hari Suci Nyepi")
        # The result is shareable: the URL carries the inputs (htmx pushes it).
        expect(page).to_have_url(re.compile(r"contract_value=350\.000\.000"))
        # Nothing overflows the phone's width.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1
        assert errors == []
        context.close()

    def test_bad_value_shows_the_error_in_indonesian(self, live_server, browser: Browser):
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/kalkulator/")
        page.locator("#id_contract_value").fill("-5")
        page.locator(".calc-form button[type=submit]").click()
        expect(page.locator(".field-error").first).to_contain_text("tidak boleh negatif")
        expect(page.get_by_test_id("jakon-result")).to_have_count(0)
        context.close()
