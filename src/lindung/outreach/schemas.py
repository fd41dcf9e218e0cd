"""API schemas of outreach and the budget planner (R11). Personal data leaves masked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Schema


class EventFilterIn(Schema):
    region: str = ""
    sector: str = ""
    cadre: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""


class EventIn(Schema):
    """An event as recorded; a cadre's own events need no organiser."""

    title: str
    held_on: date
    region_code: str
    place: str
    attendance_count: int
    sector: str = "other"
    organiser_cadre_id: int | None = None
    materials: str = ""
    notes: str = ""


class EventOut(Schema):
    id: int
    title: str
    held_on: date
    region_code: str
    region_name: str
    place: str
    organiser_cadre_id: int | None
    organiser_cadre_name: str | None
    organiser_user: str | None
    sector: str
    attendance_count: int
    registrations: int
    materials: str
    notes: str


class EventPageOut(Schema):
    count: int
    items: list[EventOut]


class CreditIn(Schema):
    worker_id: int


class RegistrationOut(Schema):
    id: int
    event_id: int
    worker_id: int
    worker_name_masked: str
    worker_nik_masked: str
    cadre_id: int | None
    registered_on: date
    new_worker: bool


class TargetIn(Schema):
    """A target for one cadre (``cadre_id``) or one village (``region_code``)."""

    metric: Literal["registrations", "reached", "events"]
    period: str
    value: int
    cadre_id: int | None = None
    region_code: str = ""


class TargetPatch(Schema):
    value: int


class TargetOut(Schema):
    id: int
    cadre_id: int | None
    cadre_name: str | None
    region_code: str | None
    metric: str
    period: str
    period_start: date
    period_end: date
    value: int
    achieved: int
    percent: int


class ShareIn(Schema):
    source: Literal["province", "regency", "village", "csr"]
    percent: Decimal | None = None
    amount: Decimal | None = None


class ScenarioIn(Schema):
    """A scenario. Leave ``denominator`` and ``current_participants`` out to use the
    recorded figures; send them to override."""

    name: str
    kind: Literal["coverage", "protect"]
    region_code: str
    year: int
    months: int = 12
    sector: str = "all"
    target_percent: Decimal | None = None
    denominator: int | None = None
    current_participants: int | None = None
    workers: int | None = None
    declared_income: Decimal | None = None
    with_jht: bool = False
    split_mode: Literal["percent", "amount"] = "percent"
    shares: list[ShareIn] = []
    notes: str = ""


class ShareOut(Schema):
    source: str
    percent: Decimal | None
    amount: Decimal


class FigureOut(Schema):
    value: int | None
    source: str
    entered_by_hand: bool


class ScenarioOut(Schema):
    id: int | None
    name: str
    kind: str
    region_code: str
    year: int
    sector: str
    target_percent: Decimal | None
    denominator: FigureOut | None
    current_participants: FigureOut | None
    workers: int
    months: int
    declared_income: Decimal
    with_jht: bool
    as_of: date
    per_worker_monthly: Decimal
    monthly_total: Decimal
    annual_total: Decimal
    total_cost: Decimal
    split_mode: str
    shares: list[ShareOut]
    is_adopted: bool
    notes: str


class AdoptIn(Schema):
    adopted: bool = True


class FunnelRowOut(Schema):
    key: str
    label: str
    events: int
    reached: int
    registered: int
    registered_without_nik: int
    paid: int | None
    due_3_months: int | None
    active_3_months: int | None
    due_6_months: int | None
    active_6_months: int | None


class FunnelOut(Schema):
    group: str
    snapshot_date: date | None
    snapshots_used: list[date]
    rows: list[FunnelRowOut]
    total: FunnelRowOut


class SourceLineOut(Schema):
    source: str
    needed: Decimal | None
    allocated: Decimal
    spent: Decimal


class PlanOut(Schema):
    id: int
    name: str
    region_code: str


class BudgetSummaryOut(Schema):
    region_code: str
    year: int
    needed: Decimal | None
    allocated: Decimal
    spent: Decimal
    gap: Decimal | None
    by_source: list[SourceLineOut]
    plans: list[PlanOut]
