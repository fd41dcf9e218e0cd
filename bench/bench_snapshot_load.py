"""Loading a BPJS participant extract as a snapshot, as a ratio to a raw ``COPY`` of the file.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python
bench/bench_snapshot_load.py [--rows 1000000]`` (PostgreSQL), or without ``DATABASE_URL``
for SQLite (baseline: ``executemany`` of the raw rows into a plain table). The URL names the
server only: the bench creates its own database (``lindung_bench_snap``), migrates it,
loads the regions and drops it at the end. Measured in the same run:

- baseline: ``COPY staging FROM STDIN (FORMAT csv, HEADER)`` of the file into an unlogged
  table of 12 text columns (parse and store, nothing else);
- load: ``lindung.participants.services.load_snapshot`` of the same file (read with polars,
  check every row column-wise, COPY the valid rows, count by region/segment/change, audit);
- second load: the next month's extract of the same people (compared by KPJ with the first).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
BENCH_DB = "lindung_bench_snap"


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def write_extract(path: Path, rows: int, *, seed: int, month: str) -> None:
    """Write a synthetic extract: valid NIKs for Kalbar districts, 1% bad rows."""
    rng = random.Random(seed)
    districts = ["617101", "617102", "610101", "610401", "610501", "611201", "617201"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["kpj", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "segmen", "status",
             "bulan_terakhir_bayar", "kode_wilayah", "program", "sektor", "nomor_pemberi_kerja"]
        )  # fmt: skip
        for i in range(rows):
            day = rng.randint(1, 28)
            female = rng.random() < 0.4
            yy = rng.randint(60, 99)
            district = rng.choice(districts)
            code_day = day + 40 if female else day
            nik = f"{district}{code_day:02d}{rng.randint(1, 12):02d}{yy}{i % 9999 + 1:04d}"
            kpj = f"{26_000_000_000 + i}" if rng.random() > 0.01 else "bad"
            writer.writerow(
                [kpj, nik, f"Peserta {i}", f"19{yy}-01-{day:02d}", "P" if female else "L",
                 rng.choice(("PU", "BPU", "JAKON")), rng.choice(("aktif", "aktif", "nonaktif")),
                 month, f"{district[:2]}.{district[2:4]}.{district[4:]}", "JKK,JKM", "", ""]
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="lindung-bench-snap-"))
    os.environ["LINDUNG_VAR_DIR"] = str(tmp)
    os.environ["MEDIA_ROOT"] = str(tmp)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings.main")
    if server.startswith("postgres"):
        _admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin(server, f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(server)._replace(path=f"/{BENCH_DB}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    try:
        _run(args.rows, tmp)
    finally:
        from django.db import connections

        connections.close_all()
        if server.startswith("postgres"):
            _admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")


def _baseline(path: Path) -> float:
    from django.db import connection

    start = time.perf_counter()
    if connection.vendor == "postgresql":
        columns = ", ".join(f"c{i} text" for i in range(12))
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE UNLOGGED TABLE bench_staging ({columns})")
            start = time.perf_counter()
            with (
                cursor.copy("COPY bench_staging FROM STDIN (FORMAT csv, HEADER true)") as copy,
                path.open("rb") as handle,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            elapsed = time.perf_counter() - start
            cursor.execute("DROP TABLE bench_staging")
        return elapsed
    db = sqlite3.connect(connection.settings_dict["NAME"])
    db.execute(f"CREATE TABLE bench_staging ({', '.join(f'c{i} text' for i in range(12))})")
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        db.executemany(f"INSERT INTO bench_staging VALUES ({', '.join('?' * 12)})", reader)
    db.commit()
    elapsed = time.perf_counter() - start
    db.execute("DROP TABLE bench_staging")
    db.close()
    return elapsed


def _run(rows: int, tmp: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.participants import services as participant_services
    from lindung.regions import services as region_services

    call_command("migrate", verbosity=0)
    region_services.load_regions(actor=None)
    first, second = tmp / "june.csv", tmp / "july.csv"
    start = time.perf_counter()
    write_extract(first, rows, seed=1, month="2026-06")
    write_extract(second, rows, seed=2, month="2026-07")
    print(
        f"generated 2 x {rows:,} rows ({first.stat().st_size / 1e6:.0f} MB each) "
        f"in {time.perf_counter() - start:.1f} s on {connection.vendor}"
    )
    baseline = _baseline(first)
    print(f"baseline (raw COPY / executemany)  {baseline:7.2f} s")
    for path, extract_date in ((first, date(2026, 6, 30)), (second, date(2026, 7, 31))):
        start = time.perf_counter()
        outcome = participant_services.load_snapshot(
            actor=None, file_name=path.name, source=path, extract_date=extract_date
        )
        elapsed = time.perf_counter() - start
        print(
            f"load {extract_date}                {elapsed:7.2f} s   ratio "
            f"{elapsed / baseline:5.1f}x   loaded {outcome.loaded:,}, rejected "
            f"{outcome.rejected:,}, changes {outcome.snapshot.comparison.get('changes')}"
        )


if __name__ == "__main__":
    main()
