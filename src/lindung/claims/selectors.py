"""Reads of claim cases, each through ``readable_cases`` (R12): role, region and project.

Absent and out-of-scope cases raise the same ``ClaimNotFound``, so existence never leaks.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, region_scope_q
from lindung.claims import workflow
from lindung.claims.errors import (
    BeneficiaryNotFound,
    ClaimNotFound,
    HandoverNotFound,
    StoryNotFound,
)
from lindung.claims.models import (
    BenefitStory,
    ClaimBeneficiary,
    ClaimCase,
    ClaimDocument,
    ClaimStatus,
    ClaimStep,
    Handover,
)
from lindung.projects import selectors as project_selectors
from lindung.projects.models import Project, Stage
from lindung.regions.models import Region, RegionLevel
from lindung.regulations import selectors as regulation_selectors
from lindung.rules.calendar import WorkingCalendar
from lindung.workers import selectors as worker_selectors
from lindung.workers.models import Worker

PAGE_SIZE = 50
OPEN_STATUSES = (
    ClaimStatus.REPORTED,
    ClaimStatus.DOCUMENTS_COMPLETE,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
)


def readable_cases(*, actor: User) -> QuerySet[ClaimCase]:
    """Return the claim cases the actor may see.

    Province-wide roles see all; regency officers and cadres the cases whose event, worker's
    domicile or project lies in their region; agency/PPK users and contractors the cases on
    the projects they may read.
    """
    cases = ClaimCase.objects.all()
    if not actor.is_authenticated or not actor.is_active:
        return cases.none()
    if actor.role in PROVINCE_WIDE_ROLES:
        return cases
    if actor.role in {Role.REGENCY_OFFICER, Role.VILLAGE_CADRE}:
        return cases.filter(
            region_scope_q(actor, "event_region__code")
            | region_scope_q(actor, "worker__region__code")
            | region_scope_q(actor, "project__region__code")
        )
    if actor.role in {Role.CONTRACTOR, Role.AGENCY_USER}:
        projects = project_selectors.readable_projects(actor=actor).values("pk")
        return cases.filter(project__in=projects)
    return cases.none()


def access_case(*, actor: User, case_id: object) -> ClaimCase:
    """Return one readable case with its worker, places and project, or raise ClaimNotFound."""
    try:
        return (
            readable_cases(actor=actor)
            .select_related(
                "worker",
                "worker__region",
                "event_region",
                "event_region__parent",
                "project",
                "project__ppk",
                "project__region",
                "recorded_by",
            )
            .defer(
                "event_region__boundary",
                "event_region__parent__boundary",
                "worker__region__boundary",
                "project__region__boundary",
            )
            .get(pk=int(str(case_id)))
        )
    except (ClaimCase.DoesNotExist, ValueError, TypeError):
        raise ClaimNotFound() from None


# ----------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class CaseFilters:
    """The list filters; ``query`` matches the case or BPJS claim number."""

    claim_type: str = ""
    status: str = ""
    regency: str = ""
    overdue: bool = False
    unprotected: bool = False
    query: str = ""
    project_id: int | None = None
    worker_id: int | None = None


@dataclass
class CalendarContext:
    """Each regency's working-day calendar, built once for every case judged on ``today``."""

    today: date
    calendars: dict[str, WorkingCalendar] = field(default_factory=dict)

    def calendar(self, regency: str, first_year: int) -> WorkingCalendar:
        """Return the regency's working-day calendar from FIRST_YEAR to this year."""
        first = min(first_year, self.today.year - 1)
        key = f"{regency}:{first}"
        if key not in self.calendars:
            self.calendars[key] = regulation_selectors.working_calendar(
                years=range(first, self.today.year + 1), region_code=regency
            )
        return self.calendars[key]


def calendar_context(*, today: date) -> CalendarContext:
    """Return a context that builds each regency's working-day calendar once."""
    return CalendarContext(today=today)


def regency_codes() -> list[str]:
    """Return the codes of the province's regencies and cities."""
    return list(
        Region.objects.filter(level=RegionLevel.REGENCY)
        .order_by("code")
        .values_list("code", flat=True)
    )


