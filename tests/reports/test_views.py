"""The reports page, a report's status panel and the downloads over HTTP."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from lindung.accounts.models import AuditEvent, Role
from lindung.jobs.models import Job
from lindung.reports.models import Report, ReportStatus
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


def _ready_report(actor, region_code: str = "61") -> Report:
    report = Report.objects.create(
        region_id=region_code, year=2026, semester=1, generated_by=actor, status=ReportStatus.READY
    )
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.xlsx.save("r.xlsx", ContentFile(b"PK test"), save=False)
    report.save()
    return report


class TestReportList:
    def test_regency_officer_may_only_choose_their_regency(self, client):
        client.force_login(f.regency_officer("61.71"))

        response = client.get("/laporan/")

        assert response.status_code == 200
        assert [c[0] for c in response.context["form"].fields["region"].choices] == ["61.71"]

    def test_analyst_may_choose_the_province_and_every_regency(self, client):
        client.force_login(f.UserFactory.create())

        choices = client.get("/laporan/").context["form"].fields["region"].choices

        assert [c[0] for c in choices][:2] == ["61", "61.01"]
        assert len(choices) == 15

    def test_language_defaults_to_the_users_language(self, client):
        client.force_login(f.UserFactory.create())
        client.cookies["django_language"] = "en"

        response = client.get("/laporan/")

        assert response.context["form"].initial["language"] == "en"

    @pytest.mark.parametrize("role", [Role.AGENCY_USER, Role.CONTRACTOR, Role.VILLAGE_CADRE])
    def test_other_roles_are_refused(self, client, role):
        client.force_login(f.user_of_role(role, "61.71.01"))
        assert client.get("/laporan/").status_code == 403

    def test_post_starts_a_report_and_shows_its_status(
        self, client, django_capture_on_commit_callbacks
    ):
        analyst = f.UserFactory.create()
        client.force_login(analyst)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(
                "/laporan/", {"region": "61.71", "year": 2026, "semester": 1, "language": "en"}
            )

        report = Report.objects.get()
        assert response.status_code == 302
        assert response.url == f"/laporan/{report.pk}/"
        assert (report.region_id, report.language, report.generated_by) == ("61.71", "en", analyst)
        assert len(callbacks) == 1
        panel = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
        assert 'data-status="pending"' in panel
        assert 'hx-trigger="every 1s"' in panel

    def test_post_outside_the_scope_shows_the_error_and_writes_nothing(self, client):
        client.force_login(f.regency_officer("61.71"))

        response = client.post(
            "/laporan/", {"region": "61", "year": 2026, "semester": 1, "language": "id"}
        )

        assert response.status_code == 422
        assert response.context["form"].errors["region"]
        assert not Report.objects.exists()
        assert not Job.objects.exists()

    def test_list_shows_only_reports_in_scope(self, client):
        pontianak = _ready_report(f.regency_officer("61.71"), "61.71")
        _ready_report(f.UserFactory.create(), "61")
        client.force_login(f.regency_officer("61.71"))

        page = client.get("/laporan/").context["page"]

        assert [r.pk for r in page] == [pontianak.pk]


class TestReportDetailAndDownload:
    def test_ready_report_offers_both_files_and_stops_polling(self, client):
        analyst = f.UserFactory.create()
        report = _ready_report(analyst)
        client.force_login(analyst)

        html = client.get(f"/laporan/{report.pk}/").content.decode()

        assert f"/laporan/{report.pk}/unduh.pdf" in html
        assert f"/laporan/{report.pk}/unduh.xlsx" in html
        assert "hx-trigger" not in html

    def test_download_sends_the_file_and_audits_it(self, client):
        analyst = f.UserFactory.create()
        report = _ready_report(analyst)
        client.force_login(analyst)

        response = client.get(f"/laporan/{report.pk}/unduh.xlsx")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "laporan-inpres-61-2026-S1.xlsx" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == b"PK test"
        assert AuditEvent.objects.filter(action="report.download", actor=analyst).count() == 1

    def test_out_of_scope_and_absent_answer_alike(self, client):
        report = _ready_report(f.regency_officer("61.71"), "61.71")
        client.force_login(f.regency_officer("61.01"))

        assert client.get(f"/laporan/{report.pk}/").status_code == 404
        assert client.get(f"/laporan/{report.pk}/unduh.pdf").status_code == 404
        assert client.get(f"/laporan/{report.pk + 999}/unduh.pdf").status_code == 404
        assert not AuditEvent.objects.filter(action="report.download").exists()

    def test_unknown_file_kind_is_not_found(self, client):
        analyst = f.UserFactory.create()
        report = _ready_report(analyst)
        client.force_login(analyst)

        assert client.get(f"/laporan/{report.pk}/unduh.docx").status_code == 404
