"""Column-wise registry writes (system use) and the whole-registry duplicate scan."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from django.db import IntegrityError, transaction

from lindung.workers import services
from lindung.workers.models import DuplicateCandidate, NikStatus, Worker, WorkerProjectLink
from tests.factories.projects import ProjectFactory
from tests.factories.workers import WorkerFactory, first_village, nik_for

pytestmark = pytest.mark.django_db


def _registry(**overrides: list[object]) -> pl.DataFrame:
    village = first_village("61.71.01")
    columns: dict[str, list[object]] = {
        "nik": [nik_for("61.71.01", date(1988, 5, 17), "male", 7), "", "6171011305880008"],
        "nik_status": ["valid", "missing", "invalid"],
        "name": ["Yohanes Asun", "Siti Aminah", "Budi Lim"],
        "name_key": ["yohanes asun", "siti aminah", "budi lim"],
        "birth_date": [date(1988, 5, 17), None, date(1990, 1, 2)],
        "sex": ["male", "female", ""],
        "region_id": [village, village, first_village("61.01.01")],
        "sector": ["construction", "farming", "other"],
        "segment": ["jakon", "bpu", "pu"],
        "source": ["contractor_roster", "cadre_registration", "import"],
    }
    columns.update(overrides)
    return pl.DataFrame(columns, schema_overrides={"birth_date": pl.Date})


class TestBulkInsertRegistry:
    def test_writes_every_row_with_its_id_in_row_order(self):
        ids = services.bulk_insert_registry(_registry())
        workers = {w.pk: w for w in Worker.objects.filter(pk__in=ids.to_list())}
        first, second, third = (workers[pk] for pk in ids.to_list())
        assert first.nik == nik_for("61.71.01", date(1988, 5, 17), "male", 7)
        assert (first.nik_status, first.nik_issues) == (NikStatus.VALID, [])
        assert (second.nik, second.nik_issues, second.birth_date) == ("", ["nik_missing"], None)
        assert third.nik_issues == ["nik_invalid"]
        assert (first.name, first.name_key, first.birth_date) == (
            "Yohanes Asun",
            "yohanes asun",
            date(1988, 5, 17),
        )
        assert (first.phone, first.occupation, first.merged_into_id) == ("", "", None)
        assert third.region_id == first_village("61.01.01")
        assert first.created_at is not None
        assert first.updated_at == first.created_at

    def test_keys_continue_for_workers_registered_afterwards(self):
        before = WorkerFactory.create()
        ids = services.bulk_insert_registry(_registry())
        after = WorkerFactory.create()
        assert before.pk < min(ids.to_list())
        assert after.pk > max(ids.to_list())

    def test_takes_given_nik_problems_phone_and_occupation(self):
        frame = _registry().with_columns(
            pl.Series("nik_issues", [[], ["nik_missing", "x"], []]),
            pl.Series("phone", ["0812", None, "0813"]),
            pl.Series("occupation", ["Mandor", "Petani", None]),
        )
        ids = services.bulk_insert_registry(frame).to_list()
        second = Worker.objects.get(pk=ids[1])
        assert second.nik_issues == ["nik_missing", "x"]
        assert (second.phone, second.occupation) == ("", "Petani")
        assert Worker.objects.get(pk=ids[2]).occupation == ""

    def test_refuses_values_outside_the_choices_and_writes_nothing(self):
        with pytest.raises(ValueError, match="sector"):
            services.bulk_insert_registry(_registry(sector=["construction", "mining", "other"]))
        with pytest.raises(ValueError, match="birth_date"):
            services.bulk_insert_registry(_registry().drop("birth_date"))
        assert not Worker.objects.exists()

    def test_a_valid_nik_already_active_fails_the_insert(self):
        taken = WorkerFactory.create()
        frame = _registry(nik=[taken.nik, "", "6171011305880008"])
        with pytest.raises(IntegrityError), transaction.atomic():
            services.bulk_insert_registry(frame)
        assert list(Worker.objects.all()) == [taken]

    def test_an_empty_frame_writes_nothing(self):
        assert services.bulk_insert_registry(_registry().head(0)).len() == 0
        assert not Worker.objects.exists()


class TestBulkInsertLinks:
    def test_writes_links_with_role_and_start(self):
        project = ProjectFactory.create(region_id="61.71.01")
        ids = services.bulk_insert_registry(_registry()).to_list()
        frame = pl.DataFrame(
            {
                "worker_id": ids[:2],
                "project_id": [project.pk, project.pk],
                "role": ["tukang batu", "kenek"],
                "start_date": [date(2026, 3, 1), None],
            },
            schema_overrides={"start_date": pl.Date},
        )
        assert services.bulk_insert_links(frame) == 2
        links = {link.worker_id: link for link in WorkerProjectLink.objects.all()}
        assert (links[ids[0]].role, links[ids[0]].start_date) == ("tukang batu", date(2026, 3, 1))
        assert links[ids[1]].end_date is None
        assert set(project.workers.values_list("pk", flat=True)) == set(ids[:2])


class TestScanDuplicates:
    def test_proposes_the_near_duplicates_of_bulk_rows_once(self):
        frame = _registry(
            name=["Yohanes Asun", "YOHANES ASUN", "Budi Lim"],
            name_key=["yohanes asun", "yohanes asun", "budi lim"],
            birth_date=[date(1988, 5, 17), date(1988, 5, 17), date(1990, 1, 2)],
        )
        ids = services.bulk_insert_registry(frame).to_list()
        assert services.scan_duplicates() == (1, 3)
        candidate = DuplicateCandidate.objects.get()
        assert (candidate.worker_a_id, candidate.worker_b_id) == (ids[0], ids[1])
        assert candidate.reasons == ["same_name", "same_birth_date", "same_village"]
        assert services.scan_duplicates() == (0, 3)
