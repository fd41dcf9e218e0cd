"""Reconciliation runs, review decisions, audited reveals and the public self-check (R4, R5).

A run links a region's active registry workers to a loaded participant snapshot with the
linkage engine and gives every worker one status: protected, lapsed (since the last paid
month), not registered, or needs review (a likely pair between the two thresholds).
Reviewers' decisions are remembered per worker and KPJ and applied by every later run:
accepted pairs become links ("reviewed"), rejected pairs never reach the resolution.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.tasks import Task
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm, region_in_scope
from lindung.core import bulk, exports
from lindung.core.errors import FieldError
from lindung.core.i18n import display_date
from lindung.core.masking import mask_birth_date, mask_identifier, mask_name
from lindung.jobs import services as job_services
from lindung.jobs.models import Job
from lindung.linkage import run_stats, selectors
from lindung.linkage.engine import link as engine
from lindung.linkage.errors import (
    CandidateAlreadyDecided,
    ReconcileNotAllowed,
    RunInProgress,
    RunInvalid,
    SelfCheckInvalid,
    SelfCheckLimited,
)
from lindung.linkage.explanations import parse_explanation
from lindung.linkage.models import (
    CandidateOutcome,
    LinkDecision,
    MatchType,
    Protection,
    ReconciliationRun,
    ReviewCandidate,
    RunStat,
    RunStatus,
    SelfCheckLog,
    SelfCheckOutcome,
    WorkerStatus,
)
from lindung.participants import selectors as participant_selectors
from lindung.participants.errors import SnapshotNotFound
from lindung.participants.models import Participant, Snapshot, Standing
from lindung.regions import selectors as region_selectors
from lindung.regions.errors import RegionNotFound
from lindung.regions.models import Region, RegionLevel

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
RUN_LEVELS = frozenset({RegionLevel.PROVINCE, RegionLevel.REGENCY})
ENGINE_FIELDS = ("nik", "name", "birth_date", "sex", "region")
WRITE_BATCH = 2000
_READ, _LINKED, _DONE = 10, 80, 100


def _noop(done: int, total: int, message: str) -> None:
    return None


def default_thresholds() -> tuple[float, float]:
    """Return the (accept, review) thresholds from settings, else the engine's defaults."""
    accept = float(getattr(settings, "LINDUNG_RECONCILE_ACCEPT", engine.DEFAULT_ACCEPT))
    review = float(getattr(settings, "LINDUNG_RECONCILE_REVIEW", engine.DEFAULT_REVIEW))
    return accept, review


def _require(actor: User | None, perm: Perm) -> None:
    if actor is not None and not has_perm(actor, perm):
        raise ReconcileNotAllowed()


# ----------------------------------------------------------------------------- starting runs


@dataclass(frozen=True)
class _Checked:
    snapshot: Snapshot
    region: Region
    accept: float
    review: float


def _check(
    *,
    actor: User | None,
    snapshot_id: object,
    region_code: str,
    accept: float | None,
    review: float | None,
) -> _Checked:
    """Check every input of a run and raise once with all the problems found."""
    errors: list[FieldError] = []
    snapshot: Snapshot | None = None
    try:
        snapshot = participant_selectors.access_snapshot(
            actor=actor, snapshot_id=int(str(snapshot_id))
        )
    except (SnapshotNotFound, ValueError, TypeError):
        errors.append(
            FieldError(
                ("snapshot",),
                _("Snapshot %(id)s does not exist.") % {"id": snapshot_id},
                "not_found",
            )
        )
    if snapshot is not None and not snapshot.is_loaded:
        errors.append(
            FieldError(
                ("snapshot",),
                _("The snapshot of %(date)s has not finished loading; choose a loaded one.")
                % {"date": display_date(snapshot.extract_date)},
                "not_loaded",
            )
        )
    region: Region | None = None
    try:
        region = region_selectors.get_region(code=region_code)
    except RegionNotFound:
        errors.append(
            FieldError(
                ("region",),
                _("Region %(code)s does not exist.") % {"code": region_code},
                "not_found",
            )
        )
    if region is not None and region.level not in RUN_LEVELS:
        errors.append(
            FieldError(
                ("region",),
                _("Reconcile the whole province or one regency, not a %(level)s.")
                % {"level": region.get_level_display().lower()},
                "invalid_level",
            )
        )
    elif region is not None and actor is not None and not region_in_scope(actor, region.code):
        errors.append(
            FieldError(("region",), _("This region is outside your own region."), "out_of_scope")
        )
    default_accept, default_review = default_thresholds()
    accept = default_accept if accept is None else accept
    review = default_review if review is None else review
    if not 0 < accept <= 1:
        errors.append(
            FieldError(("accept",), _("The accept threshold must be above 0 and at most 1."))
        )
    if not 0 < review <= 1:
        errors.append(
            FieldError(("review",), _("The review threshold must be above 0 and at most 1."))
        )
    elif review > accept:
        errors.append(
            FieldError(
                ("review",), _("The review threshold cannot be higher than the accept threshold.")
            )
        )
    if errors or snapshot is None or region is None:
        raise RunInvalid(errors=errors)
    return _Checked(snapshot=snapshot, region=region, accept=accept, review=review)


