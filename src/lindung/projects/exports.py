"""The project list as XLSX (constant memory, via a temp file) or as a streamed CSV.

The rows are the same filtered, scoped queryset as the list page. The compliance state is
the stored-field classification of the status filter (``list_selectors.stored_status``),
O(1) per row; the list and detail pages show the exact state with its explanation. Text
cells a spreadsheet would run as a formula are escaped (``core.csv.escape_cell``).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lindung.core.csv import escape_cell
from lindung.projects import list_selectors
from lindung.projects.models import FundingLevel, Project, Stage

CHUNK = 2000
MONEY_COLUMNS = (11, 12, 13)
DATE_COLUMNS = (14, 15, 16)
NUMBER_COLUMNS = (9,)


def _columns() -> list[tuple[str, int]]:
    return [
        (_("RUP code"), 14),
        (_("Contract number"), 22),
        (_("Package name"), 48),
        (_("Agency"), 32),
        (_("PPK"), 26),
        (_("Contractor"), 32),
        (_("Region code"), 12),
        (_("Location"), 24),
        (_("Funding"), 14),
        (_("Fiscal year"), 10),
        (_("Stage"), 14),
        (_("Contract value (Rp)"), 18),
        (_("Jakon contribution (Rp)"), 18),
        (_("Paid (Rp)"), 18),
        (_("SPK date"), 12),
        (_("Registration due"), 12),
        (_("Registered on"), 12),
        (_("Status code"), 22),
        (_("Status"), 36),
    ]


@dataclass(frozen=True)
class _Labels:
    """Labels translated once per export, not once per row."""

    status: dict[str, str]
    stage: dict[str, str]
    funding: dict[str, str]

    @classmethod
    def now(cls) -> _Labels:
        return cls(
            status={code: str(label) for code, label in list_selectors.STATUS_LABELS.items()},
            stage={value: str(label) for value, label in Stage.choices},
            funding={value: str(label) for value, label in FundingLevel.choices},
        )


def _rows(projects: QuerySet[Project], *, as_of: date) -> Iterator[list[Any]]:
    labels = _Labels.now()
    cutoff = list_selectors.at_risk_cutoff(today=as_of)
    for project in projects.iterator(chunk_size=CHUNK):
        code = list_selectors.stored_status(project, today=as_of, cutoff=cutoff)
        yield [
            project.kode_rup,
            project.contract_number,
            project.name,
            project.agency.name,
            project.ppk.name if project.ppk else "",
            project.contractor.name if project.contractor else "",
            project.region_id,
            project.region.name,
            labels.funding.get(project.funding_source, project.funding_source),
            project.fiscal_year,
            labels.stage.get(project.stage, project.stage),
            project.contract_value,
            project.contribution_total,
            project.paid_total,
            project.spk_date,
            project.registration_due,
            project.registered_on,
            str(code),
            labels.status[code],
        ]


def write_projects_xlsx(projects: QuerySet[Project], *, as_of: date) -> IO[bytes]:
    """Write the projects to a temporary XLSX file and return it, rewound, for streaming."""
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet(_("Projects")[:31])
    header = book.add_format({"bold": True, "bg_color": "#D7F0E4", "border": 1})
    money = book.add_format({"num_format": "#,##0"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    columns = _columns()
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    sheet.freeze_panes(1, 0)
    row = 0
    for row, values in enumerate(_rows(projects, as_of=as_of), start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                continue  # an empty cell costs nothing in constant-memory mode
            if col in MONEY_COLUMNS:
                sheet.write_number(row, col, float(value), money)
            elif col in DATE_COLUMNS:
                sheet.write_datetime(row, col, value, day)
            elif col in NUMBER_COLUMNS:
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, escape_cell(value))
    sheet.autofilter(0, 0, max(row, 1), len(columns) - 1)
    book.close()
    out.seek(0)
    return out


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1)) if value == value.to_integral() else value)
    return escape_cell(value)


def iter_projects_csv(projects: QuerySet[Project], *, as_of: date) -> Iterator[str]:
    """Yield the projects as CSV lines (UTF-8 with BOM for spreadsheets), one row at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([title for title, _width in _columns()])
    for values in _rows(projects, as_of=as_of):
        yield writer.writerow([_csv_cell(value) for value in values])
