"""Roster imports: contractor rosters and cadre lists (CSV/XLSX), checked per row (R14).

Shaped like the imports framework's importers (``plan_*`` reads everything it needs once and
checks every row without per-row queries; ``commit_*`` writes the plan in the caller's
durable transaction), so it can be registered as the framework's ``workers`` kind. Until
then ``import_roster`` runs the same pipeline synchronously: a refused file writes nothing,
valid rows are committed together, rejected rows go to a quarantine CSV with their reasons.

Rows whose valid NIK is already in the registry are the same person: the existing record is
linked to the project and only its blank fields are filled. Missing or invalid NIKs are
imported and flagged. Reasons are written in Indonesian.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.core.errors import LindungError
from lindung.imports.parsing import (
    Rejection,
    check_columns,
    parse_date,
    quarantine_bytes,
    read_table,
)
from lindung.projects import selectors as project_selectors
from lindung.projects.models import Project
from lindung.regions.models import Region, RegionLevel
from lindung.workers import selectors, services
from lindung.workers.errors import RosterRefused, WorkerActionNotAllowed
from lindung.workers.models import (
    NikStatus,
    Sector,
    Segment,
    SexChoice,
    Source,
    Worker,
    WorkerProjectLink,
)

Progress = Callable[[int, int, str], None]

ROSTER_COLUMNS = (
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "telepon",
    "kode_desa",
    "pekerjaan",
    "sektor",
    "segmen",
    "kode_rup",
    "nomor_kontrak",
    "peran",
    "tanggal_mulai",
    "tanggal_selesai",
)
REQUIRED_COLUMNS = ("nik", "nama", "kode_desa")
ROSTER_EXAMPLE = (
    "6171014708900003",
    "Siti Aminah",
    "1990-08-07",
    "P",
    "081234567890",
    "61.71.01.1002",
    "Tukang batu",
    "konstruksi",
    "jakon",
    "40123456",
    "",
    "tukang",
    "2026-03-09",
    "",
)
_SEX = {
    "l": SexChoice.MALE, "lk": SexChoice.MALE, "laki_laki": SexChoice.MALE,
    "laki-laki": SexChoice.MALE, "pria": SexChoice.MALE, "male": SexChoice.MALE,
    "p": SexChoice.FEMALE, "pr": SexChoice.FEMALE, "perempuan": SexChoice.FEMALE,
    "wanita": SexChoice.FEMALE, "female": SexChoice.FEMALE,
}  # fmt: skip
_SECTORS = {
    "konstruksi": Sector.CONSTRUCTION, "perikanan": Sector.FISHING, "nelayan": Sector.FISHING,
    "pertanian": Sector.FARMING, "petani": Sector.FARMING, "perkebunan": Sector.PLANTATION,
    "perdagangan_kecil": Sector.SMALL_TRADE, "pedagang": Sector.SMALL_TRADE,
    "transportasi": Sector.TRANSPORT, "ojek": Sector.TRANSPORT,
    "rumah_tangga": Sector.DOMESTIC, "prt": Sector.DOMESTIC, "lainnya": Sector.OTHER,
}  # fmt: skip


@dataclass
class RosterPlan:
    """What a roster import will do; ``commit_roster`` writes it."""

    total: int = 0
    creates: list[Worker] = field(default_factory=list)
    updates: list[tuple[Worker, dict[str, Any]]] = field(default_factory=list)
    links: list[tuple[Worker, Project, str, date | None, date | None]] = field(default_factory=list)
    unchanged: int = 0
    flagged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """Return how many rows were rejected."""
        return len(self.rejections)

    def counts(self) -> dict[str, int]:
        """Return the counts shown to the user."""
        return {
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "nik_flagged": self.flagged,
        }


def _noop(done: int, total: int, message: str) -> None:
    return None


def _key(text: str) -> str:
    return text.strip().lower().replace(" ", "_")


def read_roster(*, file_name: str, content: bytes) -> Any:
    """Read and check a whole roster file: size, format, emptiness and required columns."""
    limit = int(settings.LINDUNG_MAX_UPLOAD_BYTES)
    if len(content) > limit:
        raise RosterRefused(params={"detail": _("the file is too large.")})
    table = read_table(file_name, content)
    check_columns(table, REQUIRED_COLUMNS)
    for column in ROSTER_COLUMNS:
        table.data.setdefault(column, [""] * table.n_rows)
        if column not in table.columns:
            table.columns.append(column)
    return table


def _projects(actor: User | None, rows: list[Mapping[str, str]]) -> dict[str, Project]:
    rups = {r.get("kode_rup", "").strip() for r in rows} - {""}
    contracts = {r.get("nomor_kontrak", "").strip() for r in rows} - {""}
    if not rups and not contracts:
        return {}
    projects = (
        Project.objects.all() if actor is None else project_selectors.readable_projects(actor=actor)
    )
    found: dict[str, Project] = {}
    for project in projects.filter(Q(kode_rup__in=rups) | Q(contract_number__in=contracts)):
        if project.kode_rup:
            found["rup:" + project.kode_rup] = project
        if project.contract_number:
            found["kontrak:" + project.contract_number] = project
    return found


def plan_roster(
    *,
    actor: User | None,
    rows: Iterable[Mapping[str, str]],
    total: int,
    today: date,
    progress: Progress = _noop,
) -> RosterPlan:
    """Check every row once, with every lookup loaded up front; write nothing."""
    rows = list(rows)
    plan = RosterPlan(total=total)
    regions = {
        r.code: r for r in Region.objects.defer("boundary").filter(level=RegionLevel.VILLAGE)
    }
    known = services.known_region_codes()
    projects = _projects(actor, rows)
    niks = sorted({r.get("nik", "").strip().replace(".", "").replace(" ", "") for r in rows} - {""})
    existing = selectors.existing_active_by_nik(niks=niks)
    seen_niks: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):
        problems: list[tuple[str, str]] = []
        dates: dict[str, date | None] = {}
        for column in ("tanggal_lahir", "tanggal_mulai", "tanggal_selesai"):
            try:
                dates[column] = parse_date(row.get(column, ""))
            except ValueError:
                problems.append((column, _("Not a date: use YYYY-MM-DD or DD/MM/YYYY.")))
                dates[column] = None
        sex_text = _key(row.get("jenis_kelamin", ""))
        sex = _SEX.get(sex_text, "")
        if sex_text and not sex:
            problems.append(("jenis_kelamin", _("Write L or P.")))
        sector_text = _key(row.get("sektor", ""))
        sector = _SECTORS.get(sector_text, sector_text) or Sector.OTHER
        segment = _key(row.get("segmen", "")) or (
            Segment.JAKON if sector == Sector.CONSTRUCTION else Segment.BPU
        )
        project = None
        rup, contract = row.get("kode_rup", "").strip(), row.get("nomor_kontrak", "").strip()
        if rup or contract:
            project = projects.get("rup:" + rup) or projects.get("kontrak:" + contract)
            if project is None:
                problems.append(("kode_rup" if rup else "nomor_kontrak", _("Project not found.")))
        elif actor is not None and actor.role in services.PROJECT_BOUND_ROLES:
            problems.append(("kode_rup", _("Give the project's RUP code or contract number.")))
        start, end = dates["tanggal_mulai"], dates["tanggal_selesai"]
        if start and end and end < start:
            problems.append(("tanggal_selesai", _("The end is before the start.")))
        data = services.WorkerInput(
            name=row.get("nama", ""),
            region_code=row.get("kode_desa", ""),
            nik=row.get("nik", ""),
            birth_date=dates["tanggal_lahir"],
            sex=sex,
            phone=row.get("telepon", ""),
            occupation=row.get("pekerjaan", ""),
            sector=sector,
            segment=segment,
            source=Source.CONTRACTOR_ROSTER if project is not None else "",
        )
        prepared = services.prepare_worker(
            actor=actor, data=data, today=today, regions=regions, known_regions=known
        )
        column_of = {"name": "nama", "region_code": "kode_desa", "birth_date": "tanggal_lahir",
                     "sex": "jenis_kelamin", "phone": "telepon", "sector": "sektor",
                     "segment": "segmen", "source": "segmen"}  # fmt: skip
        problems.extend(
            (column_of.get(str(e.loc[-1]), str(e.loc[-1])), e.msg) for e in prepared.errors
        )
        worker = prepared.worker
        if worker.nik_status == NikStatus.VALID:
            if worker.nik in seen_niks:
                problems.append(
                    ("nik", _("The same NIK is on row %(row)s.") % {"row": seen_niks[worker.nik]})
                )
            seen_niks.setdefault(worker.nik, index)
        if problems:
            plan.rejections.append(Rejection(index, dict(row), problems))
            continue
        if worker.nik_status != NikStatus.VALID:
            plan.flagged += 1
        match = existing.get(worker.nik) if worker.nik_status == NikStatus.VALID else None
        if match is None:
            plan.creates.append(worker)
            target = worker
        else:
            before = services.audit_view(match)
            changed = False
            for name in ("birth_date", "sex", "phone", "occupation"):
                if not getattr(match, name) and getattr(worker, name):
                    setattr(match, name, getattr(worker, name))
                    changed = True
            if changed:
                plan.updates.append((match, before))
            elif project is None:
                plan.unchanged += 1
            target = match
        if project is not None:
            plan.links.append((target, project, row.get("peran", ""), start, end))
        if index % 500 == 0:
            progress(index - 1, total, _("Checking rows"))
    return plan


def commit_roster(*, actor: User | None, plan: RosterPlan, batch_id: str) -> dict[str, int]:
    """Write a roster plan in the caller's transaction, with its audit rows and proposals."""
    created = services.bulk_create_workers(plan.creates)
    for worker, before in plan.updates:
        worker.save(update_fields=["birth_date", "sex", "phone", "occupation", "updated_at"])
        account_services.record_audit(
            actor=actor,
            action="worker.update",
            entity_type="worker",
            entity_id=worker.pk,
            region_code=worker.region_id,
            changes=account_services.diff_fields(before, services.audit_view(worker)),
            note=f"import {batch_id}",
        )
    pairs = {(w.pk, p.pk) for w, p, *_rest in plan.links}
    existing = {
        (link.worker_id, link.project_id): link
        for link in WorkerProjectLink.objects.filter(
            worker_id__in={w for w, _p in pairs}, project_id__in={p for _w, p in pairs}
        )
    }
    new_links = []
    linked = 0
    for worker, project, role, start, end in plan.links:
        link = existing.get((worker.pk, project.pk))
        if link is None:
            link = WorkerProjectLink(
                worker=worker,
                project=project,
                role=role.strip()[:100],
                start_date=start,
                end_date=end,
            )
            existing[(worker.pk, project.pk)] = link
            new_links.append(link)
            linked += 1
    WorkerProjectLink.objects.bulk_create(new_links, batch_size=2000)
    counts = plan.counts() | {"links_created": linked}
    account_services.record_audit(
        actor=actor,
        action="worker.import",
        entity_type="import_batch",
        entity_id=batch_id,
        region_code=actor.region_code if actor is not None else "",
        changes={"after": counts},
    )
    services.propose_duplicates(workers=created)
    return counts


