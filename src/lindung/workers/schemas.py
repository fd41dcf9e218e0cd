"""API schemas for workers (R11): masked list and detail output, list filters."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class WorkerFilterIn(Schema):
    """The list filters: ``nik`` matches exactly, ``q`` searches names."""

    q: str = ""
    nik: str = ""
    region: str = ""
    sector: str = ""
    segment: str = ""
    nik_status: str = ""
    project: int | None = None


class ProjectLinkOut(Schema):
    project_id: int
    project_name: str
    role: str
    start_date: date | None
    end_date: date | None


class WorkerOut(Schema):
    """A worker with personal data masked: NIK, name initials, birth year only."""

    id: int
    nik_masked: str
    nik_status: str
    name_masked: str
    birth_year: int | None
    sex: str
    region_code: str
    region_name: str
    occupation: str
    sector: str
    segment: str
    source: str
    merged_into: int | None


class WorkerDetailOut(WorkerOut):
    phone_masked: str
    nik_issues: list[str]
    projects: list[ProjectLinkOut]


class WorkerRevealedOut(Schema):
    """A worker's personal data, unmasked; every call is recorded in the audit trail."""

    id: int
    nik: str
    name: str
    birth_date: date | None
    phone: str


class WorkerPageOut(Schema):
    count: int
    items: list[WorkerOut]
