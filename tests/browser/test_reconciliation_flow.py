"""An analyst reconciles the registry with BPJS data, reviews a borderline pair and sees the
worker's status change."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from lindung.accounts.models import Role
from lindung.linkage.models import MatchType, Protection, ReconciliationRun, WorkerStatus
from tests.factories import accounts as f
from tests.factories import linkage as lf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _short_timeouts(page: Page) -> None:
    page.set_default_timeout(15_000)


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"^(?!.*masuk).*$"))


def _run_task_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in tests/jobs: keep the test's connection open while the worker drains the queue.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


class TestReconciliationFlow:
    def test_analyst_reconciles_and_confirms_a_borderline_pair(
        self, live_server, page: Page, monkeypatch
    ):
        scenario = lf.make_scenario(registered=40, unregistered=10, strangers=30)
        analyst = f.UserFactory.create(role=Role.PROVINCIAL_ANALYST, username="analis.kalbar")
        borderline = scenario.workers["borderline"]
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        _login(page, live_server.url, analyst.username)
        page.get_by_role("link", name=re.compile("Rekonsiliasi|Reconciliation")).first.click()
        expect(page.get_by_test_id("start-form")).to_be_visible()
        page.get_by_test_id("start-run").click()

        # The run page shows the job's progress panel while the task waits for a worker.
        expect(page).to_have_url(re.compile(r"/rekonsiliasi/\d+/$"))
        expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "pending")
        run = ReconciliationRun.objects.get()
        assert run.started_by == analyst

        _run_task_worker(monkeypatch)

        # The page notices the run finished and reloads with the results.
        expect(page.get_by_test_id("run-counts")).to_be_visible()
        expect(page.get_by_test_id("count-review")).to_have_text("1")
        page.get_by_test_id("open-review").click()

        expect(page).to_have_url(re.compile(r"/tinjau/$"))
        page.locator('a[data-testid^="review-"]').first.click()
        pair = page.get_by_test_id("pair")
        expect(pair).to_contain_text("M**** G***** S********")  # masked by default
        expect(pair.locator('tr[data-agreement="partial"]').first).to_be_visible()
        page.get_by_test_id("accept").click()

        expect(page.get_by_test_id("queue-empty")).to_be_visible()
        status = WorkerStatus.objects.get(run=run, worker=borderline)
        assert (status.status, status.match_type) == (Protection.COVERED, MatchType.REVIEWED)

        page.goto(f"{live_server.url}/pekerja/{borderline.pk}/")
        protection = page.get_by_test_id("protection-status")
        expect(protection.locator("[data-status]")).to_have_attribute("data-status", "covered")
        assert errors == []
