"""A village cadre on a phone registers a worker: a bad NIK is flagged at once, then success."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from lindung.accounts.models import Role
from lindung.workers.models import NikStatus, Worker
from tests.factories import accounts as f
from tests.factories.workers import first_village, nik_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestWorkerRegistration:
    def test_cadre_on_a_phone_registers_a_worker(self, live_server, browser: Browser):
        cadre = f.user_of_role(Role.VILLAGE_CADRE, "61.71.01")
        village = first_village("61.71.01")
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(cadre.username)
        page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
        page.get_by_label("Kata sandi").press("Enter")
        page.wait_for_url(re.compile(r"^(?!.*masuk).*$"))

        page.goto(f"{live_server.url}/pekerja/daftar/")
        # A NIK with month 13 is refused as it is typed, before the form is sent.
        page.locator("#id_nik").fill("6171011713900005")
        expect(page.get_by_test_id("nik-invalid")).to_be_visible()
        expect(page.get_by_test_id("nik-invalid")).to_contain_text("tidak valid")

        good = nik_for("61.71.01", date(1990, 5, 17), "male", 5)
        page.locator("#id_nik").fill(good)
        expect(page.get_by_test_id("nik-valid")).to_contain_text("17/05/1990")
        page.locator("#id_name").fill("Fransiskus Asui")
        page.locator("#id_phone").fill("081234567890")
        page.locator("#id_region_code").select_option(village)
        page.locator("#id_sector").select_option("construction")
        page.locator("#id_segment").select_option("jakon")
        page.get_by_test_id("worker-submit").click()

        expect(page).to_have_url(re.compile(r"/pekerja/\d+/$"))
        # The cadre sees the new record masked: initials and birth year only.
        expect(page.get_by_test_id("worker-name")).to_have_text("F********* A***")
        expect(page.get_by_test_id("birth")).to_contain_text("1990-**-**")
        worker = Worker.objects.get(name="Fransiskus Asui")
        assert worker.nik == good
        assert worker.nik_status == NikStatus.VALID
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1
        assert errors == []
        context.close()
