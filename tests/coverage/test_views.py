"""Role and region scope of the dashboard: outside scope answers exactly like absent."""

from __future__ import annotations

import re

import pytest

from lindung.accounts.models import Role
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


def _without_csrf(content: bytes) -> str:
    return re.sub(
        r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+', "", content.decode()
    )


SCOPES = {
    Role.PROVINCIAL_ADMIN: "61",
    Role.PROVINCIAL_ANALYST: "61",
    Role.BPJS_OFFICER: "61",
    Role.REGENCY_OFFICER: "61.01",
    Role.AGENCY_USER: "61.01",
    Role.CONTRACTOR: "61.01",
    Role.VILLAGE_CADRE: "61.01.01",
}


class TestDashboardScope:
    @pytest.mark.parametrize(("role", "scope"), SCOPES.items(), ids=str)
    def test_opens_on_the_users_own_scope(self, client, role, scope):
        user = f.user_of_role(role, scope)
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200
        assert response.context["view"].region.code == scope

    def test_sambas_officer_cannot_open_pontianak(self, client):
        client.force_login(f.regency_officer("61.01"))
        outside = client.get("/dasbor/61.71/")
        absent = client.get("/dasbor/61.99/")
        assert outside.status_code == absent.status_code == 404
        # Identical apart from per-response tokens and the echoed path of the language form.
        assert _without_csrf(outside.content).replace("61.71", "X") == _without_csrf(
            absent.content
        ).replace("61.99", "X")

    def test_sambas_officer_cannot_open_the_province_or_a_pontianak_district(self, client):
        client.force_login(f.regency_officer("61.01"))
        assert client.get("/dasbor/61/").status_code == 404
        assert client.get("/dasbor/61.71.01/").status_code == 404

    def test_sambas_officer_drills_down_inside_sambas(self, client):
        client.force_login(f.regency_officer("61.01"))
        response = client.get("/dasbor/61.01.01/")
        assert response.status_code == 200
        assert [r.code for r in response.context["view"].path] == ["61", "61.01", "61.01.01"]

    def test_cadre_cannot_open_the_neighbouring_district(self, client):
        client.force_login(f.user_of_role(Role.VILLAGE_CADRE, "61.01.01"))
        assert client.get("/dasbor/61.01.02/").status_code == 404
        assert client.get("/dasbor/61.01/").status_code == 404

    def test_province_dashboard_counts_and_lists_regencies(self, client):
        client.force_login(f.admin())
        view = client.get("/").context["view"]
        assert (view.district_count, view.village_count) == (174, 2145)
        pontianak = next(c for c in view.children if c.region.code == "61.71")
        assert (pontianak.districts, pontianak.villages) == (6, 29)

    def test_prefix_lookalike_is_not_inside_scope(self, client):
        # 61.1 is not a region, and "61.10" must not count as inside "61.1".
        client.force_login(f.regency_officer("61.01"))
        assert client.get("/dasbor/61.010/").status_code == 404

    def test_inactive_user_is_logged_out(self, client):
        user = f.regency_officer("61.01", is_active=False)
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 302

    def test_anonymous_goes_to_login(self, client):
        response = client.get("/dasbor/61.71/")
        assert response.status_code == 302
        assert "/akun/masuk/" in response.url


class TestLanguage:
    def test_switches_to_english_and_back(self, client):
        client.force_login(f.admin())
        assert "Dasbor" in client.get("/").content.decode()
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        html = client.get("/").content.decode()
        assert 'lang="en"' in html
        assert "Dashboard" in html
        client.post("/i18n/setlang/", {"language": "id", "next": "/"})
        assert 'lang="id"' in client.get("/").content.decode()
