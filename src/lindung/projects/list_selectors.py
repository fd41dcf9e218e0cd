"""Reads for the project screens, API and public page, built on ``readable_projects`` (R12).

The compliance state is computed, not stored. ``status_q`` maps each state to a filter on
the stored fields the services keep up to date (``registered_on``, ``paid_total`` against
``contribution_total``, ``registration_due`` against today, ``stage``), so a status filter
is one indexed SQL query that pages and counts like any other filter. Two boundaries are
approximations, and the row still shows the state computed by ``compliance.assess``:

- due soon / not yet due: the at-risk point is counted in working days on the provincial
  calendar (regional holidays ignored);
- planning budgeted / not budgeted: "budgeted" means a positive contribution is entered in
  the HPS/RAB, without recomputing the expected amount from the HPS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.accounts.models import User
from lindung.projects import selectors as project_selectors
from lindung.projects.compliance import Compliance, ComplianceStatus, assess
from lindung.projects.models import (
    Addendum,
    Agency,
    Payment,
    Ppk,
    Project,
    Registration,
    Stage,
    StageChange,
)
from lindung.regions.models import Region, RegionLevel, is_within
from lindung.regulations import selectors as regulation_selectors
from lindung.rules.calendar import WorkingCalendar, build_calendar
from lindung.rules.coverage import amount_percentage, coverage_percentage
from lindung.rules.parameters import ParameterSet

PAGE_SIZE = 25
STATUS_LABELS: dict[str, Any] = {
    Compliance.OVERDUE: gettext_lazy("Registration overdue"),
    Compliance.DUE_SOON: gettext_lazy("Registration due soon"),
    Compliance.NOT_YET_DUE: gettext_lazy("Registration not yet due"),
    Compliance.REGISTERED_UNDERPAID: gettext_lazy("Registered, contribution unpaid"),
    Compliance.FULLY_PAID: gettext_lazy("Registered and fully paid"),
    Compliance.HANDED_OVER_UNPROTECTED: gettext_lazy("Handed over without protection"),
    Compliance.PLANNING_BUDGETED: gettext_lazy("Planning, contribution budgeted"),
    Compliance.PLANNING_NOT_BUDGETED: gettext_lazy("Planning, contribution not budgeted"),
    Compliance.MISSING_DATA: gettext_lazy("Data missing"),
    Compliance.CANCELLED: gettext_lazy("Cancelled"),
}

MY_PROJECTS_LIMIT = 300
PLANNING_STAGES = (Stage.PLANNED, Stage.PROCURED)
CONTRACT_STAGES = (Stage.CONTRACTED, Stage.IN_PROGRESS, Stage.HANDED_OVER)


# ----------------------------------------------------------------------------- compliance


@dataclass
class ComplianceContext:
    """One parameter set and one holiday query shared by every project judged with it."""

    as_of: date
    params: ParameterSet
    holidays: list[tuple[date, str, str]]
    calendars: dict[str, WorkingCalendar] = field(default_factory=dict)

    def calendar(self, regency: str, years: Iterable[int]) -> WorkingCalendar:
        """Return the regency's calendar covering ``years`` and the next year."""
        wanted = sorted({*years, self.as_of.year})
        wanted = list(range(wanted[0], wanted[-1] + 2))
        key = f"{regency}:{wanted[0]}:{wanted[-1]}"
        if key not in self.calendars:
            # The national holidays are built once per span; a regency adds its own days.
            national_key = f":{wanted[0]}:{wanted[-1]}"
            if national_key not in self.calendars:
                self.calendars[national_key] = build_calendar(wanted)
            applying = [
                (day, name, region)
                for day, name, region in self.holidays
                if wanted[0] <= day.year <= wanted[-1] and is_within(regency, region)
            ]
            national = self.calendars[national_key]
            self.calendars[key] = (
                national.with_extra(
                    {day: name for day, name, _region in applying},
                    confirmed_years=regulation_selectors.leave_years_recorded(
                        holidays=((day, region) for day, _name, region in applying)
                    ),
                )
                if applying
                else national
            )
        return self.calendars[key]


