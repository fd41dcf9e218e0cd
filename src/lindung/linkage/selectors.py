"""Reads of reconciliation runs, worker statuses and the review queue, scoped (R12).

Runs and their statuses link registry workers to BPJS participants, so reading them needs
``READ_PARTICIPANTS`` (or ``RECONCILE``). Province-wide roles see everything; a regency
officer sees the runs that cover their regency (their own and the province's) and, inside
them, only the workers living in their regency. Absent and out of scope look the same.

Two reads are system reads, documented where they are: ``registry_frame`` (the workers a
run links) and ``worker_protection`` (the status of a worker the caller already read).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, Perm, has_perm, region_scope_q
from lindung.linkage.errors import ReviewCandidateNotFound, RunNotFound
from lindung.linkage.models import (
    CandidateOutcome,
    LinkDecision,
    MatchType,
    Protection,
    ReconciliationRun,
    ReviewCandidate,
    RunStat,
    RunStatus,
    WorkerStatus,
)
from lindung.participants import selectors as participant_selectors
from lindung.participants.models import Snapshot
from lindung.regions.models import is_within
from lindung.workers import selectors as worker_selectors
from lindung.workers.models import Worker

PAGE_SIZE = 50
REGISTRY_COLUMNS = ("id", "nik", "name", "birth_date", "sex", "region_code", "sector", "segment")
STATUS_COUNT_FIELDS = {
    Protection.COVERED: "covered_count",
    Protection.LAPSED: "lapsed_count",
    Protection.NOT_REGISTERED: "not_registered_count",
    Protection.REVIEW: "review_count",
}
MATCH_COUNT_FIELDS = {
    MatchType.NIK_EXACT: "nik_exact_count",
    MatchType.NIK_NEAR: "nik_near_count",
    MatchType.FUZZY: "fuzzy_count",
    MatchType.REVIEWED: "reviewed_count",
}


# ----------------------------------------------------------------------------- runs


def can_read_runs(actor: User) -> bool:
    """Return whether the actor may see reconciliation results at all."""
    return has_perm(actor, Perm.READ_PARTICIPANTS) or has_perm(actor, Perm.RECONCILE)


def can_reconcile(actor: User) -> bool:
    """Return whether the actor may start runs and decide review pairs."""
    return has_perm(actor, Perm.RECONCILE)


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _province_wide(actor: User) -> bool:
    return actor.role in PROVINCE_WIDE_ROLES


def readable_runs(*, actor: User) -> QuerySet[ReconciliationRun]:
    """Return the runs the actor may see: those of their region and of regions around it."""
    runs = ReconciliationRun.objects.select_related("snapshot", "region", "started_by", "job")
    if not can_read_runs(actor):
        return runs.none()
    if _province_wide(actor):
        return runs
    return runs.filter(
        region_scope_q(actor, "region__code") | Q(region__code__in=_ancestors(actor.region_code))
    )


def access_run(*, actor: User, run_id: object) -> ReconciliationRun:
    """Return one readable run or raise ``RunNotFound``."""
    try:
        return readable_runs(actor=actor).get(pk=int(str(run_id)))
    except (ReconciliationRun.DoesNotExist, ValueError, TypeError):
        raise RunNotFound() from None


def active_run(*, region_code: str, stale_after: timedelta) -> ReconciliationRun | None:
    """Return a waiting or running run of exactly this region, if any.

    A run still waiting or running ``stale_after`` after it was created is taken as lost (its
    worker died) and no longer blocks a new one.
    """
    return (
        ReconciliationRun.objects.filter(
            region_id=region_code,
            status__in=[RunStatus.PENDING, RunStatus.RUNNING],
            created_at__gte=timezone.now() - stale_after,
        )
        .order_by("-pk")
        .first()
    )


def run_for_job(*, job_id: str) -> ReconciliationRun:
    """Return the run a background job executes (system use: the task)."""
    return ReconciliationRun.objects.select_related("snapshot", "region", "started_by").get(
        job_id=job_id
    )


def run_by_id(*, run_id: int) -> ReconciliationRun:
    """Return a run by id without scoping (system use: the service that executes it)."""
    return ReconciliationRun.objects.select_related("snapshot", "region", "started_by").get(
        pk=run_id
    )


def latest_finished_run(
    *, region_code: str = "", on_or_before: date | None = None
) -> ReconciliationRun | None:
    """Return the newest finished run (newest snapshot first) covering ``region_code`` (its
    own run or an ancestor's), on an extract dated up to ``on_or_before`` if given."""
    runs = ReconciliationRun.objects.filter(status=RunStatus.FINISHED).select_related(
        "snapshot", "region"
    )
    if region_code:
        runs = runs.filter(Q(region_id=region_code) | Q(region_id__in=_ancestors(region_code)))
    if on_or_before is not None:
        runs = runs.filter(snapshot__extract_date__lte=on_or_before)
    return runs.order_by("-snapshot__extract_date", "-finished_at", "-pk").first()


def reconcilable_snapshots() -> QuerySet[Snapshot]:
    """Return the loaded snapshots a run may use, newest first (metadata only)."""
    return participant_selectors.loaded_snapshots()


# ----------------------------------------------------------------------------- statuses


def readable_statuses(*, actor: User) -> QuerySet[WorkerStatus]:
    """Return the worker statuses the actor may see (their region's workers, readable runs)."""
    statuses = WorkerStatus.objects.filter(run__in=readable_runs(actor=actor).values("pk"))
    if not can_read_runs(actor):
        return statuses.none()
    if _province_wide(actor):
        return statuses
    return statuses.filter(region_scope_q(actor, "region_code"))


def run_statuses(
    *, actor: User, run: ReconciliationRun, status: str = "", region_code: str = ""
) -> QuerySet[WorkerStatus]:
    """Return a run's readable worker statuses, optionally of one status and region."""
    statuses = readable_statuses(actor=actor).filter(run=run)
    if status:
        statuses = statuses.filter(status=status)
    if region_code:
        statuses = statuses.filter(
            Q(region_code=region_code) | Q(region_code__startswith=region_code + ".")
        )
    return statuses.select_related("worker", "participant").order_by("worker__name_key", "pk")


def run_counts(*, actor: User, run: ReconciliationRun) -> dict[str, int]:
    """Return a run's counts per status and match type, limited to what the actor may see.

    The run's own totals when the actor's scope covers the run's region; otherwise counted
    over the statuses of the actor's region.
    """
    fields = [*STATUS_COUNT_FIELDS.values(), *MATCH_COUNT_FIELDS.values()]
    if _province_wide(actor) or is_within(run.region_id, actor.region_code):
        counts = {f: int(getattr(run, f)) for f in fields}
        counts["worker_count"] = run.worker_count
        return counts
    scoped = readable_statuses(actor=actor).filter(run=run)
    counts = dict.fromkeys(fields, 0)
    for row in scoped.values("status").annotate(n=Count("pk")).order_by():
        counts[STATUS_COUNT_FIELDS[Protection(row["status"])]] = row["n"]
    linked = scoped.exclude(match_type="").values("match_type").annotate(n=Count("pk"))
    for kind in linked.order_by():
        counts[MATCH_COUNT_FIELDS[MatchType(kind["match_type"])]] = kind["n"]
    counts["worker_count"] = sum(counts[f] for f in STATUS_COUNT_FIELDS.values())
    return counts


def access_status(*, actor: User, run: ReconciliationRun, worker_id: object) -> WorkerStatus:
    """Return one worker's readable status in a run or raise ``RunNotFound``."""
    try:
        return (
            readable_statuses(actor=actor)
            .select_related("worker", "participant", "run")
            .get(run=run, worker_id=int(str(worker_id)))
        )
    except (WorkerStatus.DoesNotExist, ValueError, TypeError):
        raise RunNotFound() from None


# ----------------------------------------------------------------------------- review queue


def review_queue(*, actor: User, run: ReconciliationRun) -> QuerySet[ReviewCandidate]:
    """Return a run's undecided pairs of workers still in review, most likely first."""
    return (
        ReviewCandidate.objects.filter(
            status__in=readable_statuses(actor=actor).filter(run=run, status=Protection.REVIEW),
            outcome=CandidateOutcome.PENDING,
        )
        .select_related("status", "status__worker", "status__worker__region", "participant")
        .order_by("-score", "status_id", "rank")
    )


def access_candidate(*, actor: User, candidate_id: object) -> ReviewCandidate:
    """Return one readable review pair with its worker, participant and run."""
    try:
        return (
            ReviewCandidate.objects.filter(status__in=readable_statuses(actor=actor))
            .select_related(
                "status",
                "status__run",
                "status__run__snapshot",
                "status__run__region",
                "status__worker",
                "status__worker__region",
                "participant",
            )
            .get(pk=int(str(candidate_id)))
        )
    except (ReviewCandidate.DoesNotExist, ValueError, TypeError):
        raise ReviewCandidateNotFound() from None


def status_candidates(*, status: WorkerStatus) -> QuerySet[ReviewCandidate]:
    """Return a status's review candidates (the caller read the status through its scope)."""
    return ReviewCandidate.objects.filter(status=status).select_related("participant")


def decisions_for(*, worker_ids: Iterable[int]) -> list[LinkDecision]:
    """Return the remembered decisions on these workers (system use: a run applies them)."""
    wanted = sorted(set(worker_ids))
    found: list[LinkDecision] = []
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        found += LinkDecision.objects.filter(worker_id__in=chunk).order_by("-decided_at", "-pk")
    return found


def decision_for(*, worker_id: int, kpj: str) -> LinkDecision | None:
    """Return the remembered decision on one worker and KPJ, if any."""
    return LinkDecision.objects.filter(worker_id=worker_id, kpj=kpj).first()


# ----------------------------------------------------------------------------- registry


def registry_frame(*, region_code: str) -> pl.DataFrame:
    """Return the active (not merged) registry workers of a region as a polars frame.

    A system read on behalf of a run, whose region was checked against the user who started
    it when it was created, so a run started by a user who is deactivated before it
    executes still reads the whole region: ``workers.selectors.registry_frame`` in
    ``REGISTRY_COLUMNS``. Dates are ISO text.
    """
    frame = worker_selectors.registry_frame(region_code=region_code)
    return frame.rename({"region_id": "region_code"}).select(REGISTRY_COLUMNS)


# ----------------------------------------------------------------------------- protection


@dataclass(frozen=True)
class WorkerProtection:
    """A worker's protection from the latest finished run that included them."""

    status: str  # a Protection value, or "unknown" when no run included the worker
    label: str
    lapsed_since: date | None = None
    run_id: int | None = None
    run_finished_at: Any = None
    snapshot_date: date | None = None
    score: float | None = None
    match_type: str = ""

    @property
    def is_known(self) -> bool:
        """Return whether a finished run included the worker."""
        return self.status != UNKNOWN


UNKNOWN = "unknown"


def _protection(status: WorkerStatus | None) -> WorkerProtection:
    if status is None:
        return WorkerProtection(status=UNKNOWN, label=str(_("Not yet reconciled")))
    return WorkerProtection(
        status=status.status,
        label=str(Protection(status.status).label),
        lapsed_since=status.lapsed_since,
        run_id=status.run_id,
        run_finished_at=status.run.finished_at,
        snapshot_date=status.run.snapshot.extract_date,
        score=status.score,
        match_type=status.match_type,
    )


def _latest_statuses() -> QuerySet[WorkerStatus]:
    return (
        WorkerStatus.objects.filter(run__status=RunStatus.FINISHED)
        .select_related("run", "run__snapshot")
        .order_by("-run__snapshot__extract_date", "-run__finished_at", "-run_id")
    )


def worker_protection(*, worker: Worker) -> WorkerProtection:
    """Return a worker's status from the latest finished run (newest snapshot) including them.

    A system read for a worker the caller already read through ``access_worker``: the
    status (protected, lapsed since a month, not registered, needs review) is what the
    worker page, the claims and the outreach apps show about a worker they may see.
    """
    return _protection(_latest_statuses().filter(worker=worker).first())


def protection_by_worker(*, worker_ids: Iterable[int]) -> dict[int, WorkerProtection]:
    """Return ``worker_protection`` for many workers at once (unknown ones included)."""
    wanted = sorted(set(worker_ids))
    found: dict[int, WorkerProtection] = {}
    for start in range(0, len(wanted), 900):
        for status in _latest_statuses().filter(worker_id__in=wanted[start : start + 900]):
            found.setdefault(status.worker_id, _protection(status))
    return {w: found.get(w) or _protection(None) for w in wanted}


# ----------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class CoverageRow:
    """Registry coverage of one regency and sector: linked protected workers over all."""

    regency_code: str
    sector: str
    workers: int
    covered: int
    lapsed: int
    not_registered: int
    review: int

    @property
    def percent(self) -> float | None:
        """Return the protected share in percent (None without workers)."""
        return round(100 * self.covered / self.workers, 1) if self.workers else None


def run_stats(*, run: ReconciliationRun, region_code: str = "") -> QuerySet[RunStat]:
    """Return a run's counts (``RunStat``), optionally inside a regency or district."""
    stats = RunStat.objects.filter(run=run)
    if region_code.count(".") == 1:
        stats = stats.filter(regency_code=region_code)
    elif region_code.count(".") >= 2:
        stats = stats.filter(district_code=region_code[:8])
    return stats


@dataclass(frozen=True)
class RegistryCounts:
    """Registry workers of one group in a run, by protection, and NIKs of elsewhere."""

    workers: int = 0
    covered: int = 0
    lapsed: int = 0
    not_registered: int = 0
    review: int = 0
    nik_other_regency: int = 0
    nik_other_district: int = 0


def registry_counts(
    *,
    run: ReconciliationRun,
    region_code: str = "",
    sector: str = "",
    segment: str = "",
    group_by: str | None = None,
) -> dict[str, RegistryCounts]:
    """Return a run's registry counts inside a region (down to districts), optionally grouped.

    ``group_by`` is ``regency_code``, ``district_code``, ``sector`` or ``segment``; without
    it the one key is ``""``. Empty ``sector``/``segment`` mean all. Counts only.
    """
    stats = run_stats(run=run, region_code=region_code)
    if sector:
        stats = stats.filter(sector=sector)
    if segment:
        stats = stats.filter(segment=segment)
    fields = [group_by] if group_by else []
    rows = (
        stats.values(*fields, "status")
        .annotate(
            n=Sum("workers"),
            other_regency=Sum("nik_other_regency"),
            other_district=Sum("nik_other_district"),
        )
        .order_by()
    )
    cells: dict[str, dict[str, int]] = {}
    for row in rows:
        key = str(row[group_by]) if group_by else ""
        cell = cells.setdefault(key, {"nik_other_regency": 0, "nik_other_district": 0})
        cell[str(row["status"])] = cell.get(str(row["status"]), 0) + int(row["n"] or 0)
        cell["nik_other_regency"] += int(row["other_regency"] or 0)
        cell["nik_other_district"] += int(row["other_district"] or 0)
    return {
        key: RegistryCounts(
            workers=sum(cell.get(p, 0) for p in Protection.values),
            covered=cell.get(Protection.COVERED, 0),
            lapsed=cell.get(Protection.LAPSED, 0),
            not_registered=cell.get(Protection.NOT_REGISTERED, 0),
            review=cell.get(Protection.REVIEW, 0),
            nik_other_regency=cell["nik_other_regency"],
            nik_other_district=cell["nik_other_district"],
        )
        for key, cell in cells.items()
    }


def worker_nik(*, worker_id: int) -> str:
    """Return a worker's NIK (system use: moving a reviewed worker between run counts)."""
    return worker_selectors.nik_of(worker_id=worker_id)


def registry_coverage(
    *, run: ReconciliationRun, region_code: str = "", by_sector: bool = True
) -> list[CoverageRow]:
    """Return a run's registry coverage per regency and sector, optionally inside a region.

    Counts only (no personal data): coverage = workers linked to a protected participant
    divided by the registry workers the run included. ``by_sector=False`` totals each
    regency (``sector`` is then empty).
    """
    rows: Iterable[Any]
    if region_code.count(".") >= 3:
        # A village: the run's counts go down to districts, so count its statuses.
        rows = (
            WorkerStatus.objects.filter(run=run, region_code=region_code)
            .annotate(regency=Substr("region_code", 1, 5))
            .values("regency", "sector", "status")
            .annotate(n=Count("pk"))
            .order_by("regency", "sector")
        )
    else:
        rows = (
            run_stats(run=run, region_code=region_code)
            .annotate(regency=F("regency_code"))
            .values("regency", "sector", "status")
            .annotate(n=Sum("workers"))
            .order_by("regency", "sector")
        )
    table: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        key = (row["regency"], row["sector"] if by_sector else "")
        cell = table.setdefault(key, dict.fromkeys(Protection, 0))
        cell[Protection(row["status"])] += row["n"]
    return [
        CoverageRow(
            regency_code=regency,
            sector=sector,
            workers=sum(cell.values()),
            covered=cell[Protection.COVERED],
            lapsed=cell[Protection.LAPSED],
            not_registered=cell[Protection.NOT_REGISTERED],
            review=cell[Protection.REVIEW],
        )
        for (regency, sector), cell in sorted(table.items())
    ]


def scoped_coverage(
    *, actor: User, run: ReconciliationRun, region_code: str = "", by_sector: bool = True
) -> list[CoverageRow]:
    """Return ``registry_coverage`` inside the actor's region (and ``region_code`` if given)."""
    if not is_within(run.region_id, actor.region_code) and not (
        region_code and is_within(region_code, actor.region_code)
    ):
        region_code = actor.region_code
    return registry_coverage(run=run, region_code=region_code, by_sector=by_sector)


# ----------------------------------------------------------------------------- self-check


@dataclass(frozen=True)
class SelfCheckFinding:
    """What the self-check may say: protected, lapsed since a month, or nothing found."""

    outcome: str  # a SelfCheckOutcome value (covered, lapsed, not_found)
    lapsed_since: date | None = None


def self_check_finding(*, nik: str, birth_date: date) -> SelfCheckFinding:
    """Look a NIK and birth date up: the latest snapshot first, then the registry status.

    A system read for the public self-check. A NIK found with another (or no) birth date is
    ``not_found``, exactly like an unknown NIK.
    """
    snapshot = participant_selectors.latest_snapshot()
    if snapshot is not None:
        found = participant_selectors.participants_by_nik(snapshot=snapshot, niks=[nik]).get(nik)
        if found is not None and found.birth_date == birth_date:
            if found.standing == "covered":
                return SelfCheckFinding("covered")
            return SelfCheckFinding("lapsed", found.last_paid_month)
    worker = worker_selectors.existing_active_by_nik(niks=[nik]).get(nik)
    if worker is not None and worker.birth_date == birth_date:
        protection = worker_protection(worker=worker)
        if protection.status == Protection.COVERED:
            return SelfCheckFinding("covered")
        if protection.status == Protection.LAPSED:
            return SelfCheckFinding("lapsed", protection.lapsed_since)
    return SelfCheckFinding("not_found")
