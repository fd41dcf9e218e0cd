"""Outreach endpoints at /api/v1/outreach: events, targets, budget scenarios, the funnel and
the budget summary. Scoped exactly like the pages; errors in the one API shape."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from lindung.accounts.api import actor_of
from lindung.core.masking import mask_identifier, mask_name
from lindung.outreach import funnel, selectors, services
from lindung.outreach.budget import selectors as budget_selectors
from lindung.outreach.budget import services as budget_services
from lindung.outreach.budget.services import ScenarioResult
from lindung.outreach.models import BudgetScenario, EventRegistration, SocializationEvent
from lindung.outreach.planning import ShareInput
from lindung.outreach.schemas import (
    AdoptIn,
    BudgetSummaryOut,
    CreditIn,
    EventFilterIn,
    EventIn,
    EventOut,
    EventPageOut,
    FunnelOut,
    RegistrationOut,
    ScenarioIn,
    ScenarioOut,
    TargetIn,
    TargetOut,
    TargetPatch,
)

router = Router(tags=["outreach"])

MAX_LIMIT = 200


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, MAX_LIMIT)), max(0, offset)


# ----------------------------------------------------------------------------- events


def _event_out(event: SocializationEvent, registrations: int | None = None) -> dict[str, Any]:
    user = event.organiser_user
    return {
        "id": event.pk,
        "title": event.title,
        "held_on": event.held_on,
        "region_code": event.region_id,
        "region_name": event.region.name,
        "place": event.place,
        "organiser_cadre_id": event.organiser_cadre_id,
        "organiser_cadre_name": event.organiser_cadre.name if event.organiser_cadre else None,
        "organiser_user": user.username if user else None,
        "sector": event.sector,
        "attendance_count": event.attendance_count,
        "registrations": (
            registrations
            if registrations is not None
            else selectors.event_summary(event=event)["registrations"]
        ),
        "materials": event.materials,
        "notes": event.notes,
    }


def _event_input(payload: EventIn) -> services.EventInput:
    return services.EventInput(**payload.dict())


@router.get("/events", response=EventPageOut, summary="List events")
def list_events(
    request: HttpRequest, filters: Query[EventFilterIn], limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """List the events in the caller's area, newest first, with the list page's filters."""
    actor = actor_of(request)
    events = selectors.event_list(
        actor=actor,
        filters=selectors.EventFilters(
            region=filters.region,
            sector=filters.sector,
            cadre_id=filters.cadre,
            date_from=filters.date_from,
            date_to=filters.date_to,
            query=filters.q,
        ),
    )
    limit, offset = _page(limit, offset)
    rows = list(events[offset : offset + limit])
    return {
        "count": events.count(),
        "items": [_event_out(e, getattr(e, "registration_count", None)) for e in rows],
    }


@router.post("/events", response={201: EventOut}, summary="Record an event")
def create_event(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    """Record an event held in a village of the caller's area."""
    actor = actor_of(request)
    event = services.record_event(actor=actor, data=_event_input(payload))
    return Status(201, _event_out(selectors.access_event(actor=actor, event_id=event.pk)))


@router.get("/events/{event_id}", response=EventOut, summary="One event")
def get_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    """Return one event (404 when absent or outside the caller's area)."""
    return _event_out(selectors.access_event(actor=actor_of(request), event_id=event_id))


@router.put("/events/{event_id}", response=EventOut, summary="Change an event")
def update_event(request: HttpRequest, event_id: int, payload: EventIn) -> dict[str, Any]:
    """Replace an event's details; audited."""
    actor = actor_of(request)
    services.update_event(actor=actor, event_id=event_id, data=_event_input(payload))
    return _event_out(selectors.access_event(actor=actor, event_id=event_id))


@router.delete("/events/{event_id}", response={204: None}, summary="Delete an event")
def delete_event(request: HttpRequest, event_id: int) -> Status[None]:
    """Delete an event without credited registrations (409 otherwise)."""
    services.delete_event(actor=actor_of(request), event_id=event_id)
    return Status(204, None)


def _registration_out(registration: EventRegistration) -> dict[str, Any]:
    return {
        "id": registration.pk,
        "event_id": registration.event_id,
        "worker_id": registration.worker_id,
        "worker_name_masked": mask_name(registration.worker.name),
        "worker_nik_masked": mask_identifier(registration.worker.nik),
        "cadre_id": registration.cadre_id,
        "registered_on": registration.registered_on,
        "new_worker": registration.new_worker,
    }


@router.get(
    "/events/{event_id}/registrations",
    response=list[RegistrationOut],
    summary="Workers registered from an event",
)
def list_registrations(request: HttpRequest, event_id: int) -> list[dict[str, Any]]:
    """Return the workers credited to an event, masked."""
    actor = actor_of(request)
    event = selectors.access_event(actor=actor, event_id=event_id)
    return [_registration_out(r) for r in selectors.event_registrations(actor=actor, event=event)]


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut},
    summary="Credit a registry worker to an event",
)
def credit_worker(request: HttpRequest, event_id: int, payload: CreditIn) -> Status[dict[str, Any]]:
    """Credit a worker registered on or after the event (within 90 days) to it."""
    registration = services.credit_worker(
        actor=actor_of(request), event_id=event_id, worker_id=payload.worker_id
    )
    return Status(201, _registration_out(registration))


