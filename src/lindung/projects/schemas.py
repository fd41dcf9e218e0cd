"""API schemas for projects (R11): input, partial update, list and detail output, compliance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Schema

from lindung.projects.compliance import Compliance

StatusParam = Literal[
    "planning_budgeted",
    "planning_not_budgeted",
    "not_yet_due",
    "due_soon",
    "overdue",
    "registered_underpaid",
    "fully_paid",
    "handed_over_unprotected",
    "cancelled",
    "missing_data",
]
OrderParam = Literal[
    "name",
    "-name",
    "fiscal_year",
    "-fiscal_year",
    "contract_value",
    "-contract_value",
    "spk_date",
    "-spk_date",
    "registration_due",
    "-registration_due",
]


class ProjectFilterIn(Schema):
    """The list filters, the same as the list page's."""

    region: str = ""
    agency: int | None = None
    ppk: int | None = None
    contractor: int | None = None
    status: StatusParam | None = None
    stage: str = ""
    year: int | None = None
    funding: str = ""
    q: str = ""
    order: OrderParam = "-fiscal_year"


class ProjectIn(Schema):
    """A new project. Parties are named; they are found or created by the service."""

    name: str
    agency_name: str
    region_code: str
    funding_source: str
    fiscal_year: int
    kode_rup: str = ""
    contract_number: str = ""
    agency_region_code: str = ""
    sector: str = "other"
    stage: str = "planned"
    ppk_nip: str = ""
    ppk_name: str = ""
    contractor_name: str = ""
    contractor_npwp: str = ""
    contractor_nib: str = ""
    hps_value: Decimal | None = None
    contribution_in_hps: Decimal | None = None
    contract_value: Decimal | None = None
    value_includes_vat: bool = True
    vat_amount: Decimal | None = None
    spk_date: date | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    planned_workforce: int | None = None


class ProjectPatch(Schema):
    """A partial update: only the fields sent change (send null to clear an optional one)."""

    name: str | None = None
    agency_name: str | None = None
    agency_region_code: str | None = None
    region_code: str | None = None
    funding_source: str | None = None
    fiscal_year: int | None = None
    kode_rup: str | None = None
    contract_number: str | None = None
    sector: str | None = None
    stage: str | None = None
    ppk_nip: str | None = None
    ppk_name: str | None = None
    contractor_name: str | None = None
    contractor_npwp: str | None = None
    contractor_nib: str | None = None
    hps_value: Decimal | None = None
    contribution_in_hps: Decimal | None = None
    contract_value: Decimal | None = None
    value_includes_vat: bool | None = None
    vat_amount: Decimal | None = None
    spk_date: date | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    planned_workforce: int | None = None


class PartyOut(Schema):
    id: int
    name: str


class ProjectOut(Schema):
    """A project in a list: its keys, parties, money, deadline and compliance state."""

    id: int
    kode_rup: str | None
    contract_number: str | None
    name: str
    agency: PartyOut
    ppk: PartyOut | None
    contractor: PartyOut | None
    region_code: str
    region_name: str
    sector: str
    funding_source: str
    fiscal_year: int
    stage: str
    contract_value: Decimal | None
    contribution_total: Decimal | None
    paid_total: Decimal
    spk_date: date | None
    registration_due: date | None
    registered_on: date | None
    status: Compliance


class ProjectDetailOut(ProjectOut):
    """One project with its contribution split and dates."""

    hps_value: Decimal | None
    contribution_in_hps: Decimal | None
    value_includes_vat: bool
    vat_amount: Decimal | None
    contribution_jkk: Decimal | None
    contribution_jkm: Decimal | None
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    planned_workforce: int | None


class ProjectPageOut(Schema):
    count: int
    items: list[ProjectOut]


class ComplianceOut(Schema):
    code: Compliance
    compliant: bool
    severity: int
    explanation: str
    next_action: str
    due: date | None
    working_days_left: int | None
    outstanding: Decimal
    expected_in_hps: Decimal | None
