"""The conversion funnel against a hand-computed fixture.

Events (attendance):  A village V, cadre C1, fishing, 40, 2025-10-10
                      B village V, cadre C1, farming, 25, 2025-11-20
                      C Sambas village, cadre S, fishing, 30, 2025-12-05
                      D village V2, an officer, construction, 10, 2026-03-01
Registrations:        A: w1 (2025-10-10), w2 (2025-10-15), w3 (no NIK)   B: w4 (2025-11-20)
                      C: w5 (2025-12-05), w6 (2025-12-06)                D: w7 (2026-03-01)
Snapshots:            S1 2026-01-31: w1, w2 covered
                      S2 2026-03-31: w4 covered, w5 lapsed (w6 absent)
                      S3 2026-06-30: w1 covered (paid 2026-06), w2 lapsed (paid 2026-01),
                                     w4 covered (2026-06), w5 lapsed (paid 2025-11, before
                                     registering), w7 covered (2026-04); w6 absent
Milestones:           3 months: w1, w2 -> S1; w4, w5, w6 -> S2; w7 -> S3
                      6 months: w1, w2, w4, w5, w6 -> S3; w7 not yet due
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from lindung.outreach import selectors
from lindung.outreach.funnel import FunnelGroup, FunnelReport, FunnelRow, conversion_funnel
from lindung.workers.models import NikStatus, Worker
from tests.factories.outreach import EventFactory, Row, loaded_snapshot, register_at
from tests.factories.workers import WorkerFactory, first_village

pytestmark = pytest.mark.django_db

V = "61.71.01.1002"
V2 = "61.71.01.1003"


@dataclass
class Fixture:
    workers: dict[str, Worker]


@pytest.fixture
def fixture(world) -> Fixture:
    c1 = world.cadre
    s = world.sambas_cadre
    sambas_village = first_village("61.01.01")
    a = EventFactory.create(
        region_id=V,
        organiser_cadre=c1,
        sector="fishing",
        attendance_count=40,
        held_on=date(2025, 10, 10),
    )
    b = EventFactory.create(
        region_id=V,
        organiser_cadre=c1,
        sector="farming",
        attendance_count=25,
        held_on=date(2025, 11, 20),
    )
    c = EventFactory.create(
        region_id=sambas_village,
        organiser_cadre=s,
        sector="fishing",
        attendance_count=30,
        held_on=date(2025, 12, 5),
    )
    d = EventFactory.create(
        region_id=V2,
        organiser_cadre=None,
        organiser_user=world.pontianak_officer,
        sector="construction",
        attendance_count=10,
        held_on=date(2026, 3, 1),
    )
    # The world's own two events have no registrations; keep them out of the sums.
    world.pontianak_event.delete()
    world.sambas_event.delete()
    w = {f"w{i}": WorkerFactory.create() for i in range(1, 8)}
    Worker.objects.filter(pk=w["w3"].pk).update(nik="", nik_status=NikStatus.MISSING)
    for name, event, day in (
        ("w1", a, date(2025, 10, 10)),
        ("w2", a, date(2025, 10, 15)),
        ("w3", a, date(2025, 10, 10)),
        ("w4", b, date(2025, 11, 20)),
        ("w5", c, date(2025, 12, 5)),
        ("w6", c, date(2025, 12, 6)),
        ("w7", d, date(2026, 3, 1)),
    ):
        register_at(event, w[name], registered_on=day)
    nik = {name: worker.nik for name, worker in w.items()}
    loaded_snapshot(date(2026, 1, 31), [Row(nik["w1"]), Row(nik["w2"])])
    loaded_snapshot(date(2026, 3, 31), [Row(nik["w4"]), Row(nik["w5"], standing="lapsed")])
    loaded_snapshot(
        date(2026, 6, 30),
        [
            Row(nik["w1"], last_paid_month=date(2026, 6, 1)),
            Row(nik["w2"], standing="lapsed", last_paid_month=date(2026, 1, 1)),
            Row(nik["w4"], last_paid_month=date(2026, 6, 1)),
            Row(nik["w5"], standing="lapsed", last_paid_month=date(2025, 11, 1)),
            Row(nik["w7"], last_paid_month=date(2026, 4, 1)),
        ],
    )
    return Fixture(workers=w)


def stages(row: FunnelRow) -> tuple[object, ...]:
    return (
        row.events,
        row.reached,
        row.registered,
        row.matchable,
        row.paid,
        row.due_3,
        row.active_3,
        row.due_6,
        row.active_6,
    )


def by_key(report: FunnelReport) -> dict[str, tuple[object, ...]]:
    return {row.key: stages(row) for row in report.rows}


class TestFunnel:
    def test_by_village(self, world, fixture):
        report = conversion_funnel(actor=world.admin, group=FunnelGroup.VILLAGE)
        assert by_key(report) == {
            V: (2, 65, 4, 3, 3, 3, 3, 3, 2),
            first_village("61.01.01"): (1, 30, 2, 2, 0, 2, 0, 2, 0),
            V2: (1, 10, 1, 1, 1, 1, 1, 0, 0),
        }
        assert stages(report.total) == (4, 105, 7, 6, 4, 6, 4, 5, 2)
        assert report.snapshot is not None
        assert report.snapshot.extract_date == date(2026, 6, 30)
        assert report.snapshots_used == (date(2026, 1, 31), date(2026, 3, 31), date(2026, 6, 30))

    def test_rates(self, world, fixture):
        report = conversion_funnel(actor=world.admin, group=FunnelGroup.VILLAGE)
        v = next(r for r in report.rows if r.key == V)
        assert v.registered_rate == Decimal("6.2")  # 4 / 65
        assert v.paid_rate == Decimal("100.0")  # 3 / 3 with a NIK
        assert v.active_6_rate == Decimal("66.7")  # 2 / 3
        assert v.without_nik == 1
        assert report.total.active_3_rate == Decimal("66.7")  # 4 / 6

    def test_by_cadre(self, world, fixture):
        report = conversion_funnel(actor=world.admin, group=FunnelGroup.CADRE)
        assert by_key(report) == {
            str(world.cadre.pk): (2, 65, 4, 3, 3, 3, 3, 3, 2),
            str(world.sambas_cadre.pk): (1, 30, 2, 2, 0, 2, 0, 2, 0),
            "": (1, 10, 1, 1, 1, 1, 1, 0, 0),
        }
        labels = {row.key: row.label for row in report.rows}
        assert labels[""] == "Organised by officers"

    def test_by_sector(self, world, fixture):
        report = conversion_funnel(actor=world.admin, group=FunnelGroup.SECTOR)
        assert by_key(report) == {
            "fishing": (2, 70, 5, 4, 2, 4, 2, 4, 1),
            "farming": (1, 25, 1, 1, 1, 1, 1, 1, 1),
            "construction": (1, 10, 1, 1, 1, 1, 1, 0, 0),
        }

    def test_by_event(self, world, fixture):
        report = conversion_funnel(actor=world.admin, group=FunnelGroup.EVENT)
        assert sorted(stages(r)[1:3] for r in report.rows) == [(10, 1), (25, 1), (30, 2), (40, 3)]

    def test_date_filter(self, world, fixture):
        report = conversion_funnel(
            actor=world.admin,
            group=FunnelGroup.VILLAGE,
            filters=selectors.EventFilters(date_from=date(2025, 11, 1), date_to=date(2025, 12, 31)),
        )
        assert stages(report.total) == (2, 55, 3, 3, 1, 3, 1, 3, 1)

    def test_scoped_to_the_actor(self, world, fixture):
        sambas = conversion_funnel(actor=world.sambas_officer, group=FunnelGroup.VILLAGE)
        assert list(by_key(sambas)) == [first_village("61.01.01")]
        cadre = conversion_funnel(actor=world.cadre_user, group=FunnelGroup.VILLAGE)
        assert list(by_key(cadre)) == [V]
        assert conversion_funnel(actor=world.contractor).rows == []

    def test_merged_record_follows_the_survivor_nik(self, world, fixture):
        survivor = fixture.workers["w5"]
        absorbed = WorkerFactory.create()
        Worker.objects.filter(pk=absorbed.pk).update(
            nik="", nik_status=NikStatus.MISSING, merged_into=survivor
        )
        event = EventFactory.create(
            region_id=V2,
            organiser_cadre=None,
            organiser_user=world.pontianak_officer,
            held_on=date(2025, 12, 1),
        )
        register_at(event, absorbed, registered_on=date(2025, 12, 1))
        report = conversion_funnel(actor=world.admin, group=FunnelGroup.EVENT)
        row = next(r for r in report.rows if r.key == str(event.pk))
        assert (row.registered, row.matchable, row.due_3, row.active_3) == (1, 1, 1, 0)


class TestWithoutSnapshot:
    def test_paid_and_active_stages_are_unknown_not_zero(self, world):
        event = EventFactory.create(region_id=V, organiser_cadre=world.cadre, attendance_count=12)
        register_at(event, WorkerFactory.create())
        report = conversion_funnel(actor=world.pontianak_officer, group=FunnelGroup.VILLAGE)
        assert report.has_snapshot is False
        (row,) = report.rows
        assert (row.reached, row.registered) == (52, 1)  # with the world's event of 40
        assert row.paid is None
        assert row.due_3 is None
        assert row.active_6 is None
        assert row.paid_rate is None
        assert report.total.paid is None
        assert row.as_dict()["paid"] is None
