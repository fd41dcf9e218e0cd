"""The demo registry: valid NIKs for each worker's district, flags, links and proposals."""

from __future__ import annotations

from datetime import date

import pytest

from lindung.demo.workers import load_demo_workers
from lindung.rules.identifiers import validate_nik
from lindung.workers import selectors
from lindung.workers.models import NikStatus
from tests.factories.accounts import admin
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


class TestDemoWorkers:
    def test_covers_every_regency_with_valid_niks_and_is_idempotent(self):
        ProjectFactory.create(region_id="61.71.01")
        result = load_demo_workers(today=date(2026, 6, 1), count=420)
        assert result.created > 420  # plus a few near-duplicates
        workers = list(selectors.readable_workers(actor=admin()).select_related("region"))
        assert {w.region_id[:5] for w in workers} >= {
            "61.01", "61.02", "61.03", "61.04", "61.05", "61.06", "61.07", "61.08", "61.09",
            "61.10", "61.11", "61.12", "61.71", "61.72",
        }  # fmt: skip
        for worker in workers:
            if worker.nik_status == NikStatus.VALID:
                check = validate_nik(worker.nik, reference_date=date(2026, 6, 1))
                assert check.valid
                assert check.region_code == worker.region_id[:8]
                assert check.birth_date == worker.birth_date
        assert {w.nik_status for w in workers} == {"valid", "missing", "invalid"}
        assert result.proposals >= 1
        again = load_demo_workers(today=date(2026, 6, 1), count=420)
        assert again.created == 0
