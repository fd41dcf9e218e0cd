"""Factories for cadres, targets, events, registrations and budget rows, and a builder of
loaded participant snapshots for the funnel and the follow-up list."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from lindung.outreach.models import (
    BudgetAllocation,
    BudgetPayment,
    Cadre,
    CadreKind,
    EventAttendee,
    EventRegistration,
    FundingSource,
    OutreachTarget,
    SocializationEvent,
    TargetMetric,
)
from lindung.participants.models import (
    Change,
    Participant,
    Snapshot,
    SnapshotStat,
    SnapshotStatus,
    Standing,
)
from lindung.workers.models import Sector, Worker
from tests.factories.workers import first_village


class CadreFactory(DjangoModelFactory[Cadre]):
    class Meta:
        model = Cadre
        exclude = ("district",)

    district = "61.71.01"
    name = factory.Faker("name", locale="id_ID")
    kind = CadreKind.VILLAGE_OFFICIAL
    region_id = factory.LazyAttribute(lambda c: first_village(c.district))
    phone = factory.Sequence(lambda n: f"0852{n:08d}")
    is_active = True


class EventFactory(DjangoModelFactory[SocializationEvent]):
    class Meta:
        model = SocializationEvent
        exclude = ("district",)

    district = "61.71.01"
    title = factory.Sequence(lambda n: f"Sosialisasi BPJS Ketenagakerjaan {n}")
    held_on = date(2026, 1, 15)
    region_id = factory.LazyAttribute(lambda e: first_village(e.district))
    place = "Balai desa"
    organiser_cadre = factory.SubFactory(CadreFactory, district=factory.SelfAttribute("..district"))
    sector = Sector.FISHING
    attendance_count = 40


class AttendeeFactory(DjangoModelFactory[EventAttendee]):
    class Meta:
        model = EventAttendee

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="id_ID")
    nik = ""


class RegistrationFactory(DjangoModelFactory[EventRegistration]):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    worker = factory.SubFactory("tests.factories.workers.WorkerFactory")
    cadre = factory.LazyAttribute(lambda r: r.event.organiser_cadre)
    registered_on = factory.LazyAttribute(lambda r: r.event.held_on)
    new_worker = True


class TargetFactory(DjangoModelFactory[OutreachTarget]):
    class Meta:
        model = OutreachTarget

    cadre = factory.SubFactory(CadreFactory)
    metric = TargetMetric.REGISTRATIONS
    period = "2026-Q1"
    period_start = date(2026, 1, 1)
    period_end = date(2026, 3, 31)
    value = 30


class AllocationFactory(DjangoModelFactory[BudgetAllocation]):
    class Meta:
        model = BudgetAllocation

    region_id = "61.71"
    year = 2026
    source = FundingSource.REGENCY
    amount = Decimal(100_000_000)
    reference = factory.Sequence(lambda n: f"DPA Disnaker {n}/2026")


class PaymentFactory(DjangoModelFactory[BudgetPayment]):
    class Meta:
        model = BudgetPayment

    region_id = "61.71"
    year = 2026
    source = FundingSource.REGENCY
    paid_on = date(2026, 2, 10)
    amount = Decimal(20_000_000)
    reference = factory.Sequence(lambda n: f"BPJS-INV-{n:05d}")


@dataclass(frozen=True)
class Row:
    """One participant of a test snapshot."""

    nik: str
    standing: str = Standing.COVERED
    last_paid_month: date | None = None
    segment: str = "bpu"
    region_code: str = "61.71.01.1002"
    name: str = "Peserta Uji"
    kpj: str = ""
    sector: str = ""


def loaded_snapshot(extract_date: date, rows: list[Row] | tuple[Row, ...] = ()) -> Snapshot:
    """Create a loaded snapshot with these participants and their counts (as a load would)."""
    digest = hashlib.sha256(f"{extract_date}{rows}".encode()).hexdigest()
    snapshot = Snapshot.objects.create(
        extract_date=extract_date,
        original_name=f"extract-{extract_date}.csv",
        sha256=digest,
        status=SnapshotStatus.LOADING,
    )
    counts: dict[tuple[str, str, str, str, str], int] = {}
    for number, row in enumerate(rows, start=1):
        Participant.objects.create(
            snapshot=snapshot,
            row_number=number,
            kpj=row.kpj or f"{extract_date:%y%m}{number:07d}",
            nik=row.nik,
            nik_valid=bool(row.nik),
            name=row.name,
            segment=row.segment,
            sector=row.sector,
            status="active" if row.standing == Standing.COVERED else "inactive",
            last_paid_month=row.last_paid_month,
            standing=row.standing,
            region_code=row.region_code,
            regency_code=row.region_code[:5],
        )
        key = (row.region_code[:5], row.region_code[:8], row.segment, row.sector, row.standing)
        counts[key] = counts.get(key, 0) + 1
    SnapshotStat.objects.bulk_create(
        SnapshotStat(
            snapshot=snapshot,
            regency_code=regency,
            district_code=district,
            segment=segment,
            sector=sector,
            standing=standing,
            change=Change.FIRST,
            participants=n,
        )
        for (regency, district, segment, sector, standing), n in counts.items()
    )
    snapshot.status = SnapshotStatus.LOADED
    snapshot.row_count = len(rows)
    snapshot.save(update_fields=["status", "row_count"])
    return snapshot


def register_at(event: SocializationEvent, worker: Worker, **kwargs: Any) -> EventRegistration:
    """Credit WORKER to EVENT, registered on the event day unless told otherwise."""
    return RegistrationFactory.create(event=event, worker=worker, **kwargs)
