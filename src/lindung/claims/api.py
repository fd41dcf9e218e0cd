"""Claim endpoints at /api/v1/claims, scoped exactly like the pages (readable_cases).

Personal data is masked; ``POST /{id}/reveal`` returns it to allowed roles and is audited.
Errors use the one shape ``{"code", "message", "errors": [{"loc", "msg", "code"}]}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from lindung.accounts.api import actor_of
from lindung.accounts.models import User
from lindung.claims import selectors as claim_selectors
from lindung.claims import services as claim_services
from lindung.claims import workflow
from lindung.claims.documents import document_label
from lindung.claims.models import ClaimCase
from lindung.claims.schemas import (
    ClaimDetailOut,
    ClaimFilterIn,
    ClaimIn,
    ClaimPageOut,
    ClaimRevealedOut,
    DocumentIn,
    DocumentOut,
    StatsOut,
    StepIn,
)
from lindung.core.masking import mask_identifier, mask_name, mask_phone

router = Router(tags=["claims"])

MAX_LIMIT = 200
INPUT_FIELDS = (
    "monthly_wage",
    "contribution_months",
    "stmb_months",
    "disability_pct",
    "function_loss_pct",
    "transport_land",
    "transport_sea",
    "transport_air",
)


def _overdue(found: workflow.Overdue | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "status": found.status,
        "since": found.since,
        "working_days": found.working_days,
        "limit": found.limit,
        "overdue": found.overdue,
    }


def _out(case: ClaimCase, overdue: workflow.Overdue | None) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "claim_type": case.claim_type,
        "jkk_outcome": case.jkk_outcome,
        "beasiswa_cause": case.beasiswa_cause,
        "status": case.status,
        "status_on": case.status_on,
        "worker_id": case.worker_id,
        "worker_name_masked": mask_name(case.worker.name),
        "worker_nik_masked": mask_identifier(case.worker.nik),
        "event_date": case.event_date,
        "event_region_code": case.event_region_id,
        "event_region_name": case.event_region.name,
        "project_id": case.project_id,
        "bpjs_claim_number": case.bpjs_claim_number,
        "expected_benefit": case.expected_benefit,
        "amount_paid": case.amount_paid,
        "paid_on": case.paid_on,
        "days_to_payout": case.days_to_payout,
        "protected_at_event": case.protected_at_event,
        "overdue": _overdue(overdue),
    }


def _detail(actor: User, case_id: int) -> dict[str, Any]:
    case = claim_selectors.access_case(actor=actor, case_id=case_id)
    today = timezone.localdate()
    overdue = claim_selectors.overdue_for([case], today=today).get(case.pk)
    return _out(case, overdue) | {
        "event_place": case.event_place,
        "description": case.description,
        "reporter_name_masked": mask_name(case.reporter_name),
        "reporter_phone_masked": mask_phone(case.reporter_phone),
        "reporter_relationship": case.reporter_relationship,
        "reported_on": case.reported_on,
        "rejection_reason": case.rejection_reason,
        "benefit_difference": case.benefit_difference,
        "expected_detail": case.expected_detail or {},
        "expected_parameters": case.expected_parameters or [],
        "expected_issues": case.expected_issues or [],
        "protection": case.protection_detail or {},
        "steps": [
            {
                "status": step.status,
                "on": step.on,
                "moved_by": step.moved_by.username if step.moved_by else "",
                "note": step.note,
            }
            for step in claim_selectors.case_steps(case=case)
        ],
        "documents": [
            {
                "code": doc.code,
                "label": document_label(doc.code),
                "required": doc.required,
                "received": doc.received,
                "received_on": doc.received_on,
            }
            for doc in claim_selectors.case_documents(case=case)
        ],
        "beneficiaries": [
            {
                "id": b.pk,
                "position": b.position,
                "name_masked": mask_name(b.name),
                "nik_masked": mask_identifier(b.nik),
                "relationship": b.relationship,
                "birth_year": b.birth_date.year if b.birth_date else None,
                "school_level": b.school_level,
                "married": b.married,
                "working": b.working,
            }
            for b in claim_selectors.case_beneficiaries(case=case)
        ],
    }


@router.get("", response=ClaimPageOut, summary="List claim cases")
def list_cases(
    request: HttpRequest, filters: Query[ClaimFilterIn], limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """List the cases the caller may read, masked, with the list page's filters, paged."""
    actor = actor_of(request)
    today = timezone.localdate()
    cases = claim_selectors.case_list(
        actor=actor,
        filters=claim_selectors.CaseFilters(
            claim_type=filters.claim_type or "",
            status=filters.status or "",
            regency=filters.regency,
            overdue=filters.overdue,
            unprotected=filters.unprotected,
            query=filters.q,
            project_id=filters.project,
            worker_id=filters.worker,
        ),
        today=today,
    )
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    rows = list(cases[offset : offset + limit])
    overdue = claim_selectors.overdue_for(rows, today=today)
    return {"count": cases.count(), "items": [_out(c, overdue.get(c.pk)) for c in rows]}


