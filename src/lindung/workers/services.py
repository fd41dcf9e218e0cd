"""Writes of the worker registry: registration, updates, project links, reveals, duplicate
proposals and merges. Each public use case is one durable transaction with its audit rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.accounts.permissions import Perm, has_perm, region_in_scope
from lindung.core import bulk
from lindung.core.errors import FieldError, LindungError
from lindung.core.masking import mask_birth_date, mask_identifier, mask_name, mask_phone
from lindung.projects import selectors as project_selectors
from lindung.projects.models import Project
from lindung.regions.models import Region, RegionLevel
from lindung.rules.identifiers import validate_nik
from lindung.workers import duplicates, selectors
from lindung.workers.errors import (
    CandidateAlreadyDecided,
    MergeNotAllowed,
    NikAlreadyRegistered,
    WorkerActionNotAllowed,
    WorkerInvalid,
)
from lindung.workers.models import (
    CandidateStatus,
    DuplicateCandidate,
    NikStatus,
    Sector,
    Segment,
    SexChoice,
    Source,
    Worker,
    WorkerMerge,
    WorkerProjectLink,
)
from lindung.workers.names import first_token, normalise_name

REGISTER_ROLES = frozenset(
    {
        Role.PROVINCIAL_ADMIN,
        Role.REGENCY_OFFICER,
        Role.BPJS_OFFICER,
        Role.VILLAGE_CADRE,
        Role.CONTRACTOR,
        Role.AGENCY_USER,
    }
)
# Roles that only see workers through their projects must register them onto a project.
PROJECT_BOUND_ROLES = frozenset({Role.CONTRACTOR, Role.AGENCY_USER})
REGION_BOUND_ROLES = frozenset({Role.REGENCY_OFFICER, Role.VILLAGE_CADRE})
DECIDE_ROLES = frozenset({Role.PROVINCIAL_ADMIN, Role.REGENCY_OFFICER, Role.BPJS_OFFICER})
WRITE_FIELDS = (
    "nik",
    "nik_status",
    "nik_issues",
    "name",
    "name_key",
    "birth_date",
    "sex",
    "phone",
    "region",
    "occupation",
    "sector",
    "segment",
    "updated_at",
)
# Duplicate proposal thresholds on rapidfuzz's token_sort_ratio (0-100) of normalised names.
SAME_BIRTH_DATE_MIN_SCORE = duplicates.SAME_BIRTH_DATE_MIN_SCORE
NO_BIRTH_DATE_MIN_SCORE = duplicates.NO_BIRTH_DATE_MIN_SCORE


# ----------------------------------------------------------------------------- NIK


@dataclass(frozen=True)
class NikAssessment:
    """A NIK as the registry sees it: value, status, problems and what it encodes."""

    value: str
    status: NikStatus
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    birth_date: date | None = None
    sex: str = ""
    region_code: str = ""


def known_region_codes() -> frozenset[str]:
    """Return the regency and district codes a NIK's region part is checked against."""
    return frozenset(
        Region.objects.filter(level__in=[RegionLevel.REGENCY, RegionLevel.DISTRICT]).values_list(
            "code", flat=True
        )
    )


def assess_nik(
    raw: str,
    *,
    today: date,
    known_regions: Collection[str] | None = None,
    birth_date: date | None = None,
    sex: str = "",
) -> NikAssessment:
    """Validate a NIK with ``lindung.rules``; missing or invalid is flagged, never refused.

    A birth date or sex that disagrees with the NIK is a warning (a data-quality flag).
    """
    text = (raw or "").strip()
    if not text:
        return NikAssessment(value="", status=NikStatus.MISSING, codes=("nik_missing",))
    lang = "en" if (translation_language() or "id").startswith("en") else "id"
    check = validate_nik(text, reference_date=today, known_regions=known_regions)
    errors = tuple(issue.message(lang) for issue in check.errors)
    warnings = [issue.message(lang) for issue in check.warnings]
    codes = [str(issue.code) for issue in (*check.errors, *check.warnings)]
    if check.valid:
        if birth_date is not None and check.birth_date and birth_date != check.birth_date:
            warnings.append(_("The birth date differs from the one in the NIK."))
            codes.append("nik_birth_date_mismatch")
        if sex and check.sex and sex != str(check.sex):
            warnings.append(_("The sex differs from the one in the NIK."))
            codes.append("nik_sex_mismatch")
    return NikAssessment(
        value=check.value if check.value else text[:32],
        status=NikStatus.VALID if check.valid else NikStatus.INVALID,
        errors=errors,
        warnings=tuple(warnings),
        codes=tuple(codes),
        birth_date=check.birth_date if check.valid else None,
        sex=str(check.sex) if check.valid and check.sex else "",
        region_code=check.region_code or "" if check.valid else "",
    )


