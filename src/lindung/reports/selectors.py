"""Reads of generated reports, scoped by role and region (a report holds no personal data).

Provincial roles see every report; a regency officer sees the reports of their regency (and of
regions inside it); other roles see none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lindung.accounts.models import User
from lindung.accounts.permissions import (
    PROVINCE_WIDE_ROLES,
    Perm,
    has_perm,
    region_in_scope,
    region_scope_q,
)
from lindung.regions import selectors as region_selectors
from lindung.regions.models import RegionLevel
from lindung.reports.errors import ReportNotFound
from lindung.reports.models import Report


def readable_reports(*, actor: User) -> QuerySet[Report]:
    """Return the reports the actor may see and download."""
    if not has_perm(actor, Perm.GENERATE_REPORTS):
        return Report.objects.none()
    reports = Report.objects.select_related("region", "generated_by", "job").defer(
        "region__boundary"
    )
    if actor.role in PROVINCE_WIDE_ROLES:
        return reports
    return reports.filter(region_scope_q(actor, "region__code"))


def access_report(*, actor: User, report_id: int) -> Report:
    """Return one readable report or raise ``ReportNotFound``."""
    try:
        return readable_reports(actor=actor).get(pk=report_id)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise ReportNotFound() from None


def report_for_job(*, job_id: str) -> Report:
    """Return the report a job generates (system use: the task)."""
    return Report.objects.select_related("region", "generated_by").get(job_id=job_id)


def scope_regions(*, actor: User) -> list[tuple[str, str]]:
    """Return (code, name) of the regions the actor may report on: province and regencies."""
    regions = [
        region_selectors.get_region(code=region_selectors.PROVINCE_CODE),
        *region_selectors.list_regions(
            level=RegionLevel.REGENCY, parent_code=region_selectors.PROVINCE_CODE
        ),
    ]
    return [(r.code, r.name) for r in regions if region_in_scope(actor, r.code)]
