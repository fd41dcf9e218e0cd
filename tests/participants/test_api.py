"""/api/v1/participants: snapshot metadata and counts, scoped, no personal data."""

from __future__ import annotations

import pytest
from django.test import Client

from lindung.accounts.models import Role, User
from lindung.participants.models import Snapshot
from tests.factories.accounts import user_of_role
from tests.factories.participants import load, row

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def snapshot() -> Snapshot:
    return load([row(1, kode_wilayah="61.71.01"), row(2, kode_wilayah="61.01.01")])


def test_lists_snapshots_without_personal_data(snapshot: Snapshot) -> None:
    body = _client(user_of_role(Role.BPJS_OFFICER, "61")).get("/api/v1/participants/snapshots")
    assert body.status_code == 200
    data = body.json()
    assert data[0]["id"] == snapshot.pk
    assert data[0]["row_count"] == 2
    assert "Siti" not in body.content.decode()


def test_counts_are_scoped_to_the_callers_regency(snapshot: Snapshot) -> None:
    url = f"/api/v1/participants/snapshots/{snapshot.pk}/counts"
    officer = _client(user_of_role(Role.REGENCY_OFFICER, "61.71"))
    mine = officer.get(url).json()
    assert {c["regency_code"] for c in mine} == {"61.71"}
    assert officer.get(url, {"region": "61.01"}).json() == []
    analyst = _client(user_of_role(Role.PROVINCIAL_ANALYST, "61")).get(url).json()
    assert {c["regency_code"] for c in analyst} == {"61.71", "61.01"}
    assert sum(c["participants"] for c in analyst) == 2


@pytest.mark.parametrize("role", [Role.CONTRACTOR, Role.VILLAGE_CADRE, Role.AGENCY_USER])
def test_roles_without_participant_access_are_refused(snapshot: Snapshot, role: str) -> None:
    response = _client(user_of_role(role, "61.71")).get("/api/v1/participants/snapshots")
    assert response.status_code == 403
    assert response.json()["code"]


def test_unknown_snapshot_is_404(snapshot: Snapshot) -> None:
    client = _client(user_of_role(Role.BPJS_OFFICER, "61"))
    assert client.get("/api/v1/participants/snapshots/999999").status_code == 404
