"""Users of every role around Pontianak and Sambas, cadres with and without a login, events."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from lindung.accounts.models import Role, User
from lindung.outreach.models import Cadre, SocializationEvent
from tests.factories.accounts import user_of_role
from tests.factories.outreach import CadreFactory, EventFactory
from tests.factories.workers import first_village

PONTIANAK_DISTRICT = "61.71.01"
SAMBAS_DISTRICT = "61.01.01"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages are asserted in English; pages choose their language per request."""
    with translation.override("en"):
        yield


@dataclass
class World:
    admin: User
    analyst: User
    bpjs: User
    pontianak_officer: User
    sambas_officer: User
    cadre_user: User
    other_cadre_user: User
    contractor: User
    cadre: Cadre
    cadre_without_login: Cadre
    sambas_cadre: Cadre
    pontianak_event: SocializationEvent
    sambas_event: SocializationEvent

    @property
    def village(self) -> str:
        return first_village(PONTIANAK_DISTRICT)


@pytest.fixture
def world(db: None) -> World:
    village = first_village(PONTIANAK_DISTRICT)
    cadre_user = user_of_role(Role.VILLAGE_CADRE, village)
    other_cadre_user = user_of_role(Role.VILLAGE_CADRE, first_village(SAMBAS_DISTRICT))
    cadre = CadreFactory.create(district=PONTIANAK_DISTRICT, user=cadre_user, name="Siti Aminah")
    sambas_cadre = CadreFactory.create(
        district=SAMBAS_DISTRICT, user=other_cadre_user, name="Ahmad Fauzi"
    )
    return World(
        admin=user_of_role(Role.PROVINCIAL_ADMIN, "61"),
        analyst=user_of_role(Role.PROVINCIAL_ANALYST, "61"),
        bpjs=user_of_role(Role.BPJS_OFFICER, "61"),
        pontianak_officer=user_of_role(Role.REGENCY_OFFICER, "61.71"),
        sambas_officer=user_of_role(Role.REGENCY_OFFICER, "61.01"),
        cadre_user=cadre_user,
        other_cadre_user=other_cadre_user,
        contractor=user_of_role(Role.CONTRACTOR, "61.71"),
        cadre=cadre,
        cadre_without_login=CadreFactory.create(
            district=PONTIANAK_DISTRICT, region_id=PONTIANAK_DISTRICT, name="Yohanes Asui"
        ),
        sambas_cadre=sambas_cadre,
        pontianak_event=EventFactory.create(district=PONTIANAK_DISTRICT, organiser_cadre=cadre),
        sambas_event=EventFactory.create(district=SAMBAS_DISTRICT, organiser_cadre=sambas_cadre),
    )
