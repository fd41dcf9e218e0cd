"""Reading an uploaded table and parsing its cells; pure functions, no database.

Every cell is read as text so the row checks see exactly what the user typed; the
parsers below turn text into dates, rupiah amounts and numbers or raise ``ValueError``.
``read_frame`` returns the table as a polars frame of stripped text for column-wise
imports; ``read_table`` the same as Python lists.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl

from lindung.core.csv import escape_cell
from lindung.imports.errors import EmptyFile, MissingColumns, UnsupportedFile

XLSX_MAGIC = b"PK\x03\x04"
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_ID = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOTTED = re.compile(r"^\d{1,3}(\.\d{3})+$")
# The characters ``str.strip()`` removes, so a polars strip matches a Python one exactly.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_TRUE = {"ya", "y", "yes", "true", "1", "benar"}
_FALSE = {"tidak", "t", "no", "n", "false", "0", "salah"}


@dataclass
class Table:
    """An uploaded table: normalised header names and every cell as stripped text."""

    columns: list[str]
    data: dict[str, list[str]] = field(default_factory=dict)
    n_rows: int = 0

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> Table:
        """Return a frame of text as a table of Python lists."""
        return cls(
            columns=list(frame.columns),
            data={name: frame.get_column(name).to_list() for name in frame.columns},
            n_rows=frame.height,
        )

    def rows(self) -> Iterator[dict[str, str]]:
        """Yield each data row as ``{column: text}``."""
        names = self.columns
        cols = [self.data[name] for name in names]
        for values in zip(*cols, strict=True):
            yield dict(zip(names, values, strict=True))


def normalise_header(name: object) -> str:
    """Return a header as the template spells it (``Kode RUP`` → ``kode_rup``)."""
    text = str(name or "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def file_format(file_name: str, head: bytes) -> str:
    """Return ``csv`` or ``xlsx`` from the name and the first bytes, or raise."""
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        if not head.startswith(XLSX_MAGIC):
            raise UnsupportedFile(params={"detail": "not an XLSX workbook"})
        return "xlsx"
    if lower.endswith((".csv", ".txt")):
        if b"\x00" in head:
            raise UnsupportedFile(params={"detail": "binary content"})
        return "csv"
    raise UnsupportedFile(params={"detail": "only .csv and .xlsx are accepted"})


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" and any(ord(c) < 32 and c not in "\r\n\t" for c in text):
            break
        return text
    raise UnsupportedFile(params={"detail": "the text is not UTF-8"})


def read_csv(content: bytes) -> Table:
    """Read a CSV (comma or semicolon separated) with polars, every cell as text."""
    return Table.from_frame(read_csv_frame(content))


def read_csv_frame(content: bytes) -> pl.DataFrame:
    """Read a CSV (comma or semicolon separated) into a frame of stripped text."""
    text = _decode(content)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise EmptyFile()
    separator = ";" if first.count(";") > first.count(",") else ","
    try:
        frame = pl.read_csv(
            io.BytesIO(text.encode()),
            separator=separator,
            infer_schema=False,
            truncate_ragged_lines=True,
        )
    except (pl.exceptions.PolarsError, ValueError) as exc:
        raise UnsupportedFile(params={"detail": str(exc).splitlines()[0][:200]}) from exc
    return _frame(frame.columns, frame)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value))).replace(".", ",")
    return str(value)


def read_xlsx(content: bytes) -> Table:
    """Read the first sheet of an XLSX workbook, every cell as text."""
    return Table.from_frame(read_xlsx_frame(content))


def read_xlsx_frame(content: bytes) -> pl.DataFrame:
    """Read the first sheet of an XLSX workbook into a frame of stripped text."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise UnsupportedFile(params={"detail": "the workbook cannot be read"}) from exc
    except IndexError as exc:
        raise EmptyFile() from exc
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise EmptyFile()
    header = rows[0]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    columns = [pl.Series(f"c{i}", [r[i] for r in body], dtype=pl.String) for i in range(width)]
    return _frame(header, pl.DataFrame(columns))


