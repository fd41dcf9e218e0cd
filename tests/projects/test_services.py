from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from lindung.accounts.models import AuditEvent, Role
from lindung.projects import selectors as project_selectors
from lindung.projects import services as project_services
from lindung.projects.errors import (
    AddendumInvalid,
    AlreadyRegistered,
    PaymentInvalid,
    ProjectActionNotAllowed,
    ProjectInvalid,
    ProjectNotFound,
    RegistrationInvalid,
    StageChangeInvalid,
)
from lindung.projects.models import Agency, Project, Stage
from lindung.projects.services import ProjectInput
from tests.factories import accounts as f
from tests.factories.projects import AgencyFactory, ContractorFactory, make_project, nip_for

pytestmark = pytest.mark.django_db


def project_input(**overrides: Any) -> ProjectInput:
    data: dict[str, Any] = {
        "name": "Peningkatan Jalan Parit Haji Husin",
        "agency_name": "Dinas PUPR Kota Pontianak",
        "region_code": "61.71.01",
        "funding_source": "apbd_kab",
        "fiscal_year": 2026,
        "kode_rup": "51234567",
        "stage": Stage.CONTRACTED,
        "ppk_nip": nip_for(7),
        "ppk_name": "Ir. Budi Hartono",
        "contractor_name": "CV Sungai Kapuas",
        "contract_value": Decimal("350000000"),
        "spk_date": date(2026, 3, 2),
    }
    data.update(overrides)
    return ProjectInput(**data)


class TestCreateProject:
    def test_computes_contribution_and_deadline_from_the_rules(self):
        project = project_services.create_project(actor=f.admin(), data=project_input())
        assert project.contribution_jkk == Decimal("635000")
        assert project.contribution_jkm == Decimal("80000")
        assert project.contribution_total == Decimal("715000")
        detail = project_selectors.contribution_detail(project)
        names = {p["name"] for p in detail["parameters"]}
        assert "jakon.jkk.tiers" in names
        assert project.registration_due is not None
        assert project.spk_date is not None
        assert project.registration_due > project.spk_date
        assert project.stage_changes.count() == 1

    def test_creates_parties_once_and_audits(self):
        admin = f.admin()
        project_services.create_project(actor=admin, data=project_input())
        project_services.create_project(
            actor=admin, data=project_input(kode_rup="51234568", name="Drainase")
        )
        assert Agency.objects.filter(name="Dinas PUPR Kota Pontianak").count() == 1
        assert AuditEvent.objects.filter(action="project.create").count() == 2

    def test_collects_every_problem_and_writes_nothing(self):
        with pytest.raises(ProjectInvalid) as excinfo:
            project_services.create_project(
                actor=f.admin(),
                data=project_input(
                    kode_rup="",
                    region_code="61.99",
                    contract_value=Decimal("-5"),
                    ppk_nip="12ab",
                    planned_start=date(2026, 5, 1),
                    planned_end=date(2026, 4, 1),
                ),
            )
        fields = {e.loc[0] for e in excinfo.value.errors}
        assert {"kode_rup", "region", "contract_value", "ppk_nip", "planned_end"} <= fields
        assert not Project.objects.exists()
        assert not Agency.objects.exists()

    def test_absurd_contract_value_is_refused(self):
        with pytest.raises(ProjectInvalid) as excinfo:
            project_services.create_project(
                actor=f.admin(), data=project_input(contract_value=Decimal("10000000000001"))
            )
        assert excinfo.value.errors[0].loc == ("contract_value",)

    def test_duplicate_rup_code_is_refused(self):
        admin = f.admin()
        project_services.create_project(actor=admin, data=project_input())
        with pytest.raises(ProjectInvalid):
            project_services.create_project(actor=admin, data=project_input(name="Lain"))

    def test_regency_officer_only_inside_their_regency(self):
        officer = f.regency_officer("61.01")
        with pytest.raises(ProjectActionNotAllowed):
            project_services.create_project(actor=officer, data=project_input())
        project = project_services.create_project(
            actor=officer,
            data=project_input(region_code="61.01.01", agency_name="Dinas PUPR Sambas"),
        )
        assert project.region_id == "61.01.01"

    def test_agency_user_only_for_their_agency(self):
        user = f.user_of_role(Role.AGENCY_USER, "61.71")
        with pytest.raises(ProjectActionNotAllowed):
            project_services.create_project(actor=user, data=project_input())
        agency = AgencyFactory.create(name="Dinas PUPR Kota Pontianak", region_id="61.71")
        agency.members.add(user)
        assert project_services.create_project(actor=user, data=project_input()).pk

    @pytest.mark.parametrize(
        "role", [Role.CONTRACTOR, Role.BPJS_OFFICER, Role.PROVINCIAL_ANALYST, Role.VILLAGE_CADRE]
    )
    def test_other_roles_cannot_create(self, role):
        actor = f.user_of_role(role, "61.71.01" if role == Role.VILLAGE_CADRE else "61")
        with pytest.raises(ProjectActionNotAllowed):
            project_services.create_project(actor=actor, data=project_input())


