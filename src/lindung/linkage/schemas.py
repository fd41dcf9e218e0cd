"""API schemas for reconciliation and the self-check (R11): personal data masked."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema


class RunIn(Schema):
    """Start a run: a loaded snapshot, the province (61) or a regency, optional thresholds."""

    snapshot: int
    region: str = "61"
    accept: float | None = None
    review: float | None = None


class CountsOut(Schema):
    workers: int
    covered: int
    lapsed: int
    not_registered: int
    review: int
    nik_exact: int
    nik_near: int
    fuzzy: int
    reviewed: int


class RunOut(Schema):
    id: int
    status: str
    snapshot_id: int
    extract_date: date
    region_code: str
    region_name: str
    accept: float
    review: float
    job_id: str | None
    started_by: str
    created_at: datetime
    finished_at: datetime | None
    counts: CountsOut | None
    error: str


class RunPageOut(Schema):
    count: int
    items: list[RunOut]


class CoverageRowOut(Schema):
    """Registry coverage of one regency and sector (counts only)."""

    regency_code: str
    sector: str
    workers: int
    covered: int
    lapsed: int
    not_registered: int
    review: int
    percent: float | None


class WorkerStatusOut(Schema):
    """A worker's status in a run; the name is masked."""

    worker_id: int
    name_masked: str
    region_code: str
    status: str
    lapsed_since: date | None
    match_type: str
    score: float | None


class WorkerStatusPageOut(Schema):
    count: int
    items: list[WorkerStatusOut]


class ProtectionOut(Schema):
    """A worker's protection from the latest finished run ("unknown" when none included them)."""

    worker_id: int
    status: str
    label: str
    lapsed_since: date | None
    run_id: int | None
    snapshot_date: date | None
    run_finished_at: datetime | None
    match_type: str
    score: float | None


class FieldAgreementOut(Schema):
    field: str
    level: str
    agreement: str
    weight: float
    implied: bool


class ReviewPairOut(Schema):
    """A pair waiting for a decision, masked, with each field's agreement."""

    id: int
    run_id: int
    worker_id: int
    worker_name_masked: str
    worker_birth_year: int | None
    participant_id: int
    participant_name_masked: str
    participant_birth_year: int | None
    score: float
    match_type: str
    fields: list[FieldAgreementOut]


class ReviewPageOut(Schema):
    count: int
    items: list[ReviewPairOut]


class DecisionIn(Schema):
    decision: Literal["accept", "reject"]


class SelfCheckIn(Schema):
    nik: str
    birth_date: date


class SelfCheckOut(Schema):
    """Only the status: protected, lapsed (since YYYY-MM) or not found."""

    outcome: Literal["covered", "lapsed", "not_found"]
    lapsed_since: str | None
