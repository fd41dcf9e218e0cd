"""Registration, NIK flags, reveals, project links, duplicate proposals and merges."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from lindung.accounts.models import AuditEvent
from lindung.workers import selectors, services
from lindung.workers.errors import (
    CandidateAlreadyDecided,
    MergeNotAllowed,
    NikAlreadyRegistered,
    WorkerActionNotAllowed,
    WorkerInvalid,
    WorkerNotFound,
)
from lindung.workers.models import (
    CandidateStatus,
    DuplicateCandidate,
    NikStatus,
    Source,
    Worker,
    WorkerMerge,
    WorkerProjectLink,
)
from lindung.workers.names import normalise_name
from tests.factories.workers import WorkerFactory, first_village, nik_for

pytestmark = pytest.mark.django_db


def _input(**kwargs):
    data: dict[str, object] = {
        "name": "Yohanes Asun",
        "region_code": first_village("61.71.01"),
        "nik": nik_for("61.71.01", date(1988, 5, 17), "male", 21),
        "sector": "construction",
        "segment": "jakon",
    }
    data.update(kwargs)
    return services.WorkerInput(**data)  # type: ignore[arg-type]


class TestRegisterWorker:
    def test_cadre_registers_a_worker_with_a_valid_nik(self, world):
        worker = services.register_worker(actor=world.pontianak_cadre, data=_input())
        assert worker.nik_status == NikStatus.VALID
        assert worker.birth_date == date(1988, 5, 17)  # decoded from the NIK
        assert worker.sex == "male"
        assert worker.source == Source.CADRE_REGISTRATION
        event = AuditEvent.objects.get(action="worker.create", entity_id=str(worker.pk))
        # The audit trail keeps masked personal data only.
        assert event.changes["after"]["nik"] == worker.nik[:4] + "********" + worker.nik[-4:]
        assert "Yohanes" not in str(event.changes)

    def test_missing_nik_is_allowed_and_flagged(self, world):
        worker = services.register_worker(actor=world.pontianak_cadre, data=_input(nik=""))
        assert worker.nik_status == NikStatus.MISSING
        assert worker.nik_issues == ["nik_missing"]

    def test_invalid_nik_is_allowed_and_flagged(self, world):
        worker = services.register_worker(
            actor=world.pontianak_cadre, data=_input(nik="6171019913880021")
        )
        assert worker.nik_status == NikStatus.INVALID
        assert "nik_month_invalid" in worker.nik_issues

    def test_birth_date_differing_from_nik_is_flagged(self, world):
        worker = services.register_worker(
            actor=world.pontianak_cadre, data=_input(birth_date=date(1988, 5, 18))
        )
        assert worker.nik_status == NikStatus.VALID
        assert "nik_birth_date_mismatch" in worker.nik_issues

    def test_same_nik_is_one_person(self, world):
        services.register_worker(actor=world.pontianak_cadre, data=_input())
        with pytest.raises(NikAlreadyRegistered):
            services.register_worker(actor=world.admin, data=_input(name="Yohanes A."))
        assert Worker.objects.filter(name__startswith="Yohanes").count() == 1

    def test_cadre_cannot_register_outside_own_area(self, world):
        with pytest.raises(WorkerInvalid) as exc:
            services.register_worker(
                actor=world.pontianak_cadre, data=_input(region_code=first_village("61.01.01"))
            )
        assert exc.value.errors[0].loc == ("region_code",)
        assert not Worker.objects.filter(name="Yohanes Asun").exists()

    def test_collects_every_problem_at_once(self, world):
        with pytest.raises(WorkerInvalid) as exc:
            services.register_worker(
                actor=world.admin,
                data=_input(name=" ", region_code="61.71", sector="mining", phone="abc"),
            )
        assert {e.loc[0] for e in exc.value.errors} == {"name", "region_code", "sector", "phone"}

    def test_contractor_must_register_onto_own_project(self, world):
        with pytest.raises(WorkerInvalid):
            services.register_worker(actor=world.contractor, data=_input())
        worker = services.register_worker(
            actor=world.contractor,
            data=_input(),
            project_id=world.project.pk,
            project_role="mandor",
        )
        assert worker.source == Source.CONTRACTOR_ROSTER
        assert WorkerProjectLink.objects.get(worker=worker).role == "mandor"
        assert selectors.access_worker(actor=world.contractor, worker_id=worker.pk) == worker

    def test_analyst_cannot_register(self, world):
        with pytest.raises(WorkerActionNotAllowed):
            services.register_worker(actor=world.analyst, data=_input())


class TestUpdateWorker:
    def test_update_is_audited_with_masked_values(self, world):
        worker = world.pontianak_worker
        services.update_worker(
            actor=world.pontianak_officer,
            worker_id=worker.pk,
            data=_input(nik=worker.nik, name=worker.name, occupation="Mandor"),
        )
        worker.refresh_from_db()
        assert worker.occupation == "Mandor"
        event = AuditEvent.objects.get(action="worker.update", entity_id=str(worker.pk))
        assert event.changes["after"]["occupation"] == "Mandor"

    def test_out_of_scope_update_is_not_found(self, world):
        with pytest.raises(WorkerNotFound):
            services.update_worker(
                actor=world.sambas_officer, worker_id=world.pontianak_worker.pk, data=_input()
            )


class TestReveal:
    def test_reveal_is_audited(self, world):
        worker = services.reveal_worker(actor=world.bpjs, worker_id=world.sambas_worker.pk)
        assert worker.nik == world.sambas_worker.nik
        assert AuditEvent.objects.filter(
            action="personal_data.reveal", entity_type="worker", entity_id=str(worker.pk)
        ).exists()

    @pytest.mark.parametrize("who", ["pontianak_cadre", "contractor", "agency_user"])
    def test_roles_without_the_permission_cannot_reveal(self, world, who):
        with pytest.raises(WorkerActionNotAllowed):
            services.reveal_worker(actor=getattr(world, who), worker_id=world.project_worker.pk)
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()

    def test_reveal_out_of_scope_is_not_found_and_not_audited(self, world):
        with pytest.raises(WorkerNotFound):
            services.reveal_worker(actor=world.sambas_officer, worker_id=world.pontianak_worker.pk)
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()


class TestLinkToProject:
    def test_link_with_dates_and_role(self, world):
        link = services.link_to_project(
            actor=world.admin,
            worker_id=world.pontianak_worker.pk,
            project_id=world.project.pk,
            role="tukang",
            start_date=date(2026, 3, 1),
            end_date=date(2026, 6, 30),
        )
        assert (link.role, link.end_date) == ("tukang", date(2026, 6, 30))
        assert AuditEvent.objects.filter(action="worker.link_project").exists()

    def test_end_before_start_is_refused(self, world):
        with pytest.raises(WorkerInvalid):
            services.link_to_project(
                actor=world.admin,
                worker_id=world.pontianak_worker.pk,
                project_id=world.project.pk,
                start_date=date(2026, 3, 1),
                end_date=date(2026, 2, 1),
            )


class TestNames:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("H. Moch. Djoko Santoso, S.Pd", "muhammad joko santoso"),
            ("Soekarno", "sukarno"),
            ("  SITI   aminah ", "siti aminah"),
            ("Abd. Rahman", "abdul rahman"),
        ],
    )
    def test_normalise_name(self, raw, expected):
        assert normalise_name(raw) == expected


def _twin(world, **kwargs):
    original = world.pontianak_worker
    return WorkerFactory.create(
        district="61.71.01",
        name=kwargs.pop("name", original.name + "h"),
        birth_date=original.birth_date,
        nik=kwargs.pop("nik", ""),
        nik_status=kwargs.pop("nik_status", NikStatus.MISSING),
        **kwargs,
    )


class TestDuplicateProposals:
    def test_similar_name_and_same_birth_date_is_proposed_not_merged(self, world):
        twin = _twin(world)
        assert services.find_duplicate_candidates(actor=world.admin) >= 1
        candidate = DuplicateCandidate.objects.get(
            worker_a=min(twin.pk, world.pontianak_worker.pk),
            worker_b=max(twin.pk, world.pontianak_worker.pk),
        )
        assert candidate.status == CandidateStatus.PENDING
        assert "same_birth_date" in candidate.reasons
        assert candidate.score >= services.SAME_BIRTH_DATE_MIN_SCORE
        assert Worker.objects.filter(merged_into__isnull=False).count() == 0

    def test_two_valid_niks_are_two_people(self, world):
        original = world.pontianak_worker
        WorkerFactory.create(
            district="61.71.02",
            name=original.name,
            birth_date=original.birth_date,
            sex=original.sex,
        )
        services.find_duplicate_candidates(actor=world.admin)
        assert not DuplicateCandidate.objects.exists()

    def test_registration_proposes_at_once(self, world):
        original = world.pontianak_worker
        twin = services.register_worker(
            actor=world.pontianak_cadre,
            data=_input(nik="", name=original.name.upper(), birth_date=original.birth_date),
        )
        assert DuplicateCandidate.objects.filter(worker_b=twin).exists()

    def test_rejected_pairs_are_not_proposed_again(self, world):
        _twin(world)
        services.find_duplicate_candidates(actor=world.admin)
        candidate = DuplicateCandidate.objects.get()
        services.reject_candidate(actor=world.admin, candidate_id=candidate.pk)
        assert services.find_duplicate_candidates(actor=world.admin) == 0
        candidate.refresh_from_db()
        assert candidate.status == CandidateStatus.REJECTED
        assert candidate.decided_by == world.admin
        with pytest.raises(CandidateAlreadyDecided):
            services.reject_candidate(actor=world.admin, candidate_id=candidate.pk)

    def test_cadre_cannot_decide(self, world):
        _twin(world)
        services.find_duplicate_candidates(actor=None)
        candidate = DuplicateCandidate.objects.get()
        with pytest.raises(WorkerActionNotAllowed):
            services.reject_candidate(actor=world.pontianak_cadre, candidate_id=candidate.pk)


class TestMergeWorkers:
    def test_merge_keeps_history_and_moves_links(self, world):
        twin = _twin(world, phone="")
        WorkerProjectLink.objects.create(worker=twin, project=world.project, role="tukang")
        services.find_duplicate_candidates(actor=None)
        candidate = DuplicateCandidate.objects.get()
        # The record without a NIK survives and takes the absorbed record's valid NIK.
        merge = services.merge_workers(
            actor=world.pontianak_officer,
            survivor_id=twin.pk,
            absorbed_id=world.pontianak_worker.pk,
            candidate_id=candidate.pk,
        )
        twin.refresh_from_db()
        absorbed = Worker.objects.get(pk=world.pontianak_worker.pk)
        assert absorbed.merged_into == twin
        assert twin.nik == absorbed.nik
        assert twin.nik_status == NikStatus.VALID
        assert twin.phone == absorbed.phone
        assert merge.absorbed_snapshot["nik"] == absorbed.nik
        assert WorkerProjectLink.objects.filter(worker=twin).count() == 1
        candidate.refresh_from_db()
        assert candidate.status == CandidateStatus.MERGED
        assert AuditEvent.objects.filter(action="worker.merge", entity_id=str(twin.pk)).exists()
        assert WorkerMerge.objects.filter(survivor=twin).count() == 1
        # The absorbed record stays readable (history) but leaves the list.
        assert absorbed not in selectors.worker_list(actor=world.admin)

    def test_different_valid_niks_cannot_merge(self, world):
        with pytest.raises(MergeNotAllowed):
            services.merge_workers(
                actor=world.admin,
                survivor_id=world.pontianak_worker.pk,
                absorbed_id=world.sambas_worker.pk,
            )
        assert not WorkerMerge.objects.exists()

    def test_out_of_scope_merge_is_not_found(self, world):
        twin = _twin(world)
        with pytest.raises(WorkerNotFound):
            services.merge_workers(
                actor=world.sambas_officer,
                survivor_id=twin.pk,
                absorbed_id=world.pontianak_worker.pk,
            )

    def test_merged_record_cannot_be_merged_again(self, world):
        twin = _twin(world)
        services.merge_workers(
            actor=world.admin, survivor_id=world.pontianak_worker.pk, absorbed_id=twin.pk
        )
        with pytest.raises(MergeNotAllowed):
            services.merge_workers(
                actor=world.admin, survivor_id=world.pontianak_worker.pk, absorbed_id=twin.pk
            )


class TestAssessNik:
    def test_messages_follow_the_language(self):
        with translation.override("en"):
            result = services.assess_nik("12345", today=date(2026, 1, 1))
        assert result.status == NikStatus.INVALID
        assert result.errors
