"""Factories for claim cases: a raw model factory, and helpers that go through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from lindung.accounts.models import User
from lindung.claims import services as claim_services
from lindung.claims import workflow
from lindung.claims.models import ClaimCase, ClaimStatus, ClaimType, Relationship
from lindung.workers.models import Worker
from tests.factories.workers import WorkerFactory, first_village


class ClaimCaseFactory(DjangoModelFactory[ClaimCase]):
    """A case at "reported", without checklist or steps (use ``report_case`` for those)."""

    class Meta:
        model = ClaimCase

    reference = factory.Sequence(lambda n: f"KLM-2026-9{n:04d}")
    claim_type = ClaimType.JKM_DEATH
    worker = factory.SubFactory(WorkerFactory)
    event_date = date(2026, 3, 2)
    event_region_id = factory.LazyAttribute(lambda c: c.worker.region_id)
    reporter_name = factory.Faker("name", locale="id_ID")
    reporter_phone = factory.Sequence(lambda n: f"0852{n:08d}")
    reporter_relationship = Relationship.SPOUSE
    reported_on = factory.LazyAttribute(lambda c: c.event_date + timedelta(days=1))
    status = ClaimStatus.REPORTED
    status_on = factory.LazyAttribute(lambda c: c.reported_on)


def case_input(worker: Worker, **overrides: Any) -> claim_services.CaseInput:
    """Return a valid JKM death report for WORKER, with OVERRIDES applied."""
    values: dict[str, Any] = {
        "claim_type": ClaimType.JKM_DEATH,
        "worker_id": worker.pk,
        "event_date": date(2026, 3, 2),
        "reported_on": date(2026, 3, 3),
        "event_region_code": worker.region_id,
        "event_place": "Rumah",
        "reporter_name": "Maria Lestari",
        "reporter_phone": "081234567890",
        "reporter_relationship": Relationship.SPOUSE,
    }
    values.update(overrides)
    return claim_services.CaseInput(**values)


def report_case(
    actor: User,
    worker: Worker | None = None,
    beneficiaries: tuple[claim_services.BeneficiaryInput, ...] = (),
    **overrides: Any,
) -> ClaimCase:
    """Record a case through the service (checklist, step, expected benefit included)."""
    worker = worker or WorkerFactory.create(district="61.71.01")
    return claim_services.record_case(
        actor=actor, data=case_input(worker, **overrides), beneficiaries=beneficiaries
    )


def tick_all(actor: User, case: ClaimCase, on: date | None = None) -> None:
    """Tick every document of the case's checklist."""
    for document in case.documents.all():
        claim_services.set_document(
            actor=actor,
            case_id=case.pk,
            code=document.code,
            received=True,
            received_on=on or case.status_on,
        )


def move_to(actor: User, case: ClaimCase, status: str, start: date | None = None) -> ClaimCase:
    """Walk a case forward to STATUS (documents ticked), one day per step from START."""
    day = start or case.status_on
    if case.status == ClaimStatus.REPORTED:
        tick_all(actor, case, day)
    for target in workflow.ORDER[workflow.ORDER.index(case.status) + 1 :]:
        day += timedelta(days=1)
        case = claim_services.move_case(
            actor=actor,
            case_id=case.pk,
            step=workflow.StepInput(
                to_status=target,
                on=day,
                bpjs_claim_number="KLM/PTK/2026/000123",
                amount_paid=Decimal("42000000") if target == ClaimStatus.PAID else None,
            ),
        )
        if target == status:
            break
    return case


def village(district: str) -> str:
    """Return the first village of a district."""
    return first_village(district)
