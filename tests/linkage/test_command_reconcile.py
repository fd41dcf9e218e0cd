"""``lindung reconcile``: the same service as the UI, with a JSON summary and exit code 2."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.accounts.models import AuditEvent
from lindung.linkage.models import ReconciliationRun, RunStatus, WorkerStatus
from tests.factories import accounts as f
from tests.factories import linkage as lf

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> lf.Scenario:
    return lf.make_scenario(registered=30, unregistered=5, strangers=20)


class TestReconcileCommand:
    def test_json_summary_of_a_system_run(self, scenario):
        out = StringIO()
        call_command("reconcile", "--snapshot", str(scenario.snapshot.pk), "--json", stdout=out)
        summary = json.loads(out.getvalue())
        run = ReconciliationRun.objects.get()
        assert summary["run"] == run.pk
        assert summary["review"] == 1
        assert summary["workers"] == WorkerStatus.objects.filter(run=run).count()
        assert run.status == RunStatus.FINISHED
        assert run.started_by is None
        assert AuditEvent.objects.get(action="reconciliation.finish").actor_username == "system"

    def test_regency_run_as_a_user(self, scenario):
        analyst = f.UserFactory.create()
        out = StringIO()
        call_command(
            "reconcile",
            "--snapshot", str(scenario.snapshot.pk),
            "--region", "61.71",
            "--user", analyst.username,
            "--accept", "0.8",
            stdout=out,
        )  # fmt: skip
        run = ReconciliationRun.objects.get()
        assert (run.region_id, run.started_by, run.accept_threshold) == ("61.71", analyst, 0.8)
        assert f"Run {run.pk}:" in out.getvalue()

    def test_bad_input_exits_2_and_runs_nothing(self, scenario):
        with pytest.raises(CommandError) as caught:
            call_command(
                "reconcile", "--snapshot", str(scenario.snapshot.pk), "--region", "61.71.01"
            )
        assert caught.value.returncode == 2
        assert "region" in str(caught.value)
        assert not ReconciliationRun.objects.exists()

    def test_user_without_the_permission_exits_2(self, scenario):
        officer = f.regency_officer("61.71")
        with pytest.raises(CommandError) as caught:
            call_command(
                "reconcile", "--snapshot", str(scenario.snapshot.pk), "--user", officer.username
            )
        assert caught.value.returncode == 2
        assert not ReconciliationRun.objects.exists()

    def test_unknown_user_exits_2(self, scenario):
        with pytest.raises(CommandError) as caught:
            call_command("reconcile", "--snapshot", str(scenario.snapshot.pk), "--user", "nobody")
        assert caught.value.returncode == 2
