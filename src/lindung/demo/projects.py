"""Demo construction projects across the 14 regencies, in every compliance state.

Reproducible (seeded) and idempotent: projects are keyed by their RUP code, so loading
twice changes nothing. Dates are relative to the ``today`` the loader is given, so the
demo shows due-soon, overdue and paid projects whenever it is loaded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from lindung.accounts.models import User
from lindung.projects import services as project_services
from lindung.projects.models import (
    STAGE_ORDER,
    Agency,
    Contractor,
    FundingLevel,
    Ppk,
    Project,
    Stage,
    StageChange,
    WorkSector,
)
from lindung.projects.services import ProjectInput
from lindung.regions.models import Region, RegionLevel
from lindung.regulations import selectors as regulation_selectors
from lindung.rules.jakon import jakon_contribution

SEED = 2026
PROJECTS_PER_REGENCY = 30

AGENCY_KINDS = (
    ("Dinas Pekerjaan Umum dan Penataan Ruang", WorkSector.ROADS),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", WorkSector.BUILDING),
    ("Dinas Pendidikan dan Kebudayaan", WorkSector.BUILDING),
    ("Dinas Kesehatan", WorkSector.BUILDING),
)
PACKAGE_NAMES = {
    WorkSector.ROADS: ("Peningkatan Jalan", "Rehabilitasi Jembatan", "Pemeliharaan Jalan"),
    WorkSector.BUILDING: (
        "Pembangunan Gedung",
        "Rehabilitasi Ruang Kelas",
        "Pembangunan Puskesmas",
    ),
    WorkSector.WATER: ("Normalisasi Parit", "Rehabilitasi Jaringan Irigasi"),
}
CONTRACTOR_WORDS = (
    "Khatulistiwa", "Kapuas", "Borneo", "Landak", "Melawi", "Sambas", "Equator", "Tanjungpura",
    "Karya", "Bangun", "Mandiri", "Sejahtera", "Abadi", "Jaya", "Lestari", "Nusantara",
)  # fmt: skip
PPK_NAMES = (
    "Agus Salim", "Yohana Lestari", "Hendrikus Ajun", "Nurhayati", "Fransiskus Asui",
    "Siti Rohani", "Antonius Dedi", "Rahmat Hidayat", "Maria Ursula", "Abdul Rahman",
)  # fmt: skip


@dataclass
class DemoProjectsResult:
    created: int = 0
    unchanged: int = 0


def _nip(rng: random.Random, serial: int) -> str:
    born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 9000))
    appointed = born.year + rng.randrange(23, 30)
    month, sex = rng.randrange(1, 13), rng.randrange(1, 3)
    return f"{born:%Y%m%d}{appointed}{month:02d}{sex}{serial % 1000:03d}"


def load_demo_projects(
    *,
    today: date,
    ppk_user: User | None,
    contractor_user: User | None,
    per_regency: int = PROJECTS_PER_REGENCY,
) -> DemoProjectsResult:
    """Create the demo agencies, PPKs, contractors and projects that do not exist yet."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    params = regulation_selectors.parameter_set()
    result = DemoProjectsResult()
    regencies = list(Region.objects.filter(level=RegionLevel.REGENCY).order_by("code"))
    villages: dict[str, list[str]] = {}
    for code in Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True):
        villages.setdefault(code[:5], []).append(code)
    contractors = [
        f"{rng.choice(('CV', 'PT'))} {rng.choice(CONTRACTOR_WORDS)} {rng.choice(CONTRACTOR_WORDS)}"
        for _ in range(60)
    ]
    serial = 0
    for regency in regencies:
        kind = "Kota" if regency.name.startswith("Kota") else "Kabupaten"
        short = regency.name.removeprefix(f"{kind} ")
        for number in range(per_regency):
            serial += 1
            agency_kind, sector = AGENCY_KINDS[number % len(AGENCY_KINDS)]
            if number % 7 == 6:
                sector = WorkSector.WATER
            agency_name = f"{agency_kind} {kind} {short}"
            village = rng.choice(villages[regency.code])
            value = Decimal(rng.choice((85, 150, 240, 350, 480, 750, 1200, 2500, 4800, 9600))) * (
                Decimal(1_000_000) + rng.randrange(0, 900_000)
            )
            value = value.quantize(Decimal(1000))
            state = rng.random()
            spk = today - timedelta(days=rng.randrange(3, 420))
            stage = Stage.IN_PROGRESS if (today - spk).days < 200 else Stage.HANDED_OVER
            if state < 0.12:
                stage, spk_date = Stage.PLANNED, None
            elif state < 0.2:
                stage, spk_date = Stage.CONTRACTED, today - timedelta(days=rng.randrange(1, 12))
            else:
                spk_date = spk
            year = (spk_date or today).year
            hps = (value * Decimal("1.05")).quantize(Decimal(1000))
            budgeted = None
            if stage == Stage.PLANNED and rng.random() < 0.5:
                # Half of the planned packages budget the Jakon contribution in the HPS.
                budgeted = jakon_contribution(hps, today, params).total
            data = ProjectInput(
                name=f"{rng.choice(PACKAGE_NAMES[sector])} {village_name(village)} {short}",
                agency_name=agency_name,
                region_code=village,
                agency_region_code=regency.code,
                funding_source=FundingLevel.APBD_REGENCY
                if number % 5
                else FundingLevel.APBD_PROVINCE,
                fiscal_year=year,
                kode_rup=f"{60000000 + serial}",
                sector=sector,
                stage=stage,
                ppk_nip=_nip(rng, serial),
                ppk_name=PPK_NAMES[serial % len(PPK_NAMES)],
                contractor_name=""
                if stage == Stage.PLANNED
                else contractors[serial % len(contractors)],
                hps_value=hps,
                contribution_in_hps=budgeted,
                contract_value=None if stage == Stage.PLANNED else value,
                spk_date=spk_date,
                planned_start=spk_date,
                planned_end=(spk_date + timedelta(days=180)) if spk_date else None,
                planned_workforce=rng.randrange(8, 120),
            )
            existing = Project.objects.filter(kode_rup=data.kode_rup).first()
            if existing is not None:
                result.unchanged += 1
                continue
            project, _status = project_services.save_project(actor=None, data=data, today=today)
            result.created += 1
            _stage_history(project, today)
            _protect(project, rng, today)
    _link_demo_users(ppk_user, contractor_user)
    return result


