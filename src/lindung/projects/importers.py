"""Bulk imports of projects and of BPJS registrations and payments (used by lindung.imports).

Each import has two steps. ``plan_*`` reads what it needs ONCE (regions, the parameter
set, existing projects by key, parties, calendars), checks every row in Python with no
per-row query and returns a plan: rows to create, rows to update, unchanged rows and
rejected rows with their column and reason. ``commit_*`` writes a plan with
``bulk_create``/``bulk_update`` in batches inside the caller's (durable) transaction,
with the audit rows: one for the batch's creations and one per updated project.

Reasons are translated with ``gettext`` when the plan is made; the caller activates
Indonesian so the quarantine file reads in Indonesian.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.accounts.permissions import region_in_scope
from lindung.imports.parsing import Rejection, parse_bool, parse_date, parse_int, parse_rupiah
from lindung.projects import services as project_services
from lindung.projects.errors import ProjectInvalid
from lindung.projects.models import (
    Agency,
    Contractor,
    FundingLevel,
    Payment,
    Ppk,
    Project,
    Registration,
    Stage,
    StageChange,
    WorkSector,
)
from lindung.regions.models import Region
from lindung.regulations import selectors as regulation_selectors
from lindung.rules.calendar import WorkingCalendar
from lindung.rules.money import ABSURD_LIMIT

Progress = Callable[[int, int, str], None]

PROJECT_COLUMNS = (
    "kode_rup",
    "nomor_kontrak",
    "nama_paket",
    "satker",
    "kode_wilayah",
    "sumber_dana",
    "tahun_anggaran",
    "tahap",
    "ppk_nip",
    "ppk_nama",
    "penyedia_nama",
    "penyedia_npwp",
    "penyedia_nib",
    "nilai_hps",
    "nilai_kontrak",
    "termasuk_ppn",
    "tanggal_spk",
    "tanggal_mulai",
    "tanggal_selesai",
    "jumlah_pekerja",
)
BPJS_KEY_COLUMNS = ("kode_rup", "nomor_kontrak")
BPJS_COLUMNS = (
    "kode_rup",
    "nomor_kontrak",
    "nomor_proyek_bpjs",
    "nomor_sertifikat",
    "tanggal_daftar",
    "tanggal_bayar",
    "jumlah_bayar",
    "termin",
)

# Where a validation error's location points to in the template.
_PROJECT_LOC_COLUMN = {
    "kode_rup": "kode_rup",
    "contract_number": "nomor_kontrak",
    "name": "nama_paket",
    "agency": "satker",
    "region": "kode_wilayah",
    "funding_source": "sumber_dana",
    "fiscal_year": "tahun_anggaran",
    "stage": "tahap",
    "sector": "tahap",
    "ppk_nip": "ppk_nip",
    "ppk_name": "ppk_nama",
    "contractor_name": "penyedia_nama",
    "contractor_npwp": "penyedia_npwp",
    "contractor_nib": "penyedia_nib",
    "hps_value": "nilai_hps",
    "contract_value": "nilai_kontrak",
    "vat_amount": "nilai_kontrak",
    "contribution_in_hps": "nilai_hps",
    "value_includes_vat": "termasuk_ppn",
    "spk_date": "tanggal_spk",
    "planned_start": "tanggal_mulai",
    "planned_end": "tanggal_selesai",
    "actual_start": "tanggal_mulai",
    "actual_end": "tanggal_selesai",
    "planned_workforce": "jumlah_pekerja",
}

_STAGE_ALIASES = {
    "perencanaan": Stage.PLANNED,
    "rencana": Stage.PLANNED,
    "pengadaan": Stage.PROCURED,
    "tender": Stage.PROCURED,
    "kontrak": Stage.CONTRACTED,
    "berkontrak": Stage.CONTRACTED,
    "pelaksanaan": Stage.IN_PROGRESS,
    "berjalan": Stage.IN_PROGRESS,
    "serah_terima": Stage.HANDED_OVER,
    "selesai": Stage.HANDED_OVER,
    "batal": Stage.CANCELLED,
    "dibatalkan": Stage.CANCELLED,
}
_FUNDING_ALIASES = {
    "apbd_provinsi": FundingLevel.APBD_PROVINCE,
    "apbd_kabupaten": FundingLevel.APBD_REGENCY,
    "apbd_kota": FundingLevel.APBD_REGENCY,
    "apbd_kabupaten/kota": FundingLevel.APBD_REGENCY,
    "bumn": FundingLevel.BUMN_BUMD,
    "bumd": FundingLevel.BUMN_BUMD,
    "swasta": FundingLevel.PRIVATE,
}
_CHUNK = 2000
_WRITE_BATCH = 2000
_PROJECT_WRITE_FIELDS = (
    "kode_rup",
    "contract_number",
    "name",
    "agency",
    "ppk",
    "contractor",
    "region",
    "sector",
    "funding_source",
    "fiscal_year",
    "stage",
    "hps_value",
    "contribution_in_hps",
    "contract_value",
    "value_includes_vat",
    "vat_amount",
    "spk_date",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "planned_workforce",
    "contribution_jkk",
    "contribution_jkm",
    "contribution_total",
    "contribution_detail",
    "registration_due",
    "updated_at",
)


@dataclass
class ImportPlan:
    """What an import will do; ``commit_*`` writes it."""

    kind: str
    total: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    creates: list[Any] = field(default_factory=list)
    updates: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def created(self) -> int:
        """Return how many rows create something new."""
        return int(self.extra.get("created_rows", len(self.creates)))

    @property
    def updated(self) -> int:
        """Return how many rows change existing data."""
        return int(self.extra.get("updated_rows", len(self.updates)))

    @property
    def rejected(self) -> int:
        """Return how many rows were rejected."""
        return len(self.rejections)

    def counts(self) -> dict[str, int]:
        """Return the counts shown to the user."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def _chunks[T](items: Sequence[T], size: int = _CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _regency(code: str) -> str:
    return ".".join(code.split(".")[:2])