def translation_language() -> str | None:
    """Return the active language code (a seam for tests)."""
    from django.utils.translation import get_language

    return get_language()


# ----------------------------------------------------------------------------- input


@dataclass
class WorkerInput:
    """What a form, the API or an import row gives for one worker."""

    name: str
    region_code: str
    nik: str = ""
    birth_date: date | None = None
    sex: str = ""
    phone: str = ""
    occupation: str = ""
    sector: str = Sector.OTHER
    segment: str = Segment.BPU
    source: str = ""


@dataclass
class PreparedWorker:
    """A checked input: the worker to write, its NIK assessment and every problem found."""

    worker: Worker
    nik: NikAssessment
    errors: list[FieldError] = field(default_factory=list)


def _default_source(actor: User | None) -> str:
    if actor is None:
        return Source.IMPORT
    if actor.role == Role.VILLAGE_CADRE:
        return Source.CADRE_REGISTRATION
    if actor.role == Role.CONTRACTOR:
        return Source.CONTRACTOR_ROSTER
    return Source.IMPORT


def prepare_worker(
    *,
    actor: User | None,
    data: WorkerInput,
    today: date,
    regions: dict[str, Region] | None = None,
    known_regions: Collection[str] | None = None,
    into: Worker | None = None,
) -> PreparedWorker:
    """Check one input without writing; ``regions`` and ``known_regions`` avoid per-row queries."""
    errors: list[FieldError] = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(FieldError(("name",), _("The name is required."), "required"))
    elif len(name) > 200:
        errors.append(FieldError(("name",), _("The name is too long."), "too_long"))
    code = data.region_code.strip()
    region = (
        regions.get(code)
        if regions is not None
        else Region.objects.defer("boundary").filter(code=code).first()
    )
    if region is None or region.level != RegionLevel.VILLAGE:
        errors.append(
            FieldError(
                ("region_code",),
                _("Choose the domicile village (a village code such as 61.71.01.1001)."),
                "unknown_region",
            )
        )
    elif (
        actor is not None
        and actor.role in REGION_BOUND_ROLES
        and not region_in_scope(actor, region.code)
    ):
        errors.append(
            FieldError(
                ("region_code",),
                _("The village lies outside your region (%(region)s).")
                % {"region": actor.region_code},
                "out_of_scope",
            )
        )
    for loc, value, choices in (
        ("sector", data.sector, Sector.values),
        ("segment", data.segment, Segment.values),
        ("sex", data.sex, ["", *SexChoice.values]),
        ("source", data.source, ["", *Source.values]),
    ):
        if value not in choices:
            errors.append(
                FieldError((loc,), _("Not an allowed value: %(value)s.") % {"value": value})
            )
    if data.birth_date is not None and data.birth_date > today:
        errors.append(FieldError(("birth_date",), _("The birth date is in the future."), "future"))
    phone = data.phone.strip().replace(" ", "").replace("-", "")
    if phone and not (phone.lstrip("+").isdigit() and 8 <= len(phone) <= 16):
        errors.append(FieldError(("phone",), _("Not a phone number."), "invalid"))
    nik = assess_nik(
        data.nik,
        today=today,
        known_regions=known_regions,
        birth_date=data.birth_date,
        sex=data.sex,
    )
    worker = into or Worker(registered_by=actor if actor is not None else None)
    worker.name = name
    worker.name_key = normalise_name(name)[:200]
    worker.nik = nik.value
    worker.nik_status = nik.status
    worker.nik_issues = list(nik.codes)
    worker.birth_date = data.birth_date or nik.birth_date
    worker.sex = data.sex or nik.sex
    worker.phone = phone
    if region is not None:
        worker.region = region
    worker.occupation = data.occupation.strip()[:120]
    worker.sector = data.sector
    worker.segment = data.segment
    if into is None:
        worker.source = data.source or _default_source(actor)
    return PreparedWorker(worker=worker, nik=nik, errors=errors)