def village_name(code: str) -> str:
    return Region.objects.only("name").get(code=code).name


def _stage_history(project: Project, today: date) -> None:
    """Give a demo project the dated stages that led to its stage, and its actual dates.

    A project saved in a stage gets one stage entry dated the day it was entered; real
    projects reach it through planning, procurement, the contract, the works and the
    handover, which is what the project page's timeline shows. Its own seeded generator,
    so the other demo data do not change with it.
    """
    if project.stage not in STAGE_ORDER:
        return  # cancelled: the demo has none, and its history would be another story
    rng = random.Random(f"{SEED}:{project.kode_rup}")  # noqa: S311 - demo data, not security
    spk = project.spk_date
    if spk is None:
        dates = {Stage.PLANNED: today - timedelta(days=rng.randrange(10, 90))}
    else:
        started = min(today, spk + timedelta(days=rng.randrange(3, 15)))
        end = project.planned_end or spk + timedelta(days=180)
        dates = {
            Stage.PLANNED: spk - timedelta(days=rng.randrange(90, 150)),
            Stage.PROCURED: spk - timedelta(days=rng.randrange(14, 45)),
            Stage.CONTRACTED: spk,
            Stage.IN_PROGRESS: started,
            Stage.HANDED_OVER: max(
                started, min(today, end + timedelta(days=rng.randrange(-10, 20)))
            ),
        }
    reached = STAGE_ORDER[: STAGE_ORDER.index(Stage(project.stage)) + 1]
    StageChange.objects.filter(project=project).delete()
    StageChange.objects.bulk_create(
        StageChange(project=project, stage=stage, on=dates[stage]) for stage in reached
    )
    project.actual_start = dates[Stage.IN_PROGRESS] if Stage.IN_PROGRESS in reached else None
    project.actual_end = dates[Stage.HANDED_OVER] if Stage.HANDED_OVER in reached else None
    project.save(update_fields=["actual_start", "actual_end"])


def _protect(project: Project, rng: random.Random, today: date) -> None:
    if project.spk_date is None or project.contribution_total is None:
        return
    roll = rng.random()
    if roll < 0.3:
        return  # not registered: due soon or overdue depending on the SPK date
    registered_on = min(today, project.spk_date + timedelta(days=rng.randrange(2, 30)))
    project_services.save_registration(
        actor=None,
        project=project,
        bpjs_project_number=f"23{rng.randrange(10**10, 10**11)}",
        certificate_number=f"SRT/{project.fiscal_year}/{project.pk:05d}",
        registered_on=registered_on,
        today=today,
    )
    total = project.contribution_total
    first = (total * Decimal("0.5")).quantize(Decimal(1))
    project_services.save_payment(
        actor=None, project=project, amount=first, paid_on=registered_on, termin=1,
        reference=f"TRM1-{project.pk}", today=today,
    )  # fmt: skip
    # Handed-over works were mostly settled; ongoing ones often still owe a termin.
    if roll > (0.4 if project.stage == Stage.HANDED_OVER else 0.6):
        paid_on = min(today, registered_on + timedelta(days=45))
        project_services.save_payment(
            actor=None, project=project, amount=total - first, paid_on=paid_on, termin=2,
            reference=f"TRM2-{project.pk}", today=today,
        )  # fmt: skip


def _link_demo_users(ppk_user: User | None, contractor_user: User | None) -> None:
    if ppk_user is not None:
        agency = Agency.objects.filter(
            name="Dinas Pekerjaan Umum dan Penataan Ruang Kota Pontianak"
        ).first()
        if agency is not None:
            agency.members.add(ppk_user)
            ppk = Ppk.objects.filter(agency=agency, user__isnull=True).order_by("nip").first()
            if ppk is not None and not Ppk.objects.filter(user=ppk_user).exists():
                ppk.user = ppk_user
                ppk.save(update_fields=["user"])
    if contractor_user is not None:
        contractor = (
            Contractor.objects.filter(projects__region__code__startswith="61.71.")
            .order_by("name")
            .first()
        )
        if contractor is not None:
            contractor.members.add(contractor_user)
