"""Writes of the budget planner: compute and save scenarios, adopt one as the plan of record,
record allocations and payments. Every write is one durable transaction with its audit row.

A scenario's cost is the BPU package in force on 1 January of its budget year
(``lindung.rules.bpu.bpu_contribution`` with the parameters of ``regulations``): JKK on the
declared income plus the flat JKM, optionally JHT, per worker per month.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.accounts.permissions import region_in_scope
from lindung.core.errors import FieldError
from lindung.coverage.models import SECTORS
from lindung.outreach.budget import selectors
from lindung.outreach.errors import BudgetNotAllowed, BudgetRecordInvalid, ScenarioInvalid
from lindung.outreach.models import (
    BudgetAllocation,
    BudgetPayment,
    BudgetScenario,
    FundingSource,
    ScenarioKind,
    ScenarioShare,
    SplitMode,
)
from lindung.outreach.planning import (
    MAX_AMOUNT,
    CoverageGap,
    Share,
    ShareInput,
    coverage_gap,
    split_cost,
)
from lindung.regions.models import Region
from lindung.regulations import selectors as regulation_selectors
from lindung.regulations.errors import field_errors_from_rules
from lindung.rules import RulesError, bpu_contribution
from lindung.rules.bpu import MAX_WORKERS

MIN_YEAR, MAX_YEAR = 2015, 2100
_PLAIN_AMOUNT = re.compile(r"-?\d{1,18}(\.\d{1,2})?", re.ASCII)
MONTHS_PER_YEAR = 12
SCENARIO_FIELDS = (
    "name",
    "kind",
    "region_id",
    "year",
    "sector",
    "target_percent",
    "denominator",
    "denominator_overridden",
    "current_participants",
    "participants_overridden",
    "months",
    "declared_income",
    "with_jht",
    "workers",
    "total_cost",
    "split_mode",
    "is_adopted",
)
RECORD_FIELDS = ("region_id", "year", "source", "amount", "reference", "note")
PAYMENT_FIELDS = (*RECORD_FIELDS, "paid_on", "workers_covered")


def _require(actor: User) -> None:
    if not selectors.can_plan(actor):
        raise BudgetNotAllowed()


def _region(
    actor: User, code: str, errors: list[FieldError], loc: str = "region_code"
) -> Region | None:
    region = Region.objects.defer("boundary").filter(code=(code or "").strip()).first()
    if region is None:
        errors.append(
            FieldError(
                (loc,), _("Region %(code)s does not exist.") % {"code": code}, "unknown_region"
            )
        )
        return None
    if not region_in_scope(actor, region.code):
        errors.append(
            FieldError(
                (loc,),
                _("The region lies outside your area (%(region)s).")
                % {"region": actor.region_code},
                "out_of_scope",
            )
        )
        return None
    return region


def _year(value: object, errors: list[FieldError]) -> int:
    if not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        errors.append(
            FieldError(
                ("year",),
                _("The year must be between %(first)s and %(last)s.")
                % {"first": MIN_YEAR, "last": MAX_YEAR},
                "out_of_range",
            )
        )
        return 0
    return value


# ----------------------------------------------------------------------------- scenarios


@dataclass
class ScenarioInput:
    """A scenario as entered. ``denominator`` and ``current_participants`` left ``None`` are
    taken from the recorded figures; given, they override them (and say so)."""

    name: str
    kind: str
    region_code: str
    year: int
    months: int = MONTHS_PER_YEAR
    sector: str = "all"
    target_percent: Decimal | None = None
    denominator: int | None = None
    current_participants: int | None = None
    workers: int | None = None
    declared_income: Decimal | None = None
    with_jht: bool = False
    split_mode: str = SplitMode.PERCENT
    shares: Sequence[ShareInput] = ()
    notes: str = ""


@dataclass
class ScenarioResult:
    """A computed scenario: every input used, with its source, and the costs."""

    name: str
    kind: str
    region: Region
    year: int
    sector: str
    months: int
    as_of: date
    declared_income: Decimal
    with_jht: bool
    workers: int
    per_worker_monthly: Decimal
    monthly_total: Decimal
    annual_total: Decimal
    total_cost: Decimal
    split_mode: str
    shares: list[Share]
    target_percent: Decimal | None = None
    denominator: int | None = None
    denominator_source: str = ""
    denominator_overridden: bool = False
    current_participants: int | None = None
    participants_source: str = ""
    participants_overridden: bool = False
    gap: CoverageGap | None = None
    calculation: dict[str, Any] = field(default_factory=dict)
    notes: str = ""


def _count(value: object, loc: str, label: str, errors: list[FieldError], *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_WORKERS:
        errors.append(
            FieldError(
                (loc,),
                _("%(label)s must be a whole number from %(min)s to %(max)s.")
                % {"label": label, "min": minimum, "max": MAX_WORKERS},
                "out_of_range",
            )
        )
        return 0
    return value


def compute_scenario(*, actor: User, data: ScenarioInput) -> ScenarioResult:
    """Compute a scenario without saving it; every problem is collected, then raised once."""
    _require(actor)
    errors: list[FieldError] = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(FieldError(("name",), _("Give the scenario a name."), "required"))
    if data.kind not in ScenarioKind.values:
        errors.append(FieldError(("kind",), _("Choose the kind of scenario."), "invalid"))
    region = _region(actor, data.region_code, errors)
    year = _year(data.year, errors)
    if data.sector not in SECTORS:
        errors.append(
            FieldError(("sector",), _("Not an allowed value: %(value)s.") % {"value": data.sector})
        )
    months = data.months
    if (
        isinstance(months, bool)
        or not isinstance(months, int)
        or not 1 <= months <= MONTHS_PER_YEAR
    ):
        errors.append(
            FieldError(
                ("months",),
                _("A budget year pays 1 to 12 months of contributions."),
                "out_of_range",
            )
        )
    if data.split_mode not in SplitMode.values:
        errors.append(FieldError(("split_mode",), _("Choose percentages or amounts."), "invalid"))
    for index, share in enumerate(data.shares):
        if share.source not in FundingSource.values:
            errors.append(
                FieldError(("shares", index, "source"), _("Unknown funding source."), "invalid")
            )
    result_gap: CoverageGap | None = None
    denominator = participants = None
    denominator_source = participants_source = ""
    workers = 0
    if data.kind == ScenarioKind.COVERAGE:
        target = data.target_percent
        if target is None or not Decimal(0) < target <= Decimal(100):
            errors.append(
                FieldError(
                    ("target_percent",),
                    _("The target coverage must be above 0 and at most 100 percent."),
                    "out_of_range",
                )
            )
        if region is not None and year and data.sector in SECTORS:
            figures = selectors.planning_figures(
                region_code=region.code, sector=data.sector, year=year
            )
            denominator, denominator_source = _figure(
                data.denominator,
                figures.denominator,
                "denominator",
                _(
                    "No workforce figure is recorded for %(region)s up to %(year)s; enter the "
                    "number of workers."
                )
                % {"region": region.name, "year": year},
                errors,
            )
            participants, participants_source = _figure(
                data.current_participants,
                figures.participants,
                "current_participants",
                _(
                    "No participant count is known for %(region)s; enter the current number of "
                    "participants."
                )
                % {"region": region.name},
                errors,
                minimum=0,
            )
        if (
            target is not None
            and denominator is not None
            and participants is not None
            and not errors
        ):
            result_gap = coverage_gap(
                denominator=denominator, current=participants, target_percent=target
            )
            workers = result_gap.workers_to_add
    elif data.kind == ScenarioKind.PROTECT:
        workers = _count(data.workers, "workers", _("The number of workers"), errors, minimum=1)
    as_of = date(year, 1, 1) if year else timezone.localdate()
    contribution = None
    income = data.declared_income
    try:
        params = regulation_selectors.parameter_set()
        if income is None:
            # The package local governments buy: the lowest declared income of the BPU table.
            income = params.at(as_of).decimal("bpu.income_min")
        contribution = bpu_contribution(
            income,
            as_of,
            params,
            with_jht=data.with_jht,
            workers=max(workers, 1),
            months=months if isinstance(months, int) and 1 <= months <= 12 else 1,
        )
    except RulesError as exc:
        for error in field_errors_from_rules(exc):
            loc = ("year",) if error.loc in {("as_of",), ()} else error.loc
            errors.append(FieldError(loc, error.msg, error.code))
    if errors or region is None or contribution is None or income is None:
        raise ScenarioInvalid(errors=errors)
    per_worker = contribution.per_worker_monthly
    monthly = per_worker * workers
    total = monthly * months
    shares, share_errors = split_cost(total=total, shares=data.shares, mode=data.split_mode)
    if share_errors:
        raise ScenarioInvalid(errors=share_errors)
    calculation: dict[str, Any] = {
        "contribution": contribution.to_dict(),
        "workers": workers,
        "months": months,
        "per_worker_monthly": str(per_worker),
        "monthly_total": str(monthly),
        "annual_total": str(monthly * MONTHS_PER_YEAR),
        "total_cost": str(total),
    }
    if result_gap is not None:
        calculation["coverage"] = {
            "denominator": result_gap.denominator,
            "current": result_gap.current,
            "current_percent": str(result_gap.current_percent)
            if result_gap.current_percent is not None
            else None,
            "target_percent": str(result_gap.target_percent),
            "target_participants": result_gap.target_participants,
            "workers_to_add": result_gap.workers_to_add,
        }
    return ScenarioResult(
        name=name[:200],
        kind=data.kind,
        region=region,
        year=year,
        sector=data.sector,
        months=months,
        as_of=as_of,
        declared_income=contribution.declared_income,
        with_jht=data.with_jht,
        workers=workers,
        per_worker_monthly=per_worker,
        monthly_total=monthly,
        annual_total=monthly * MONTHS_PER_YEAR,
        total_cost=total,
        split_mode=data.split_mode,
        shares=shares,
        target_percent=data.target_percent if data.kind == ScenarioKind.COVERAGE else None,
        denominator=denominator,
        denominator_source=denominator_source,
        denominator_overridden=data.kind == ScenarioKind.COVERAGE and data.denominator is not None,
        current_participants=participants,
        participants_source=participants_source,
        participants_overridden=(
            data.kind == ScenarioKind.COVERAGE and data.current_participants is not None
        ),
        gap=result_gap,
        calculation=calculation,
        notes=data.notes.strip(),
    )


def _figure(
    given: int | None,
    found: selectors.Figure,
    loc: str,
    missing: str,
    errors: list[FieldError],
    *,
    minimum: int = 1,
) -> tuple[int | None, str]:
    if given is not None:
        label = _("The number of workers") if loc == "denominator" else _("The participants")
        value = _count(given, loc, str(label), errors, minimum=minimum)
        return value, _("Entered by hand") + (
            " "
            + _("(recorded figure: %(value)s, %(source)s)")
            % {"value": found.value, "source": found.source}
            if found.value is not None
            else ""
        )
    if found.value is None:
        errors.append(FieldError((loc,), missing, "required"))
        return None, ""
    return found.value, found.source


def _apply(scenario: BudgetScenario, result: ScenarioResult) -> None:
    scenario.name = result.name
    scenario.kind = result.kind
    scenario.region = result.region
    scenario.year = result.year
    scenario.sector = result.sector
    scenario.target_percent = result.target_percent
    scenario.denominator = result.denominator
    scenario.denominator_source = result.denominator_source[:300]
    scenario.denominator_overridden = result.denominator_overridden
    scenario.current_participants = result.current_participants
    scenario.participants_source = result.participants_source[:300]
    scenario.participants_overridden = result.participants_overridden
    scenario.months = result.months
    scenario.declared_income = result.declared_income
    scenario.with_jht = result.with_jht
    scenario.as_of = result.as_of
    scenario.workers = result.workers
    scenario.per_worker_monthly = result.per_worker_monthly
    scenario.monthly_total = result.monthly_total
    scenario.annual_total = result.annual_total
    scenario.total_cost = result.total_cost
    scenario.split_mode = result.split_mode
    scenario.calculation = result.calculation
    scenario.notes = result.notes


def _save_shares(scenario: BudgetScenario, shares: list[Share]) -> None:
    ScenarioShare.objects.filter(scenario=scenario).delete()
    ScenarioShare.objects.bulk_create(
        ScenarioShare(scenario=scenario, source=s.source, percent=s.percent, amount=s.amount)
        for s in shares
    )


def _scenario_view(scenario: BudgetScenario) -> dict[str, Any]:
    view = account_services.snapshot(scenario, SCENARIO_FIELDS)
    view["shares"] = {
        s.source: format(s.amount.normalize(), "f")
        for s in ScenarioShare.objects.filter(scenario=scenario).order_by("source")
    }
    return view


@transaction.atomic(durable=True)
def save_scenario(*, actor: User, data: ScenarioInput) -> BudgetScenario:
    """Compute and save a new scenario with the inputs and parameters it used."""
    result = compute_scenario(actor=actor, data=data)
    scenario = BudgetScenario(created_by=actor)
    _apply(scenario, result)
    scenario.save()
    _save_shares(scenario, result.shares)
    account_services.record_audit(
        actor=actor,
        action="outreach.scenario.create",
        entity_type="budget_scenario",
        entity_id=scenario.pk,
        region_code=scenario.region_id,
        changes=account_services.diff_fields({}, _scenario_view(scenario)),
    )
    return scenario


@transaction.atomic(durable=True)
def update_scenario(*, actor: User, scenario_id: int, data: ScenarioInput) -> BudgetScenario:
    """Recompute and save a scenario with new inputs; an adopted plan stays adopted only if
    its region and year did not change."""
    current = selectors.access_scenario(actor=actor, scenario_id=scenario_id)
    result = compute_scenario(actor=actor, data=data)
    scenario = BudgetScenario.objects.select_for_update().get(pk=current.pk)
    before = _scenario_view(scenario)
    moved = scenario.region_id != result.region.code or scenario.year != result.year
    _apply(scenario, result)
    if moved:
        scenario.is_adopted = False
    scenario.save()
    _save_shares(scenario, result.shares)
    account_services.record_audit(
        actor=actor,
        action="outreach.scenario.update",
        entity_type="budget_scenario",
        entity_id=scenario.pk,
        region_code=scenario.region_id,
        changes=account_services.diff_fields(before, _scenario_view(scenario)),
    )
    return scenario


@transaction.atomic(durable=True)
def delete_scenario(*, actor: User, scenario_id: int) -> None:
    """Delete a scenario; the audit row keeps what it was."""
    scenario = selectors.access_scenario(actor=actor, scenario_id=scenario_id)
    before = _scenario_view(scenario)
    pk, region_code = scenario.pk, scenario.region_id
    scenario.delete()
    account_services.record_audit(
        actor=actor,
        action="outreach.scenario.delete",
        entity_type="budget_scenario",
        entity_id=pk,
        region_code=region_code,
        changes=account_services.diff_fields(before, {}),
    )


@transaction.atomic(durable=True)
def adopt_scenario(*, actor: User, scenario_id: int, adopted: bool = True) -> BudgetScenario:
    """Make a scenario the plan of record for its region and year (the one adopted before
    is released), or release it."""
    scenario = selectors.access_scenario(actor=actor, scenario_id=scenario_id)
    released: list[int] = []
    if adopted:
        for other in (
            BudgetScenario.objects.select_for_update()
            .filter(region_id=scenario.region_id, year=scenario.year, is_adopted=True)
            .exclude(pk=scenario.pk)
        ):
            other.is_adopted = False
            other.save(update_fields=["is_adopted", "updated_at"])
            released.append(other.pk)
    if scenario.is_adopted != adopted:
        scenario.is_adopted = adopted
        scenario.save(update_fields=["is_adopted", "updated_at"])
        account_services.record_audit(
            actor=actor,
            action="outreach.scenario.adopt" if adopted else "outreach.scenario.release",
            entity_type="budget_scenario",
            entity_id=scenario.pk,
            region_code=scenario.region_id,
            changes={
                **account_services.diff_fields(
                    {"is_adopted": not adopted}, {"is_adopted": adopted}
                ),
                "released": released,
            },
        )
    return scenario


# ----------------------------------------------------------------------------- allocations


@dataclass
class BudgetRecordInput:
    """An allocation or a payment as entered."""

    region_code: str
    year: int
    source: str
    amount: Decimal | str | None
    reference: str
    note: str = ""
    paid_on: date | None = None
    workers_covered: int | None = None


def parse_amount(raw: Decimal | str | int | None) -> Decimal | None:
    """Return a rupiah amount from ``1250000``, ``1.250.000`` or ``Rp 1.250.000``, or None."""
    if raw is None:
        return None
    if isinstance(raw, Decimal | int):
        return Decimal(raw)
    text = raw.strip().removeprefix("Rp").strip().replace(" ", "")
    if text.count(".") >= 1 and all(len(part) == 3 for part in text.split(",")[0].split(".")[1:]):
        text = text.replace(".", "").replace(",", ".")
    if not _PLAIN_AMOUNT.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _apply_record(
    actor: User, row: BudgetAllocation | BudgetPayment, data: BudgetRecordInput, *, payment: bool
) -> list[FieldError]:
    errors: list[FieldError] = []
    region = _region(actor, data.region_code, errors)
    year = _year(data.year, errors)
    if data.source not in FundingSource.values:
        errors.append(FieldError(("source",), _("Choose the funding source."), "invalid"))
    amount = parse_amount(data.amount)
    if (
        amount is None
        or not Decimal(0) < amount <= MAX_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        errors.append(
            FieldError(
                ("amount",),
                _("Enter an amount in rupiah above zero (e.g. 1.250.000)."),
                "invalid",
            )
        )
    reference = " ".join(data.reference.split())
    if not reference:
        errors.append(
            FieldError(
                ("reference",),
                _("Name the payment reference.") if payment else _("Name the budget document."),
                "required",
            )
        )
    if region is not None:
        row.region = region
    row.year = year
    row.source = data.source
    row.amount = amount if amount is not None else Decimal(0)
    row.reference = reference[:200]
    row.note = data.note.strip()
    if isinstance(row, BudgetPayment):
        today = timezone.localdate()
        if data.paid_on is None:
            errors.append(FieldError(("paid_on",), _("The payment date is required."), "required"))
        elif data.paid_on > today:
            errors.append(
                FieldError(("paid_on",), _("The payment date is in the future."), "future")
            )
        elif year and abs(data.paid_on.year - year) > 1:
            errors.append(
                FieldError(
                    ("paid_on",),
                    _("The payment date is far from the budget year %(year)s.") % {"year": year},
                    "year_mismatch",
                )
            )
        if data.workers_covered is not None and (
            isinstance(data.workers_covered, bool)
            or not isinstance(data.workers_covered, int)
            or not 0 <= data.workers_covered <= MAX_WORKERS
        ):
            errors.append(
                FieldError(("workers_covered",), _("Enter a whole number of workers."), "invalid")
            )
        row.paid_on = data.paid_on or today
        row.workers_covered = data.workers_covered
    return errors


def _record_view(row: BudgetAllocation | BudgetPayment) -> dict[str, Any]:
    fields = PAYMENT_FIELDS if isinstance(row, BudgetPayment) else RECORD_FIELDS
    return account_services.snapshot(row, fields)


def _write(
    actor: User, row: BudgetAllocation | BudgetPayment, data: BudgetRecordInput, action: str
) -> None:
    kind = "budget_payment" if isinstance(row, BudgetPayment) else "budget_allocation"
    before = {} if row.pk is None else _record_view(row)
    errors = _apply_record(actor, row, data, payment=isinstance(row, BudgetPayment))
    if errors:
        raise BudgetRecordInvalid(errors=errors)
    after = _record_view(row)
    if before == after:
        return
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise BudgetRecordInvalid(
            errors=[FieldError(("amount",), _("The amount is not valid."), "invalid")]
        ) from None
    account_services.record_audit(
        actor=actor,
        action=f"outreach.{kind.removeprefix('budget_')}.{action}",
        entity_type=kind,
        entity_id=row.pk,
        region_code=row.region_id,
        changes=account_services.diff_fields(before, after),
    )


@transaction.atomic(durable=True)
def record_allocation(*, actor: User, data: BudgetRecordInput) -> BudgetAllocation:
    """Record money allocated for contributions in a budget document."""
    _require(actor)
    row = BudgetAllocation(recorded_by=actor)
    _write(actor, row, data, "create")
    return row


@transaction.atomic(durable=True)
def update_allocation(
    *, actor: User, allocation_id: int, data: BudgetRecordInput
) -> BudgetAllocation:
    """Correct an allocation (e.g. after the APBD amendment); audited before/after."""
    _require(actor)
    current = selectors.access_allocation(actor=actor, allocation_id=allocation_id)
    row = BudgetAllocation.objects.select_for_update().get(pk=current.pk)
    _write(actor, row, data, "update")
    return row


@transaction.atomic(durable=True)
def delete_allocation(*, actor: User, allocation_id: int) -> None:
    """Delete an allocation recorded in error; the audit row keeps it."""
    _require(actor)
    row = selectors.access_allocation(actor=actor, allocation_id=allocation_id)
    before, pk, region_code = _record_view(row), row.pk, row.region_id
    row.delete()
    account_services.record_audit(
        actor=actor,
        action="outreach.allocation.delete",
        entity_type="budget_allocation",
        entity_id=pk,
        region_code=region_code,
        changes=account_services.diff_fields(before, {}),
    )


@transaction.atomic(durable=True)
def record_payment(*, actor: User, data: BudgetRecordInput) -> BudgetPayment:
    """Record contributions paid to BPJS Ketenagakerjaan from a funding source."""
    _require(actor)
    row = BudgetPayment(recorded_by=actor)
    _write(actor, row, data, "create")
    return row


@transaction.atomic(durable=True)
def update_payment(*, actor: User, payment_id: int, data: BudgetRecordInput) -> BudgetPayment:
    """Correct a payment; audited before/after."""
    _require(actor)
    current = selectors.access_payment(actor=actor, payment_id=payment_id)
    row = BudgetPayment.objects.select_for_update().get(pk=current.pk)
    _write(actor, row, data, "update")
    return row


@transaction.atomic(durable=True)
def delete_payment(*, actor: User, payment_id: int) -> None:
    """Delete a payment recorded in error; the audit row keeps it."""
    _require(actor)
    row = selectors.access_payment(actor=actor, payment_id=payment_id)
    before, pk, region_code = _record_view(row), row.pk, row.region_id
    row.delete()
    account_services.record_audit(
        actor=actor,
        action="outreach.payment.delete",
        entity_type="budget_payment",
        entity_id=pk,
        region_code=region_code,
        changes=account_services.diff_fields(before, {}),
    )
