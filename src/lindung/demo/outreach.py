"""Demo outreach: cadres in six regencies (the demo cadre login among them), socialization
events with attendance lists, demo registry workers credited to them, targets, APBD/APBDes
allocations and payments, and two saved budget scenarios.

Reproducible (seeded; dates relative to the day it is loaded) and idempotent: the demo
cadres are keyed by name and the scenarios by name, so loading twice adds nothing. Load it
after the demo users, the official figures and the demo workers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lindung.accounts import selectors as account_selectors
from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.demo.output import Writer
from lindung.outreach import services as outreach_services
from lindung.outreach.budget import selectors as budget_selectors
from lindung.outreach.budget import services as budget_services
from lindung.outreach.models import (
    BudgetAllocation,
    BudgetPayment,
    BudgetScenario,
    Cadre,
    CadreKind,
    EventAttendee,
    EventRegistration,
    FundingSource,
    OutreachTarget,
    SocializationEvent,
    TargetMetric,
)
from lindung.outreach.periods import parse_period, quarter_of
from lindung.outreach.planning import ShareInput
from lindung.regions.models import Region, RegionLevel
from lindung.rules.identifiers import Sex, build_nik
from lindung.workers import selectors as worker_selectors
from lindung.workers.models import NikStatus, Sector

DEMO_CADRE_USERNAME = "kader"
DEMO_PLANNER_USERNAME = "admin"


@dataclass(frozen=True)
class DemoCadre:
    name: str
    kind: str
    district: str
    village: str = ""  # a fixed village; else one drawn from the district
    username: str = ""


DEMO_CADRES = (
    DemoCadre("Siti Aminah", CadreKind.VILLAGE_OFFICIAL, "61.04.01", "61.04.01.2011",
              DEMO_CADRE_USERNAME),
    DemoCadre("Yulius Ajun", CadreKind.COMMUNITY_AGENT, "61.02.01"),
    DemoCadre("Rosalia Tjhin", CadreKind.VILLAGE_OFFICIAL, "61.07.01"),
    DemoCadre("Muhammad Syarif", CadreKind.COMMUNITY_AGENT, "61.71.01"),
    DemoCadre("Herlina Sinaga", CadreKind.VOLUNTEER, "61.01.01"),
    DemoCadre("Darius Markus", CadreKind.VILLAGE_OFFICIAL, "61.12.01"),
)  # fmt: skip
EVENT_TITLES = (
    "Sosialisasi BPJS Ketenagakerjaan bagi {who}",
    "Jaminan kecelakaan kerja dan kematian untuk {who}",
    "Pendaftaran peserta BPU: {who}",
    "Perlindungan pekerja rentan: {who}",
)
AUDIENCES = {
    Sector.FISHING: "nelayan",
    Sector.FARMING: "petani",
    Sector.PLANTATION: "pekebun karet dan sawit",
    Sector.SMALL_TRADE: "pedagang pasar",
    Sector.TRANSPORT: "ojek dan motoris",
    Sector.CONSTRUCTION: "tukang bangunan",
}
PLACES = ("Balai desa", "Kantor desa", "Masjid", "Gereja", "Pasar", "Dermaga", "Posyandu")
MATERIALS = (
    "Leaflet manfaat JKK dan JKM; simulasi iuran Rp16.800 per bulan",
    "Video santunan kematian; tanya jawab klaim",
    "Formulir pendaftaran BPU; contoh kartu peserta",
)
GIVEN = ("Agus", "Andi", "Dewi", "Fatimah", "Hendrikus", "Intan", "Joko", "Kartini",
         "Lukas", "Maria", "Rahmat", "Sri", "Theresia", "Wahyu", "Yanti", "Zainal")  # fmt: skip
FAMILY = ("Asun", "Hidayat", "Lim", "Rahman", "Saputra", "Setiawan", "Wijaya", "Yusuf")
SCENARIO_VILLAGE = "1 Desa 100 Pekerja Rentan: {village} {year}"
SCENARIO_PROVINCE = "Kalimantan Barat 61% (Perda) {year}"


@dataclass
class _Counter:
    rows: int = 0


def _say(stdout: Writer | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _village(rng: random.Random, demo: DemoCadre) -> Region:
    if demo.village:
        return Region.objects.defer("boundary").get(code=demo.village)
    villages = list(
        Region.objects.defer("boundary")
        .filter(parent_id=demo.district, level=RegionLevel.VILLAGE)
        .order_by("code")
    )
    return rng.choice(villages)


def load_outreach(*, seed: int = 11, stdout: Writer | None = None) -> int:
    """Create the demo outreach data that does not exist yet; return how many rows were added."""
    today = timezone.localdate()
    created = _load_field_work(seed=seed, today=today)
    _say(stdout, f"Demo outreach rows created: {created}")
    scenarios = _load_scenarios(today=today, stdout=stdout)
    _say(stdout, f"Demo budget scenarios created: {scenarios}")
    return created + scenarios


@transaction.atomic(durable=True)
def _load_field_work(*, seed: int, today: date) -> int:
    if Cadre.objects.filter(name__in=[c.name for c in DEMO_CADRES]).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    count = _Counter()
    login = account_selectors.find_user(username=DEMO_CADRE_USERNAME)
    # The demo workers are read as the demo administrator sees them (the whole province).
    reader = account_selectors.find_user(username=DEMO_PLANNER_USERNAME)
    taken: set[int] = set()
    for demo in DEMO_CADRES:
        village = _village(rng, demo)
        user = login if demo.username and login is not None and not _has_profile(login) else None
        cadre = Cadre.objects.create(
            name=demo.name,
            kind=demo.kind,
            region=village,
            user=user,
            phone=f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}",
        )
        count.rows += 1
        _events(rng, cadre, village, today, reader, taken, count)
        _targets(rng, cadre, village, today, count)
    _budget_records(today, count)
    account_services.record_audit(
        actor=None,
        action="demo.outreach.load",
        entity_type="demo",
        changes={"after": {"rows": count.rows, "seed": seed}},
    )
    return count.rows


def _has_profile(user: User) -> bool:
    return Cadre.objects.filter(user=user).exists()


def _events(
    rng: random.Random,
    cadre: Cadre,
    village: Region,
    today: date,
    reader: User | None,
    taken: set[int],
    count: _Counter,
) -> None:
    district = village.code[:8]
    # Registry workers of the district with a valid NIK, not yet credited to an event.
    pool = []
    if reader is not None:
        workers = worker_selectors.worker_list(
            actor=reader,
            filters=worker_selectors.WorkerFilters(region=district, nik_status=NikStatus.VALID),
        )
        pool = [w for w in workers.filter(outreach_registration__isnull=True) if w.pk not in taken]
    rng.shuffle(pool)
    for number in range(3):
        sector = rng.choice(list(AUDIENCES))
        held_on = today - timedelta(days=10 + 75 * number + rng.randrange(0, 20))
        event = SocializationEvent.objects.create(
            title=rng.choice(EVENT_TITLES).format(who=AUDIENCES[sector]),
            held_on=held_on,
            region=village,
            place=rng.choice(PLACES),
            organiser_cadre=cadre,
            sector=sector,
            attendance_count=rng.randrange(18, 60),
            materials=rng.choice(MATERIALS),
        )
        count.rows += 1
        attendees = []
        for serial in range(rng.randrange(4, 9)):
            sex = Sex.MALE if rng.random() < 0.6 else Sex.FEMALE
            birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
            nik = build_nik(district, birth, sex, 9000 + serial) if rng.random() < 0.7 else ""
            attendees.append(
                EventAttendee(
                    event=event, name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", nik=nik
                )
            )
        unique = {a.nik or f"-{i}": a for i, a in enumerate(attendees)}
        outreach_services.bulk_create_attendees(list(unique.values()))
        count.rows += len(unique)
        for _ in range(min(len(pool), rng.randrange(2, 7))):
            worker = pool.pop()
            taken.add(worker.pk)
            EventRegistration.objects.create(
                event=event,
                worker=worker,
                cadre=cadre,
                registered_on=held_on + timedelta(days=rng.randrange(0, 8)),
                new_worker=rng.random() < 0.6,
            )
            count.rows += 1


def _targets(
    rng: random.Random, cadre: Cadre, village: Region, today: date, count: _Counter
) -> None:
    quarter = quarter_of(today)
    year = parse_period(str(today.year))
    OutreachTarget.objects.create(
        cadre=cadre,
        metric=TargetMetric.REGISTRATIONS,
        period=quarter.code,
        period_start=quarter.start,
        period_end=quarter.end,
        value=rng.randrange(10, 26),
    )
    OutreachTarget.objects.create(
        cadre=cadre,
        metric=TargetMetric.REACHED,
        period=year.code,
        period_start=year.start,
        period_end=year.end,
        value=rng.randrange(120, 300, 10),
    )
    OutreachTarget.objects.create(
        region=village,
        metric=TargetMetric.EVENTS,
        period=year.code,
        period_start=year.start,
        period_end=year.end,
        value=rng.randrange(4, 9),
    )
    count.rows += 3


def _budget_records(today: date, count: _Counter) -> None:
    year = today.year
    mempawah_village = Cadre.objects.get(name="Yulius Ajun").region_id
    allocations = (
        ("61", FundingSource.PROVINCE, "2000000000", "DPA Disnakertrans Provinsi Kalbar"),
        ("61.02", FundingSource.REGENCY, "500000000", "DPA Disnaker Kabupaten Mempawah"),
        (mempawah_village, FundingSource.VILLAGE, "20160000", "APBDes: 100 pekerja rentan"),
        ("61.71", FundingSource.CSR, "150000000", "Perjanjian CSR Bank Kalbar"),
        ("61.04", FundingSource.REGENCY, "350000000", "DPA Disnaker Kabupaten Ketapang"),
    )
    for code, source, amount, reference in allocations:
        BudgetAllocation.objects.create(
            region_id=code, year=year, source=source, amount=Decimal(amount), reference=reference
        )
    # Monthly payments for the village plan, for the months already past (at most six).
    paid_days = [date(year, m, 10) for m in range(1, 7) if date(year, m, 10) <= today]
    for paid_on in paid_days:
        BudgetPayment.objects.create(
            region_id=mempawah_village,
            year=year,
            source=FundingSource.VILLAGE,
            paid_on=paid_on,
            amount=Decimal(1_680_000),
            workers_covered=100,
            reference=f"BPJS-BPU-{paid_on:%Y%m}",
        )
    count.rows += len(allocations) + len(paid_days)


def _load_scenarios(*, today: date, stdout: Writer | None) -> int:
    planner = account_selectors.find_user(username=DEMO_PLANNER_USERNAME)
    cadre = Cadre.objects.filter(name="Yulius Ajun").select_related("region").first()
    if planner is None or cadre is None:
        _say(stdout, "Demo budget scenarios skipped: load the demo users and cadres first.")
        return 0
    made = 0
    village_name = SCENARIO_VILLAGE.format(village=cadre.region.name, year=today.year)
    if not BudgetScenario.objects.filter(name=village_name).exists():
        scenario = budget_services.save_scenario(
            actor=planner,
            data=budget_services.ScenarioInput(
                name=village_name, kind="protect", region_code=cadre.region_id,
                year=today.year, workers=100, months=12, split_mode="amount",
                shares=[ShareInput("village", amount=Decimal(20_160_000))],
                notes="Program Perlindungan 1 Desa 100 Pekerja Rentan (Mempawah, Bengkayang).",
            ),
        )  # fmt: skip
        budget_services.adopt_scenario(actor=planner, scenario_id=scenario.pk)
        made += 1
    year = today.year + 1
    province_name = SCENARIO_PROVINCE.format(year=year)
    if not BudgetScenario.objects.filter(name=province_name).exists():
        figures = budget_selectors.planning_figures(region_code="61", sector="all", year=year)
        budget_services.save_scenario(
            actor=planner,
            data=budget_services.ScenarioInput(
                name=province_name, kind="coverage", region_code="61", year=year,
                target_percent=Decimal(61),
                # The official figures when loaded; else the domain reference's (stated).
                denominator=None if figures.denominator.value else 1_819_430,
                current_participants=None if figures.participants.value is not None else 575_504,
                shares=[ShareInput("province", percent=Decimal(40)),
                        ShareInput("regency", percent=Decimal(40)),
                        ShareInput("csr", percent=Decimal(20))],
                notes="Target UCJ 61% per the Perda as reported 2025-12-24 (number UNCONFIRMED).",
            ),
        )  # fmt: skip
        made += 1
    return made
