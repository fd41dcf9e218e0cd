"""Streamed table exports: CSV row by row, XLSX through a temporary file (R14).

A ``Table`` names its columns once (header, how to read the cell from a row, the cell's
kind) and takes any iterable of rows, so a queryset ``.iterator()`` or a generator is never
held whole in memory:

- CSV is a ``StreamingHttpResponse`` that writes each row as it is produced (UTF-8 with a
  byte-order mark, so spreadsheets read accents correctly);
- XLSX is written by xlsxwriter in ``constant_memory`` mode (each row is flushed to disk as
  soon as the next one starts) into an anonymous temporary file, then streamed from that
  file by a ``FileResponse``, which closes (and so deletes) it.

Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) are prefixed with ``'`` in both formats (``core.csv.escape_cell``); numbers
stay numbers. The module knows nothing of any app.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any

import xlsxwriter
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from lindung.core.csv import escape_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
# Excel refuses sheet names longer than 31 characters or containing any of these.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

type Cell = str | int | float | Decimal | date | None


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class Kind(StrEnum):
    """How a column's cells are written: text is escaped, the others stay typed."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    MONEY = "money"
    DATE = "date"


# xlsxwriter number formats per kind (text and integer need none beyond the default).
_XLSX_FORMATS = {
    Kind.DECIMAL: "0.00",
    Kind.PERCENT: "0.00",
    Kind.MONEY: "#,##0",
    Kind.INTEGER: "#,##0",
    Kind.DATE: "yyyy-mm-dd",
}


@dataclass(frozen=True)
class Column[T]:
    """One column: its header, how to read its cell from a row, and the cell's kind."""

    header: str
    value: Callable[[T], Cell]
    kind: Kind = Kind.TEXT
    width: int = 16


@dataclass(frozen=True)
class Table[T]:
    """Rows to export with their columns; ``notes`` go to a second XLSX sheet (sources)."""

    title: str
    columns: Sequence[Column[T]]
    rows: Iterable[T]
    notes: Sequence[str] = field(default_factory=tuple)


def csv_cell(value: Cell, kind: Kind = Kind.TEXT) -> str:
    """Return a cell's CSV text: numbers plain, dates ISO, text escaped against formulas."""
    if value is None:
        return ""
    if (
        kind is not Kind.TEXT
        and isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
    ):
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return str(value)
    if kind is Kind.DATE and isinstance(value, date):
        return value.isoformat()
    return escape_cell(value)


class _Echo:
    """A file-like object whose ``write`` returns the line, so csv.writer can yield it."""

    def write(self, value: str) -> str:
        return value


def iter_csv[T](table: Table[T]) -> Iterator[str]:
    """Yield the table as CSV text, one line per row, starting with the header (and a BOM)."""
    writer = csv.writer(_Echo())
    header = writer.writerow([escape_cell(column.header) for column in table.columns])
    yield BOM + str(header)
    for row in table.rows:
        yield str(
            writer.writerow([csv_cell(column.value(row), column.kind) for column in table.columns])
        )


def safe_filename(stem: str, extension: str) -> str:
    """Return an ASCII file name (letters, digits, dot, dash, underscore) with its extension."""
    cleaned = _FILENAME_UNSAFE.sub("-", stem).strip("-.") or "export"
    return f"{cleaned[:100]}.{extension}"


def csv_response[T](table: Table[T], *, filename: str) -> StreamingHttpResponse:
    """Stream the table as a CSV download, row by row."""
    response = StreamingHttpResponse(iter_csv(table), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=safe_filename(filename, "csv")
    )
    return response


def _sheet_name(title: str) -> str:
    return (_SHEET_FORBIDDEN.sub(" ", title).strip() or "Data")[:31]


def _write_cell(sheet: Any, row: int, col: int, value: Cell, kind: Kind, fmt: Any) -> None:
    if value is None or value == "":
        return  # an empty cell costs nothing in constant-memory mode
    if kind is Kind.DATE and isinstance(value, date):
        sheet.write_datetime(row, col, value, fmt)
    elif (
        kind is not Kind.TEXT
        and isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
    ):
        sheet.write_number(row, col, float(value), fmt)
    elif isinstance(value, datetime | date):
        sheet.write_string(row, col, value.isoformat())
    else:
        sheet.write_string(row, col, escape_cell(value))


def write_xlsx[T](table: Table[T]) -> IO[bytes]:
    """Write the table to an anonymous temporary XLSX file and return it, rewound."""
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    try:
        book = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "in_memory": False,
                # Text stays text: never turned into formulas, links or numbers.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "remove_timezone": True,
            },
        )
        sheet = book.add_worksheet(_sheet_name(table.title))
        header = book.add_format({"bold": True, "bg_color": "#D7F0E4", "border": 1})
        formats = {kind: book.add_format({"num_format": f}) for kind, f in _XLSX_FORMATS.items()}
        for col, column in enumerate(table.columns):
            sheet.set_column(col, col, column.width)
            sheet.write_string(0, col, escape_cell(column.header), header)
        sheet.freeze_panes(1, 0)
        last = 0
        for last, row in enumerate(table.rows, start=1):
            for col, column in enumerate(table.columns):
                _write_cell(
                    sheet, last, col, column.value(row), column.kind, formats.get(column.kind)
                )
        if table.columns:
            sheet.autofilter(0, 0, max(last, 1), len(table.columns) - 1)
        if table.notes:
            about = book.add_worksheet(_sheet_name(gettext("Notes")))
            about.set_column(0, 0, 120)
            for index, note in enumerate(table.notes):
                about.write_string(index, 0, escape_cell(note))
        book.close()
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def xlsx_response[T](table: Table[T], *, filename: str) -> FileResponse:
    """Return the table as an XLSX download streamed from a temporary file."""
    return FileResponse(
        write_xlsx(table),
        as_attachment=True,
        filename=safe_filename(filename, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


def export_response[T](
    table: Table[T], *, filename: str, fmt: ExportFormat | str
) -> HttpResponseBase:
    """Return the table as a CSV or XLSX download (``fmt`` must be ``csv`` or ``xlsx``)."""
    if ExportFormat(fmt) is ExportFormat.CSV:
        return csv_response(table, filename=filename)
    return xlsx_response(table, filename=filename)


__all__ = [
    "Cell",
    "Column",
    "ExportFormat",
    "Kind",
    "Table",
    "csv_cell",
    "csv_response",
    "export_response",
    "iter_csv",
    "safe_filename",
    "write_xlsx",
    "xlsx_response",
]