def provisional_deadline_years(project: Project, *, context: ComplianceContext) -> tuple[int, ...]:
    """Return the years between the project's SPK and its registration deadline whose cuti
    bersama is not in the holiday data yet: the deadline may still move later."""
    if project.spk_date is None or project.registration_due is None:
        return ()
    regency = ".".join(project.region_id.split(".")[:2])
    calendar = context.calendar(regency, [project.spk_date.year])
    return calendar.provisional_between(project.spk_date, project.registration_due)


def compliance_context(*, as_of: date) -> ComplianceContext:
    """Return a context for judging many projects with two queries in all."""
    holidays = list(
        regulation_selectors.all_extra_holidays()
        .select_related(None)
        .values_list("date", "name", "region_id")
    )
    return ComplianceContext(
        as_of=as_of, params=regulation_selectors.parameter_set(), holidays=holidays
    )


def compliance_for(
    projects: Sequence[Project], *, as_of: date, context: ComplianceContext | None = None
) -> dict[int, ComplianceStatus]:
    """Return each project's compliance on ``as_of`` without a query per project or regency."""
    if not projects:
        return {}
    ctx = context or compliance_context(as_of=as_of)
    years = {p.spk_date.year for p in projects if p.spk_date}
    result: dict[int, ComplianceStatus] = {}
    for project in projects:
        regency = ".".join(project.region_id.split(".")[:2])
        calendar = ctx.calendar(regency, years)
        result[project.pk] = assess(
            project_selectors.project_facts(project),
            as_of=as_of,
            params=ctx.params,
            calendar=calendar,
        )
    return result


def _at_risk_spk_cutoff(*, today: date, params: ParameterSet) -> date:
    """Return the latest SPK date that is already "due soon" today (provincial calendar)."""
    threshold = params.at(today).integer("deadline.jakon_at_risk_wd")
    calendar = regulation_selectors.working_calendar(years=[today.year - 1, today.year])
    # Working days are counted after the SPK up to and including today (rules.deadlines).
    day, counted = today, 0
    while counted < threshold:
        if calendar.is_working_day(day):
            counted += 1
        day -= timedelta(days=1)
    return day


def status_q(status: str, *, today: date) -> Q:
    """Return a filter on stored fields that selects projects in compliance state ``status``."""
    live = ~Q(stage=Stage.CANCELLED)
    planning = live & Q(spk_date__isnull=True, stage__in=PLANNING_STAGES)
    contract_known = live & Q(spk_date__isnull=False, contribution_total__isnull=False)
    unpaid = Q(paid_total__lt=F("contribution_total"))
    not_handed = ~Q(stage=Stage.HANDED_OVER)
    unregistered = contract_known & not_handed & Q(registered_on__isnull=True)
    budgeted = Q(hps_value__isnull=False, contribution_in_hps__gt=0)
    if status == Compliance.CANCELLED:
        return Q(stage=Stage.CANCELLED)
    if status == Compliance.PLANNING_BUDGETED:
        return planning & budgeted
    if status == Compliance.PLANNING_NOT_BUDGETED:
        return planning & ~budgeted
    if status == Compliance.MISSING_DATA:
        return (live & Q(spk_date__isnull=True) & ~Q(stage__in=PLANNING_STAGES)) | (
            live & Q(spk_date__isnull=False, contribution_total__isnull=True)
        )
    if status == Compliance.HANDED_OVER_UNPROTECTED:
        return (
            contract_known & Q(stage=Stage.HANDED_OVER) & (Q(registered_on__isnull=True) | unpaid)
        )
    if status == Compliance.OVERDUE:
        return unregistered & (Q(registration_due__lt=today) | Q(registration_due__isnull=True))
    if status in {Compliance.DUE_SOON, Compliance.NOT_YET_DUE}:
        cutoff = _at_risk_spk_cutoff(today=today, params=regulation_selectors.parameter_set())
        pending = unregistered & Q(registration_due__gte=today)
        if status == Compliance.DUE_SOON:
            return pending & Q(spk_date__lte=cutoff)
        return pending & Q(spk_date__gt=cutoff)
    if status == Compliance.REGISTERED_UNDERPAID:
        return contract_known & not_handed & Q(registered_on__isnull=False) & unpaid
    if status == Compliance.FULLY_PAID:
        return contract_known & Q(registered_on__isnull=False) & ~unpaid
    return Q()


def at_risk_cutoff(*, today: date) -> date:
    """Return the latest SPK date whose unregistered project is "due soon" today."""
    return _at_risk_spk_cutoff(today=today, params=regulation_selectors.parameter_set())


