"""Reads of the budget planner: scenarios, allocations, payments, the figures a scenario
starts from, and ``budget_summary`` (needed vs allocated vs spent) for the dashboard.

Budget rows belong to a region; the actor sees the rows of regions inside their scope.
Figures of a region include the rows of the regions inside it (a regency's allocations
include its villages' APBDes allocations).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, Perm, has_perm, region_scope_q
from lindung.coverage import selectors as coverage_selectors
from lindung.outreach.errors import (
    AllocationNotFound,
    BudgetNotAllowed,
    RegionNotFound,
    ScenarioNotFound,
)
from lindung.outreach.models import (
    BudgetAllocation,
    BudgetPayment,
    BudgetScenario,
    FundingSource,
    ScenarioShare,
)
from lindung.regions.models import Region, RegionLevel

ZERO = Decimal(0)


def can_plan(actor: User) -> bool:
    """Return whether the actor may use the budget planner."""
    return has_perm(actor, Perm.PLAN_BUDGET)


def _scoped[M: (BudgetScenario, BudgetAllocation, BudgetPayment)](
    qs: QuerySet[M], actor: User
) -> QuerySet[M]:
    if not can_plan(actor):
        return qs.none()
    if actor.role in PROVINCE_WIDE_ROLES:
        return qs
    return qs.filter(region_scope_q(actor, "region__code"))


def _within(code: str) -> Q:
    return Q(region_id=code) | Q(region__code__startswith=code + ".")


def _pk(value: object) -> int:
    return int(str(value))


# ----------------------------------------------------------------------------- scenarios


def readable_scenarios(*, actor: User) -> QuerySet[BudgetScenario]:
    """Return the scenarios of regions in the actor's scope, with their shares."""
    return _scoped(
        BudgetScenario.objects.select_related("region", "created_by").prefetch_related("shares"),
        actor,
    )


def access_scenario(*, actor: User, scenario_id: object) -> BudgetScenario:
    """Return one readable scenario or raise ``ScenarioNotFound``."""
    try:
        return readable_scenarios(actor=actor).get(pk=_pk(scenario_id))
    except (BudgetScenario.DoesNotExist, ValueError, TypeError):
        raise ScenarioNotFound() from None


def scenario_list(
    *, actor: User, region: str = "", year: int | None = None
) -> QuerySet[BudgetScenario]:
    """Return readable scenarios, optionally inside a region and for a year, newest first."""
    scenarios = readable_scenarios(actor=actor)
    if region:
        scenarios = scenarios.filter(_within(region))
    if year:
        scenarios = scenarios.filter(year=year)
    return scenarios.order_by("-year", "region_id", "-is_adopted", "name", "pk")


def scenarios_by_ids(*, actor: User, ids: list[int]) -> list[BudgetScenario]:
    """Return the readable scenarios among IDS, in the order given (unknown ids skipped)."""
    found = {s.pk: s for s in readable_scenarios(actor=actor).filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def planning_regions(*, actor: User) -> QuerySet[Region]:
    """Return the province, regencies and districts a scenario may be made for, in scope,
    and villages (for APBDes plans)."""
    regions = Region.objects.defer("boundary")
    if actor.role not in PROVINCE_WIDE_ROLES:
        regions = regions.filter(region_scope_q(actor, "code"))
    return regions.select_related("parent").order_by("code")


@dataclass(frozen=True)
class Figure:
    """A number a scenario starts from, with where it comes from (or None if none found)."""

    value: int | None
    source: str


@dataclass(frozen=True)
class PlanningFigures:
    """The denominator and current participants found for a region, sector and year."""

    denominator: Figure
    participants: Figure


def planning_figures(*, region_code: str, sector: str, year: int) -> PlanningFigures:
    """Return the figures the coverage dashboard uses for a region, sector and year: the
    workforce denominator in force, and the protected participants of the newest loaded
    BPJS extract up to that year (province, regency or district), else the newest published
    figure."""
    denominator = coverage_selectors.current_denominator(
        region_code=region_code, sector=sector, year=year
    )
    denominator_figure = (
        Figure(
            value=denominator.workers,
            source=_("%(source)s (year %(year)s)")
            % {"source": denominator.source, "year": denominator.year},
        )
        if denominator is not None
        else Figure(value=None, source="")
    )
    return PlanningFigures(
        denominator=denominator_figure,
        participants=_current_participants(region_code, sector, year),
    )


def _current_participants(region_code: str, sector: str, year: int) -> Figure:
    source = coverage_selectors.participant_source(year=year)
    if source.snapshot is not None and region_code.count(".") <= 2:
        counts = coverage_selectors.snapshot_counts(
            snapshot=source.snapshot, region_code=region_code, sector=sector
        )
        return Figure(
            value=counts[""].covered if "" in counts else 0,
            source=_("%(source)s: protected participants") % {"source": source.label},
        )
    published = coverage_selectors.latest_published(
        region_code=region_code, sector=sector, on_or_before=date(year, 12, 31)
    )
    if published is not None:
        return Figure(
            value=published.participants,
            source=_("Published figure: %(source)s (%(date)s)")
            % {"source": published.source, "date": published.as_of.isoformat()},
        )
    return Figure(value=None, source="")


# ----------------------------------------------------------------------------- allocations


def readable_allocations(*, actor: User) -> QuerySet[BudgetAllocation]:
    """Return the allocations of regions in the actor's scope."""
    return _scoped(BudgetAllocation.objects.select_related("region", "recorded_by"), actor)


def readable_payments(*, actor: User) -> QuerySet[BudgetPayment]:
    """Return the payments of regions in the actor's scope."""
    return _scoped(BudgetPayment.objects.select_related("region", "recorded_by"), actor)


def access_allocation(*, actor: User, allocation_id: object) -> BudgetAllocation:
    """Return one readable allocation or raise ``AllocationNotFound``."""
    try:
        return readable_allocations(actor=actor).get(pk=_pk(allocation_id))
    except (BudgetAllocation.DoesNotExist, ValueError, TypeError):
        raise AllocationNotFound() from None


def access_payment(*, actor: User, payment_id: object) -> BudgetPayment:
    """Return one readable payment or raise ``AllocationNotFound``."""
    try:
        return readable_payments(actor=actor).get(pk=_pk(payment_id))
    except (BudgetPayment.DoesNotExist, ValueError, TypeError):
        raise AllocationNotFound() from None


def allocation_list(
    *, actor: User, region: str = "", year: int | None = None
) -> QuerySet[BudgetAllocation]:
    """Return readable allocations inside a region and for a year."""
    rows = readable_allocations(actor=actor)
    if region:
        rows = rows.filter(_within(region))
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "region_id", "source", "pk")


