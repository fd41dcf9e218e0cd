"""Claim use cases: recording, checklist, steps through the database, beneficiaries, reveals,
the unprotected-accident notice, handovers and stories; nothing is written after a failure."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from lindung.accounts.models import AuditEvent
from lindung.claims import services as claim_services
from lindung.claims import workflow
from lindung.claims.errors import (
    BeneficiaryInvalid,
    CaseClosed,
    ClaimActionNotAllowed,
    ClaimInvalid,
    ClaimNotFound,
    DocumentInvalid,
    DuplicateCase,
    HandoverInvalid,
    StepInvalid,
    StoryInvalid,
)
from lindung.claims.models import (
    BenefitStory,
    ClaimBeneficiary,
    ClaimCase,
    ClaimDocument,
    ClaimStatus,
    ClaimStep,
    Handover,
)
from lindung.claims.services.ceremonies import COMMON_NAME_PARTS
from lindung.notifications.models import Notification
from tests.factories.claims import move_to, report_case, tick_all
from tests.factories.workers import WorkerFactory

pytestmark = pytest.mark.django_db

CHILD = claim_services.BeneficiaryInput(
    name="Yohana Lestari",
    relationship="child",
    birth_date=date(2016, 1, 10),
    school_level="SD",
)


def _step(target: str, on: date, **kwargs: object) -> workflow.StepInput:
    return workflow.StepInput(to_status=target, on=on, **kwargs)  # type: ignore[arg-type]


class TestRecordCase:
    def test_records_case_with_step_checklist_and_expected_benefit(self, world):
        case = report_case(world.pontianak_officer, world.pontianak_worker)
        assert case.reference == "KLM-2026-00001"
        assert case.status == ClaimStatus.REPORTED
        assert case.status_on == date(2026, 3, 3)
        assert case.recorded_by == world.pontianak_officer
        assert list(case.steps.values_list("status", "on", "moved_by")) == [
            ("reported", date(2026, 3, 3), world.pontianak_officer.pk)
        ]
        codes = list(case.documents.values_list("code", flat=True))
        assert codes[:2] == ["kpj", "ktp_worker"]
        assert "death_certificate" in codes
        assert case.expected_benefit == Decimal(42_000_000)
        assert case.expected_parameters
        assert case.protected_at_event is None
        audit = AuditEvent.objects.get(action="claim.create", entity_id=str(case.pk))
        assert audit.changes["after"]["reporter_name"] == "M**** L******"
        assert "Maria" not in str(audit.changes)

    def test_numbers_follow_each_other(self, world):
        first = report_case(world.admin, world.pontianak_worker)
        second = report_case(world.admin, world.sambas_worker)
        assert (first.reference, second.reference) == ("KLM-2026-00001", "KLM-2026-00002")

    def test_collects_every_problem_and_writes_nothing(self, world):
        tomorrow = timezone.localdate() + timedelta(days=1)
        with pytest.raises(ClaimInvalid) as caught:
            report_case(
                world.pontianak_officer,
                world.pontianak_worker,
                event_date=tomorrow,
                reporter_name=" ",
                reporter_relationship="neighbour",
                reporter_phone="12ab",
                jkk_outcome="death",
                inputs=claim_services.BenefitInputs(disability_pct=Decimal(120)),
            )
        fields = {e.loc[0] for e in caught.value.errors}
        assert fields == {
            "event_date",
            "reported_on",
            "reporter_name",
            "reporter_relationship",
            "reporter_phone",
            "jkk_outcome",
            "disability_pct",
        }
        assert ClaimCase.objects.count() == 0
        assert not AuditEvent.objects.filter(action="claim.create").exists()

    def test_report_before_the_event_is_refused(self, world):
        with pytest.raises(ClaimInvalid) as caught:
            report_case(world.admin, world.pontianak_worker, reported_on=date(2026, 3, 1))
        assert [e.code for e in caught.value.errors] == ["date_before_event"]

    def test_place_must_be_a_village(self, world):
        with pytest.raises(ClaimInvalid) as caught:
            report_case(world.admin, world.pontianak_worker, event_region_code="61.71.01")
        assert [e.code for e in caught.value.errors] == ["not_village"]

    def test_place_defaults_to_the_project_village(self, world):
        case = report_case(
            world.admin,
            world.project_worker,
            claim_type="jkk_accident",
            event_region_code="",
            project_id=world.registered_project.pk,
        )
        assert case.event_region_id == world.pontianak_village

    def test_worker_out_of_scope_is_not_found(self, world):
        with pytest.raises(ClaimInvalid) as caught:
            report_case(world.sambas_officer, world.pontianak_worker)
        assert [(e.loc, e.code) for e in caught.value.errors] == [(("worker_id",), "not_found")]

    def test_same_worker_type_and_date_twice_is_a_conflict(self, world):
        first = report_case(world.admin, world.pontianak_worker)
        with pytest.raises(DuplicateCase) as caught:
            report_case(world.admin, world.pontianak_worker)
        assert first.reference in caught.value.message
        assert ClaimCase.objects.count() == 1

    @pytest.mark.parametrize("role", ["analyst", "contractor", "agency_user"])
    def test_roles_without_claims_cannot_record(self, world, role):
        with pytest.raises(ClaimActionNotAllowed):
            report_case(getattr(world, role), world.project_worker)

    def test_cadre_may_report_in_the_village(self, world):
        case = report_case(world.pontianak_cadre, world.pontianak_worker)
        assert case.recorded_by == world.pontianak_cadre

    def test_beasiswa_needs_the_cause_and_child_birth_dates(self, world):
        child = claim_services.BeneficiaryInput(name="Ani", relationship="child")
        with pytest.raises(ClaimInvalid) as caught:
            report_case(
                world.admin, world.pontianak_worker, claim_type="beasiswa", beneficiaries=(child,)
            )
        assert {(e.loc, e.code) for e in caught.value.errors} == {
            (("beasiswa_cause",), "required"),
            (("beneficiaries", 0, "birth_date"), "required"),
        }

    def test_beasiswa_expected_from_children(self, world):
        case = report_case(
            world.admin,
            world.pontianak_worker,
            claim_type="beasiswa",
            beasiswa_cause="jkk_death",
            beneficiaries=(CHILD,),
        )
        assert case.expected_benefit == Decimal(1_500_000)
        assert ClaimBeneficiary.objects.get(case=case).position == 1

    def test_beneficiary_nik_is_checked(self, world):
        bad = claim_services.BeneficiaryInput(
            name="Ani", relationship="spouse", nik="6171011713900005"
        )
        with pytest.raises(ClaimInvalid) as caught:
            report_case(world.admin, world.pontianak_worker, beneficiaries=(bad,))
        assert caught.value.errors[0].loc == ("beneficiaries", 0, "nik")


class TestUnprotectedAccident:
    def test_unregistered_project_flags_and_notifies_after_commit(
        self, world, django_capture_on_commit_callbacks
    ):
        sambas = world.sambas_officer
        with django_capture_on_commit_callbacks() as callbacks:
            case = report_case(
                world.bpjs,
                world.project_worker,
                claim_type="jkk_accident",
                jkk_outcome="death",
                project_id=world.project.pk,
                event_region_code=world.pontianak_village,
            )
        assert Notification.objects.count() == 0  # nothing before the commit
        for callback in callbacks:
            callback()
        assert case.protected_at_event is False
        assert case.protection_detail["code"] == "project_not_registered"
        assert case.protection_detail["registration_overdue_at_event"] is True
        recipients = set(Notification.objects.values_list("recipient__username", flat=True))
        assert recipients == {world.pontianak_officer.username, world.ppk_user.username}
        note = Notification.objects.get(recipient=world.ppk_user)
        assert case.reference in note.body
        assert note.url == f"/klaim/{case.pk}/"
        assert world.project_worker.name not in note.body + note.title
        assert not Notification.objects.filter(recipient=sambas).exists()

    def test_nothing_is_sent_when_the_transaction_fails(self, world):
        with pytest.raises(ClaimInvalid):
            report_case(
                world.bpjs,
                world.project_worker,
                claim_type="jkk_accident",
                project_id=world.project.pk,
                reporter_name="",
            )
        assert Notification.objects.count() == 0

    def test_registered_after_the_event_is_unprotected(self, world):
        project = world.registered_project
        project.registered_on = date(2026, 3, 5)
        project.save(update_fields=["registered_on"])
        case = report_case(
            world.bpjs,
            world.project_worker,
            claim_type="jkk_accident",
            project_id=project.pk,
        )
        assert case.protected_at_event is False
        assert case.protection_detail["code"] == "project_registered_after_event"
        assert "05/03/2026" in claim_services.protection_text(case)

    def test_registered_project_is_protected_and_nobody_is_told(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            case = report_case(
                world.bpjs,
                world.project_worker,
                claim_type="jkk_accident",
                project_id=world.registered_project.pk,
            )
        assert case.protected_at_event is True
        assert Notification.objects.count() == 0

    def test_jkm_death_on_an_unregistered_project_is_judged_and_told(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            case = report_case(world.bpjs, world.project_worker, project_id=world.project.pk)
        assert case.claim_type == "jkm_death"
        assert case.protected_at_event is False
        assert case.protection_detail["code"] == "project_not_registered"
        with translation.override(settings.LANGUAGE_CODE):
            expected = gettext("Death of a worker on an unprotected project: %(project)s") % {
                "project": world.project.name
            }
        assert set(Notification.objects.values_list("title", flat=True)) == {expected}

    def test_jkm_death_on_a_registered_project_is_protected(self, world):
        case = report_case(world.bpjs, world.project_worker, project_id=world.registered_project.pk)
        assert case.protected_at_event is True

    def test_unprotected_scholarship_is_not_told_again(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            case = report_case(
                world.bpjs,
                world.project_worker,
                claim_type="beasiswa",
                beasiswa_cause="jkm_death",
                project_id=world.project.pk,
            )
        assert case.protected_at_event is False
        assert Notification.objects.count() == 0


class TestDocuments:
    def test_tick_and_untick_while_reported(self, world):
        case = report_case(world.admin, world.pontianak_worker)
        doc = claim_services.set_document(
            actor=world.admin, case_id=case.pk, code="kk", received=True, received_on=None
        )
        assert doc.received
        assert doc.received_on == timezone.localdate()
        assert doc.checked_by == world.admin
        claim_services.set_document(actor=world.admin, case_id=case.pk, code="kk", received=False)
        doc.refresh_from_db()
        assert (doc.received, doc.received_on, doc.checked_by) == (False, None, None)
        assert AuditEvent.objects.filter(action="claim.document").count() == 2

    def test_unknown_document_is_refused(self, world):
        case = report_case(world.admin, world.pontianak_worker)
        with pytest.raises(DocumentInvalid):
            claim_services.set_document(
                actor=world.admin, case_id=case.pk, code="passport", received=True
            )

    def test_date_before_event_is_refused(self, world):
        case = report_case(world.admin, world.pontianak_worker)
        with pytest.raises(DocumentInvalid) as caught:
            claim_services.set_document(
                actor=world.admin,
                case_id=case.pk,
                code="kk",
                received=True,
                received_on=date(2026, 2, 1),
            )
        assert caught.value.errors[0].code == "date_before_event"
        assert not ClaimDocument.objects.filter(case=case, received=True).exists()

    def test_checklist_is_frozen_after_documents_complete(self, world):
        case = move_to(world.admin, report_case(world.admin, world.pontianak_worker), "submitted")
        with pytest.raises(DocumentInvalid) as caught:
            claim_services.set_document(
                actor=world.admin, case_id=case.pk, code="kk", received=False
            )
        assert caught.value.errors[0].code == "checklist_frozen"

    def test_changing_the_outcome_follows_the_checklist(self, world):
        case = report_case(
            world.admin, world.project_worker, claim_type="jkk_accident", jkk_outcome="temporary"
        )
        claim_services.set_document(
            actor=world.admin, case_id=case.pk, code="sick_leave", received=True
        )
        claim_services.update_case(
            actor=world.admin,
            case_id=case.pk,
            data=claim_services.CaseUpdate(
                event_place="Proyek",
                description="Jatuh dari perancah",
                jkk_outcome="death",
                beasiswa_cause="",
                reporter_phone="",
                inputs=claim_services.BenefitInputs(monthly_wage=Decimal(3_500_000)),
            ),
        )
        docs = {d.code: d.required for d in ClaimDocument.objects.filter(case=case)}
        assert docs["death_certificate"] is True
        assert docs["sick_leave"] is False  # received earlier: kept, no longer required
        assert "wage_slips" not in docs
        case.refresh_from_db()
        assert case.expected_benefit == Decimal(190_000_000)


class TestSteps:
    def test_walks_to_paid_with_dates_and_people(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        tick_all(world.bpjs, case, date(2026, 3, 10))
        moves: list[tuple[str, date, dict[str, object]]] = [
            ("documents_complete", date(2026, 3, 10), {}),
            ("submitted", date(2026, 3, 12), {"bpjs_claim_number": "KLM/PTK/0099"}),
            ("approved", date(2026, 3, 20), {}),
            ("paid", date(2026, 3, 25), {"amount_paid": Decimal(42_000_000)}),
        ]
        for target, on, extra in moves:
            case = claim_services.move_case(
                actor=world.bpjs, case_id=case.pk, step=_step(target, on, **extra)
            )
        assert case.status == ClaimStatus.PAID
        assert case.paid_on == date(2026, 3, 25)
        assert case.days_to_payout == 23
        assert case.bpjs_claim_number == "KLM/PTK/0099"
        assert list(case.steps.values_list("status", flat=True)) == [
            "reported",
            "documents_complete",
            "submitted",
            "approved",
            "paid",
        ]
        assert set(case.steps.values_list("moved_by", flat=True)) == {world.bpjs.pk}
        assert AuditEvent.objects.filter(action="claim.step", entity_id=str(case.pk)).count() == 4

    def test_documents_complete_with_documents_missing_writes_nothing(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        with pytest.raises(StepInvalid) as caught:
            claim_services.move_case(
                actor=world.bpjs,
                case_id=case.pk,
                step=_step("documents_complete", date(2026, 3, 10)),
            )
        assert caught.value.errors[0].code == "documents_missing"
        assert "Akta" in caught.value.errors[0].msg or "Death" in caught.value.errors[0].msg
        case.refresh_from_db()
        assert case.status == ClaimStatus.REPORTED
        assert ClaimStep.objects.filter(case=case).count() == 1
        assert not AuditEvent.objects.filter(action="claim.step").exists()

    def test_optional_documents_do_not_block(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        for document in case.documents.filter(required=True):
            claim_services.set_document(
                actor=world.bpjs, case_id=case.pk, code=document.code, received=True
            )
        moved = claim_services.move_case(
            actor=world.bpjs, case_id=case.pk, step=_step("documents_complete", date(2026, 3, 4))
        )
        assert moved.status == ClaimStatus.DOCUMENTS_COMPLETE

    def test_skipping_a_step_is_refused(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        tick_all(world.bpjs, case)
        with pytest.raises(StepInvalid) as caught:
            claim_services.move_case(
                actor=world.bpjs, case_id=case.pk, step=_step("submitted", date(2026, 3, 10))
            )
        assert caught.value.errors[0].code == "step_not_allowed"

    def test_paid_case_cannot_move(self, world):
        case = move_to(world.bpjs, report_case(world.bpjs, world.pontianak_worker), "paid")
        with pytest.raises(CaseClosed):
            claim_services.move_case(
                actor=world.bpjs,
                case_id=case.pk,
                step=_step("rejected", date(2026, 3, 20), rejection_reason="Salah input"),
            )
        assert ClaimCase.objects.get(pk=case.pk).status == ClaimStatus.PAID

    def test_rejected_case_keeps_the_reason_and_is_closed(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        case = claim_services.move_case(
            actor=world.bpjs,
            case_id=case.pk,
            step=_step("rejected", date(2026, 3, 9), rejection_reason="Kepesertaan tidak aktif"),
        )
        assert case.rejection_reason == "Kepesertaan tidak aktif"
        with pytest.raises(CaseClosed):
            claim_services.set_document(actor=world.bpjs, case_id=case.pk, code="kk", received=True)

    def test_cadre_cannot_move_a_case(self, world):
        case = report_case(world.pontianak_cadre, world.pontianak_worker)
        with pytest.raises(ClaimActionNotAllowed):
            claim_services.move_case(
                actor=world.pontianak_cadre,
                case_id=case.pk,
                step=_step("rejected", date(2026, 3, 9), rejection_reason="x"),
            )

    def test_officer_of_another_regency_gets_not_found(self, world):
        case = report_case(world.pontianak_officer, world.pontianak_worker)
        with pytest.raises(ClaimNotFound):
            claim_services.move_case(
                actor=world.sambas_officer,
                case_id=case.pk,
                step=_step("rejected", date(2026, 3, 9), rejection_reason="x"),
            )
        assert ClaimCase.objects.get(pk=case.pk).status == ClaimStatus.REPORTED


class TestBeneficiaries:
    def test_adding_a_child_recomputes_the_scholarship(self, world):
        case = report_case(
            world.admin, world.pontianak_worker, claim_type="beasiswa", beasiswa_cause="jkk_death"
        )
        assert case.expected_benefit is None
        claim_services.add_beneficiary(actor=world.admin, case_id=case.pk, data=CHILD)
        second = claim_services.add_beneficiary(
            actor=world.admin,
            case_id=case.pk,
            data=claim_services.BeneficiaryInput(
                name="Markus", relationship="child", birth_date=date(2012, 5, 5), school_level="SMP"
            ),
        )
        case.refresh_from_db()
        assert second.position == 2
        assert case.expected_benefit == Decimal(3_500_000)
        claim_services.remove_beneficiary(
            actor=world.admin, case_id=case.pk, beneficiary_id=second.pk
        )
        case.refresh_from_db()
        assert case.expected_benefit == Decimal(1_500_000)
        actions = list(
            AuditEvent.objects.filter(entity_id=str(case.pk)).values_list("action", flat=True)
        )
        assert actions.count("claim.beneficiary_add") == 2
        assert "claim.beneficiary_remove" in actions
        assert "Markus" not in str(
            list(AuditEvent.objects.filter(entity_id=str(case.pk)).values_list("changes"))
        )

    def test_school_level_only_for_children(self, world):
        case = report_case(world.admin, world.pontianak_worker)
        with pytest.raises(BeneficiaryInvalid) as caught:
            claim_services.add_beneficiary(
                actor=world.admin,
                case_id=case.pk,
                data=claim_services.BeneficiaryInput(
                    name="Maria", relationship="spouse", school_level="SD"
                ),
            )
        assert caught.value.errors[0].loc == ("school_level",)
        assert not ClaimBeneficiary.objects.filter(case=case).exists()


class TestReveal:
    def test_reveal_is_audited_for_case_and_worker(self, world):
        case = report_case(world.pontianak_officer, world.pontianak_worker, beneficiaries=(CHILD,))
        revealed = claim_services.reveal_case(actor=world.pontianak_officer, case_id=case.pk)
        assert revealed.case.worker.name == world.pontianak_worker.name
        assert [b.name for b in revealed.beneficiaries] == ["Yohana Lestari"]
        reveals = AuditEvent.objects.filter(action="personal_data.reveal")
        assert set(reveals.values_list("entity_type", "entity_id")) == {
            ("claim_case", str(case.pk)),
            ("worker", str(world.pontianak_worker.pk)),
        }

    def test_contractor_may_not_reveal(self, world):
        case = report_case(world.bpjs, world.project_worker, project_id=world.project.pk)
        with pytest.raises(ClaimActionNotAllowed):
            claim_services.reveal_case(actor=world.contractor, case_id=case.pk)
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()


def _handover(world, cases, **overrides: object) -> claim_services.HandoverInput:
    values: dict[str, object] = {
        "held_on": date(2026, 4, 2),
        "place": "Aula Kantor Wali Kota Pontianak",
        "region_code": "61.71",
        "officials": "Wali Kota Pontianak; Kepala BPJS Ketenagakerjaan Cabang Pontianak",
        "family_count": 2,
        "amount": Decimal(84_000_000),
        "case_ids": [c.pk for c in cases],
    }
    values.update(overrides)
    return claim_services.HandoverInput(**values)  # type: ignore[arg-type]


class TestHandover:
    def test_records_a_ceremony_for_paid_cases(self, world):
        first = move_to(world.bpjs, report_case(world.bpjs, world.pontianak_worker), "paid")
        neighbour = WorkerFactory.create(district="61.71.01")
        second = move_to(world.bpjs, report_case(world.bpjs, neighbour), "approved")
        handover = claim_services.record_handover(
            actor=world.pontianak_officer, data=_handover(world, [first, second])
        )
        assert set(handover.cases.values_list("pk", flat=True)) == {first.pk, second.pk}
        assert AuditEvent.objects.filter(action="claim.handover").count() == 1

    def test_open_cases_and_bad_input_are_refused(self, world):
        open_case = report_case(world.bpjs, world.pontianak_worker)
        with pytest.raises(HandoverInvalid) as caught:
            claim_services.record_handover(
                actor=world.bpjs,
                data=_handover(
                    world,
                    [open_case],
                    held_on=date(2026, 3, 1),
                    officials="",
                    amount=Decimal(0),
                    family_count=0,
                ),
            )
        assert {e.loc[0] for e in caught.value.errors} == {
            "case_ids",
            "held_on",
            "officials",
            "amount",
            "family_count",
        }
        assert Handover.objects.count() == 0

    def test_region_outside_the_officers_area_is_refused(self, world):
        paid = move_to(world.bpjs, report_case(world.bpjs, world.pontianak_worker), "paid")
        with pytest.raises(HandoverInvalid) as caught:
            claim_services.record_handover(
                actor=world.pontianak_officer, data=_handover(world, [paid], region_code="61.01")
            )
        assert caught.value.errors[0].code == "out_of_scope"


class TestStories:
    def _paid(self, world):
        return move_to(
            world.bpjs,
            report_case(world.bpjs, world.pontianak_worker, beneficiaries=(CHILD,)),
            "paid",
        )

    def test_anonymous_story_can_be_published(self, world):
        case = self._paid(world)
        story = claim_services.save_story(
            actor=world.bpjs,
            case_id=case.pk,
            data=claim_services.StoryInput(
                title="Santunan untuk keluarga tukang kayu",
                text="Seorang tukang kayu di Pontianak meninggal dunia. Keluarganya menerima "
                "santunan Rp42 juta dalam tiga minggu.",
                publishable=True,
            ),
        )
        assert story.publishable
        assert story.published_at is not None

    @pytest.mark.parametrize(
        "mention",
        ["name", "first_name", "heir", "nik", "spaced_nik", "other_nik"],
    )
    def test_names_and_niks_are_refused(self, world, mention):
        case = self._paid(world)
        worker = world.pontianak_worker
        nik = worker.nik
        text = {
            "name": worker.name,
            # One identifying part of the generated name: not a title ("R.A.", "Drs.") nor a
            # part that alone identifies no one and is allowed ("Siti", "Nur").
            "first_name": next(
                (
                    part
                    for part in worker.name.split()
                    if part.isalpha()
                    and len(part) >= 4
                    and part.casefold() not in COMMON_NAME_PARTS
                ),
                worker.name,
            ),
            "heir": "Yohana",
            "nik": nik,
            "spaced_nik": f"{nik[:6]} {nik[6:12]} {nik[12:]}",
            "other_nik": "6171015001900003",
        }[mention]
        with pytest.raises(StoryInvalid) as caught:
            claim_services.save_story(
                actor=world.bpjs,
                case_id=case.pk,
                data=claim_services.StoryInput(
                    title="Santunan tiba tepat waktu",
                    text=f"Keluarga {text} menerima santunan dari BPJS Ketenagakerjaan tahun ini.",
                ),
            )
        assert caught.value.errors[0].loc == ("text",)
        assert worker.name not in caught.value.errors[0].msg
        assert BenefitStory.objects.count() == 0

    def test_unpaid_case_story_cannot_be_published(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        with pytest.raises(StoryInvalid) as caught:
            claim_services.save_story(
                actor=world.bpjs,
                case_id=case.pk,
                data=claim_services.StoryInput(
                    title="Belum cair",
                    text="Keluarga ini masih menunggu santunan dari BPJS Ketenagakerjaan.",
                    publishable=True,
                ),
            )
        assert caught.value.errors[0].code == "not_paid"