def stored_status(project: Project, *, today: date, cutoff: date) -> Compliance:
    """Return the state ``status_q`` puts the project in: the same mapping, row by row.

    O(1) per project (no working-day counting), for exports of any size; ``cutoff`` comes
    from ``at_risk_cutoff``. Lists show the exact state from ``compliance.assess``.
    """
    if project.stage == Stage.CANCELLED:
        return Compliance.CANCELLED
    if project.spk_date is None:
        if project.stage in PLANNING_STAGES:
            budgeted = project.hps_value is not None and (project.contribution_in_hps or 0) > 0
            return Compliance.PLANNING_BUDGETED if budgeted else Compliance.PLANNING_NOT_BUDGETED
        return Compliance.MISSING_DATA
    if project.contribution_total is None:
        return Compliance.MISSING_DATA
    unpaid = (project.paid_total or 0) < project.contribution_total
    if project.stage == Stage.HANDED_OVER:
        if project.registered_on is None or unpaid:
            return Compliance.HANDED_OVER_UNPROTECTED
        return Compliance.FULLY_PAID
    if project.registered_on is None:
        if project.registration_due is None or project.registration_due < today:
            return Compliance.OVERDUE
        return Compliance.DUE_SOON if project.spk_date <= cutoff else Compliance.NOT_YET_DUE
    return Compliance.REGISTERED_UNDERPAID if unpaid else Compliance.FULLY_PAID


# ----------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class ProjectFilters:
    """The filters a list page, an export or an API call may set."""

    region: str = ""
    agency_id: int | None = None
    ppk_id: int | None = None
    contractor_id: int | None = None
    stage: str = ""
    status: str = ""
    year: int | None = None
    funding: str = ""
    query: str = ""
    order: str = "-fiscal_year"


def filtered_projects(*, actor: User, filters: ProjectFilters, today: date) -> QuerySet[Project]:
    """Return the actor's readable projects filtered, ordered, parties joined: one query."""
    projects = project_selectors.project_list(
        actor=actor,
        region=filters.region,
        agency_id=filters.agency_id,
        ppk_id=filters.ppk_id,
        contractor_id=filters.contractor_id,
        stage=filters.stage,
        year=filters.year,
        funding=filters.funding,
        query=filters.query.strip(),
        order=filters.order,
    )
    if filters.status in set(Compliance):
        projects = projects.filter(status_q(filters.status, today=today))
    # Lists never show the contribution's calculation trail or the region's boundary.
    return projects.defer("contribution_detail", "region__boundary")


@dataclass
class ProjectPage:
    """One page of projects: the paginator's page (for links) and its rows, parties joined."""

    page: Page[int]
    rows: list[Project]


def project_page(projects: QuerySet[Project], *, number: Any) -> ProjectPage:
    """Return one page: ids by the narrow ordered query, then those rows with their parties.

    Deep pages of 100,000 projects stay fast because only the ids are sorted and skipped;
    the joined rows are fetched for the page alone (a count, the ids, the rows: 3 queries).
    """
    ids = projects.values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    wanted = list(page.object_list)
    found = {p.pk: p for p in projects.order_by().filter(pk__in=wanted)}
    return ProjectPage(page=page, rows=[found[pk] for pk in wanted if pk in found])


def filter_agencies(*, actor: User) -> QuerySet[Agency]:
    """Return the agencies of the actor's readable projects (for the filter menu)."""
    readable = project_selectors.readable_projects(actor=actor)
    return Agency.objects.filter(pk__in=readable.values("agency_id")).only("id", "name")


def filter_ppks(*, actor: User) -> QuerySet[Ppk]:
    """Return the PPKs of the actor's readable projects (for the filter menu)."""
    readable = project_selectors.readable_projects(actor=actor)
    return Ppk.objects.filter(pk__in=readable.values("ppk_id")).only("id", "name")


def regencies() -> QuerySet[Region]:
    """Return the regencies and cities, for filter menus."""
    return Region.objects.filter(level=RegionLevel.REGENCY).order_by("code").only("code", "name")


def location_choices() -> QuerySet[Region]:
    """Return the regencies and districts a project may be located in (villages by code)."""
    return (
        Region.objects.filter(level__in=[RegionLevel.REGENCY, RegionLevel.DISTRICT])
        .order_by("code")
        .only("code", "name", "level")
    )


