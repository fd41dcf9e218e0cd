"""Figures behind the report tests: the official Kalbar construction figure and a few projects.

42,591 construction participants of 154,008 construction workers is 27.66% (the press printed
55%, so the report must flag it); 575,504 of 1,819,430 workers against the 61% target of 2026
leaves 534,349 workers to protect. Projects of fiscal year 2026 are judged on 2026-06-30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lindung.coverage import services as coverage_services
from lindung.projects.models import Agency, FundingLevel, Project, Stage
from tests.factories.projects import make_project

SAKERNAS = "Sakernas 2025"


@dataclass
class ReportData:
    pontianak_agency: Agency
    sambas_agency: Agency
    paid: Project
    overdue: Project
    underpaid: Project
    cancelled: Project
    last_year: Project


def _paid_in_full(project: Project) -> Project:
    project.registered_on = date(2026, 3, 10)
    project.paid_total = project.contribution_total or Decimal(0)
    project.save(update_fields=["registered_on", "paid_total"])
    return project


def make_report_data() -> ReportData:
    """Record the coverage figures and projects the report tests read."""
    for sector, workers in (("all", 1_819_430), ("construction", 154_008)):
        coverage_services.record_denominator(
            actor=None, region_code="61", sector=sector, year=2025, workers=workers, source=SAKERNAS
        )
    coverage_services.record_denominator(
        actor=None, region_code="61.71", sector="all", year=2025, workers=400_000, source=SAKERNAS
    )
    coverage_services.record_published_figure(
        actor=None,
        region_code="61",
        sector="construction",
        as_of=date(2025, 7, 9),
        participants=42_591,
        workers=154_008,
        published_percent=Decimal(55),
        source="InfoPublik 2025-07-10",
    )
    coverage_services.record_published_figure(
        actor=None,
        region_code="61",
        sector="all",
        as_of=date(2025, 7, 31),
        participants=575_504,
        workers=1_819_430,
        published_percent=Decimal("31.63"),
        source="Pemprov Kalbar",
    )
    coverage_services.record_target(
        actor=None, region_code="61", segment="all", year=2026, percent=Decimal(61),
        source="Perda Kalbar",
    )  # fmt: skip
    coverage_services.record_published_figure(
        actor=None,
        region_code="61.71",
        sector="all",
        as_of=date(2025, 7, 31),
        participants=150_000,
        workers=400_000,
        published_percent=None,
        source="BPJS Pontianak",
    )
    pontianak = Agency.objects.create(
        name="Dinas PUPR Kota Pontianak", region_id="61.71", funding_level=FundingLevel.APBD_REGENCY
    )
    sambas = Agency.objects.create(
        name='=HYPERLINK("http://x")', region_id="61.01", funding_level=FundingLevel.APBD_REGENCY
    )
    paid = _paid_in_full(
        make_project(name="Jalan Tanjungpura", agency=pontianak, region_id="61.71.01")
    )
    overdue = make_project(
        name="Drainase Gajah Mada",
        agency=pontianak,
        region_id="61.71.02",
        spk_date=date(2026, 3, 2),
    )
    underpaid = make_project(name="Dermaga Sambas", agency=sambas, region_id="61.01.01")
    underpaid.registered_on = date(2026, 3, 12)
    underpaid.paid_total = Decimal(1000)
    underpaid.save(update_fields=["registered_on", "paid_total"])
    cancelled = make_project(
        name="Batal", agency=pontianak, region_id="61.71.01", stage=Stage.CANCELLED
    )
    last_year = make_project(
        name="Tahun lalu", agency=pontianak, region_id="61.71.01", fiscal_year=2025
    )
    return ReportData(pontianak, sambas, paid, overdue, underpaid, cancelled, last_year)