def _create_run(*, actor: User | None, checked: _Checked) -> ReconciliationRun:
    stale = timedelta(hours=float(getattr(settings, "LINDUNG_RECONCILE_STALE_HOURS", 6)))
    if selectors.active_run(region_code=checked.region.code, stale_after=stale) is not None:
        raise RunInProgress(params={"region": checked.region.name})
    run = ReconciliationRun.objects.create(
        snapshot=checked.snapshot,
        region=checked.region,
        accept_threshold=checked.accept,
        review_threshold=checked.review,
        started_by=actor,
    )
    account_services.record_audit(
        actor=actor,
        action="reconciliation.start",
        entity_type="reconciliation_run",
        entity_id=run.pk,
        region_code=checked.region.code,
        changes={
            "after": {
                "snapshot": checked.snapshot.pk,
                "extract_date": checked.snapshot.extract_date.isoformat(),
                "region": checked.region.code,
                "accept": checked.accept,
                "review": checked.review,
            }
        },
    )
    return run


def _title(checked: _Checked) -> str:
    return _("Reconciliation of %(region)s with the snapshot of %(date)s") % {
        "region": checked.region.name,
        "date": display_date(checked.snapshot.extract_date),
    }


@transaction.atomic(durable=True)
def start_reconciliation(
    *,
    actor: User,
    snapshot_id: object,
    region_code: str,
    task: Task[[str], Any],
    accept: float | None = None,
    review: float | None = None,
) -> ReconciliationRun:
    """Start a run as a background job (after commit); RECONCILE roles only, audited."""
    if not has_perm(actor, Perm.RECONCILE):
        raise ReconcileNotAllowed()
    checked = _check(
        actor=actor, snapshot_id=snapshot_id, region_code=region_code, accept=accept, review=review
    )
    run = _create_run(actor=actor, checked=checked)
    run.job = job_services.create_job(
        actor=actor,
        kind="linkage.reconcile",
        title=_title(checked),
        task=task,
        params={"run": run.pk},
        region_code=checked.region.code,
    )
    run.save(update_fields=["job"])
    return run


@transaction.atomic(durable=True)
def create_run(
    *,
    actor: User | None,
    snapshot_id: object,
    region_code: str,
    accept: float | None = None,
    review: float | None = None,
) -> ReconciliationRun:
    """Record a run to execute in this process (the command); ``None`` is the system."""
    _require(actor, Perm.RECONCILE)
    checked = _check(
        actor=actor, snapshot_id=snapshot_id, region_code=region_code, accept=accept, review=review
    )
    return _create_run(actor=actor, checked=checked)


def reconcile(
    *,
    actor: User | None,
    snapshot_id: object,
    region_code: str,
    accept: float | None = None,
    review: float | None = None,
    progress: Progress = _noop,
) -> ReconciliationRun:
    """Reconcile now, in this process: record the run, then execute it (the command)."""
    run = create_run(
        actor=actor, snapshot_id=snapshot_id, region_code=region_code, accept=accept, review=review
    )
    return execute_run(run_id=run.pk, progress=progress)