class TestUpdateProject:
    def test_value_change_recomputes_and_audits_the_diff(self):
        admin = f.admin()
        project = project_services.create_project(actor=admin, data=project_input())
        project_services.update_project(
            actor=admin,
            project_id=project.pk,
            data=project_input(contract_value=Decimal("500000000")),
        )
        project.refresh_from_db()
        assert project.contribution_total == Decimal("1000000")
        event = AuditEvent.objects.get(action="project.update")
        assert event.changes["before"]["contract_value"] == "350000000"
        assert event.changes["after"]["contract_value"] == "500000000"

    def test_unchanged_input_writes_nothing(self):
        admin = f.admin()
        project = project_services.create_project(actor=admin, data=project_input())
        project_services.update_project(actor=admin, project_id=project.pk, data=project_input())
        assert not AuditEvent.objects.filter(action="project.update").exists()

    def test_out_of_scope_update_is_not_found(self):
        project = make_project(region_id="61.71.01")
        with pytest.raises(ProjectNotFound):
            project_services.update_project(
                actor=f.regency_officer("61.01"), project_id=project.pk, data=project_input()
            )


class TestStagesAndAddenda:
    def test_stage_moves_forward_only(self):
        admin = f.admin()
        project = make_project(stage=Stage.CONTRACTED)
        project_services.change_stage(
            actor=admin, project_id=project.pk, stage=Stage.IN_PROGRESS, on=date(2026, 4, 1)
        )
        with pytest.raises(StageChangeInvalid):
            project_services.change_stage(
                actor=admin, project_id=project.pk, stage=Stage.PLANNED, on=date(2026, 4, 2)
            )
        project_services.change_stage(
            actor=admin, project_id=project.pk, stage=Stage.HANDED_OVER, on=date(2026, 11, 1)
        )
        project.refresh_from_db()
        assert project.actual_end == date(2026, 11, 1)

    def test_a_cancelled_project_stays_cancelled(self):
        admin = f.admin()
        project = make_project(stage=Stage.CONTRACTED)
        project_services.change_stage(
            actor=admin, project_id=project.pk, stage=Stage.CANCELLED, on=date(2026, 4, 1)
        )

        with pytest.raises(StageChangeInvalid) as caught:
            project_services.change_stage(
                actor=admin, project_id=project.pk, stage=Stage.IN_PROGRESS, on=date(2026, 4, 2)
            )

        assert [e.code for e in caught.value.errors] == ["cancelled"]

    @pytest.mark.parametrize(
        ("changes", "stage", "on", "code"),
        [
            ({}, "demolished", date(2026, 4, 1), "choice"),
            ({"spk_date": None}, Stage.IN_PROGRESS, date(2026, 4, 1), "missing_contract"),
            ({}, Stage.IN_PROGRESS, date(2025, 1, 1), "date_order"),  # before the last change
        ],
    )
    def test_a_stage_change_is_refused_with_its_reason(self, changes, stage, on, code):
        project = make_project(stage=Stage.CONTRACTED)
        project.stage_changes.create(stage=Stage.CONTRACTED, on=date(2026, 3, 2))
        Project.objects.filter(pk=project.pk).update(**changes)

        with pytest.raises(StageChangeInvalid) as caught:
            project_services.change_stage(
                actor=f.admin(), project_id=project.pk, stage=stage, on=on
            )

        assert code in [e.code for e in caught.value.errors]
        project.refresh_from_db()
        assert project.stage == Stage.CONTRACTED

    @pytest.mark.parametrize(
        ("number", "signed_on", "new_value", "field", "code"),
        [
            (" ", date(2026, 6, 1), Decimal(500_000_000), "number", "required"),
            ("ADD-01", date(2026, 6, 1), Decimal(500_000_000), "number", "dup"),
            ("ADD-02", date(2026, 1, 5), Decimal(500_000_000), "signed_on", "date_order"),
        ],
    )
    def test_a_bad_addendum_is_refused_on_its_field(
        self, number, signed_on, new_value, field, code
    ):
        admin = f.admin()
        project = make_project(contract_value=Decimal("400000000"))  # SPK 2026-03-02
        project_services.record_addendum(
            actor=admin, project_id=project.pk, number="ADD-01", signed_on=date(2026, 5, 1),
            new_end=date(2026, 12, 31),
        )  # fmt: skip

        with pytest.raises(AddendumInvalid) as caught:
            project_services.record_addendum(
                actor=admin, project_id=project.pk, number=number, signed_on=signed_on,
                new_value=new_value,
            )  # fmt: skip

        assert (field, code) in [(e.loc[0], e.code) for e in caught.value.errors]
        project.refresh_from_db()
        assert project.contract_value == Decimal("400000000")

    def test_a_value_addendum_needs_a_contract_value(self):
        project = make_project(contract_value=None, stage=Stage.PLANNED, spk_date=None)

        with pytest.raises(AddendumInvalid) as caught:
            project_services.record_addendum(
                actor=f.admin(), project_id=project.pk, number="ADD-01",
                signed_on=date(2026, 6, 1), new_value=Decimal(500_000_000),
            )  # fmt: skip

        assert [e.code for e in caught.value.errors] == ["no_value"]

    def test_addendum_bills_the_difference_of_totals(self):
        admin = f.admin()
        project = make_project(contract_value=Decimal("400000000"))
        addendum = project_services.record_addendum(
            actor=admin,
            project_id=project.pk,
            number="ADD-01",
            signed_on=date(2026, 6, 1),
            new_value=Decimal("600000000"),
        )
        # total(600 jt) - total(400 jt) = 1,150,000 - 810,000.
        assert addendum.extra_contribution == Decimal("340000")
        project.refresh_from_db()
        assert project.contribution_total == Decimal("1150000")

    def test_addendum_needs_a_change(self):
        with pytest.raises(AddendumInvalid):
            project_services.record_addendum(
                actor=f.admin(),
                project_id=make_project().pk,
                number="ADD-01",
                signed_on=date(2026, 6, 1),
            )