def _npwp_digits(text: str) -> str:
    return text.strip().replace(".", "").replace("-", "")


def _noop(done: int, total: int, message: str) -> None:
    return None


# ----------------------------------------------------------------------------- projects


@dataclass
class _Parties:
    """Agencies, PPKs and contractors loaded once, plus the new ones this import adds."""

    agencies: dict[tuple[str, str], Agency]
    ppks: dict[str, Ppk]
    contractors_by_npwp: dict[str, Contractor]
    contractors_by_name: dict[str, Contractor]
    member_agency_ids: set[int]
    new_agencies: list[Agency] = field(default_factory=list)
    new_ppks: list[Ppk] = field(default_factory=list)
    new_contractors: list[Contractor] = field(default_factory=list)

    @classmethod
    def load(cls, actor: User | None) -> _Parties:
        contractors = list(Contractor.objects.only("id", "name", "npwp", "nib"))
        members: set[int] = set()
        if actor is not None and actor.role == Role.AGENCY_USER:
            members = set(actor.agencies.values_list("id", flat=True))
        return cls(
            agencies={
                (a.name.lower(), a.region_id): a
                for a in Agency.objects.only("id", "name", "region_id", "funding_level")
            },
            ppks={p.nip: p for p in Ppk.objects.only("id", "nip", "name", "agency_id", "user_id")},
            contractors_by_npwp={c.npwp: c for c in contractors if c.npwp},
            contractors_by_name={c.name.lower(): c for c in reversed(contractors)},
            member_agency_ids=members,
        )

    def agency(self, name: str, region_code: str, funding: str) -> Agency:
        key = (name.strip().lower(), region_code)
        found = self.agencies.get(key)
        if found is None:
            found = Agency(name=name.strip(), region_id=region_code, funding_level=funding)
            self.agencies[key] = found
            self.new_agencies.append(found)
        return found

    def ppk(self, nip: str, name: str, agency: Agency) -> Ppk | None:
        nip = nip.strip()
        if not nip:
            return None
        found = self.ppks.get(nip)
        if found is None:
            found = Ppk(nip=nip, name=name.strip(), agency=agency)
            self.ppks[nip] = found
            self.new_ppks.append(found)
        return found

    def contractor(self, name: str, npwp: str, nib: str) -> Contractor | None:
        if not name.strip() and not npwp.strip():
            return None
        digits = _npwp_digits(npwp)
        found = self.contractors_by_npwp.get(digits) if digits else None
        if found is None and name.strip():
            found = self.contractors_by_name.get(name.strip().lower())
        if found is None:
            found = Contractor(name=name.strip(), npwp=digits, nib=nib.strip())
            if digits:
                self.contractors_by_npwp[digits] = found
            self.contractors_by_name[name.strip().lower()] = found
            self.new_contractors.append(found)
        return found