def audit_view(worker: Worker) -> dict[str, Any]:
    """Return the audited fields with personal data masked (the audit trail is not a copy)."""
    return {
        "nik": mask_identifier(worker.nik),
        "nik_status": worker.nik_status,
        "name": mask_name(worker.name),
        "birth_date": mask_birth_date(worker.birth_date),
        "sex": worker.sex,
        "phone": mask_phone(worker.phone),
        "region_id": worker.region_id,
        "occupation": worker.occupation,
        "sector": worker.sector,
        "segment": worker.segment,
        "source": worker.source,
    }


def _require(actor: User, roles: Collection[str]) -> None:
    if not actor.is_authenticated or not actor.is_active or actor.role not in roles:
        raise WorkerActionNotAllowed()


def _readable_project(
    actor: User, project_id: int | None, errors: list[FieldError]
) -> Project | None:
    if project_id is None:
        return None
    try:
        return project_selectors.access_project(actor=actor, project_id=project_id)
    except LindungError:
        errors.append(FieldError(("project_id",), _("Project not found."), "not_found"))
        return None


# ----------------------------------------------------------------------------- use cases


@transaction.atomic(durable=True)
def register_worker(
    *,
    actor: User,
    data: WorkerInput,
    project_id: int | None = None,
    project_role: str = "",
    start_date: date | None = None,
) -> Worker:
    """Register a worker (a NIK already in the registry is refused) and propose duplicates."""
    return register_worker_in_transaction(
        actor=actor,
        data=data,
        project_id=project_id,
        project_role=project_role,
        start_date=start_date,
    )


def register_worker_in_transaction(
    *,
    actor: User,
    data: WorkerInput,
    project_id: int | None = None,
    project_role: str = "",
    start_date: date | None = None,
) -> Worker:
    """Register a worker inside the caller's use-case transaction (e.g. at an outreach event).

    The same checks, audit row and duplicate proposals as ``register_worker``.
    """
    _require(actor, REGISTER_ROLES)
    today = timezone.localdate()
    prepared = prepare_worker(
        actor=actor, data=data, today=today, known_regions=known_region_codes()
    )
    errors = prepared.errors
    project = _readable_project(actor, project_id, errors)
    if actor.role in PROJECT_BOUND_ROLES and project is None and project_id is None:
        errors.append(
            FieldError(("project_id",), _("Choose the project the worker works on."), "required")
        )
    if errors:
        raise WorkerInvalid(errors=errors)
    worker = prepared.worker
    if worker.nik_status == NikStatus.VALID and selectors.existing_active_by_nik(niks=[worker.nik]):
        raise NikAlreadyRegistered(
            errors=[FieldError(("nik",), _("This NIK is already registered."), "duplicate")]
        )
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        raise NikAlreadyRegistered() from None
    account_services.record_audit(
        actor=actor,
        action="worker.create",
        entity_type="worker",
        entity_id=worker.pk,
        region_code=worker.region_id,
        changes=account_services.diff_fields({}, audit_view(worker)),
    )
    if project is not None:
        _link(actor, worker, project, project_role, start_date, None)
    propose_duplicates(workers=[worker])
    return worker


@transaction.atomic(durable=True)
def update_worker(*, actor: User, worker_id: int, data: WorkerInput) -> Worker:
    """Change a worker's details (re-checking the NIK); audited with masked before/after."""
    _require(actor, REGISTER_ROLES)
    current = selectors.access_worker(actor=actor, worker_id=worker_id)
    if current.is_merged:
        raise MergeNotAllowed(params={"reason": _("the record was merged into another.")})
    worker = Worker.objects.select_for_update().get(pk=current.pk)
    before = audit_view(worker)
    prepared = prepare_worker(
        actor=actor,
        data=data,
        today=timezone.localdate(),
        known_regions=known_region_codes(),
        into=worker,
    )
    if prepared.errors:
        raise WorkerInvalid(errors=prepared.errors)
    if worker.nik_status == NikStatus.VALID:
        other = selectors.existing_active_by_nik(niks=[worker.nik]).get(worker.nik)
        if other is not None and other.pk != worker.pk:
            raise NikAlreadyRegistered(
                errors=[FieldError(("nik",), _("This NIK is already registered."), "duplicate")]
            )
    after = audit_view(worker)
    if after == before and worker.nik_issues == current.nik_issues:
        return worker
    worker.save(update_fields=list(WRITE_FIELDS))
    account_services.record_audit(
        actor=actor,
        action="worker.update",
        entity_type="worker",
        entity_id=worker.pk,
        region_code=worker.region_id,
        changes=account_services.diff_fields(before, after),
    )
    propose_duplicates(workers=[worker])
    return worker