@dataclass(frozen=True)
class Assignment:
    project: Project
    status: ComplianceStatus


def my_projects(*, actor: User, today: date) -> list[Assignment]:
    """Return the PPK's or contractor's live projects, most urgent first, with what to do."""
    # For agency/PPK users the readable projects are exactly those they are PPK of and
    # their agencies' projects; for contractors, their companies' projects.
    projects = project_selectors.readable_projects(actor=actor).exclude(stage=Stage.CANCELLED)
    rows = list(
        projects.select_related("agency", "contractor", "region")
        .defer("contribution_detail", "region__boundary")
        .order_by("registration_due", "pk")[:MY_PROJECTS_LIMIT]
    )
    statuses = compliance_for(rows, as_of=today)
    items = [Assignment(project=p, status=statuses[p.pk]) for p in rows]
    far = date.max
    return sorted(
        items,
        key=lambda a: (-a.status.severity, a.status.due or far, a.project.name),
    )


# ----------------------------------------------------------------------------- detail


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str
    title: str
    detail: str = ""
    amount: Decimal | None = None
    upcoming: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProjectRecords:
    stage_changes: list[StageChange]
    addenda: list[Addendum]
    registration: Registration | None
    payments: list[Payment]


def project_records(*, project: Project) -> ProjectRecords:
    """Return a readable project's stage history, addenda, registration and payments."""
    return ProjectRecords(
        stage_changes=list(StageChange.objects.filter(project=project).order_by("on", "id")),
        addenda=list(Addendum.objects.filter(project=project).order_by("signed_on", "id")),
        registration=Registration.objects.filter(project=project).first(),
        payments=list(Payment.objects.filter(project=project).order_by("paid_on", "id")),
    )


# ----------------------------------------------------------------------------- public page


def public_project(*, token: str) -> Project | None:
    """Return the project behind a live public token, or None (unknown or revoked)."""
    if not token or len(token) > 64:
        return None
    return (
        Project.objects.select_related(
            "contractor", "region", "region__parent", "region__parent__parent"
        )
        .defer(
            "contribution_detail",
            "region__boundary",
            "region__parent__boundary",
            "region__parent__parent__boundary",
        )
        .filter(public_token=token, public_token_revoked=False)
        .exclude(stage=Stage.CANCELLED)
        .first()
    )


def timeline(
    *, project: Project, records: ProjectRecords, status: ComplianceStatus, today: date
) -> list[TimelineEntry]:
    """Return the project's dated events and deadlines, oldest first (no query)."""
    stage_labels = dict(Stage.choices)
    entries = [
        TimelineEntry(
            on=change.on,
            kind="stage",
            title=_("Stage: %(stage)s") % {"stage": stage_labels.get(change.stage, change.stage)},
            detail=change.note,
        )
        for change in records.stage_changes
    ]
    if project.spk_date:
        entries.append(TimelineEntry(on=project.spk_date, kind="spk", title=_("SPK signed")))
    for addendum in records.addenda:
        entries.append(
            TimelineEntry(
                on=addendum.signed_on,
                kind="addendum",
                title=_("Addendum %(number)s") % {"number": addendum.number},
                amount=addendum.extra_contribution or None,
                extra={"new_value": addendum.new_value, "new_end": addendum.new_end},
            )
        )
    if records.registration:
        entries.append(
            TimelineEntry(
                on=records.registration.registered_on,
                kind="registration",
                title=_("Registered with BPJS Ketenagakerjaan"),
                detail=records.registration.bpjs_project_number,
            )
        )
    for payment in records.payments:
        entries.append(
            TimelineEntry(
                on=payment.paid_on,
                kind="payment",
                title=(
                    _("Contribution paid, termin %(termin)s") % {"termin": payment.termin}
                    if payment.termin
                    else _("Contribution paid")
                ),
                detail=payment.reference,
                amount=payment.amount,
            )
        )
    if project.registration_due and not records.registration:
        entries.append(
            TimelineEntry(
                on=project.registration_due,
                kind="deadline",
                title=_("Registration deadline"),
                upcoming=project.registration_due >= today,
            )
        )
    if project.planned_end and project.stage not in {Stage.HANDED_OVER, Stage.CANCELLED}:
        entries.append(
            TimelineEntry(
                on=project.planned_end,
                kind="end",
                title=_("Planned end of work"),
                detail=status.next_action if status.outstanding else "",
                upcoming=project.planned_end >= today,
            )
        )
    return sorted(entries, key=lambda e: (e.on, e.kind))


