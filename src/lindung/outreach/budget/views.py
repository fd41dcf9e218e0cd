"""Budget planner pages: scenarios (preview, save, adopt, compare, XLSX), allocations,
payments and the needed / allocated / spent summary. Thin edges (R3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.models import User
from lindung.core.errors import LindungError
from lindung.core.views import apply_errors
from lindung.outreach import forms
from lindung.outreach.budget import exports, selectors, services
from lindung.outreach.errors import BudgetNotAllowed
from lindung.outreach.models import BudgetAllocation, BudgetPayment, BudgetScenario

MAX_COMPARED = 6


def _planner(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guarded by login_required
    if not selectors.can_plan(user):
        raise BudgetNotAllowed()
    return user


def _regions(actor: User) -> list[tuple[str, str]]:
    return [(r.code, f"{r.code} {r.name}") for r in selectors.planning_regions(actor=actor)]


def _ids(request: HttpRequest) -> list[int]:
    found: list[int] = []
    for raw in request.GET.getlist("ids"):
        for part in raw.split(","):
            if part.strip().isdigit() and int(part) not in found:
                found.append(int(part))
    return found[:MAX_COMPARED]


@login_required
def budget_home(request: HttpRequest) -> HttpResponse:
    """The planner: the region's summary for a year, its scenarios, allocations, payments."""
    actor = _planner(request)
    regions = _regions(actor)
    today = timezone.localdate()
    form = forms.BudgetFilterForm(
        request.GET or None,
        regions=regions,
        initial={"region": actor.region_code, "year": today.year},
    )
    data = form.cleaned_data if form.is_valid() else {}
    region = data.get("region") or actor.region_code
    year = data.get("year") or today.year
    return render(
        request,
        "outreach/budget/home.html",
        {
            "form": form,
            "region": region,
            "year": year,
            "summary": selectors.budget_summary(region_code=region, year=year, actor=actor),
            "scenarios": selectors.scenario_list(actor=actor, region=region, year=year),
            "allocations": selectors.allocation_list(actor=actor, region=region, year=year),
            "payments": selectors.payment_list(actor=actor, region=region, year=year),
            "max_compared": MAX_COMPARED,
        },
    )


def _scenario_input(form: forms.ScenarioForm) -> services.ScenarioInput:
    data = form.cleaned_data
    return services.ScenarioInput(
        name=data["name"],
        kind=data["kind"],
        region_code=data["region_code"],
        year=data["year"],
        months=data["months"],
        sector=data["sector"],
        target_percent=data["target_percent"],
        denominator=data["denominator"],
        current_participants=data["current_participants"],
        workers=data["workers"],
        declared_income=data["declared_income"],
        with_jht=data["with_jht"],
        split_mode=data["split_mode"],
        shares=form.shares(),
        notes=data["notes"],
    )


def _scenario_page(
    request: HttpRequest, actor: User, scenario: BudgetScenario | None, initial: dict[str, Any]
) -> HttpResponse:
    form = forms.ScenarioForm(request.POST or None, regions=_regions(actor), initial=initial)
    preview = figures = None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = _scenario_input(form)
            try:
                if request.POST.get("action") == "preview":
                    preview = services.compute_scenario(actor=actor, data=data)
                    status = 200
                elif scenario is None:
                    saved = services.save_scenario(actor=actor, data=data)
                    messages.success(request, _("The scenario was saved."))
                    return redirect("outreach:scenario_detail", scenario_id=saved.pk)
                else:
                    services.update_scenario(actor=actor, scenario_id=scenario.pk, data=data)
                    messages.success(request, _("The scenario was saved."))
                    return redirect("outreach:scenario_detail", scenario_id=scenario.pk)
            except LindungError as exc:
                if exc.http_status in {403, 404}:
                    raise
                for error in exc.errors:
                    name = str(error.loc[0]) if error.loc else ""
                    if name == "shares":
                        index = error.loc[1] if len(error.loc) > 1 else None
                        source = data.shares[index].source if isinstance(index, int) else ""
                        name = f"share_{source}" if source else ""
                    form.add_error(name if name in form.fields else None, error.msg)
                if not exc.errors:
                    form.add_error(None, exc.message)
                status = exc.http_status
        if form.is_bound and hasattr(form, "cleaned_data"):
            data_ = form.cleaned_data
            if data_.get("region_code") and data_.get("year") and data_.get("sector"):
                figures = selectors.planning_figures(
                    region_code=data_["region_code"], sector=data_["sector"], year=data_["year"]
                )
    return render(
        request,
        "outreach/budget/scenario_form.html",
        {"form": form, "scenario": scenario, "preview": preview, "figures": figures},
        status=status,
    )