def _link(
    actor: User | None,
    worker: Worker,
    project: Project,
    role: str,
    start_date: date | None,
    end_date: date | None,
) -> WorkerProjectLink:
    link, created = WorkerProjectLink.objects.get_or_create(
        worker=worker,
        project=project,
        defaults={"role": role.strip()[:100], "start_date": start_date, "end_date": end_date},
    )
    before = (
        {}
        if created
        else {"role": link.role, "start_date": link.start_date, "end_date": link.end_date}
    )
    if not created:
        link.role = role.strip()[:100] or link.role
        link.start_date = start_date or link.start_date
        link.end_date = end_date or link.end_date
        link.save(update_fields=["role", "start_date", "end_date", "updated_at"])
    after = {"role": link.role, "start_date": link.start_date, "end_date": link.end_date}
    account_services.record_audit(
        actor=actor,
        action="worker.link_project",
        entity_type="worker",
        entity_id=worker.pk,
        region_code=worker.region_id,
        changes=account_services.diff_fields(before, after | {"project_id": project.pk}),
    )
    return link


@transaction.atomic(durable=True)
def link_to_project(
    *,
    actor: User,
    worker_id: int,
    project_id: int,
    role: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
) -> WorkerProjectLink:
    """Record that a worker works on a project, with the role and dates (or update them)."""
    _require(actor, REGISTER_ROLES)
    worker = selectors.access_worker(actor=actor, worker_id=worker_id)
    project = project_selectors.access_project(actor=actor, project_id=project_id)
    if worker.is_merged:
        raise MergeNotAllowed(params={"reason": _("the record was merged into another.")})
    if start_date and end_date and end_date < start_date:
        raise WorkerInvalid(
            errors=[FieldError(("end_date",), _("The end is before the start."), "date_order")]
        )
    return _link(actor, worker, project, role, start_date, end_date)


@transaction.atomic(durable=True)
def reveal_worker(*, actor: User, worker_id: int) -> Worker:
    """Return a worker for display unmasked; only allowed roles, and the reveal is audited."""
    if not has_perm(actor, Perm.REVEAL_PERSONAL_DATA):
        raise WorkerActionNotAllowed()
    worker = selectors.access_worker(actor=actor, worker_id=worker_id)
    account_services.record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="worker",
        entity_id=worker.pk,
        region_code=worker.region_id,
        note="nik,name,birth_date,phone",
    )
    return worker


@transaction.atomic(durable=True)
def reveal_candidate(*, actor: User, candidate_id: int) -> DuplicateCandidate:
    """Return a proposal for side-by-side review unmasked; both reveals are audited."""
    if not has_perm(actor, Perm.REVEAL_PERSONAL_DATA):
        raise WorkerActionNotAllowed()
    candidate = selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    for worker in (candidate.worker_a, candidate.worker_b):
        account_services.record_audit(
            actor=actor,
            action="personal_data.reveal",
            entity_type="worker",
            entity_id=worker.pk,
            region_code=worker.region_id,
            note=f"duplicate review {candidate.pk}",
        )
    return candidate


@transaction.atomic(durable=True)
def record_worker_export(
    *, actor: User, filters: dict[str, Any], rows: int, unmasked: bool
) -> None:
    """Audit an export of the registry; unmasked exports need the export permission."""
    if unmasked and not has_perm(actor, Perm.EXPORT_PERSONAL_DATA):
        raise WorkerActionNotAllowed()
    account_services.record_audit(
        actor=actor,
        action="worker.export_unmasked" if unmasked else "worker.export",
        entity_type="worker",
        region_code=actor.region_code,
        changes={"filters": filters, "rows": rows, "unmasked": unmasked},
    )


def bulk_create_workers(workers: Sequence[Worker]) -> list[Worker]:
    """Insert checked workers in the caller's transaction (imports and demo data)."""
    return Worker.objects.bulk_create(workers, batch_size=2000)


def bulk_create_links(links: Sequence[WorkerProjectLink]) -> list[WorkerProjectLink]:
    """Insert project links in the caller's transaction, skipping pairs already linked."""
    return WorkerProjectLink.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)


# ----------------------------------------------------------------------------- bulk (system)

