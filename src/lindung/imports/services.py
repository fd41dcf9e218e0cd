"""Imports: refuse bad files whole, check every row, commit the valid rows in one transaction
and put the rest in a quarantine CSV (R14).

A batch moves ``pending → validating → ready | failed → committed``. Status changes before
the commit are single autocommitted updates so the UI can show them; the rows themselves
are written by one durable transaction (R5).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.imports.errors import (
    FileRefused,
    FileTooLarge,
    ImportConflict,
    ImportNotAllowed,
)
from lindung.imports.models import BatchStatus, ImportBatch, ImportKind
from lindung.imports.parsing import (
    Rejection,
    Table,
    check_columns,
    file_format,
    parse_bool,
    parse_date,
    parse_int,
    parse_rupiah,
    quarantine_bytes,
    read_table,
)
from lindung.jobs import services as job_services
from lindung.jobs.models import Job
from lindung.projects import importers

__all__ = [
    "ImportOutcome",
    "can_import",
    "import_file",
    "parse_bool",
    "parse_date",
    "parse_int",
    "parse_rupiah",
    "quarantine_csv",
    "read_upload",
    "run_batch",
    "start_import",
    "template_csv",
    "template_xlsx",
]

Progress = Callable[[int, int, str], None]

COLUMNS = {ImportKind.PROJECTS: importers.PROJECT_COLUMNS, ImportKind.BPJS: importers.BPJS_COLUMNS}
IMPORT_ROLES = {
    ImportKind.PROJECTS: {Role.PROVINCIAL_ADMIN, Role.REGENCY_OFFICER, Role.AGENCY_USER},
    ImportKind.BPJS: {Role.PROVINCIAL_ADMIN, Role.BPJS_OFFICER, Role.REGENCY_OFFICER},
}
EXAMPLES = {
    ImportKind.PROJECTS: (
        "40123456",
        "027/SPK/PUPR/2026",
        "Rehabilitasi Jalan Lingkungan Kelurahan Darat Sekip",
        "Dinas PUPR Kota Pontianak",
        "61.71.01",
        "apbd_kab",
        "2026",
        "contracted",
        "198001012005011001",
        "Budi Santoso",
        "CV Karya Khatulistiwa",
        "",
        "9120000000001",
        "1.300.000.000",
        "1.250.000.000",
        "ya",
        "2026-03-02",
        "09/03/2026",
        "2026-09-30",
        "25",
    ),
    ImportKind.BPJS: (
        "40123456",
        "",
        "610260001234",
        "CERT-0001/2026",
        "2026-03-10",
        "12/03/2026",
        "2.500.000",
        "1",
    ),
}


@dataclass
class ImportOutcome:
    """What an import did (or would do, in a dry run)."""

    created: int
    updated: int
    unchanged: int
    rejected: int
    quarantine_file: str
    batch_id: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the ``--json`` shape."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "quarantine_file": self.quarantine_file,
        }


def _noop(done: int, total: int, message: str) -> None:
    return None


# ----------------------------------------------------------------------------- checks


def can_import(actor: User | None, kind: str) -> bool:
    """Return whether the actor's role may import this kind (``None`` is the system)."""
    if actor is None:
        return True
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.role in IMPORT_ROLES.get(ImportKind(kind), set())


def _require(actor: User | None, kind: str) -> None:
    if kind not in ImportKind.values or not can_import(actor, kind):
        raise ImportNotAllowed()


def _check_size(size: int) -> None:
    limit = int(settings.LINDUNG_MAX_UPLOAD_BYTES)
    if size > limit:
        raise FileTooLarge(params={"limit": f"{limit:,}".replace(",", ".")})


def read_upload(*, kind: str, file_name: str, content: bytes) -> Table:
    """Read and check a whole file: size, format, emptiness and the template's columns."""
    _check_size(len(content))
    table = read_table(file_name, content)
    if kind == ImportKind.BPJS:
        required = [c for c in importers.BPJS_COLUMNS if c not in importers.BPJS_KEY_COLUMNS]
        check_columns(table, required, one_of=importers.BPJS_KEY_COLUMNS)
        for column in importers.BPJS_KEY_COLUMNS:
            table.data.setdefault(column, [""] * table.n_rows)
    else:
        check_columns(table, importers.PROJECT_COLUMNS)
    return table