def run_reconciliation_job(*, job_id: str) -> Job:
    """Execute the run of a background job, recording progress and the result on the job."""
    run = selectors.run_for_job(job_id=job_id)

    def work(job: Job, progress: job_services.ProgressReporter) -> dict[str, Any]:
        return run_summary(execute_run(run_id=run.pk, progress=progress))

    return job_services.run_job(job_id, work)


def run_summary(run: ReconciliationRun) -> dict[str, Any]:
    """Return a finished run's counts (the job result and the command's JSON)."""
    return {
        "run": run.pk,
        "workers": run.worker_count,
        "participants": run.participant_count,
        "covered": run.covered_count,
        "lapsed": run.lapsed_count,
        "not_registered": run.not_registered_count,
        "review": run.review_count,
        "nik_exact": run.nik_exact_count,
        "nik_near": run.nik_near_count,
        "fuzzy": run.fuzzy_count,
        "reviewed": run.reviewed_count,
    }


# ----------------------------------------------------------------------------- executing runs


@dataclass
class _Link:
    participant: int
    score: float | None
    match_type: str
    explanation: dict[str, Any]


@dataclass
class _Outcome:
    workers: pl.DataFrame
    participant_count: int
    standing: dict[int, tuple[str, date | None]]
    links: dict[int, _Link] = field(default_factory=dict)
    review: dict[int, list[_Link]] = field(default_factory=dict)
    # Workers with an accepted decision on a KPJ of this snapshot: (participant, decision).
    accepted: dict[int, tuple[int, LinkDecision]] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def _engine_side(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series, set[str]]:
    """Map a registry or participant frame onto the engine's fields."""
    side = frame.select(
        "id",
        "nik",
        "name",
        "birth_date",
        "sex",
        # Regions compare at district level (the engine's finest level) on both sides.
        pl.col("region_code").str.slice(0, 8).alias("region"),
    )
    mapping: engine.FieldMap = {f: (f,) for f in ENGINE_FIELDS}
    if side.get_column("birth_date").null_count() == side.height:
        mapping.pop("birth_date")  # no birth dates at all: nothing to compare
    raw, ids = engine.to_raw(side, id_column="id", mapping=mapping)
    return raw, ids, set(mapping)


def _decided(
    workers: pl.DataFrame, kpj_to_id: dict[str, int], standing: dict[int, tuple[str, date | None]]
) -> tuple[dict[int, tuple[int, LinkDecision]], pl.DataFrame]:
    """Return the accepted (participant, decision) per worker and the rejected pairs."""
    accepted: dict[int, tuple[int, LinkDecision]] = {}
    rejected: list[tuple[int, int]] = []
    for decision in selectors.decisions_for(worker_ids=workers.get_column("id").to_list()):
        participant = kpj_to_id.get(decision.kpj)
        if participant is None:
            continue  # the KPJ is not in this snapshot
        if not decision.accepted:
            rejected.append((decision.worker_id, participant))
            continue
        held = accepted.get(decision.worker_id)
        # Two accepted KPJs of one worker (two cards): the protected one wins, then the newest.
        if held is None or (
            standing[held[0]][0] != Standing.COVERED
            and standing[participant][0] == Standing.COVERED
        ):
            accepted[decision.worker_id] = (participant, decision)
    exclude = pl.DataFrame(
        rejected, schema={"left_id": pl.Int64, "right_id": pl.Int64}, orient="row"
    )
    return accepted, exclude


