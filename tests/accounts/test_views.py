from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from lindung.accounts import services as account_services
from lindung.accounts.models import AuditEvent, Role, User
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


def _login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


class TestLogin:
    def test_login_page_is_in_indonesian(self, client):
        response = client.get("/akun/masuk/")
        assert response.status_code == 200
        assert 'lang="id"' in response.content.decode()
        assert "Masuk" in response.content.decode()

    def test_successful_login_is_audited_and_redirects_to_dashboard(self, client):
        user = f.regency_officer()
        response = client.post(
            "/akun/masuk/", {"username": user.username, "password": f.DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        assert response.url == "/"
        assert AuditEvent.objects.filter(action="auth.login", actor=user).exists()

    def test_bad_password_gives_a_clear_indonesian_message(self, client):
        user = f.regency_officer()
        response = client.post("/akun/masuk/", {"username": user.username, "password": "salah"})
        assert response.status_code == 200
        assert "nama pengguna atau kata sandi salah" in response.content.decode().lower()

    def test_login_is_throttled_after_repeated_failures(self, client, settings):
        user = f.regency_officer()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/akun/masuk/", {"username": user.username, "password": "salah"})
        response = client.post(
            "/akun/masuk/", {"username": user.username, "password": f.DEFAULT_PASSWORD}
        )
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_session_cookie_flags(self, client, settings):
        assert settings.SESSION_COOKIE_HTTPONLY
        assert settings.SESSION_COOKIE_SECURE
        assert settings.SESSION_COOKIE_SAMESITE == "Lax"
        user = f.regency_officer()
        response = client.post(
            "/akun/masuk/", {"username": user.username, "password": f.DEFAULT_PASSWORD}
        )
        cookie = response.cookies["sessionid"]
        assert cookie["secure"]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"


class TestCsrf:
    def test_login_form_without_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        user = f.regency_officer()
        response = client.post(
            "/akun/masuk/", {"username": user.username, "password": f.DEFAULT_PASSWORD}
        )
        assert response.status_code == 403

    def test_user_create_without_token_is_refused_and_writes_nothing(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(f.admin())
        response = client.post(
            "/akun/pengguna/baru/",
            {
                "username": "baru",
                "password": "Sungai-Kapuas-1143",
                "role": Role.PROVINCIAL_ANALYST,
                "region": "61",
            },
        )
        assert response.status_code == 403
        assert not User.objects.filter(username="baru").exists()

    def test_reveal_without_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        admin = f.admin()
        client.force_login(admin)
        response = client.post(f"/akun/pengguna/{admin.pk}/buka-kontak/")
        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()


class TestUserManagement:
    def test_admin_creates_a_user_through_the_form(self, client):
        _login(client, f.admin())
        response = client.post(
            "/akun/pengguna/baru/",
            {
                "username": "kader.sungai",
                "password": "Sungai-Kapuas-1143",
                "role": Role.VILLAGE_CADRE,
                "region": "61.04.01.2011",
                "first_name": "Siti",
            },
        )
        assert response.status_code == 302
        assert User.objects.get(username="kader.sungai").region_code == "61.04.01.2011"

    def test_form_errors_are_specific_and_in_indonesian(self, client):
        _login(client, f.admin())
        response = client.post(
            "/akun/pengguna/baru/",
            {"username": "x y", "password": "123", "role": Role.REGENCY_OFFICER, "region": "61.99"},
        )
        assert response.status_code == 422
        html = response.content.decode()
        assert "3-150 karakter" in html
        assert not User.objects.filter(username="x y").exists()

    def test_service_errors_land_on_their_fields(self, client):
        _login(client, f.admin())
        response = client.post(
            "/akun/pengguna/baru/",
            {
                "username": "baru",
                "password": "123",
                "role": Role.REGENCY_OFFICER,
                "region": "61.99",
            },
        )
        assert response.status_code == 422
        form = response.context["form"]
        assert "region" in form.errors
        assert "password" in form.errors
        assert "61.99" in form.errors["region"][0]

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PROVINCIAL_ADMIN])
    def test_other_roles_get_403_on_user_pages(self, client, role):
        actor = f.user_of_role(role, "61" if role != Role.VILLAGE_CADRE else "61.01.01")
        _login(client, actor)
        assert client.get("/akun/pengguna/").status_code == 403
        assert client.get(f"/akun/pengguna/{actor.pk}/").status_code == 403
        assert client.get("/akun/audit/").status_code == 403
        assert client.get("/akun/audit/ekspor.csv").status_code == 403

    def test_user_detail_masks_contact_until_revealed(self, client):
        admin = f.admin()
        subject = f.regency_officer(phone="081298765432", email="ahmad@example.id")
        _login(client, admin)
        html = client.get(f"/akun/pengguna/{subject.pk}/").content.decode()
        assert "081298765432" not in html
        assert "0812******32" in html
        assert "ahmad@example.id" not in html
        revealed = client.post(f"/akun/pengguna/{subject.pk}/buka-kontak/").content.decode()
        assert "081298765432" in revealed

    def test_unknown_user_is_404(self, client):
        _login(client, f.admin())
        assert client.get("/akun/pengguna/999999/").status_code == 404

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get("/akun/pengguna/")
        assert response.status_code == 302
        assert response.url.startswith("/akun/masuk/")


class TestAuditViews:
    def test_export_is_streamed_escaped_and_audited(self, client):
        admin = f.admin()
        account_services.record_audit(
            actor=admin, action="test.action", entity_type="thing", note="=HYPERLINK(1)"
        )
        _login(client, admin)
        response = client.get("/akun/audit/ekspor.csv?action=test.action")
        assert response.status_code == 200
        assert response.streaming
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0][0] == "id"
        assert len(rows) == 2
        assert rows[1][-1] == "'=HYPERLINK(1)"
        assert AuditEvent.objects.filter(action="audit.export", actor=admin).exists()

    def test_search_filters_by_action(self, client):
        admin = f.admin()
        account_services.record_audit(actor=admin, action="alpha.one", entity_type="thing")
        account_services.record_audit(actor=admin, action="beta.two", entity_type="thing")
        _login(client, admin)
        page = client.get("/akun/audit/?action=alpha.one").context["page"]
        assert {e.action for e in page} == {"alpha.one"}

    def test_bad_date_range_is_reported(self, client):
        _login(client, f.admin())
        response = client.get("/akun/audit/?date_from=2026-02-01&date_to=2026-01-01")
        assert response.status_code == 200
        assert response.context["form"].errors["date_to"]