# ----------------------------------------------------------------------------- quarantine


def quarantine_csv(kind: str, rejections: list[Rejection]) -> bytes:
    """Return the quarantine file of an import kind (its template's columns)."""
    return quarantine_bytes(COLUMNS[ImportKind(kind)], rejections)


# ----------------------------------------------------------------------------- the pipeline


def _plan(
    *, actor: User | None, kind: str, table: Table, progress: Progress
) -> importers.ImportPlan:
    planner = importers.plan_bpjs if kind == ImportKind.BPJS else importers.plan_projects
    # Reasons are written in Indonesian, whatever language the request or shell uses.
    with translation.override("id"):
        return planner(
            actor=actor,
            rows=table.rows(),
            total=table.n_rows,
            today=timezone.localdate(),
            progress=progress,
        )


@transaction.atomic(durable=True)
def _commit(
    *, actor: User | None, batch_id: str, plan: importers.ImportPlan, progress: Progress
) -> dict[str, int]:
    committer = importers.commit_bpjs if plan.kind == ImportKind.BPJS else importers.commit_projects
    try:
        with transaction.atomic():
            counts = committer(actor=actor, plan=plan, batch_id=batch_id, progress=progress)
            ImportBatch.objects.filter(pk=batch_id).update(
                status=BatchStatus.COMMITTED,
                committed_at=timezone.now(),
                created_count=plan.created,
                updated_count=plan.updated,
                unchanged_count=plan.unchanged,
                rejected_count=plan.rejected,
            )
    except IntegrityError as exc:
        # Another writer added one of the same projects between the check and the write.
        raise ImportConflict() from exc
    return counts


def _fail(batch: ImportBatch, error: FileRefused) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED, error_message=error.message[:2000]
    )


def _process(batch: ImportBatch, content: bytes, progress: Progress) -> importers.ImportPlan:
    """Validate and commit one stored batch; a refused file leaves the batch ``failed``."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.VALIDATING)
    try:
        with translation.override("id"):
            table = read_upload(kind=batch.kind, file_name=batch.original_name, content=content)
    except FileRefused as exc:
        with translation.override("id"):
            _fail(batch, exc)
        raise
    plan = _plan(actor=batch.created_by, kind=batch.kind, table=table, progress=progress)
    if plan.rejections:
        batch.quarantine.save(
            f"karantina-{batch.pk}.csv",
            ContentFile(quarantine_csv(batch.kind, plan.rejections)),
            save=False,
        )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.READY,
        total_rows=plan.total,
        quarantine=batch.quarantine.name or "",
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
        rejected_count=plan.rejected,
    )
    try:
        _commit(actor=batch.created_by, batch_id=str(batch.pk), plan=plan, progress=progress)
    except FileRefused as exc:
        _fail(batch, exc)
        raise
    return plan


@transaction.atomic(durable=True)
def start_import(
    *, actor: User, kind: str, file_name: str, upload: BinaryIO, size: int, task: Task[[str], Any]
) -> ImportBatch:
    """Store an upload and start its import as a background job (after commit).

    Size, format, emptiness and columns are checked now, so a refused file is answered at
    once and nothing is stored.
    """
    _require(actor, kind)
    _check_size(size)
    content = upload.read(int(settings.LINDUNG_MAX_UPLOAD_BYTES) + 1)
    read_upload(kind=kind, file_name=file_name, content=content)
    job = job_services.create_job(
        actor=actor,
        kind=f"import.{kind}",
        title=_("Import %(kind)s: %(file)s")
        % {"kind": ImportKind(kind).label, "file": file_name[:120]},
        task=task,
        region_code=actor.region_code,
    )
    # The batch shares the job's id, so the task's one argument is both.
    batch = ImportBatch(
        id=job.pk,
        kind=kind,
        original_name=file_name[:255],
        created_by=actor,
        region_code=actor.region_code,
        job=job,
    )
    batch.file.save(Path(file_name).name[:100] or "upload", ContentFile(content), save=False)
    batch.save()
    account_services.record_audit(
        actor=actor,
        action="import.upload",
        entity_type="import_batch",
        entity_id=batch.pk,
        region_code=actor.region_code,
        changes={"after": {"kind": kind, "file": file_name, "bytes": len(content)}},
    )
    return batch


def run_batch(*, batch_id: str) -> Job | None:
    """Run a stored batch's import inside its job, recording progress and the result."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.is_finished:
        return None

    def work(job: Job, progress: job_services.ProgressReporter) -> dict[str, Any]:
        with batch.file.open("rb") as handle:
            content = handle.read()
        try:
            plan = _process(batch, content, progress)
        except FileRefused:
            raise
        except Exception:
            # An unexpected failure must not leave the page polling a batch forever.
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=BatchStatus.FAILED, error_message=_("The import failed unexpectedly.")
            )
            raise
        return plan.counts()

    if batch.job_id is None:
        with batch.file.open("rb") as handle:
            _process(batch, handle.read(), _noop)
        return None
    return job_services.run_job(str(batch.job_id), work)


