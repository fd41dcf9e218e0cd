"""Loading BPJS participant extracts as immutable snapshots (R14: checked, then one write).

A load reads the file, checks every row column-wise (``extract``), and then, in one
durable transaction, writes the valid rows (COPY on PostgreSQL, batched inserts on
SQLite), counts them by region, segment, sector, standing and change since the previous
snapshot (``sql/*.sql``), stores the quarantine file and marks the snapshot loaded. A
failure leaves no participant rows and a snapshot marked refused with the reason.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any

import polars as pl
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Sum
from django.tasks import Task
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.core import bulk
from lindung.jobs import services as job_services
from lindung.jobs.models import Job
from lindung.participants import extract
from lindung.participants import selectors as participant_selectors
from lindung.participants.errors import (
    ParticipantActionNotAllowed,
    SnapshotAlreadyLoaded,
    SnapshotDateTaken,
    SnapshotNotFound,
    SnapshotRefused,
)
from lindung.participants.models import Participant, Snapshot, SnapshotStat, SnapshotStatus
from lindung.regions.models import Region
from lindung.regulations import selectors as regulation_selectors

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
SQL_DIR = Path(__file__).with_name("sql")
ROW_COLUMNS: tuple[str, ...] = (
    "row_number",
    "kpj",
    "nik",
    "nik_valid",
    "name",
    "birth_date",
    "sex",
    "segment",
    "sector",
    "programs",
    "status",
    "last_paid_month",
    "standing",
    "employer_ref",
    "region_code",
    "regency_code",
)
WRITE_CHUNK = 100_000
# Progress is reported in per-mille of the whole load: reading and checking, then writing.
_READ, _CHECKED, _WRITTEN, _DONE = 50, 150, 850, 1000


def _noop(done: int, total: int, message: str) -> None:
    return None


@cache
def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@dataclass
class LoadOutcome:
    """What a load did: the snapshot, its rows, rejections and changes."""

    snapshot: Snapshot
    loaded: int
    rejected: int
    quarantine_file: str

    def as_dict(self) -> dict[str, Any]:
        """Return the ``--json`` shape."""
        return {
            "snapshot": self.snapshot.pk,
            "extract_date": self.snapshot.extract_date.isoformat(),
            "loaded": self.loaded,
            "rejected": self.rejected,
            "quarantine_file": self.quarantine_file,
            "comparison": self.snapshot.comparison,
        }


def can_load(actor: User | None) -> bool:
    """Return whether the actor may load extracts (``None`` is the command line)."""
    return actor is None or has_perm(actor, Perm.LOAD_PARTICIPANTS)


def _require(actor: User | None) -> None:
    if not can_load(actor):
        raise ParticipantActionNotAllowed()


def _checksum(source: Path | bytes) -> str:
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
    else:
        with source.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _size(source: Path | bytes) -> int:
    return len(source) if isinstance(source, bytes) else source.stat().st_size


def _check_unique(sha256: str, extract_date: date) -> None:
    loaded = participant_selectors.loaded_snapshots()
    same_file = loaded.filter(sha256=sha256).first()
    if same_file is not None:
        raise SnapshotAlreadyLoaded(params={"extract_date": same_file.extract_date.isoformat()})
    if loaded.filter(extract_date=extract_date).exists():
        raise SnapshotDateTaken(params={"extract_date": extract_date.isoformat()})


def _check_size(size: int) -> None:
    limit = int(settings.LINDUNG_MAX_EXTRACT_BYTES)
    if size > limit:
        raise SnapshotRefused(
            params={
                "detail": _("the file is larger than %(limit)s MB")
                % {"limit": limit // (1024 * 1024)}
            }
        )


def _check_date(extract_date: date) -> None:
    if extract_date > timezone.localdate():
        raise SnapshotRefused(params={"detail": _("the extract date is in the future")})


def check_file(*, file_name: str, source: Path | bytes, extract_date: date) -> str:
    """Refuse a file at once when it is too large, already loaded or its date is taken.

    Return the file's SHA-256.
    """
    _check_size(_size(source))
    _check_date(extract_date)
    sha256 = _checksum(source)
    _check_unique(sha256, extract_date)
    return sha256


def _region_codes() -> set[str]:
    return set(Region.objects.values_list("code", flat=True))


def _parse(
    *, file_name: str, source: Path | bytes, extract_date: date, progress: Progress
) -> extract.ParsedExtract:
    progress(0, _DONE, _("Reading the file"))
    frame = extract.read_extract(file_name, source)
    progress(_READ, _DONE, _("Checking %(rows)s rows") % {"rows": f"{frame.height:,}"})
    lapse_months = regulation_selectors.parameter_set().at(extract_date).integer("bpu.lapse_months")
    parsed = extract.parse_extract(
        frame,
        extract_date=extract_date,
        region_codes=_region_codes(),
        lapse_months=lapse_months,
    )
    if parsed.valid.height == 0:
        raise SnapshotRefused(
            params={
                "detail": _("no row passed the checks; first problem: row %(row)s, %(reason)s")
                % {"row": parsed.rejected["baris"][0], "reason": parsed.rejected["alasan"][0]}
            }
        )
    share = parsed.rejected.height / parsed.total_rows
    if share > float(settings.LINDUNG_EXTRACT_MAX_REJECTED_SHARE):
        raise SnapshotRefused(
            params={
                "detail": _(
                    "%(rejected)s of %(total)s rows failed the checks, more than the "
                    "%(limit)s%% allowed; is this the right file? First problem: row "
                    "%(row)s, %(reason)s"
                )
                % {
                    "rejected": f"{parsed.rejected.height:,}",
                    "total": f"{parsed.total_rows:,}",
                    "limit": round(float(settings.LINDUNG_EXTRACT_MAX_REJECTED_SHARE) * 100),
                    "row": parsed.rejected["baris"][0],
                    "reason": parsed.rejected["alasan"][0],
                }
            }
        )
    progress(
        _CHECKED,
        _DONE,
        _("Checked: %(valid)s valid rows, %(rejected)s rejected")
        % {"valid": f"{parsed.valid.height:,}", "rejected": f"{parsed.rejected.height:,}"},
    )
    return parsed


def _write_rows(snapshot: Snapshot, rows: pl.DataFrame, progress: Progress) -> None:
    """Insert the valid rows column-wise (``core.bulk``: COPY or executemany)."""
    total = rows.height

    def written(done: int) -> None:
        progress(
            _CHECKED + (_WRITTEN - _CHECKED) * done // total,
            _DONE,
            _("Written %(done)s of %(total)s participants")
            % {"done": f"{done:,}", "total": f"{total:,}"},
        )

    bulk.copy_frame(
        Participant._meta.db_table,
        rows.select(pl.lit(snapshot.pk, dtype=pl.Int64).alias("snapshot_id"), *ROW_COLUMNS),
        written=written,
    )


def _count(snapshot: Snapshot, previous: Snapshot | None) -> dict[str, int]:
    params = {"current": snapshot.pk, "previous": previous.pk if previous else None}
    with connection.cursor() as cursor:
        if previous is None:
            cursor.execute(_sql("stats_first"), params)
        else:
            cursor.execute(_sql("stats_compare"), params)
            cursor.execute(_sql("stats_gone"), params)
    totals = (
        SnapshotStat.objects.filter(snapshot=snapshot)
        .values("change")
        .annotate(total=Sum("participants"))
        .order_by("change")
    )
    return {row["change"]: int(row["total"]) for row in totals}


def _previous(extract_date: date) -> Snapshot | None:
    return participant_selectors.loaded_snapshots().filter(extract_date__lt=extract_date).first()


@transaction.atomic(durable=True)
def _commit(
    *,
    actor: User | None,
    snapshot: Snapshot,
    parsed: extract.ParsedExtract,
    progress: Progress,
) -> Snapshot:
    # Checked again inside the transaction: another load may have finished meanwhile.
    _check_unique(snapshot.sha256, snapshot.extract_date)
    previous = _previous(snapshot.extract_date)
    _write_rows(snapshot, parsed.valid, progress)
    progress(_WRITTEN, _DONE, _("Counting by region, segment and change"))
    changes = _count(snapshot, previous)
    covered = int(parsed.valid.filter(pl.col("standing") == "covered").height)
    snapshot.comparison = {
        "previous": previous.pk if previous else None,
        "previous_date": previous.extract_date.isoformat() if previous else None,
        "covered": covered,
        "lapsed": parsed.valid.height - covered,
        "changes": changes,
    }
    if parsed.rejected.height:
        snapshot.quarantine.save(
            f"snapshot-{snapshot.pk}-ditolak.csv",
            ContentFile(parsed.quarantine_csv()),
            save=False,
        )
    snapshot.previous = previous
    snapshot.row_count = parsed.valid.height
    snapshot.rejected_count = parsed.rejected.height
    snapshot.status = SnapshotStatus.LOADED
    snapshot.loaded_at = timezone.now()
    snapshot.error_message = ""
    snapshot.save()
    account_services.record_audit(
        actor=actor,
        action="participants.snapshot_load",
        entity_type="participant_snapshot",
        entity_id=snapshot.pk,
        changes={
            "after": {
                "extract_date": snapshot.extract_date.isoformat(),
                "file": snapshot.original_name,
                "sha256": snapshot.sha256,
                "rows": snapshot.row_count,
                "rejected": snapshot.rejected_count,
                "comparison": snapshot.comparison,
            }
        },
    )
    return snapshot


def _fail(snapshot: Snapshot, message: str) -> None:
    Snapshot.objects.filter(pk=snapshot.pk, status=SnapshotStatus.LOADING).update(
        status=SnapshotStatus.FAILED, error_message=message[:2000]
    )


def _new_snapshot(
    *,
    actor: User | None,
    file_name: str,
    sha256: str,
    extract_date: date,
    label: str,
    job: Job | None = None,
) -> Snapshot:
    return Snapshot.objects.create(
        extract_date=extract_date,
        label=label[:200],
        original_name=Path(file_name).name[:255],
        sha256=sha256,
        loaded_by=actor if actor is not None and actor.is_authenticated else None,
        job=job,
    )


def load_snapshot(
    *,
    actor: User | None,
    file_name: str,
    source: Path | bytes,
    extract_date: date,
    label: str = "",
    progress: Progress = _noop,
    snapshot: Snapshot | None = None,
) -> LoadOutcome:
    """Load one extract as a snapshot: everything valid is written, or nothing at all."""
    _require(actor)
    try:
        sha256 = check_file(file_name=file_name, source=source, extract_date=extract_date)
    except (SnapshotRefused, SnapshotAlreadyLoaded, SnapshotDateTaken) as exc:
        if snapshot is not None:  # an upload waiting in a job: record why it stopped
            _fail(snapshot, exc.message)
        raise
    if snapshot is None:
        snapshot = _new_snapshot(
            actor=actor,
            file_name=file_name,
            sha256=sha256,
            extract_date=extract_date,
            label=label,
        )
    try:
        parsed = _parse(
            file_name=file_name, source=source, extract_date=extract_date, progress=progress
        )
        _commit(actor=actor, snapshot=snapshot, parsed=parsed, progress=progress)
    except (SnapshotRefused, SnapshotAlreadyLoaded, SnapshotDateTaken) as exc:
        _fail(snapshot, exc.message)
        raise
    except Exception:
        logger.exception("Loading snapshot %s failed", snapshot.pk)
        _fail(snapshot, _("The load failed unexpectedly; nothing was written."))
        raise
    progress(_DONE, _DONE, _("Loaded"))
    snapshot.refresh_from_db()
    return LoadOutcome(
        snapshot=snapshot,
        loaded=snapshot.row_count,
        rejected=snapshot.rejected_count,
        quarantine_file=snapshot.quarantine.name or "",
    )


@transaction.atomic(durable=True)
def start_snapshot_load(
    *,
    actor: User,
    file_name: str,
    upload: IO[bytes],
    size: int,
    extract_date: date,
    label: str,
    task: Task[[str], Any],
) -> Snapshot:
    """Store an uploaded extract and load it as a background job (after commit)."""
    _require(actor)
    _check_size(size)
    lower = file_name.lower()
    if not lower.endswith((".csv", ".txt", ".xlsx", ".parquet")):
        raise SnapshotRefused(
            params={"detail": _("only .csv, .xlsx and .parquet files are accepted")}
        )
    # Hashed and stored in chunks: an extract can be gigabytes.
    digest = hashlib.sha256()
    for block in iter(lambda: upload.read(1 << 20), b""):
        digest.update(block)
    sha256 = digest.hexdigest()
    _check_date(extract_date)
    _check_unique(sha256, extract_date)
    upload.seek(0)
    job = job_services.create_job(
        actor=actor,
        kind="participants.load",
        title=_("Load BPJS extract of %(date)s: %(file)s")
        % {"date": extract_date.isoformat(), "file": file_name[:120]},
        task=task,
    )
    snapshot = _new_snapshot(
        actor=actor,
        file_name=file_name,
        sha256=sha256,
        extract_date=extract_date,
        label=label,
        job=job,
    )
    stored = default_storage.save(
        f"participants/uploads/{snapshot.pk}-{Path(file_name).name[:80]}", File(upload)
    )
    job.params = {"snapshot": snapshot.pk, "file": stored}
    job.save(update_fields=["params"])
    account_services.record_audit(
        actor=actor,
        action="participants.snapshot_upload",
        entity_type="participant_snapshot",
        entity_id=snapshot.pk,
        changes={
            "after": {
                "extract_date": extract_date.isoformat(),
                "file": file_name,
                "bytes": size,
            }
        },
    )
    return snapshot


def _local_file(name: str) -> Path | bytes:
    """Return a stored file's local path (read in place) or, for remote storage, its bytes."""
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        path = None
    if path is not None and path.is_file():
        return path
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def run_snapshot_job(*, job_id: str) -> Job:
    """Run an uploaded extract's load inside its job, then delete the stored upload."""

    def work(job: Job, progress: job_services.ProgressReporter) -> dict[str, Any]:
        snapshot = Snapshot.objects.get(pk=job.params["snapshot"])
        stored = str(job.params["file"])
        try:
            source = _local_file(stored)
            outcome = load_snapshot(
                actor=job.created_by,
                file_name=snapshot.original_name,
                source=source,
                extract_date=snapshot.extract_date,
                label=snapshot.label,
                progress=progress,
                snapshot=snapshot,
            )
        finally:
            # The raw extract is personal data: keep only what was loaded.
            default_storage.delete(stored)
        return outcome.as_dict()

    return job_services.run_job(job_id, work)


