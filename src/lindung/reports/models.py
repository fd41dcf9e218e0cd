"""Generated semi-annual Inpres 2/2021 reports and their files.

A report is asked for one scope region (the province or one regency), one half-year and one
language; a background job builds its figures once (``reports.content``) and writes the same
figures to a PDF and an XLSX file, kept here for download.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Inpres 2/2021 was signed on 2021-03-25: no earlier half-year is reported.
FIRST_YEAR = 2021


class Semester(models.IntegerChoices):
    FIRST = 1, _("Semester I (January-June)")
    SECOND = 2, _("Semester II (July-December)")


class ReportLanguage(models.TextChoices):
    INDONESIAN = "id", _("Bahasa Indonesia")
    ENGLISH = "en", _("English")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being generated")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """One semi-annual report: its scope, period, language, files and who asked for it."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=ReportLanguage.choices,
        default=ReportLanguage.INDONESIAN,
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ReportStatus.choices,
        default=ReportStatus.PENDING,
        db_index=True,
    )
    pdf = models.FileField(_("PDF file"), upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(_("XLSX file"), upload_to="reports/%Y/", blank=True)
    as_of = models.DateField(_("figures as of"), null=True, blank=True)
    summary = models.JSONField(_("headline figures"), default=dict, blank=True)
    error_message = models.CharField(_("error"), max_length=300, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["region", "-created_at"], name="report_region_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(semester__in=[1, 2]), name="report_semester_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["id", "en"]), name="report_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.region_id} {self.year}-S{self.semester} ({self.status})"

    @property
    def is_ready(self) -> bool:
        """Return whether both files were written."""
        return self.status == ReportStatus.READY
