"""Who sees which case, overdue flags against working days, and the regency statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.accounts.models import Role
from lindung.claims import selectors, workflow
from lindung.claims import services as claim_services
from lindung.claims.errors import ClaimNotFound
from lindung.regions.models import Region
from lindung.regulations.models import Holiday
from tests.factories.accounts import user_of_role
from tests.factories.claims import ClaimCaseFactory, move_to, report_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world):
    home = report_case(world.admin, world.pontianak_worker)
    sambas = report_case(world.admin, world.sambas_worker)
    site = report_case(
        world.admin,
        world.project_worker,
        claim_type="jkk_accident",
        project_id=world.project.pk,
        event_region_code=world.pontianak_village,
    )
    return {"home": home, "sambas": sambas, "site": site}


EXPECTED = {
    "admin": {"home", "sambas", "site"},
    "analyst": {"home", "sambas", "site"},
    "bpjs": {"home", "sambas", "site"},
    "pontianak_officer": {"home", "site"},
    "sambas_officer": {"sambas"},
    "pontianak_cadre": {"home", "site"},
    "sambas_cadre": {"sambas"},
    "contractor": {"site"},
    "other_contractor": set(),
    "agency_user": {"site"},
    "ppk_user": {"site"},
}


class TestScope:
    @pytest.mark.parametrize(("user", "visible"), sorted(EXPECTED.items()))
    def test_each_role_sees_its_cases(self, world, cases, user, visible):
        actor = getattr(world, user)
        found = set(selectors.readable_cases(actor=actor).values_list("pk", flat=True))
        assert found == {cases[name].pk for name in visible}

    def test_worker_home_regency_sees_the_case_elsewhere(self, world, cases):
        officer = user_of_role(Role.REGENCY_OFFICER, "61.05")
        found = set(selectors.readable_cases(actor=officer).values_list("pk", flat=True))
        assert found == {cases["site"].pk}

    def test_inactive_user_sees_nothing(self, world, cases):
        world.bpjs.is_active = False
        world.bpjs.save(update_fields=["is_active"])
        assert not selectors.readable_cases(actor=world.bpjs).exists()

    def test_access_out_of_scope_is_like_absent(self, world, cases):
        with pytest.raises(ClaimNotFound) as outside:
            selectors.access_case(actor=world.sambas_officer, case_id=cases["home"].pk)
        with pytest.raises(ClaimNotFound) as absent:
            selectors.access_case(actor=world.sambas_officer, case_id=999_999)
        assert outside.value.as_dict() == absent.value.as_dict()

    def test_handovers_follow_the_cases(self, world, cases):
        paid = move_to(world.bpjs, cases["sambas"], "paid")
        claim_services.record_handover(
            actor=world.bpjs,
            data=claim_services.HandoverInput(
                held_on=date(2026, 4, 2),
                place="Aula Bupati Sambas",
                region_code="61.01",
                officials="Bupati Sambas",
                family_count=1,
                amount=Decimal(42_000_000),
                case_ids=[paid.pk],
            ),
        )
        assert selectors.readable_handovers(actor=world.sambas_officer).count() == 1
        assert selectors.readable_handovers(actor=world.pontianak_officer).count() == 0


def _open_case(world, status: str, status_on: date, region: str | None = None):
    worker = world.pontianak_worker
    paid = {"amount_paid": Decimal(42_000_000), "paid_on": status_on} if status == "paid" else {}
    return ClaimCaseFactory.create(
        worker=worker,
        event_date=date(2026, 1, 5),
        event_region_id=region or worker.region_id,
        reported_on=date(2026, 1, 6),
        status=status,
        status_on=status_on,
        **paid,
    )


class TestOverdue:
    TODAY = date(2026, 6, 15)  # Monday

    def test_flags_match_the_filter(self, world):
        # Limits: reported 10, documents_complete 5, submitted 10, approved 5 working days.
        late = _open_case(world, "approved", date(2026, 6, 5))  # 6 working days
        on_time = _open_case(world, "approved", date(2026, 6, 8))  # 5 working days
        submitted = _open_case(world, "submitted", date(2026, 6, 1))  # 10 (1 June holiday)
        paid = _open_case(world, "paid", date(2026, 1, 20))
        flags = selectors.overdue_for([late, on_time, submitted, paid], today=self.TODAY)
        assert flags[late.pk].overdue
        assert not flags[on_time.pk].overdue
        assert flags[submitted.pk].working_days == 10
        assert not flags[submitted.pk].overdue
        assert paid.pk not in flags
        filtered = selectors.readable_cases(actor=world.admin).filter(
            selectors.overdue_q(today=self.TODAY)
        )
        assert set(filtered.values_list("pk", flat=True)) == {late.pk}

    def test_regency_holiday_counts(self, world):
        case = _open_case(world, "approved", date(2026, 6, 5))
        Holiday.objects.create(
            date=date(2026, 6, 10),
            name="Hari jadi Kota Pontianak (contoh)",
            source="Keputusan Wali Kota (contoh uji)",
            region=Region.objects.get(code="61.71"),
        )
        flags = selectors.overdue_for([case], today=self.TODAY)
        assert flags[case.pk].working_days == 5
        assert not flags[case.pk].overdue
        filtered = selectors.readable_cases(actor=world.admin).filter(
            selectors.overdue_q(today=self.TODAY)
        )
        assert not filtered.exists()

    def test_setting_changes_the_limit(self, world, settings):
        case = _open_case(world, "approved", date(2026, 6, 8))
        settings.LINDUNG_CLAIM_STEP_LIMITS = {"approved": 2}
        flags = selectors.overdue_for([case], today=self.TODAY)
        assert flags[case.pk].limit == 2
        assert flags[case.pk].overdue
        assert workflow.step_limits()["reported"] == 10


class TestStats:
    def test_counts_amounts_and_median_days_per_regency(self, world):
        pontianak = [
            report_case(world.bpjs, world.pontianak_worker),
            report_case(world.bpjs, world.pontianak_worker, claim_type="jkk_accident"),
            report_case(world.bpjs, world.pontianak_worker, claim_type="beasiswa",
                        beasiswa_cause="jkk_death"),
        ]  # fmt: skip
        # One day per step from the report (2026-03-03): paid on 03-07 and, starting a day
        # later, on 03-08: 5 and 6 days after the 2026-03-02 event.
        move_to(world.bpjs, pontianak[0], "paid")
        move_to(world.bpjs, pontianak[1], "paid", start=date(2026, 3, 4))
        report_case(world.bpjs, world.sambas_worker)
        stats = selectors.claim_stats(
            actor=world.admin, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
        )
        rows = {row.code: row for row in stats.rows}
        assert set(rows) == {"61.71", "61.01"}
        row = rows["61.71"]
        assert (row.cases, row.open, row.paid) == (3, 1, 2)
        assert row.amount_paid == Decimal(84_000_000)
        assert row.median_days == 5.5
        assert rows["61.01"].cases == 1
        assert stats.total.cases == 4
        assert stats.total.paid == 2

    def test_period_and_scope(self, world):
        move_to(world.bpjs, report_case(world.bpjs, world.pontianak_worker), "paid")
        before = selectors.claim_stats(
            actor=world.admin, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
        )
        assert before.rows == []
        scoped = selectors.claim_stats(
            actor=world.sambas_officer, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
        )
        assert scoped.rows == []
        assert scoped.total.cases == 0

    def test_paid_against_expected_uses_cases_with_a_known_benefit(self, world):
        case = report_case(world.bpjs, world.pontianak_worker)
        move_to(world.bpjs, case, "paid")  # paid 42,000,000 as expected
        no_expected = report_case(world.bpjs, world.sambas_worker, claim_type="jkk_accident")
        move_to(world.bpjs, no_expected, "paid")
        stats = selectors.claim_stats(
            actor=world.admin, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
        )
        assert stats.total.amount_paid == Decimal(84_000_000)
        assert stats.total.compared_paid == Decimal(42_000_000)
        assert stats.total.paid_vs_expected == Decimal(0)