def quarantine_csv(rejections: list[Rejection]) -> bytes:
    """Return the roster quarantine file (the template's columns)."""
    return quarantine_bytes(ROSTER_COLUMNS, rejections)


def template_csv() -> bytes:
    """Return the roster template as CSV (UTF-8 with BOM) with one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ROSTER_COLUMNS)
    writer.writerow(ROSTER_EXAMPLE)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass
class RosterOutcome:
    """What a roster import did."""

    counts: dict[str, int]
    quarantine: bytes = b""
    rejections: list[Rejection] = field(default_factory=list)


IMPORT_ROLES = services.REGISTER_ROLES


def import_roster(*, actor: User, file_name: str, content: bytes) -> RosterOutcome:
    """Import a roster file: refuse it whole, or commit the valid rows and quarantine the rest."""
    if not actor.is_authenticated or not actor.is_active or actor.role not in IMPORT_ROLES:
        raise WorkerActionNotAllowed()
    with translation.override("id"):
        try:
            table = read_roster(file_name=file_name, content=content)
        except RosterRefused:
            raise
        except LindungError as exc:
            raise RosterRefused(params={"detail": exc.message}) from exc
        plan = plan_roster(
            actor=actor, rows=table.rows(), total=table.n_rows, today=timezone.localdate()
        )
        counts = _commit(actor=actor, plan=plan, file_name=file_name)
    return RosterOutcome(
        counts=counts,
        quarantine=quarantine_csv(plan.rejections) if plan.rejections else b"",
        rejections=plan.rejections,
    )


@transaction.atomic(durable=True)
def _commit(*, actor: User, plan: RosterPlan, file_name: str) -> dict[str, int]:
    return commit_roster(actor=actor, plan=plan, batch_id=file_name[:60])
