"""Reconciliation runs: every worker gets one status; decisions are applied at once and later."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lindung.accounts.models import AuditEvent, Role, User
from lindung.jobs.models import Job, JobStatus
from lindung.linkage import selectors, services
from lindung.linkage.errors import (
    CandidateAlreadyDecided,
    ReconcileNotAllowed,
    RunInProgress,
    RunInvalid,
)
from lindung.linkage.models import (
    LinkDecision,
    MatchType,
    Protection,
    ReconciliationRun,
    ReviewCandidate,
    RunStatus,
    WorkerStatus,
)
from lindung.linkage.tasks import reconcile_task
from lindung.participants.models import Snapshot
from tests.factories import accounts as f
from tests.factories import linkage as lf
from tests.factories.workers import WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> lf.Scenario:
    return lf.make_scenario()


@pytest.fixture
def analyst() -> User:
    return f.UserFactory.create(role=Role.PROVINCIAL_ANALYST, region_id="61")


def _run(
    scenario: lf.Scenario,
    actor: User | None = None,
    accept: float | None = None,
    review: float | None = None,
) -> ReconciliationRun:
    return services.reconcile(
        actor=actor,
        snapshot_id=scenario.snapshot.pk,
        region_code="61",
        accept=accept,
        review=review,
    )


def _status(run: ReconciliationRun, scenario: lf.Scenario, key: str) -> WorkerStatus:
    return WorkerStatus.objects.select_related("participant").get(
        run=run, worker=scenario.workers[key]
    )


def _candidate(run: ReconciliationRun, scenario: lf.Scenario, key: str) -> ReviewCandidate:
    return ReviewCandidate.objects.get(status=_status(run, scenario, key), rank=1)


class TestStatuses:
    @pytest.mark.parametrize(
        ("key", "protection", "match_type"),
        [
            ("exact", Protection.COVERED, MatchType.NIK_EXACT),
            ("typo", Protection.COVERED, MatchType.NIK_NEAR),
            ("fuzzy", Protection.COVERED, MatchType.FUZZY),
            ("lapsed", Protection.LAPSED, MatchType.NIK_EXACT),
        ],
    )
    def test_linked_worker_gets_the_participants_standing(
        self, scenario, analyst, key, protection, match_type
    ):
        run = _run(scenario, analyst)
        status = _status(run, scenario, key)
        assert status.status == protection
        assert status.match_type == match_type
        assert status.participant is not None
        assert status.participant.kpj == scenario.kpj[key]
        assert status.score is not None
        assert status.score >= run.accept_threshold

    def test_lapsed_worker_keeps_the_last_paid_month(self, scenario):
        run = _run(scenario)
        assert _status(run, scenario, "lapsed").lapsed_since == date(2025, 9, 1)
        assert _status(run, scenario, "exact").lapsed_since is None

    def test_worker_without_participant_is_not_registered(self, scenario):
        run = _run(scenario)
        status = _status(run, scenario, "none")
        assert status.status == Protection.NOT_REGISTERED
        assert status.participant is None
        assert status.match_type == ""

    def test_borderline_pair_waits_for_review(self, scenario):
        run = _run(scenario)
        status = _status(run, scenario, "borderline")
        assert status.status == Protection.REVIEW
        assert status.participant is None
        candidate = _candidate(run, scenario, "borderline")
        assert candidate.participant.kpj == scenario.kpj["borderline"]
        assert run.review_threshold <= candidate.score < run.accept_threshold

    def test_every_registry_worker_gets_exactly_one_status(self, scenario):
        run = _run(scenario)
        workers = len(scenario.population.workers) + len(scenario.workers)
        assert WorkerStatus.objects.filter(run=run).count() == workers == run.worker_count
        assert (
            run.covered_count + run.lapsed_count + run.not_registered_count + run.review_count
            == workers
        )

    def test_counts_per_status_and_match_type_match_the_rows(self, scenario):
        run = _run(scenario)
        rows = WorkerStatus.objects.filter(run=run)
        assert run.covered_count == rows.filter(status=Protection.COVERED).count()
        assert run.review_count == rows.filter(status=Protection.REVIEW).count() == 1
        assert run.nik_near_count == rows.filter(match_type=MatchType.NIK_NEAR).count() == 1
        assert run.fuzzy_count == rows.filter(match_type=MatchType.FUZZY).count()
        assert run.nik_exact_count == rows.filter(match_type=MatchType.NIK_EXACT).count()
        assert run.participant_count == len(scenario.population.rows)

    def test_two_registry_rows_of_one_person_share_one_participant(self, scenario):
        run = _run(scenario)
        first, second = _status(run, scenario, "twice_a"), _status(run, scenario, "twice_b")
        assert first.participant_id == second.participant_id is not None
        assert first.participant is not None
        assert first.participant.kpj == scenario.kpj["twice"]

    def test_explanation_lists_field_agreement(self, scenario):
        run = _run(scenario)
        fields = {row["field"]: row for row in _status(run, scenario, "typo").explanation["fields"]}
        assert fields["nik"]["agreement"] == "partial"
        assert fields["name"]["agreement"] == "agree"
        assert fields["birth_date"]["implied"] is True

    def test_model_parameters_and_timings_are_kept(self, scenario):
        run = _run(scenario)
        nik_levels = run.model_parameters["comparisons"]["nik"]
        assert [level["level"] for level in nik_levels] == ["differs", "one edit apart", "exact"]
        assert all({"m", "u", "weight"} <= set(level) for level in nik_levels)
        assert run.timings["total"] > 0
        assert run.status == RunStatus.FINISHED
        assert run.started_at is not None
        assert run.finished_at is not None

    def test_start_and_finish_are_audited(self, scenario, analyst):
        run = _run(scenario, analyst)
        events = AuditEvent.objects.filter(entity_type="reconciliation_run", entity_id=str(run.pk))
        assert set(events.values_list("action", flat=True)) == {
            "reconciliation.start",
            "reconciliation.finish",
        }
        assert events.get(action="reconciliation.finish").changes["after"]["review"] == 1
        assert events.get(action="reconciliation.start").actor == analyst

    def test_regency_run_covers_only_that_regencys_workers(self, scenario):
        elsewhere = WorkerFactory.create(district="61.01.01")
        run = services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61.71")
        assert not WorkerStatus.objects.filter(run=run, worker=elsewhere).exists()
        assert _status(run, scenario, "exact").status == Protection.COVERED

    def test_merged_workers_are_left_out(self, scenario):
        merged = WorkerFactory.create(
            district="61.71.01", merged_into=scenario.workers["exact"], nik_status="missing"
        )
        run = _run(scenario)
        assert not WorkerStatus.objects.filter(run=run, worker=merged).exists()

    def test_empty_snapshot_leaves_every_worker_not_registered(self):
        worker = WorkerFactory.create()
        snapshot = lf.make_snapshot([])
        run = services.reconcile(actor=None, snapshot_id=snapshot.pk, region_code="61")
        status = WorkerStatus.objects.get(run=run, worker=worker)
        assert status.status == Protection.NOT_REGISTERED
        assert run.not_registered_count == run.worker_count


class TestThresholds:
    def test_lower_accept_links_the_borderline_pair(self, scenario):
        run = _run(scenario, accept=0.75, review=0.5)
        status = _status(run, scenario, "borderline")
        assert status.status == Protection.COVERED
        assert status.match_type == MatchType.FUZZY
        assert run.review_count == 0

    def test_higher_review_drops_the_borderline_pair(self, scenario):
        run = _run(scenario, accept=0.95, review=0.9)
        assert _status(run, scenario, "borderline").status == Protection.NOT_REGISTERED
        assert not ReviewCandidate.objects.filter(status__run=run).exists()

    def test_defaults_come_from_settings(self, scenario, settings):
        settings.LINDUNG_RECONCILE_ACCEPT = 0.97
        settings.LINDUNG_RECONCILE_REVIEW = 0.4
        run = _run(scenario)
        assert (run.accept_threshold, run.review_threshold) == (0.97, 0.4)

    @pytest.mark.parametrize(
        ("accept", "review", "loc"),
        [(0.5, 0.9, "review"), (1.5, 0.5, "accept"), (0.9, 0.0, "review")],
    )
    def test_bad_thresholds_are_refused_and_nothing_is_written(self, scenario, accept, review, loc):
        with pytest.raises(RunInvalid) as caught:
            _run(scenario, accept=accept, review=review)
        assert [e.loc for e in caught.value.errors] == [(loc,)]
        assert not ReconciliationRun.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="reconciliation.").exists()


class TestStartChecks:
    def test_unloaded_snapshot_is_refused(self):
        loading = Snapshot.objects.create(
            extract_date=date(2026, 5, 31), original_name="x.csv", sha256="ab" * 32
        )
        with pytest.raises(RunInvalid) as caught:
            services.reconcile(actor=None, snapshot_id=loading.pk, region_code="61")
        assert caught.value.errors[0].code == "not_loaded"
        assert not ReconciliationRun.objects.exists()

    def test_unknown_snapshot_and_region_are_both_reported(self):
        with pytest.raises(RunInvalid) as caught:
            services.reconcile(actor=None, snapshot_id=999_999, region_code="99.99")
        assert {e.loc for e in caught.value.errors} == {("snapshot",), ("region",)}

    def test_a_district_is_not_a_run_scope(self, scenario):
        with pytest.raises(RunInvalid) as caught:
            services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61.71.01")
        assert caught.value.errors[0].code == "invalid_level"

    def test_second_run_of_a_busy_region_is_refused(self, scenario, analyst):
        services.create_run(actor=analyst, snapshot_id=scenario.snapshot.pk, region_code="61")
        with pytest.raises(RunInProgress):
            services.create_run(actor=analyst, snapshot_id=scenario.snapshot.pk, region_code="61")
        assert ReconciliationRun.objects.count() == 1

    def test_a_lost_run_no_longer_blocks_its_region(self, scenario, analyst):
        lost = services.create_run(
            actor=analyst, snapshot_id=scenario.snapshot.pk, region_code="61"
        )
        ReconciliationRun.objects.filter(pk=lost.pk).update(
            status=RunStatus.RUNNING, created_at=timezone.now() - timedelta(hours=7)
        )
        fresh = services.create_run(
            actor=analyst, snapshot_id=scenario.snapshot.pk, region_code="61"
        )
        assert fresh.pk != lost.pk

    def test_run_of_a_since_deactivated_user_still_reads_the_whole_region(self, scenario, analyst):
        run = services.create_run(actor=analyst, snapshot_id=scenario.snapshot.pk, region_code="61")
        analyst.is_active = False
        analyst.save(update_fields=["is_active"])
        services.execute_run(run_id=run.pk)
        run.refresh_from_db()
        assert run.worker_count == len(scenario.population.workers) + len(scenario.workers)

    @pytest.mark.parametrize(
        ("role", "region"),
        [
            (Role.REGENCY_OFFICER, "61.71"),
            (Role.VILLAGE_CADRE, "61.71.01"),
            (Role.CONTRACTOR, "61.71"),
            (Role.AGENCY_USER, "61.71"),
        ],
    )
    def test_roles_without_reconcile_cannot_run(self, scenario, role, region):
        actor = f.user_of_role(role, region)
        with pytest.raises(ReconcileNotAllowed):
            services.reconcile(actor=actor, snapshot_id=scenario.snapshot.pk, region_code="61")
        with pytest.raises(ReconcileNotAllowed):
            services.start_reconciliation(
                actor=actor,
                snapshot_id=scenario.snapshot.pk,
                region_code="61",
                task=reconcile_task,
            )
        assert not ReconciliationRun.objects.exists()
        assert not Job.objects.exists()


def _drain_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker drops "old" connections between tasks; inside a test's transaction that
    # would close PostgreSQL's connection mid-test, so keep it for the duration.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


class TestBackgroundJob:
    def test_run_starts_after_commit_and_finishes_in_the_worker(
        self, scenario, analyst, django_capture_on_commit_callbacks, monkeypatch
    ):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.start_reconciliation(
                actor=analyst,
                snapshot_id=scenario.snapshot.pk,
                region_code="61",
                task=reconcile_task,
            )
        assert run.status == RunStatus.PENDING
        assert run.job is not None
        _drain_queue(monkeypatch)
        run.refresh_from_db()
        job = Job.objects.get(pk=run.job.pk)
        assert run.status == RunStatus.FINISHED
        assert job.status == JobStatus.SUCCEEDED
        assert job.percent == 100
        assert job.result["review"] == run.review_count == 1
        assert job.created_by == analyst

    def test_failure_marks_run_and_job_failed_and_stores_nothing(
        self, scenario, analyst, monkeypatch
    ):
        run = services.create_run(actor=analyst, snapshot_id=scenario.snapshot.pk, region_code="61")

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("duckdb out of memory")

        monkeypatch.setattr("lindung.linkage.engine.link.link_frames", broken)
        with pytest.raises(RuntimeError):
            services.execute_run(run_id=run.pk)
        run.refresh_from_db()
        assert run.status == RunStatus.FAILED
        assert "duckdb out of memory" in run.error_message
        assert not WorkerStatus.objects.filter(run=run).exists()
        assert AuditEvent.objects.filter(
            action="reconciliation.fail", entity_id=str(run.pk)
        ).exists()

    def test_a_finished_run_is_not_executed_twice(self, scenario):
        run = _run(scenario)
        again = services.execute_run(run_id=run.pk)
        assert again.finished_at == run.finished_at
        assert WorkerStatus.objects.filter(run=run).count() == run.worker_count


class TestReviewDecisions:
    def test_accepting_links_the_worker_at_once(self, scenario, analyst):
        run = _run(scenario, analyst)
        candidate = _candidate(run, scenario, "borderline")
        status = services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=True)
        assert status.status == Protection.COVERED
        assert status.match_type == MatchType.REVIEWED
        assert status.participant_id == candidate.participant_id
        assert status.explanation["decision"]["decided_by"] == analyst.username
        run.refresh_from_db()
        assert (run.review_count, run.reviewed_count) == (0, 1)
        decision = LinkDecision.objects.get(worker=scenario.workers["borderline"])
        assert decision.accepted
        assert decision.kpj == scenario.kpj["borderline"]
        assert decision.decided_by == analyst
        event = AuditEvent.objects.get(action="reconciliation.accept")
        assert event.changes["after"]["status"] == "covered"
        assert event.changes["decision"]["kpj"] == scenario.kpj["borderline"]

    def test_rejecting_the_last_candidate_leaves_the_worker_not_registered(self, scenario, analyst):
        run = _run(scenario, analyst)
        candidate = _candidate(run, scenario, "borderline")
        status = services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=False)
        assert status.status == Protection.NOT_REGISTERED
        run.refresh_from_db()
        assert (run.review_count, run.not_registered_count) == (
            0,
            WorkerStatus.objects.filter(run=run, status=Protection.NOT_REGISTERED).count(),
        )
        assert not LinkDecision.objects.get(worker=scenario.workers["borderline"]).accepted
        assert AuditEvent.objects.filter(action="reconciliation.reject").count() == 1

    def test_a_pair_is_decided_once(self, scenario, analyst):
        run = _run(scenario, analyst)
        candidate = _candidate(run, scenario, "borderline")
        services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=True)
        with pytest.raises(CandidateAlreadyDecided):
            services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=False)
        assert LinkDecision.objects.get().accepted

    def test_regency_officer_cannot_decide(self, scenario):
        run = _run(scenario)
        candidate = _candidate(run, scenario, "borderline")
        officer = f.regency_officer("61.71")
        with pytest.raises(ReconcileNotAllowed):
            services.decide_candidate(actor=officer, candidate_id=candidate.pk, accept=True)
        assert not LinkDecision.objects.exists()
        assert _status(run, scenario, "borderline").status == Protection.REVIEW

    def test_accepted_pair_is_a_reviewed_link_in_the_next_run(self, scenario, analyst):
        first = _run(scenario, analyst)
        candidate = _candidate(first, scenario, "borderline")
        services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=True)
        second = _run(scenario, analyst)
        status = _status(second, scenario, "borderline")
        assert status.status == Protection.COVERED
        assert status.match_type == MatchType.REVIEWED
        assert status.participant is not None
        assert status.participant.kpj == scenario.kpj["borderline"]
        assert status.explanation["fields"]
        assert (second.review_count, second.reviewed_count) == (0, 1)

    def test_rejected_pair_never_comes_back(self, scenario, analyst):
        first = _run(scenario, analyst)
        candidate = _candidate(first, scenario, "borderline")
        services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=False)
        second = _run(scenario, analyst, accept=0.75)  # would otherwise link it outright
        status = _status(second, scenario, "borderline")
        assert status.status == Protection.NOT_REGISTERED
        assert not ReviewCandidate.objects.filter(status=status).exists()

    def test_decisions_follow_the_kpj_into_a_new_snapshot(self, scenario, analyst):
        first = _run(scenario, analyst)
        candidate = _candidate(first, scenario, "borderline")
        services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=True)
        later = lf.make_snapshot(
            [{**row, "standing": "lapsed", "last_paid_month": date(2026, 2, 1)}
             if row["kpj"] == scenario.kpj["borderline"] else row
             for row in scenario.population.rows]
        )  # fmt: skip
        run = services.reconcile(actor=analyst, snapshot_id=later.pk, region_code="61")
        status = _status(run, scenario, "borderline")
        assert status.status == Protection.LAPSED
        assert status.lapsed_since == date(2026, 2, 1)
        assert status.participant is not None
        assert status.participant.snapshot_id == later.pk


class TestWorkerProtection:
    def test_unreconciled_worker_is_unknown(self, scenario):
        protection = selectors.worker_protection(worker=scenario.workers["exact"])
        assert not protection.is_known
        assert protection.run_id is None

    def test_status_comes_with_its_run_and_snapshot(self, scenario):
        run = _run(scenario)
        protection = selectors.worker_protection(worker=scenario.workers["lapsed"])
        assert protection.status == Protection.LAPSED
        assert protection.lapsed_since == date(2025, 9, 1)
        assert protection.run_id == run.pk
        assert protection.snapshot_date == scenario.snapshot.extract_date

    def test_the_newest_snapshot_wins_over_a_later_run_of_an_older_one(self, scenario):
        newer = lf.make_snapshot(
            [row for row in scenario.population.rows if row["kpj"] != scenario.kpj["exact"]],
            extract_date=date(2027, 1, 31),
        )
        services.reconcile(actor=None, snapshot_id=newer.pk, region_code="61")
        _run(scenario)  # the older snapshot, reconciled afterwards
        protection = selectors.worker_protection(worker=scenario.workers["exact"])
        assert protection.status == Protection.NOT_REGISTERED
        assert protection.snapshot_date == date(2027, 1, 31)

    def test_failed_and_pending_runs_do_not_count(self, scenario):
        services.create_run(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61")
        assert not selectors.worker_protection(worker=scenario.workers["exact"]).is_known

    def test_many_workers_at_once(self, scenario):
        _run(scenario)
        stranger = WorkerFactory.create(district="61.01.01")
        found = selectors.protection_by_worker(
            worker_ids=[scenario.workers["exact"].pk, scenario.workers["none"].pk, stranger.pk]
        )
        assert found[scenario.workers["exact"].pk].status == Protection.COVERED
        assert found[scenario.workers["none"].pk].status == Protection.NOT_REGISTERED
        assert found[stranger.pk].status == "unknown"


class TestRegistryCoverage:
    def test_counts_per_regency_and_sector(self, scenario):
        fisher = WorkerFactory.create(district="61.01.01", sector="fishing")
        run = _run(scenario)
        rows = {(r.regency_code, r.sector): r for r in selectors.registry_coverage(run=run)}
        pontianak = rows[("61.71", "construction")]
        assert pontianak.workers == run.worker_count - 1
        assert pontianak.covered == run.covered_count
        assert pontianak.percent == round(100 * run.covered_count / pontianak.workers, 1)
        sambas = rows[("61.01", "fishing")]
        assert (sambas.workers, sambas.not_registered, sambas.percent) == (1, 1, 0.0)
        assert fisher.region_id.startswith("61.01")

    def test_limited_to_a_region(self, scenario):
        WorkerFactory.create(district="61.01.01", sector="fishing")
        run = _run(scenario)
        rows = selectors.registry_coverage(run=run, region_code="61.01")
        assert [(r.regency_code, r.sector) for r in rows] == [("61.01", "fishing")]
