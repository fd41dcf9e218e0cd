"""BPJS registrations and payments from a file, row by row (used by ``lindung.imports``).

``plan_bpjs`` reads what it needs ONCE (the projects named in the file, their registration
and payments), checks every row with no per-row query and returns a plan; ``commit_bpjs``
writes it with ``bulk_create``/``bulk_update`` inside the caller's (durable) transaction,
with an audit row per changed registration and one for the batch. Reasons are translated
when the plan is made; the caller activates Indonesian so the quarantine file reads in it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
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
from lindung.core.errors import FieldError
from lindung.imports.parsing import Rejection, parse_date, parse_int, parse_rupiah, quarantine_bytes
from lindung.projects.importers.cells import NEGATIVE_AMOUNT
from lindung.projects.importers.common import BPJS_COLUMNS, ImportPlan, Progress, chunks, noop
from lindung.projects.models import Payment, Project, Registration
from lindung.projects.services import protection

_WRITE_BATCH = 2000


@dataclass
class BpjsPlan(ImportPlan):
    """Registrations and payments to write, rows unchanged and rows rejected."""

    kind: str = "bpjs"
    total: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    changed: list[tuple[Registration, dict[str, Any]]] = field(default_factory=list)
    touched: list[_ProjectProtection] = field(default_factory=list)
    created_rows: int = 0
    updated_rows: int = 0

    @property
    def created(self) -> int:
        """Return how many rows add a registration or a payment."""
        return self.created_rows

    @property
    def updated(self) -> int:
        """Return how many rows change a registration."""
        return self.updated_rows

    @property
    def rejected(self) -> int:
        """Return how many rows were rejected."""
        return len(self.rejections)

    def quarantine_csv(self) -> bytes:
        """Return the rejected rows in the BPJS template's columns."""
        return quarantine_bytes(BPJS_COLUMNS, self.rejections)


def existing_projects(
    kode_rups: Sequence[str], contract_numbers: Sequence[str], fields: Sequence[str] = ()
) -> tuple[dict[str, Project], dict[str, Project]]:
    """Return the projects having any of the keys, by RUP code and by contract number."""
    by_rup: dict[str, Project] = {}
    by_contract: dict[str, Project] = {}
    queries = [("kode_rup", list(kode_rups)), ("contract_number", list(contract_numbers))]
    for column, keys in queries:
        for chunk in chunks(sorted(set(keys))):
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


# The template's column of each field the protection services validate.
_COLUMN_OF = {
    "bpjs_project_number": "nomor_proyek_bpjs",
    "registered_on": "tanggal_daftar",
    "amount": "jumlah_bayar",
    "paid_on": "tanggal_bayar",
    "termin": "termin",
}


class RowParser:
    """Parse one row's cells, collecting a problem per unreadable cell."""

    def __init__(self, row: Mapping[str, str]) -> None:
        self.row = row
        self.problems: list[tuple[str, str]] = []

    def add_errors(self, errors: Iterable[FieldError]) -> None:
        """Add the services' field errors as problems of their template columns."""
        self.problems.extend((_COLUMN_OF[str(e.loc[0])], e.msg) for e in errors)

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
            if re.match(NEGATIVE_AMOUNT, self.text(column)):
                self.problems.append((column, _("Must be more than zero.")))
            else:
                self.problems.append(
                    (
                        column,
                        _("Not a rupiah amount: use digits, e.g. 1250000000 or 1.250.000.000."),
                    )
                )
            return None

    def integer(self, column: str) -> int | None:
        try:
            return parse_int(self.text(column))
        except ValueError:
            self.problems.append((column, _("Not a whole number.")))
            return None


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
    progress: Progress = noop,
) -> ImportPlan:
    """Check every registration/payment row with data loaded once; return the plan."""
    rows = list(rows)
    plan = BpjsPlan(total=total)
    progress(0, total, _("Loading reference data"))
    by_rup, by_contract = existing_projects(
        [r.get("kode_rup", "").strip() for r in rows if r.get("kode_rup", "").strip()],
        [r.get("nomor_kontrak", "").strip() for r in rows if r.get("nomor_kontrak", "").strip()],
    )
    projects = {p.pk: p for p in (*by_rup.values(), *by_contract.values())}
    registrations: dict[int, Registration] = {}
    payments: dict[int, set[tuple[date, Decimal]]] = defaultdict(set)
    for chunk in chunks(sorted(projects)):
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
        parser = RowParser(row)
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
            if registered_on is None and not parser.text("tanggal_daftar"):
                parser.problems.append(("tanggal_daftar", _("The registration date is required.")))
            parser.add_errors(
                protection.registration_errors(
                    bpjs_project_number=bpjs_number,
                    registered_on=registered_on,
                    spk_date=project.spk_date if project is not None else None,
                    today=today,
                )
            )
        if has_payment:
            if amount is None and not parser.text("jumlah_bayar"):
                parser.problems.append(("jumlah_bayar", _("The amount paid is required.")))
            if paid_on is None and not parser.text("tanggal_bayar"):
                parser.problems.append(("tanggal_bayar", _("The payment date is required.")))
            parser.add_errors(
                protection.payment_errors(
                    amount=amount, paid_on=paid_on, termin=termin, today=today
                )
            )
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
    plan.registrations = new_registrations
    plan.payments = new_payments
    plan.changed = changed_registrations
    plan.touched = [state[pk] for pk in sorted(touched)]
    plan.created_rows, plan.updated_rows = created_rows, updated_rows
    progress(total, total, _("Rows checked"))
    return plan


def commit_bpjs(
    *, actor: User | None, plan: BpjsPlan, batch_id: str, progress: Progress = noop
) -> dict[str, int]:
    """Write a registration/payment plan in the caller's transaction, with audit rows."""
    Registration.objects.bulk_create(plan.registrations, batch_size=_WRITE_BATCH)
    changed = [r for r, _before in plan.changed]
    Registration.objects.bulk_update(
        changed, ["bpjs_project_number", "certificate_number", "registered_on"]
    )
    Payment.objects.bulk_create(plan.payments, batch_size=_WRITE_BATCH)
    touched = plan.touched
    ids = [entry.project.pk for entry in touched]
    sums: dict[int, Decimal] = {}
    for chunk in chunks(ids):
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
    for registration, before in plan.changed:
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
        "registrations_created": len(plan.registrations),
        "payments_created": len(plan.payments),
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
