"""Reconciliation pages: start, progress, results, the review queue, masking and reveals."""

from __future__ import annotations

import pytest
from django.test import Client

from lindung.accounts.models import AuditEvent, Role, User
from lindung.jobs.models import Job
from lindung.linkage import services
from lindung.linkage.models import (
    LinkDecision,
    MatchType,
    Protection,
    ReconciliationRun,
    ReviewCandidate,
    WorkerStatus,
)
from tests.factories import accounts as f
from tests.factories import linkage as lf

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> lf.Scenario:
    return lf.make_scenario(registered=40, unregistered=10, strangers=30)


@pytest.fixture
def analyst() -> User:
    return f.UserFactory.create(role=Role.PROVINCIAL_ANALYST, region_id="61")


def _run(scenario: lf.Scenario) -> ReconciliationRun:
    return services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61")


def _candidate(run: ReconciliationRun, scenario: lf.Scenario) -> ReviewCandidate:
    return ReviewCandidate.objects.get(
        status__run=run, status__worker=scenario.workers["borderline"]
    )


class TestRunList:
    def test_analyst_sees_runs_and_the_start_form(self, client: Client, scenario, analyst):
        run = _run(scenario)
        client.force_login(analyst)
        html = client.get("/rekonsiliasi/").content.decode()
        assert 'data-testid="start-form"' in html
        assert f"/rekonsiliasi/{run.pk}/" in html

    def test_regency_officer_reads_without_the_start_form(self, client: Client, scenario):
        _run(scenario)
        client.force_login(f.regency_officer("61.71"))
        response = client.get("/rekonsiliasi/")
        assert response.status_code == 200
        assert 'data-testid="start-form"' not in response.content.decode()

    @pytest.mark.parametrize(
        ("role", "region"), [(Role.VILLAGE_CADRE, "61.71.01"), (Role.CONTRACTOR, "61.71")]
    )
    def test_cadre_and_contractor_are_refused(self, client: Client, role, region):
        client.force_login(f.user_of_role(role, region))
        assert client.get("/rekonsiliasi/").status_code == 403

    def test_without_a_loaded_snapshot_the_form_says_so(self, client: Client, analyst):
        client.force_login(analyst)
        html = client.get("/rekonsiliasi/").content.decode()
        assert 'data-testid="no-snapshot"' in html


class TestStartRun:
    def test_analyst_starts_a_run_and_lands_on_its_page(
        self, client: Client, scenario, analyst, django_capture_on_commit_callbacks
    ):
        client.force_login(analyst)
        with django_capture_on_commit_callbacks() as callbacks:
            response = client.post(
                "/rekonsiliasi/mulai/",
                {
                    "snapshot": scenario.snapshot.pk,
                    "region": "61",
                    "accept": "0.9",
                    "review": "0.5",
                },
            )
        run = ReconciliationRun.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/rekonsiliasi/{run.pk}/"
        assert run.started_by == analyst
        assert run.job is not None
        assert len(callbacks) == 1  # the task is enqueued after commit
        page = client.get(response["Location"]).content.decode()
        assert 'data-testid="job-progress"' in page
        assert f"/rekonsiliasi/{run.pk}/keadaan/" in page

    def test_review_above_accept_is_shown_on_the_field(self, client: Client, scenario, analyst):
        client.force_login(analyst)
        response = client.post(
            "/rekonsiliasi/mulai/",
            {"snapshot": scenario.snapshot.pk, "region": "61", "accept": "0.6", "review": "0.8"},
        )
        assert response.status_code == 422
        assert list(response.context["form"].errors) == ["review"]
        assert 'class="field has-error"' in response.content.decode()
        assert not ReconciliationRun.objects.exists()
        assert not Job.objects.exists()

    def test_regency_officer_cannot_start(self, client: Client, scenario):
        client.force_login(f.regency_officer("61.71"))
        response = client.post(
            "/rekonsiliasi/mulai/",
            {"snapshot": scenario.snapshot.pk, "region": "61.71", "accept": "0.9", "review": "0.5"},
        )
        assert response.status_code == 403
        assert not ReconciliationRun.objects.exists()


class TestRunPages:
    def test_state_poll_refreshes_the_page_once_finished(self, client: Client, scenario, analyst):
        pending = services.create_run(
            actor=analyst, snapshot_id=scenario.snapshot.pk, region_code="61"
        )
        client.force_login(analyst)
        assert client.get(f"/rekonsiliasi/{pending.pk}/keadaan/").status_code == 204
        services.execute_run(run_id=pending.pk)
        response = client.get(f"/rekonsiliasi/{pending.pk}/keadaan/")
        assert response.status_code == 200
        assert response["HX-Refresh"] == "true"

    def test_finished_run_shows_counts_coverage_and_the_model(
        self, client: Client, scenario, analyst
    ):
        run = _run(scenario)
        client.force_login(analyst)
        html = client.get(f"/rekonsiliasi/{run.pk}/").content.decode()
        assert f'data-testid="count-review">{run.review_count}<' in html
        assert 'data-testid="coverage-table"' in html
        assert 'data-testid="model-table"' in html
        assert "Kota Pontianak" in html

    def test_worker_list_filters_by_status_and_masks_names(self, client: Client, scenario, analyst):
        run = _run(scenario)
        client.force_login(analyst)
        html = client.get(f"/rekonsiliasi/{run.pk}/pekerja/?status=lapsed").content.decode()
        assert "E******* K*****" in html
        assert "Ernawati" not in html
        assert html.count("data-worker=") == 1

    def test_regency_officer_gets_404_for_another_regencys_run(self, client: Client, scenario):
        run = services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61.71")
        client.force_login(f.regency_officer("61.01"))
        assert client.get(f"/rekonsiliasi/{run.pk}/").status_code == 404
        assert client.get(f"/rekonsiliasi/{run.pk}/pekerja/").status_code == 404


