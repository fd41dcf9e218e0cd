"""Requesting, generating and downloading the semi-annual Inpres 2/2021 report (audited).

``build_report_files`` is the one place the report is made: it assembles the figures once
(``content.build_content``) and writes the same figures to the PDF and the XLSX. The web
request (``request_report``, then the task's ``run_report_job``) and the command
(``export_report``) both call it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import Task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.errors import ActionNotAllowed
from lindung.accounts.models import Role, User
from lindung.accounts.permissions import Perm, has_perm, region_in_scope
from lindung.core.errors import FieldError
from lindung.jobs import services as job_services
from lindung.jobs.models import Job
from lindung.regions import selectors as region_selectors
from lindung.regions.errors import RegionNotFound
from lindung.regions.models import RegionLevel
from lindung.reports import selectors as report_selectors
from lindung.reports.charts import ChartsUnavailable, render_svg, report_charts
from lindung.reports.content import ReportContent, ReportPeriod, build_content
from lindung.reports.documents import file_stem, render_pdf, render_xlsx
from lindung.reports.errors import ReportNotFound, ReportNotReady, ReportRequestInvalid
from lindung.reports.models import FIRST_YEAR, Report, ReportLanguage, ReportStatus, Semester

Progress = Callable[[int, int, str], None]

PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Progress steps: the content's six, then charts, PDF, XLSX and storing the files.
CONTENT_STEPS = 6
TOTAL_STEPS = CONTENT_STEPS + 4


def _noop(done: int, total: int, message: str = "") -> None:
    return None


def can_generate(actor: User) -> bool:
    """Return whether the actor may generate and download reports."""
    return has_perm(actor, Perm.GENERATE_REPORTS)


def check_request(
    *, actor: User, region_code: str, year: int, semester: int, language: str, today: date
) -> None:
    """Raise ``ReportRequestInvalid`` with every problem of a report request judged on TODAY."""
    errors: list[FieldError] = []
    try:
        region = region_selectors.get_region(code=region_code)
    except RegionNotFound:
        errors.append(
            FieldError(
                ("region",),
                _("Region %(code)s does not exist.") % {"code": region_code},
                "unknown_region",
            )
        )
    else:
        if region.level not in {RegionLevel.PROVINCE, RegionLevel.REGENCY}:
            errors.append(
                FieldError(
                    ("region",),
                    _("Reports are made for the province or one regency/city."),
                    "level",
                )
            )
        elif not region_in_scope(actor, region.code):
            errors.append(
                FieldError(
                    ("region",),
                    _("%(region)s is outside your region (%(scope)s).")
                    % {"region": region.name, "scope": actor.region_code},
                    "out_of_scope",
                )
            )
    if semester not in Semester.values:
        errors.append(FieldError(("semester",), _("The semester is 1 or 2."), "choice"))
    if not FIRST_YEAR <= year <= today.year:
        errors.append(
            FieldError(
                ("year",),
                _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": today.year},
                "range",
            )
        )
    elif semester in Semester.values and ReportPeriod(year, semester).start > today:
        errors.append(FieldError(("semester",), _("This half-year has not started yet."), "future"))
    if language not in ReportLanguage.values:
        errors.append(FieldError(("language",), _("Unknown language."), "choice"))
    if errors:
        raise ReportRequestInvalid(errors=errors)


@transaction.atomic(durable=True)
def request_report(
    *,
    actor: User,
    region_code: str,
    year: int,
    semester: int,
    language: str,
    task: Task[[str], Any],
) -> Report:
    """Record a report request and generate it as a background job (after commit)."""
    if not can_generate(actor):
        raise ActionNotAllowed()
    check_request(
        actor=actor,
        region_code=region_code,
        year=year,
        semester=semester,
        language=language,
        today=timezone.localdate(),
    )
    region = region_selectors.get_region(code=region_code)
    with translation.override(language):
        period_label = ReportPeriod(year, semester).label()
    job = job_services.create_job(
        actor=actor,
        kind="reports.inpres",
        title=_("Inpres 2/2021 report: %(region)s, %(period)s")
        % {"region": region.name, "period": period_label},
        task=task,
        params={"region": region_code, "year": year, "semester": semester, "language": language},
        region_code=region_code,
    )
    report = Report.objects.create(
        region_id=region_code,
        year=year,
        semester=semester,
        language=language,
        generated_by=actor,
        job=job,
    )
    account_services.record_audit(
        actor=actor,
        action="report.request",
        entity_type="report",
        entity_id=report.pk,
        region_code=region_code,
        changes={
            "after": {
                "region": region_code,
                "year": year,
                "semester": semester,
                "language": language,
                "job": str(job.pk),
            }
        },
    )
    return report


@dataclass(frozen=True)
class ReportFiles:
    """The generated report: its figures and the two files written from them."""

    content: ReportContent
    pdf: bytes
    xlsx: bytes
    stem: str
    charts: tuple[str, ...]
    charts_error: str


def _actor_label(actor: User | None) -> str:
    if actor is None or actor.pk is None:
        return _("System (command line)")
    return actor.get_full_name() or actor.get_username()


def build_report_files(
    *,
    actor: User,
    region_code: str,
    period: ReportPeriod,
    language: str,
    generated_by: str,
    progress: Progress = _noop,
) -> ReportFiles:
    """Assemble the report's figures once and write them to a PDF and an XLSX file."""
    with translation.override(language):
        content = build_content(
            actor=actor,
            region_code=region_code,
            period=period,
            as_of=min(period.end, timezone.localdate()),
            language=language,
            generated_at=timezone.now(),
            generated_by=generated_by,
            progress=lambda done, _total, message: progress(done, TOTAL_STEPS, message),
        )
        progress(CONTENT_STEPS, TOTAL_STEPS, _("Drawing the map and charts"))
        charts_error = ""
        try:
            svgs = render_svg(report_charts(content))
        except ChartsUnavailable as exc:
            svgs = {}
            charts_error = _("The map and charts could not be drawn (%(reason)s).") % {
                "reason": str(exc)[:200]
            }
        progress(CONTENT_STEPS + 1, TOTAL_STEPS, _("Writing the PDF"))
        pdf = render_pdf(content, charts=svgs, charts_error=charts_error)
        progress(CONTENT_STEPS + 2, TOTAL_STEPS, _("Writing the XLSX"))
        xlsx = render_xlsx(content, charts_error=charts_error)
    return ReportFiles(
        content=content,
        pdf=pdf,
        xlsx=xlsx,
        stem=file_stem(content),
        charts=tuple(svgs),
        charts_error=charts_error,
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic(durable=True)
def _store(*, report: Report, files: ReportFiles) -> Report:
    """Keep the files on the report, mark it ready and audit the generation."""
    report.pdf.save(f"{files.stem}.pdf", ContentFile(files.pdf), save=False)
    report.xlsx.save(f"{files.stem}.xlsx", ContentFile(files.xlsx), save=False)
    report.status = ReportStatus.READY
    report.as_of = files.content.as_of
    report.summary = files.content.summary()
    report.error_message = files.charts_error[:300]
    report.finished_at = timezone.now()
    report.save(
        update_fields=["pdf", "xlsx", "status", "as_of", "summary", "error_message", "finished_at"]
    )
    account_services.record_audit(
        actor=report.generated_by,
        action="report.generate",
        entity_type="report",
        entity_id=report.pk,
        region_code=report.region_id,
        changes={
            "after": {
                "pdf": report.pdf.name,
                "pdf_sha256": _digest(files.pdf),
                "xlsx": report.xlsx.name,
                "xlsx_sha256": _digest(files.xlsx),
                "as_of": files.content.as_of.isoformat(),
                "summary": report.summary,
            }
        },
    )
    return report


def _fail(report: Report, message: str) -> None:
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error_message=message[:300], finished_at=timezone.now()
    )