def overdue_q(*, today: date, context: CalendarContext | None = None) -> Q:
    """Return a filter keeping open cases that stayed at their step longer than its limit."""
    ctx = context or calendar_context(today=today)
    limits = workflow.step_limits()
    first_year = workflow.calendar_years(today, limits)[0]
    condition = Q(pk__in=[])
    for regency in regency_codes():
        calendar = ctx.calendar(regency, first_year)
        for status, limit in limits.items():
            cutoff = workflow.overdue_cutoff(today=today, limit=limit, calendar=calendar)
            condition |= Q(
                status=status,
                status_on__lte=cutoff,
                event_region__code__startswith=regency + ".",
            )
    return condition


def case_list(
    *, actor: User, filters: CaseFilters | None = None, today: date
) -> QuerySet[ClaimCase]:
    """Return readable cases matching the filters, newest event first, with their places."""
    f = filters or CaseFilters()
    cases = (
        readable_cases(actor=actor)
        .select_related("worker", "event_region", "event_region__parent", "project")
        .defer(
            "event_region__boundary",
            "event_region__parent__boundary",
            "expected_detail",
            "protection_detail",
        )
    )
    if f.claim_type:
        cases = cases.filter(claim_type=f.claim_type)
    if f.status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif f.status:
        cases = cases.filter(status=f.status)
    if f.regency:
        cases = cases.filter(
            Q(event_region__code=f.regency) | Q(event_region__code__startswith=f.regency + ".")
        )
    if f.unprotected:
        cases = cases.filter(protected_at_event=False)
    if f.query:
        text = f.query.strip()
        cases = cases.filter(Q(reference__icontains=text) | Q(bpjs_claim_number__icontains=text))
    if f.project_id:
        cases = cases.filter(project_id=f.project_id)
    if f.worker_id:
        cases = cases.filter(worker_id=f.worker_id)
    if f.overdue:
        cases = cases.filter(overdue_q(today=today))
    return cases.order_by("-event_date", "-pk")


def overdue_for(
    cases: Sequence[ClaimCase], *, today: date, context: CalendarContext | None = None
) -> dict[int, workflow.Overdue]:
    """Return each open case's time at its step against the limit (closed cases are left out)."""
    ctx = context or calendar_context(today=today)
    limits = workflow.step_limits()
    result: dict[int, workflow.Overdue] = {}
    for case in cases:
        if case.status not in limits:
            continue
        since = min(case.status_on, today)
        calendar = ctx.calendar(case.regency_code, since.year)
        found = workflow.overdue_at_step(
            status=case.status, status_on=since, today=today, calendar=calendar, limits=limits
        )
        if found is not None:
            result[case.pk] = found
    return result


# ----------------------------------------------------------------------------- one case


def case_steps(*, case: ClaimCase) -> list[ClaimStep]:
    """Return a readable case's step history, oldest first, with who moved each step."""
    return list(ClaimStep.objects.filter(case=case).select_related("moved_by").order_by("on", "id"))


def case_documents(*, case: ClaimCase) -> list[ClaimDocument]:
    """Return a readable case's document checklist in display order."""
    return list(
        ClaimDocument.objects.filter(case=case).select_related("checked_by").order_by("position")
    )


def case_beneficiaries(*, case: ClaimCase) -> list[ClaimBeneficiary]:
    """Return a readable case's heirs and children in order."""
    return list(ClaimBeneficiary.objects.filter(case=case).order_by("position", "id"))


def access_beneficiary(*, case: ClaimCase, beneficiary_id: object) -> ClaimBeneficiary:
    """Return one beneficiary of a readable case, or raise ``BeneficiaryNotFound``."""
    try:
        return ClaimBeneficiary.objects.get(case=case, pk=int(str(beneficiary_id)))
    except (ClaimBeneficiary.DoesNotExist, ValueError, TypeError):
        raise BeneficiaryNotFound() from None


def missing_documents(*, case: ClaimCase) -> list[ClaimDocument]:
    """Return the case's required documents that are not ticked yet."""
    return list(
        ClaimDocument.objects.filter(case=case, required=True, received=False).order_by("position")
    )


def case_handovers(*, case: ClaimCase) -> list[Handover]:
    """Return the handover ceremonies that covered a readable case."""
    return list(case.handovers.select_related("region").defer("region__boundary"))


def case_stories(*, case: ClaimCase) -> list[BenefitStory]:
    """Return the stories written about a readable case."""
    return list(BenefitStory.objects.filter(case=case).select_related("written_by"))


