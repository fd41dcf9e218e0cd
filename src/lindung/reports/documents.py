"""The report's two files, both written from one ``ReportContent`` (same figures in each).

The PDF is the HTML template ``reports/pdf/inpres.html`` laid out by WeasyPrint, with the map
and charts embedded as SVG. The XLSX has one sheet per section; counts and amounts are
numbers, and every text cell goes through ``core.csv.escape_cell`` (no formula injection).
Call both inside ``translation.override(content.language)``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from lindung.core.csv import escape_cell
from lindung.reports.content import ReportContent

Cell = str | int | Decimal | date | None
# Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
SHEET_NAME_LIMIT = 31


def render_pdf(content: ReportContent, *, charts: dict[str, str], charts_error: str = "") -> bytes:
    """Return the report as PDF; ``charts`` maps a chart key to its SVG text."""
    images = {
        key: "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        for key, svg in charts.items()
    }
    html = render_to_string(
        "reports/pdf/inpres.html",
        {
            "c": content,
            "images": images,
            "charts_error": charts_error,
            "generated_at": timezone.localtime(content.generated_at),
        },
    )
    # Everything is inline: refuse any other URL, so no text in the report can make it fetch.
    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


class _Book:
    """A thin xlsxwriter wrapper: typed cells, shared formats, escaped text."""

    def __init__(self, out: io.BytesIO) -> None:
        self.book = xlsxwriter.Workbook(
            out,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.bold = self.book.add_format({"bold": True})
        self.header = self.book.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1})
        self.title = self.book.add_format({"bold": True, "font_size": 13})
        self.integer = self.book.add_format({"num_format": "#,##0"})
        self.money = self.book.add_format({"num_format": "#,##0"})
        self.decimal = self.book.add_format({"num_format": "0.00"})
        self.day = self.book.add_format({"num_format": "yyyy-mm-dd"})

    def sheet(self, name: str, widths: Sequence[int]) -> Any:
        clean = "".join(ch for ch in name if ch not in "[]:*?/\\")[:SHEET_NAME_LIMIT]
        sheet = self.book.add_worksheet(clean)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        return sheet

    def write(self, sheet: Any, row: int, col: int, value: Cell, kind: str = "") -> None:
        if value is None:
            sheet.write_blank(row, col, None)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, int | Decimal):
            fmt = {"money": self.money, "pct": self.decimal}.get(kind, self.integer)
            if isinstance(value, Decimal) and kind not in {"money", "pct"}:
                fmt = self.decimal
            sheet.write_number(row, col, float(value), fmt)
        elif isinstance(value, datetime):
            sheet.write_string(row, col, value.isoformat(timespec="minutes"))
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.day)
        else:
            sheet.write_string(row, col, escape_cell(value))

    def table(
        self,
        sheet: Any,
        start: int,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        kinds: Sequence[str] = (),
    ) -> int:
        """Write a header row and data rows from row ``start``; return the next free row."""
        for col, title in enumerate(headers):
            sheet.write_string(start, col, escape_cell(title), self.header)
        for r, values in enumerate(rows, start=start + 1):
            for col, value in enumerate(values):
                self.write(sheet, r, col, value, kinds[col] if col < len(kinds) else "")
        return start + 1 + len(rows)


def _ranking_rows(rankings: Sequence[Any]) -> list[list[Cell]]:
    return [
        [
            r.label,
            r.projects,
            r.registered,
            r.registered_pct,
            r.contract_value,
            r.contribution_due,
            r.contribution_paid,
            r.paid_pct,
        ]
        for r in rankings
    ]


def render_xlsx(content: ReportContent, *, charts_error: str = "") -> bytes:
    """Return the report as an XLSX workbook, one sheet per section."""
    out = io.BytesIO()
    book = _Book(out)
    c = content
    p = c.projects

    # Summary
    sheet = book.sheet(_("Summary"), [44, 22, 22, 16])
    sheet.write_string(0, 0, escape_cell(_("Inpres 2/2021 semi-annual report")), book.title)
    facts: list[tuple[str, Cell]] = [
        (_("Region"), f"{c.region_name} ({c.region_code})"),
        (_("Period"), c.period_label),
        (_("From"), c.period.start),
        (_("To"), c.period.end),
        (_("Figures as of"), c.as_of),
        (_("Generated at"), timezone.localtime(c.generated_at)),
        (_("Generated by"), c.generated_by),
    ]
    for row, (label, value) in enumerate(facts, start=2):
        sheet.write_string(row, 0, escape_cell(label), book.bold)
        book.write(sheet, row, 1, value)
    row = 3 + len(facts)
    headline = [r for r in c.coverage if r.group == "headline"]
    row = book.table(
        sheet,
        row,
        [_("Indicator"), _("Participants"), _("Workers"), _("Coverage (%)")],
        [
            [r.indicator.label, r.indicator.numerator, r.indicator.denominator, r.indicator.percent]
            for r in headline
        ],
        ["", "", "", "pct"],
    )
    row += 1
    totals: list[tuple[str, Cell, str]] = [
        (_("Construction projects"), p.projects, ""),
        (_("Registered with BPJS Ketenagakerjaan"), p.registered, ""),
        (_("Contribution due (Rp)"), p.contribution_due, "money"),
        (_("Contribution paid (Rp)"), p.contribution_paid, "money"),
        (_("Budget needed to close the gap (Rp a year)"), c.budget.needed, "money"),
        (_("Budget allocated (Rp)"), c.budget.allocated, "money"),
        (_("Data-quality notes"), len(c.notes), ""),
    ]
    for label, value, kind in totals:
        sheet.write_string(row, 0, escape_cell(label), book.bold)
        book.write(sheet, row, 1, value, kind)
        row += 1
    if charts_error:
        sheet.write_string(row + 1, 0, escape_cell(charts_error))

    # Coverage
    sheet = book.sheet(_("Coverage"), [12, 40, 14, 14, 14, 12, 14, 50, 50])
    book.table(
        sheet,
        0,
        [
            _("Group"),
            _("Indicator"),
            _("Participants"),
            _("Workers"),
            _("Coverage (%)"),
            _("Target (%)"),
            _("Gap (people)"),
            _("Participants source"),
            _("Workers source"),
        ],
        [
            [
                r.group_label,
                r.indicator.label,
                r.indicator.numerator,
                r.indicator.denominator,
                r.indicator.percent,
                r.indicator.target_percent,
                r.indicator.gap_people,
                r.indicator.numerator_source,
                r.indicator.denominator_source,
            ]
            for r in c.coverage
        ],
        ["", "", "", "", "pct", "pct", "", "", ""],
    )

    # Regions (the map's figures)
    sheet = book.sheet(c.map.level_label or _("Regions"), [12, 34, 14, 14, 14])
    book.table(
        sheet,
        0,
        [_("Code"), _("Name"), _("Participants"), _("Workers"), _("Coverage (%)")],
        [
            [
                a.code,
                a.name,
                a.indicator.numerator,
                a.indicator.denominator,
                a.indicator.percent,
            ]
            for a in c.map.areas
        ],
        ["", "", "", "", "pct"],
    )

    # Construction projects
    sheet = book.sheet(_("Construction projects"), [40, 12, 20, 20, 20, 20])
    rows: list[list[Cell]] = [
        [
            s.label,
            s.projects,
            s.contract_value,
            s.contribution_due,
            s.contribution_paid,
            s.outstanding,
        ]
        for s in p.statuses
    ]
    rows.append(
        [
            _("Total (without cancelled projects)"),
            p.projects,
            p.contract_value,
            p.contribution_due,
            p.contribution_paid,
            p.outstanding,
        ]
    )
    book.table(
        sheet,
        0,
        [
            _("Compliance status"),
            _("Projects"),
            _("Contract value (Rp)"),
            _("Contribution due (Rp)"),
            _("Contribution paid (Rp)"),
            _("Outstanding (Rp)"),
        ],
        rows,
        ["", "", "money", "money", "money", "money"],
    )

    ranking_headers = [
        _("Name"),
        _("Projects"),
        _("Registered"),
        _("Registered (%)"),
        _("Contract value (Rp)"),
        _("Contribution due (Rp)"),
        _("Contribution paid (Rp)"),
        _("Paid (%)"),
    ]
    ranking_kinds = ["", "", "", "pct", "money", "money", "money", "pct"]
    for title, rankings in (
        (_("Worst agencies"), p.worst_agencies),
        (_("Worst PPKs"), p.worst_ppks),
    ):
        sheet = book.sheet(title, [44, 10, 12, 14, 20, 20, 20, 10])
        book.table(sheet, 0, ranking_headers, _ranking_rows(rankings), ranking_kinds)

    # Outreach
    sheet = book.sheet(_("Outreach"), [40, 10, 12, 12, 16, 10, 16, 16])
    o = c.outreach
    if o.recorded:
        rows = [
            [
                r.label,
                r.events,
                r.reached,
                r.registered,
                r.without_nik,
                r.paid,
                r.active_3,
                r.active_6,
            ]
            for r in [*o.rows, *([o.total] if o.total else [])]
        ]
        row = book.table(
            sheet,
            0,
            [
                _("Audience sector"),
                _("Events"),
                _("Reached"),
                _("Registered"),
                _("Without a valid NIK"),
                _("Paid"),
                _("Active after 3 months"),
                _("Active after 6 months"),
            ],
            rows,
        )
        sheet.write_string(row + 1, 0, escape_cell(_("Follow-up contacts")), book.bold)
        book.write(sheet, row + 1, 1, o.contacts)
        sheet.write_string(row + 3, 0, escape_cell(o.note))
    else:
        sheet.write_string(0, 0, escape_cell(o.note))

    # Budget
    sheet = book.sheet(_("Budget"), [56, 20, 20, 20])
    b = c.budget
    budget: list[tuple[str, Cell, str]] = [
        (_("Workers short of the target"), b.gap_people, ""),
        (_("Minimum declared income (Rp a month)"), b.declared_income, "money"),
        (_("JKK and JKM per worker (Rp a month)"), b.per_worker_monthly, "money"),
        (_("Months"), b.months, ""),
        (_("Budget needed (Rp)"), b.needed, "money"),
        (_("Planned in adopted budget plans (Rp)"), b.planned, "money"),
        (_("Budget allocated (Rp)"), b.allocated, "money"),
        (_("Budget spent (Rp)"), b.spent, "money"),
    ]
    for r, (label, value, kind) in enumerate(budget):
        sheet.write_string(r, 0, escape_cell(label), book.bold)
        book.write(sheet, r, 1, value, kind)
    row = len(budget) + 1
    if b.lines:
        row = book.table(
            sheet,
            row,
            [_("Funding source"), _("Planned (Rp)"), _("Allocated (Rp)"), _("Spent (Rp)")],
            [[line.label, line.needed, line.allocated, line.spent] for line in b.lines],
            ["", "money", "money", "money"],
        )
        row += 1
    sheet.write_string(row, 0, escape_cell(b.basis))
    sheet.write_string(row + 1, 0, escape_cell(b.allocation_note))

    # Data quality
    sheet = book.sheet(_("Data quality"), [44, 100])
    book.table(
        sheet,
        0,
        [_("Subject"), _("Note")],
        [[n.subject, n.message] for n in c.notes] or [[_("None"), _("No data-quality notes.")]],
    )

    book.book.close()
    return out.getvalue()


def file_stem(content: ReportContent) -> str:
    """Return the files' common name, e.g. ``laporan-inpres-61-2026-S2``."""
    return f"laporan-inpres-{content.region_code}-{content.period.code}"
