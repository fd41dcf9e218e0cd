"""A run's counts by district, sector, segment and protection (``RunStat``).

They must equal counting the run's worker statuses, before and after review decisions, and
the column-wise NIK comparison must equal the one-worker form a decision uses.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.linkage import selectors, services
from lindung.linkage.models import Protection, ReconciliationRun, ReviewCandidate, RunStat
from lindung.linkage.run_stats import counts_frame, groups_of
from tests.factories import accounts as f
from tests.factories import linkage as lf

VILLAGES = ["61.71.01.1001", "61.71.02.1003", "61.01.01.2001", "61.72.03.1002"]
NIKS = st.one_of(
    st.sampled_from(["", "123", "61710A0101800001"]),
    st.builds(
        lambda region, rest: region + rest,
        st.sampled_from(["617101", "617102", "610101", "617203", "320101"]),
        st.from_regex(r"\A\d{10}\Z"),
    ),
)


class TestPureCounts:
    @given(
        st.lists(
            st.tuples(
                NIKS,
                st.sampled_from(VILLAGES),
                st.sampled_from(["construction", "fishing"]),
                st.sampled_from(Protection.values),
            ),
            max_size=40,
        )
    )
    def test_the_frame_counts_what_the_one_worker_form_decides(self, workers):
        frame = pl.DataFrame(
            {
                "nik": [w[0] for w in workers],
                "region_code": [w[1] for w in workers],
                "sector": [w[2] for w in workers],
                "segment": ["bpu"] * len(workers),
                "status": [w[3] for w in workers],
            },
            schema=dict.fromkeys(("nik", "region_code", "sector", "segment", "status"), pl.String),
        )
        expected: dict[tuple[str, ...], list[int]] = {}
        for nik, region, sector, status in workers:
            group = groups_of(nik=nik, region_code=region)
            key = (group.regency_code, group.district_code, sector, "bpu", status)
            cell = expected.setdefault(key, [0, 0, 0])
            cell[0] += 1
            cell[1] += group.nik_other_regency
            cell[2] += group.nik_other_district
        got = {
            (r["regency_code"], r["district_code"], r["sector"], r["segment"], r["status"]): [
                r["workers"],
                r["nik_other_regency"],
                r["nik_other_district"],
            ]
            for r in counts_frame(frame).iter_rows(named=True)
        }
        assert got == expected

    def test_a_nik_of_the_domicile_is_not_elsewhere(self):
        home = groups_of(nik="6171010101800001", region_code="61.71.01.1001")
        assert (home.nik_other_regency, home.nik_other_district) == (False, False)
        moved = groups_of(nik="6171020101800001", region_code="61.71.01.1001")
        assert (moved.nik_other_regency, moved.nik_other_district) == (False, True)
        migrant = groups_of(nik="3201010101800001", region_code="61.71.01.1001")
        assert (migrant.nik_other_regency, migrant.nik_other_district) == (True, True)
        unknown = groups_of(nik="12", region_code="61.71.01.1001")
        assert (unknown.nik_other_regency, unknown.nik_other_district) == (False, False)


def _counted(run: ReconciliationRun) -> dict[tuple[str, str], int]:
    """Count the run's statuses per (district, status) the slow way."""
    found: dict[tuple[str, str], int] = {}
    for status in run.statuses.all():
        key = (status.region_code[:8], status.status)
        found[key] = found.get(key, 0) + 1
    return found


def _stats(run: ReconciliationRun) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for stat in RunStat.objects.filter(run=run):
        key = (stat.district_code, stat.status)
        found[key] = found.get(key, 0) + stat.workers
    return {k: v for k, v in found.items() if v}


@pytest.mark.django_db
class TestStoredCounts:
    def _run(self, scenario: lf.Scenario) -> ReconciliationRun:
        return services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61")

    def test_counts_equal_the_statuses(self):
        run = self._run(lf.make_scenario())
        assert _stats(run) == _counted(run)
        total = selectors.registry_counts(run=run)[""]
        assert total.workers == run.worker_count
        assert (total.covered, total.lapsed, total.not_registered, total.review) == (
            run.covered_count,
            run.lapsed_count,
            run.not_registered_count,
            run.review_count,
        )

    @pytest.mark.parametrize("accept", [True, False])
    def test_a_decision_moves_the_worker_between_counts(self, accept):
        scenario = lf.make_scenario()
        run = self._run(scenario)
        analyst = f.admin()
        status = run.statuses.get(worker=scenario.workers["borderline"])
        candidate = ReviewCandidate.objects.get(status=status, rank=1)
        services.decide_candidate(actor=analyst, candidate_id=candidate.pk, accept=accept)
        run.refresh_from_db()
        assert _stats(run) == _counted(run)
        total = selectors.registry_counts(run=run)[""]
        assert (total.covered, total.not_registered, total.review) == (
            run.covered_count,
            run.not_registered_count,
            run.review_count,
        )

    def test_grouped_and_regional_counts(self):
        run = self._run(lf.make_scenario())
        by_regency = selectors.registry_counts(run=run, group_by="regency_code")
        assert sum(c.workers for c in by_regency.values()) == run.worker_count
        for code, counts in by_regency.items():
            assert selectors.registry_counts(run=run, region_code=code)[""] == counts