# The columns a registry frame gives ``bulk_insert_registry``; ``nik_issues``, ``phone`` and
# ``occupation`` are optional (derived from the NIK status, or blank).
REGISTRY_COLUMNS: dict[str, type[pl.DataType]] = {
    "nik": pl.String,
    "nik_status": pl.String,
    "name": pl.String,
    "name_key": pl.String,
    "birth_date": pl.Date,
    "sex": pl.String,
    "region_id": pl.String,
    "sector": pl.String,
    "segment": pl.String,
    "source": pl.String,
}
LINK_COLUMNS: dict[str, type[pl.DataType]] = {
    "worker_id": pl.Int64,
    "project_id": pl.Int64,
    "role": pl.String,
    "start_date": pl.Date,
}
_CHOICES = {
    "nik_status": NikStatus.values,
    "sex": ["", *SexChoice.values],
    "sector": Sector.values,
    "segment": Segment.values,
    "source": Source.values,
}


def _frame_for(frame: pl.DataFrame, columns: dict[str, type[pl.DataType]]) -> pl.DataFrame:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise ValueError(f"bulk insert: missing columns {missing}")
    return frame.with_columns(pl.col(name).cast(kind) for name, kind in columns.items())


def bulk_insert_registry(frame: pl.DataFrame) -> pl.Series:
    """Insert checked registry rows column-wise in the caller's transaction; return their ids.

    System use (demo data, benchmarks): no actor, no audit rows, no duplicate proposals
    (run ``scan_duplicates`` afterwards). The ids are in the frame's row order. Values
    outside the model's choices raise ``ValueError``; a valid NIK already active raises
    Django's ``IntegrityError`` and nothing is written once the caller rolls back.
    """
    rows = _frame_for(frame, REGISTRY_COLUMNS)
    for name, allowed in _CHOICES.items():
        bad = rows.filter(~pl.col(name).is_in(list(allowed)))[name].unique().to_list()
        if bad:
            raise ValueError(f"bulk insert: {name} not allowed: {sorted(map(str, bad))[:5]}")
    status = pl.col("nik_status")
    if "nik_issues" in rows.columns:
        given = pl.col("nik_issues").cast(pl.List(pl.String))
        issues = (
            pl.when(given.list.len() > 0)
            .then(pl.format('["{}"]', given.list.join('", "')))
            .otherwise(pl.lit("[]"))
        )
    else:
        issues = (
            pl.when(status == NikStatus.VALID)
            .then(pl.lit("[]"))
            .otherwise(pl.format('["nik_{}"]', status))
        )
    ids = bulk.reserve_ids(Worker._meta.db_table, rows.height)
    stamp = bulk.stored_now()
    table = rows.select(
        ids,
        pl.lit(stamp).alias("created_at"),
        pl.lit(stamp).alias("updated_at"),
        pl.col("nik").fill_null(""),
        status,
        issues.alias("nik_issues"),
        *(pl.col(c).fill_null("") for c in ("name", "name_key")),
        pl.col("birth_date"),
        pl.col("sex").fill_null(""),
        *(
            (pl.col(c).cast(pl.String) if c in rows.columns else pl.lit(None, pl.String))
            .fill_null("")
            .alias(c)
            for c in ("phone", "occupation")
        ),
        pl.col("region_id"),
        *(pl.col(c) for c in ("sector", "segment", "source")),
    )
    if table.height:
        bulk.copy_frame(Worker._meta.db_table, table)
    return ids


def bulk_insert_links(frame: pl.DataFrame) -> int:
    """Insert new project links (``LINK_COLUMNS``) in the caller's transaction; return how many.

    System use, like ``bulk_insert_registry``: a pair already linked raises ``IntegrityError``.
    """
    rows = _frame_for(frame, LINK_COLUMNS)
    if rows.height == 0:
        return 0
    stamp = bulk.stored_now()
    table = rows.select(
        bulk.reserve_ids(WorkerProjectLink._meta.db_table, rows.height),
        pl.lit(stamp).alias("created_at"),
        pl.lit(stamp).alias("updated_at"),
        pl.col("worker_id"),
        pl.col("project_id"),
        pl.col("role").fill_null("").str.slice(0, 100),
        pl.col("start_date"),
        (
            pl.col("end_date").cast(pl.Date)
            if "end_date" in rows.columns
            else pl.lit(None, pl.Date)
        ).alias("end_date"),
    )
    bulk.copy_frame(WorkerProjectLink._meta.db_table, table)
    return table.height