class TestUnlock:
    def test_admin_unlocks_a_locked_out_user(self, client, settings):
        user = f.regency_officer()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/akun/masuk/", {"username": user.username, "password": "salah"})
        admin_client = Client()
        admin_client.force_login(f.admin())
        response = admin_client.post(f"/akun/pengguna/{user.pk}/buka-blokir/")
        assert response.status_code == 302
        event = AuditEvent.objects.get(action="user.unlock_logins")
        assert event.changes["after"]["failed_attempts_cleared"] >= 1
        response = client.post(
            "/akun/masuk/", {"username": user.username, "password": f.DEFAULT_PASSWORD}
        )
        assert response.status_code == 302

    def test_officer_cannot_unlock(self, client):
        officer = f.regency_officer()
        client.force_login(officer)
        assert client.post(f"/akun/pengguna/{officer.pk}/buka-blokir/").status_code == 403


class TestSecurityHeaders:
    def test_csp_forbids_inline_scripts(self, client):
        response = client.get("/akun/masuk/")
        csp = response["Content-Security-Policy"]
        script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src
        assert "'unsafe-eval'" not in script_src
        assert "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"

    def test_no_inline_script_in_pages(self, client):
        client.force_login(f.admin())
        for path in ["/", "/akun/pengguna/", "/akun/audit/", "/tugas/", "/akun/token/"]:
            html = client.get(path).content.decode()
            for tag in re.findall(r"<script[^>]*>", html):
                # Data blocks (json_script) are not executed; everything else is a file.
                assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


class TestNavigation:
    @pytest.mark.parametrize(
        ("path", "current"),
        [
            ("/proyek/peringkat/", "/proyek/peringkat/"),
            ("/proyek/12/", "/proyek/"),
            ("/proyek/saya/", "/proyek/saya/"),
        ],
    )
    def test_only_the_closest_menu_entry_is_current(self, path, current):
        from django.test import RequestFactory

        from lindung.accounts.context_processors import navigation

        request = RequestFactory().get(path)
        request.user = f.user_of_role(Role.AGENCY_USER, "61.71")

        items = navigation(request)["nav_items"]

        assert [item["url"] for item in items if item["active"]] == [current]
