"""The reports page (list and request form), a report's status and its downloads (R3)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.errors import LindungError
from lindung.core.views import apply_errors
from lindung.reports import selectors as report_selectors
from lindung.reports import services as report_services
from lindung.reports.forms import ReportRequestForm
from lindung.reports.models import ReportLanguage, Semester
from lindung.reports.tasks import generate_report_task


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """List the reports in the actor's scope; POST requests a new one."""
    actor = _actor(request)
    if not report_services.can_generate(actor):
        return render(request, "403.html", status=403)
    today = timezone.localdate()
    language = get_language() if get_language() in ReportLanguage.values else "id"
    form = ReportRequestForm(
        request.POST or None,
        regions=report_selectors.scope_regions(actor=actor),
        today=today,
        initial={
            "region": actor.region_code,
            "year": today.year,
            "semester": Semester.FIRST if today.month <= 6 else Semester.SECOND,
            "language": language,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = report_services.request_report(
                actor=actor,
                region_code=data["region"],
                year=data["year"],
                semester=data["semester"],
                language=data["language"],
                task=generate_report_task,
            )
        except LindungError as exc:
            apply_errors(form, exc)
            status = exc.http_status
        else:
            return redirect("reports:detail", report_id=report.pk)
    elif request.method == "POST":
        status = 422
    page = Paginator(report_selectors.readable_reports(actor=actor), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/list.html", {"form": form, "page": page}, status=status)


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """Show a report's progress and downloads; htmx requests get only the status panel."""
    report = report_selectors.access_report(actor=_actor(request), report_id=report_id)
    template = "reports/_status.html" if request.htmx else "reports/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"report": report, "job": report.job})


@login_required
def report_download(request: HttpRequest, report_id: int, kind: str) -> FileResponse:
    """Download a ready report's PDF or XLSX (audited)."""
    download = report_services.open_report_file(
        actor=_actor(request), report_id=report_id, kind=kind
    )
    return FileResponse(
        download.file,
        as_attachment=True,
        filename=download.filename,
        content_type=download.content_type,
    )