def _frame(header: Sequence[Any], frame: pl.DataFrame) -> pl.DataFrame:
    """Name the columns as the template spells them (unnamed or repeated ones are dropped)
    and strip every cell; a missing cell is ``""``."""
    names = [normalise_header(h) for h in header]
    kept: dict[str, str] = {}
    for name, source in zip(names, frame.columns, strict=True):
        if not name or name in kept:
            continue  # unnamed or repeated columns are ignored
        kept[name] = source
    return frame.select(
        pl.col(source).cast(pl.String).fill_null("").str.strip_chars(PY_WHITESPACE).alias(name)
        for name, source in kept.items()
    )


def read_frame(file_name: str, content: bytes) -> pl.DataFrame:
    """Read a CSV or XLSX upload as text; raise when it is unreadable or has no data rows."""
    if not content.strip():
        raise EmptyFile()
    kind = file_format(file_name, content[:8])
    frame = read_xlsx_frame(content) if kind == "xlsx" else read_csv_frame(content)
    if not frame.columns or frame.height == 0:
        raise EmptyFile()
    return frame


def read_table(file_name: str, content: bytes) -> Table:
    """Read a CSV or XLSX upload; raise when it is unreadable or has no data rows."""
    return Table.from_frame(read_frame(file_name, content))


def check_columns(
    table: Table | pl.DataFrame, required: Sequence[str], one_of: Sequence[str] = ()
) -> None:
    """Raise ``MissingColumns`` naming every required column the table lacks."""
    present = set(table.columns)
    missing = [c for c in required if c not in present]
    if one_of and not any(c in present for c in one_of):
        missing.append(" / ".join(one_of))
    if missing:
        raise MissingColumns(params={"columns": ", ".join(missing)})


def parse_date(text: str) -> date | None:
    """Parse ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (blank is ``None``); raise ``ValueError``."""
    text = text.strip()
    if not text:
        return None
    if " " in text and _DATE_ISO.match(text.split(" ", 1)[0]):
        text = text.split(" ", 1)[0]  # an Excel date-time at midnight
    if m := _DATE_ISO.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DATE_ID.match(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(text)


def parse_rupiah(text: str) -> Decimal | None:
    """Parse rupiah as digits or with Indonesian thousands dots and an optional ``,sen``.

    ``1.250.000.000`` and ``1250000000`` and ``Rp 1.250.000,50`` are accepted; a bare
    ``1.25`` is ambiguous and raises ``ValueError``. Blank is ``None``.
    """
    text = text.strip()
    if not text:
        return None
    text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE).replace(" ", "")
    whole, _sep, cents = text.partition(",")
    if _DOTTED.match(whole):
        whole = whole.replace(".", "")
    if not whole.isdigit() or (cents and not cents.isdigit()) or len(cents) > 2:
        raise ValueError(text)
    try:
        return Decimal(f"{whole}.{cents}" if cents else whole)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def parse_int(text: str) -> int | None:
    """Parse a whole number, thousands dots allowed (blank is ``None``)."""
    text = text.strip()
    if not text:
        return None
    if _DOTTED.match(text):
        text = text.replace(".", "")
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def parse_bool(text: str, default: bool) -> bool:
    """Parse ya/tidak (and yes/no, true/false, 1/0); blank is ``default``."""
    value = text.strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(text)


# ----------------------------------------------------------------------------- quarantine

QUARANTINE_HEAD = ("baris", "kolom", "alasan")


@dataclass
class Rejection:
    """A row that was not imported: its file row number, its cells and its problems."""

    row: int
    values: dict[str, str]
    problems: list[tuple[str, str]]

    @property
    def columns(self) -> str:
        """Return the columns at fault, in order, each once."""
        return "; ".join(dict.fromkeys(c for c, _m in self.problems))

    @property
    def reasons(self) -> str:
        """Return every reason, prefixed with its column."""
        return "; ".join(f"{c}: {m}" for c, m in self.problems)


def quarantine_bytes(columns: Sequence[str], rejections: Iterable[Rejection]) -> bytes:
    """Return a quarantine file: UTF-8 with BOM, row number, column, reason and the row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*QUARANTINE_HEAD, *columns])
    for rejection in rejections:
        writer.writerow(
            [
                rejection.row,
                escape_cell(rejection.columns),
                escape_cell(rejection.reasons),
                *(escape_cell(rejection.values.get(c, "")) for c in columns),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
