"""Who sees which project: every role, every scope; outside scope is exactly absent."""

from __future__ import annotations

from datetime import date

import pytest

from lindung.accounts.models import Role
from lindung.projects import list_selectors
from lindung.projects import selectors as project_selectors
from lindung.projects.compliance import Compliance
from lindung.projects.errors import ProjectNotFound
from tests.factories import accounts as f
from tests.factories.projects import AgencyFactory, ContractorFactory, PpkFactory, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    pontianak = make_project(region_id="61.71.01")
    sambas = make_project(region_id="61.01.01")
    return {"pontianak": pontianak, "sambas": sambas}


class TestReadableProjects:
    @pytest.mark.parametrize(
        "role", [Role.PROVINCIAL_ADMIN, Role.PROVINCIAL_ANALYST, Role.BPJS_OFFICER]
    )
    def test_province_wide_roles_see_all(self, world, role):
        actor = f.user_of_role(role, "61")
        assert project_selectors.readable_projects(actor=actor).count() == 2

    def test_sambas_officer_sees_only_sambas(self, world):
        actor = f.regency_officer("61.01")
        visible = set(project_selectors.readable_projects(actor=actor))
        assert visible == {world["sambas"]}
        with pytest.raises(ProjectNotFound):
            project_selectors.access_project(actor=actor, project_id=world["pontianak"].pk)
        with pytest.raises(ProjectNotFound):
            project_selectors.access_project(actor=actor, project_id=999_999)

    def test_cadre_sees_projects_in_their_district(self, world):
        actor = f.user_of_role(Role.VILLAGE_CADRE, "61.01.01")
        assert set(project_selectors.readable_projects(actor=actor)) == {world["sambas"]}

    def test_agency_user_sees_their_agencies_and_ppk_projects(self, world):
        actor = f.user_of_role(Role.AGENCY_USER, "61.71")
        assert not project_selectors.readable_projects(actor=actor).exists()
        world["pontianak"].agency.members.add(actor)
        assert set(project_selectors.readable_projects(actor=actor)) == {world["pontianak"]}
        ppk = PpkFactory.create(
            user=actor, agency=AgencyFactory.create(name="Dinas Sambas", region_id="61.01")
        )
        world["sambas"].ppk = ppk
        world["sambas"].save()
        assert project_selectors.readable_projects(actor=actor).count() == 2

    def test_contractor_sees_only_their_company(self, world):
        actor = f.user_of_role(Role.CONTRACTOR, "61.71")
        company = ContractorFactory.create()
        company.members.add(actor)
        world["sambas"].contractor = company
        world["sambas"].save()
        assert set(project_selectors.readable_projects(actor=actor)) == {world["sambas"]}

    def test_inactive_user_sees_nothing(self, world):
        actor = f.admin(is_active=False)
        assert not project_selectors.readable_projects(actor=actor).exists()


class TestProjectList:
    def test_list_is_one_query_whatever_the_size(self, django_assert_num_queries):
        for i in range(15):
            make_project(region_id="61.71.01", kode_rup=f"6000000{i:02d}")
        admin = f.admin()
        with django_assert_num_queries(1):
            rows = list(project_selectors.project_list(actor=admin)[:50])
            names = [
                (
                    p.agency.name,
                    p.ppk and p.ppk.name,
                    p.contractor and p.contractor.name,
                    p.region.name,
                )
                for p in rows
            ]
        assert len(names) == 15

    def test_filters_by_regency_and_search(self, world):
        admin = f.admin()
        assert list(project_selectors.project_list(actor=admin, region="61.01")) == [
            world["sambas"]
        ]
        assert (
            project_selectors.project_list(actor=admin, query=world["sambas"].kode_rup).count() == 1
        )


class TestComplianceAndRanking:
    def test_compliance_of_a_page(self, world):
        statuses = list_selectors.compliance_for(
            [world["sambas"], world["pontianak"]], as_of=date(2026, 6, 1)
        )
        assert {s.code for s in statuses.values()} == {Compliance.OVERDUE}

    def test_ranking_by_agency_puts_unregistered_first(self, world):
        world["pontianak"].registered_on = date(2026, 3, 5)
        world["pontianak"].paid_total = world["pontianak"].contribution_total
        world["pontianak"].save()
        rows = project_selectors.ranking(actor=f.admin(), by="agency")
        assert rows[0].key == world["sambas"].agency_id
        assert rows[-1].registered_pct == 100

    def test_ranking_by_regency(self, world):
        rows = project_selectors.ranking(actor=f.admin(), by="regency")
        assert {r.label for r in rows} == {"Kabupaten Sambas", "Kota Pontianak"}
