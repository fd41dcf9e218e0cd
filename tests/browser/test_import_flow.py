"""An officer checks a project file first, sees the rejected row, then imports the rest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lindung.imports.models import BatchStatus, ImportBatch
from lindung.projects.models import Project
from tests.factories import accounts as f
from tests.imports.helpers import project_row, to_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _timeouts_and_immediate_tasks(page: Page, settings: Any) -> None:
    page.set_default_timeout(20_000)
    # The task runs in the request's thread once the request commits, not in a worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class TestCheckFirstImport:
    def test_officer_checks_then_imports_the_valid_rows(
        self, live_server, page: Page, tmp_path: Path
    ):
        officer = f.regency_officer("61.71", username="disnaker.pontianak")
        rows = [project_row(1), project_row(2), project_row(3, kode_wilayah="61.71.99")]
        upload = tmp_path / "proyek.csv"
        upload.write_bytes(to_csv(rows))
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(officer.username)
        page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.goto(f"{live_server.url}/impor/")
        form = page.get_by_test_id("upload-form")
        form.locator("#id_kind").select_option("projects")
        form.locator("#id_file").set_input_files(str(upload))
        form.get_by_label("Periksa dulu, impor sesudahnya").check()
        form.locator("button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/impor/[0-9a-f-]+/$"))
        expect(page.get_by_test_id("checked-only")).to_be_visible()
        expect(page.locator('[data-count="created"]')).to_have_text("2")
        expect(page.locator('[data-count="rejected"]')).to_have_text("1")
        expect(page.get_by_test_id("quarantine-link")).to_be_visible()
        assert not Project.objects.exists()

        page.get_by_test_id("confirm-import").click()

        expect(page.get_by_test_id("import-batch")).to_have_attribute("data-status", "committed")
        expect(page.locator('[data-count="created"]')).to_have_text("2")
        assert ImportBatch.objects.get().status == BatchStatus.COMMITTED
        assert Project.objects.count() == 2
        assert errors == []
