"""A PPK logs in, sees an overdue project, records its registration and payment: compliant."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindung.accounts.models import Role
from lindung.projects.models import Agency, FundingLevel, Ppk
from lindung.regulations import services as regulation_services
from tests.factories import accounts as f
from tests.factories.projects import make_project, nip_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _short_timeouts(page: Page) -> None:
    page.set_default_timeout(10_000)


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _rupiah(amount) -> str:
    return f"{int(amount):,}".replace(",", ".")


class TestPpkProjectFlow:
    def test_ppk_registers_and_pays_an_overdue_project(self, live_server, page: Page):
        regulation_services.load_packaged_parameters(actor=None)
        user = f.user_of_role(Role.AGENCY_USER, "61.71", username="ppk.pontianak")
        agency = Agency.objects.create(
            name="Dinas PUPR Kota Pontianak",
            region_id="61.71",
            funding_level=FundingLevel.APBD_REGENCY,
        )
        agency.members.add(user)
        ppk = Ppk.objects.create(nip=nip_for(7), name="Andi Wijaya", agency=agency, user=user)
        today = timezone.localdate()
        project = make_project(
            name="Rehabilitasi Jalan Tanjungpura",
            agency=agency,
            ppk=ppk,
            region_id="61.71.01",
            fiscal_year=today.year,
            spk_date=today - timedelta(days=60),
        )
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        _login(page, live_server.url, user.username)
        page.goto(f"{live_server.url}/proyek/saya/")
        item = page.get_by_test_id("todo-item").filter(has_text=project.name)
        expect(item).to_have_attribute("data-status", "overdue")

        item.get_by_role("link", name=project.name).click()
        expect(page).to_have_url(re.compile(rf"/proyek/{project.pk}/$"))
        expect(page.get_by_test_id("project-status")).to_have_attribute("data-status", "overdue")

        page.get_by_test_id("record-registration").click()
        page.locator("#id_bpjs_project_number").fill("2026110001")
        page.locator("#id_registered_on").fill(today.isoformat())
        page.get_by_test_id("project-form").locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/proyek/{project.pk}/$"))
        expect(page.get_by_test_id("project-status")).to_have_attribute(
            "data-status", "registered_underpaid"
        )

        page.get_by_test_id("record-payment").click()
        page.locator("#id_amount").fill(_rupiah(project.contribution_total))
        page.locator("#id_paid_on").fill(today.isoformat())
        page.get_by_test_id("project-form").locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/proyek/{project.pk}/$"))
        expect(page.get_by_test_id("project-status")).to_have_attribute("data-status", "fully_paid")
        expect(page.get_by_test_id("timeline")).to_contain_text("2026110001")

        page.goto(f"{live_server.url}/proyek/saya/")
        expect(page.get_by_test_id("todo-item")).to_have_count(0)
        expect(page.get_by_test_id("done-item")).to_have_attribute("data-status", "fully_paid")
        assert errors == []

    def test_public_page_works_on_a_phone(self, live_server, browser):
        project = make_project(spk_date=timezone.localdate() - timedelta(days=10))
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.goto(f"{live_server.url}/v/{project.public_token}/")
        expect(page.get_by_test_id("verify-name")).to_have_text(project.name)
        expect(page.get_by_test_id("verify-status")).to_have_attribute("data-registered", "no")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        page.goto(f"{live_server.url}/v/not-a-real-token/")
        expect(page.get_by_test_id("verify-not-found")).to_be_visible()
        context.close()
