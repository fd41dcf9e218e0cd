"""The demo reconciliation runs once per latest snapshot, as the demo analyst."""

from __future__ import annotations

from io import StringIO

import pytest

from lindung.demo.reconciliation import run_demo_reconciliation
from lindung.linkage.models import ReconciliationRun, RunStatus
from tests.factories import accounts as f
from tests.factories import linkage as lf

pytestmark = pytest.mark.django_db


class TestDemoReconciliation:
    def test_reconciles_the_latest_snapshot_once(self):
        analyst = f.UserFactory.create(username="analis")
        older = lf.make_snapshot([])
        scenario = lf.make_scenario(registered=20, unregistered=5, strangers=10)
        out = StringIO()
        reconciled = run_demo_reconciliation(stdout=out)
        run = ReconciliationRun.objects.get()
        assert reconciled == run.worker_count > 0
        assert run.snapshot == scenario.snapshot != older
        assert (run.region_id, run.started_by, run.status) == ("61", analyst, RunStatus.FINISHED)
        assert f"run {run.pk}" in out.getvalue()
        again = StringIO()
        assert run_demo_reconciliation(stdout=again) == 0
        assert "already there" in again.getvalue()
        assert ReconciliationRun.objects.count() == 1

    def test_without_a_snapshot_it_says_what_to_load(self):
        out = StringIO()
        assert run_demo_reconciliation(stdout=out) == 0
        assert "snapshots first" in out.getvalue()
        assert not ReconciliationRun.objects.exists()
