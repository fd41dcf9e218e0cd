"""Factories for reconciliation: loaded participant snapshots and a linkable population.

A loaded snapshot cannot be updated (database triggers), so ``make_snapshot`` creates it
with ``status="loaded"`` in one ``create()`` and inserts its participants with
``bulk_create``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import factory
from factory.django import DjangoModelFactory

from lindung.participants.models import Participant, Snapshot, SnapshotStatus
from lindung.rules.identifiers import build_nik
from lindung.workers.models import Worker
from tests.factories.workers import WorkerFactory

GIVEN_MALE = ("Agus", "Budi", "Dedi", "Eko", "Hendra", "Iwan", "Rudi", "Slamet", "Yohanes")
GIVEN_FEMALE = ("Ayu", "Dewi", "Fitri", "Indah", "Rina", "Sari", "Siti", "Wulan", "Yanti")
FAMILY = (
    "Gunawan", "Halim", "Hidayat", "Lubis", "Nasution", "Pratama", "Rahman", "Santoso",
    "Saputra", "Setiawan", "Sinaga", "Siregar", "Tambunan", "Wijaya",
)  # fmt: skip


class SnapshotFactory(DjangoModelFactory[Snapshot]):
    """A snapshot created already loaded (it can never be updated afterwards)."""

    class Meta:
        model = Snapshot

    extract_date = factory.Sequence(lambda n: date(2026, 1, 31) + timedelta(days=n))
    label = "Ekstrak uji"
    original_name = factory.Sequence(lambda n: f"ekstrak-{n}.csv")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    status = SnapshotStatus.LOADED


_kpj = iter(range(10_000_000_000, 99_999_999_999))


def next_kpj() -> str:
    """Return a fresh 11-digit KPJ."""
    return str(next(_kpj))


def participant_row(**fields: Any) -> dict[str, Any]:
    """Return a participant's fields with defaults (protected, BPU, paid this month)."""
    row: dict[str, Any] = {
        "kpj": next_kpj(),
        "nik": "",
        "name": "Peserta",
        "birth_date": None,
        "sex": "",
        "segment": "bpu",
        "status": "active",
        "standing": "covered",
        "last_paid_month": date(2026, 1, 1),
        "region_code": "",
    }
    row.update(fields)
    if fields.get("standing") == "lapsed" and "status" not in fields:
        row["status"] = "inactive"
    return row


def row_of(worker: Worker, **overrides: Any) -> dict[str, Any]:
    """Return a participant row copying a registry worker's identity."""
    identity: dict[str, Any] = {
        "nik": worker.nik,
        "name": worker.name,
        "birth_date": worker.birth_date,
        "sex": worker.sex,
        "region_code": worker.region_id,
    }
    return participant_row(**(identity | overrides))


def make_snapshot(rows: list[dict[str, Any]], **kwargs: Any) -> Snapshot:
    """Create a loaded snapshot holding these participant rows."""
    snapshot = SnapshotFactory.create(row_count=len(rows), **kwargs)
    Participant.objects.bulk_create(
        [
            Participant(
                snapshot=snapshot,
                row_number=i,
                nik_valid=len(row["nik"]) == 16,
                regency_code=row["region_code"][:5],
                **row,
            )
            for i, row in enumerate(rows, start=2)
        ]
    )
    return snapshot


def participant_of(snapshot: Snapshot, kpj: str) -> Participant:
    """Return a snapshot's participant by KPJ (tests only)."""
    return Participant.objects.get(snapshot=snapshot, kpj=kpj)


@dataclass
class Population:
    """Registry workers and participant rows: most linked by NIK, some not registered."""

    registered: list[Worker] = field(default_factory=list)
    unregistered: list[Worker] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def workers(self) -> list[Worker]:
        """Return every registry worker of the population."""
        return [*self.registered, *self.unregistered]


