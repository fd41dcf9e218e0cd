"""API schemas for claims (R11): input, masked list and detail output, steps, statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema

ClaimTypeParam = Literal["jkk_accident", "jkk_disease", "jkm_death", "beasiswa"]
StatusParam = Literal[
    "open", "reported", "documents_complete", "submitted", "approved", "paid", "rejected"
]


class ClaimFilterIn(Schema):
    """The list filters, the same as the list page's; ``q`` matches case or BPJS numbers."""

    claim_type: ClaimTypeParam | None = None
    status: StatusParam | None = None
    regency: str = ""
    overdue: bool = False
    unprotected: bool = False
    q: str = ""
    project: int | None = None
    worker: int | None = None


class BenefitInputsIn(Schema):
    """What the expected benefit is computed from (all optional)."""

    monthly_wage: Decimal | None = None
    contribution_months: int | None = None
    stmb_months: int | None = None
    disability_pct: Decimal | None = None
    function_loss_pct: Decimal | None = None
    transport_land: Decimal | None = None
    transport_sea: Decimal | None = None
    transport_air: Decimal | None = None


class BeneficiaryIn(Schema):
    """An heir or a child; ``years_used`` maps a school level to years already paid."""

    name: str
    relationship: Literal["spouse", "child", "parent", "sibling", "other"]
    nik: str = ""
    birth_date: date | None = None
    phone: str = ""
    school_level: Literal["", "TK", "SD", "SMP", "SMA", "PT"] = ""
    married: bool = False
    working: bool = False
    years_used: dict[str, int] = {}
    paid_to_date: Decimal = Decimal(0)


class ClaimIn(BenefitInputsIn):
    """A new case for a registry worker (the caller must be able to read the worker)."""

    claim_type: ClaimTypeParam
    worker_id: int
    event_date: date
    reporter_name: str
    reporter_relationship: str
    event_region_code: str = ""
    event_place: str = ""
    description: str = ""
    project_id: int | None = None
    reporter_phone: str = ""
    reported_on: date | None = None
    jkk_outcome: str = ""
    beasiswa_cause: str = ""
    beneficiaries: list[BeneficiaryIn] = []


class StepIn(Schema):
    """Move the case to the next status (or reject it) on a date."""

    to_status: Literal["documents_complete", "submitted", "approved", "paid", "rejected"]
    on: date
    bpjs_claim_number: str = ""
    amount_paid: Decimal | None = None
    rejection_reason: str = ""
    note: str = ""


class DocumentIn(Schema):
    received: bool = True
    received_on: date | None = None


class OverdueOut(Schema):
    status: str
    since: date
    working_days: int
    limit: int
    overdue: bool


class ClaimOut(Schema):
    """A case in a list; the worker's NIK and name are masked."""

    id: int
    reference: str
    claim_type: str
    jkk_outcome: str
    beasiswa_cause: str
    status: str
    status_on: date
    worker_id: int
    worker_name_masked: str
    worker_nik_masked: str
    event_date: date
    event_region_code: str
    event_region_name: str
    project_id: int | None
    bpjs_claim_number: str
    expected_benefit: Decimal | None
    amount_paid: Decimal | None
    paid_on: date | None
    days_to_payout: int | None
    protected_at_event: bool | None
    overdue: OverdueOut | None


class StepOut(Schema):
    status: str
    on: date
    moved_by: str
    note: str


class DocumentOut(Schema):
    code: str
    label: str
    required: bool
    received: bool
    received_on: date | None


class BeneficiaryOut(Schema):
    """An heir or a child, masked: initials, masked NIK, birth year only."""

    id: int
    position: int
    name_masked: str
    nik_masked: str
    relationship: str
    birth_year: int | None
    school_level: str
    married: bool
    working: bool


class ClaimDetailOut(ClaimOut):
    """One case with its history, checklist, heirs and how the benefit was computed."""

    event_place: str
    description: str
    reporter_name_masked: str
    reporter_phone_masked: str
    reporter_relationship: str
    reported_on: date
    rejection_reason: str
    benefit_difference: Decimal | None
    expected_detail: dict[str, Any]
    expected_parameters: list[dict[str, Any]]
    expected_issues: list[dict[str, Any]]
    protection: dict[str, Any]
    steps: list[StepOut]
    documents: list[DocumentOut]
    beneficiaries: list[BeneficiaryOut]


class ClaimPageOut(Schema):
    count: int
    items: list[ClaimOut]


class RevealedBeneficiaryOut(Schema):
    id: int
    name: str
    nik: str
    birth_date: date | None
    phone: str


class ClaimRevealedOut(Schema):
    """The case's personal data, unmasked; every call is recorded in the audit trail."""

    id: int
    worker_id: int
    worker_name: str
    worker_nik: str
    reporter_name: str
    reporter_phone: str
    beneficiaries: list[RevealedBeneficiaryOut]


class StatsRowOut(Schema):
    code: str
    name: str
    cases: int
    open: int
    rejected: int
    unprotected: int
    paid: int
    amount_paid: Decimal
    paid_vs_expected: Decimal
    median_days: float | None


class StatsOut(Schema):
    date_from: date
    date_to: date
    rows: list[StatsRowOut]
    total: StatsRowOut