@dataclass(frozen=True)
class RankingSummary:
    total: project_selectors.Ranking
    unpaid: Decimal


def ranking_summary(rows: Sequence[project_selectors.Ranking]) -> RankingSummary:
    """Return the sum of ranking rows and what is still unpaid, for the headline figures."""
    zero = Decimal(0)
    total = project_selectors.Ranking(
        key="total",
        label=_("All"),
        projects=sum(r.projects for r in rows),
        contract_value=sum((r.contract_value for r in rows), zero),
        contribution_due=sum((r.contribution_due for r in rows), zero),
        contribution_paid=sum((r.contribution_paid for r in rows), zero),
        registered=sum(r.registered for r in rows),
    )
    return RankingSummary(
        total=total, unpaid=max(zero, total.contribution_due - total.contribution_paid)
    )


def place_names(region: Region) -> list[str]:
    """Return the names of a region and its parents up to the regency (joined already)."""
    names: list[str] = []
    current: Region | None = region
    while current is not None and current.level != RegionLevel.PROVINCE:
        names.append(current.name)
        if current.level == RegionLevel.REGENCY:
            break
        current = current.parent if current.parent_id else None
    return names


# ----------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class ProjectSummary:
    """A region's construction projects of a fiscal year, for the coverage dashboard.

    ``on_time`` counts projects registered with BPJS Ketenagakerjaan by their registration
    deadline; ``judged`` those whose punctuality is known: registered (on time or late) or
    unregistered past the deadline. Cancelled projects are left out.
    """

    projects: int = 0
    registered: int = 0
    judged: int = 0
    on_time: int = 0
    contribution_due: Decimal = Decimal(0)
    contribution_paid: Decimal = Decimal(0)

    @property
    def registered_pct(self) -> Decimal | None:
        """Return registered projects / projects in percent (None without projects)."""
        return _pct(self.registered, self.projects)

    @property
    def on_time_pct(self) -> Decimal | None:
        """Return projects registered on time / projects judged, in percent."""
        return _pct(self.on_time, self.judged)

    @property
    def paid_pct(self) -> Decimal | None:
        """Return the contribution paid / due, in percent (paid beyond due counts as due)."""
        if not self.contribution_due:
            return None
        paid = min(self.contribution_paid, self.contribution_due)
        return amount_percentage(paid, self.contribution_due)


def _pct(part: int, whole: int) -> Decimal | None:
    # The share rule the coverage figures use (half-up, two decimals); None without a whole.
    return coverage_percentage(part, whole) if whole else None


def region_summary(
    *, actor: User, region_code: str, fiscal_year: int, today: date, funding: str = ""
) -> ProjectSummary:
    """Return the readable projects of a region and fiscal year (and funding source, if
    given) in figures, in one query."""
    registered = Q(registered_on__isnull=False)
    dated = registered & Q(registration_due__isnull=False)
    on_time = dated & Q(registered_on__lte=F("registration_due"))
    late = dated & Q(registered_on__gt=F("registration_due"))
    overdue = status_q(Compliance.OVERDUE, today=today) & Q(registration_due__isnull=False)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=2))
    projects = project_selectors.readable_projects(actor=actor).filter(
        Q(region__code=region_code) | Q(region__code__startswith=region_code + "."),
        fiscal_year=fiscal_year,
    )
    if funding:
        projects = projects.filter(funding_source=funding)
    figures = projects.exclude(stage=Stage.CANCELLED).aggregate(
        projects=Count("pk"),
        registered=Count("pk", filter=registered),
        on_time=Count("pk", filter=on_time),
        judged=Count("pk", filter=on_time | late | overdue),
        due=Coalesce(Sum("contribution_total"), zero),
        paid=Coalesce(Sum("paid_total"), zero),
    )
    return ProjectSummary(
        projects=figures["projects"],
        registered=figures["registered"],
        judged=figures["judged"],
        on_time=figures["on_time"],
        contribution_due=figures["due"],
        contribution_paid=figures["paid"],
    )
