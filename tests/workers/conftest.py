"""Users of every role around a Pontianak project, and workers in and out of their scope."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lindung.accounts.models import Role, User
from lindung.projects.models import Project
from lindung.workers.models import Worker
from tests.factories.accounts import user_of_role
from tests.factories.projects import AgencyFactory, ContractorFactory, ProjectFactory
from tests.factories.workers import WorkerFactory, WorkerProjectLinkFactory


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
    project: Project
    pontianak_worker: Worker
    sambas_worker: Worker
    project_worker: Worker


@pytest.fixture
def world(db: None) -> World:
    contractor = user_of_role(Role.CONTRACTOR, "61")
    other_contractor = user_of_role(Role.CONTRACTOR, "61")
    agency_user = user_of_role(Role.AGENCY_USER, "61.71")
    agency = AgencyFactory.create()
    agency.members.add(agency_user)
    company = ContractorFactory.create()
    company.members.add(contractor)
    project = ProjectFactory.create(agency=agency, contractor=company, region_id="61.71.01")
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
        project=project,
        pontianak_worker=WorkerFactory.create(district="61.71.01"),
        sambas_worker=WorkerFactory.create(district="61.01.01"),
        project_worker=project_worker,
    )