def _existing_projects(
    kode_rups: Sequence[str], contract_numbers: Sequence[str], fields: Sequence[str] = ()
) -> tuple[dict[str, Project], dict[str, Project]]:
    """Return the projects having any of the keys, by RUP code and by contract number."""
    by_rup: dict[str, Project] = {}
    by_contract: dict[str, Project] = {}
    queries = [("kode_rup", list(kode_rups)), ("contract_number", list(contract_numbers))]
    for column, keys in queries:
        for chunk in _chunks(sorted(set(keys))):
            # The stored calculation detail is only ever replaced, never read, by an import.
            projects = Project.objects.filter(**{f"{column}__in": chunk}).defer(
                "contribution_detail"
            )
            if fields:
                projects = projects.only(*fields)
            for project in projects:
                if project.kode_rup:
                    by_rup[project.kode_rup] = project
                if project.contract_number:
                    by_contract[project.contract_number] = project
    return by_rup, by_contract


def _calendars(regencies: Iterable[str], years: set[int]) -> dict[str, WorkingCalendar]:
    if not years:
        return {}
    span = range(min(years), max(years) + 2)
    return {
        code: regulation_selectors.working_calendar(years=span, region_code=code)
        for code in sorted(set(regencies))
    }


class _RowParser:
    """Parse one row's cells, collecting a problem per unreadable cell."""

    def __init__(self, row: Mapping[str, str]) -> None:
        self.row = row
        self.problems: list[tuple[str, str]] = []

    def text(self, column: str) -> str:
        return self.row.get(column, "").strip()

    def date(self, column: str) -> date | None:
        try:
            return parse_date(self.text(column))
        except ValueError:
            self.problems.append((column, _("Not a date: use YYYY-MM-DD or DD/MM/YYYY.")))
            return None

    def money(self, column: str) -> Decimal | None:
        try:
            return parse_rupiah(self.text(column))
        except ValueError:
            self.problems.append(
                (column, _("Not a rupiah amount: use digits, e.g. 1250000000 or 1.250.000.000."))
            )
            return None

    def integer(self, column: str) -> int | None:
        try:
            return parse_int(self.text(column))
        except ValueError:
            self.problems.append((column, _("Not a whole number.")))
            return None


