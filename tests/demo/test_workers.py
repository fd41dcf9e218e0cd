"""The column-wise demo registry: valid NIKs for each district, flags, twins, links, loading."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from lindung.demo import workers as demo_workers
from lindung.regions import services as region_services
from lindung.regions.models import Region, RegionLevel
from lindung.rules.identifiers import validate_nik
from lindung.workers.models import DuplicateCandidate, NikStatus, Worker, WorkerProjectLink
from tests.factories.projects import ProjectFactory

TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def villages(django_db_blocker) -> list[str]:
    with django_db_blocker.unblock():
        # Tests without the db fixture run after transactional ones, whose flushes empty
        # the regions table: load them again (idempotent) before reading.
        region_services.load_regions(actor=None)
        return list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))


@pytest.fixture(scope="module")
def registry(villages) -> pl.DataFrame:
    return demo_workers.build_registry(count=20_000, village_codes=villages)


class TestBuildRegistry:
    def test_valid_niks_encode_district_birth_date_and_sex(self, registry):
        valid = registry.filter(pl.col("nik_status") == NikStatus.VALID)
        assert valid["nik"].n_unique() == valid.height
        for row in valid.sample(1_000, seed=7).iter_rows(named=True):
            check = validate_nik(row["nik"], reference_date=TODAY)
            assert check.valid, row
            assert check.region_code == row["region_id"][:8]
            assert check.birth_date == row["birth_date"]
            assert str(check.sex) == row["sex"]

    def test_flags_about_four_percent_missing_and_two_percent_invalid(self, registry):
        originals = registry.filter(~pl.col("twin"))
        shares = originals["nik_status"].value_counts(normalize=True)
        share = dict(zip(shares["nik_status"], shares["proportion"], strict=True))
        assert 0.035 < share["missing"] < 0.045
        assert 0.015 < share["invalid"] < 0.025
        invalid = originals.filter(pl.col("nik_status") == NikStatus.INVALID)
        for nik in invalid["nik"].head(50):
            assert not validate_nik(nik, reference_date=TODAY).valid

    def test_every_97th_worker_has_a_near_duplicate_without_nik(self, registry):
        twins = registry.filter(pl.col("twin"))
        assert twins.height == len(range(0, 20_000, 97))
        assert set(twins["nik_status"]) == {"missing"}
        pairs = twins.join(registry.filter(~pl.col("twin")), on="k", suffix="_original")
        assert pairs.height == twins.height
        assert (pairs["name"] == pairs["name_original"].str.to_uppercase()).all()
        assert (pairs["birth_date"] == pairs["birth_date_original"]).all()
        assert (pairs["region_id"] == pairs["region_id_original"]).all()

    def test_spreads_workers_over_every_regency_and_sector(self, registry, villages):
        assert set(registry["regency"]) == {code[:5] for code in villages}
        assert set(registry["region_id"]) <= set(villages)
        assert registry["sector"].n_unique() == 8
        construction = registry.filter(pl.col("sector") == "construction")
        assert set(construction["segment"]) == {"jakon"}
        assert set(construction["source"]) <= {"contractor_roster", "cadre_registration"}

    def test_a_smaller_registry_is_the_start_of_a_larger_one(self, registry, villages):
        small = demo_workers.build_registry(count=2_000, village_codes=villages)
        assert small.equals(registry.filter(pl.col("k") < 2_000))

    def test_links_builders_to_projects_of_their_regency(self, registry):
        workers = registry.with_row_index("worker_id").with_columns(pl.col("worker_id") + 1)
        projects = pl.DataFrame(
            {"project_id": [11, 12, 13], "regency": ["61.71", "61.71", "61.01"]}
        )
        links = demo_workers.build_links(workers=workers, projects=projects, today=TODAY)
        joined = links.join(workers, on="worker_id").join(projects, on="project_id")
        builders = workers.filter(
            ~pl.col("twin")
            & (pl.col("sector") == "construction")
            & pl.col("regency").is_in(["61.71", "61.01"])
        )
        assert links.height == builders.height
        assert (joined["regency"] == joined["regency_right"]).all()
        assert set(joined["project_id"]) == {11, 12, 13}
        assert links.filter(pl.col("start_date") > date(2026, 5, 22)).height == 0


@pytest.mark.django_db
class TestLoadDemoWorkers:
    def test_loads_links_and_proposes_once(self):
        ProjectFactory.create(region_id="61.71.01")
        result = demo_workers.load_demo_workers(today=TODAY, count=970)
        assert result.created == 970 + 10  # and a twin for every 97th
        assert Worker.objects.count() == result.created
        assert result.links == WorkerProjectLink.objects.count() > 0
        assert result.proposals == DuplicateCandidate.objects.count() >= 10
        again = demo_workers.load_demo_workers(today=TODAY, count=2_000)
        assert (again.created, again.unchanged) == (0, 2_000 + 21)
        assert Worker.objects.count() == result.created
