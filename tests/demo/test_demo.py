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


class TestDemoProjectHistory:
    def test_each_project_reached_its_stage_through_dated_earlier_stages(self):
        from datetime import date

        from lindung.demo.projects import load_demo_projects
        from lindung.projects.models import STAGE_ORDER, Project, Stage

        today = date(2026, 6, 15)
        load_demo_projects(today=today, ppk_user=None, contractor_user=None, per_regency=4)

        projects = Project.objects.prefetch_related("stage_changes")
        assert {p.stage for p in projects} == {
            Stage.PLANNED,
            Stage.CONTRACTED,
            Stage.IN_PROGRESS,
            Stage.HANDED_OVER,
        }
        for project in projects:
            changes = sorted(project.stage_changes.all(), key=lambda c: (c.on, c.pk))
            stages = [change.stage for change in changes]
            assert stages == STAGE_ORDER[: STAGE_ORDER.index(Stage(project.stage)) + 1]
            assert all(change.on <= today for change in changes)
            if project.spk_date is not None:
                contracted = next(c.on for c in changes if c.stage == Stage.CONTRACTED)
                assert contracted == project.spk_date
            assert (project.actual_start is not None) == (Stage.IN_PROGRESS in stages)
            assert (project.actual_end is not None) == (Stage.HANDED_OVER in stages)
            if project.actual_end is not None:
                assert project.actual_start is not None
                assert project.actual_start <= project.actual_end <= today
