"""The upload page, the batch page with its job's progress, and the downloads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import load_workbook

from lindung.accounts.models import Role
from lindung.imports import services as import_services
from lindung.imports.models import BatchStatus, ImportBatch
from lindung.imports.tasks import import_batch_task
from lindung.jobs.models import Job, JobStatus
from lindung.projects.importers import PROJECT_COLUMNS
from lindung.projects.models import Project
from tests.factories import accounts as f
from tests.imports.helpers import project_row, read_quarantine, to_csv

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name: str = "proyek.csv", kind: str = "projects"):
    return client.post(
        "/impor/", {"kind": kind, "file": SimpleUploadedFile(name, content, "text/csv")}
    )


class TestUploadPage:
    def test_shows_form_and_template_links(self, client):
        client.force_login(f.admin())

        response = client.get("/impor/")

        assert response.status_code == 200
        assert b"/impor/templat/projects.csv" in response.content
        assert b"/impor/templat/bpjs.xlsx" in response.content

    def test_upload_runs_as_a_job_and_the_batch_page_shows_counts(
        self, client, django_capture_on_commit_callbacks
    ):
        client.force_login(f.admin())
        content = to_csv([project_row(1), project_row(2, kode_wilayah="61.99")])

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = _upload(client, content)
        batch = ImportBatch.objects.get()
        assert response.status_code == 302
        assert response.url == f"/impor/{batch.pk}/"
        assert batch.status == BatchStatus.PENDING
        assert len(callbacks) == 1  # the task is enqueued after commit

        import_batch_task.call(str(batch.pk))

        batch.refresh_from_db()
        assert batch.status == BatchStatus.COMMITTED
        assert Job.objects.get(pk=batch.pk).status == JobStatus.SUCCEEDED
        page = client.get(f"/impor/{batch.pk}/")
        assert page.status_code == 200
        assert b'data-count="created">1<' in page.content
        assert b'data-count="rejected">1<' in page.content
        assert f"/impor/{batch.pk}/karantina.csv".encode() in page.content
        download = client.get(f"/impor/{batch.pk}/karantina.csv")
        lines = read_quarantine(b"".join(download.streaming_content))
        assert lines[0]["baris"] == "3"
        assert lines[0]["kolom"] == "kode_wilayah"
        assert Project.objects.filter(kode_rup="50000001").exists()

    def test_htmx_gets_the_polling_panel(self, client):
        client.force_login(f.admin())
        _upload(client, to_csv([project_row(1)]))
        batch = ImportBatch.objects.get()

        panel = client.get(f"/impor/{batch.pk}/", headers={"HX-Request": "true"})

        assert b"hx-trigger" in panel.content
        assert b"<html" not in panel.content

    def test_refused_file_is_answered_at_once_and_nothing_is_stored(self, client):
        client.force_login(f.admin())

        response = _upload(client, b"\x13\x37" * 100, name="proyek.xlsx")

        assert response.status_code == 422
        assert not ImportBatch.objects.exists()
        assert not Job.objects.exists()

    def test_missing_columns_are_named(self, client):
        client.force_login(f.admin())

        response = _upload(client, b"kode_rup,nama_paket\n1,x\n")

        assert response.status_code == 422
        assert b"kode_wilayah" in response.content
        assert not ImportBatch.objects.exists()

    @override_settings(LINDUNG_MAX_UPLOAD_BYTES=50)
    def test_oversized_file_is_refused(self, client):
        client.force_login(f.admin())

        response = _upload(client, to_csv([project_row(1)]))

        assert response.status_code == 413
        assert not ImportBatch.objects.exists()

    def test_analyst_may_not_import(self, client):
        client.force_login(f.user_of_role(Role.PROVINCIAL_ANALYST, "61"))

        response = _upload(client, to_csv([project_row(1)]))

        assert response.status_code == 403
        assert not ImportBatch.objects.exists()


class TestCheckFirst:
    """An upload checked only writes nothing until its uploader imports it."""

    def _checked(self, client, django_capture_on_commit_callbacks, user=None):
        user = user or f.admin()
        client.force_login(user)
        content = to_csv([project_row(1), project_row(2, kode_wilayah="61.99")])
        with django_capture_on_commit_callbacks(execute=False):
            client.post(
                "/impor/",
                {
                    "kind": "projects",
                    "check_only": "on",
                    "file": SimpleUploadedFile("proyek.csv", content, "text/csv"),
                },
            )
        batch = ImportBatch.objects.get()
        import_batch_task.call(str(batch.pk))
        batch.refresh_from_db()
        return user, batch

    def test_a_check_shows_what_would_change_and_writes_nothing(
        self, client, django_capture_on_commit_callbacks
    ):
        _user, batch = self._checked(client, django_capture_on_commit_callbacks)

        assert (batch.status, batch.check_only) == (BatchStatus.READY, True)
        assert batch.is_finished
        assert batch.awaits_import
        assert (batch.created_count, batch.rejected_count) == (1, 1)
        assert not Project.objects.filter(kode_rup="50000001").exists()
        job = Job.objects.get(pk=batch.pk)
        assert (job.kind, job.status) == ("import.projects.check", JobStatus.SUCCEEDED)
        page = client.get(f"/impor/{batch.pk}/", headers={"HX-Request": "true"}).content
        assert b'data-testid="checked-only"' in page
        assert b'data-testid="confirm-import"' in page
        assert b"hx-trigger" not in page  # a check is finished: no more polling
        assert client.get(f"/impor/{batch.pk}/karantina.csv").status_code == 200

    def test_the_uploader_imports_a_checked_file_once(
        self, client, django_capture_on_commit_callbacks
    ):
        _user, batch = self._checked(client, django_capture_on_commit_callbacks)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(f"/impor/{batch.pk}/impor/")
        assert response.status_code == 302
        batch.refresh_from_db()
        assert (batch.status, batch.check_only) == (BatchStatus.PENDING, False)
        assert batch.job_id != batch.pk
        assert len(callbacks) == 1
        import_batch_task.call(str(batch.job_id))

        checked_quarantine = batch.quarantine.name
        batch.refresh_from_db()
        assert batch.status == BatchStatus.COMMITTED
        assert (batch.created_count, batch.rejected_count) == (1, 1)
        # The import's own quarantine replaces the check's.
        assert batch.quarantine.name
        assert not batch.quarantine.storage.exists(checked_quarantine) or (
            checked_quarantine == batch.quarantine.name
        )
        assert Project.objects.filter(kode_rup="50000001").exists()
        job_page = client.get(f"/tugas/{batch.job_id}/").content.decode()
        assert f'href="/impor/{batch.pk}/"' in job_page
        again = client.post(f"/impor/{batch.pk}/impor/", follow=True)
        assert "tidak sedang menunggu diimpor" in again.content.decode()
        assert Job.objects.count() == 2

    def test_only_the_uploader_may_import_it(self, client, django_capture_on_commit_callbacks):
        _owner, batch = self._checked(
            client, django_capture_on_commit_callbacks, user=f.regency_officer("61.71")
        )
        client.force_login(f.admin())  # sees every batch, but did not check this file
        client.post(f"/impor/{batch.pk}/impor/")
        client.force_login(f.regency_officer("61.01"))  # does not see it at all

        assert client.post(f"/impor/{batch.pk}/impor/").status_code == 404
        batch.refresh_from_db()
        assert batch.awaits_import
        assert Job.objects.count() == 1


class TestBatchAccess:
    def test_another_users_batch_is_not_found(self, client, tmp_path):
        owner = f.regency_officer("61.71")
        path = tmp_path / "p.csv"
        path.write_bytes(to_csv([project_row(1)]))
        outcome = import_services.import_file(actor=owner, kind="projects", path=path)
        client.force_login(f.regency_officer("61.01"))

        assert client.get(f"/impor/{outcome.batch_id}/").status_code == 404
        assert client.get(f"/impor/{outcome.batch_id}/karantina.csv").status_code == 404


class TestTemplates:
    def test_csv_template_has_the_indonesian_headers(self, client):
        client.force_login(f.admin())

        response = client.get("/impor/templat/projects.csv")

        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0] == ",".join(PROJECT_COLUMNS)

    def test_xlsx_template_opens(self, client):
        client.force_login(f.admin())

        response = client.get("/impor/templat/bpjs.xlsx")

        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert next(sheet.iter_rows(values_only=True))[:3] == (
            "kode_rup",
            "nomor_kontrak",
            "nomor_proyek_bpjs",
        )

    def test_the_csv_template_imports_cleanly(self, tmp_path):
        path = tmp_path / "templat.csv"
        path.write_bytes(import_services.template_csv("projects"))

        outcome = import_services.import_file(actor=None, kind="projects", path=path, dry_run=True)

        assert (outcome.created, outcome.rejected) == (1, 0)


class TestBatchFailure:
    def test_an_unexpected_error_fails_the_batch_and_writes_nothing(self, client, monkeypatch):
        client.force_login(f.admin())
        _upload(client, to_csv([project_row(1)]))
        batch = ImportBatch.objects.get()

        def boom(**kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr("lindung.projects.importers.plan_projects", boom)
        import_batch_task.call(str(batch.pk))

        batch.refresh_from_db()
        assert batch.status == BatchStatus.FAILED
        assert Job.objects.get(pk=batch.pk).status == JobStatus.FAILED
        assert not Project.objects.filter(kode_rup="50000001").exists()
        page = client.get(f"/impor/{batch.pk}/", headers={"HX-Request": "true"})
        assert b"hx-trigger" not in page.content
