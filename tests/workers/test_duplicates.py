"""The column-wise registry scan proposes exactly the pairs of the row-by-row comparison."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest

from lindung.workers import duplicates
from lindung.workers.duplicates import Row

GIVEN = ("agus", "ahmad", "muhammad agus", "siti", "sri", "dewi", "budi", "andi")
FAMILY = ("hidayat", "hidayath", "lim", "santoso", "santosa", "wijaya", "")
VILLAGES = ("61.71.01.1001", "61.71.01.1002", "61.71.02.1001", "61.01.01.2001", "61.02.03.2005")


def _registry(seed: int, count: int) -> list[Row]:
    """Return records with few names, villages and birth dates, so blocks collide a lot."""
    rng = random.Random(seed)
    rows = []
    for pk in range(1, count + 1):
        status = rng.choice(("valid", "valid", "valid", "missing", "invalid"))
        nik = "" if status == "missing" else f"6171{rng.randrange(10**11, 10**12)}"
        if status != "missing" and rng.random() < 0.3:
            nik = "617101" + "0" * 6 + f"{rng.randrange(0, 3):04d}"  # near another's NIK
        birth = date(1980, 1, 1) + timedelta(days=rng.randrange(0, 12))
        rows.append(
            Row(
                pk=pk * 3,  # pks are not dense in a real registry
                name_key=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}".strip(),
                birth_date=None if rng.random() < 0.15 else birth,
                region_id=rng.choice(VILLAGES),
                nik=nik,
                nik_status=status,
            )
        )
    return rows


def _frame(rows: list[Row]) -> pl.DataFrame:
    return pl.DataFrame(
        [(r.pk, r.name_key, r.birth_date, r.region_id, r.nik, r.nik_status) for r in rows],
        schema={
            "pk": pl.Int64,
            "name_key": pl.String,
            "birth_date": pl.Date,
            "region_id": pl.String,
            "nik": pl.String,
            "nik_status": pl.String,
        },
        orient="row",
    )


class TestScanPairs:
    @pytest.mark.parametrize(
        ("seed", "count", "max_block"), [(1, 600, 400), (2, 600, 40), (3, 150, 12), (4, 60, 3)]
    )
    def test_proposes_the_same_pairs_and_reasons_as_pairs(self, seed, count, max_block):
        rows = _registry(seed, count)
        expected = duplicates.pairs(rows, rows, max_block=max_block)
        assert expected  # the data do contain proposals
        assert duplicates.scan_pairs(_frame(rows), max_block=max_block) == expected

    def test_the_sample_exercises_every_reason(self):
        rows = _registry(1, 600)
        reasons = {r for _score, rs in duplicates.scan_pairs(_frame(rows)).values() for r in rs}
        assert reasons == {
            "same_name",
            "similar_name",
            "same_birth_date",
            "birth_date_missing",
            "same_village",
            "same_regency",
            "similar_nik",
        }

    def test_two_valid_niks_are_never_paired(self):
        rows = [
            Row(1, "agus lim", date(1980, 1, 1), "61.71.01.1001", "6171010101800001", "valid"),
            Row(2, "agus lim", date(1980, 1, 1), "61.71.01.1001", "6171010101800002", "valid"),
            Row(3, "AGUS LIM".lower(), date(1980, 1, 1), "61.71.01.1001", "", "missing"),
        ]
        found = duplicates.scan_pairs(_frame(rows))
        assert set(found) == {(1, 3), (2, 3)}
        assert found[(1, 3)] == (100.0, ["same_name", "same_birth_date", "same_village"])

    def test_a_missing_birth_date_pairs_only_within_the_regency(self):
        rows = [
            Row(1, "siti aminah", None, "61.71.01.1001", "", "missing"),
            Row(2, "siti aminah", date(1980, 1, 1), "61.71.02.1001", "", "missing"),
            Row(3, "siti aminah", date(1980, 1, 1), "61.01.01.2001", "", "missing"),
        ]
        found = duplicates.scan_pairs(_frame(rows))
        assert found == {
            (1, 2): (100.0, ["same_name", "birth_date_missing", "same_regency"]),
            (2, 3): (100.0, ["same_name", "same_birth_date"]),
        }

    def test_an_empty_registry_has_no_pairs(self):
        assert duplicates.scan_pairs(_frame([])) == {}
