"""The reproducible demo data set: users for every role now; later issues add their data.

Every loader is idempotent: re-running ``lindung demo load`` keeps existing rows and adds
nothing twice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lindung.accounts import selectors as account_selectors
from lindung.accounts import services as account_services
from lindung.accounts.models import Role
from lindung.demo import claims as demo_claims
from lindung.demo import coverage as demo_coverage
from lindung.demo import outreach as demo_outreach
from lindung.demo import participants as demo_participants
from lindung.demo import projects as demo_projects
from lindung.demo import reconciliation as demo_reconciliation
from lindung.demo import workers as demo_workers
from lindung.demo.output import Writer
from lindung.regions import selectors as region_selectors


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    region_code: str
    organization: str = ""
    phone: str = ""


DEMO_USERS = (
    DemoUser("admin", "Rina", "Wulandari", Role.PROVINCIAL_ADMIN, "61", "Disnakertrans Kalbar"),
    DemoUser("analis", "Yohanes", "Kristianto", Role.PROVINCIAL_ANALYST, "61"),
    DemoUser("sambas", "Ahmad", "Fauzi", Role.REGENCY_OFFICER, "61.01", "Disnaker Sambas"),
    DemoUser("pontianak", "Dewi", "Lestari", Role.REGENCY_OFFICER, "61.71", "Disnaker Pontianak"),
    DemoUser("bpjs", "Budi", "Santoso", Role.BPJS_OFFICER, "61", "BPJS Ketenagakerjaan Pontianak"),
    DemoUser("ppk", "Maria", "Goreti", Role.AGENCY_USER, "61.71", "Dinas PUPR Kota Pontianak"),
    DemoUser("kontraktor", "Hendra", "Gunawan", Role.CONTRACTOR, "61.71", "CV Khatulistiwa Jaya"),
    DemoUser("kader", "Siti", "Aminah", Role.VILLAGE_CADRE, "61.04.01.2011", "", "081345678901"),
)


def _password() -> str:
    # Readable yet strong enough for Django's validators: three random words of hex.
    return "-".join(secrets.token_hex(3) for _ in range(3))


@transaction.atomic(durable=True)
def ensure_demo_users() -> dict[str, str]:
    """Create the demo users that do not exist yet; return their new passwords."""
    created: dict[str, str] = {}
    for demo in DEMO_USERS:
        if account_selectors.username_exists(username=demo.username):
            continue
        region_selectors.get_region(code=demo.region_code)
        password = _password()
        account_services.create_system_user(
            username=demo.username,
            password=password,
            role=demo.role,
            region_code=demo.region_code,
            first_name=demo.first_name,
            last_name=demo.last_name,
            email=f"{demo.username}@lindung.example",
            organization=demo.organization,
            phone=demo.phone,
            is_superuser=demo.role == Role.PROVINCIAL_ADMIN,
        )
        created[demo.username] = password
    return created


def load_official_figures() -> None:
    """Record the official Kalbar denominators, targets and published figures."""
    demo_coverage.load_official_figures()


@transaction.atomic(durable=True)
def load_demo_projects(
    *, today: date, per_regency: int = demo_projects.PROJECTS_PER_REGENCY
) -> demo_projects.DemoProjectsResult:
    """Load the demo projects (idempotent) and link the demo PPK and contractor users."""
    return demo_projects.load_demo_projects(
        today=today,
        per_regency=per_regency,
        ppk_user=account_selectors.find_user(username="ppk"),
        contractor_user=account_selectors.find_user(username="kontraktor"),
    )


def load_demo_workers(
    *, today: date, count: int = demo_workers.DEFAULT_COUNT
) -> demo_workers.DemoWorkersResult:
    """Load the demo worker registry (idempotent), linked to demo projects in their regency."""
    return demo_workers.load_demo_workers(today=today, count=count)


def load_demo_snapshots(
    *, report: demo_participants.Report | None = None, scale: float = 1.0
) -> demo_participants.DemoSnapshotsResult:
    """Load the two demo BPJS extracts (idempotent) after the registry is in place."""
    return demo_participants.load_demo_snapshots(report=report, scale=scale)


def run_demo_reconciliation(*, stdout: Writer | None = None) -> int:
    """Reconcile the demo registry with the latest demo snapshot (once)."""
    return demo_reconciliation.run_demo_reconciliation(stdout=stdout)


def load_demo_outreach(*, stdout: Writer | None = None) -> int:
    """Load the demo cadres, events, targets, budgets and scenarios (idempotent)."""
    return demo_outreach.load_outreach(stdout=stdout)


def load_demo_claims(*, stdout: Writer | None = None) -> int:
    """Load the demo claim cases, handovers and stories (idempotent)."""
    return demo_claims.load_claims(stdout=stdout)
