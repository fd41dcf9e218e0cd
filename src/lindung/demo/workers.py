"""Demo registry workers across the 14 regencies, with valid NIKs for their districts.

Reproducible (seeded) and idempotent: workers with a NIK are keyed by it, so loading twice
adds nothing. About 4% have no NIK and 2% an invalid one (flagged, as in the field), and a
few near-duplicates without a NIK are added so the duplicate review has work to show.
Construction workers are linked to demo projects in their regency when there are any.

Call ``load_demo_workers(today=...)`` after the regions (and, optionally, the demo projects).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from lindung.projects.models import Project
from lindung.regions.models import Region, RegionLevel
from lindung.rules.identifiers import Sex, build_nik
from lindung.workers import selectors as worker_selectors
from lindung.workers import services as worker_services
from lindung.workers.models import (
    NikStatus,
    Sector,
    Segment,
    Source,
    Worker,
    WorkerProjectLink,
)
from lindung.workers.names import normalise_name

SEED = 6161
DEFAULT_COUNT = 4200

MALE_NAMES = (
    "Agus", "Ahmad", "Andi", "Antonius", "Budi", "Darius", "Dedi", "Edi", "Fransiskus",
    "Hendrikus", "Heri", "Iwan", "Joko", "Yohanes", "Kurniawan", "Lukas", "Muhammad",
    "Rahmat", "Rudi", "Slamet", "Supardi", "Syarif", "Tan", "Wahyu", "Yulius", "Zainal",
)  # fmt: skip
FEMALE_NAMES = (
    "Aminah", "Ani", "Dewi", "Fatimah", "Herlina", "Intan", "Kartini", "Lestari", "Maria",
    "Nurhayati", "Rosalia", "Sari", "Siti", "Sri", "Susana", "Theresia", "Ursula", "Yanti",
)  # fmt: skip
FAMILY_NAMES = (
    "Asun", "Ajun", "Hidayat", "Lim", "Rahman", "Santoso", "Saputra", "Setiawan", "Simanjuntak",
    "Sinaga", "Suryadi", "Wijaya", "Yusuf", "Abdullah", "Gunawan", "Kurniadi", "Pratama",
    "Hamid", "Nugroho", "Effendi", "Syahputra", "Lie", "Tjhin", "Daniel", "Markus",
)  # fmt: skip
OCCUPATIONS = {
    Sector.CONSTRUCTION: ("Tukang batu", "Tukang kayu", "Kenek", "Mandor", "Operator alat berat"),
    Sector.FISHING: ("Nelayan", "Buruh kapal"),
    Sector.FARMING: ("Petani padi", "Petani sayur"),
    Sector.PLANTATION: ("Penyadap karet", "Buruh sawit", "Petani lada"),
    Sector.SMALL_TRADE: ("Pedagang pasar", "Pedagang keliling"),
    Sector.TRANSPORT: ("Ojek", "Sopir angkutan", "Motoris speedboat"),
    Sector.DOMESTIC: ("Pekerja rumah tangga",),
    Sector.OTHER: ("Buruh harian",),
}
SECTOR_WEIGHTS = (
    (Sector.CONSTRUCTION, 30), (Sector.FISHING, 10), (Sector.FARMING, 18),
    (Sector.PLANTATION, 18), (Sector.SMALL_TRADE, 10), (Sector.TRANSPORT, 7),
    (Sector.DOMESTIC, 4), (Sector.OTHER, 3),
)  # fmt: skip


@dataclass
class DemoWorkersResult:
    created: int = 0
    unchanged: int = 0
    links: int = 0
    proposals: int = 0


def _name(rng: random.Random, sex: Sex) -> str:
    given = rng.choice(MALE_NAMES if sex is Sex.MALE else FEMALE_NAMES)
    return f"{given} {rng.choice(FAMILY_NAMES)}"


def _sector(rng: random.Random) -> Sector:
    sectors, weights = zip(*SECTOR_WEIGHTS, strict=True)
    return Sector(rng.choices(sectors, weights=weights)[0])


@transaction.atomic(durable=True)
def load_demo_workers(*, today: date, count: int = DEFAULT_COUNT) -> DemoWorkersResult:
    """Create the demo workers that do not exist yet, link builders and propose duplicates."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    villages: dict[str, list[Region]] = {}
    for village in Region.objects.defer("boundary").filter(level=RegionLevel.VILLAGE):
        villages.setdefault(village.code[:5], []).append(village)
    regencies = sorted(villages)
    projects: dict[str, list[int]] = {}
    for pk, region_code in Project.objects.values_list("pk", "region_id"):
        projects.setdefault(region_code[:5], []).append(pk)
    planned: list[tuple[Worker, int | None]] = []
    serials: dict[tuple[str, date, Sex], int] = {}
    for number in range(count):
        regency = regencies[number % len(regencies)]
        village = rng.choice(villages[regency])
        sex = Sex.MALE if rng.random() < 0.7 else Sex.FEMALE
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
        district = village.code[:8]
        key = (district, birth, sex)
        serials[key] = serials.get(key, 0) + 1
        nik = build_nik(district, birth, sex, serials[key])
        status = NikStatus.VALID
        roll = rng.random()
        if roll < 0.04:
            nik, status = "", NikStatus.MISSING
        elif roll < 0.06:
            nik, status = nik[:8] + "13" + nik[10:], NikStatus.INVALID  # month 13
        sector = _sector(rng)
        name = _name(rng, sex)
        worker = Worker(
            nik=nik,
            nik_status=status,
            nik_issues=[] if status == NikStatus.VALID else [f"nik_{status}"],
            name=name,
            name_key=normalise_name(name),
            birth_date=birth,
            sex=str(sex),
            phone=f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}",
            region=village,
            occupation=rng.choice(OCCUPATIONS[sector]),
            sector=sector,
            segment=Segment.JAKON
            if sector == Sector.CONSTRUCTION
            else rng.choice((Segment.BPU, Segment.BPU, Segment.PU)),
            source=Source.CONTRACTOR_ROSTER
            if sector == Sector.CONSTRUCTION
            else rng.choice((Source.CADRE_REGISTRATION, Source.IMPORT, Source.SELF)),
        )
        project = None
        if sector == Sector.CONSTRUCTION and projects.get(regency):
            project = rng.choice(projects[regency])
        planned.append((worker, project))
        if number % 97 == 0:
            # A second record of the same person, registered by a cadre without the NIK.
            twin = Worker(
                nik="",
                nik_status=NikStatus.MISSING,
                nik_issues=["nik_missing"],
                name=name.upper(),
                name_key=normalise_name(name),
                birth_date=birth,
                sex=str(sex),
                region=village,
                occupation=worker.occupation,
                sector=sector,
                segment=worker.segment,
                source=Source.CADRE_REGISTRATION,
            )
            planned.append((twin, None))
    result = DemoWorkersResult()
    niks = [w.nik for w, _p in planned if w.nik_status == NikStatus.VALID]
    existing = worker_selectors.existing_active_by_nik(niks=niks)
    if existing:
        # Loaded before: the demo registry is keyed by its NIKs, so nothing is added again.
        result.unchanged = len(planned)
        return result
    created = worker_services.bulk_create_workers([w for w, _p in planned])
    result.created = len(created)
    links = [
        WorkerProjectLink(
            worker=worker,
            project_id=project,
            role=worker.occupation.lower(),
            start_date=today - timedelta(days=rng.randrange(10, 200)),
        )
        for worker, project in planned
        if project is not None
    ]
    result.links = len(worker_services.bulk_create_links(links))
    result.proposals, _scanned = worker_services.scan_duplicates()
    return result
