"""Streamed table exports: formula escaping in both formats, typed numbers, lazy rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation

from lindung.core.exports import (
    Column,
    ExportFormat,
    Kind,
    Table,
    csv_cell,
    csv_response,
    export_response,
    iter_csv,
    safe_filename,
    write_xlsx,
    xlsx_response,
)


@dataclass(frozen=True)
class Row:
    name: str
    n: int
    pct: Decimal | None
    day: date | None = None


ROWS = [
    Row('=HYPERLINK("http://evil")', 42_591, Decimal("27.66")),
    Row("+62 812", -3, Decimal(100), date(2026, 1, 31)),
    Row("@SUM(A1)", 0, None),
    Row("-1+1", 7, Decimal("0.5")),
    Row("Kota Pontianak", 10, Decimal("1.25")),
]


def _columns() -> list[Column[Row]]:
    return [
        Column("Name", lambda r: r.name, width=30),
        Column("Participants", lambda r: r.n, Kind.INTEGER),
        Column("Coverage (%)", lambda r: r.pct, Kind.PERCENT),
        Column("Extract date", lambda r: r.day, Kind.DATE),
    ]


def _table(rows: Iterable[Row] = ROWS, notes: Sequence[str] = ()) -> Table[Row]:
    return Table(title="Coverage: by region", columns=_columns(), rows=rows, notes=notes)


def _workbook(table: Table[Row]) -> openpyxl.Workbook:
    with write_xlsx(table) as handle:
        return openpyxl.load_workbook(handle)


def _csv_rows(response: StreamingHttpResponse) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


class TestCsvCell:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("=1+2", "'=1+2"),
            ("+628", "'+628"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("\t=x", "'\t=x"),
            ("Sambas", "Sambas"),
            (None, ""),
        ],
    )
    def test_text_cells_that_start_a_formula_are_escaped(self, value, expected):
        assert csv_cell(value) == expected

    def test_numbers_stay_numbers_even_when_negative(self):
        assert csv_cell(-3, Kind.INTEGER) == "-3"
        assert csv_cell(Decimal("27.66"), Kind.PERCENT) == "27.66"
        assert csv_cell(Decimal("100.00"), Kind.PERCENT) == "100"

    def test_a_number_in_a_text_column_is_treated_as_text(self):
        assert csv_cell(-3) == "'-3"


class TestCsvExport:
    def test_header_rows_and_escaping(self):
        response = csv_response(_table(), filename="cakupan 61.71")
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="cakupan-61.71.csv"' in response["Content-Disposition"]
        rows = _csv_rows(response)
        assert rows[0] == ["Name", "Participants", "Coverage (%)", "Extract date"]
        assert rows[1] == ['\'=HYPERLINK("http://evil")', "42591", "27.66", ""]
        assert rows[2] == ["'+62 812", "-3", "100", "2026-01-31"]
        assert rows[3][0] == "'@SUM(A1)"
        assert rows[4][0] == "'-1+1"
        assert rows[5] == ["Kota Pontianak", "10", "1.25", ""]

    def test_rows_are_read_one_at_a_time_while_streaming(self):
        consumed: list[int] = []

        def rows() -> Iterator[Row]:
            for index, row in enumerate(ROWS):
                consumed.append(index)
                yield row

        lines = iter_csv(_table(rows=rows()))
        assert next(lines).startswith("\ufeffName,")
        assert consumed == []
        next(lines)
        assert consumed == [0]
        next(lines)
        assert consumed == [0, 1]

    def test_an_empty_table_still_has_its_header(self):
        rows = _csv_rows(csv_response(_table(rows=[]), filename="x"))
        assert rows == [["Name", "Participants", "Coverage (%)", "Extract date"]]

    def test_header_text_is_escaped_too(self):
        table = Table(title="t", columns=[Column("=cmd", lambda r: r)], rows=["a"])
        assert _csv_rows(csv_response(table, filename="x"))[0] == ["'=cmd"]


class TestXlsxExport:
    def test_response_streams_from_a_temporary_file(self):
        response = xlsx_response(_table(), filename="cakupan/61")
        assert isinstance(response, FileResponse)
        assert response.streaming
        assert 'filename="cakupan-61.xlsx"' in response["Content-Disposition"]
        handle = response.file_to_stream
        assert handle is not None
        assert not isinstance(handle, io.BytesIO)
        assert hasattr(handle, "fileno")  # a real (anonymous) file on disk
        body = b"".join(response.streaming_content)
        # Close the file only: response.close() would fire request_finished (a database hook).
        handle.close()
        assert body.startswith(b"PK")

    def test_text_is_escaped_and_numbers_and_dates_stay_typed(self):
        with translation.override("en"):
            book = _workbook(_table(notes=["=source note"]))
        sheet = book.worksheets[0]
        assert sheet.title == "Coverage  by region"
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0] == ["Name", "Participants", "Coverage (%)", "Extract date"]
        assert values[1][0] == '\'=HYPERLINK("http://evil")'
        assert values[1][1] == 42_591
        assert values[1][2] == pytest.approx(27.66)
        assert values[2][0] == "'+62 812"
        assert values[2][1] == -3
        day = values[2][3]
        assert isinstance(day, datetime)
        assert day.date() == date(2026, 1, 31)
        assert values[3][0] == "'@SUM(A1)"
        assert values[3][2] is None
        assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(2, 7))
        notes = book.worksheets[1]
        assert notes.title == "Notes"
        assert notes["A1"].value == "'=source note"

    def test_no_notes_means_one_sheet(self):
        book = _workbook(_table())
        assert len(book.worksheets) == 1

    def test_rows_are_consumed_once_from_a_generator(self):
        consumed: list[int] = []

        def rows() -> Iterator[Row]:
            for index, row in enumerate(ROWS):
                consumed.append(index)
                yield row

        book = _workbook(_table(rows=rows()))
        assert consumed == [0, 1, 2, 3, 4]
        assert book.worksheets[0].max_row == 6


class TestExportResponse:
    def test_picks_the_format(self):
        assert isinstance(
            export_response(_table(), filename="x", fmt=ExportFormat.CSV), StreamingHttpResponse
        )
        response = export_response(_table(), filename="x", fmt="xlsx")
        assert isinstance(response, FileResponse)
        assert response.file_to_stream is not None
        response.file_to_stream.close()

    def test_refuses_an_unknown_format(self):
        with pytest.raises(ValueError, match="pdf"):
            export_response(_table(), filename="x", fmt="pdf")


class TestSafeFilename:
    def test_keeps_ascii_and_replaces_the_rest(self):
        assert safe_filename("cakupan Kota Pontianak/2026", "csv") == (
            "cakupan-Kota-Pontianak-2026.csv"
        )
        assert safe_filename("../..", "xlsx") == "export.xlsx"