def _link(run: ReconciliationRun, progress: Progress) -> _Outcome:
    progress(0, _DONE, _("Reading the registry and the snapshot"))
    workers = selectors.registry_frame(region_code=run.region_id)
    participants = participant_selectors.snapshot_frame(snapshot=run.snapshot)
    standing = {
        pid: (st, date.fromisoformat(paid) if paid else None)
        for pid, st, paid in participants.select("id", "standing", "last_paid_month").iter_rows()
    }
    kpj_to_id = dict(participants.select("kpj", "id").iter_rows())
    outcome = _Outcome(workers=workers, participant_count=participants.height, standing=standing)
    outcome.accepted, exclude = _decided(workers, kpj_to_id, standing)
    progress(
        _READ,
        _DONE,
        _("Linking %(workers)s workers to %(participants)s participants")
        % {"workers": f"{workers.height:,}", "participants": f"{participants.height:,}"},
    )
    if workers.height and participants.height:
        left, left_ids, left_fields = _engine_side(workers)
        right, right_ids, right_fields = _engine_side(participants)

        def step(name: str, done: int, total: int) -> None:
            progress(
                _READ + (_LINKED - _READ) * done // max(total, 1),
                _DONE,
                _("Linking: %(step)s") % {"step": name},
            )

        result = engine.link_frames(
            left,
            right,
            left_ids=left_ids,
            right_ids=right_ids,
            left_fields=left_fields,
            right_fields=right_fields,
            options=engine.LinkOptions(accept=run.accept_threshold, review=run.review_threshold),
            progress=step,
            exclude=exclude,
        )
        for (wid, pid, score, kind), text in zip(
            result.matches.iter_rows(), result.match_explanations, strict=True
        ):
            outcome.links[wid] = _Link(pid, score, kind, parse_explanation(text))
        for wid, pid, score, kind, text in result.review.iter_rows():
            outcome.review.setdefault(wid, []).append(
                _Link(pid, score, kind, parse_explanation(text))
            )
        outcome.model = result.model.as_dict()
        outcome.timings = {k: round(v, 3) for k, v in result.timings.items()}
    return outcome


def _reviewed_link(
    worker_id: int, decision: LinkDecision, participant: int, outcome: _Outcome
) -> _Link:
    """Return an accepted decision as a link, with the engine's evidence when it has some."""
    evidence = outcome.links.get(worker_id)
    if evidence is None or evidence.participant != participant:
        evidence = next(
            (c for c in outcome.review.get(worker_id, []) if c.participant == participant), None
        )
    explanation = dict(evidence.explanation) if evidence else {"fields": []}
    explanation["decision"] = {
        "decided_at": decision.decided_at.isoformat(),
        "decided_by": decision.decided_by.get_username() if decision.decided_by else "",
    }
    return _Link(participant, evidence.score if evidence else None, MatchType.REVIEWED, explanation)


# The columns of a worker's status, in the order ``_status_values`` returns them.
STATUS_SCHEMA: dict[str, Any] = {
    "worker_id": pl.Int64,
    "status": pl.String,
    "participant_id": pl.Int64,
    "score": pl.Float64,
    "match_type": pl.String,
    "explanation": pl.String,  # JSON text
    "lapsed_since": pl.Date,
    "region_code": pl.String,
    "sector": pl.String,
    "segment": pl.String,
}


def _status_values(
    worker: dict[str, Any], link: _Link | None, outcome: _Outcome
) -> tuple[Any, ...]:
    """Return one worker's status in the run as ``STATUS_SCHEMA`` values."""
    status, participant, score, match_type = Protection.NOT_REGISTERED, None, None, ""
    explanation: dict[str, Any] = {}
    lapsed_since: date | None = None
    if link is not None:
        standing, paid = outcome.standing[link.participant]
        participant, score = link.participant, link.score
        match_type, explanation = link.match_type, link.explanation
        if standing == Standing.COVERED:
            status = Protection.COVERED
        else:
            status, lapsed_since = Protection.LAPSED, paid
    elif worker["id"] in outcome.review:
        best = outcome.review[worker["id"]][0]
        status, score, explanation = Protection.REVIEW, best.score, best.explanation
    return (
        worker["id"],
        str(status),
        participant,
        score,
        str(match_type),
        json.dumps(explanation, cls=DjangoJSONEncoder),
        lapsed_since,
        worker["region_code"],
        worker["sector"],
        worker["segment"],
    )


