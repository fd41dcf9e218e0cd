"""Users of every role, two projects in Pontianak (one registered, one not) and workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from lindung.accounts.models import Role, User
from lindung.projects.models import Project
from lindung.workers.models import Worker
from tests.factories.accounts import user_of_role
from tests.factories.projects import (
    AgencyFactory,
    ContractorFactory,
    PpkFactory,
    make_project,
)
from tests.factories.workers import WorkerFactory, WorkerProjectLinkFactory, first_village


@dataclass
class World:
    admin: User
    analyst: User
    bpjs: User
    sambas_officer: User
    pontianak_officer: User
    pontianak_cadre: User
    sambas_cadre: User
    contractor: User
    other_contractor: User
    agency_user: User
    ppk_user: User
    project: Project
    registered_project: Project
    pontianak_worker: Worker
    sambas_worker: Worker
    project_worker: Worker
    pontianak_village: str


@pytest.fixture
def world(db: None) -> World:
    contractor = user_of_role(Role.CONTRACTOR, "61")
    other_contractor = user_of_role(Role.CONTRACTOR, "61")
    agency_user = user_of_role(Role.AGENCY_USER, "61.71")
    ppk_user = user_of_role(Role.AGENCY_USER, "61.71")
    agency = AgencyFactory.create()
    agency.members.add(agency_user)
    ppk = PpkFactory.create(agency=agency, user=ppk_user)
    company = ContractorFactory.create()
    company.members.add(contractor)
    village = first_village("61.71.01")
    project = make_project(
        agency=agency,
        ppk=ppk,
        contractor=company,
        region_id=village,
        spk_date=date(2026, 1, 5),
    )
    registered = make_project(agency=agency, ppk=ppk, region_id=village, spk_date=date(2026, 1, 5))
    registered.registered_on = date(2026, 1, 15)
    registered.save(update_fields=["registered_on"])
    project_worker = WorkerFactory.create(district="61.05.01")
    WorkerProjectLinkFactory.create(worker=project_worker, project=project)
    return World(
        admin=user_of_role(Role.PROVINCIAL_ADMIN, "61"),
        analyst=user_of_role(Role.PROVINCIAL_ANALYST, "61"),
        bpjs=user_of_role(Role.BPJS_OFFICER, "61"),
        sambas_officer=user_of_role(Role.REGENCY_OFFICER, "61.01"),
        pontianak_officer=user_of_role(Role.REGENCY_OFFICER, "61.71"),
        pontianak_cadre=user_of_role(Role.VILLAGE_CADRE, "61.71.01"),
        sambas_cadre=user_of_role(Role.VILLAGE_CADRE, "61.01.01"),
        contractor=contractor,
        other_contractor=other_contractor,
        agency_user=agency_user,
        ppk_user=ppk_user,
        project=project,
        registered_project=registered,
        pontianak_worker=WorkerFactory.create(district="61.71.01"),
        sambas_worker=WorkerFactory.create(district="61.01.01"),
        project_worker=project_worker,
        pontianak_village=village,
    )