def _project_input(parser: _RowParser, existing: Project | None) -> project_services.ProjectInput:
    stage_text = parser.text("tahap").lower().replace(" ", "_")
    stage = _STAGE_ALIASES.get(stage_text, stage_text)
    if not stage:
        stage = existing.stage if existing else Stage.PLANNED
    funding_text = parser.text("sumber_dana").lower().replace(" ", "_")
    funding = _FUNDING_ALIASES.get(funding_text, funding_text)
    year = parser.integer("tahun_anggaran")
    if year is None and not parser.text("tahun_anggaran"):
        parser.problems.append(("tahun_anggaran", _("The fiscal year is required.")))
    try:
        includes_vat = parse_bool(
            parser.text("termasuk_ppn"), existing.value_includes_vat if existing else True
        )
    except ValueError:
        parser.problems.append(("termasuk_ppn", _("Write ya or tidak.")))
        includes_vat = True
    return project_services.ProjectInput(
        name=parser.text("nama_paket"),
        agency_name=parser.text("satker"),
        region_code=parser.text("kode_wilayah"),
        funding_source=funding,
        fiscal_year=year or 0,
        kode_rup=parser.text("kode_rup"),
        contract_number=parser.text("nomor_kontrak"),
        sector=existing.sector if existing else WorkSector.OTHER,
        stage=stage,
        ppk_nip=parser.text("ppk_nip"),
        ppk_name=parser.text("ppk_nama"),
        contractor_name=parser.text("penyedia_nama"),
        contractor_npwp=parser.text("penyedia_npwp"),
        contractor_nib=parser.text("penyedia_nib"),
        hps_value=parser.money("nilai_hps"),
        contribution_in_hps=existing.contribution_in_hps if existing else None,
        contract_value=parser.money("nilai_kontrak"),
        value_includes_vat=includes_vat,
        vat_amount=existing.vat_amount if existing else None,
        spk_date=parser.date("tanggal_spk"),
        planned_start=parser.date("tanggal_mulai"),
        planned_end=parser.date("tanggal_selesai"),
        actual_start=existing.actual_start if existing else None,
        actual_end=existing.actual_end if existing else None,
        planned_workforce=parser.integer("jumlah_pekerja"),
    )


def _scope_problem(
    actor: User | None,
    data: project_services.ProjectInput,
    existing: Project | None,
    parties: _Parties,
) -> str | None:
    """Return why the actor may not write this row, or ``None`` when it may."""
    if actor is None or actor.role == Role.PROVINCIAL_ADMIN:
        return None
    if actor.role == Role.REGENCY_OFFICER:
        codes = [data.region_code] + ([existing.region_id] if existing else [])
        if not all(code and region_in_scope(actor, code) for code in codes):
            return _("The project lies outside your region (%(region)s).") % {
                "region": actor.region_code
            }
        return None
    if actor.role == Role.AGENCY_USER:
        agency = parties.agencies.get((data.agency_name.lower(), _regency(data.region_code)))
        own_new = agency is not None and agency.pk in parties.member_agency_ids
        own_old = existing is None or existing.agency_id in parties.member_agency_ids
        if not (own_new and own_old):
            return _("You may import only your own agencies' projects.")
        return None
    return _("Your role does not allow this import.")