def make_population(
    *,
    district: str = "61.71.01",
    registered: int = 80,
    unregistered: int = 20,
    strangers: int = 60,
    seed: int = 7,
) -> Population:
    """Create background workers and participant rows for a realistic linkage.

    ``registered`` workers have a participant with the same identity, ``unregistered``
    have none, and ``strangers`` participants have no registry worker.
    """
    rnd = random.Random(seed)
    population = Population()

    def person(serial: int) -> dict[str, Any]:
        sex = rnd.choice(["male", "female"])
        given = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
        birth = date(1968, 1, 1) + timedelta(days=rnd.randrange(12_000))
        name = f"{rnd.choice(given)} {rnd.choice(given)} {rnd.choice(FAMILY)}"
        return {
            "sex": sex,
            "birth_date": birth,
            "name": name,
            "nik": build_nik(district, birth, sex, serial),
        }

    for i in range(registered + unregistered):
        worker = WorkerFactory.create(district=district, **person(2000 + i))
        if i < registered:
            population.registered.append(worker)
            population.rows.append(row_of(worker))
        else:
            population.unregistered.append(worker)
    for i in range(strangers):
        stranger = person(6000 + i)
        population.rows.append(participant_row(region_code=district, **stranger))
    return population


@dataclass
class Scenario:
    """A population plus one hand-made worker per outcome, and the loaded snapshot."""

    population: Population
    workers: dict[str, Worker]
    kpj: dict[str, str]
    snapshot: Snapshot


def _special(name: str, birth: date, sex: str, serial: int | None, **kwargs: Any) -> Worker:
    nik = build_nik("61.71.01", birth, sex, serial) if serial else ""
    return WorkerFactory.create(
        district="61.71.01",
        name=name,
        birth_date=birth,
        sex=sex,
        nik=nik,
        nik_status="valid" if nik else "missing",
        **kwargs,
    )


def make_scenario(**population: Any) -> Scenario:
    """Create the hand-made cases on top of a background population, and their snapshot.

    exact: same NIK; typo: NIK one digit off, same name; fuzzy: no NIK, old spelling of
    the name; lapsed: same NIK, the participant stopped paying in September 2025; none:
    no participant; borderline: no NIK, same name, birth date one digit off, another
    regency (a review pair); twice_a / twice_b: two registry rows of one person (the second
    without NIK, name abbreviated) and one participant.
    """
    pop = make_population(**population)
    w: dict[str, Worker] = {}
    kpj: dict[str, str] = {}

    def add(key: str, row: dict[str, Any]) -> None:
        kpj[key] = row["kpj"]
        pop.rows.append(row)

    w["exact"] = _special("Bambang Sutrisno", date(1980, 3, 14), "male", 9001)
    add("exact", row_of(w["exact"]))
    w["typo"] = _special("Yohanes Paulus Sitompul", date(1977, 9, 21), "male", 9002)
    nik = w["typo"].nik
    add("typo", row_of(w["typo"], nik=nik[:13] + ("0" if nik[13] != "0" else "1") + nik[14:]))
    w["fuzzy"] = _special("Joko Cahyono", date(1975, 4, 19), "male", None)
    add(
        "fuzzy",
        row_of(
            w["fuzzy"],
            name="Djoko Tjahjono",
            nik=build_nik("61.71.01", date(1975, 4, 19), "male", 9004),
        ),
    )
    w["lapsed"] = _special("Ernawati Kurnia", date(1988, 6, 27), "female", 9003)
    add("lapsed", row_of(w["lapsed"], standing="lapsed", last_paid_month=date(2025, 9, 1)))
    w["none"] = _special("Zulkarnaen Batubara", date(2001, 1, 2), "male", 9005)
    w["borderline"] = _special("Maria Goreti Sembiring", date(1990, 5, 8), "female", None)
    add(
        "borderline",
        row_of(
            w["borderline"],
            name="Maria Gorety Sembiring",
            birth_date=date(1990, 5, 18),
            nik=build_nik("61.72.01", date(1990, 5, 18), "female", 9007),
            region_code="61.72.01",
        ),
    )
    w["twice_a"] = _special("Stefanus Markus Panjaitan", date(1983, 7, 16), "male", 9008)
    w["twice_b"] = _special("STEFANUS M. PANJAITAN", date(1983, 7, 16), "male", None)
    add("twice", row_of(w["twice_a"]))
    snapshot = make_snapshot(pop.rows)
    return Scenario(population=pop, workers=w, kpj=kpj, snapshot=snapshot)
