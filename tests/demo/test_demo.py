from __future__ import annotations

import pytest
from django.core.management import call_command

from lindung.accounts.models import Role, User

pytestmark = pytest.mark.django_db


class TestDemoLoad:
    def test_creates_one_user_per_role_once(self, tmp_path):
        creds = tmp_path / "creds.txt"
        call_command("demo", "load", credentials_file=str(creds), stdout=None)
        assert {u.role for u in User.objects.all()} == set(Role.values)
        first = creds.read_text()
        call_command("demo", "load", credentials_file=str(creds))
        assert User.objects.count() == 8
        assert creds.read_text() == first
        assert oct(creds.stat().st_mode & 0o777) == "0o600"

    def test_demo_passwords_work(self, tmp_path, client):
        creds = tmp_path / "creds.txt"
        call_command("demo", "load", credentials_file=str(creds))
        username, password = creds.read_text().splitlines()[0].split("\t")
        response = client.post("/akun/masuk/", {"username": username, "password": password})
        assert response.status_code == 302