def import_file(
    *,
    actor: User | None,
    kind: str,
    path: Path,
    dry_run: bool = False,
    progress: Progress = _noop,
) -> ImportOutcome:
    """Import a file from disk (the CLI); a dry run checks every row and writes nothing."""
    _require(actor, kind)
    if not path.is_file():
        raise FileRefused()
    _check_size(path.stat().st_size)
    content = path.read_bytes()
    file_format(path.name, content[:8])
    with translation.override("id"):
        table = read_upload(kind=kind, file_name=path.name, content=content)
    if dry_run:
        plan = _plan(actor=actor, kind=kind, table=table, progress=progress)
        quarantine = ""
        if plan.rejections:
            handle, name = tempfile.mkstemp(prefix="lindung-karantina-", suffix=".csv")
            with open(handle, "wb") as out:
                out.write(quarantine_csv(kind, plan.rejections))
            quarantine = name
        return ImportOutcome(
            plan.created, plan.updated, plan.unchanged, plan.rejected, quarantine_file=quarantine
        )
    batch = _create_cli_batch(actor=actor, kind=kind, file_name=path.name, content=content)
    plan = _process(batch, content, progress)
    batch.refresh_from_db()
    quarantine = ""
    if batch.quarantine:
        # A path the shell can open when files live on disk, else the storage name.
        on_disk = isinstance(batch.quarantine.storage, FileSystemStorage)
        quarantine = batch.quarantine.path if on_disk else batch.quarantine.name or ""
    return ImportOutcome(
        plan.created,
        plan.updated,
        plan.unchanged,
        plan.rejected,
        quarantine_file=quarantine,
        batch_id=str(batch.pk),
    )


@transaction.atomic(durable=True)
def _create_cli_batch(
    *, actor: User | None, kind: str, file_name: str, content: bytes
) -> ImportBatch:
    batch = ImportBatch(
        kind=kind,
        original_name=file_name[:255],
        created_by=actor,
        region_code=actor.region_code if actor is not None else "",
    )
    batch.file.save(Path(file_name).name[:100] or "upload", ContentFile(content), save=False)
    batch.save()
    account_services.record_audit(
        actor=actor,
        action="import.upload",
        entity_type="import_batch",
        entity_id=batch.pk,
        region_code=batch.region_code,
        changes={"after": {"kind": kind, "file": file_name, "bytes": len(content)}},
    )
    return batch


# ----------------------------------------------------------------------------- templates


def template_csv(kind: str) -> bytes:
    """Return the import template as CSV (UTF-8 with BOM) with one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS[ImportKind(kind)])
    writer.writerow(EXAMPLES[ImportKind(kind)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """Return the import template as an XLSX workbook with one example row, all text cells."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("impor")
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    columns = COLUMNS[ImportKind(kind)]
    for index, name in enumerate(columns):
        sheet.write_string(0, index, name, bold)
        sheet.set_column(index, index, max(14, len(name) + 2), text)
    for index, value in enumerate(EXAMPLES[ImportKind(kind)]):
        sheet.write_string(1, index, value, text)
    book.close()
    return buffer.getvalue()
