"""Imports: refuse bad files whole, check every row, commit the valid rows in one transaction
and put the rest in a quarantine CSV (R14).

A batch moves ``pending → validating → ready | failed → committed``. Status changes before
the commit are single autocommitted updates so the UI can show them; the rows themselves
are written by one durable transaction (R5). An upload checked only stops at ``ready``
(counts and rejected rows, nothing written) until its uploader imports it.
"""

from __future__ import annotations

import csv
import io
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.imports import selectors as import_selectors
from lindung.imports.errors import (
    FileRefused,
    FileTooLarge,
    ImportConflict,
    ImportNotAllowed,
    NotAwaitingImport,
    NotTheUploader,
)
from lindung.imports.models import BatchStatus, ImportBatch, ImportKind
from lindung.imports.parsing import (
    Rejection,
    check_columns,
    file_format,
    parse_bool,
    parse_date,
    parse_int,
    parse_rupiah,
    quarantine_bytes,
    read_frame,
)
from lindung.jobs import services as job_services
from lindung.jobs.models import Job
from lindung.projects import importers

__all__ = [
    "ImportOutcome",
    "can_import",
    "confirm_import",
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


def read_upload(*, kind: str, file_name: str, content: bytes) -> pl.DataFrame:
    """Read and check a whole file: size, format, emptiness and the template's columns.

    Return the table as text, one column per template column (stripped, blank is ``""``).
    """
    _check_size(len(content))
    frame = read_frame(file_name, content)
    if kind == ImportKind.BPJS:
        required = [c for c in importers.BPJS_COLUMNS if c not in importers.BPJS_KEY_COLUMNS]
        check_columns(frame, required, one_of=importers.BPJS_KEY_COLUMNS)
        frame = frame.with_columns(
            pl.lit("").alias(column)
            for column in importers.BPJS_KEY_COLUMNS
            if column not in frame.columns
        )
    else:
        check_columns(frame, importers.PROJECT_COLUMNS)
    return frame


# ----------------------------------------------------------------------------- quarantine


def quarantine_csv(kind: str, rejections: list[Rejection]) -> bytes:
    """Return a quarantine file of an import kind (its template's columns) from rejections."""
    return quarantine_bytes(COLUMNS[ImportKind(kind)], rejections)


# ----------------------------------------------------------------------------- the pipeline


def _plan(
    *, actor: User | None, kind: str, frame: pl.DataFrame, progress: Progress
) -> importers.ImportPlan:
    # Reasons are written in Indonesian, whatever language the request or shell uses.
    with translation.override("id"):
        if kind == ImportKind.BPJS:
            return importers.plan_bpjs(
                actor=actor,
                rows=frame.iter_rows(named=True),
                total=frame.height,
                today=timezone.localdate(),
                progress=progress,
            )
        return importers.plan_projects(
            actor=actor, frame=frame, today=timezone.localdate(), progress=progress
        )


@transaction.atomic(durable=True)
def _commit(
    *, actor: User | None, batch_id: str, plan: importers.ImportPlan, progress: Progress
) -> dict[str, int]:
    try:
        with transaction.atomic():
            if isinstance(plan, importers.BpjsPlan):
                counts = importers.commit_bpjs(
                    actor=actor, plan=plan, batch_id=batch_id, progress=progress
                )
            else:
                assert isinstance(plan, importers.ProjectPlan)  # noqa: S101 - two kinds only
                counts = importers.commit_projects(
                    actor=actor, plan=plan, batch_id=batch_id, progress=progress
                )
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


def _process(
    batch: ImportBatch, content: bytes, progress: Progress, frame: pl.DataFrame | None = None
) -> importers.ImportPlan:
    """Validate and commit one stored batch; a refused file leaves the batch ``failed``.

    ``frame`` is the file already read and checked (the command line reads it first).
    """
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.VALIDATING)
    try:
        if frame is None:
            with translation.override("id"):
                frame = read_upload(kind=batch.kind, file_name=batch.original_name, content=content)
    except FileRefused as exc:
        with translation.override("id"):
            _fail(batch, exc)
        raise
    plan = _plan(actor=batch.created_by, kind=batch.kind, frame=frame, progress=progress)
    if batch.quarantine:
        batch.quarantine.delete(save=False)  # from its check: the rows are checked again
    if plan.rejected:
        batch.quarantine.save(
            f"karantina-{batch.pk}.csv", ContentFile(plan.quarantine_csv()), save=False
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
    if batch.check_only:
        return plan
    try:
        _commit(actor=batch.created_by, batch_id=str(batch.pk), plan=plan, progress=progress)
    except FileRefused as exc:
        _fail(batch, exc)
        raise
    return plan


@transaction.atomic(durable=True)
def start_import(
    *,
    actor: User,
    kind: str,
    file_name: str,
    upload: BinaryIO,
    size: int,
    task: Task[[str], Any],
    check_only: bool = False,
) -> ImportBatch:
    """Store an upload and start its import as a background job (after commit).

    Size, format, emptiness and columns are checked now, so a refused file is answered at
    once and nothing is stored. ``check_only`` checks every row and writes no project
    until the uploader imports the file (``confirm_import``).
    """
    _require(actor, kind)
    _check_size(size)
    content = upload.read(int(settings.LINDUNG_MAX_UPLOAD_BYTES) + 1)
    read_upload(kind=kind, file_name=file_name, content=content)
    job = job_services.create_job(
        actor=actor,
        kind=f"import.{kind}.check" if check_only else f"import.{kind}",
        title=(_("Check %(kind)s: %(file)s") if check_only else _("Import %(kind)s: %(file)s"))
        % {"kind": ImportKind(kind).label, "file": file_name[:120]},
        task=task,
        region_code=actor.region_code,
    )
    # The batch shares its first job's id, so that job's task argument is both.
    batch = ImportBatch(
        id=job.pk,
        kind=kind,
        original_name=file_name[:255],
        created_by=actor,
        region_code=actor.region_code,
        job=job,
        check_only=check_only,
    )
    batch.file.save(Path(file_name).name[:100] or "upload", ContentFile(content), save=False)
    batch.save()
    account_services.record_audit(
        actor=actor,
        action="import.upload",
        entity_type="import_batch",
        entity_id=batch.pk,
        region_code=actor.region_code,
        changes={
            "after": {
                "kind": kind,
                "file": file_name,
                "bytes": len(content),
                "check_only": check_only,
            }
        },
    )
    return batch


@transaction.atomic(durable=True)
def confirm_import(
    *, actor: User, batch_id: uuid.UUID | str, task: Task[[str], Any]
) -> ImportBatch:
    """Import a file its uploader checked first, as a background job (after commit).

    Its rows are checked again when the job runs (the data may have changed since the
    check), then committed like any import.
    """
    batch = import_selectors.access_batch(actor=actor, batch_id=batch_id)
    if batch.created_by_id != actor.pk:
        raise NotTheUploader()
    _require(actor, batch.kind)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.awaits_import:
        raise NotAwaitingImport()
    job = job_services.create_job(
        actor=actor,
        kind=f"import.{batch.kind}",
        title=_("Import %(kind)s: %(file)s")
        % {"kind": ImportKind(batch.kind).label, "file": batch.original_name[:120]},
        task=task,
        params={"batch_id": str(batch.pk)},
        region_code=batch.region_code,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        check_only=False, status=BatchStatus.PENDING, job=job
    )
    account_services.record_audit(
        actor=actor,
        action="import.confirm",
        entity_type="import_batch",
        entity_id=batch.pk,
        region_code=batch.region_code,
        changes={"after": {"job": str(job.pk)}},
    )
    batch.refresh_from_db()
    return batch


def run_batch(*, job_id: str) -> Job | None:
    """Run the import (or check) a job was started for, recording progress and the result.

    An upload's job has its batch's id; a job started by ``confirm_import`` names its batch
    in its parameters.
    """
    job = Job.objects.filter(pk=job_id).only("params").first()
    batch_id = (job.params.get("batch_id") if job is not None else None) or job_id
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
        frame = read_upload(kind=kind, file_name=path.name, content=content)
    if dry_run:
        plan = _plan(actor=actor, kind=kind, frame=frame, progress=progress)
        quarantine = ""
        if plan.rejected:
            handle, name = tempfile.mkstemp(prefix="lindung-karantina-", suffix=".csv")
            with open(handle, "wb") as out:
                out.write(plan.quarantine_csv())
            quarantine = name
        return ImportOutcome(
            plan.created, plan.updated, plan.unchanged, plan.rejected, quarantine_file=quarantine
        )
    batch = _create_cli_batch(actor=actor, kind=kind, file_name=path.name, content=content)
    plan = _process(batch, content, progress, frame=frame)
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