def generate_report(*, report: Report, progress: Progress = _noop) -> Report:
    """Generate a requested report's files as the user who asked for it."""
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    actor = report.generated_by
    try:
        if actor is None or not can_generate(actor):
            raise ActionNotAllowed()
        files = build_report_files(
            actor=actor,
            region_code=report.region_id,
            period=ReportPeriod(report.year, report.semester),
            language=report.language,
            generated_by=_actor_label(actor),
            progress=progress,
        )
        progress(TOTAL_STEPS - 1, TOTAL_STEPS, _("Storing the files"))
        _store(report=report, files=files)
    except Exception as exc:
        _fail(report, getattr(exc, "message", None) or str(exc) or exc.__class__.__name__)
        raise
    progress(TOTAL_STEPS, TOTAL_STEPS, _("Report ready"))
    return report


def run_report_job(*, job_id: str) -> Job:
    """Run the job of a requested report, recording progress on the job row."""
    report = report_selectors.report_for_job(job_id=job_id)

    def work(job: Job, progress: job_services.ProgressReporter) -> dict[str, Any]:
        done = generate_report(report=report, progress=progress)
        return {
            "report": done.pk,
            "pdf": Path(done.pdf.name or "").name,
            "xlsx": Path(done.xlsx.name or "").name,
        }

    return job_services.run_job(job_id, work)