def plan_projects(
    *,
    actor: User | None,
    rows: Iterable[Mapping[str, str]],
    total: int,
    today: date,
    first_row: int = 2,
    progress: Progress = _noop,
) -> ImportPlan:
    """Check every project row with data loaded once; return what committing would do."""
    rows = list(rows)
    plan = ImportPlan(kind="projects", total=total)
    progress(0, total, _("Loading reference data"))
    region_levels = dict(Region.objects.values_list("code", "level"))
    params = regulation_selectors.parameter_set()
    by_rup, by_contract = _existing_projects(
        [r.get("kode_rup", "").strip() for r in rows if r.get("kode_rup", "").strip()],
        [r.get("nomor_kontrak", "").strip() for r in rows if r.get("nomor_kontrak", "").strip()],
    )
    parties = _Parties.load(actor)
    years: set[int] = set()
    for r in rows:
        try:
            spk = parse_date(r.get("tanggal_spk", ""))
        except ValueError:
            continue
        if spk is not None:
            years.add(spk.year)
    calendars = (
        _calendars(
            (_regency(code) for code, level in region_levels.items() if code.count(".") >= 1),
            years,
        )
        if len(rows) > 200
        else {}
    )
    seen_rup: set[str] = set()
    seen_contract: set[str] = set()
    stage_changes: list[StageChange] = []
    audited = project_services.AUDITED_FIELDS
    for index, row in enumerate(rows):
        number = first_row + index
        if index % 1000 == 0:
            progress(index, total, _("Checking rows"))
        parser = _RowParser(row)
        rup, contract = parser.text("kode_rup"), parser.text("nomor_kontrak")
        existing = by_rup.get(rup) if rup else None
        other = by_contract.get(contract) if contract else None
        if existing is not None and other is not None and other.pk != existing.pk:
            parser.problems.append(
                ("nomor_kontrak", _("Another project has this contract number."))
            )
        if existing is None and other is not None:
            if rup and other.kode_rup and other.kode_rup != rup:
                parser.problems.append(
                    ("nomor_kontrak", _("Another project has this contract number."))
                )
            else:
                existing = other
        if (rup and rup in seen_rup) or (contract and contract in seen_contract):
            parser.problems.append(
                (
                    "kode_rup" if rup in seen_rup else "nomor_kontrak",
                    _("The same project appears earlier in the file."),
                )
            )
        data = _project_input(parser, existing)
        errors = project_services.validate_project_input(
            data, today=today, params=params, region_levels=region_levels
        )
        problems = parser.problems + [
            (_PROJECT_LOC_COLUMN.get(str(e.loc[0]), str(e.loc[0])), e.msg)
            for e in errors
            if not any(c == _PROJECT_LOC_COLUMN.get(str(e.loc[0])) for c, _m in parser.problems)
        ]
        if not problems:
            scope = _scope_problem(actor, data, existing, parties)
            if scope:
                problems.append(("kode_wilayah", scope))
        if problems:
            plan.rejections.append(Rejection(number, dict(row), problems))
            continue
        seen_rup.add(rup)
        seen_contract.add(contract)
        if existing is not None:
            seen_rup.add(existing.kode_rup or "")
            seen_contract.add(existing.contract_number or "")
        regency = _regency(data.region_code)
        agency = parties.agency(data.agency_name, regency, data.funding_source)
        ppk = parties.ppk(data.ppk_nip, data.ppk_name, agency)
        contractor = parties.contractor(
            data.contractor_name, data.contractor_npwp, data.contractor_nib
        )
        project = existing if existing is not None else Project()
        before = account_services.snapshot(project, audited) if existing else {}
        previous_stage = project.stage if existing else None
        project_services.apply_input(project, data, keep_missing_keys=True)
        project.agency, project.ppk, project.contractor = agency, ppk, contractor
        new_party = any(p is not None and p.pk is None for p in (agency, ppk, contractor))
        if (
            existing is not None
            and not new_party
            and account_services.snapshot(project, audited) == before
        ):
            plan.unchanged += 1
            continue
        try:
            project_services.compute_contribution(project, params)
        except ProjectInvalid as exc:
            plan.rejections.append(
                Rejection(number, dict(row), [("nilai_kontrak", error.msg) for error in exc.errors])
            )
            if existing is not None:
                existing.refresh_from_db()
            continue
        calendar = calendars.get(regency)
        if calendar is None and project.spk_date is not None:
            calendar = regulation_selectors.working_calendar(
                years=sorted(years | {project.spk_date.year, project.spk_date.year + 1}),
                region_code=regency,
            )
            calendars[regency] = calendar
        project_services.compute_registration_due(project, params, calendar)
        project.updated_at = timezone.now()
        if existing is None:
            plan.creates.append(project)
            stage_changes.append(
                StageChange(project=project, stage=project.stage, on=today, recorded_by=actor)
            )
        else:
            plan.updates.append((project, before))
            if previous_stage != project.stage:
                stage_changes.append(
                    StageChange(project=project, stage=project.stage, on=today, recorded_by=actor)
                )
    plan.extra["parties"] = parties
    plan.extra["stage_changes"] = stage_changes
    progress(total, total, _("Rows checked"))
    return plan


