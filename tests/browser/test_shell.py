"""A user logs in, sees the dashboard shell with their scope, drills down and switches language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lindung.accounts.models import Role
from tests.factories import accounts as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _short_timeouts(page: Page) -> None:
    page.set_default_timeout(10_000)


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


class TestDashboardShell:
    def test_login_dashboard_and_language_switch(self, live_server, page: Page):
        user = f.user_of_role(Role.REGENCY_OFFICER, "61.01", username="sambas.officer")
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        _login(page, live_server.url, user.username)

        expect(page.get_by_test_id("dashboard-title")).to_have_text("Kabupaten Sambas")
        expect(page.get_by_test_id("user-scope")).to_contain_text("Petugas Disnaker")
        expect(page.get_by_test_id("user-scope")).to_contain_text("Kabupaten Sambas")
        expect(page.locator("html")).to_have_attribute("lang", "id")

        page.get_by_role("link", name="Sambas", exact=True).click()
        expect(page).to_have_url(re.compile(r"/dasbor/61\.01\.01/$"))
        expect(page.get_by_test_id("dashboard-title")).to_have_text("Sambas")

        page.get_by_test_id("lang-en").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
        expect(page.get_by_test_id("user-scope")).to_contain_text("Regency manpower officer")

        page.get_by_test_id("lang-id").click()
        expect(page.locator("html")).to_have_attribute("lang", "id")
        assert errors == []

    def test_wrong_password_shows_indonesian_error(self, live_server, page: Page):
        user = f.regency_officer("61.71", username="ptk.officer")
        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill("salah-sekali")
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")

    def test_phone_sized_screen_has_a_menu_button(self, live_server, browser):
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        user = f.admin(username="prov.admin")
        _login(page, live_server.url, user.username)
        nav_link = page.get_by_role("link", name="Pengguna")
        expect(nav_link).to_be_hidden()
        page.get_by_role("button", name="Menu").click()
        expect(nav_link).to_be_visible()
        context.close()