def payment_list(
    *, actor: User, region: str = "", year: int | None = None
) -> QuerySet[BudgetPayment]:
    """Return readable payments inside a region and for a year, newest first."""
    rows = readable_payments(actor=actor)
    if region:
        rows = rows.filter(_within(region))
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-paid_on", "-pk")


def _by_source(qs: QuerySet[BudgetAllocation] | QuerySet[BudgetPayment]) -> dict[str, Decimal]:
    totals = dict.fromkeys(FundingSource.values, ZERO)
    for row in qs.values("source").annotate(total=Sum("amount")):
        totals[str(row["source"])] = Decimal(row["total"] or 0)
    return totals


def allocated_by_source(*, region_code: str, year: int) -> dict[str, Decimal]:
    """Return what is allocated in a region (and the regions inside it) for a year."""
    return _by_source(BudgetAllocation.objects.filter(_within(region_code), year=year))


def spent_by_source(*, region_code: str, year: int) -> dict[str, Decimal]:
    """Return what was paid in a region (and the regions inside it) for a year."""
    return _by_source(BudgetPayment.objects.filter(_within(region_code), year=year))


# ----------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class SourceLine:
    """Needed, allocated and spent for one funding source."""

    source: str
    label: str
    needed: Decimal | None
    allocated: Decimal
    spent: Decimal

    @property
    def gap(self) -> Decimal | None:
        """Return needed minus allocated (positive: still to allocate)."""
        return None if self.needed is None else self.needed - self.allocated


@dataclass(frozen=True)
class BudgetSummary:
    """Needed (from the adopted plans) against allocated and spent, for a region and year.

    ``needed`` is ``None`` when no plan was adopted: nothing is guessed.
    """

    region_code: str
    year: int
    needed: Decimal | None
    allocated: Decimal
    spent: Decimal
    lines: list[SourceLine] = field(default_factory=list)
    plans: list[BudgetScenario] = field(default_factory=list)

    @property
    def gap(self) -> Decimal | None:
        """Return needed minus allocated (positive: still to allocate)."""
        return None if self.needed is None else self.needed - self.allocated

    @property
    def unspent(self) -> Decimal:
        """Return allocated minus spent."""
        return self.allocated - self.spent

    @property
    def allocated_percent(self) -> Decimal | None:
        """Return allocated / needed in percent (one decimal)."""
        if not self.needed:
            return None
        return (self.allocated * 100 / self.needed).quantize(Decimal("0.1"))

    @property
    def spent_percent(self) -> Decimal | None:
        """Return spent / allocated in percent (one decimal)."""
        if not self.allocated:
            return None
        return (self.spent * 100 / self.allocated).quantize(Decimal("0.1"))

    def as_dict(self) -> dict[str, object]:
        """Return the JSON-safe shape of the API."""
        return {
            "region_code": self.region_code,
            "year": self.year,
            "needed": self.needed,
            "allocated": self.allocated,
            "spent": self.spent,
            "gap": self.gap,
            "by_source": [
                {
                    "source": line.source,
                    "needed": line.needed,
                    "allocated": line.allocated,
                    "spent": line.spent,
                }
                for line in self.lines
            ],
            "plans": [{"id": p.pk, "name": p.name, "region_code": p.region_id} for p in self.plans],
        }