def commit_projects(
    *, actor: User | None, plan: ImportPlan, batch_id: str, progress: Progress = _noop
) -> dict[str, int]:
    """Write a project plan in the caller's transaction; audit creations and each update."""
    parties: _Parties = plan.extra["parties"]
    Agency.objects.bulk_create(parties.new_agencies, batch_size=_WRITE_BATCH)
    Ppk.objects.bulk_create(parties.new_ppks, batch_size=_WRITE_BATCH)
    Contractor.objects.bulk_create(parties.new_contractors, batch_size=_WRITE_BATCH)
    total = len(plan.creates) + len(plan.updates)
    done = 0
    for chunk in _chunks(plan.creates, _WRITE_BATCH):
        Project.objects.bulk_create(chunk)
        done += len(chunk)
        progress(done, total, _("Writing projects"))
    updated = [project for project, _before in plan.updates]
    for project in updated:
        project.agency_id = project.agency.pk
        project.ppk_id = project.ppk.pk if project.ppk else None
        project.contractor_id = project.contractor.pk if project.contractor else None
    for chunk in _chunks(updated, _WRITE_BATCH):
        Project.objects.bulk_update(chunk, _PROJECT_WRITE_FIELDS)
        done += len(chunk)
        progress(done, total, _("Writing projects"))
    StageChange.objects.bulk_create(plan.extra["stage_changes"], batch_size=_WRITE_BATCH)
    audited = project_services.AUDITED_FIELDS
    # Updates are rare (a re-import mostly finds rows unchanged), so each gets its own row.
    for project, before in plan.updates:
        account_services.record_audit(
            actor=actor,
            action="project.update",
            entity_type="project",
            entity_id=project.pk,
            region_code=project.region_id,
            changes=account_services.diff_fields(
                before, account_services.snapshot(project, audited)
            ),
            note=f"import {batch_id}",
        )
    counts = plan.counts() | {
        "agencies_created": len(parties.new_agencies),
        "ppks_created": len(parties.new_ppks),
        "contractors_created": len(parties.new_contractors),
    }
    account_services.record_audit(
        actor=actor,
        action="project.import",
        entity_type="import_batch",
        entity_id=batch_id,
        region_code=actor.region_code if actor is not None else "",
        changes={"after": counts},
    )
    return counts


# ----------------------------------------------------------------------------- BPJS


@dataclass
class _ProjectProtection:
    project: Project
    registration: Registration | None
    payments: set[tuple[date, Decimal]]
    paid: Decimal
    new_paid: Decimal = Decimal(0)


def _may_record_protection(actor: User | None, project: Project) -> str | None:
    if actor is None or actor.role in {Role.PROVINCIAL_ADMIN, Role.BPJS_OFFICER}:
        return None
    if actor.role == Role.REGENCY_OFFICER:
        if region_in_scope(actor, project.region_id):
            return None
        return _("The project lies outside your region (%(region)s).") % {
            "region": actor.region_code
        }
    return _("Your role does not allow this import.")


