"""Factories for agencies, PPKs, contractors and projects in real Kalbar regions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from lindung.projects import services as project_services
from lindung.projects.models import Agency, Contractor, FundingLevel, Ppk, Project, Stage


def nip_for(n: int) -> str:
    """Return a structurally valid 18-digit NIP (birth date, TMT, sex, serial)."""
    return f"19800101200501{1 + n % 2}{n % 1000:03d}"


class AgencyFactory(DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("name", "region_id")

    name = factory.Sequence(lambda n: f"Dinas PUPR {n}")
    region_id = "61.71"
    funding_level = FundingLevel.APBD_REGENCY


class PpkFactory(DjangoModelFactory[Ppk]):
    class Meta:
        model = Ppk

    nip = factory.Sequence(nip_for)
    name = factory.Faker("name", locale="id_ID")
    agency = factory.SubFactory(AgencyFactory)


class ContractorFactory(DjangoModelFactory[Contractor]):
    class Meta:
        model = Contractor

    name = factory.Sequence(lambda n: f"CV Karya Khatulistiwa {n}")
    nib = factory.Sequence(lambda n: f"{9120000000000 + n}")


class ProjectFactory(DjangoModelFactory[Project]):
    """A contracted project; use ``make_project`` to get its contribution computed."""

    class Meta:
        model = Project

    kode_rup = factory.Sequence(lambda n: f"{40000000 + n}")
    name = factory.Sequence(lambda n: f"Rehabilitasi Jalan Lingkungan {n}")
    agency = factory.SubFactory(AgencyFactory)
    ppk = factory.SubFactory(PpkFactory, agency=factory.SelfAttribute("..agency"))
    contractor = factory.SubFactory(ContractorFactory)
    region_id = "61.71.01"
    funding_source = FundingLevel.APBD_REGENCY
    fiscal_year = 2026
    stage = Stage.CONTRACTED
    contract_value = Decimal("350000000")
    spk_date = date(2026, 3, 2)


def make_project(**kwargs: Any) -> Project:
    """Create a project with its contribution and registration deadline computed by the rules."""
    project = ProjectFactory.create(**kwargs)
    project_services.compute_contribution(project)
    project_services.compute_registration_due(project)
    project.save()
    return project