# ----------------------------------------------------------------------------- targets


def _target_out(progress: selectors.TargetProgress) -> dict[str, Any]:
    target = progress.target
    return {
        "id": target.pk,
        "cadre_id": target.cadre_id,
        "cadre_name": target.cadre.name if target.cadre else None,
        "region_code": target.region_id,
        "metric": target.metric,
        "period": target.period,
        "period_start": target.period_start,
        "period_end": target.period_end,
        "value": target.value,
        "achieved": progress.achieved,
        "percent": progress.percent,
    }


@router.get("/targets", response=list[TargetOut], summary="List targets with progress")
def list_targets(
    request: HttpRequest, cadre: int | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """List the targets of the caller's area with what has been achieved, newest first."""
    actor = actor_of(request)
    targets = selectors.readable_targets(actor=actor).order_by("-period_start", "metric", "pk")
    if cadre is not None:
        targets = targets.filter(cadre_id=cadre)
    limit, offset = _page(limit, offset)
    rows = list(targets[offset : offset + limit])
    return [_target_out(p) for p in selectors.target_progress(actor=actor, targets=rows)]


def _one_target(actor: Any, target_id: int) -> dict[str, Any]:
    target = selectors.access_target(actor=actor, target_id=target_id)
    return _target_out(selectors.target_progress(actor=actor, targets=[target])[0])


@router.post("/targets", response={201: TargetOut}, summary="Set a target")
def create_target(request: HttpRequest, payload: TargetIn) -> Status[dict[str, Any]]:
    """Set a cadre's or a village's target for a period (409 if one exists)."""
    actor = actor_of(request)
    target = services.set_target(actor=actor, data=services.TargetInput(**payload.dict()))
    return Status(201, _one_target(actor, target.pk))


@router.patch("/targets/{target_id}", response=TargetOut, summary="Change a target")
def change_target(request: HttpRequest, target_id: int, payload: TargetPatch) -> dict[str, Any]:
    """Change a target's value."""
    actor = actor_of(request)
    services.change_target(actor=actor, target_id=target_id, value=payload.value)
    return _one_target(actor, target_id)


@router.delete("/targets/{target_id}", response={204: None}, summary="Delete a target")
def delete_target(request: HttpRequest, target_id: int) -> Status[None]:
    """Delete a target."""
    services.remove_target(actor=actor_of(request), target_id=target_id)
    return Status(204, None)


# ----------------------------------------------------------------------------- funnel


@router.get("/funnel", response=FunnelOut, summary="Conversion funnel")
def get_funnel(
    request: HttpRequest,
    filters: Query[EventFilterIn],
    group: funnel.FunnelGroup = funnel.FunnelGroup.VILLAGE,
) -> dict[str, Any]:
    """Return reached → registered → paid → active after 3 and 6 months, grouped."""
    report = funnel.conversion_funnel(
        actor=actor_of(request),
        group=group,
        filters=selectors.EventFilters(
            region=filters.region,
            sector=filters.sector,
            cadre_id=filters.cadre,
            date_from=filters.date_from,
            date_to=filters.date_to,
            query=filters.q,
        ),
    )
    return {
        "group": str(report.group),
        "snapshot_date": report.snapshot.extract_date if report.snapshot else None,
        "snapshots_used": list(report.snapshots_used),
        "rows": [row.as_dict() for row in report.rows],
        "total": report.total.as_dict(),
    }


# ----------------------------------------------------------------------------- scenarios


def _scenario_input(payload: ScenarioIn) -> budget_services.ScenarioInput:
    data = payload.dict()
    shares = [ShareInput(**share) for share in data.pop("shares")]
    return budget_services.ScenarioInput(**data, shares=shares)


def _scenario_out(scenario: BudgetScenario) -> dict[str, Any]:
    coverage = scenario.kind == "coverage"
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "kind": scenario.kind,
        "region_code": scenario.region_id,
        "year": scenario.year,
        "sector": scenario.sector,
        "target_percent": scenario.target_percent,
        "denominator": {
            "value": scenario.denominator,
            "source": scenario.denominator_source,
            "entered_by_hand": scenario.denominator_overridden,
        }
        if coverage
        else None,
        "current_participants": {
            "value": scenario.current_participants,
            "source": scenario.participants_source,
            "entered_by_hand": scenario.participants_overridden,
        }
        if coverage
        else None,
        "workers": scenario.workers,
        "months": scenario.months,
        "declared_income": scenario.declared_income,
        "with_jht": scenario.with_jht,
        "as_of": scenario.as_of,
        "per_worker_monthly": scenario.per_worker_monthly,
        "monthly_total": scenario.monthly_total,
        "annual_total": scenario.annual_total,
        "total_cost": scenario.total_cost,
        "split_mode": scenario.split_mode,
        "shares": [
            {"source": s.source, "percent": s.percent, "amount": s.amount}
            for s in scenario.shares.all()
        ],
        "is_adopted": scenario.is_adopted,
        "notes": scenario.notes,
    }