@transaction.atomic(durable=True)
def _store(run: ReconciliationRun, outcome: _Outcome, progress: Progress) -> None:
    """Write every worker's status and the review candidates, then the run's counts.

    The statuses are appended column-wise (``core.bulk``): at 2M workers the ORM's
    ``bulk_create`` spent most of the run building SQL.
    """
    values = []
    for worker in outcome.workers.iter_rows(named=True):
        decided = outcome.accepted.get(worker["id"])
        if decided is not None:
            link: _Link | None = _reviewed_link(worker["id"], decided[1], decided[0], outcome)
        else:
            link = outcome.links.get(worker["id"])
        values.append(_status_values(worker, link, outcome))
    statuses = pl.DataFrame(values, schema=STATUS_SCHEMA, orient="row")
    total = statuses.height
    progress(_LINKED, _DONE, _("Saving %(total)s statuses") % {"total": f"{total:,}"})
    bulk.copy_frame(
        WorkerStatus._meta.db_table,
        statuses.select(
            bulk.reserve_ids(WorkerStatus._meta.db_table, total),
            pl.lit(run.pk, pl.Int64).alias("run_id"),
            pl.all(),
            pl.lit(bulk.stored_now()).alias("updated_at"),
        ),
    )
    progress(
        _DONE - 1,
        _DONE,
        _("Saved %(done)s of %(total)s statuses") % {"done": f"{total:,}", "total": f"{total:,}"},
    )
    in_review = dict(
        WorkerStatus.objects.filter(run=run, status=Protection.REVIEW).values_list(
            "worker_id", "pk"
        )
    )
    candidates = [
        ReviewCandidate(
            status_id=status_id,
            participant_id=c.participant,
            rank=rank,
            score=c.score or 0.0,
            match_type=c.match_type,
            explanation=c.explanation,
        )
        for worker_id, status_id in in_review.items()
        for rank, c in enumerate(outcome.review[worker_id], start=1)
    ]
    ReviewCandidate.objects.bulk_create(candidates, batch_size=WRITE_BATCH)
    _store_stats(run, outcome.workers, statuses)
    counts = dict.fromkeys(
        (*selectors.STATUS_COUNT_FIELDS.values(), *selectors.MATCH_COUNT_FIELDS.values()), 0
    )
    for status, n in statuses.group_by("status").len().iter_rows():
        counts[selectors.STATUS_COUNT_FIELDS[Protection(status)]] += n
    linked = statuses.filter(pl.col("match_type") != "")
    for match_type, n in linked.group_by("match_type").len().iter_rows():
        counts[selectors.MATCH_COUNT_FIELDS[MatchType(match_type)]] += n
    for name, value in counts.items():
        setattr(run, name, value)
    run.worker_count = total
    run.participant_count = outcome.participant_count
    run.model_parameters = outcome.model
    run.timings = outcome.timings
    run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            *counts,
            "worker_count",
            "participant_count",
            "model_parameters",
            "timings",
            "status",
            "finished_at",
        ]
    )
    account_services.record_audit(
        actor=run.started_by,
        action="reconciliation.finish",
        entity_type="reconciliation_run",
        entity_id=run.pk,
        region_code=run.region_id,
        changes={"after": run_summary(run)},
    )


def _store_stats(run: ReconciliationRun, workers: pl.DataFrame, statuses: pl.DataFrame) -> None:
    """Write the run's counts by district, sector, segment and protection (``RunStat``)."""
    frame = statuses.select(pl.col("worker_id").alias("id"), "status").join(
        workers.select("id", "nik", "region_code", "sector", "segment"), on="id", how="left"
    )
    groups = run_stats.counts_frame(frame).iter_rows(named=True)
    RunStat.objects.bulk_create(
        [RunStat(run=run, **group) for group in groups], batch_size=WRITE_BATCH
    )