def _province_reader() -> User:
    """Return a never-saved, province-wide reader for the command line (server access).

    It only reads through the scoped selectors; audit rows name no actor ("system").
    """
    return User(
        username="system",
        role=Role.PROVINCIAL_ANALYST,
        region_id=region_selectors.PROVINCE_CODE,
        is_active=True,
    )


@dataclass(frozen=True)
class ExportResult:
    paths: list[Path]
    charts_error: str


def export_report(
    *,
    actor: User | None,
    region_code: str,
    year: int,
    semester: int,
    language: str,
    out_dir: Path,
    progress: Progress = _noop,
) -> ExportResult:
    """Generate a report into ``out_dir`` (the command line); return the files' paths."""
    reader = actor or _province_reader()
    if not can_generate(reader):
        raise ActionNotAllowed()
    check_request(
        actor=reader,
        region_code=region_code,
        year=year,
        semester=semester,
        language=language,
        today=timezone.localdate(),
    )
    files = build_report_files(
        actor=reader,
        region_code=region_code,
        period=ReportPeriod(year, semester),
        language=language,
        generated_by=_actor_label(actor),
        progress=progress,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{files.stem}.pdf", out_dir / f"{files.stem}.xlsx"]
    paths[0].write_bytes(files.pdf)
    paths[1].write_bytes(files.xlsx)
    _record_export(actor=actor, region_code=region_code, files=files, paths=paths)
    progress(TOTAL_STEPS, TOTAL_STEPS, _("Report ready"))
    return ExportResult(paths=paths, charts_error=files.charts_error)


@transaction.atomic(durable=True)
def _record_export(
    *, actor: User | None, region_code: str, files: ReportFiles, paths: list[Path]
) -> None:
    account_services.record_audit(
        actor=actor,
        action="report.export",
        entity_type="report",
        entity_id=files.stem,
        region_code=region_code,
        changes={
            "after": {
                "files": [str(p) for p in paths],
                "pdf_sha256": _digest(files.pdf),
                "xlsx_sha256": _digest(files.xlsx),
                "as_of": files.content.as_of.isoformat(),
                "summary": files.content.summary(),
            }
        },
    )


@dataclass(frozen=True)
class ReportDownload:
    file: IO[bytes]
    filename: str
    content_type: str


@transaction.atomic(durable=True)
def open_report_file(*, actor: User, report_id: int, kind: str) -> ReportDownload:
    """Open a ready report's PDF or XLSX for the actor, auditing the download."""
    report = report_selectors.access_report(actor=actor, report_id=report_id)
    if kind not in {"pdf", "xlsx"}:
        raise ReportNotFound()
    if not report.is_ready:
        raise ReportNotReady()
    field = report.pdf if kind == "pdf" else report.xlsx
    account_services.record_audit(
        actor=actor,
        action="report.download",
        entity_type="report",
        entity_id=report.pk,
        region_code=report.region_id,
        changes={"after": {"file": kind, "name": field.name}},
    )
    return ReportDownload(
        file=field.open("rb"),
        filename=f"laporan-inpres-{report.region_id}-{report.year}-S{report.semester}.{kind}",
        content_type=PDF_TYPE if kind == "pdf" else XLSX_TYPE,
    )
