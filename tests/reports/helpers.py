"""Read a generated report back: the PDF's text (pypdf) and the XLSX's cells (openpyxl)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """Return the text of every page, whitespace collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def xlsx_sheets(data: bytes) -> list[list[list[Any]]]:
    """Return each sheet's rows of cell values, in sheet order."""
    book = load_workbook(io.BytesIO(data), read_only=False)
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


def xlsx_cells(data: bytes) -> list[Any]:
    """Return every cell of the workbook as (sheet index, row, column, cell) tuples."""
    book = load_workbook(io.BytesIO(data))
    return [
        (index, cell.row, cell.column, cell)
        for index, sheet in enumerate(book.worksheets)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