def _move_stat(status: WorkerStatus, nik: str, before: str) -> None:
    """Move one worker's count from the ``before`` protection to its current one."""
    group = run_stats.groups_of(nik=nik, region_code=status.region_code)
    key = {
        "run_id": status.run_id,
        "district_code": group.district_code,
        "sector": status.sector,
        "segment": status.segment,
    }
    moves = {
        "workers": 1,
        "nik_other_regency": int(group.nik_other_regency),
        "nik_other_district": int(group.nik_other_district),
    }
    RunStat.objects.filter(**key, status=before).update(
        **{name: F(name) - n for name, n in moves.items()}
    )
    stat, _created = RunStat.objects.get_or_create(
        **key, status=status.status, defaults={"regency_code": group.regency_code}
    )
    RunStat.objects.filter(pk=stat.pk).update(**{name: F(name) + n for name, n in moves.items()})


def _fail(run: ReconciliationRun, exc: Exception) -> None:
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    ReconciliationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error_message=str(message)[:2000]
    )
    with transaction.atomic():
        account_services.record_audit(
            actor=run.started_by,
            action="reconciliation.fail",
            entity_type="reconciliation_run",
            entity_id=run.pk,
            region_code=run.region_id,
            note=str(message),
        )


def execute_run(*, run_id: int, progress: Progress = _noop) -> ReconciliationRun:
    """Link a waiting run's workers, store every status and finish it (or mark it failed)."""
    run = selectors.run_by_id(run_id=run_id)
    if run.status != RunStatus.PENDING:
        return run  # delivered twice: the first delivery owns it
    started = timezone.now()
    ReconciliationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=started)
    run.status, run.started_at = RunStatus.RUNNING, started
    try:
        _store(run, _link(run, progress), progress)
    except Exception as exc:
        logger.exception("Reconciliation run %s failed", run.pk)
        _fail(run, exc)
        raise
    progress(_DONE, _DONE, _("Finished"))
    return selectors.run_by_id(run_id=run.pk)


# ----------------------------------------------------------------------------- review


def _count_delta(run_id: int, deltas: dict[str, int]) -> None:
    ReconciliationRun.objects.filter(pk=run_id).update(
        **{name: F(name) + delta for name, delta in deltas.items() if delta}
    )


@transaction.atomic(durable=True)
def decide_candidate(*, actor: User, candidate_id: object, accept: bool) -> WorkerStatus:
    """Decide a review pair: same person (a link) or not; remembered for later runs, audited.

    The worker's status in the run changes at once: accepted, it becomes protected or
    lapsed by the participant's standing; rejected, it stays in review while other
    candidates wait, and becomes not registered when none is left.
    """
    if not has_perm(actor, Perm.RECONCILE):
        raise ReconcileNotAllowed()
    candidate = selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    status = WorkerStatus.objects.select_for_update().get(pk=candidate.status_id)
    if status.status != Protection.REVIEW or candidate.outcome != CandidateOutcome.PENDING:
        raise CandidateAlreadyDecided()
    participant: Participant = candidate.participant
    now = timezone.now()
    LinkDecision.objects.update_or_create(
        worker_id=status.worker_id,
        kpj=participant.kpj,
        defaults={
            "accepted": accept,
            "run_id": status.run_id,
            "decided_by": actor,
            "decided_at": now,
        },
    )
    candidate.outcome = CandidateOutcome.ACCEPTED if accept else CandidateOutcome.REJECTED
    candidate.save(update_fields=["outcome"])
    before = account_services.snapshot(status, ("status", "participant_id", "match_type"))
    deltas: dict[str, int] = {}
    if accept:
        status.participant = participant
        status.score = candidate.score
        status.match_type = MatchType.REVIEWED
        status.explanation = {
            **candidate.explanation,
            "decision": {"decided_at": now.isoformat(), "decided_by": actor.get_username()},
        }
        if participant.standing == Standing.COVERED:
            status.status, status.lapsed_since = Protection.COVERED, None
        else:
            status.status, status.lapsed_since = Protection.LAPSED, participant.last_paid_month
        deltas = {
            "review_count": -1,
            selectors.STATUS_COUNT_FIELDS[Protection(status.status)]: 1,
            "reviewed_count": 1,
        }
    elif not status.candidates.filter(outcome=CandidateOutcome.PENDING).exists():
        status.status = Protection.NOT_REGISTERED
        status.score = None
        deltas = {"review_count": -1, "not_registered_count": 1}
    status.save(
        update_fields=[
            "status",
            "participant",
            "score",
            "match_type",
            "explanation",
            "lapsed_since",
            "updated_at",
        ]
    )
    _count_delta(status.run_id, deltas)
    if status.status != before["status"]:
        _move_stat(status, selectors.worker_nik(worker_id=status.worker_id), before["status"])
    after = account_services.snapshot(status, ("status", "participant_id", "match_type"))
    changes = account_services.diff_fields(before, after)
    changes["decision"] = {"kpj": participant.kpj, "accepted": accept, "score": candidate.score}
    account_services.record_audit(
        actor=actor,
        action="reconciliation.accept" if accept else "reconciliation.reject",
        entity_type="worker_status",
        entity_id=status.pk,
        region_code=status.region_code,
        changes=changes,
    )
    return status