@router.post("", response={201: ClaimDetailOut}, summary="Record a claim case")
def create_case(request: HttpRequest, payload: ClaimIn) -> Status[dict[str, Any]]:
    """Record a case; the checklist and the expected benefit are set, and an accident on an
    unprotected project is flagged and notified."""
    actor = actor_of(request)
    data = payload.dict()
    inputs = claim_services.BenefitInputs(**{name: data.pop(name) for name in INPUT_FIELDS})
    heirs = [claim_services.BeneficiaryInput(**b) for b in data.pop("beneficiaries")]
    case = claim_services.record_case(
        actor=actor, data=claim_services.CaseInput(**data, inputs=inputs), beneficiaries=heirs
    )
    return Status(201, _detail(actor, case.pk))


@router.get("/stats", response=StatsOut, summary="Claim statistics per regency")
def case_stats(
    request: HttpRequest,
    date_from: date | None = None,
    date_to: date | None = None,
    claim_type: str = "",
) -> dict[str, Any]:
    """Cases, amounts paid and median days to payout per regency (this year by default)."""
    today = timezone.localdate()
    start = date_from or date(today.year, 1, 1)
    end = date_to or today
    figures = claim_selectors.claim_stats(
        actor=actor_of(request), date_from=start, date_to=end, claim_type=claim_type
    )

    def row(r: claim_selectors.RegencyStats) -> dict[str, Any]:
        return {
            "code": r.code,
            "name": r.name,
            "cases": r.cases,
            "open": r.open,
            "rejected": r.rejected,
            "unprotected": r.unprotected,
            "paid": r.paid,
            "amount_paid": r.amount_paid,
            "paid_vs_expected": r.paid_vs_expected,
            "median_days": r.median_days,
        }

    return {
        "date_from": figures.date_from,
        "date_to": figures.date_to,
        "rows": [row(r) for r in figures.rows],
        "total": row(figures.total),
    }


@router.get("/{case_id}", response=ClaimDetailOut, summary="One claim case")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Return one readable case, masked (404 when absent or outside the caller's scope)."""
    return _detail(actor_of(request), case_id)


@router.post("/{case_id}/steps", response=ClaimDetailOut, summary="Move a case one step")
def move_case(request: HttpRequest, case_id: int, payload: StepIn) -> dict[str, Any]:
    """Move the case to the next status or reject it; skipping and reopening are refused."""
    actor = actor_of(request)
    claim_services.move_case(
        actor=actor, case_id=case_id, step=workflow.StepInput(**payload.dict())
    )
    return _detail(actor, case_id)


@router.post(
    "/{case_id}/documents/{code}", response=DocumentOut, summary="Tick a checklist document"
)
def set_document(
    request: HttpRequest, case_id: int, code: str, payload: DocumentIn
) -> dict[str, Any]:
    """Tick (or, while the case is at "reported", untick) one document of the checklist."""
    document = claim_services.set_document(
        actor=actor_of(request),
        case_id=case_id,
        code=code,
        received=payload.received,
        received_on=payload.received_on,
    )
    return {
        "code": document.code,
        "label": document_label(document.code),
        "required": document.required,
        "received": document.received,
        "received_on": document.received_on,
    }


@router.post("/{case_id}/reveal", response=ClaimRevealedOut, summary="Reveal personal data")
def reveal_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Return the worker's, reporter's and heirs' personal data; the reveal is audited."""
    revealed = claim_services.reveal_case(actor=actor_of(request), case_id=case_id)
    case = revealed.case
    return {
        "id": case.pk,
        "worker_id": case.worker_id,
        "worker_name": case.worker.name,
        "worker_nik": case.worker.nik,
        "reporter_name": case.reporter_name,
        "reporter_phone": case.reporter_phone,
        "beneficiaries": [
            {
                "id": b.pk,
                "name": b.name,
                "nik": b.nik,
                "birth_date": b.birth_date,
                "phone": b.phone,
            }
            for b in revealed.beneficiaries
        ],
    }