# ----------------------------------------------------------------------------- duplicates


def _rows(workers: Iterable[Worker]) -> list[duplicates.Row]:
    return [
        duplicates.Row(w.pk, w.name_key, w.birth_date, w.region_id, w.nik, w.nik_status)
        for w in workers
    ]


def propose_duplicates(*, workers: Sequence[Worker]) -> list[DuplicateCandidate]:
    """Propose review pairs for these workers against the active registry (caller's transaction).

    Blocking: same birth date anywhere, or same regency and first name word. Pairs already
    proposed (pending, merged or rejected) are not proposed again.
    """
    targets = _rows(w for w in workers if w.merged_into_id is None)
    if not targets:
        return []
    births = {t.birth_date for t in targets if t.birth_date is not None}
    regencies = {t.regency for t in targets}
    active = Worker.objects.filter(merged_into__isnull=True).only(
        "pk", "name_key", "birth_date", "region_id", "nik", "nik_status"
    )
    pool_by_pk: dict[int, Worker] = {w.pk: w for w in active.filter(birth_date__in=births)}
    for regency in regencies:
        tokens = {first_token(t.name_key) for t in targets if t.regency == regency}
        for token in tokens:
            for w in active.filter(
                region__code__startswith=regency + ".", name_key__contains=token
            ):
                pool_by_pk[w.pk] = w
    return _save_pairs(duplicates.pairs(targets, _rows(pool_by_pk.values())))


def _save_pairs(found: duplicates.Pairs) -> list[DuplicateCandidate]:
    if not found:
        return []
    known: set[tuple[int, int]] = set()
    pks = sorted({pk for pair in found for pk in pair})
    for start in range(0, len(pks), 2000):
        chunk = pks[start : start + 2000]
        known.update(
            DuplicateCandidate.objects.filter(worker_a__in=chunk).values_list(
                "worker_a_id", "worker_b_id"
            )
        )
    new = [
        DuplicateCandidate(worker_a_id=a, worker_b_id=b, score=score, reasons=reasons)
        for (a, b), (score, reasons) in sorted(found.items())
        if (a, b) not in known
    ]
    return DuplicateCandidate.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)


def _active_scan_frame() -> pl.DataFrame:
    """Return the active registry's ``duplicates.SCAN_COLUMNS`` as a polars frame."""
    query = (
        Worker.objects.filter(merged_into__isnull=True)
        .order_by()
        .values_list(*duplicates.SCAN_COLUMNS)
        .query
    )
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        # The DB-API cursor's rows as they are: Django's per-value converters cost seconds.
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(
        rows,
        schema={
            "pk": pl.Int64,
            "name_key": pl.String,
            "birth_date": pl.Date,
            "region_id": pl.String,
            "nik": pl.String,
            "nik_status": pl.String,
        },
        orient="row",
    )


def scan_duplicates() -> tuple[int, int]:
    """Propose pairs across the whole active registry in the caller's transaction.

    Return how many pairs were proposed and how many records were scanned.
    """
    frame = _active_scan_frame()
    return len(_save_pairs(duplicates.scan_pairs(frame))), frame.height


@transaction.atomic(durable=True)
def find_duplicate_candidates(*, actor: User | None) -> int:
    """Scan the whole active registry for suspected duplicates; return how many were proposed.

    ``None`` is the system (a scheduled job); users need a role that decides duplicates.
    """
    if actor is not None:
        _require(actor, DECIDE_ROLES)
    proposed, scanned = scan_duplicates()
    account_services.record_audit(
        actor=actor,
        action="worker.find_duplicates",
        entity_type="duplicate_candidate",
        region_code=actor.region_code if actor is not None else "",
        changes={"after": {"proposed": proposed, "scanned": scanned}},
    )
    return proposed


@transaction.atomic(durable=True)
def reject_candidate(*, actor: User, candidate_id: int) -> DuplicateCandidate:
    """Decide that a proposed pair is two different people; audited."""
    _require(actor, DECIDE_ROLES)
    candidate = selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    if candidate.status != CandidateStatus.PENDING:
        raise CandidateAlreadyDecided()
    candidate.status = CandidateStatus.REJECTED
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    account_services.record_audit(
        actor=actor,
        action="worker.duplicate_reject",
        entity_type="duplicate_candidate",
        entity_id=candidate.pk,
        region_code=candidate.worker_a.region_id,
        changes={"after": {"worker_a": candidate.worker_a_id, "worker_b": candidate.worker_b_id}},
    )
    return candidate