@login_required
def scenario_create(request: HttpRequest) -> HttpResponse:
    """Make a scenario: preview the cost, then save it."""
    actor = _planner(request)
    initial = {
        "kind": "coverage",
        "region_code": actor.region_code,
        "year": timezone.localdate().year + 1,
        "months": 12,
        "sector": "all",
        "split_mode": "percent",
    }
    return _scenario_page(request, actor, None, initial)


@login_required
def scenario_edit(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Change a scenario's inputs; it is recomputed with the parameters in force."""
    actor = _planner(request)
    scenario = selectors.access_scenario(actor=actor, scenario_id=scenario_id)
    shares = {
        f"share_{s.source}": (s.percent if scenario.split_mode == "percent" else s.amount)
        for s in scenario.shares.all()
    }
    initial = {
        "name": scenario.name,
        "kind": scenario.kind,
        "region_code": scenario.region_id,
        "year": scenario.year,
        "months": scenario.months,
        "sector": scenario.sector,
        "target_percent": scenario.target_percent,
        "denominator": scenario.denominator if scenario.denominator_overridden else None,
        "current_participants": (
            scenario.current_participants if scenario.participants_overridden else None
        ),
        "workers": scenario.workers if scenario.kind == "protect" else None,
        "declared_income": scenario.declared_income,
        "with_jht": scenario.with_jht,
        "split_mode": scenario.split_mode,
        "notes": scenario.notes,
        **shares,
    }
    return _scenario_page(request, actor, scenario, initial)


@login_required
def scenario_detail(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Show a scenario: every input with its source, the costs, the split against what is
    allocated and the parameters used."""
    actor = _planner(request)
    scenario = selectors.access_scenario(actor=actor, scenario_id=scenario_id)
    contribution = scenario.calculation.get("contribution", {})
    return render(
        request,
        "outreach/budget/scenario_detail.html",
        {
            "scenario": scenario,
            "lines": selectors.scenario_against_allocations(scenario=scenario),
            "parameters": contribution.get("parameters", []),
            "coverage": scenario.calculation.get("coverage"),
        },
    )


@require_POST
@login_required
def scenario_adopt(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Adopt a scenario as the plan of record for its region and year, or release it."""
    adopted = request.POST.get("adopt") == "1"
    services.adopt_scenario(actor=_planner(request), scenario_id=scenario_id, adopted=adopted)
    messages.success(
        request,
        _("The scenario is now the adopted plan.") if adopted else _("The plan was released."),
    )
    return redirect("outreach:scenario_detail", scenario_id=scenario_id)


@require_POST
@login_required
def scenario_delete(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Delete a scenario."""
    services.delete_scenario(actor=_planner(request), scenario_id=scenario_id)
    messages.success(request, _("The scenario was deleted."))
    return redirect("outreach:budget")


@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    """Set the chosen scenarios side by side."""
    actor = _planner(request)
    ids = _ids(request)
    scenarios = selectors.scenarios_by_ids(actor=actor, ids=ids)
    return render(
        request,
        "outreach/budget/compare.html",
        {
            "scenarios": scenarios,
            "rows": exports.comparison_rows(scenarios),
            "ids": ",".join(str(s.pk) for s in scenarios),
        },
    )


@login_required
def scenario_export(request: HttpRequest) -> HttpResponse:
    """Download the chosen scenarios as an XLSX workbook for the budget process."""
    actor = _planner(request)
    scenarios = selectors.scenarios_by_ids(actor=actor, ids=_ids(request))
    if not scenarios:
        messages.error(request, _("Choose at least one scenario to export."))
        return redirect("outreach:budget")
    response = HttpResponse(
        exports.write_scenarios_xlsx(scenarios),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"skenario-anggaran-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ----------------------------------------------------------------------------- records


def _record_input(data: dict[str, Any]) -> services.BudgetRecordInput:
    return services.BudgetRecordInput(
        region_code=data["region_code"],
        year=data["year"],
        source=data["source"],
        amount=data["amount"],
        reference=data["reference"],
        note=data["note"],
        paid_on=data.get("paid_on"),
        workers_covered=data.get("workers_covered"),
    )


def _record_page(
    request: HttpRequest,
    actor: User,
    *,
    payment: bool,
    row: BudgetAllocation | BudgetPayment | None,
) -> HttpResponse:
    form_class = forms.PaymentForm if payment else forms.BudgetRecordForm
    initial: dict[str, Any] = {"region_code": actor.region_code, "year": timezone.localdate().year}
    if row is not None:
        initial = {
            "region_code": row.region_id,
            "year": row.year,
            "source": row.source,
            "amount": format(row.amount.normalize(), "f"),
            "reference": row.reference,
            "note": row.note,
        }
        if isinstance(row, BudgetPayment):
            initial |= {"paid_on": row.paid_on, "workers_covered": row.workers_covered}
    form = form_class(request.POST or None, regions=_regions(actor), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = _record_input(form.cleaned_data)
            try:
                if payment and row is None:
                    services.record_payment(actor=actor, data=data)
                elif payment:
                    services.update_payment(actor=actor, payment_id=row.pk, data=data)  # type: ignore[union-attr]
                elif row is None:
                    services.record_allocation(actor=actor, data=data)
                else:
                    services.update_allocation(actor=actor, allocation_id=row.pk, data=data)
            except LindungError as exc:
                if exc.http_status in {403, 404}:
                    raise
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The budget record was saved."))
                return redirect(
                    f"{reverse('outreach:budget')}?region={data.region_code}&year={data.year}"
                )
    return render(
        request,
        "outreach/budget/record_form.html",
        {"form": form, "payment": payment, "row": row},
        status=status,
    )


@login_required
def allocation_create(request: HttpRequest) -> HttpResponse:
    """Record an allocation."""
    return _record_page(request, _planner(request), payment=False, row=None)


@login_required
def allocation_edit(request: HttpRequest, allocation_id: int) -> HttpResponse:
    """Correct an allocation."""
    actor = _planner(request)
    row = selectors.access_allocation(actor=actor, allocation_id=allocation_id)
    return _record_page(request, actor, payment=False, row=row)


@require_POST
@login_required
def allocation_delete(request: HttpRequest, allocation_id: int) -> HttpResponse:
    """Delete an allocation recorded in error."""
    services.delete_allocation(actor=_planner(request), allocation_id=allocation_id)
    messages.success(request, _("The budget record was deleted."))
    return redirect("outreach:budget")


@login_required
def payment_create(request: HttpRequest) -> HttpResponse:
    """Record a payment."""
    return _record_page(request, _planner(request), payment=True, row=None)


@login_required
def payment_edit(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Correct a payment."""
    actor = _planner(request)
    row = selectors.access_payment(actor=actor, payment_id=payment_id)
    return _record_page(request, actor, payment=True, row=row)


@require_POST
@login_required
def payment_delete(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Delete a payment recorded in error."""
    services.delete_payment(actor=_planner(request), payment_id=payment_id)
    messages.success(request, _("The budget record was deleted."))
    return redirect("outreach:budget")
