"""Exports: XLSX as a background job kept for download, CSV streamed; the filtered, scoped rows,
formula-safe cells, computed status, audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone

from lindung.accounts.models import AuditEvent, User
from lindung.jobs.models import Job, JobStatus
from lindung.projects.tasks import export_projects_task
from tests.factories import accounts as f
from tests.factories.projects import ContractorFactory, make_project

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _streamed(response: HttpResponseBase) -> bytes:
    """Return the body of a streamed download, read synchronously as the view writes it."""
    assert isinstance(response, StreamingHttpResponse)
    chunks = response.streaming_content
    assert isinstance(chunks, Iterator)
    return b"".join(chunks)


def _export(client: Client, params: dict[str, str] | None = None) -> Job:
    """Start an XLSX export as the browser does, then run its job as the worker would."""
    query = "&".join(f"{k}={v}" for k, v in (params or {}).items())
    response = client.post(f"/proyek/ekspor.xlsx?{query}")
    assert response.status_code == 302
    job = Job.objects.latest("created_at")
    assert response["Location"] == f"/proyek/ekspor/{job.pk}/"
    export_projects_task.call(str(job.pk))
    job.refresh_from_db()
    return job


def _download(client: Client, job: Job) -> HttpResponseBase:
    return client.get(f"/proyek/ekspor/{job.pk}/unduh/")


def _rows(response: HttpResponseBase) -> list[tuple[object, ...]]:
    assert isinstance(response, FileResponse)
    book = openpyxl.load_workbook(io.BytesIO(_streamed(response)))
    sheet = book.active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def _exported(client: Client, params: dict[str, str] | None = None) -> list[tuple[object, ...]]:
    return _rows(_download(client, _export(client, params)))


class TestProjectExport:
    def test_runs_as_a_job_and_the_page_offers_the_file(self):
        make_project(name="Jalan Lama")
        client = _client(f.admin())

        job = _export(client)

        assert (job.kind, job.status) == ("project.export", JobStatus.SUCCEEDED)
        assert job.result["rows"] == 1
        page = client.get(f"/proyek/ekspor/{job.pk}/")
        assert page.status_code == 200
        assert f"/proyek/ekspor/{job.pk}/unduh/".encode() in page.content
        panel = client.get(f"/proyek/ekspor/{job.pk}/", headers={"HX-Request": "true"})
        assert b"hx-trigger" not in panel.content  # finished: the panel stops polling
        response = _download(client, job)
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        assert "attachment" in response["Content-Disposition"]

    def test_a_waiting_export_polls_and_offers_no_file_yet(self):
        client = _client(f.admin())
        client.post("/proyek/ekspor.xlsx")
        job = Job.objects.get()

        panel = client.get(f"/proyek/ekspor/{job.pk}/", headers={"HX-Request": "true"})

        assert b"hx-trigger" in panel.content
        assert _download(client, job).status_code == 404

    def test_writes_the_filtered_rows(self):
        late = make_project(name="Jalan Lama", spk_date=timezone.localdate() - timedelta(days=60))
        make_project(name="Jalan Baru", spk_date=timezone.localdate())

        header, *rows = _exported(_client(f.admin()), {"status": "overdue"})

        assert len(header) == 19
        assert [r[2] for r in rows] == ["Jalan Lama"]
        row = rows[0]
        assert row[0] == late.kode_rup
        assert row[9] == str(late.fiscal_year)
        assert late.contract_value is not None
        assert late.contribution_total is not None
        assert row[11] == float(late.contract_value)
        assert row[12] == float(late.contribution_total)
        assert row[17] == "overdue"

    def test_escapes_cells_that_look_like_formulas(self):
        contractor = ContractorFactory.create(name="@SUM(A1)")
        make_project(name='=HYPERLINK("http://evil")', contractor=contractor)
        make_project(name="-2+3")

        rows = _exported(_client(f.admin()), {"order": "name"})[1:]

        assert {r[2] for r in rows} == {'\'=HYPERLINK("http://evil")', "'-2+3"}
        assert "'@SUM(A1)" in {r[5] for r in rows}

    def test_the_export_is_audited(self):
        make_project()
        admin = f.admin()

        assert _exported(_client(admin), {"year": "2026"})

        event = AuditEvent.objects.get(action="project.export")
        assert event.actor == admin
        assert event.changes["after"] == {"format": "xlsx", "filters": {"year": "2026"}}

    def test_empty_export_has_the_header(self):
        rows = _exported(_client(f.admin()))
        assert len(rows) == 1

    def test_export_queries_do_not_grow_with_rows(self, django_assert_max_num_queries):
        for i in range(40):
            make_project(region_id=["61.01.01", "61.71.01"][i % 2])
        client = _client(f.admin())
        _exported(client)  # warm the parameter cache
        client.post("/proyek/ekspor.xlsx")
        job = Job.objects.latest("created_at")

        with django_assert_max_num_queries(12):
            export_projects_task.call(str(job.pk))

        assert len(_rows(_download(client, job))) == 41

    def test_only_its_requester_may_open_or_download_it(self):
        make_project()
        job = _export(_client(f.admin()))
        other = _client(f.regency_officer("61.71", username="other.officer"))

        assert other.get(f"/proyek/ekspor/{job.pk}/").status_code == 404
        assert _download(other, job).status_code == 404

    def test_a_get_starts_nothing(self):
        response = _client(f.admin()).get("/proyek/ekspor.xlsx")

        assert response.status_code == 405
        assert not Job.objects.exists()


class TestProjectCsvExport:
    def test_streams_the_same_rows_as_csv(self):
        late = make_project(name="Jalan Lama", spk_date=timezone.localdate() - timedelta(days=60))
        make_project(name="=cmd|' /C calc'!A0", spk_date=timezone.localdate())
        response = _client(f.admin()).get("/proyek/ekspor.csv", {"order": "name"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = _streamed(response).decode("utf-8-sig")
        header, *rows = list(csv.reader(io.StringIO(text)))
        assert len(header) == 19
        assert {r[2] for r in rows} == {"Jalan Lama", "'=cmd|' /C calc'!A0"}
        lama = next(r for r in rows if r[2] == "Jalan Lama")
        assert lama[0] == late.kode_rup
        assert lama[11] == "350000000"
        assert lama[17] == "overdue"

    def test_is_scoped_like_the_list(self):
        make_project(region_id="61.71.01")
        officer = f.regency_officer("61.01", username="sambas.csv")
        response = _client(officer).get("/proyek/ekspor.csv")
        text = _streamed(response).decode("utf-8-sig")
        assert len(list(csv.reader(io.StringIO(text)))) == 1