FILLABLE = ("nik", "birth_date", "sex", "phone", "occupation")


@transaction.atomic(durable=True)
def merge_workers(
    *, actor: User, survivor_id: int, absorbed_id: int, candidate_id: int | None = None
) -> WorkerMerge:
    """Merge two records of one person: the absorbed one is kept, marked merged, with history.

    The survivor takes the absorbed record's project links and fills its blank fields
    (including a valid NIK it lacks). Two different valid NIKs are two people: refused.
    """
    _require(actor, DECIDE_ROLES)
    first = selectors.access_worker(actor=actor, worker_id=survivor_id)
    second = selectors.access_worker(actor=actor, worker_id=absorbed_id)
    candidate = None
    if candidate_id is not None:
        candidate = selectors.access_candidate(actor=actor, candidate_id=candidate_id)
        if {candidate.worker_a_id, candidate.worker_b_id} != {first.pk, second.pk}:
            raise MergeNotAllowed(params={"reason": _("the proposal is about other records.")})
        if candidate.status != CandidateStatus.PENDING:
            raise CandidateAlreadyDecided()
    if first.pk == second.pk:
        raise MergeNotAllowed(params={"reason": _("a record cannot absorb itself.")})
    locked = {
        w.pk: w for w in Worker.objects.select_for_update().filter(pk__in=[first.pk, second.pk])
    }
    survivor, absorbed = locked[first.pk], locked[second.pk]
    if survivor.is_merged or absorbed.is_merged:
        raise MergeNotAllowed(params={"reason": _("one of the records was already merged.")})
    if (
        survivor.nik_status == absorbed.nik_status == NikStatus.VALID
        and survivor.nik != absorbed.nik
    ):
        raise MergeNotAllowed(params={"reason": _("the two records have different valid NIKs.")})
    survivor_before = audit_view(survivor)
    absorbed_snapshot = {
        "nik": absorbed.nik,
        "nik_status": absorbed.nik_status,
        "name": absorbed.name,
        "birth_date": absorbed.birth_date.isoformat() if absorbed.birth_date else None,
        "sex": absorbed.sex,
        "phone": absorbed.phone,
        "region_id": absorbed.region_id,
        "occupation": absorbed.occupation,
        "sector": absorbed.sector,
        "segment": absorbed.segment,
        "source": absorbed.source,
    }
    now = timezone.now()
    absorbed.merged_into = survivor
    absorbed.merged_at = now
    absorbed.save(update_fields=["merged_into", "merged_at", "updated_at"])
    take_nik = survivor.nik_status != NikStatus.VALID and absorbed.nik_status == NikStatus.VALID
    if take_nik:
        survivor.nik, survivor.nik_status = absorbed.nik, absorbed.nik_status
        survivor.nik_issues = absorbed.nik_issues
    for name in FILLABLE[1:]:
        if not getattr(survivor, name) and getattr(absorbed, name):
            setattr(survivor, name, getattr(absorbed, name))
    survivor.save(update_fields=list(WRITE_FIELDS))
    moved: list[dict[str, Any]] = []
    survivor_projects = set(
        WorkerProjectLink.objects.filter(worker=survivor).values_list("project_id", flat=True)
    )
    for link in WorkerProjectLink.objects.filter(worker=absorbed):
        if link.project_id in survivor_projects:
            moved.append({"link": link.pk, "project": link.project_id, "kept": "survivor"})
            continue
        link.worker = survivor
        link.save(update_fields=["worker", "updated_at"])
        moved.append({"link": link.pk, "project": link.project_id, "kept": "moved"})
    merge = WorkerMerge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        candidate=candidate,
        absorbed_snapshot=absorbed_snapshot,
        survivor_before=survivor_before,
        moved_links=moved,
        merged_by=actor,
    )
    if candidate is not None:
        candidate.status = CandidateStatus.MERGED
        candidate.decided_by = actor
        candidate.decided_at = now
        candidate.save(update_fields=["status", "decided_by", "decided_at"])
    account_services.record_audit(
        actor=actor,
        action="worker.merge",
        entity_type="worker",
        entity_id=survivor.pk,
        region_code=survivor.region_id,
        changes={
            **account_services.diff_fields(survivor_before, audit_view(survivor)),
            "absorbed": absorbed.pk,
            "merge": merge.pk,
            "moved_links": moved,
        },
    )
    return merge
