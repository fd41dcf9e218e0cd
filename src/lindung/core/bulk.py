"""Column-wise appends of many rows: ``COPY`` on PostgreSQL, raw ``executemany`` on SQLite.

For system writes of tens of thousands to millions of checked rows (registry loads,
reconciliation statuses), where the ORM's ``bulk_create`` spends most of its time building
SQL. Run inside the caller's transaction: nothing is written if it rolls back. The frame's
columns are the table's column names; JSON columns are passed as JSON text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import polars as pl
from django.db import connection
from django.utils import timezone

# Rows sent per COPY or executemany call (bounds the memory of one call).
CHUNK = 100_000


def reserve_ids(table: str, count: int) -> pl.Series:
    """Return ``count`` new primary keys of a table, taken in the caller's transaction."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [quoted, count],
            )
            return pl.Series("id", [row[0] for row in cursor.fetchall()], pl.Int64)
        # SQLite writes one transaction at a time; AUTOINCREMENT never reuses a used key.
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {quoted}")  # noqa: S608
        (top,) = cursor.fetchone()
        cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        (seq,) = cursor.fetchone()
        first = max(int(top), int(seq)) + 1
        return pl.Series("id", range(first, first + count), pl.Int64)


def stored_datetime(moment: datetime) -> str:
    """Return a time as the database stores a ``DateTimeField`` (SQLite: Django's text)."""
    if connection.vendor == "postgresql":
        return moment.isoformat()
    return str(connection.ops.adapt_datetimefield_value(moment))


def stored_now() -> str:
    """Return the current time as the database stores a ``DateTimeField``."""
    return stored_datetime(timezone.now())


def copy_frame(
    table: str, frame: pl.DataFrame, *, written: Callable[[int], None] | None = None
) -> None:
    """Append a frame's rows to a table: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

    Database errors (a unique key taken meanwhile) surface as Django's exceptions.
    ``written`` is told the number of rows written so far after each chunk (progress).
    """
    quoted = connection.ops.quote_name(table)
    names = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
    with connection.cursor() as cursor:
        for start in range(0, frame.height, CHUNK):
            chunk = frame.slice(start, CHUNK)
            if connection.vendor == "postgresql":
                buffer = io.BytesIO()
                # Strings quoted, NULL unquoted: an empty string stays an empty string.
                chunk.write_csv(
                    buffer, include_header=False, null_value="", quote_style="non_numeric"
                )
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {quoted} ({names}) FROM STDIN (FORMAT csv)") as copy,
                ):
                    copy.write(buffer.getvalue())
                if written is not None:
                    written(start + chunk.height)
                continue
            # SQLite: values as Django stores them (ISO text dates, 0/1 flags); the DB-API
            # cursor directly, because Django's wrapper would rewrite every row's parameters.
            types = chunk.schema.items()
            stored = chunk.with_columns(
                *(pl.col(c).dt.to_string("%Y-%m-%d") for c, t in types if t == pl.Date),
                *(pl.col(c).cast(pl.Int8) for c, t in types if t == pl.Boolean),
            )
            marks = ", ".join(["?"] * len(frame.columns))
            with connection.wrap_database_errors:
                cursor.cursor.executemany(
                    f"INSERT INTO {quoted} ({names}) VALUES ({marks})",  # noqa: S608
                    stored.rows(),
                )
            if written is not None:
                written(start + chunk.height)