@transaction.atomic(durable=True)
def reveal_candidate(*, actor: User, candidate_id: object) -> ReviewCandidate:
    """Return a review pair for unmasked display; the worker and participant reveals are audited."""
    if not has_perm(actor, Perm.REVEAL_PERSONAL_DATA):
        raise ReconcileNotAllowed()
    candidate = selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    note = f"reconciliation review {candidate.pk}"
    account_services.record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="worker",
        entity_id=candidate.status.worker_id,
        region_code=candidate.status.region_code,
        note=note,
    )
    account_services.record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="participant",
        entity_id=candidate.participant_id,
        region_code=candidate.participant.region_code,
        note=note,
    )
    return candidate


# ----------------------------------------------------------------------------- self-check


@dataclass(frozen=True)
class SelfCheckLimits:
    per_ip: int
    per_nik: int
    window_seconds: int


def self_check_limits() -> SelfCheckLimits:
    """Return the self-check rate limits from settings (checks per window, per IP and NIK)."""
    return SelfCheckLimits(
        per_ip=int(getattr(settings, "LINDUNG_SELF_CHECK_PER_IP", 20)),
        per_nik=int(getattr(settings, "LINDUNG_SELF_CHECK_PER_NIK", 5)),
        window_seconds=int(getattr(settings, "LINDUNG_SELF_CHECK_WINDOW_SECONDS", 3600)),
    )


