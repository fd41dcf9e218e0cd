"""Project import of a synthetic CSV on PostgreSQL, as a ratio to a raw ``COPY`` of that file.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_projects .venv/bin/python
bench/bench_project_import.py [--rows 100000]``. The URL names the server and a database
name: the bench creates its own database (that name with ``_bench`` appended, so sessions
sharing a server do not collide), migrates it, loads the regions, and drops it at the end.
Measured in the same run:

- ``COPY``: ``COPY staging FROM STDIN (FORMAT csv, HEADER)`` of the file into an unlogged
  table of 20 text columns (parse and store, nothing else);
- import: ``lindung.imports.services.import_file`` (read with polars, check and cost every
  row column-wise, resolve parties in bulk, COPY the projects and write their stage
  history and audit rows in one transaction), then a re-import of the same file (every
  row unchanged);
- the table's own cost: ``COPY`` of the imported projects, exactly as stored (with their
  Jakon calculation detail), back into the emptied projects table with its indexes,
  constraints and foreign keys (checked at commit). No import can write faster than this;
- the rows alone: the same ``COPY`` into a bare table of the same columns and types (no
  index, key, constraint or foreign key), to tell the rows' cost from the indexes' and keys'.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="Keep the bench database.")
    parser.add_argument(
        "--decompose",
        action="store_true",
        help="Also time the table floor without its secondary indexes, foreign keys or detail.",
    )
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (its database is not used).")
    bench_db = (urlsplit(server).path.strip("/") or "lindung") + "_bench"
    _admin(server, f"DROP DATABASE IF EXISTS {bench_db}")
    _admin(server, f"CREATE DATABASE {bench_db}")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(server)._replace(path=f"/{bench_db}"))
    tmp = tempfile.mkdtemp(prefix="lindung-bench-")
    os.environ["LINDUNG_VAR_DIR"] = tmp
    os.environ["MEDIA_ROOT"] = tmp
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("LINDUNG_MAX_UPLOAD_BYTES", str(500 * 1024 * 1024))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings.main")
    try:
        _run(args.rows, Path(tmp), decompose=args.decompose)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(server, f"DROP DATABASE IF EXISTS {bench_db}")


def _run(rows: int, tmp: Path, *, decompose: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    import gen_projects_csv
    from lindung.imports import services as import_services
    from lindung.projects.importers import PROJECT_COLUMNS
    from lindung.projects.models import Project
    from lindung.regions import services as region_services

    call_command("migrate", verbosity=0)
    region_services.load_regions(actor=None)
    path = tmp / "projects.csv"
    start = time.perf_counter()
    gen_projects_csv.write(path, rows)
    print(
        f"generated {rows} rows ({path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - start:.1f} s"
    )

    columns = ", ".join(f"{c} text" for c in PROJECT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNLOGGED TABLE bench_staging ({columns})")
    start = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.copy("COPY bench_staging FROM STDIN (FORMAT csv, HEADER true)") as copy,
        path.open("rb") as handle,
    ):
        while chunk := handle.read(1 << 20):
            copy.write(chunk)
    copy_s = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_staging")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_staging")

    # The service reports progress messages; the first time each appears marks a phase.
    marks: dict[str, float] = {}

    def progress(done: int, total: int, message: str) -> None:
        marks.setdefault(message, time.perf_counter())

    start = time.perf_counter()
    first = import_services.import_file(actor=None, kind="projects", path=path, progress=progress)
    import_s = time.perf_counter() - start
    phases = _phases(start, marks, time.perf_counter())
    marks.clear()
    start = time.perf_counter()
    second = import_services.import_file(actor=None, kind="projects", path=path, progress=progress)
    reimport_s = time.perf_counter() - start
    rephases = _phases(start, marks, time.perf_counter())

    print(f"COPY (raw)         {copy_s:7.2f} s   {copied} rows")
    print(
        f"import             {import_s:7.2f} s   {first.as_dict()}   "
        f"ratio {import_s / copy_s:.1f}x COPY"
    )
    print(
        f"re-import          {reimport_s:7.2f} s   {second.as_dict()}   "
        f"ratio {reimport_s / copy_s:.1f}x COPY"
    )
    print(f"projects in the database: {Project.objects.count()}")
    print(f"import phases:    {phases}")
    print(f"re-import phases: {rephases}")
    if decompose:
        _decompose(connection, copy_s)
    floor_s, bare_s, megabytes = _table_floor(connection)
    print(
        f"table floor       {floor_s:7.2f} s   COPY of the stored projects ({megabytes:.0f} MB) "
        f"into projects_project   ratio {floor_s / copy_s:.1f}x COPY"
    )
    print(
        f"rows alone        {bare_s:7.2f} s   the same COPY into a bare table (no index, key "
        f"or foreign key)   ratio {bare_s / copy_s:.1f}x COPY"
    )


def _dump(connection: Any, table: str, select: list[str]) -> bytes:
    """Return ``SELECT select FROM table`` as CSV, copied out of the database."""
    out = io.BytesIO()
    sql = f"COPY (SELECT {', '.join(select)} FROM {table}) TO STDOUT (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for block in copy:
            out.write(block)
    return out.getvalue()


def _timed_copy(connection: Any, table: str, columns: str, data: bytes) -> float:
    """Return the seconds to COPY ``data`` into ``table`` in one committed transaction."""
    from django.db import transaction

    start = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy,
    ):
        copy.write(data)
    return time.perf_counter() - start


def _table_floor(connection: Any) -> tuple[float, float, float]:
    """Return the seconds to COPY the stored projects back into their emptied table and
    into a bare table of the same columns, and the megabytes copied."""
    from lindung.projects.models import Project, StageChange

    table = Project._meta.db_table
    names = [
        connection.ops.quote_name(f.column)
        for f in Project._meta.concrete_fields
        if f.column != "id"
    ]
    columns = ", ".join(names)
    dump = _dump(connection, table, names)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {StageChange._meta.db_table}, {table} CASCADE")
        cursor.execute(f"CREATE TABLE bench_bare AS SELECT {columns} FROM {table} WITH NO DATA")
    bare_s = _timed_copy(connection, "bench_bare", columns, dump)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bare")
    return _timed_copy(connection, table, columns, dump), bare_s, len(dump) / 1e6


def _decompose(connection: Any, copy_s: float) -> None:
    """Time the stored projects' COPY into variants of their table (each rolled back)."""
    from django.db import transaction

    from lindung.projects.models import Project, StageChange

    table = Project._meta.db_table
    fields = [f for f in Project._meta.concrete_fields if f.column != "id"]
    columns = [connection.ops.quote_name(f.column) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisunique",
            [table],
        )
        secondary = [f"DROP INDEX {connection.ops.quote_name(name)}" for (name,) in cursor]
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign = [
            f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}"
            for (name,) in cursor
        ]

    stored = _dump(connection, table, columns)
    empty = _dump(
        connection,
        table,
        [
            "'{}'::jsonb" if f.column == "contribution_detail" else c
            for f, c in zip(fields, columns, strict=True)
        ],
    )
    variants = [
        ("as it is", stored, []),
        ("without its secondary indexes", stored, secondary),
        ("without its foreign keys", stored, foreign),
        ("detail {}, no secondary index, no foreign key", empty, secondary + foreign),
    ]
    for label, data, statements in variants:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {StageChange._meta.db_table}, {table} CASCADE")
            for statement in statements:
                cursor.execute(statement)
            start = time.perf_counter()
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:
                copy.write(data)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            seconds = time.perf_counter() - start
            transaction.set_rollback(True)  # every variant starts from the stored table
        print(f"  table {label:48s} {seconds:6.2f} s   ratio {seconds / copy_s:.1f}x COPY")


def _phases(start: float, marks: dict[str, float], end: float) -> str:
    """Return seconds spent reading (until the first progress), checking rows, writing.

    The messages are translated, so phases are told apart by order: loading reference data,
    checking rows, rows checked, then writing.
    """
    times = sorted(marks.values())
    loading = times[0] if times else start
    checked = times[2] if len(times) > 2 else end
    return (
        f"read file {loading - start:.1f} s, check rows {checked - loading:.1f} s, "
        f"write {end - checked:.1f} s"
    )


if __name__ == "__main__":
    main()