def plan_bpjs(
    *,
    actor: User | None,
    rows: Iterable[Mapping[str, str]],
    total: int,
    today: date,
    first_row: int = 2,
    progress: Progress = _noop,
) -> ImportPlan:
    """Check every registration/payment row with data loaded once; return the plan."""
    rows = list(rows)
    plan = ImportPlan(kind="bpjs", total=total)
    progress(0, total, _("Loading reference data"))
    by_rup, by_contract = _existing_projects(
        [r.get("kode_rup", "").strip() for r in rows if r.get("kode_rup", "").strip()],
        [r.get("nomor_kontrak", "").strip() for r in rows if r.get("nomor_kontrak", "").strip()],
    )
    projects = {p.pk: p for p in (*by_rup.values(), *by_contract.values())}
    registrations: dict[int, Registration] = {}
    payments: dict[int, set[tuple[date, Decimal]]] = defaultdict(set)
    for chunk in _chunks(sorted(projects)):
        for registration in Registration.objects.filter(project_id__in=chunk):
            registrations[registration.project_id] = registration
        for project_id, old_paid_on, old_amount in Payment.objects.filter(
            project_id__in=chunk, reference=""
        ).values_list("project_id", "paid_on", "amount"):
            payments[project_id].add((old_paid_on, old_amount))
    state = {
        pk: _ProjectProtection(
            project=p,
            registration=registrations.get(pk),
            payments=payments[pk],
            paid=p.paid_total or Decimal(0),
        )
        for pk, p in projects.items()
    }
    new_registrations: list[Registration] = []
    changed_registrations: list[tuple[Registration, dict[str, Any]]] = []
    new_payments: list[Payment] = []
    touched: set[int] = set()
    created_rows = updated_rows = 0
    fields = ("bpjs_project_number", "certificate_number", "registered_on")
    for index, row in enumerate(rows):
        number = first_row + index
        if index % 1000 == 0:
            progress(index, total, _("Checking rows"))
        parser = _RowParser(row)
        rup, contract = parser.text("kode_rup"), parser.text("nomor_kontrak")
        project = (by_rup.get(rup) if rup else None) or (
            by_contract.get(contract) if contract else None
        )
        if not rup and not contract:
            parser.problems.append(("kode_rup", _("Give the RUP code or the contract number.")))
        elif project is None:
            parser.problems.append(
                (
                    "kode_rup" if rup else "nomor_kontrak",
                    _("No project has this RUP code or contract number."),
                )
            )
        bpjs_number = parser.text("nomor_proyek_bpjs")
        certificate = parser.text("nomor_sertifikat")
        registered_on = parser.date("tanggal_daftar")
        paid_on = parser.date("tanggal_bayar")
        amount = parser.money("jumlah_bayar")
        termin = parser.integer("termin")
        has_registration = bool(bpjs_number or parser.text("tanggal_daftar"))
        has_payment = bool(parser.text("jumlah_bayar") or parser.text("tanggal_bayar"))
        if not has_registration and not has_payment and not parser.problems:
            parser.problems.append(
                ("nomor_proyek_bpjs", _("The row has neither a registration nor a payment."))
            )
        if has_registration:
            if not bpjs_number.isdigit():
                parser.problems.append(
                    ("nomor_proyek_bpjs", _("The BPJS project number must be digits."))
                )
            if registered_on is None and not parser.text("tanggal_daftar"):
                parser.problems.append(("tanggal_daftar", _("The registration date is required.")))
            if registered_on is not None and registered_on > today:
                parser.problems.append(
                    ("tanggal_daftar", _("The registration date is in the future."))
                )
            if (
                registered_on is not None
                and project is not None
                and project.spk_date
                and registered_on < project.spk_date.replace(year=project.spk_date.year - 1)
            ):
                parser.problems.append(
                    ("tanggal_daftar", _("Long before the SPK: check the date."))
                )
        if has_payment:
            if amount is None and not parser.text("jumlah_bayar"):
                parser.problems.append(("jumlah_bayar", _("The amount paid is required.")))
            elif amount is not None and amount <= 0:
                parser.problems.append(("jumlah_bayar", _("Must be more than zero.")))
            elif amount is not None and amount > ABSURD_LIMIT:
                parser.problems.append(
                    ("jumlah_bayar", _("Over Rp 10 trillion: check the number."))
                )
            if paid_on is None and not parser.text("tanggal_bayar"):
                parser.problems.append(("tanggal_bayar", _("The payment date is required.")))
            elif paid_on is not None and paid_on > today:
                parser.problems.append(("tanggal_bayar", _("The payment date is in the future.")))
            if termin is not None and not 1 <= termin <= 3:
                parser.problems.append(("termin", _("The termin is 1, 2 or 3.")))
        if project is not None and not parser.problems:
            scope = _may_record_protection(actor, project)
            if scope:
                parser.problems.append(("kode_rup" if rup else "nomor_kontrak", scope))
        if parser.problems or project is None:
            plan.rejections.append(Rejection(number, dict(row), parser.problems))
            continue
        entry = state[project.pk]
        row_created = row_updated = False
        if has_registration and registered_on is not None:
            values = {
                "bpjs_project_number": bpjs_number,
                "certificate_number": certificate,
                "registered_on": registered_on,
            }
            current = entry.registration
            if current is None:
                current = Registration(project=project, recorded_by=actor, **values)
                entry.registration = current
                new_registrations.append(current)
                touched.add(project.pk)
                row_created = True
            else:
                before = account_services.snapshot(current, fields)
                if before != account_services.snapshot(Registration(**values), fields):
                    for name, value in values.items():
                        setattr(current, name, value)
                    if current.pk is not None and all(
                        r is not current for r, _b in changed_registrations
                    ):
                        changed_registrations.append((current, before))
                    touched.add(project.pk)
                    row_updated = True
        if has_payment and amount is not None and paid_on is not None:
            key = (paid_on, amount.quantize(Decimal("0.01")))
            if key not in entry.payments and (paid_on, amount) not in entry.payments:
                entry.payments.add(key)
                entry.new_paid += amount
                new_payments.append(
                    Payment(
                        project=project,
                        amount=amount,
                        paid_on=paid_on,
                        termin=termin,
                        reference="",
                        recorded_by=actor,
                    )
                )
                touched.add(project.pk)
                row_created = True
        if row_created:
            created_rows += 1
        elif row_updated:
            updated_rows += 1
        else:
            plan.unchanged += 1
    plan.creates = [*new_registrations, *new_payments]
    plan.updates = changed_registrations
    plan.extra.update(
        created_rows=created_rows,
        updated_rows=updated_rows,
        registrations=new_registrations,
        payments=new_payments,
        touched=[state[pk] for pk in sorted(touched)],
    )
    progress(total, total, _("Rows checked"))
    return plan


