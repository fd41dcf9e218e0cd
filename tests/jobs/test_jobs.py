"""A background job started from the UI runs in the task worker with visible progress."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation

from lindung.accounts.models import AuditEvent, Role
from lindung.jobs.models import Job, JobStatus
from lindung.jobs.registry import ResultSummary, summarize
from lindung.regions.models import Region
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


def _drain_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker drops "old" connections between tasks; inside a test's transaction that
    # would close PostgreSQL's connection mid-test, so keep it for the duration.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


class TestRegionReloadJob:
    def test_admin_starts_a_reload_and_sees_it_finish(
        self, client, django_capture_on_commit_callbacks, monkeypatch
    ):
        admin = f.admin()
        client.force_login(admin)
        Region.objects.filter(code="61.72").update(name="Singkawang lama")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/wilayah/muat-ulang/")
        job = Job.objects.get()
        assert response.status_code == 302
        assert response.url == f"/tugas/{job.pk}/"
        assert job.status == JobStatus.PENDING
        assert AuditEvent.objects.filter(action="job.start", entity_id=str(job.pk)).exists()

        _drain_queue(monkeypatch)

        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED
        assert job.result["updated"] == 1
        assert job.percent == 100
        assert Region.objects.get(code="61.72").name == "Kota Singkawang"
        panel = client.get(f"/tugas/{job.pk}/", HTTP_HX_REQUEST="true")
        assert panel.status_code == 200
        assert 'data-status="succeeded"' in panel.content.decode()
        assert "hx-trigger" not in panel.content.decode()

    def test_pending_job_panel_keeps_polling(self, client):
        admin = f.admin()
        client.force_login(admin)
        job = Job.objects.create(kind="regions.load", title="x", created_by=admin)
        html = client.get(f"/tugas/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
        assert 'hx-trigger="every 1s"' in html

    def test_the_progress_message_shows_only_while_the_job_runs(self, client):
        """A finished job's last progress message ("Writing projects") is no longer true."""
        admin = f.admin()
        client.force_login(admin)
        running = Job.objects.create(
            kind="regions.load", title="x", created_by=admin, status=JobStatus.RUNNING,
            message="Writing projects",
        )  # fmt: skip
        done = Job.objects.create(
            kind="regions.load", title="x", created_by=admin, status=JobStatus.SUCCEEDED,
            message="Writing projects",
        )  # fmt: skip
        failed = Job.objects.create(
            kind="regions.load", title="x", created_by=admin, status=JobStatus.FAILED,
            message="disk full",
        )  # fmt: skip

        def page(job: Job) -> str:
            html: str = client.get(f"/tugas/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
            return html

        assert "Writing projects" in page(running)
        assert "Writing projects" not in page(done)
        assert page(failed).count("disk full") == 1  # with the failure, not as progress

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PROVINCIAL_ADMIN])
    def test_other_roles_cannot_start_it(self, client, role):
        client.force_login(f.user_of_role(role, "61" if role != Role.VILLAGE_CADRE else "61.01.01"))
        response = client.post("/wilayah/muat-ulang/")
        assert response.status_code == 403
        assert not Job.objects.exists()

    def test_users_see_only_their_own_jobs(self, client):
        admin = f.admin()
        job = Job.objects.create(kind="regions.load", title="x", created_by=admin)
        client.force_login(f.regency_officer())
        assert client.get(f"/tugas/{job.pk}/").status_code == 404
        assert client.get("/tugas/00000000-0000-0000-0000-000000000000/").status_code == 404

    def test_failed_job_records_the_reason(self):
        from lindung.jobs import services as job_services

        job = Job.objects.create(kind="test", title="x")

        def boom(_job, _progress):
            raise RuntimeError("disk full")

        job_services.run_job(str(job.pk), boom)
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert job.message == "disk full"
        assert "RuntimeError" in job.error


class TestResultOnThePage:
    """The job page shows labelled figures and a link, never raw keys or server paths."""

    def _page(self, client, kind: str, result: dict[str, object]) -> tuple[Job, str]:
        """Log in as an admin and open a succeeded job of ``kind`` with ``result``."""
        admin = f.admin()
        client.force_login(admin)
        job = Job.objects.create(
            kind=kind, title="x", created_by=admin, status=JobStatus.SUCCEEDED, result=result
        )
        with translation.override("en"):
            html: str = client.get(f"/tugas/{job.pk}/").content.decode()
        return job, html

    def test_import_shows_labelled_counts_and_links_to_the_batch(self, client):
        job, html = self._page(
            client,
            "import.projects",
            {
                "created": 1200,
                "updated": 3,
                "unchanged": 0,
                "rejected": 2,
                "quarantine_file": "/srv/lindung/var/media/imports/secret.csv",
            },
        )
        assert "1,200" in html or "1.200" in html
        assert "quarantine_file" not in html
        assert "/srv/lindung" not in html
        assert f'href="/impor/{job.pk}/"' in html

    def test_export_links_to_the_download_not_the_storage_path(self, client):
        job, html = self._page(
            client, "project.export", {"rows": 5, "file": "exports/proyek-abc.xlsx"}
        )
        assert "exports/proyek-abc.xlsx" not in html
        assert f"/proyek/ekspor/{job.pk}/unduh/" in html

    def test_unregistered_kind_shows_no_raw_result(self, client):
        _job, html = self._page(client, "test.other", {"internal_key": "/srv/path"})
        assert "internal_key" not in html
        assert "/srv/path" not in html

    def test_unfinished_job_shows_no_result(self):
        job = Job(kind="import.projects", status=JobStatus.RUNNING, result={"created": 1})
        assert summarize(job) == ResultSummary()