class TestReviewPages:
    def test_queue_lists_the_borderline_pair_masked(self, client: Client, scenario, analyst):
        run = _run(scenario)
        candidate = _candidate(run, scenario)
        client.force_login(analyst)
        html = client.get(f"/rekonsiliasi/{run.pk}/tinjau/").content.decode()
        assert f'data-testid="review-{candidate.pk}"' in html
        assert "Sembiring" not in html

    def test_pair_is_masked_with_field_agreement(self, client: Client, scenario, analyst):
        run = _run(scenario)
        candidate = _candidate(run, scenario)
        client.force_login(analyst)
        html = client.get(f"/rekonsiliasi/tinjau/{candidate.pk}/").content.decode()
        assert "M**** G***** S********" in html
        assert "Sembiring" not in html
        assert scenario.kpj["borderline"] not in html
        assert 'data-agreement="agree"' in html  # the names
        assert 'data-agreement="partial"' in html  # the birth dates
        assert 'data-testid="accept"' in html
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()

    def test_reveal_shows_both_sides_and_audits_both(self, client: Client, scenario, analyst):
        run = _run(scenario)
        candidate = _candidate(run, scenario)
        client.force_login(analyst)
        response = client.post(f"/rekonsiliasi/tinjau/{candidate.pk}/buka/")
        html = response.content.decode()
        assert "Maria Goreti Sembiring" in html
        assert "Maria Gorety Sembiring" in html
        assert scenario.kpj["borderline"] in html
        reveals = AuditEvent.objects.filter(action="personal_data.reveal", actor=analyst)
        assert set(reveals.values_list("entity_type", "entity_id")) == {
            ("worker", str(scenario.workers["borderline"].pk)),
            ("participant", str(candidate.participant_id)),
        }

    def test_reveal_needs_the_reveal_permission(self, client: Client, scenario):
        run = _run(scenario)
        candidate = _candidate(run, scenario)
        client.force_login(f.user_of_role(Role.VILLAGE_CADRE, "61.71.01"))
        assert client.post(f"/rekonsiliasi/tinjau/{candidate.pk}/buka/").status_code == 403
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()

    def test_accept_updates_the_worker_and_returns_to_the_queue(
        self, client: Client, scenario, analyst
    ):
        run = _run(scenario)
        candidate = _candidate(run, scenario)
        client.force_login(analyst)
        response = client.post(
            f"/rekonsiliasi/tinjau/{candidate.pk}/putuskan/", {"decision": "accept"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/rekonsiliasi/{run.pk}/tinjau/"
        status = WorkerStatus.objects.get(run=run, worker=scenario.workers["borderline"])
        assert (status.status, status.match_type) == (Protection.COVERED, MatchType.REVIEWED)
        queue = client.get(response["Location"]).content.decode()
        assert 'data-testid="queue-empty"' in queue

    def test_regency_officer_may_look_but_not_decide(self, client: Client, scenario):
        run = _run(scenario)
        candidate = _candidate(run, scenario)
        client.force_login(f.regency_officer("61.71"))
        html = client.get(f"/rekonsiliasi/tinjau/{candidate.pk}/").content.decode()
        assert 'data-testid="accept"' not in html
        response = client.post(
            f"/rekonsiliasi/tinjau/{candidate.pk}/putuskan/", {"decision": "accept"}
        )
        assert response.status_code == 302
        assert not LinkDecision.objects.exists()

    def test_missing_decision_changes_nothing(self, client: Client, scenario, analyst):
        run = _run(scenario)
        candidate = _candidate(run, scenario)
        client.force_login(analyst)
        client.post(f"/rekonsiliasi/tinjau/{candidate.pk}/putuskan/", {"decision": "maybe"})
        assert not LinkDecision.objects.exists()


class TestWorkerProtectionFragment:
    def test_worker_page_loads_the_protection_section(self, client: Client, scenario, analyst):
        client.force_login(analyst)
        worker = scenario.workers["lapsed"]
        page = client.get(f"/pekerja/{worker.pk}/").content.decode()
        assert f"/rekonsiliasi/pekerja/{worker.pk}/perlindungan/" in page

    def test_fragment_shows_lapsed_since_and_the_run(self, client: Client, scenario, analyst):
        run = _run(scenario)
        client.force_login(analyst)
        worker = scenario.workers["lapsed"]
        html = client.get(f"/rekonsiliasi/pekerja/{worker.pk}/perlindungan/").content.decode()
        assert 'data-status="lapsed"' in html
        assert "September 2025" in html
        assert f"/rekonsiliasi/{run.pk}/" in html

    def test_cadre_sees_the_status_without_the_run_link(self, client: Client, scenario):
        run = _run(scenario)
        client.force_login(f.user_of_role(Role.VILLAGE_CADRE, "61.71.01"))
        worker = scenario.workers["exact"]
        html = client.get(f"/rekonsiliasi/pekerja/{worker.pk}/perlindungan/").content.decode()
        assert 'data-status="covered"' in html
        assert f"/rekonsiliasi/{run.pk}/" not in html

    def test_unreconciled_worker(self, client: Client, scenario, analyst):
        client.force_login(analyst)
        worker = scenario.workers["exact"]
        html = client.get(f"/rekonsiliasi/pekerja/{worker.pk}/perlindungan/").content.decode()
        assert 'data-status="unknown"' in html

    def test_out_of_scope_worker_is_not_found(self, client: Client, scenario):
        _run(scenario)
        client.force_login(f.regency_officer("61.01"))
        worker = scenario.workers["exact"]
        response = client.get(f"/rekonsiliasi/pekerja/{worker.pk}/perlindungan/")
        assert response.status_code == 404
