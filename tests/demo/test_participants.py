"""The demo BPJS extracts: the official figures at full size, changes between snapshots."""

from __future__ import annotations

import io

import polars as pl
import pytest

from lindung.demo import participants as demo_participants
from lindung.participants.extract import parse_extract
from lindung.participants.models import Snapshot, SnapshotStat
from lindung.regions.models import Region
from tests.factories.workers import WorkerFactory

pytestmark = pytest.mark.django_db


def _covered(content: bytes, on: object, sector: str | None = None) -> int:
    frame = pl.read_parquet(io.BytesIO(content))
    parsed = parse_extract(
        frame,
        extract_date=on,  # type: ignore[arg-type]
        region_codes=set(Region.objects.values_list("code", flat=True)),
        lapse_months=3,
    )
    assert parsed.rejected.height == 0
    valid = parsed.valid.filter(pl.col("standing") == "covered")
    if sector:
        valid = valid.filter(pl.col("sector") == sector)
    return valid.height


def test_full_size_extracts_reproduce_the_official_figures() -> None:
    extracts = demo_participants.build_extracts()
    latest = extracts[demo_participants.LATEST]
    assert _covered(latest, demo_participants.LATEST, "construction") == 42_591
    assert _covered(latest, demo_participants.LATEST) == 575_504
    earlier = extracts[demo_participants.EARLIER]
    assert _covered(earlier, demo_participants.EARLIER, "construction") == 39_870


def test_small_demo_loads_two_compared_snapshots_once() -> None:
    WorkerFactory.create_batch(30, district="61.71.01")
    first = demo_participants.load_demo_snapshots(scale=0.002)
    assert first.loaded == ["2024-12-31", "2025-06-30"]
    latest = Snapshot.objects.get(extract_date=demo_participants.LATEST)
    changes = latest.comparison["changes"]
    assert {"new", "continuing", "gone", "reactivated", "lapsed"} <= set(changes)
    assert SnapshotStat.objects.filter(snapshot=latest, regency_code="61.71").exists()
    again = demo_participants.load_demo_snapshots(scale=0.002)
    assert again.loaded == []
    assert Snapshot.objects.count() == 2


def test_regency_denominators_add_up_to_the_official_totals() -> None:
    from lindung.demo.coverage import regency_denominators

    figures = regency_denominators()
    assert sum(figures["all"].values()) == 1_819_430
    assert sum(figures["construction"].values()) == 154_008
    assert len(figures["all"]) == 14
    assert figures["construction"]["61.71"] > figures["construction"]["61.11"]
