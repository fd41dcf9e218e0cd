"""Outreach writes: cadres, targets, events, attendees, photos, registrations credited to
events and follow-up contacts; every write audited, refusals write nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from lindung.accounts.models import AuditEvent, Role
from lindung.core.errors import LindungError
from lindung.core.masking import mask_identifier
from lindung.outreach import services
from lindung.outreach.errors import (
    AttendeesInvalid,
    CadreInvalid,
    ContactInvalid,
    EventHasRegistrations,
    EventInvalid,
    EventNotFound,
    FollowUpNotFound,
    FollowUpRevealLimited,
    OutreachNotAllowed,
    PhotoRefused,
    RegistrationInvalid,
    TargetExists,
    TargetInvalid,
    WorkerAlreadyCredited,
)
from lindung.outreach.models import (
    Cadre,
    EventAttendee,
    EventPhoto,
    EventRegistration,
    FollowUpContact,
    OutreachTarget,
    SocializationEvent,
)
from lindung.workers import services as worker_services
from lindung.workers.errors import NikAlreadyRegistered
from lindung.workers.models import Worker
from tests.factories import accounts as f
from tests.factories.outreach import AttendeeFactory, EventFactory, Row, loaded_snapshot
from tests.factories.workers import WorkerFactory, first_village, nik_for

pytestmark = pytest.mark.django_db

VILLAGE = "61.71.01.1002"


def audits(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def event_input(**overrides: object) -> services.EventInput:
    data: dict[str, object] = {
        "title": "Sosialisasi nelayan",
        "held_on": timezone.localdate() - timedelta(days=2),
        "region_code": VILLAGE,
        "place": "Balai desa",
        "attendance_count": 35,
        "sector": "fishing",
    }
    data.update(overrides)
    return services.EventInput(**data)  # type: ignore[arg-type]


def photo_bytes(kind: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(out, kind)
    return out.getvalue()


class TestCadres:
    def test_officer_adds_a_cadre_without_login(self, world):
        cadre = services.create_cadre(
            actor=world.pontianak_officer,
            data=services.CadreInput(
                name=" Maria  Ulfa ", region_code=VILLAGE, phone="0812 3456 7890"
            ),
        )
        assert cadre.name == "Maria Ulfa"
        assert cadre.user is None
        assert cadre.phone == "081234567890"
        (row,) = audits("outreach.cadre.create")
        assert row.entity_id == str(cadre.pk)
        assert row.changes["after"]["phone"] == "0812******90"

    def test_cadre_linked_to_a_login_in_the_area(self, world):
        login = world.cadre_user
        world.cadre.user = None
        world.cadre.save()
        cadre = services.create_cadre(
            actor=world.pontianak_officer,
            data=services.CadreInput(name="Siti", region_code=VILLAGE, username=login.username),
        )
        assert cadre.user == login

    def test_login_must_be_an_active_village_cadre(self, world):
        with pytest.raises(CadreInvalid) as caught:
            services.create_cadre(
                actor=world.pontianak_officer,
                data=services.CadreInput(
                    name="X", region_code=VILLAGE, username=world.contractor.username
                ),
            )
        assert [e.code for e in caught.value.errors] == ["unknown_user"]

    def test_login_already_linked_is_a_conflict(self, world):
        with pytest.raises(LindungError) as caught:
            services.create_cadre(
                actor=world.pontianak_officer,
                data=services.CadreInput(
                    name="Dua", region_code=VILLAGE, username=world.cadre_user.username
                ),
            )
        assert caught.value.http_status == 409
        assert Cadre.objects.filter(name="Dua").count() == 0

    def test_login_area_must_contain_the_working_area(self, world):
        world.cadre.user = None
        world.cadre.save()
        with pytest.raises(CadreInvalid) as caught:
            services.create_cadre(
                actor=world.pontianak_officer,
                data=services.CadreInput(
                    name="X", region_code="61.71.01", username=world.cadre_user.username
                ),
            )
        assert [e.code for e in caught.value.errors] == ["scope_mismatch"]

    def test_region_outside_scope_and_level_checked(self, world):
        with pytest.raises(CadreInvalid) as caught:
            services.create_cadre(
                actor=world.pontianak_officer,
                data=services.CadreInput(name="", region_code="61.01.01", phone="12"),
            )
        assert {e.loc[0]: e.code for e in caught.value.errors} == {
            "name": "required",
            "region_code": "out_of_scope",
            "phone": "invalid",
        }
        with pytest.raises(CadreInvalid):
            services.create_cadre(
                actor=world.pontianak_officer,
                data=services.CadreInput(name="X", region_code="61.71"),
            )
        assert audits("outreach.cadre.create") == []

    def test_cadres_cannot_manage_cadres(self, world):
        with pytest.raises(OutreachNotAllowed):
            services.create_cadre(
                actor=world.cadre_user, data=services.CadreInput(name="X", region_code=VILLAGE)
            )

    def test_deactivate_is_audited(self, world):
        cadre = world.cadre_without_login
        services.update_cadre(
            actor=world.pontianak_officer,
            cadre_id=cadre.pk,
            data=services.CadreInput(
                name=cadre.name, region_code=cadre.region_id, phone=cadre.phone, is_active=False
            ),
        )
        cadre.refresh_from_db()
        assert cadre.is_active is False
        (row,) = audits("outreach.cadre.update")
        assert row.changes == {"before": {"is_active": True}, "after": {"is_active": False}}

    def test_out_of_scope_cadre_is_not_found(self, world):
        with pytest.raises(LindungError) as caught:
            services.update_cadre(
                actor=world.sambas_officer,
                cadre_id=world.cadre.pk,
                data=services.CadreInput(name="X", region_code=VILLAGE),
            )
        assert caught.value.http_status == 404


class TestTargets:
    def test_cadre_target_for_a_quarter(self, world):
        target = services.set_target(
            actor=world.pontianak_officer,
            data=services.TargetInput(
                metric="registrations", period="2026-q2", value=25, cadre_id=world.cadre.pk
            ),
        )
        assert (target.period, target.period_start, target.period_end) == (
            "2026-Q2",
            date(2026, 4, 1),
            date(2026, 6, 30),
        )
        assert audits("outreach.target.set")[0].changes["after"]["value"] == 25

    def test_village_target_for_a_year(self, world):
        target = services.set_target(
            actor=world.pontianak_officer,
            data=services.TargetInput(
                metric="reached", period="2026", value=400, region_code=VILLAGE
            ),
        )
        assert (target.period_start, target.period_end) == (date(2026, 1, 1), date(2026, 12, 31))

    def test_second_target_for_the_same_period_is_a_conflict(self, world):
        data = services.TargetInput(
            metric="events", period="2026-03", value=2, cadre_id=world.cadre.pk
        )
        services.set_target(actor=world.pontianak_officer, data=data)
        with pytest.raises(TargetExists):
            services.set_target(actor=world.pontianak_officer, data=data)
        assert OutreachTarget.objects.count() == 1

    def test_every_problem_is_reported(self, world):
        with pytest.raises(TargetInvalid) as caught:
            services.set_target(
                actor=world.pontianak_officer,
                data=services.TargetInput(
                    metric="likes",
                    period="2026-Q5",
                    value=0,
                    cadre_id=world.cadre.pk,
                    region_code=VILLAGE,
                ),
            )
        assert {e.loc[0] for e in caught.value.errors} == {"metric", "period", "value", "cadre_id"}

    def test_out_of_scope_village_and_cadre(self, world):
        with pytest.raises(TargetInvalid) as caught:
            services.set_target(
                actor=world.sambas_officer,
                data=services.TargetInput(
                    metric="events", period="2026", value=1, region_code=VILLAGE
                ),
            )
        assert caught.value.errors[0].code == "out_of_scope"
        with pytest.raises(TargetInvalid) as caught:
            services.set_target(
                actor=world.sambas_officer,
                data=services.TargetInput(
                    metric="events", period="2026", value=1, cadre_id=world.cadre.pk
                ),
            )
        assert caught.value.errors[0].code == "not_found"

    def test_change_and_remove_are_audited(self, world):
        target = services.set_target(
            actor=world.pontianak_officer,
            data=services.TargetInput(metric="events", period="2026", value=4, region_code=VILLAGE),
        )
        services.change_target(actor=world.pontianak_officer, target_id=target.pk, value=6)
        target.refresh_from_db()
        assert target.value == 6
        services.remove_target(actor=world.pontianak_officer, target_id=target.pk)
        assert not OutreachTarget.objects.exists()
        assert audits("outreach.target.delete")[0].changes["before"]["value"] == 6


class TestEvents:
    def test_officer_records_an_event_for_a_cadre(self, world):
        event = services.record_event(
            actor=world.pontianak_officer,
            data=event_input(organiser_cadre_id=world.cadre_without_login.pk),
        )
        assert event.organiser_cadre == world.cadre_without_login
        assert event.organiser_user is None
        (row,) = audits("outreach.event.create")
        assert row.region_code == VILLAGE
        assert row.changes["after"]["attendance_count"] == 35

    def test_officer_without_cadre_is_the_organiser(self, world):
        event = services.record_event(actor=world.pontianak_officer, data=event_input())
        assert event.organiser_user == world.pontianak_officer

    def test_cadre_records_their_own_event(self, world):
        event = services.record_event(actor=world.cadre_user, data=event_input())
        assert event.organiser_cadre == world.cadre

    def test_cadre_cannot_name_another_organiser(self, world):
        with pytest.raises(EventInvalid) as caught:
            services.record_event(
                actor=world.cadre_user,
                data=event_input(organiser_cadre_id=world.cadre_without_login.pk),
            )
        assert caught.value.errors[0].code == "not_own"

    def test_future_event_and_foreign_village_are_refused(self, world):
        with pytest.raises(EventInvalid) as caught:
            services.record_event(
                actor=world.cadre_user,
                data=event_input(
                    held_on=timezone.localdate() + timedelta(days=1),
                    region_code=first_village("61.01.01"),
                    attendance_count=-1,
                    place=" ",
                ),
            )
        assert {e.loc[0]: e.code for e in caught.value.errors} == {
            "held_on": "future",
            "region_code": "out_of_scope",
            "attendance_count": "invalid",
            "place": "required",
        }
        assert SocializationEvent.objects.count() == 2  # the world's two events only

    def test_organiser_must_work_in_the_village(self, world):
        other_village = "61.71.01.1003"
        with pytest.raises(EventInvalid) as caught:
            services.record_event(
                actor=world.pontianak_officer,
                data=event_input(region_code=other_village, organiser_cadre_id=world.cadre.pk),
            )
        assert caught.value.errors[0].code == "outside_area"

    def test_update_audits_before_and_after(self, world):
        event = world.pontianak_event
        services.update_event(
            actor=world.cadre_user,
            event_id=event.pk,
            data=event_input(
                title=event.title,
                held_on=event.held_on,
                attendance_count=50,
                sector=event.sector,
                place=event.place,
            ),
        )
        (row,) = audits("outreach.event.update")
        assert row.changes == {
            "before": {"attendance_count": 40},
            "after": {"attendance_count": 50},
        }

    def test_cadre_cannot_change_someone_elses_event(self, world):
        officer_event = services.record_event(actor=world.pontianak_officer, data=event_input())
        with pytest.raises(OutreachNotAllowed):
            services.update_event(
                actor=world.cadre_user, event_id=officer_event.pk, data=event_input()
            )

    def test_out_of_scope_event_is_not_found(self, world):
        with pytest.raises(EventNotFound):
            services.delete_event(actor=world.cadre_user, event_id=world.sambas_event.pk)

    def test_event_with_registrations_cannot_be_deleted(self, world):
        EventRegistration.objects.create(
            event=world.pontianak_event,
            worker=WorkerFactory.create(),
            registered_on=world.pontianak_event.held_on,
        )
        with pytest.raises(EventHasRegistrations):
            services.delete_event(actor=world.pontianak_officer, event_id=world.pontianak_event.pk)
        assert SocializationEvent.objects.filter(pk=world.pontianak_event.pk).exists()

    def test_delete_removes_attendees_and_photo_files(
        self, world, django_capture_on_commit_callbacks
    ):
        event = world.pontianak_event
        AttendeeFactory.create(event=event)
        with django_capture_on_commit_callbacks(execute=True):
            photo = services.add_photo(
                actor=world.cadre_user, event_id=event.pk, content=photo_bytes()
            )
        name = photo.image.name or ""
        assert default_storage.exists(name)
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_event(actor=world.cadre_user, event_id=event.pk)
        assert not default_storage.exists(name)
        assert not EventAttendee.objects.exists()
        (row,) = audits("outreach.event.delete")
        assert row.note == "attendees=1 photos=1"


class TestAttendees:
    def test_names_with_and_without_nik(self, world):
        nik = nik_for("61.71.01", date(1988, 2, 3), "female", 7)
        services.add_attendees(
            actor=world.cadre_user,
            event_id=world.pontianak_event.pk,
            attendees=[services.AttendeeInput("Rosalia Lim", nik), services.AttendeeInput("Andi")],
        )
        assert list(EventAttendee.objects.values_list("name", "nik")) == [
            ("Rosalia Lim", nik),
            ("Andi", ""),
        ]
        (row,) = audits("outreach.attendees.add")
        assert nik not in str(row.changes)
        assert "Rosalia" not in str(row.changes)

    def test_invalid_and_repeated_niks_name_their_line(self, world):
        nik = nik_for("61.71.01", date(1988, 2, 3), "female", 7)
        with pytest.raises(AttendeesInvalid) as caught:
            services.add_attendees(
                actor=world.cadre_user,
                event_id=world.pontianak_event.pk,
                attendees=[
                    services.AttendeeInput("A", nik),
                    services.AttendeeInput("B", "6171011713900005"),
                    services.AttendeeInput("", nik),
                ],
            )
        errors = {(e.loc[1], e.loc[2]): e for e in caught.value.errors}
        assert errors[(1, "nik")].code == "nik_invalid"
        assert errors[(1, "nik")].msg.startswith("Line 2:")
        assert errors[(2, "name")].code == "required"
        assert errors[(2, "nik")].code == "duplicate"
        assert not EventAttendee.objects.exists()

    def test_list_cannot_exceed_the_attendance(self, world):
        event = EventFactory.create(attendance_count=1, organiser_cadre=world.cadre)
        with pytest.raises(AttendeesInvalid) as caught:
            services.add_attendees(
                actor=world.cadre_user,
                event_id=event.pk,
                attendees=[services.AttendeeInput("A"), services.AttendeeInput("B")],
            )
        assert caught.value.errors[0].code == "above_attendance"
        assert not EventAttendee.objects.exists()

    def test_attendance_cannot_drop_below_the_list(self, world):
        event = EventFactory.create(attendance_count=1, organiser_cadre=world.cadre)
        services.add_attendees(
            actor=world.cadre_user, event_id=event.pk, attendees=[services.AttendeeInput("A")]
        )
        with pytest.raises(EventInvalid) as caught:
            services.update_event(
                actor=world.cadre_user, event_id=event.pk, data=event_input(attendance_count=0)
            )
        assert caught.value.errors[0].code == "below_list"

    def test_reveal_needs_the_permission_and_is_audited(self, world):
        AttendeeFactory.create(event=world.pontianak_event)
        with pytest.raises(OutreachNotAllowed):
            services.reveal_attendees(actor=world.cadre_user, event_id=world.pontianak_event.pk)
        assert audits("personal_data.reveal") == []
        people = services.reveal_attendees(
            actor=world.pontianak_officer, event_id=world.pontianak_event.pk
        )
        assert len(people) == 1
        (row,) = audits("personal_data.reveal")
        assert row.entity_type == "socialization_event"

    def test_remove_attendee(self, world):
        person = AttendeeFactory.create(event=world.pontianak_event)
        services.remove_attendee(actor=world.cadre_user, attendee_id=person.pk)
        assert not EventAttendee.objects.exists()
        assert audits("outreach.attendees.remove")


class TestPhotos:
    def test_photo_is_stored_clean_after_commit(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            photo = services.add_photo(
                actor=world.cadre_user,
                event_id=world.pontianak_event.pk,
                content=photo_bytes("PNG"),
                caption="Peserta",
            )
        assert photo.content_type == "image/png"
        assert (photo.image.name or "").endswith(f"{photo.sha256}.png")
        with default_storage.open(photo.image.name or "") as stored:
            assert Image.open(stored).format == "PNG"
        assert audits("outreach.photo.add")[0].changes["after"]["type"] == "image/png"

    def test_refused_photo_writes_nothing(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(PhotoRefused):
            services.add_photo(
                actor=world.cadre_user, event_id=world.pontianak_event.pk, content=b"GIF89a..."
            )
        assert not EventPhoto.objects.exists()
        assert audits("outreach.photo.add") == []

    def test_the_same_photo_twice_is_refused(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            services.add_photo(
                actor=world.cadre_user, event_id=world.pontianak_event.pk, content=photo_bytes()
            )
        with pytest.raises(PhotoRefused):
            services.add_photo(
                actor=world.cadre_user, event_id=world.pontianak_event.pk, content=photo_bytes()
            )
        assert EventPhoto.objects.count() == 1

    def test_shared_file_survives_removal_from_one_event(
        self, world, django_capture_on_commit_callbacks
    ):
        other = EventFactory.create(organiser_cadre=world.cadre)
        with django_capture_on_commit_callbacks(execute=True):
            first = services.add_photo(
                actor=world.cadre_user, event_id=world.pontianak_event.pk, content=photo_bytes()
            )
            services.add_photo(actor=world.cadre_user, event_id=other.pk, content=photo_bytes())
        with django_capture_on_commit_callbacks(execute=True):
            services.remove_photo(actor=world.cadre_user, photo_id=first.pk)
        assert default_storage.exists(first.image.name or "")
        assert audits("outreach.photo.remove")


class TestRegistrations:
    def worker_input(self, **overrides: object) -> worker_services.WorkerInput:
        data: dict[str, object] = {
            "name": "Fransiskus Asui",
            "region_code": VILLAGE,
            "nik": nik_for("61.71.01", date(1990, 5, 17), "male", 5),
            "sector": "fishing",
            "segment": "bpu",
        }
        data.update(overrides)
        return worker_services.WorkerInput(**data)  # type: ignore[arg-type]

    def recent_event(self, world):
        return EventFactory.create(
            organiser_cadre=world.cadre, held_on=timezone.localdate() - timedelta(days=3)
        )

    def test_cadre_registers_a_worker_at_an_event(self, world):
        event = self.recent_event(world)
        registration = services.register_worker_at_event(
            actor=world.cadre_user, event_id=event.pk, data=self.worker_input()
        )
        worker = registration.worker
        assert worker.source == "cadre_registration"
        assert worker.registered_by == world.cadre_user
        assert registration.cadre == world.cadre
        assert registration.new_worker is True
        assert registration.registered_on == timezone.localdate()
        assert audits("worker.create")
        assert audits("outreach.registration.credit")

    def test_registry_refusals_write_nothing(self, world):
        event = self.recent_event(world)
        existing = WorkerFactory.create()
        with pytest.raises(NikAlreadyRegistered):
            services.register_worker_at_event(
                actor=world.cadre_user, event_id=event.pk, data=self.worker_input(nik=existing.nik)
            )
        assert not EventRegistration.objects.exists()

    def test_event_too_long_ago_is_checked_before_the_worker_is_written(self, world):
        old = EventFactory.create(
            organiser_cadre=world.cadre, held_on=timezone.localdate() - timedelta(days=120)
        )
        with pytest.raises(RegistrationInvalid) as caught:
            services.register_worker_at_event(
                actor=world.cadre_user, event_id=old.pk, data=self.worker_input()
            )
        assert caught.value.errors[0].code == "too_late"
        assert not Worker.objects.filter(name="Fransiskus Asui").exists()

    def test_a_refused_credit_also_undoes_the_registration(self, world, monkeypatch):
        event = self.recent_event(world)

        def refuse(**kwargs: object) -> None:
            raise RegistrationInvalid()

        monkeypatch.setattr(services, "_credit", refuse)
        with pytest.raises(RegistrationInvalid):
            services.register_worker_at_event(
                actor=world.cadre_user, event_id=event.pk, data=self.worker_input()
            )
        assert not Worker.objects.filter(name="Fransiskus Asui").exists()
        assert not audits("worker.create")

    def test_existing_worker_registered_after_the_event_is_credited(self, world):
        event = self.recent_event(world)
        worker = WorkerFactory.create()
        registration = services.credit_worker(
            actor=world.pontianak_officer, event_id=event.pk, worker_id=worker.pk
        )
        assert registration.new_worker is False
        assert registration.cadre == world.cadre  # the officer credits the organiser

    def test_worker_registered_before_the_event_is_refused(self, world):
        worker = WorkerFactory.create()
        Worker.objects.filter(pk=worker.pk).update(created_at=timezone.now() - timedelta(days=10))
        event = self.recent_event(world)
        with pytest.raises(RegistrationInvalid) as caught:
            services.credit_worker(
                actor=world.pontianak_officer, event_id=event.pk, worker_id=worker.pk
            )
        assert caught.value.errors[0].code == "before_event"

    def test_a_worker_is_credited_once(self, world):
        event = self.recent_event(world)
        other = self.recent_event(world)
        worker = WorkerFactory.create()
        services.credit_worker(
            actor=world.pontianak_officer, event_id=event.pk, worker_id=worker.pk
        )
        with pytest.raises(WorkerAlreadyCredited):
            services.credit_worker(
                actor=world.pontianak_officer, event_id=other.pk, worker_id=worker.pk
            )
        assert EventRegistration.objects.count() == 1

    def test_out_of_scope_worker_cannot_be_credited(self, world):
        event = self.recent_event(world)
        sambas_worker = WorkerFactory.create(district="61.01.01")
        with pytest.raises(LindungError) as caught:
            services.credit_worker(
                actor=world.cadre_user, event_id=event.pk, worker_id=sambas_worker.pk
            )
        assert caught.value.http_status == 404

    def test_uncredit_keeps_the_worker(self, world):
        event = self.recent_event(world)
        worker = WorkerFactory.create()
        registration = services.credit_worker(
            actor=world.pontianak_officer, event_id=event.pk, worker_id=worker.pk
        )
        services.uncredit_worker(actor=world.pontianak_officer, registration_id=registration.pk)
        assert not EventRegistration.objects.exists()
        assert Worker.objects.filter(pk=worker.pk).exists()
        assert audits("outreach.registration.uncredit")


class TestFollowUp:
    def lapsed(self):
        return loaded_snapshot(
            date(2026, 5, 31),
            [
                Row(
                    nik=nik_for("61.71.01", date(1980, 1, 1)),
                    standing="lapsed",
                    kpj="26050000001",
                    last_paid_month=date(2026, 1, 1),
                    region_code=VILLAGE,
                    name="Budi Lapsed",
                ),
                Row(
                    nik=nik_for("61.71.01", date(1981, 1, 1)),
                    standing="covered",
                    kpj="26050000002",
                    region_code=VILLAGE,
                ),
                Row(
                    nik=nik_for("61.01.01", date(1982, 1, 1)),
                    standing="lapsed",
                    kpj="26050000003",
                    region_code=first_village("61.01.01"),
                ),
            ],
        )

    def test_cadre_logs_a_visit(self, world):
        self.lapsed()
        contact = services.log_contact(
            actor=world.cadre_user,
            data=services.ContactInput(
                kpj="26050000001",
                contacted_on=timezone.localdate(),
                channel="visit",
                outcome="will_pay",
                next_action="Ingatkan bayar",
                next_action_on=timezone.localdate() + timedelta(days=7),
            ),
        )
        assert contact.region_code == VILLAGE
        assert contact.snapshot_date == date(2026, 5, 31)
        assert contact.cadre == world.cadre
        assert audits("outreach.contact.log")

    def test_covered_or_out_of_scope_participants_are_not_on_the_list(self, world):
        self.lapsed()
        for kpj in ("26050000002", "26050000003", "999"):
            with pytest.raises(FollowUpNotFound):
                services.log_contact(
                    actor=world.cadre_user,
                    data=services.ContactInput(
                        kpj=kpj,
                        contacted_on=timezone.localdate(),
                        channel="call",
                        outcome="not_reached",
                    ),
                )
        assert not FollowUpContact.objects.exists()

    def test_officer_with_participant_access_logs_too(self, world):
        self.lapsed()
        contact = services.log_contact(
            actor=world.pontianak_officer,
            data=services.ContactInput(
                kpj="26050000001",
                contacted_on=timezone.localdate(),
                channel="whatsapp",
                outcome="paid",
            ),
        )
        assert contact.cadre is None

    def test_contact_problems_are_collected(self, world):
        self.lapsed()
        with pytest.raises(ContactInvalid) as caught:
            services.log_contact(
                actor=world.cadre_user,
                data=services.ContactInput(
                    kpj="26050000001",
                    contacted_on=timezone.localdate() + timedelta(days=1),
                    channel="sms",
                    outcome="?",
                    next_action="",
                    next_action_on=timezone.localdate(),
                ),
            )
        assert {e.loc[0] for e in caught.value.errors} == {
            "contacted_on",
            "channel",
            "outcome",
            "next_action_on",
            "next_action",
        }

    def test_without_snapshot_nothing_can_be_logged(self, world):
        with pytest.raises(FollowUpNotFound):
            services.log_contact(
                actor=world.cadre_user,
                data=services.ContactInput(
                    kpj="26050000001",
                    contacted_on=timezone.localdate(),
                    channel="call",
                    outcome="other",
                ),
            )

    def test_reveal_is_for_allowed_roles_and_audited(self, world):
        self.lapsed()
        row = services.reveal_followup(actor=world.pontianak_officer, kpj="26050000001")
        assert row.name == "Budi Lapsed"
        assert row.nik.isdigit()
        assert len(row.nik) == 16
        (audit,) = audits("personal_data.reveal")
        assert audit.entity_type == "participant"
        assert audit.entity_id == "26050000001"
        assert audit.note == "follow-up name,nik,birth_date"

    def test_a_cadre_sees_the_name_only_and_the_purpose_is_audited(self, world):
        def nik_of(kpj: str) -> str:
            return services.reveal_followup(actor=world.pontianak_officer, kpj=kpj).nik

        self.lapsed()
        row = services.reveal_followup(actor=world.cadre_user, kpj="26050000001")
        assert row.name == "Budi Lapsed"
        assert row.nik == mask_identifier(nik_of("26050000001"))
        assert "1980" not in row.birth_date
        audit = AuditEvent.objects.get(actor=world.cadre_user, action="personal_data.reveal")
        assert audit.note == services.FOLLOW_UP_NAME_NOTE

    def test_a_cadre_reveals_only_on_their_own_list(self, world):
        self.lapsed()
        with pytest.raises(FollowUpNotFound):  # Sambas, outside the cadre's village
            services.reveal_followup(actor=world.cadre_user, kpj="26050000003")
        with pytest.raises(FollowUpNotFound):  # covered, not on the follow-up list
            services.reveal_followup(actor=world.cadre_user, kpj="26050000002")
        assert audits("personal_data.reveal") == []

    def test_a_cadre_reveals_a_limited_number_of_names_a_day(self, world, settings):
        settings.LINDUNG_FOLLOWUP_REVEALS_PER_DAY = 2
        self.lapsed()
        for _ in range(2):
            services.reveal_followup(actor=world.cadre_user, kpj="26050000001")
        with pytest.raises(FollowUpRevealLimited):
            services.reveal_followup(actor=world.cadre_user, kpj="26050000001")
        assert len(audits("personal_data.reveal")) == 2
        # Officers, who may reveal in full, are not capped by the cadres' limit.
        for _ in range(3):
            services.reveal_followup(actor=world.pontianak_officer, kpj="26050000001")

    def test_roles_without_a_reveal_right_are_refused(self, world):
        self.lapsed()
        user = f.user_of_role(Role.AGENCY_USER, "61.71")
        with pytest.raises(OutreachNotAllowed):
            services.reveal_followup(actor=user, kpj="26050000001")