class TestProtection:
    def test_registration_and_payments_update_what_is_owed(self):
        admin = f.admin()
        project = make_project()
        project_services.record_registration(
            actor=admin,
            project_id=project.pk,
            bpjs_project_number="2300001078094",
            certificate_number="SK-001",
            registered_on=date(2026, 3, 10),
        )
        project_services.record_payment(
            actor=admin, project_id=project.pk, amount=Decimal("357500"), paid_on=date(2026, 3, 10),
            termin=1, reference="923092201109691",
        )  # fmt: skip
        project.refresh_from_db()
        assert project.registered_on == date(2026, 3, 10)
        assert project.paid_total == Decimal("357500")

    def test_same_payment_twice_is_recorded_once(self):
        admin = f.admin()
        project = make_project()
        for _ in range(2):
            project_services.record_payment(
                actor=admin, project_id=project.pk, amount=Decimal("715000"),
                paid_on=date(2026, 3, 10), reference="R1",
            )  # fmt: skip
        assert project.payments.count() == 1

    @pytest.mark.parametrize(
        ("amount", "paid_on", "termin"),
        [(Decimal("0"), date(2026, 3, 1), 1), (Decimal("1"), date(2099, 1, 1), 1),
         (Decimal("1"), date(2026, 3, 1), 4)],
    )  # fmt: skip
    def test_bad_payments_are_refused(self, amount, paid_on, termin):
        project = make_project()
        with pytest.raises(PaymentInvalid):
            project_services.record_payment(
                actor=f.admin(), project_id=project.pk, amount=amount, paid_on=paid_on,
                termin=termin,
            )  # fmt: skip
        assert not project.payments.exists()

    def test_contractor_records_for_own_projects_only(self):
        user = f.user_of_role(Role.CONTRACTOR, "61.71")
        own = ContractorFactory.create()
        own.members.add(user)
        mine = make_project(contractor=own)
        other = make_project()
        project_services.record_payment(
            actor=user, project_id=mine.pk, amount=Decimal("715000"), paid_on=date(2026, 3, 10)
        )
        with pytest.raises(ProjectNotFound):
            project_services.record_payment(
                actor=user, project_id=other.pk, amount=Decimal("715000"),
                paid_on=date(2026, 3, 10),
            )  # fmt: skip

    @pytest.mark.parametrize(
        ("number", "registered_on", "field"),
        [
            ("23-0001", date(2026, 3, 10), "bpjs_project_number"),
            ("2300001078094", date(2099, 1, 1), "registered_on"),  # in the future
            ("2300001078094", date(2024, 1, 5), "registered_on"),  # over a year before the SPK
        ],
    )
    def test_bad_registrations_are_refused_on_their_field(self, number, registered_on, field):
        project = make_project()  # SPK 2026-03-02

        with pytest.raises(RegistrationInvalid) as caught:
            project_services.record_registration(
                actor=f.admin(), project_id=project.pk, bpjs_project_number=number,
                certificate_number="", registered_on=registered_on,
            )  # fmt: skip

        assert [e.loc for e in caught.value.errors] == [(field,)]
        project.refresh_from_db()
        assert project.registered_on is None

    def test_only_province_wide_roles_correct_a_registration(self):
        project = make_project(region_id="61.71.01")
        officer = f.regency_officer("61.71")
        record = partial(
            project_services.record_registration,
            project_id=project.pk, bpjs_project_number="2300001078094", certificate_number="SK-1",
        )  # fmt: skip
        record(actor=officer, registered_on=date(2026, 3, 10))
        with pytest.raises(AlreadyRegistered):
            record(actor=officer, registered_on=date(2026, 3, 11))

        admin = f.admin()
        record(actor=admin, registered_on=date(2026, 3, 11))
        record(actor=admin, registered_on=date(2026, 3, 11))  # the same again: unchanged

        project.refresh_from_db()
        assert project.registered_on == date(2026, 3, 11)
        audits = AuditEvent.objects.filter(action="project.registration", entity_id=project.pk)
        assert audits.count() == 2
        assert audits.latest("at").changes["after"] == {"registered_on": "2026-03-11"}

    def test_bpjs_officer_records_registrations_anywhere(self):
        project = make_project(region_id="61.01.01")
        project_services.record_registration(
            actor=f.user_of_role(Role.BPJS_OFFICER, "61"),
            project_id=project.pk,
            bpjs_project_number="2300001078094",
            certificate_number="",
            registered_on=date(2026, 3, 10),
        )
        project.refresh_from_db()
        assert project.registered_on == date(2026, 3, 10)