def commit_bpjs(
    *, actor: User | None, plan: ImportPlan, batch_id: str, progress: Progress = _noop
) -> dict[str, int]:
    """Write a registration/payment plan in the caller's transaction, with audit rows."""
    Registration.objects.bulk_create(plan.extra["registrations"], batch_size=_WRITE_BATCH)
    changed = [r for r, _before in plan.updates]
    Registration.objects.bulk_update(
        changed, ["bpjs_project_number", "certificate_number", "registered_on"]
    )
    Payment.objects.bulk_create(plan.extra["payments"], batch_size=_WRITE_BATCH)
    touched: list[_ProjectProtection] = plan.extra["touched"]
    ids = [entry.project.pk for entry in touched]
    sums: dict[int, Decimal] = {}
    for chunk in _chunks(ids):
        sums.update(
            Payment.objects.filter(project_id__in=chunk)
            .values("project_id")
            .annotate(total=Sum("amount"))
            .values_list("project_id", "total")
        )
    now = timezone.now()
    projects = []
    for entry in touched:
        project = entry.project
        project.paid_total = sums.get(project.pk, Decimal(0))
        project.registered_on = entry.registration.registered_on if entry.registration else None
        project.updated_at = now
        projects.append(project)
    Project.objects.bulk_update(
        projects, ["paid_total", "registered_on", "updated_at"], batch_size=_WRITE_BATCH
    )
    fields = ("bpjs_project_number", "certificate_number", "registered_on")
    for registration, before in plan.updates:
        account_services.record_audit(
            actor=actor,
            action="project.registration",
            entity_type="project",
            entity_id=registration.project_id,
            region_code=registration.project.region_id,
            changes=account_services.diff_fields(
                before, account_services.snapshot(registration, fields)
            ),
            note=f"import {batch_id}",
        )
    counts = plan.counts() | {
        "registrations_created": len(plan.extra["registrations"]),
        "payments_created": len(plan.extra["payments"]),
    }
    account_services.record_audit(
        actor=actor,
        action="project.bpjs_import",
        entity_type="import_batch",
        entity_id=batch_id,
        region_code=actor.region_code if actor is not None else "",
        changes={"after": counts},
    )
    progress(plan.total, plan.total, _("Written"))
    return counts
