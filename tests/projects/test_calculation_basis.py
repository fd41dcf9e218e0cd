"""A project's stored calculation: its own part and the basis shared by its parameter regime."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.projects import calculation_basis
from lindung.projects import selectors as project_selectors
from lindung.projects import services as project_services
from lindung.projects.models import ContributionBasis, Project
from lindung.rules import default_parameters
from lindung.rules.jakon import Vat, jakon_contribution
from tests.factories import accounts as f
from tests.factories.projects import make_project

PARAMS = default_parameters()
migration = importlib.import_module("lindung.projects.migrations.0004_contribution_basis")


class TestSplitAndMerge:
    @settings(max_examples=150, deadline=None)
    @given(
        value=st.integers(1, 10**13),
        vat=st.one_of(st.none(), st.integers(0, 10**6)),
        as_of=st.dates(min_value=date(2015, 7, 1), max_value=date(2027, 12, 31)),
    )
    def test_merging_the_parts_gives_the_rules_record_back(self, value, vat, as_of):
        tax = None if vat is None else Vat(Decimal(vat), included_in_value=False)
        record = jakon_contribution(Decimal(value), as_of, PARAMS, vat=tax).to_dict()

        basis, own = calculation_basis.split(record)

        assert calculation_basis.merge(basis, own) == record
        assert set(basis) == {*calculation_basis.BASIS_KEYS, "bands"}
        assert len(own["slices"]) == len(record["tiers"])
        assert {"parameters", "tiers"}.isdisjoint(own)

    def test_the_digest_does_not_depend_on_key_order(self):
        basis = {
            "base_policy": "as_entered",
            "relief_factor": "1",
            "parameters": [],
            "warnings": [],
        }
        reordered = dict(reversed(list(basis.items())))

        assert calculation_basis.digest(basis) == calculation_basis.digest(reordered)
        assert calculation_basis.digest(basis) != calculation_basis.digest(
            basis | {"relief_factor": "0.01"}
        )

    def test_nothing_computed_merges_to_nothing(self):
        assert calculation_basis.merge(None, {}) == {}


@pytest.mark.django_db
class TestStoredBasis:
    def test_projects_computed_under_the_same_parameters_share_one_basis(self):
        first = make_project(contract_value=Decimal(250_000_000), spk_date=date(2025, 3, 3))
        second = make_project(contract_value=Decimal(9_000_000_000), spk_date=date(2025, 6, 2))

        assert first.contribution_basis_id == second.contribution_basis_id
        assert ContributionBasis.objects.count() == 1
        assert "parameters" not in first.contribution_detail
        record = project_selectors.contribution_detail(Project.objects.get(pk=second.pk))
        expected = jakon_contribution(Decimal(9_000_000_000), date(2025, 6, 2), PARAMS)
        assert record == expected.to_dict()

    def test_the_covid_relief_period_has_its_own_basis(self):
        make_project(contract_value=Decimal(250_000_000), spk_date=date(2020, 9, 1))
        make_project(contract_value=Decimal(250_000_000), spk_date=date(2022, 9, 1))

        assert ContributionBasis.objects.count() == 2

    def test_a_project_without_a_value_has_no_basis(self):
        project = make_project(contract_value=None)

        assert project.contribution_basis_id is None
        assert project_selectors.contribution_detail(project) == {}

    def test_an_addendum_stores_the_amended_calculation_with_its_basis(self):
        project = make_project(contract_value=Decimal(250_000_000), spk_date=date(2025, 3, 3))
        project_services.record_addendum(
            actor=f.admin(),
            project_id=project.pk,
            number="ADD-1",
            signed_on=date(2025, 5, 5),
            new_value=Decimal(400_000_000),
            new_end=None,
        )

        project.refresh_from_db()
        record = project_selectors.contribution_detail(project)
        assert record["contract_value"] == "400000000"
        assert record["parameters"]
        assert ContributionBasis.objects.count() == 1


@pytest.mark.django_db
class TestMigration:
    def test_moves_stored_parameters_into_a_shared_basis_and_back(self):
        """Projects stored before the basis existed carried the whole record."""
        records = [
            jakon_contribution(Decimal(value), date(2025, 3, 3), PARAMS).to_dict()
            for value in (250_000_000, 9_000_000_000)
        ]
        projects = [make_project(contract_value=Decimal(1)) for _ in records]
        for project, record in zip(projects, records, strict=True):
            Project.objects.filter(pk=project.pk).update(
                contribution_detail=record, contribution_basis=None
            )
        ContributionBasis.objects.all().delete()
        make_project(contract_value=None)

        migration.split_details(apps, None)

        assert ContributionBasis.objects.count() == 1
        for project, record in zip(projects, records, strict=True):
            project.refresh_from_db()
            assert "parameters" not in project.contribution_detail
            assert project_selectors.contribution_detail(project) == record

        migration.join_details(apps, None)

        for project, record in zip(projects, records, strict=True):
            project.refresh_from_db()
            assert project.contribution_basis_id is None
            assert project.contribution_detail == record
