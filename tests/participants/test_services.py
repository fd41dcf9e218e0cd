"""Loading extracts as immutable snapshots: all-or-nothing, comparison, refusals, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from lindung.accounts.models import AuditEvent, Role
from lindung.participants import services as participant_services
from lindung.participants.errors import (
    ParticipantActionNotAllowed,
    SnapshotAlreadyLoaded,
    SnapshotDateTaken,
    SnapshotImmutable,
    SnapshotRefused,
)
from lindung.participants.models import Participant, Snapshot, SnapshotStat, SnapshotStatus
from tests.factories.accounts import user_of_role
from tests.factories.participants import extract_csv, load, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

JUNE = date(2026, 6, 30)
OCTOBER = date(2026, 10, 31)


def _stat_total(snapshot: Snapshot, **filters: str) -> int:
    return sum(s.participants for s in SnapshotStat.objects.filter(snapshot=snapshot, **filters))


class TestLoadSnapshot:
    def test_loads_valid_rows_and_counts_them(self) -> None:
        rows = [
            row(1),
            row(2, segmen="JAKON", sektor="", kode_wilayah="61.01.01"),
            row(3, status="nonaktif"),
        ]
        snapshot = load(rows)
        assert snapshot.status == SnapshotStatus.LOADED
        assert snapshot.row_count == 3
        assert snapshot.rejected_count == 0
        assert snapshot.previous is None
        assert snapshot.comparison["covered"] == 2
        assert snapshot.comparison["lapsed"] == 1
        assert snapshot.comparison["changes"] == {"first": 3}
        assert Participant.objects.filter(snapshot=snapshot).count() == 3
        assert _stat_total(snapshot, regency_code="61.01", sector="construction") == 1
        assert _stat_total(snapshot, regency_code="61.71", district_code="61.71.01") == 2
        event = AuditEvent.objects.get(action="participants.snapshot_load")
        assert event.entity_id == str(snapshot.pk)
        assert event.changes["after"]["rows"] == 3

    def test_rejected_rows_go_to_quarantine_and_the_rest_loads(self) -> None:
        rows = [row(n) for n in range(1, 10)] + [row(10, kpj="bad")]
        snapshot = load(rows)
        assert snapshot.row_count == 9
        assert snapshot.rejected_count == 1
        with snapshot.quarantine.open("rb") as handle:
            text = handle.read().decode("utf-8-sig")
        assert "11,kpj,kpj: KPJ must be exactly 11 digits" in text.replace('"', "")

    def test_compares_with_the_previous_snapshot_by_kpj(self) -> None:
        june = load(
            [
                row(1),  # stays covered
                row(2, status="nonaktif"),  # lapsed -> reactivated
                row(3),  # covered -> lapsed
                row(4, status="nonaktif"),  # stays lapsed
                row(5),  # gone in October
            ],
            JUNE,
        )
        october = load(
            [
                row(1, bulan_terakhir_bayar="2026-10"),
                row(2, bulan_terakhir_bayar="2026-10"),
                row(3, bulan_terakhir_bayar="2026-05"),
                row(4, status="nonaktif"),
                row(6, bulan_terakhir_bayar="2026-10"),  # new
            ],
            OCTOBER,
        )
        assert october.previous == june
        assert october.comparison["changes"] == {
            "continuing": 1,
            "reactivated": 1,
            "lapsed": 1,
            "still_lapsed": 1,
            "new": 1,
            "gone": 1,
        }
        assert _stat_total(october, change="gone", standing="covered") == 1

    def test_same_file_twice_is_refused_and_nothing_is_written(self) -> None:
        content = extract_csv([row(1)])
        participant_services.load_snapshot(
            actor=None, file_name="a.csv", source=content, extract_date=JUNE
        )
        with pytest.raises(SnapshotAlreadyLoaded):
            participant_services.load_snapshot(
                actor=None, file_name="b.csv", source=content, extract_date=OCTOBER
            )
        assert Snapshot.objects.count() == 1
        assert Participant.objects.count() == 1

    def test_second_extract_for_a_loaded_date_is_refused(self) -> None:
        load([row(1)], JUNE)
        with pytest.raises(SnapshotDateTaken):
            load([row(2)], JUNE)
        assert Participant.objects.count() == 1

    def test_future_extract_date_is_refused(self) -> None:
        with pytest.raises(SnapshotRefused, match="future"):
            load([row(1)], date(2099, 1, 1))
        assert not Snapshot.objects.exists()

    def test_file_with_too_many_bad_rows_is_refused_whole(self) -> None:
        rows = [row(1), row(2, kpj="x"), row(3, kpj="y")]
        with pytest.raises(SnapshotRefused, match="right file"):
            load(rows)
        snapshot = Snapshot.objects.get()
        assert snapshot.status == SnapshotStatus.FAILED
        assert "2 of 3 rows" in snapshot.error_message
        assert not Participant.objects.exists()
        assert not SnapshotStat.objects.exists()

    @override_settings(LINDUNG_EXTRACT_MAX_REJECTED_SHARE=1.0)
    def test_file_with_no_valid_row_is_refused(self) -> None:
        with pytest.raises(SnapshotRefused, match="no row passed"):
            load([row(1, kpj="x")])
        assert not Participant.objects.exists()

    @override_settings(LINDUNG_MAX_EXTRACT_BYTES=10)
    def test_oversized_file_is_refused(self) -> None:
        with pytest.raises(SnapshotRefused, match="larger than"):
            load([row(1)])
        assert not Snapshot.objects.exists()

    def test_failure_while_writing_leaves_nothing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def boom(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(participant_services, "_count", boom)
        with pytest.raises(RuntimeError):
            load([row(1), row(2)])
        assert Snapshot.objects.get().status == SnapshotStatus.FAILED
        assert not Participant.objects.exists()

    @pytest.mark.parametrize("role", [Role.REGENCY_OFFICER, Role.VILLAGE_CADRE, Role.CONTRACTOR])
    def test_roles_without_the_permission_cannot_load(self, role: str) -> None:
        actor = user_of_role(role, "61.71")
        with pytest.raises(ParticipantActionNotAllowed):
            participant_services.load_snapshot(
                actor=actor, file_name="a.csv", source=extract_csv([row(1)]), extract_date=JUNE
            )
        assert not Snapshot.objects.exists()

    def test_bpjs_officer_can_load(self) -> None:
        actor = user_of_role(Role.BPJS_OFFICER, "61")
        outcome = participant_services.load_snapshot(
            actor=actor, file_name="a.csv", source=extract_csv([row(1)]), extract_date=JUNE
        )
        assert outcome.snapshot.loaded_by == actor
        assert outcome.as_dict()["loaded"] == 1


class TestImmutability:
    def test_orm_refuses_to_change_a_participant(self) -> None:
        snapshot = load([row(1)])
        participant = Participant.objects.get(snapshot=snapshot)
        participant.name = "Changed"
        with pytest.raises(SnapshotImmutable):
            participant.save()
        with pytest.raises(SnapshotImmutable):
            participant.delete()

    def test_database_refuses_updates_of_rows_and_loaded_snapshots(self) -> None:
        snapshot = load([row(1)])
        for sql in (
            "UPDATE participants_participant SET name = 'x'",
            "UPDATE participants_snapshotstat SET participants = 0",
            "UPDATE participants_snapshot SET label = 'x'",
            "DELETE FROM participants_participant",
            "DELETE FROM participants_snapshot",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
        snapshot.refresh_from_db()
        assert snapshot.label == ""
        assert Participant.objects.get().name == "Siti Aminah"
