"""Who sees which runs and statuses: province-wide roles all, a regency officer their regency."""

from __future__ import annotations

import pytest

from lindung.accounts.models import Role
from lindung.linkage import selectors, services
from lindung.linkage.errors import ReviewCandidateNotFound, RunNotFound
from lindung.linkage.models import Protection, ReconciliationRun
from tests.factories import accounts as f
from tests.factories import linkage as lf
from tests.factories.workers import WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> lf.Scenario:
    scenario = lf.make_scenario(registered=40, unregistered=10, strangers=30)
    WorkerFactory.create(district="61.01.01", sector="fishing")  # a Sambas worker
    return scenario


def _run(scenario: lf.Scenario, region: str = "61") -> ReconciliationRun:
    return services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code=region)


class TestReadableRuns:
    @pytest.mark.parametrize("role", [Role.PROVINCIAL_ANALYST, Role.BPJS_OFFICER])
    def test_province_wide_roles_see_every_run(self, scenario, role):
        province, pontianak = _run(scenario), _run(scenario, "61.71")
        actor = f.user_of_role(role, "61")
        assert set(selectors.readable_runs(actor=actor)) == {province, pontianak}

    def test_regency_officer_sees_own_and_province_runs_only(self, scenario):
        province, pontianak = _run(scenario), _run(scenario, "61.71")
        sambas = _run(scenario, "61.01")
        officer = f.regency_officer("61.71")
        assert set(selectors.readable_runs(actor=officer)) == {province, pontianak}
        with pytest.raises(RunNotFound):
            selectors.access_run(actor=officer, run_id=sambas.pk)

    @pytest.mark.parametrize(
        ("role", "region"),
        [
            (Role.VILLAGE_CADRE, "61.71.01"),
            (Role.CONTRACTOR, "61.71"),
            (Role.AGENCY_USER, "61.71"),
        ],
    )
    def test_roles_without_participant_access_see_nothing(self, scenario, role, region):
        run = _run(scenario)
        actor = f.user_of_role(role, region)
        assert not selectors.readable_runs(actor=actor).exists()
        assert not selectors.readable_statuses(actor=actor).exists()
        with pytest.raises(RunNotFound):
            selectors.access_run(actor=actor, run_id=run.pk)


class TestReadableStatuses:
    def test_regency_officer_sees_only_workers_of_their_regency(self, scenario):
        run = _run(scenario)
        officer = f.regency_officer("61.01")
        statuses = selectors.run_statuses(actor=officer, run=run)
        assert statuses.count() == 1
        assert all(s.region_code.startswith("61.01.") for s in statuses)

    def test_scoped_counts_for_a_regency_officer(self, scenario):
        run = _run(scenario)
        counts = selectors.run_counts(actor=f.regency_officer("61.01"), run=run)
        assert counts["worker_count"] == 1
        assert counts["not_registered_count"] == 1
        assert counts["covered_count"] == 0
        full = selectors.run_counts(actor=f.admin(), run=run)
        assert full["worker_count"] == run.worker_count

    def test_review_pairs_outside_the_region_are_not_found(self, scenario):
        run = _run(scenario)
        candidate = selectors.review_queue(actor=f.admin(), run=run).get()
        officer = f.regency_officer("61.01")
        assert not selectors.review_queue(actor=officer, run=run).exists()
        with pytest.raises(ReviewCandidateNotFound):
            selectors.access_candidate(actor=officer, candidate_id=candidate.pk)
        own = f.regency_officer("61.71")
        assert selectors.access_candidate(actor=own, candidate_id=candidate.pk) == candidate

    def test_filter_by_status_and_region(self, scenario):
        run = _run(scenario)
        admin = f.admin()
        review = selectors.run_statuses(actor=admin, run=run, status=Protection.REVIEW)
        assert [s.worker_id for s in review] == [scenario.workers["borderline"].pk]
        sambas = selectors.run_statuses(actor=admin, run=run, region_code="61.01")
        assert sambas.count() == 1

    def test_scoped_coverage_stays_inside_the_officers_regency(self, scenario):
        run = _run(scenario)
        officer = f.regency_officer("61.01")
        rows = selectors.scoped_coverage(actor=officer, run=run, region_code="61.71")
        assert [r.regency_code for r in rows] == ["61.01"]
        rows = selectors.scoped_coverage(actor=f.admin(), run=run)
        assert {r.regency_code for r in rows} == {"61.01", "61.71"}


class TestLatestFinishedRun:
    def test_a_regency_is_covered_by_its_own_or_the_province_run(self, scenario):
        province = _run(scenario)
        assert selectors.latest_finished_run(region_code="61.01") == province
        pontianak = _run(scenario, "61.71")
        assert selectors.latest_finished_run(region_code="61.71") == pontianak
        assert selectors.latest_finished_run(region_code="61.01") == province