@transaction.atomic(durable=True)
def reveal_participant(*, actor: User, participant_id: int) -> Participant:
    """Return one participant unmasked and record the reveal in the audit trail."""
    if not has_perm(actor, Perm.REVEAL_PERSONAL_DATA):
        raise ParticipantActionNotAllowed()
    participant = participant_selectors.access_participant(
        actor=actor, participant_id=participant_id
    )
    account_services.record_audit(
        actor=actor,
        action="participants.reveal",
        entity_type="participant",
        entity_id=participant.pk,
        region_code=participant.region_code,
        note=f"snapshot {participant.snapshot_id}",
    )
    return participant


@transaction.atomic(durable=True)
def open_quarantine(*, actor: User, snapshot_id: int) -> tuple[Snapshot, IO[bytes]]:
    """Open a snapshot's rejected rows (personal data) for download, audited."""
    _require(actor)
    snapshot = participant_selectors.access_snapshot(actor=actor, snapshot_id=snapshot_id)
    if not snapshot.quarantine:
        raise SnapshotNotFound()
    account_services.record_audit(
        actor=actor,
        action="participants.quarantine_download",
        entity_type="participant_snapshot",
        entity_id=snapshot.pk,
        note=f"{snapshot.rejected_count} rejected rows",
    )
    return snapshot, snapshot.quarantine.open("rb")