def adopted_plans(*, region_code: str, year: int) -> list[BudgetScenario]:
    """Return the plan adopted for exactly this region and year or, without one, the plans
    adopted for the regions inside it (a province made of its regencies' plans)."""
    adopted = BudgetScenario.objects.filter(is_adopted=True, year=year).prefetch_related("shares")
    exact = list(adopted.filter(region_id=region_code))
    if exact:
        return exact
    return list(adopted.filter(region__code__startswith=region_code + ".").order_by("region_id"))


def budget_summary(*, region_code: str, year: int, actor: User | None = None) -> BudgetSummary:
    """Return needed vs allocated vs spent for a region and year, per funding source.

    Callers that pass ``actor`` get an empty summary for a region outside their scope or
    without the planning permission; the coverage dashboard passes the region it already
    scoped.
    """
    if actor is not None and (
        not (can_plan(actor) or has_perm(actor, Perm.VIEW_DASHBOARD))
        or not _actor_sees(actor, region_code)
    ):
        return BudgetSummary(
            region_code=region_code, year=year, needed=None, allocated=ZERO, spent=ZERO
        )
    plans = adopted_plans(region_code=region_code, year=year)
    needed_by: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for plan in plans:
        shares: list[ScenarioShare] = list(plan.shares.all())
        for share in shares:
            needed_by[share.source] += share.amount
        unsplit = plan.total_cost - sum((s.amount for s in shares), ZERO)
        if unsplit:
            needed_by[""] += unsplit
    allocated = allocated_by_source(region_code=region_code, year=year)
    spent = spent_by_source(region_code=region_code, year=year)
    has_plan = bool(plans)
    lines = [
        SourceLine(
            source=value,
            label=str(label),
            needed=needed_by.get(value, ZERO) if has_plan else None,
            allocated=allocated[value],
            spent=spent[value],
        )
        for value, label in FundingSource.choices
    ]
    if needed_by.get(""):
        lines.append(
            SourceLine(
                source="",
                label=_("Not yet assigned to a source"),
                needed=needed_by[""],
                allocated=ZERO,
                spent=ZERO,
            )
        )
    return BudgetSummary(
        region_code=region_code,
        year=year,
        needed=sum((p.total_cost for p in plans), ZERO) if has_plan else None,
        allocated=sum(allocated.values(), ZERO),
        spent=sum(spent.values(), ZERO),
        lines=lines,
        plans=plans,
    )


def access_budget_summary(*, actor: User, region_code: str, year: int) -> BudgetSummary:
    """Return a region's budget summary to a planning role, or raise (403 without the
    permission, 404 for a region that does not exist or lies outside the actor's scope)."""
    if not can_plan(actor):
        raise BudgetNotAllowed()
    if not _actor_sees(actor, region_code) or not Region.objects.filter(code=region_code).exists():
        raise RegionNotFound()
    return budget_summary(region_code=region_code, year=year, actor=actor)


def _actor_sees(actor: User, region_code: str) -> bool:
    if actor.role in PROVINCE_WIDE_ROLES:
        return True
    scope = actor.region_code
    return region_code == scope or region_code.startswith(scope + ".")


@dataclass(frozen=True)
class ScenarioSourceLine:
    """A scenario's share for one source against what the region has allocated."""

    source: str
    label: str
    planned: Decimal
    percent: Decimal | None
    allocated: Decimal

    @property
    def gap(self) -> Decimal:
        """Return planned minus allocated (positive: still to allocate)."""
        return self.planned - self.allocated


def scenario_against_allocations(*, scenario: BudgetScenario) -> list[ScenarioSourceLine]:
    """Return each funding source's planned share against what is allocated for the
    scenario's region and year."""
    allocated = allocated_by_source(region_code=scenario.region_id, year=scenario.year)
    shares = {s.source: s for s in scenario.shares.all()}
    return [
        ScenarioSourceLine(
            source=value,
            label=str(label),
            planned=shares[value].amount if value in shares else ZERO,
            percent=shares[value].percent if value in shares else None,
            allocated=allocated[value],
        )
        for value, label in FundingSource.choices
        if value in shares or allocated[value]
    ]


def is_village(region: Region) -> bool:
    """Return whether a region is a village (APBDes plans)."""
    return region.level == RegionLevel.VILLAGE