def _result_out(result: ScenarioResult) -> dict[str, Any]:
    coverage = result.kind == "coverage"
    return {
        "id": None,
        "name": result.name,
        "kind": result.kind,
        "region_code": result.region.code,
        "year": result.year,
        "sector": result.sector,
        "target_percent": result.target_percent,
        "denominator": {
            "value": result.denominator,
            "source": result.denominator_source,
            "entered_by_hand": result.denominator_overridden,
        }
        if coverage
        else None,
        "current_participants": {
            "value": result.current_participants,
            "source": result.participants_source,
            "entered_by_hand": result.participants_overridden,
        }
        if coverage
        else None,
        "workers": result.workers,
        "months": result.months,
        "declared_income": result.declared_income,
        "with_jht": result.with_jht,
        "as_of": result.as_of,
        "per_worker_monthly": result.per_worker_monthly,
        "monthly_total": result.monthly_total,
        "annual_total": result.annual_total,
        "total_cost": result.total_cost,
        "split_mode": result.split_mode,
        "shares": [
            {"source": s.source, "percent": s.percent, "amount": s.amount} for s in result.shares
        ],
        "is_adopted": False,
        "notes": result.notes,
    }


@router.get("/scenarios", response=list[ScenarioOut], summary="List budget scenarios")
def list_scenarios(
    request: HttpRequest, region: str = "", year: int | None = None
) -> list[dict[str, Any]]:
    """List the scenarios of the caller's area (planning roles only)."""
    scenarios = budget_selectors.scenario_list(actor=actor_of(request), region=region, year=year)
    return [_scenario_out(s) for s in scenarios[:MAX_LIMIT]]


@router.post("/scenarios/preview", response=ScenarioOut, summary="Calculate a scenario")
def preview_scenario(request: HttpRequest, payload: ScenarioIn) -> dict[str, Any]:
    """Compute a scenario without saving it."""
    result = budget_services.compute_scenario(
        actor=actor_of(request), data=_scenario_input(payload)
    )
    return _result_out(result)


@router.post("/scenarios", response={201: ScenarioOut}, summary="Save a budget scenario")
def create_scenario(request: HttpRequest, payload: ScenarioIn) -> Status[dict[str, Any]]:
    """Compute and save a scenario with the inputs and parameters used."""
    actor = actor_of(request)
    scenario = budget_services.save_scenario(actor=actor, data=_scenario_input(payload))
    return Status(
        201, _scenario_out(budget_selectors.access_scenario(actor=actor, scenario_id=scenario.pk))
    )


@router.get("/scenarios/{scenario_id}", response=ScenarioOut, summary="One budget scenario")
def get_scenario(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    """Return one scenario (404 when absent or outside the caller's area)."""
    return _scenario_out(
        budget_selectors.access_scenario(actor=actor_of(request), scenario_id=scenario_id)
    )


@router.put("/scenarios/{scenario_id}", response=ScenarioOut, summary="Change a scenario")
def update_scenario(request: HttpRequest, scenario_id: int, payload: ScenarioIn) -> dict[str, Any]:
    """Recompute a scenario with new inputs."""
    actor = actor_of(request)
    budget_services.update_scenario(
        actor=actor, scenario_id=scenario_id, data=_scenario_input(payload)
    )
    return _scenario_out(budget_selectors.access_scenario(actor=actor, scenario_id=scenario_id))


@router.post("/scenarios/{scenario_id}/adopt", response=ScenarioOut, summary="Adopt a plan")
def adopt_scenario(request: HttpRequest, scenario_id: int, payload: AdoptIn) -> dict[str, Any]:
    """Adopt a scenario as the plan of record for its region and year, or release it."""
    actor = actor_of(request)
    budget_services.adopt_scenario(actor=actor, scenario_id=scenario_id, adopted=payload.adopted)
    return _scenario_out(budget_selectors.access_scenario(actor=actor, scenario_id=scenario_id))


@router.delete("/scenarios/{scenario_id}", response={204: None}, summary="Delete a scenario")
def delete_scenario(request: HttpRequest, scenario_id: int) -> Status[None]:
    """Delete a scenario."""
    budget_services.delete_scenario(actor=actor_of(request), scenario_id=scenario_id)
    return Status(204, None)


@router.get("/budget-summary", response=BudgetSummaryOut, summary="Needed vs allocated vs spent")
def budget_summary(request: HttpRequest, region: str, year: int) -> dict[str, Any]:
    """Return what the adopted plans need against what is allocated and paid, per source."""
    summary = budget_selectors.access_budget_summary(
        actor=actor_of(request), region_code=region, year=year
    )
    return summary.as_dict()
