"""Requesting, generating (as a job) and downloading reports: figures, scope, audit, progress."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from lindung.accounts.errors import ActionNotAllowed
from lindung.accounts.models import AuditEvent, Role
from lindung.jobs.models import Job, JobStatus
from lindung.reports import selectors as report_selectors
from lindung.reports import services as report_services
from lindung.reports.content import ReportPeriod
from lindung.reports.errors import ReportNotFound, ReportNotReady, ReportRequestInvalid
from lindung.reports.models import Report, ReportStatus
from lindung.reports.tasks import generate_report_task
from tests.factories import accounts as f
from tests.reports.helpers import pdf_text, xlsx_cells, xlsx_sheets

pytestmark = pytest.mark.django_db

COVERAGE_SHEET, PROJECTS_SHEET, AGENCIES_SHEET, OUTREACH_SHEET = 1, 3, 4, 6


def _files(actor, region_code: str = "61", language: str = "id"):
    return report_services.build_report_files(
        actor=actor,
        region_code=region_code,
        period=ReportPeriod(2026, 1),
        language=language,
        generated_by="Analis Provinsi",
    )


def _request(actor, region_code: str = "61", year: int = 2026, semester: int = 1):
    return report_services.request_report(
        actor=actor,
        region_code=region_code,
        year=year,
        semester=semester,
        language="id",
        task=generate_report_task,
    )


def _ready_report(actor, region_code: str = "61") -> Report:
    report = Report.objects.create(
        region_id=region_code, year=2026, semester=1, generated_by=actor, status=ReportStatus.READY
    )
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.xlsx.save("r.xlsx", ContentFile(b"PK test"), save=False)
    report.save()
    return report


class TestBuildReportFiles:
    def test_construction_coverage_is_the_same_in_the_pdf_and_the_xlsx(self, report_data):
        files = _files(f.UserFactory.create())

        text = pdf_text(files.pdf)
        assert "42.591 / 154.008" in text
        assert "27,66%" in text
        coverage_rows = xlsx_sheets(files.xlsx)[COVERAGE_SHEET]
        construction = next(row for row in coverage_rows if row[2] == 42_591)
        assert construction[3:5] == [154_008, 27.66]

    def test_english_report_uses_english_numbers_and_words(self, report_data):
        files = _files(f.UserFactory.create(), language="en")

        text = pdf_text(files.pdf)
        assert "42,591 / 154,008" in text
        assert "27.66%" in text
        assert "No outreach data recorded for this period." in text
        assert xlsx_sheets(files.xlsx)[OUTREACH_SHEET][0][0] == (
            "No outreach data recorded for this period."
        )

    def test_project_totals_agree_between_the_files(self, report_data):
        files = _files(f.UserFactory.create())
        projects = files.content.projects

        total_row = xlsx_sheets(files.xlsx)[PROJECTS_SHEET][-1]
        assert total_row[1:6] == [
            3,
            float(projects.contract_value),
            float(projects.contribution_due),
            float(projects.contribution_paid),
            float(projects.outstanding),
        ]
        due = f"Rp {int(projects.contribution_due):,}".replace(",", ".")
        assert due in pdf_text(files.pdf)

    def test_map_and_charts_are_drawn(self, report_data):
        files = _files(f.UserFactory.create())

        assert files.charts == ("map", "coverage", "compliance", "contribution")
        assert files.charts_error == ""
        # The map labels its areas inside the SVG, which the PDF keeps as text.
        assert pdf_text(files.pdf).count("Kota Singkawang") >= 2

    def test_without_a_browser_the_report_says_the_charts_are_missing(
        self, report_data, monkeypatch
    ):
        monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")

        files = _files(f.UserFactory.create(), language="en")

        assert files.charts == ()
        assert files.charts_error.startswith("The map and charts could not be drawn")
        assert "The map and charts could not be drawn" in pdf_text(files.pdf)
        assert "42,591 / 154,008" in pdf_text(files.pdf)

    def test_text_cells_cannot_run_as_formulas(self, report_data):
        files = _files(f.UserFactory.create())

        cells = [c for _s, _r, _c, c in xlsx_cells(files.xlsx) if "HYPERLINK" in str(c.value)]
        assert cells
        assert all(c.data_type == "s" and str(c.value).startswith("'=") for c in cells)

    def test_numbers_are_numbers(self, report_data):
        files = _files(f.UserFactory.create())

        agencies = xlsx_sheets(files.xlsx)[AGENCIES_SHEET]
        pontianak = next(row for row in agencies if row[0] == "Dinas PUPR Kota Pontianak")
        ranked = next(r for r in files.content.projects.worst_agencies if r.projects == 2)
        assert pontianak[1:8] == [
            2,
            1,
            50.0,
            ranked.contract_value,
            ranked.contribution_due,
            ranked.contribution_paid,
            50.0,
        ]
        assert all(isinstance(value, int | float) for value in pontianak[1:8])

    def test_regency_report_covers_only_the_regency(self, report_data):
        files = _files(f.regency_officer("61.71"), region_code="61.71")

        text = pdf_text(files.pdf)
        assert "Kota Pontianak" in text
        assert "HYPERLINK" not in text
        assert files.content.projects.projects == 2
        assert files.stem == "laporan-inpres-61.71-2026-S1"


class TestRequestReport:
    def test_analyst_request_is_recorded_and_queued_after_commit(
        self, report_data, django_capture_on_commit_callbacks
    ):
        analyst = f.UserFactory.create()

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = _request(analyst)

        assert report.status == ReportStatus.PENDING
        assert report.job is not None
        assert report.job.status == JobStatus.PENDING
        assert len(callbacks) == 1
        audit = AuditEvent.objects.get(action="report.request")
        assert (audit.actor, audit.entity_id, audit.region_code) == (analyst, str(report.pk), "61")
        assert audit.changes["after"]["semester"] == 1
        assert AuditEvent.objects.filter(action="job.start", entity_id=str(report.job.pk)).exists()

    def test_regency_officer_cannot_request_the_province(self, report_data):
        officer = f.regency_officer("61.71")

        with pytest.raises(ReportRequestInvalid) as caught:
            _request(officer, region_code="61")

        assert [e.loc for e in caught.value.errors] == [("region",)]
        assert not Report.objects.exists()
        assert not Job.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="report.").exists()

    def test_every_problem_is_reported_at_once(self, report_data):
        with pytest.raises(ReportRequestInvalid) as caught:
            report_services.request_report(
                actor=f.UserFactory.create(),
                region_code="61.71.01",
                year=2020,
                semester=3,
                language="fr",
                task=generate_report_task,
            )

        assert {e.code for e in caught.value.errors} == {"level", "range", "choice"}
        assert {e.loc for e in caught.value.errors} == {
            ("region",),
            ("year",),
            ("semester",),
            ("language",),
        }
        assert not Report.objects.exists()

    def test_a_year_to_come_is_refused(self, report_data):
        with pytest.raises(ReportRequestInvalid) as caught:
            _request(f.UserFactory.create(), year=2099, semester=1)
        assert [e.loc for e in caught.value.errors] == [("year",)]
        assert not Report.objects.exists()

    def test_a_half_year_that_has_not_started_is_refused(self, report_data):
        with pytest.raises(ReportRequestInvalid) as caught:
            report_services.check_request(
                actor=f.UserFactory.create(),
                region_code="61",
                year=2026,
                semester=2,
                language="id",
                today=date(2026, 6, 30),
            )
        assert [(e.loc, e.code) for e in caught.value.errors] == [(("semester",), "future")]

    @pytest.mark.parametrize("role", [Role.AGENCY_USER, Role.CONTRACTOR, Role.VILLAGE_CADRE])
    def test_other_roles_may_not_generate(self, report_data, role):
        with pytest.raises(ActionNotAllowed):
            _request(f.user_of_role(role, "61.71.01"), region_code="61.71")
        assert not Report.objects.exists()


class TestReportJob:
    def test_task_generates_the_files_with_progress_and_audit(
        self, report_data, django_capture_on_commit_callbacks
    ):
        analyst = f.UserFactory.create()
        with django_capture_on_commit_callbacks(execute=False):
            report = _request(analyst)
        assert report.job is not None

        generate_report_task.call(str(report.job.pk))

        report.refresh_from_db()
        job = Job.objects.get(pk=report.job.pk)
        assert job.status == JobStatus.SUCCEEDED
        assert (job.done, job.total, job.percent) == (
            report_services.TOTAL_STEPS,
            report_services.TOTAL_STEPS,
            100,
        )
        assert job.result["report"] == report.pk
        assert report.status == ReportStatus.READY
        assert report.as_of == date(2026, 6, 30)
        with report.pdf.open("rb") as handle:
            pdf = handle.read()
        assert "27,66%" in pdf_text(pdf)
        construction = next(c for c in report.summary["coverage"] if c["key"] == "construction")
        assert Decimal(construction["percent"]) == Decimal("27.66")
        audit = AuditEvent.objects.get(action="report.generate")
        assert audit.actor == analyst
        assert audit.changes["after"]["pdf_sha256"] == hashlib.sha256(pdf).hexdigest()

    def test_a_deactivated_requester_fails_the_job_and_nothing_is_kept(
        self, report_data, django_capture_on_commit_callbacks
    ):
        analyst = f.UserFactory.create()
        with django_capture_on_commit_callbacks(execute=False):
            report = _request(analyst)
        assert report.job is not None
        analyst.is_active = False
        analyst.save(update_fields=["is_active"])

        generate_report_task.call(str(report.job.pk))

        report.refresh_from_db()
        assert Job.objects.get(pk=report.job.pk).status == JobStatus.FAILED
        assert report.status == ReportStatus.FAILED
        assert report.error_message
        assert not report.pdf
        assert not report.xlsx
        assert not AuditEvent.objects.filter(action="report.generate").exists()


class TestReadableReports:
    def test_scope_by_role_and_region(self, report_data):
        province = _ready_report(f.UserFactory.create(), "61")
        pontianak = _ready_report(f.regency_officer("61.71"), "61.71")
        sambas = _ready_report(f.regency_officer("61.01"), "61.01")

        def visible(user) -> set[int]:
            return set(report_selectors.readable_reports(actor=user).values_list("pk", flat=True))

        assert visible(f.UserFactory.create(role=Role.BPJS_OFFICER)) == {
            province.pk,
            pontianak.pk,
            sambas.pk,
        }
        assert visible(f.regency_officer("61.71")) == {pontianak.pk}
        assert visible(f.user_of_role(Role.AGENCY_USER, "61.71")) == set()


class TestOpenReportFile:
    def test_download_is_audited(self, report_data):
        analyst = f.UserFactory.create()
        report = _ready_report(analyst)

        download = report_services.open_report_file(actor=analyst, report_id=report.pk, kind="pdf")

        with download.file:
            assert download.file.read() == b"%PDF-1.7 test"
        assert download.filename == "laporan-inpres-61-2026-S1.pdf"
        assert download.content_type == "application/pdf"
        audit = AuditEvent.objects.get(action="report.download")
        assert (audit.actor, audit.entity_id) == (analyst, str(report.pk))
        assert audit.changes["after"]["file"] == "pdf"

    def test_out_of_scope_looks_absent_and_is_not_audited(self, report_data):
        report = _ready_report(f.regency_officer("61.71"), "61.71")
        officer = f.regency_officer("61.01")

        with pytest.raises(ReportNotFound):
            report_services.open_report_file(actor=officer, report_id=report.pk, kind="xlsx")
        with pytest.raises(ReportNotFound):
            report_services.open_report_file(actor=officer, report_id=report.pk + 999, kind="xlsx")
        assert not AuditEvent.objects.filter(action="report.download").exists()

    def test_a_report_still_running_cannot_be_downloaded(self, report_data):
        analyst = f.UserFactory.create()
        report = Report.objects.create(region_id="61", year=2026, semester=1, generated_by=analyst)

        with pytest.raises(ReportNotReady):
            report_services.open_report_file(actor=analyst, report_id=report.pk, kind="pdf")
        assert not AuditEvent.objects.filter(action="report.download").exists()
