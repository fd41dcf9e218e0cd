"""The coverage tables as downloads (``core.exports``): columns, sources and definitions.

Each builder takes a selector's result and returns a ``Table``; the view streams it as CSV
or XLSX. Every row carries the sources of its figures; the XLSX notes sheet adds the filters
and the definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum

from django.utils.translation import gettext as _

from lindung.core.exports import Column, Kind, Table
from lindung.coverage.indicators import CHECK_LABELS, DEFINITIONS, Indicator
from lindung.coverage.selectors import (
    CoverageFilters,
    CoverageTable,
    PartyGap,
    ProjectGap,
    PublicCoverage,
    PublicRow,
    RegionFigure,
    TrendPoint,
    sector_label,
    segment_label,
)
from lindung.projects.list_selectors import STATUS_LABELS


class ExportKind(StrEnum):
    """The downloadable tables, by the slug in their URL."""

    REGIONS = "wilayah"
    SECTORS = "sektor"
    SEGMENTS = "segmen"
    TREND = "tren"
    REGION_GAPS = "kesenjangan-wilayah"
    PROJECT_GAPS = "kesenjangan-proyek"
    AGENCY_GAPS = "kesenjangan-instansi"
    CONTRACTOR_GAPS = "kesenjangan-kontraktor"


def _definition(key: str) -> str:
    definition = DEFINITIONS[key]
    return f"{definition.label}: {definition.text}"


def _flags(indicator: Indicator) -> str:
    return "; ".join(flag.message for flag in indicator.flags)


def indicator_columns[T](read: Callable[[T], Indicator]) -> list[Column[T]]:
    """Return the columns of an indicator (participants ... flags), read from a row."""
    return [
        Column(_("Protected participants"), lambda r: read(r).numerator, Kind.INTEGER),
        Column(_("Workforce"), lambda r: read(r).denominator, Kind.INTEGER),
        Column(_("Coverage (%)"), lambda r: read(r).percent, Kind.PERCENT),
        Column(_("Target (%)"), lambda r: read(r).target_percent, Kind.PERCENT),
        Column(_("Gap to target (people)"), lambda r: read(r).gap_people, Kind.INTEGER),
        Column(
            _("BPU budget to close the gap (Rp/year)"), lambda r: read(r).gap_rupiah, Kind.MONEY
        ),
        Column(_("Unprotected workers"), lambda r: read(r).unprotected, Kind.INTEGER),
        Column(_("Lapsed"), lambda r: read(r).lapsed, Kind.INTEGER),
        Column(_("Lapse rate (%)"), lambda r: read(r).lapse_rate, Kind.PERCENT),
        Column(_("New registrations"), lambda r: read(r).new, Kind.INTEGER),
        Column(_("Protected in the previous extract"), lambda r: read(r).previous, Kind.INTEGER),
        Column(_("Data-quality checks"), lambda r: _flags(read(r)), width=40),
        Column(_("Participants source"), lambda r: read(r).numerator_source, width=40),
        Column(_("Workforce source"), lambda r: read(r).denominator_source, width=40),
        Column(_("Target source"), lambda r: read(r).target_source, width=40),
    ]


def _notes(
    filters: CoverageFilters, *, region: str, source: str, extra: Iterable[str] = ()
) -> list[str]:
    notes = [
        _("Region: %(region)s") % {"region": region},
        _("Year: %(year)s; sector: %(sector)s; segment: %(segment)s")
        % {
            "year": filters.year,
            "sector": sector_label(filters.sector),
            "segment": segment_label(filters.segment),
        },
        _("Participants: %(source)s") % {"source": source},
        *extra,
        "",
        _("Definitions"),
    ]
    notes += [_definition(key) for key in DEFINITIONS]
    notes.append(
        _("Data-quality checks: %(checks)s")
        % {"checks": "; ".join(str(label) for label in CHECK_LABELS.values())}
    )
    return notes


def _region_indicator(row: RegionFigure) -> Indicator:
    return row.indicator


def _same(indicator: Indicator) -> Indicator:
    return indicator


def regions_table(table: CoverageTable) -> Table[RegionFigure]:
    """Return the coverage of each child region, then the region itself."""
    total = RegionFigure(
        code=table.region.code, name=table.region.name, region=table.region, indicator=table.total
    )
    return Table(
        title=_("Coverage by region"),
        columns=[
            Column(_("Region code"), lambda r: r.code, width=12),
            Column(_("Region"), lambda r: r.name, width=28),
            *indicator_columns(_region_indicator),
        ],
        rows=[*table.rows, total],
        notes=_notes(
            table.filters,
            region=table.region.name,
            source=table.source.label,
            extra=[table.budget.source] if table.budget else [],
        ),
    )


def breakdown_table(
    items: Sequence[Indicator], *, by: str, table: CoverageTable
) -> Table[Indicator]:
    """Return the coverage per sector or per segment."""
    header = _("Sector") if by == "sector" else _("Segment")
    return Table(
        title=_("Coverage by sector") if by == "sector" else _("Coverage by segment"),
        columns=[
            Column(header, lambda i: i.label, width=26),
            *indicator_columns(_same),
        ],
        rows=items,
        notes=_notes(table.filters, region=table.region.name, source=table.source.label),
    )


def trend_table(points: Sequence[TrendPoint], *, table: CoverageTable) -> Table[TrendPoint]:
    """Return protected participants per extract."""
    return Table(
        title=_("Coverage over time"),
        columns=[
            Column(_("Date"), lambda p: p.as_of, Kind.DATE, width=12),
            Column(_("Protected participants"), lambda p: p.participants, Kind.INTEGER),
            Column(_("Lapsed"), lambda p: p.lapsed, Kind.INTEGER),
            Column(_("Workforce"), lambda p: p.workers, Kind.INTEGER),
            Column(_("Coverage (%)"), lambda p: p.percent, Kind.PERCENT),
            Column(_("Source"), lambda p: p.source, width=48),
        ],
        rows=points,
        notes=_notes(table.filters, region=table.region.name, source=table.source.label),
    )


def region_gaps_table(rows: Sequence[RegionFigure], *, table: CoverageTable) -> Table[RegionFigure]:
    """Return the child regions, most unprotected workers first."""
    export = regions_table(table)
    return Table(
        title=_("Regions with the most unprotected workers"),
        columns=export.columns,
        rows=rows,
        notes=export.notes,
    )


def project_gaps_table(
    rows: Iterable[ProjectGap], *, filters: CoverageFilters, region: str
) -> Table[ProjectGap]:
    """Return the projects leaving workers unprotected (rows read lazily)."""
    labels = {str(code): str(label) for code, label in STATUS_LABELS.items()}
    return Table(
        title=_("Projects leaving workers unprotected"),
        columns=[
            Column(_("RUP code"), lambda g: g.project.kode_rup, width=14),
            Column(_("Package name"), lambda g: g.project.name, width=48),
            Column(_("Agency"), lambda g: g.project.agency.name, width=32),
            Column(
                _("Contractor"),
                lambda g: g.project.contractor.name if g.project.contractor else "",
                width=32,
            ),
            Column(_("Region code"), lambda g: g.project.region_id, width=12),
            Column(_("Location"), lambda g: g.project.region.name, width=24),
            Column(_("Fiscal year"), lambda g: g.project.fiscal_year, Kind.INTEGER, width=10),
            Column(_("Status"), lambda g: labels.get(g.status, g.status), width=30),
            Column(_("Planned workforce"), lambda g: g.project.planned_workforce, Kind.INTEGER),
            Column(_("Workers unprotected"), lambda g: g.workers_unprotected, Kind.INTEGER),
            Column(
                _("Jakon contribution (Rp)"), lambda g: g.project.contribution_total, Kind.MONEY
            ),
            Column(_("Paid (Rp)"), lambda g: g.project.paid_total, Kind.MONEY),
            Column(_("Unpaid contribution (Rp)"), lambda g: g.outstanding, Kind.MONEY),
            Column(_("Registration due"), lambda g: g.project.registration_due, Kind.DATE),
        ],
        rows=rows,
        notes=[
            _("Region: %(region)s") % {"region": region},
            _("Fiscal year: %(year)s") % {"year": filters.year},
            _definition("projects_unprotected"),
        ],
    )


def party_gaps_table(
    rows: Sequence[PartyGap], *, by: str, filters: CoverageFilters, region: str
) -> Table[PartyGap]:
    """Return agencies or contractors, most unprotected workers first."""
    return Table(
        title=_("Agencies leaving workers unprotected")
        if by == "agency"
        else _("Contractors leaving workers unprotected"),
        columns=[
            Column(_("Agency") if by == "agency" else _("Contractor"), lambda p: p.name, width=40),
            Column(_("Projects"), lambda p: p.projects, Kind.INTEGER),
            Column(_("Workers unprotected"), lambda p: p.workers_unprotected, Kind.INTEGER),
            Column(
                _("Projects without a planned workforce"),
                lambda p: p.workforce_unknown,
                Kind.INTEGER,
            ),
            Column(_("Unpaid contribution (Rp)"), lambda p: p.outstanding, Kind.MONEY),
        ],
        rows=rows,
        notes=[
            _("Region: %(region)s") % {"region": region},
            _("Fiscal year: %(year)s") % {"year": filters.year},
            _definition("projects_unprotected"),
        ],
    )


def public_table(data: PublicCoverage) -> Table[PublicRow]:
    """Return the open-data table (small counts withheld)."""
    return Table(
        title=_("Open data: coverage"),
        columns=[
            Column(_("Year"), lambda r: data.year, Kind.INTEGER, width=8),
            Column(_("Extract date"), lambda r: data.extract_date, Kind.DATE, width=12),
            Column(_("Region code"), lambda r: r.region_code, width=12),
            Column(_("Region"), lambda r: r.region_name, width=28),
            Column(_("Sector code"), lambda r: r.sector, width=14),
            Column(_("Sector"), lambda r: r.sector_label, width=20),
            Column(_("Protected participants"), lambda r: r.participants, Kind.INTEGER),
            Column(_("Suppressed"), lambda r: _("yes") if r.suppressed else _("no"), width=10),
            Column(_("Workforce"), lambda r: r.workers, Kind.INTEGER),
            Column(_("Coverage (%)"), lambda r: r.percent, Kind.PERCENT),
            Column(_("Participants source"), lambda r: data.source.label, width=40),
            Column(_("Workforce source"), lambda r: r.workers_source, width=40),
        ],
        rows=data.rows,
        notes=[
            _("Participants: %(source)s") % {"source": data.source.label},
            _(
                "Counts from 1 to %(max)s are withheld (empty, marked suppressed), with further "
                "cells withheld so that no withheld count can be worked out from the totals."
            )
            % {"max": data.threshold - 1},
        ],
    )
