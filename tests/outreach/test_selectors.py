"""Outreach reads: scope per role, target progress, the follow-up list and due actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from lindung.outreach import selectors
from lindung.outreach.errors import CadreNotFound, EventNotFound, FollowUpNotFound
from lindung.outreach.models import FollowUpContact, OutreachTarget
from lindung.workers.models import Worker
from tests.factories.outreach import (
    AttendeeFactory,
    CadreFactory,
    EventFactory,
    Row,
    TargetFactory,
    loaded_snapshot,
    register_at,
)
from tests.factories.workers import WorkerFactory, first_village

pytestmark = pytest.mark.django_db

V = "61.71.01.1002"
Q4 = {"period": "2025-Q4", "period_start": date(2025, 10, 1), "period_end": date(2025, 12, 31)}


def created_on(worker: Worker, day: date) -> None:
    moment = datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_current_timezone())
    Worker.objects.filter(pk=worker.pk).update(created_at=moment)


class TestScope:
    def test_events_per_role(self, world):
        pontianak, sambas = world.pontianak_event, world.sambas_event
        assert set(selectors.readable_events(actor=world.admin)) == {pontianak, sambas}
        assert set(selectors.readable_events(actor=world.analyst)) == {pontianak, sambas}
        assert set(selectors.readable_events(actor=world.pontianak_officer)) == {pontianak}
        assert set(selectors.readable_events(actor=world.cadre_user)) == {pontianak}
        assert set(selectors.readable_events(actor=world.other_cadre_user)) == {sambas}
        assert not selectors.readable_events(actor=world.contractor).exists()

    def test_out_of_scope_looks_absent(self, world):
        with pytest.raises(EventNotFound):
            selectors.access_event(actor=world.cadre_user, event_id=world.sambas_event.pk)
        with pytest.raises(EventNotFound):
            selectors.access_event(actor=world.cadre_user, event_id="abc")
        with pytest.raises(CadreNotFound):
            selectors.access_cadre(actor=world.sambas_officer, cadre_id=world.cadre.pk)

    def test_cadre_in_a_village_does_not_see_the_district_cadre(self, world):
        cadres = set(selectors.readable_cadres(actor=world.cadre_user))
        assert cadres == {world.cadre}
        officer = set(selectors.readable_cadres(actor=world.pontianak_officer))
        assert officer == {world.cadre, world.cadre_without_login}

    def test_permissions(self, world):
        assert selectors.can_manage_cadres(world.pontianak_officer)
        assert not selectors.can_manage_cadres(world.cadre_user)
        assert selectors.can_record_outreach(world.cadre_user)
        assert not selectors.can_record_outreach(world.analyst)
        assert selectors.can_read_outreach(world.bpjs)
        assert not selectors.can_read_outreach(world.contractor)
        assert not selectors.can_reveal(world.cadre_user)

    def test_cadre_list_counts(self, world):
        register_at(world.pontianak_event, WorkerFactory.create())
        (row,) = selectors.cadre_list(
            actor=world.pontianak_officer, filters=selectors.CadreFilters(query="siti")
        )
        counts = (row.event_count, row.registration_count)  # type: ignore[attr-defined]
        assert counts == (1, 1)


class TestTargetProgress:
    def test_cadre_registrations_count_each_worker_once(self, world):
        event = EventFactory.create(
            region_id=V, organiser_cadre=world.cadre, held_on=date(2025, 10, 5)
        )
        both = WorkerFactory.create(registered_by=world.cadre_user)
        created_on(both, date(2025, 10, 6))
        register_at(event, both, registered_on=date(2025, 10, 6))
        register_at(event, WorkerFactory.create(), registered_on=date(2025, 11, 1))
        direct = WorkerFactory.create(registered_by=world.cadre_user)
        created_on(direct, date(2025, 12, 24))
        late = WorkerFactory.create(registered_by=world.cadre_user)
        created_on(late, date(2026, 1, 2))
        target = TargetFactory.create(cadre=world.cadre, value=6, **Q4)
        (progress,) = selectors.target_progress(actor=world.pontianak_officer, targets=[target])
        assert progress.achieved == 3
        assert progress.percent == 50
        assert progress.bar == 50

    def test_cadre_reached_and_events(self, world):
        for day, count in (
            (date(2025, 10, 5), 40),
            (date(2025, 12, 31), 25),
            (date(2026, 1, 1), 99),
        ):
            EventFactory.create(
                region_id=V, organiser_cadre=world.cadre, held_on=day, attendance_count=count
            )
        reached = TargetFactory.create(cadre=world.cadre, metric="reached", value=50, **Q4)
        events = TargetFactory.create(cadre=world.cadre, metric="events", value=1, **Q4)
        progress = selectors.target_progress(actor=world.cadre_user, targets=[reached, events])
        assert [(p.achieved, p.percent, p.bar) for p in progress] == [(65, 130, 100), (2, 200, 100)]

    def test_village_registrations(self, world):
        event = EventFactory.create(
            region_id=V, organiser_cadre=world.cadre, held_on=date(2025, 10, 5)
        )
        register_at(
            event, WorkerFactory.create(district="61.01.01"), registered_on=date(2025, 10, 9)
        )
        cadre_registered = WorkerFactory.create(source="cadre_registration")
        created_on(cadre_registered, date(2025, 11, 2))
        imported = WorkerFactory.create(source="import")
        created_on(imported, date(2025, 11, 2))
        target = OutreachTarget.objects.create(region_id=V, metric="registrations", value=10, **Q4)
        (progress,) = selectors.target_progress(actor=world.admin, targets=[target])
        assert progress.achieved == 2

    def test_my_targets_current_first(self, world):
        today = timezone.localdate()
        old = TargetFactory.create(
            cadre=world.cadre,
            period=str(today.year - 1),
            period_start=date(today.year - 1, 1, 1),
            period_end=date(today.year - 1, 12, 31),
        )
        current = TargetFactory.create(
            cadre=world.cadre,
            period=str(today.year),
            period_start=date(today.year, 1, 1),
            period_end=date(today.year, 12, 31),
        )
        village = OutreachTarget.objects.create(
            region_id=world.village,
            metric="events",
            value=3,
            period=str(today.year),
            period_start=date(today.year, 1, 1),
            period_end=date(today.year, 12, 31),
        )
        TargetFactory.create(cadre=world.cadre_without_login)
        mine = [p.target for p in selectors.my_targets(actor=world.cadre_user, today=today)]
        assert mine[:2] in ([current, village], [village, current])
        assert mine[2:] == [old]


class TestFollowUpList:
    def snapshot(self):
        other = "61.71.01.1003"
        return loaded_snapshot(
            date(2026, 10, 31),
            [
                Row(
                    "6171010101800001",
                    standing="lapsed",
                    kpj="K1",
                    region_code=V,
                    last_paid_month=date(2026, 5, 1),
                    name="Agus Santoso",
                ),
                Row(
                    "6171010101800002",
                    standing="lapsed",
                    kpj="K2",
                    region_code=V,
                    last_paid_month=date(2026, 7, 1),
                ),
                Row("6171010101800003", standing="covered", kpj="K3", region_code=V),
                Row("6171010101800004", standing="lapsed", kpj="K4", region_code=V, segment="pu"),
                Row("6171010101800005", standing="lapsed", kpj="K5", region_code=other),
            ],
        )

    def test_lapsed_bpu_of_the_village_newest_lapse_first(self, world):
        self.snapshot()
        FollowUpContact.objects.create(
            kpj="K1",
            region_code=V,
            contacted_on=date(2026, 11, 2),
            channel="call",
            outcome="not_reached",
        )
        region = selectors.followup_region(actor=world.cadre_user)
        assert region is not None
        assert region.code == V
        listing = selectors.followup_list(actor=world.cadre_user, region=region)
        assert listing.total == 2
        assert [row.kpj for row in listing.rows] == ["K2", "K1"]
        k1 = listing.rows[1]
        assert (k1.name, k1.last_paid_month, k1.contacts) == ("Agus Santoso", "2026-05", 1)
        assert k1.last_contact is not None

    def test_district_list_for_an_officer(self, world):
        self.snapshot()
        region = selectors.followup_region(actor=world.pontianak_officer, code="61.71.01")
        assert region is not None
        listing = selectors.followup_list(actor=world.pontianak_officer, region=region)
        assert {row.kpj for row in listing.rows} == {"K1", "K2", "K5"}

    def test_area_must_be_in_scope_and_small(self, world):
        assert selectors.followup_region(actor=world.pontianak_officer) is None  # a regency
        assert selectors.followup_region(actor=world.pontianak_officer, code="61.01.01") is None
        assert selectors.followup_region(actor=world.cadre_user, code="61.71.01.1003") is None

    def test_without_snapshot(self, world):
        region = selectors.followup_region(actor=world.cadre_user)
        listing = selectors.followup_list(actor=world.cadre_user, region=region)
        assert listing.snapshot is None
        assert listing.rows == []

    def test_one_participant(self, world):
        self.snapshot()
        assert (
            selectors.followup_participant(actor=world.cadre_user, kpj=" K1 ").name
            == "Agus Santoso"
        )
        assert (
            selectors.followup_participant(actor=world.admin, kpj="K5").region_code
            == "61.71.01.1003"
        )
        for actor, kpj in (
            (world.cadre_user, "K5"),
            (world.sambas_officer, "K1"),
            (world.admin, "K3"),
            (world.contractor, "K1"),
        ):
            with pytest.raises(FollowUpNotFound):
                selectors.followup_participant(actor=actor, kpj=kpj)

    def test_due_actions_use_the_latest_contact(self, world):
        today = timezone.localdate()
        common = {"region_code": V, "channel": "call", "outcome": "will_pay"}
        FollowUpContact.objects.create(
            kpj="K1",
            contacted_on=today - timedelta(days=9),
            next_action="call",
            next_action_on=today,
            **common,
        )
        newer = FollowUpContact.objects.create(
            kpj="K1",
            contacted_on=today - timedelta(days=1),
            next_action="visit",
            next_action_on=today + timedelta(days=5),
            **common,
        )
        due = FollowUpContact.objects.create(
            kpj="K2",
            contacted_on=today - timedelta(days=3),
            next_action="visit",
            next_action_on=today - timedelta(days=1),
            **common,
        )
        assert list(selectors.due_actions(actor=world.cadre_user, today=today)) == [due]
        assert newer not in selectors.due_actions(actor=world.cadre_user, today=today)
        assert not selectors.due_actions(actor=world.sambas_officer, today=today).exists()


class TestEventReads:
    def test_linkable_workers(self, world):
        event = EventFactory.create(
            region_id=V,
            organiser_cadre=world.cadre,
            held_on=timezone.localdate() - timedelta(days=5),
        )
        fresh = WorkerFactory.create(name="Lukas Ajun")
        credited = WorkerFactory.create(name="Lukas Lim")
        register_at(world.pontianak_event, credited)
        old = WorkerFactory.create(name="Lukas Tjhin")
        created_on(old, timezone.localdate() - timedelta(days=30))
        found = selectors.linkable_workers(actor=world.cadre_user, event=event, query="lukas")
        assert found == [fresh]
        assert selectors.linkable_workers(actor=world.cadre_user, event=event) == []
        assert selectors.linkable_workers(actor=world.cadre_user, event=event, nik=fresh.nik) == [
            fresh
        ]

    def test_events_for_registration_are_recent_and_own(self, world):
        today = timezone.localdate()
        mine = EventFactory.create(region_id=V, organiser_cadre=world.cadre, held_on=today)
        EventFactory.create(
            region_id=V, organiser_cadre=world.cadre, held_on=today - timedelta(days=200)
        )
        other = CadreFactory.create(region_id=V)
        EventFactory.create(region_id=V, organiser_cadre=other, held_on=today)
        assert list(selectors.events_for_registration(actor=world.cadre_user, today=today)) == [
            mine
        ]

    def test_summary_counts(self, world):
        AttendeeFactory.create(event=world.pontianak_event)
        register_at(world.pontianak_event, WorkerFactory.create(district="61.71.01"))
        assert selectors.event_summary(event=world.pontianak_event) == {
            "attendees": 1,
            "photos": 0,
            "registrations": 1,
        }
        assert first_village("61.71.01") == V
