"""The budget planner against hand-computed figures.

The BPU package in force in 2026: declared income Rp1,000,000, JKK 1% = Rp10,000 and the
flat JKM Rp6,800, so Rp16,800 per worker per month (domain reference, summary #25).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lindung.accounts.models import AuditEvent
from lindung.coverage import services as coverage_services
from lindung.outreach.budget import selectors, services
from lindung.outreach.errors import (
    AllocationNotFound,
    BudgetNotAllowed,
    BudgetRecordInvalid,
    ScenarioInvalid,
    ScenarioNotFound,
)
from lindung.outreach.models import BudgetAllocation, BudgetScenario, ScenarioShare
from lindung.outreach.planning import ShareInput
from tests.factories.outreach import AllocationFactory, PaymentFactory, Row, loaded_snapshot

pytestmark = pytest.mark.django_db

V = "61.71.01.1002"
PACKAGE = Decimal(16_800)


def coverage_input(**overrides: object) -> services.ScenarioInput:
    data: dict[str, object] = {
        "name": "Pontianak 40% 2026",
        "kind": "coverage",
        "region_code": "61.71",
        "year": 2026,
        "target_percent": Decimal(40),
        "denominator": 10_000,
        "current_participants": 2_345,
        "shares": [
            ShareInput("province", percent=Decimal(50)),
            ShareInput("regency", percent=Decimal(30)),
            ShareInput("village", percent=Decimal(20)),
        ],
    }
    data.update(overrides)
    return services.ScenarioInput(**data)  # type: ignore[arg-type]


def protect_input(**overrides: object) -> services.ScenarioInput:
    data: dict[str, object] = {
        "name": "1 Desa 100 Pekerja Rentan",
        "kind": "protect",
        "region_code": V,
        "year": 2026,
        "workers": 100,
        "months": 6,
        "split_mode": "amount",
        "shares": [
            ShareInput("village", amount=Decimal(8_080_000)),
            ShareInput("csr", amount=Decimal(2_000_000)),
        ],
    }
    data.update(overrides)
    return services.ScenarioInput(**data)  # type: ignore[arg-type]


class TestCoverageScenario:
    def test_hand_computed_costs_and_split(self, world):
        scenario = services.save_scenario(actor=world.pontianak_officer, data=coverage_input())
        assert scenario.workers == 1_655  # 40% of 10,000 = 4,000 - 2,345
        assert scenario.per_worker_monthly == PACKAGE
        assert scenario.monthly_total == Decimal(27_804_000)
        assert scenario.annual_total == Decimal(333_648_000)
        assert scenario.total_cost == Decimal(333_648_000)
        assert scenario.as_of == date(2026, 1, 1)
        assert scenario.declared_income == Decimal(1_000_000)
        shares = {s.source: s.amount for s in scenario.shares.all()}
        assert shares == {
            "province": Decimal(166_824_000),
            "regency": Decimal(100_094_400),
            "village": Decimal(66_729_600),
        }
        assert scenario.denominator_overridden is True
        assert scenario.participants_overridden is True
        assert scenario.denominator_source.startswith("Entered by hand")
        trail = scenario.calculation
        assert trail["coverage"]["target_participants"] == 4_000
        assert trail["coverage"]["current_percent"] == "23.45"
        names = {p["name"] for p in trail["contribution"]["parameters"]}
        assert {"bpu.jkk_pct", "bpu.jkm_flat", "bpu.income_min"} <= names
        (audit,) = AuditEvent.objects.filter(action="outreach.scenario.create")
        assert audit.changes["after"]["total_cost"] == "333648000"
        assert audit.changes["after"]["shares"]["province"] == "166824000"

    def test_recorded_denominator_and_published_participants(self, world):
        coverage_services.record_denominator(
            actor=None,
            region_code="61.71",
            sector="all",
            year=2025,
            workers=350_000,
            source="BPS Kota Pontianak",
        )
        coverage_services.record_published_figure(
            actor=None,
            region_code="61.71",
            sector="all",
            as_of=date(2025, 12, 31),
            participants=100_000,
            workers=350_000,
            published_percent=None,
            source="BPJS Pontianak",
        )
        result = services.compute_scenario(
            actor=world.pontianak_officer,
            data=coverage_input(
                denominator=None, current_participants=None, target_percent=Decimal(30)
            ),
        )
        assert (result.denominator, result.current_participants) == (350_000, 100_000)
        assert result.workers == 5_000  # 30% of 350,000 = 105,000
        assert "BPS Kota Pontianak (year 2025)" in result.denominator_source
        assert "BPJS Pontianak (2025-12-31)" in result.participants_source
        assert result.denominator_overridden is False

    def test_participants_from_the_newest_snapshot(self, world):
        loaded_snapshot(
            date(2026, 6, 30),
            [
                Row("1"),
                Row("2"),
                Row("3", standing="lapsed"),
                Row("4", region_code="61.01.01.2001"),
            ],
        )
        result = services.compute_scenario(
            actor=world.pontianak_officer,
            data=coverage_input(current_participants=None, target_percent=Decimal("0.1")),
        )
        assert result.current_participants == 2  # protected, in the regency
        assert "2026-06-30" in result.participants_source
        assert result.workers == 8  # 0.1% of 10,000 = 10

    def test_missing_figures_ask_for_input(self, world):
        with pytest.raises(ScenarioInvalid) as caught:
            services.compute_scenario(
                actor=world.pontianak_officer,
                data=coverage_input(denominator=None, current_participants=None),
            )
        assert {e.loc[0]: e.code for e in caught.value.errors} == {
            "denominator": "required",
            "current_participants": "required",
        }

    def test_target_reached_costs_nothing(self, world):
        result = services.compute_scenario(
            actor=world.pontianak_officer,
            data=coverage_input(current_participants=5_000, shares=[]),
        )
        assert (result.workers, result.total_cost, result.shares) == (0, Decimal(0), [])


class TestProtectScenario:
    def test_hundred_workers_for_six_months_split_by_amount(self, world):
        scenario = services.save_scenario(actor=world.pontianak_officer, data=protect_input())
        assert scenario.monthly_total == Decimal(1_680_000)
        assert scenario.total_cost == Decimal(10_080_000)
        assert scenario.annual_total == Decimal(20_160_000)
        assert {s.source: s.percent for s in scenario.shares.all()} == {
            "village": Decimal("80.16"),
            "csr": Decimal("19.84"),
        }

    def test_with_jht_and_a_higher_income(self, world):
        result = services.compute_scenario(
            actor=world.pontianak_officer,
            data=protect_input(
                with_jht=True,
                declared_income=Decimal(2_000_000),
                shares=[],
                split_mode="percent",
                months=1,
                workers=1,
            ),
        )
        # JKK 1% of 2,000,000 = 20,000 + JKM 6,800 + JHT 2% = 40,000
        assert result.per_worker_monthly == Decimal(66_800)

    def test_income_outside_the_table_is_located(self, world):
        with pytest.raises(ScenarioInvalid) as caught:
            services.compute_scenario(
                actor=world.pontianak_officer,
                data=protect_input(declared_income=Decimal(500_000)),
            )
        assert caught.value.errors[0].loc == ("declared_income",)

    def test_every_problem_is_collected_and_nothing_saved(self, world):
        with pytest.raises(ScenarioInvalid) as caught:
            services.save_scenario(
                actor=world.pontianak_officer,
                data=protect_input(name=" ", region_code="61.01", year=2014, months=13, workers=0),
            )
        assert {e.loc[0] for e in caught.value.errors} == {
            "name",
            "region_code",
            "year",
            "months",
            "workers",
        }
        assert not BudgetScenario.objects.exists()

    def test_split_that_does_not_add_up(self, world):
        with pytest.raises(ScenarioInvalid) as caught:
            services.save_scenario(
                actor=world.pontianak_officer,
                data=protect_input(shares=[ShareInput("village", amount=Decimal(1_000))]),
            )
        assert caught.value.errors[0].code == "sum_mismatch"
        assert not ScenarioShare.objects.exists()


class TestScenarioAccess:
    def test_roles_without_the_permission(self, world):
        for actor in (world.cadre_user, world.bpjs, world.contractor):
            with pytest.raises(BudgetNotAllowed):
                services.compute_scenario(actor=actor, data=protect_input())

    def test_other_regency_cannot_see_it(self, world):
        scenario = services.save_scenario(actor=world.pontianak_officer, data=protect_input())
        with pytest.raises(ScenarioNotFound):
            selectors.access_scenario(actor=world.sambas_officer, scenario_id=scenario.pk)
        assert selectors.access_scenario(actor=world.analyst, scenario_id=scenario.pk) == scenario

    def test_update_recomputes_and_audits(self, world):
        scenario = services.save_scenario(actor=world.pontianak_officer, data=protect_input())
        services.update_scenario(
            actor=world.pontianak_officer,
            scenario_id=scenario.pk,
            data=protect_input(
                workers=50, shares=[ShareInput("village", amount=Decimal(5_040_000))]
            ),
        )
        scenario.refresh_from_db()
        assert scenario.total_cost == Decimal(5_040_000)
        (audit,) = AuditEvent.objects.filter(action="outreach.scenario.update")
        assert audit.changes["before"]["workers"] == 100
        assert audit.changes["after"]["shares"] == {"village": "5040000"}

    def test_adopting_releases_the_previous_plan(self, world):
        first = services.save_scenario(actor=world.pontianak_officer, data=protect_input())
        second = services.save_scenario(actor=world.pontianak_officer, data=protect_input(name="B"))
        services.adopt_scenario(actor=world.pontianak_officer, scenario_id=first.pk)
        services.adopt_scenario(actor=world.pontianak_officer, scenario_id=second.pk)
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.is_adopted, second.is_adopted) == (False, True)
        last = AuditEvent.objects.filter(action="outreach.scenario.adopt").order_by("-id").first()
        assert last is not None
        assert last.changes["released"] == [first.pk]

    def test_moving_an_adopted_plan_releases_it(self, world):
        scenario = services.save_scenario(actor=world.pontianak_officer, data=protect_input())
        services.adopt_scenario(actor=world.pontianak_officer, scenario_id=scenario.pk)
        services.update_scenario(
            actor=world.pontianak_officer, scenario_id=scenario.pk, data=protect_input(year=2027)
        )
        scenario.refresh_from_db()
        assert scenario.is_adopted is False

    def test_delete(self, world):
        scenario = services.save_scenario(actor=world.pontianak_officer, data=protect_input())
        services.delete_scenario(actor=world.pontianak_officer, scenario_id=scenario.pk)
        assert not BudgetScenario.objects.exists()
        assert AuditEvent.objects.filter(action="outreach.scenario.delete").exists()


class TestAllocationsAndPayments:
    def record(self, **overrides: object) -> services.BudgetRecordInput:
        data: dict[str, object] = {
            "region_code": "61.71",
            "year": 2026,
            "source": "regency",
            "amount": "Rp 1.250.000.000",
            "reference": "DPA 2026 Disnaker",
        }
        data.update(overrides)
        return services.BudgetRecordInput(**data)  # type: ignore[arg-type]

    def test_allocation_with_indonesian_amount(self, world):
        row = services.record_allocation(actor=world.pontianak_officer, data=self.record())
        assert row.amount == Decimal(1_250_000_000)
        (audit,) = AuditEvent.objects.filter(action="outreach.allocation.create")
        assert audit.changes["after"]["amount"] == "1250000000"

    @pytest.mark.parametrize("amount", ["0", "-5", "lima juta", "1e9", "", "10.5.1"])
    def test_bad_amounts(self, world, amount):
        with pytest.raises(BudgetRecordInvalid) as caught:
            services.record_allocation(
                actor=world.pontianak_officer, data=self.record(amount=amount)
            )
        assert [e.loc for e in caught.value.errors] == [("amount",)]
        assert not BudgetAllocation.objects.exists()

    def test_correction_and_deletion_are_audited(self, world):
        row = services.record_allocation(actor=world.pontianak_officer, data=self.record())
        services.update_allocation(
            actor=world.pontianak_officer,
            allocation_id=row.pk,
            data=self.record(amount="1.500.000.000", reference="DPPA 2026 (perubahan)"),
        )
        (audit,) = AuditEvent.objects.filter(action="outreach.allocation.update")
        assert audit.changes["before"]["amount"] == "1250000000"
        assert audit.changes["after"]["amount"] == "1500000000"
        services.delete_allocation(actor=world.pontianak_officer, allocation_id=row.pk)
        with pytest.raises(AllocationNotFound):
            selectors.access_allocation(actor=world.pontianak_officer, allocation_id=row.pk)

    def test_payment_dates_are_checked(self, world):
        tomorrow = timezone.localdate() + timedelta(days=1)
        with pytest.raises(BudgetRecordInvalid) as caught:
            services.record_payment(
                actor=world.pontianak_officer,
                data=self.record(paid_on=tomorrow, workers_covered=-1, reference=""),
            )
        assert {e.loc[0] for e in caught.value.errors} == {
            "paid_on",
            "workers_covered",
            "reference",
        }
        payment = services.record_payment(
            actor=world.pontianak_officer,
            data=self.record(paid_on=date(2026, 2, 10), workers_covered=300),
        )
        assert payment.workers_covered == 300

    def test_out_of_scope_region(self, world):
        with pytest.raises(BudgetRecordInvalid) as caught:
            services.record_allocation(
                actor=world.pontianak_officer, data=self.record(region_code="61.01")
            )
        assert caught.value.errors[0].code == "out_of_scope"


class TestBudgetSummary:
    def adopted_plan(self, world):
        scenario = services.save_scenario(actor=world.pontianak_officer, data=coverage_input())
        services.adopt_scenario(actor=world.pontianak_officer, scenario_id=scenario.pk)
        return scenario

    def test_needed_allocated_and_spent(self, world):
        self.adopted_plan(world)
        AllocationFactory.create(region_id="61.71", source="regency", amount=Decimal(100_000_000))
        AllocationFactory.create(region_id=V, source="village", amount=Decimal(30_000_000))
        AllocationFactory.create(region_id="61.71", source="regency", year=2025)
        AllocationFactory.create(region_id="61.01", source="regency")
        PaymentFactory.create(region_id="61.71", source="regency", amount=Decimal(20_000_000))
        summary = selectors.budget_summary(region_code="61.71", year=2026)
        assert summary.needed == Decimal(333_648_000)
        assert summary.allocated == Decimal(130_000_000)
        assert summary.spent == Decimal(20_000_000)
        assert summary.gap == Decimal(203_648_000)
        assert summary.unspent == Decimal(110_000_000)
        assert summary.allocated_percent == Decimal("39.0")
        lines = {line.source: (line.needed, line.allocated, line.spent) for line in summary.lines}
        assert lines == {
            "province": (Decimal(166_824_000), Decimal(0), Decimal(0)),
            "regency": (Decimal(100_094_400), Decimal(100_000_000), Decimal(20_000_000)),
            "village": (Decimal(66_729_600), Decimal(30_000_000), Decimal(0)),
            "csr": (Decimal(0), Decimal(0), Decimal(0)),
        }

    def test_province_adds_up_the_regencies_plans(self, world):
        plan = self.adopted_plan(world)
        summary = selectors.budget_summary(region_code="61", year=2026)
        assert summary.needed == plan.total_cost
        assert summary.plans == [plan]

    def test_no_plan_means_needed_is_unknown(self, world):
        AllocationFactory.create(region_id="61.71")
        summary = selectors.budget_summary(region_code="61.71", year=2026)
        assert summary.needed is None
        assert summary.gap is None
        assert all(line.needed is None for line in summary.lines)
        assert summary.allocated == Decimal(100_000_000)

    def test_actor_outside_the_region_gets_nothing(self, world):
        self.adopted_plan(world)
        AllocationFactory.create(region_id="61.71")
        summary = selectors.budget_summary(
            region_code="61.71", year=2026, actor=world.sambas_officer
        )
        assert (summary.needed, summary.allocated) == (None, Decimal(0))

    def test_scenario_against_allocations(self, world):
        plan = self.adopted_plan(world)
        AllocationFactory.create(region_id="61.71", source="regency", amount=Decimal(100_000_000))
        AllocationFactory.create(region_id="61.71", source="csr", amount=Decimal(5_000_000))
        lines = {
            line.source: (line.planned, line.allocated, line.gap)
            for line in selectors.scenario_against_allocations(scenario=plan)
        }
        assert lines == {
            "province": (Decimal(166_824_000), Decimal(0), Decimal(166_824_000)),
            "regency": (Decimal(100_094_400), Decimal(100_000_000), Decimal(94_400)),
            "village": (Decimal(66_729_600), Decimal(0), Decimal(66_729_600)),
            "csr": (Decimal(0), Decimal(5_000_000), Decimal(-5_000_000)),
        }
