"""/api/v1/reconciliation: scoped like the pages, masked, decisions applied at once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from lindung.accounts.models import Role, User
from lindung.linkage import services
from lindung.linkage.models import ReconciliationRun, ReviewCandidate
from tests.factories import accounts as f
from tests.factories import linkage as lf

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reconciliation"


@pytest.fixture
def scenario() -> lf.Scenario:
    return lf.make_scenario(registered=30, unregistered=5, strangers=20)


@pytest.fixture
def run(scenario: lf.Scenario) -> ReconciliationRun:
    return services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


class TestRuns:
    def test_list_and_detail_with_counts(self, run):
        client = _client(f.admin())
        listed = client.get(f"{BASE}/runs").json()
        assert listed["count"] == 1
        detail = client.get(f"{BASE}/runs/{run.pk}").json()
        assert detail["status"] == "finished"
        assert detail["counts"]["review"] == 1
        assert detail["counts"]["workers"] == run.worker_count

    def test_regency_officer_counts_are_their_regencys(self, run):
        detail = _client(f.regency_officer("61.01")).get(f"{BASE}/runs/{run.pk}").json()
        assert detail["counts"]["workers"] == 0

    def test_start_a_run(self, scenario, django_capture_on_commit_callbacks):
        client = _client(f.UserFactory.create(role=Role.BPJS_OFFICER))
        with django_capture_on_commit_callbacks() as callbacks:
            response = _post(client, f"{BASE}/runs", {"snapshot": scenario.snapshot.pk})
        assert response.status_code == 201
        assert response.json()["status"] == "pending"
        assert response.json()["job_id"]
        assert len(callbacks) == 1

    def test_start_with_bad_thresholds_is_422(self, scenario):
        client = _client(f.admin())
        response = _post(
            client, f"{BASE}/runs", {"snapshot": scenario.snapshot.pk, "accept": 0.4, "review": 0.6}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["review"]
        assert not ReconciliationRun.objects.exists()

    def test_cadre_cannot_start_or_read(self, scenario):
        client = _client(f.user_of_role(Role.VILLAGE_CADRE, "61.71.01"))
        assert _post(client, f"{BASE}/runs", {"snapshot": scenario.snapshot.pk}).status_code == 403
        assert client.get(f"{BASE}/runs").status_code == 403

    def test_coverage_and_worker_statuses(self, run, scenario):
        client = _client(f.admin())
        coverage = client.get(f"{BASE}/runs/{run.pk}/coverage").json()
        assert coverage[0]["regency_code"] == "61.71"
        assert coverage[0]["covered"] == run.covered_count
        lapsed = client.get(f"{BASE}/runs/{run.pk}/workers?status=lapsed").json()
        assert lapsed["count"] == 1
        item = lapsed["items"][0]
        assert item["name_masked"] == "E******* K*****"
        assert item["lapsed_since"] == "2025-09-01"


class TestReview:
    def test_queue_is_masked_and_explained(self, run, scenario):
        pairs = _client(f.admin()).get(f"{BASE}/runs/{run.pk}/review").json()
        assert pairs["count"] == 1
        pair = pairs["items"][0]
        assert pair["worker_name_masked"] == "M**** G***** S********"
        fields = {row["field"]: row for row in pair["fields"]}
        assert fields["name"]["agreement"] == "agree"
        assert fields["birth_date"]["agreement"] == "partial"

    def test_accept_through_the_api(self, run, scenario):
        candidate = ReviewCandidate.objects.get(status__run=run)
        client = _client(f.admin())
        response = _post(client, f"{BASE}/review/{candidate.pk}/decision", {"decision": "accept"})
        assert response.status_code == 200
        assert response.json()["status"] == "covered"
        assert response.json()["match_type"] == "reviewed"
        again = _post(client, f"{BASE}/review/{candidate.pk}/decision", {"decision": "reject"})
        assert again.status_code == 409

    def test_regency_officer_cannot_decide(self, run):
        candidate = ReviewCandidate.objects.get(status__run=run)
        client = _client(f.regency_officer("61.71"))
        response = _post(client, f"{BASE}/review/{candidate.pk}/decision", {"decision": "accept"})
        assert response.status_code == 403


class TestWorkerProtection:
    def test_protection_of_a_readable_worker(self, run, scenario):
        worker = scenario.workers["lapsed"]
        body = _client(f.admin()).get(f"{BASE}/workers/{worker.pk}/protection").json()
        assert body["status"] == "lapsed"
        assert body["lapsed_since"] == "2025-09-01"
        assert body["run_id"] == run.pk
        assert body["snapshot_date"] == scenario.snapshot.extract_date.isoformat()

    def test_out_of_scope_worker_is_404(self, run, scenario):
        worker = scenario.workers["lapsed"]
        client = _client(f.regency_officer("61.01"))
        assert client.get(f"{BASE}/workers/{worker.pk}/protection").status_code == 404