def duplicate_case(*, worker_id: int, claim_type: str, event_date: date) -> ClaimCase | None:
    """Return a case (not rejected) for the same worker, type and event date (unscoped)."""
    return (
        ClaimCase.objects.filter(worker_id=worker_id, claim_type=claim_type, event_date=event_date)
        .exclude(status=ClaimStatus.REJECTED)
        .first()
    )


def case_for_notice(*, case_id: int) -> ClaimCase | None:
    """Return a case with its project and PPK user, unscoped: for notices after a commit."""
    return (
        ClaimCase.objects.select_related("project", "project__ppk__user").filter(pk=case_id).first()
    )


def references_with_prefix(*, prefix: str) -> int:
    """Return how many case numbers start with PREFIX (for numbering, unscoped)."""
    return ClaimCase.objects.filter(reference__startswith=prefix).count()


# ----------------------------------------------------------------------------- form menus


def find_workers(*, actor: User, query: str, limit: int = 10) -> list[Worker]:
    """Return up to LIMIT readable active workers matching a NIK (exactly) or a name."""
    text = query.strip()
    if len(text) < 3:
        return []
    digits = text.replace(" ", "").replace(".", "")
    filters = (
        worker_selectors.WorkerFilters(nik=digits)
        if digits.isdigit()
        else worker_selectors.WorkerFilters(query=text)
    )
    return list(worker_selectors.worker_list(actor=actor, filters=filters)[:limit])


def access_worker(*, actor: User, worker_id: object) -> Worker:
    """Return a readable worker for a case (``WorkerNotFound`` otherwise)."""
    return worker_selectors.access_worker(actor=actor, worker_id=worker_id)


def event_villages() -> QuerySet[Region]:
    """Return the villages an event may be placed in, with their districts."""
    return (
        Region.objects.filter(level=RegionLevel.VILLAGE)
        .select_related("parent")
        .defer("boundary", "parent__boundary")
        .order_by("code")
    )


def claim_projects(*, actor: User) -> QuerySet[Project]:
    """Return the readable projects an accident may be recorded on (contracted or later)."""
    return (
        project_selectors.readable_projects(actor=actor)
        .exclude(stage__in=[Stage.PLANNED, Stage.CANCELLED])
        .only("pk", "name", "region_id")
        .order_by("name", "pk")
    )


def regencies() -> QuerySet[Region]:
    """Return the regencies and cities, for filters."""
    return Region.objects.filter(level=RegionLevel.REGENCY).defer("boundary").order_by("code")


# ----------------------------------------------------------------------------- handovers, stories


def readable_handovers(*, actor: User) -> QuerySet[Handover]:
    """Return the handovers covering at least one case the actor may read."""
    cases = readable_cases(actor=actor).values("pk")
    return (
        Handover.objects.filter(cases__in=cases)
        .distinct()
        .select_related("region", "recorded_by")
        .defer("region__boundary")
    )


def access_handover(*, actor: User, handover_id: object) -> Handover:
    """Return one readable handover or raise ``HandoverNotFound``."""
    try:
        return readable_handovers(actor=actor).get(pk=int(str(handover_id)))
    except (Handover.DoesNotExist, ValueError, TypeError):
        raise HandoverNotFound() from None


def handover_cases(*, actor: User, handover: Handover) -> list[ClaimCase]:
    """Return the cases of a handover that the actor may read."""
    return list(
        readable_cases(actor=actor)
        .filter(handovers=handover)
        .select_related("worker", "event_region")
        .defer("event_region__boundary")
        .order_by("reference")
    )


def paid_total(cases: Sequence[ClaimCase]) -> Decimal:
    """Return the sum of the amounts paid for CASES."""
    return sum((case.amount_paid or Decimal(0) for case in cases), Decimal(0))


def handover_candidates(*, actor: User) -> QuerySet[ClaimCase]:
    """Return readable approved or paid cases, the ones a ceremony can hand over."""
    return (
        readable_cases(actor=actor)
        .filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID])
        .select_related("event_region")
        .defer("event_region__boundary", "expected_detail", "protection_detail")
        .order_by("-status_on", "-pk")
    )


