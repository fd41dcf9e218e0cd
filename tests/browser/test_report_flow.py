"""An analyst requests the semi-annual Inpres report, watches it finish and downloads both files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lindung.accounts.models import AuditEvent
from lindung.reports.models import Report, ReportStatus
from tests.factories import accounts as f
from tests.reports.data import make_report_data
from tests.reports.helpers import pdf_text, xlsx_sheets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _timeouts_and_immediate_tasks(page: Page, settings: Any) -> None:
    # Generating draws charts in a headless browser: allow it more than a page load.
    page.set_default_timeout(60_000)
    # The task runs in the request's thread once the request commits, not in a worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


class TestReportFlow:
    def test_analyst_generates_and_downloads_the_report(
        self, live_server, page: Page, tmp_path: Path
    ):
        make_report_data()
        analyst = f.UserFactory.create(username="analis.kalbar")
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        _login(page, live_server.url, analyst.username)
        page.locator('#main-nav a[href="/laporan/"]').click()
        expect(page).to_have_url(re.compile(r"/laporan/$"))
        form = page.get_by_test_id("report-form")
        form.locator("#id_region").select_option("61")
        form.locator("#id_year").select_option("2026")
        form.locator("#id_semester").select_option("1")
        form.locator("#id_language").select_option("id")
        form.locator("button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/laporan/\d+/$"))
        status = page.get_by_test_id("report-status")
        expect(status).to_have_attribute("data-status", "ready")
        report = Report.objects.get()
        assert report.status == ReportStatus.READY

        with page.expect_download() as pdf_download:
            page.get_by_test_id("download-pdf").click()
        pdf_path = tmp_path / pdf_download.value.suggested_filename
        pdf_download.value.save_as(pdf_path)
        with page.expect_download() as xlsx_download:
            page.get_by_test_id("download-xlsx").click()
        xlsx_path = tmp_path / xlsx_download.value.suggested_filename
        xlsx_download.value.save_as(xlsx_path)

        assert pdf_path.name == "laporan-inpres-61-2026-S1.pdf"
        text = pdf_text(pdf_path.read_bytes())
        assert "42.591 / 154.008" in text
        assert "27,66%" in text
        coverage = xlsx_sheets(xlsx_path.read_bytes())[1]
        assert any(row[2:5] == [42_591, 154_008, 27.66] for row in coverage)
        assert AuditEvent.objects.filter(action="report.generate", actor=analyst).count() == 1
        assert AuditEvent.objects.filter(action="report.download", actor=analyst).count() == 2

        page.goto(f"{live_server.url}/laporan/")
        row = page.get_by_test_id("report-list").locator(f'tr[data-report="{report.pk}"]')
        expect(row).to_contain_text("Kalimantan Barat")
        expect(row.get_by_role("link", name="PDF")).to_be_visible()
        assert errors == []
