from __future__ import annotations

import pytest
from django.core.management import call_command

from lindung.accounts.models import Role, User

pytestmark = pytest.mark.django_db


class TestDemoLoad:
    def test_creates_one_user_per_role_once(self, tmp_path):
        creds = tmp_path / "creds.txt"
        call_command(
            "demo",
            "load",
            credentials_file=str(creds),
            projects_per_regency=2,
            workers=0,
            participant_scale=0.001,
        )
        assert {u.role for u in User.objects.all()} == set(Role.values)
        first = creds.read_text()
        call_command(
            "demo",
            "load",
            credentials_file=str(creds),
            projects_per_regency=2,
            workers=0,
            participant_scale=0.001,
        )
        assert User.objects.count() == 8
        assert creds.read_text() == first
        assert oct(creds.stat().st_mode & 0o777) == "0o600"

    def test_demo_passwords_work(self, tmp_path, client):
        creds = tmp_path / "creds.txt"
        call_command(
            "demo",
            "load",
            credentials_file=str(creds),
            projects_per_regency=0,
            workers=0,
            participant_scale=0.001,
        )
        username, password = creds.read_text().splitlines()[0].split("\t")
        response = client.post("/akun/masuk/", {"username": username, "password": password})
        assert response.status_code == 302


class TestDemoProjects:
    def test_projects_in_every_regency_once_and_linked_users(self, tmp_path):
        from lindung.projects.models import Project
        from lindung.projects.selectors import readable_projects
        from lindung.workers.models import Worker

        creds = tmp_path / "creds.txt"
        call_command(
            "demo",
            "load",
            credentials_file=str(creds),
            projects_per_regency=3,
            workers=50,
            participant_scale=0.001,
        )
        assert Project.objects.count() == 42
        regencies = {p.region_id[:5] for p in Project.objects.all()}
        assert len(regencies) == 14
        assert regencies == set(Project.objects.values_list("agency__region_id", flat=True))
        call_command(
            "demo",
            "load",
            credentials_file=str(creds),
            projects_per_regency=3,
            workers=50,
            participant_scale=0.001,
        )
        assert Project.objects.count() == 42
        assert Worker.objects.filter(merged_into__isnull=True).count() >= 50
        assert readable_projects(actor=User.objects.get(username="ppk")).exists()
