"""Project endpoints at /api/v1/projects, scoped exactly like the pages (readable_projects)."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from lindung.accounts.api import actor_of
from lindung.projects import list_selectors
from lindung.projects import selectors as project_selectors
from lindung.projects import services as project_services
from lindung.projects.compliance import ComplianceStatus
from lindung.projects.forms import input_from_project
from lindung.projects.models import Project
from lindung.projects.schemas import (
    ComplianceOut,
    ProjectDetailOut,
    ProjectFilterIn,
    ProjectIn,
    ProjectPageOut,
    ProjectPatch,
)
from lindung.projects.services import ProjectInput

router = Router(tags=["projects"])

MAX_LIMIT = 200
DETAIL_FIELDS = (
    "hps_value",
    "contribution_in_hps",
    "value_includes_vat",
    "vat_amount",
    "contribution_jkk",
    "contribution_jkm",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "planned_workforce",
)


def _party(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _out(project: Project, status: ComplianceStatus, *, detail: bool = False) -> dict[str, Any]:
    data = {
        "id": project.pk,
        "kode_rup": project.kode_rup,
        "contract_number": project.contract_number,
        "name": project.name,
        "agency": _party(project.agency),
        "ppk": _party(project.ppk),
        "contractor": _party(project.contractor),
        "region_code": project.region_id,
        "region_name": project.region.name,
        "sector": project.sector,
        "funding_source": project.funding_source,
        "fiscal_year": project.fiscal_year,
        "stage": project.stage,
        "contract_value": project.contract_value,
        "contribution_total": project.contribution_total,
        "paid_total": project.paid_total,
        "spk_date": project.spk_date,
        "registration_due": project.registration_due,
        "registered_on": project.registered_on,
        "status": status.code,
    }
    if detail:
        data.update({name: getattr(project, name) for name in DETAIL_FIELDS})
    return data


def _detail(actor: Any, project_id: int) -> dict[str, Any]:
    project = project_selectors.access_project(actor=actor, project_id=project_id)
    status = list_selectors.compliance_for([project], as_of=timezone.localdate())[project.pk]
    return _out(project, status, detail=True)


@router.get("", response=ProjectPageOut, summary="List projects")
def list_projects(
    request: HttpRequest, filters: Query[ProjectFilterIn], limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """List the projects the caller may read, with the list page's filters, paged."""
    actor = actor_of(request)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    today = timezone.localdate()
    projects = list_selectors.filtered_projects(
        actor=actor,
        filters=list_selectors.ProjectFilters(
            region=filters.region,
            agency_id=filters.agency,
            ppk_id=filters.ppk,
            contractor_id=filters.contractor,
            stage=filters.stage,
            status=filters.status or "",
            year=filters.year,
            funding=filters.funding,
            query=filters.q,
            order=filters.order,
        ),
        today=today,
    )
    rows = list(projects[offset : offset + limit])
    statuses = list_selectors.compliance_for(rows, as_of=today)
    return {"count": projects.count(), "items": [_out(p, statuses[p.pk]) for p in rows]}


@router.post("", response={201: ProjectDetailOut}, summary="Create a project")
def create_project(request: HttpRequest, payload: ProjectIn) -> Status[dict[str, Any]]:
    """Create a project in the caller's scope; the contribution and deadline are computed."""
    actor = actor_of(request)
    project = project_services.create_project(actor=actor, data=ProjectInput(**payload.dict()))
    return Status(201, _detail(actor, project.pk))


@router.get("/{project_id}", response=ProjectDetailOut, summary="One project")
def get_project(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """Return one readable project (404 when absent or outside the caller's scope)."""
    return _detail(actor_of(request), project_id)


@router.patch("/{project_id}", response=ProjectDetailOut, summary="Update a project")
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch) -> dict[str, Any]:
    """Change the fields sent; the others keep their values."""
    actor = actor_of(request)
    project = project_selectors.access_project(actor=actor, project_id=project_id)
    current = input_from_project(project)
    names = {f.name for f in fields(ProjectInput)}
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if k in names}
    for key, value in changes.items():
        if value is None and isinstance(getattr(current, key), str):
            changes[key] = ""
    if "agency_name" in changes and "agency_region_code" not in changes:
        changes["agency_region_code"] = ""
    data = replace(current, **changes)
    project_services.update_project(actor=actor, project_id=project.pk, data=data)
    return _detail(actor, project.pk)


@router.get("/{project_id}/compliance", response=ComplianceOut, summary="Project compliance")
def project_compliance(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """Return the project's Jakon compliance today, with the explanation and next step."""
    project = project_selectors.access_project(actor=actor_of(request), project_id=project_id)
    status = list_selectors.compliance_for([project], as_of=timezone.localdate())[project.pk]
    return {
        "code": status.code,
        "compliant": status.compliant,
        "severity": status.severity,
        "explanation": status.explanation,
        "next_action": status.next_action,
        "due": status.due,
        "working_days_left": status.working_days_left,
        "outstanding": status.outstanding,
        "expected_in_hps": status.expected_in_hps,
    }