def keyed_hash(value: str, purpose: str) -> str:
    """Return an HMAC-SHA256 of a value under SECRET_KEY (never reversible without the key)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _over_limit(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def clean_nik(raw: str) -> str:
    """Return a NIK as typed without spaces and dots."""
    return "".join(ch for ch in (raw or "") if ch not in " .-")


@transaction.atomic(durable=True)
def _log_self_check(*, nik_hash: str, ip_hash: str, outcome: str, via_api: bool) -> None:
    SelfCheckLog.objects.create(
        nik_hash=nik_hash, ip_hash=ip_hash, outcome=outcome, via_api=via_api
    )


def self_check(
    *, nik: str, birth_date: date | None, ip: str | None, via_api: bool = False
) -> selectors.SelfCheckFinding:
    """Answer a worker's own check: protected, lapsed since a month, or not found.

    Rate-limited per address and per NIK; every check (refused ones too) is logged with
    keyed hashes, never the NIK. "Not found" and "wrong birth date" are the same answer.
    """
    nik = clean_nik(nik)
    errors: list[FieldError] = []
    if len(nik) != 16 or not nik.isdigit():
        errors.append(FieldError(("nik",), _("A NIK has exactly 16 digits."), "invalid"))
    if birth_date is None:
        errors.append(FieldError(("birth_date",), _("Enter your birth date."), "required"))
    elif birth_date > timezone.localdate() or birth_date.year < 1900:
        errors.append(FieldError(("birth_date",), _("This birth date is not possible."), "invalid"))
    if errors or birth_date is None:
        raise SelfCheckInvalid(errors=errors)
    limits = self_check_limits()
    nik_hash = keyed_hash(nik, "self-check-nik")
    ip_hash = keyed_hash(ip, "self-check-ip") if ip else ""
    over = _over_limit(f"self-check:nik:{nik_hash}", limits.per_nik, limits.window_seconds)
    if ip_hash:
        over = _over_limit(f"self-check:ip:{ip_hash}", limits.per_ip, limits.window_seconds) or over
    if over:
        _log_self_check(
            nik_hash=nik_hash, ip_hash=ip_hash, outcome=SelfCheckOutcome.LIMITED, via_api=via_api
        )
        raise SelfCheckLimited(params={"minutes": max(1, limits.window_seconds // 60)})
    finding = selectors.self_check_finding(nik=nik, birth_date=birth_date)
    _log_self_check(nik_hash=nik_hash, ip_hash=ip_hash, outcome=finding.outcome, via_api=via_api)
    return finding


# ----------------------------------------------------------------------------- export


def _masked(value: object, mask: Callable[[str], str], unmasked: bool) -> str:
    if value in (None, ""):
        return ""
    return str(value) if unmasked else mask(str(value))


@transaction.atomic(durable=True)
def export_run_results(
    *,
    actor: User,
    run_id: int,
    status: str = "",
    region_code: str = "",
    unmasked: bool = False,
) -> exports.Table[WorkerStatus]:
    """Return a run's worker statuses as an export table, masked unless asked and allowed.

    Unmasked exports need ``EXPORT_PERSONAL_DATA``; every export is audited with its
    filters, and the rows are those the actor may read (region scope).
    """
    if not selectors.can_read_runs(actor):
        raise ReconcileNotAllowed()
    if unmasked and not has_perm(actor, Perm.EXPORT_PERSONAL_DATA):
        raise ReconcileNotAllowed()
    run = selectors.access_run(actor=actor, run_id=run_id)
    rows = selectors.run_statuses(actor=actor, run=run, status=status, region_code=region_code)
    account_services.record_audit(
        actor=actor,
        action="reconciliation.export",
        entity_type="reconciliation_run",
        entity_id=run.pk,
        region_code=region_code or run.region_id,
        changes={"after": {"unmasked": unmasked, "status": status, "region": region_code}},
    )

    def birth(s: WorkerStatus) -> str:
        value = s.worker.birth_date
        if value is None:
            return ""
        return value.isoformat() if unmasked else mask_birth_date(value.isoformat())

    columns: list[exports.Column[WorkerStatus]] = [
        exports.Column("id_pekerja", lambda s: s.worker_id, exports.Kind.INTEGER),
        exports.Column("nik", lambda s: _masked(s.worker.nik, mask_identifier, unmasked)),
        exports.Column("nama", lambda s: _masked(s.worker.name, mask_name, unmasked), width=30),
        exports.Column("tanggal_lahir", birth),
        exports.Column("kode_wilayah", lambda s: s.region_code),
        exports.Column("sektor", lambda s: s.sector),
        exports.Column("segmen", lambda s: s.segment),
        exports.Column("status", lambda s: s.status),
        exports.Column("tidak_aktif_sejak", lambda s: s.lapsed_since, exports.Kind.DATE),
        exports.Column(
            "kpj",
            lambda s: _masked(
                s.participant.kpj if s.participant else "", mask_identifier, unmasked
            ),
        ),
        exports.Column(
            "probabilitas",
            lambda s: Decimal(str(round(s.score, 4))) if s.score is not None else None,
            exports.Kind.DECIMAL,
        ),
        exports.Column("cara_taut", lambda s: s.match_type),
    ]
    return exports.Table(
        title=_("Reconciliation %(run)s") % {"run": run.pk},
        columns=columns,
        rows=rows.iterator(chunk_size=2000),
        notes=(
            _("BPJS extract of %(date)s; personal data %(state)s.")
            % {
                "date": run.snapshot.extract_date.isoformat(),
                "state": _("unmasked (recorded in the audit trail)") if unmasked else _("masked"),
            },
        ),
    )
