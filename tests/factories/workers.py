"""Factories for registry workers, with a NIK provider for Kalbar region codes."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory
from faker.providers import BaseProvider

from lindung.regions.models import Region
from lindung.rules.identifiers import Sex, build_nik
from lindung.workers.models import NikStatus, Sector, Segment, Source, Worker, WorkerProjectLink
from lindung.workers.names import normalise_name

KALBAR_DISTRICTS = (
    "61.01.01", "61.02.01", "61.03.01", "61.04.01", "61.05.01", "61.06.01", "61.07.01",
    "61.08.01", "61.09.01", "61.10.01", "61.11.01", "61.12.01", "61.71.01", "61.72.01",
)  # fmt: skip


class NikProvider(BaseProvider):
    """Faker provider of valid NIKs for Kalbar districts (``fake.nik(...)``)."""

    _serial = 0

    def nik(
        self,
        district: str | None = None,
        birth_date: date | None = None,
        sex: Sex | str | None = None,
    ) -> str:
        NikProvider._serial = NikProvider._serial % 9999 + 1
        return build_nik(
            district or self.random_element(KALBAR_DISTRICTS),
            birth_date
            or date(1970 + self.random_int(0, 35), self.random_int(1, 12), self.random_int(1, 28)),
            sex or self.random_element([Sex.MALE, Sex.FEMALE]),
            NikProvider._serial,
        )


factory.Faker.add_provider(NikProvider)


def nik_for(
    district: str, birth_date: date, sex: Sex | str = Sex.MALE, serial: int | None = None
) -> str:
    """Return a valid NIK for a district code such as ``61.71.01``."""
    return build_nik(district, birth_date, sex, serial or random.randint(1, 9999))


_VILLAGES: dict[str, str] = {}


def first_village(district: str) -> str:
    """Return the first village code of a district (from the loaded regions)."""
    if district not in _VILLAGES:
        code = (
            Region.objects.filter(parent_id=district, level="village")
            .order_by("code")
            .values_list("code", flat=True)
            .first()
        )
        assert code, district
        _VILLAGES[district] = code
    return _VILLAGES[district]


class WorkerFactory(DjangoModelFactory[Worker]):
    """A worker with a valid NIK matching the domicile district, birth date and sex."""

    class Meta:
        model = Worker
        exclude = ("district",)

    district = "61.71.01"
    region_id = factory.LazyAttribute(lambda w: first_village(w.district))
    birth_date = factory.Faker(
        "date_between", start_date=date(1970, 1, 1), end_date=date(2004, 12, 31)
    )
    sex = factory.Iterator(["male", "female"])
    nik = factory.LazyAttributeSequence(
        lambda w, n: build_nik(w.district, w.birth_date, w.sex, n % 9999 + 1)
    )
    nik_status = NikStatus.VALID
    name = factory.Faker("name", locale="id_ID")
    name_key = factory.LazyAttribute(lambda w: normalise_name(w.name))
    phone = factory.Sequence(lambda n: f"0813{n:08d}")
    occupation = "Tukang"
    sector = Sector.CONSTRUCTION
    segment = Segment.JAKON
    source = Source.CADRE_REGISTRATION


class WorkerProjectLinkFactory(DjangoModelFactory[WorkerProjectLink]):
    class Meta:
        model = WorkerProjectLink

    worker = factory.SubFactory(WorkerFactory)
    project = factory.SubFactory("tests.factories.projects.ProjectFactory")
    role = "tukang"
    start_date = date(2026, 3, 9)


def make_worker(**kwargs: Any) -> Worker:
    """Create a worker; pass ``district`` to place it (it lives in its first village)."""
    return WorkerFactory.create(**kwargs)