def access_story(*, actor: User, case: ClaimCase, story_id: object) -> BenefitStory:
    """Return one story of a readable case, or raise ``StoryNotFound``."""
    try:
        return BenefitStory.objects.get(case=case, pk=int(str(story_id)))
    except (BenefitStory.DoesNotExist, ValueError, TypeError):
        raise StoryNotFound() from None


def public_stories() -> QuerySet[BenefitStory]:
    """Return the stories marked publishable on paid cases (public: no personal data)."""
    return (
        BenefitStory.objects.filter(publishable=True, case__status=ClaimStatus.PAID)
        .select_related("case", "case__event_region__parent__parent")
        .defer(
            "case__event_region__boundary",
            "case__event_region__parent__boundary",
            "case__event_region__parent__parent__boundary",
            "case__expected_detail",
            "case__protection_detail",
        )
        .order_by("-published_at", "-pk")
    )


# ----------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class RegencyStats:
    """Cases of one regency in a period: reported, open, paid, rejected, amounts and speed."""

    code: str
    name: str
    cases: int
    open: int
    rejected: int
    unprotected: int
    paid: int
    amount_paid: Decimal
    compared_paid: Decimal
    compared_expected: Decimal
    median_days: float | None

    @property
    def paid_vs_expected(self) -> Decimal:
        """Return paid minus expected, over the paid cases whose expected benefit is known."""
        return self.compared_paid - self.compared_expected


@dataclass(frozen=True)
class ClaimStats:
    rows: list[RegencyStats]
    total: RegencyStats
    date_from: date
    date_to: date


@dataclass
class _Bucket:
    reported: list[tuple[str, bool | None]] = field(default_factory=list)
    paid: list[tuple[Decimal, Decimal | None, int | None]] = field(default_factory=list)


def claim_stats(*, actor: User, date_from: date, date_to: date, claim_type: str = "") -> ClaimStats:
    """Return per-regency claim figures for a period.

    Cases, open, rejected and unprotected count the cases whose event falls in the period;
    payouts (count, amount, expected benefit, median days from event to payout) count the
    cases paid in the period.
    """
    cases = readable_cases(actor=actor)
    if claim_type:
        cases = cases.filter(claim_type=claim_type)
    reported = cases.filter(event_date__gte=date_from, event_date__lte=date_to).values_list(
        "event_region_id", "status", "protected_at_event"
    )
    paid = cases.filter(
        status=ClaimStatus.PAID, paid_on__gte=date_from, paid_on__lte=date_to
    ).values_list("event_region_id", "amount_paid", "expected_benefit", "days_to_payout")
    names = dict(regencies().values_list("code", "name"))
    buckets: dict[str, _Bucket] = {}
    everything = _Bucket()
    for region_code, status, protected in reported:
        regency = ".".join(region_code.split(".")[:2])
        buckets.setdefault(regency, _Bucket()).reported.append((status, protected))
        everything.reported.append((status, protected))
    for region_code, amount, expected, days in paid:
        regency = ".".join(region_code.split(".")[:2])
        line = (amount or Decimal(0), expected, days)
        buckets.setdefault(regency, _Bucket()).paid.append(line)
        everything.paid.append(line)
    rows = [_stats_row(code, str(names.get(code, code)), buckets[code]) for code in sorted(buckets)]
    return ClaimStats(
        rows=rows,
        total=_stats_row("61", "", everything),
        date_from=date_from,
        date_to=date_to,
    )


def _stats_row(code: str, name: str, data: _Bucket) -> RegencyStats:
    zero = Decimal(0)
    compared = [(amount, expected) for amount, expected, _d in data.paid if expected is not None]
    days = [d for _a, _e, d in data.paid if d is not None]
    return RegencyStats(
        code=code,
        name=name,
        cases=len(data.reported),
        open=sum(1 for status, _p in data.reported if status in OPEN_STATUSES),
        rejected=sum(1 for status, _p in data.reported if status == ClaimStatus.REJECTED),
        unprotected=sum(1 for _s, protected in data.reported if protected is False),
        paid=len(data.paid),
        amount_paid=sum((amount for amount, _e, _d in data.paid), zero),
        compared_paid=sum((amount for amount, _e in compared), zero),
        compared_expected=sum((expected for _a, expected in compared), zero),
        median_days=float(statistics.median(days)) if days else None,
    )
