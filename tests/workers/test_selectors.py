"""Who sees which worker: role, region and project scope; out of scope is 404 like absent."""

from __future__ import annotations

import pytest

from lindung.workers import selectors
from lindung.workers.errors import WorkerNotFound
from lindung.workers.selectors import WorkerFilters

pytestmark = pytest.mark.django_db


def _ids(actor):
    return set(selectors.readable_workers(actor=actor).values_list("pk", flat=True))


class TestReadableWorkers:
    @pytest.mark.parametrize("who", ["admin", "analyst", "bpjs"])
    def test_province_wide_roles_see_every_worker(self, world, who):
        seen = _ids(getattr(world, who))
        assert {world.pontianak_worker.pk, world.sambas_worker.pk, world.project_worker.pk} <= seen

    def test_sambas_officer_does_not_see_a_pontianak_worker(self, world):
        seen = _ids(world.sambas_officer)
        assert world.sambas_worker.pk in seen
        assert world.pontianak_worker.pk not in seen
        with pytest.raises(WorkerNotFound):
            selectors.access_worker(actor=world.sambas_officer, worker_id=world.pontianak_worker.pk)

    def test_regency_officer_sees_own_regency(self, world):
        assert _ids(world.pontianak_officer) == {world.pontianak_worker.pk}

    def test_village_cadre_sees_own_district(self, world):
        assert _ids(world.pontianak_cadre) == {world.pontianak_worker.pk}
        assert _ids(world.sambas_cadre) == {world.sambas_worker.pk}

    def test_contractor_sees_workers_on_own_projects_only(self, world):
        assert _ids(world.contractor) == {world.project_worker.pk}
        assert _ids(world.other_contractor) == set()

    def test_agency_user_sees_workers_on_agency_projects(self, world):
        assert _ids(world.agency_user) == {world.project_worker.pk}

    def test_out_of_scope_and_absent_answer_the_same(self, world):
        errors = []
        for worker_id in (world.sambas_worker.pk, 987654, "abc"):
            with pytest.raises(WorkerNotFound) as exc:
                selectors.access_worker(actor=world.contractor, worker_id=worker_id)
            errors.append((exc.value.http_status, exc.value.as_dict()))
        assert errors[0] == errors[1] == errors[2]

    def test_inactive_user_sees_nothing(self, world):
        world.admin.is_active = False
        assert _ids(world.admin) == set()


class TestWorkerList:
    def test_nik_search_is_exact(self, world):
        nik = world.pontianak_worker.nik
        found = selectors.worker_list(actor=world.admin, filters=WorkerFilters(nik=nik))
        assert list(found) == [world.pontianak_worker]
        partial = selectors.worker_list(actor=world.admin, filters=WorkerFilters(nik=nik[:8]))
        assert not partial.exists()

    def test_name_search(self, world):
        word = world.sambas_worker.name.split()[-1]
        found = selectors.worker_list(actor=world.sambas_officer, filters=WorkerFilters(query=word))
        assert world.sambas_worker in found

    def test_region_filter(self, world):
        found = selectors.worker_list(actor=world.admin, filters=WorkerFilters(region="61.01"))
        assert set(found) == {world.sambas_worker}

    def test_rows_carry_region_names_without_boundaries(self, world, django_assert_num_queries):
        with django_assert_num_queries(1):
            districts = [w.region.parent for w in selectors.worker_list(actor=world.admin)]
            names = {d.name for d in districts if d is not None}
        assert names
        assert all("boundary" in d.get_deferred_fields() for d in districts if d is not None)


class TestRegistryFrame:
    def test_reads_the_active_workers_of_a_region_or_all(self, world):
        sambas = selectors.registry_frame(region_code="61.01")
        everyone = selectors.registry_frame()

        assert sambas.get_column("id").to_list() == [world.sambas_worker.pk]
        assert set(everyone.get_column("id")) >= {
            world.sambas_worker.pk,
            world.pontianak_worker.pk,
        }
        row = sambas.row(0, named=True)
        assert row["region_id"] == world.sambas_worker.region_id
        assert row["birth_date"] == world.sambas_worker.birth_date.isoformat()

    def test_a_region_code_is_a_prefix_of_whole_segments(self, world):
        assert selectors.registry_frame(region_code="61.0").height == 0
