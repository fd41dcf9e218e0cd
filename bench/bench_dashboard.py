"""Coverage dashboards and the read API at province scale on PostgreSQL (issue #7).

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python
bench/bench_dashboard.py [--workers 2000000] [--participants 5000000] [--repeat 50]
[--duration 20] [--concurrency 8] [--keep | --reuse]``. The URL names the server only: the
bench creates its own database (``lindung_bench_dash``), migrates it, loads the regions,
regulation parameters, official figures and demo projects, and drops it at the end
(``--keep`` keeps it, ``--reuse`` measures a kept one again without loading).

1. Data: ``--workers`` registry workers from the demo generator
   (``lindung.demo.workers.build_registry``), written with
   ``workers.services.bulk_insert_registry`` (``COPY``); a ``--participants``-row BPJS
   extract (CSV, 30% of it registry workers, the rest synthetic) loaded as one snapshot with
   ``participants.services.load_snapshot``.
2. Server time: the provincial dashboard, a regency and a district drill-down through the
   Django test client (full middleware and template stack, no network) as a logged-in
   provincial analyst, ``--repeat`` times each: p50/p95, queries per page, and the ratio to
   the page's own ``SnapshotStat`` aggregation run as raw SQL (and, for scale, the same
   count straight over the participant rows).
3. Throughput: gunicorn (2 workers, ``--threads`` threads) on localhost against the same
   database, driven by ``bench/loadgen.py`` (``--concurrency`` keep-alive clients for
   ``--duration`` seconds) on ``/healthz`` (the stack's ceiling), ``GET
   /api/v1/public/coverage`` and ``GET /api/v1/regions?level=regency``; once with a new
   database connection per request (``DB_CONN_MAX_AGE=0``, Django's own default) and once
   with persistent connections (``DB_CONN_MAX_AGE=60``, Lindung's default).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
BENCH_DB = "lindung_bench_dash"
EXTRACT_DATE = date(2025, 6, 30)
REGISTRY_SHARE = 0.3
SECTORS_BPU = ("fishing", "farming", "plantation", "small_trade", "transport", "domestic")
PAGES = (
    ("provincial dashboard /", "/", "61"),
    ("regency /dasbor/61.71/", "/dasbor/61.71/", "61.71"),
    ("district /dasbor/61.71.01/", "/dasbor/61.71.01/", "61.71.01"),
)
API_PATHS = ("/healthz", "/api/v1/public/coverage", "/api/v1/regions?level=regency")


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def _exists(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        return found.fetchone() is not None


def _pct(samples: list[float], p: int) -> float:
    if len(samples) < 2:
        return samples[0] * 1000
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1] * 1000


def _timed(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


# ----------------------------------------------------------------------------- data


def extract_frame(*, rows: int, registry: object, districts: list[str]) -> object:
    """Return a synthetic BPJS extract: ``REGISTRY_SHARE`` of it registry workers."""
    import polars as pl

    if not isinstance(registry, pl.DataFrame):
        raise TypeError("registry must be a polars DataFrame")
    valid = registry.filter(pl.col("nik_status") == "valid")
    taken = valid.head(min(int(rows * REGISTRY_SHARE), valid.height))
    from_registry = taken.select(
        pl.col("nik"),
        pl.col("name").alias("nama"),
        pl.col("birth_date").dt.strftime("%Y-%m-%d").alias("tanggal_lahir"),
        pl.when(pl.col("sex") == "male").then(pl.lit("L")).otherwise(pl.lit("P")).alias("jk"),
        pl.col("segment").str.to_uppercase().alias("segmen"),
        pl.col("sector").alias("sektor"),
        pl.col("region_id").str.slice(0, 8).alias("kode_wilayah"),
    )
    k = pl.col("k")

    def rnd(salt: int, modulo: int) -> pl.Expr:
        return (k.hash(seed=7000 + salt) % modulo).cast(pl.Int64)

    birth = pl.lit(date(1962, 1, 1)) + pl.duration(days=rnd(3, 365 * 42))
    male = rnd(2, 100) < 62
    segment = (
        pl.when(rnd(4, 100) < 45)
        .then(pl.lit("PU"))
        .when(rnd(4, 100) < 85)
        .then(pl.lit("BPU"))
        .otherwise(pl.lit("JAKON"))
    )
    synthetic = (
        pl.select(pl.int_range(taken.height, rows, dtype=pl.Int64).alias("k"))
        .with_columns(
            rnd(1, len(districts))
            .replace_strict(dict(enumerate(districts)), return_dtype=pl.String)
            .alias("kode_wilayah"),
            birth.alias("birth"),
            male.alias("male"),
            segment.alias("segmen"),
        )
        .with_columns(
            pl.concat_str(
                pl.col("kode_wilayah").str.replace_all(".", "", literal=True),
                (
                    pl.col("birth").dt.day().cast(pl.Int32)
                    + pl.when(pl.col("male")).then(0).otherwise(40)
                )
                .cast(pl.String)
                .str.zfill(2),
                pl.col("birth").dt.strftime("%m%y"),
                (k % 9999 + 1).cast(pl.String).str.zfill(4),
            ).alias("nik"),
        )
        .select(
            pl.when(rnd(5, 100) < 3).then(pl.lit("")).otherwise(pl.col("nik")).alias("nik"),
            pl.format("Peserta {}", k).alias("nama"),
            pl.col("birth").dt.strftime("%Y-%m-%d").alias("tanggal_lahir"),
            pl.when(pl.col("male")).then(pl.lit("L")).otherwise(pl.lit("P")).alias("jk"),
            pl.col("segmen"),
            pl.when(pl.col("segmen") == "JAKON")
            .then(pl.lit("construction"))
            .when(pl.col("segmen") == "BPU")
            .then(
                rnd(6, len(SECTORS_BPU)).replace_strict(
                    dict(enumerate(SECTORS_BPU)), return_dtype=pl.String
                )
            )
            .otherwise(pl.lit(""))
            .alias("sektor"),
            pl.col("kode_wilayah"),
        )
    )
    frame = pl.concat([from_registry, synthetic]).with_row_index("i")
    i = pl.col("i").cast(pl.Int64)
    h = (i.hash(seed=7100) % 100).cast(pl.Int64)
    lapsed = h >= 88
    months_back = pl.when(lapsed).then(4 + h % 10).otherwise(h % 2)
    return frame.select(
        (pl.lit(26_000_000_000) + i).cast(pl.String).alias("kpj"),
        "nik",
        "nama",
        "tanggal_lahir",
        pl.col("jk").alias("jenis_kelamin"),
        "segmen",
        pl.when(lapsed & (h % 2 == 0))
        .then(pl.lit("nonaktif"))
        .otherwise(pl.lit("aktif"))
        .alias("status"),
        pl.lit(EXTRACT_DATE)
        .dt.offset_by(pl.format("-{}mo", months_back))
        .dt.strftime("%Y-%m")
        .alias("bulan_terakhir_bayar"),
        "kode_wilayah",
        pl.when(pl.col("segmen") == "PU")
        .then(pl.lit("JKK,JKM,JHT,JP"))
        .otherwise(pl.lit("JKK,JKM"))
        .alias("program"),
        "sektor",
        pl.when(pl.col("segmen") == "BPU")
        .then(pl.lit(""))
        .otherwise(pl.format("PK{}", (i % 90_000).cast(pl.String).str.zfill(8)))
        .alias("nomor_pemberi_kerja"),
    )


def load_data(*, workers: int, participants: int, tmp: Path) -> None:
    """Fill the bench database: reference data, projects, registry and one snapshot."""
    import polars as pl
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from lindung.accounts import services as account_services
    from lindung.accounts.models import Role
    from lindung.demo import services as demo_services
    from lindung.demo import workers as demo_workers
    from lindung.participants import services as participant_services
    from lindung.regions import services as region_services
    from lindung.regions.models import Region, RegionLevel
    from lindung.workers import services as worker_services

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    region_services.load_regions(actor=None)
    call_command("load_parameters", verbosity=0)
    demo_services.load_official_figures()
    demo_services.load_demo_projects(today=timezone.localdate())
    account_services.create_system_user(
        username="analis",
        password=secrets.token_urlsafe(16),
        role=Role.PROVINCIAL_ANALYST,
        region_code="61",
    )
    print(f"reference data, 420 projects, analyst    {time.perf_counter() - start:7.1f} s")
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))
    districts = sorted(
        Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", flat=True)
    )
    start = time.perf_counter()
    registry = demo_workers.build_registry(count=workers, village_codes=villages)
    built = time.perf_counter() - start
    with transaction.atomic():
        ids = worker_services.bulk_insert_registry(registry)
    print(
        f"registry: {ids.len():,} workers built in {built:.1f} s, written (COPY) in "
        f"{time.perf_counter() - start - built:.1f} s"
    )
    start = time.perf_counter()
    extract = extract_frame(rows=participants, registry=registry, districts=districts)
    if not isinstance(extract, pl.DataFrame):
        raise TypeError("the extract must be a polars DataFrame")
    path = tmp / "ekstrak.csv"
    extract.write_csv(path)
    del registry, extract
    written = time.perf_counter() - start
    outcome = participant_services.load_snapshot(
        actor=None, file_name=path.name, source=path, extract_date=EXTRACT_DATE
    )
    path.unlink()
    print(
        f"extract: {participants:,} rows written in {written:.1f} s, loaded in "
        f"{time.perf_counter() - start - written:.1f} s ({outcome.loaded:,} loaded, "
        f"{outcome.rejected:,} rejected)"
    )


# ----------------------------------------------------------------------------- server time


class _SqlTimer:
    """A database execute wrapper that records how long each query took."""

    def __init__(self, into: list[float]) -> None:
        self.into = into

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.into.append(time.perf_counter() - began)


def ensure_run_counts() -> None:
    """Give the latest snapshot a finished reconciliation run with counts, if none exists.

    The dashboard reads only a run's counts (``linkage.RunStat``), never worker statuses, so
    the bench writes counts grouped from the registry itself with one SQL statement (status
    by worker id: 30% protected, 5% lapsed, 5% to review, the rest not registered) instead of
    reconciling 2M workers against 5M participants, which ``bench/linkage`` measures.
    """
    from django.db import connection
    from django.utils import timezone

    from lindung.linkage.models import ReconciliationRun, RunStatus
    from lindung.participants import selectors as participant_selectors

    snapshot = participant_selectors.latest_snapshot()
    if snapshot is None or ReconciliationRun.objects.filter(status=RunStatus.FINISHED).exists():
        return
    run = ReconciliationRun.objects.create(
        snapshot=snapshot,
        region_id="61",
        accept_threshold=0.9,
        review_threshold=0.5,
        status=RunStatus.FINISHED,
        finished_at=timezone.now(),
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO linkage_runstat (run_id, regency_code, district_code, sector, segment,
                status, workers, nik_other_regency, nik_other_district)
            SELECT %s, substr(region_id, 1, 5), substr(region_id, 1, 8), sector, segment,
                CASE WHEN id %% 20 < 6 THEN 'covered' WHEN id %% 20 = 6 THEN 'lapsed'
                     WHEN id %% 20 = 7 THEN 'review' ELSE 'not_registered' END,
                count(*),
                count(*) FILTER (WHERE nik ~ '^[0-9]{16}$' AND substr(nik, 1, 2) || '.' ||
                    substr(nik, 3, 2) <> substr(region_id, 1, 5)),
                count(*) FILTER (WHERE nik ~ '^[0-9]{16}$' AND substr(nik, 1, 2) || '.' ||
                    substr(nik, 3, 2) || '.' || substr(nik, 5, 2) <> substr(region_id, 1, 8))
            FROM workers_worker WHERE merged_into_id IS NULL
            GROUP BY 2, 3, 4, 5, 6
            """,
            [run.pk],
        )
        rows = cursor.rowcount
    print(
        f"reconciliation counts: {rows:,} rows grouped from the registry in "
        f"{time.perf_counter() - started:.1f} s (synthetic statuses)"
    )


def measure_pages(repeat: int) -> None:
    """Print p50/p95 of each dashboard page, its queries and its ratio to raw SQL."""
    from django.db import connection
    from django.test import Client

    from lindung.accounts import selectors as account_selectors
    from lindung.participants import selectors as participant_selectors
    from lindung.participants.models import Participant, SnapshotStat

    analyst = account_selectors.find_user(username="analis")
    snapshot = participant_selectors.latest_snapshot()
    if analyst is None or snapshot is None:
        raise SystemExit("The bench database has no analyst or no snapshot: run without --reuse.")
    client = Client()
    client.force_login(analyst)
    stats = SnapshotStat._meta.db_table
    rows = Participant._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {stats} WHERE snapshot_id = %s", [snapshot.pk])
        (stat_rows,) = cursor.fetchone()
    print(f"\n{_load()}; snapshot {snapshot.pk}: {snapshot.row_count:,} rows, {stat_rows:,} counts")
    raw = {
        "61": (
            f"SELECT regency_code, standing, change, SUM(participants) FROM {stats} "
            "WHERE snapshot_id = %s AND NOT change = 'gone' "
            "GROUP BY regency_code, standing, change",
            [snapshot.pk],
            f"SELECT regency_code, standing, count(*) FROM {rows} "
            "WHERE snapshot_id = %s GROUP BY regency_code, standing",
        ),
        "61.71": (
            f"SELECT district_code, standing, change, SUM(participants) FROM {stats} "
            "WHERE snapshot_id = %s AND NOT change = 'gone' AND regency_code = %s "
            "GROUP BY district_code, standing, change",
            [snapshot.pk, "61.71"],
            f"SELECT region_code, standing, count(*) FROM {rows} "
            "WHERE snapshot_id = %s AND regency_code = %s GROUP BY region_code, standing",
        ),
        "61.71.01": (
            f"SELECT standing, change, SUM(participants) FROM {stats} "
            "WHERE snapshot_id = %s AND NOT change = 'gone' AND district_code = %s "
            "GROUP BY standing, change",
            [snapshot.pk, "61.71.01"],
            f"SELECT standing, count(*) FROM {rows} "
            "WHERE snapshot_id = %s AND region_code = %s GROUP BY standing",
        ),
    }
    print(
        f"{'page':30s} {'p50 ms':>8s} {'p95 ms':>8s} {'queries':>8s} {'in SQL':>8s} "
        f"{'raw SQL p50':>12s} {'ratio':>7s} {'scan p50':>10s}"
    )
    for label, path, code in PAGES:

        def get(path: str = path) -> object:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        queries: list[float] = []
        with connection.execute_wrapper(_SqlTimer(queries)):
            get()
        samples = _timed(get, repeat)
        sql, params, scan_sql = raw[code]

        def run_raw(sql: str = sql, params: list[object] = params) -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        def run_scan(sql: str = scan_sql, params: list[object] = params) -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        raw_samples = _timed(run_raw, repeat)
        scan_samples = _timed(run_scan, max(3, repeat // 10), warmup=1)
        p50, raw_p50 = _pct(samples, 50), _pct(raw_samples, 50)
        print(
            f"{label:30s} {p50:8.1f} {_pct(samples, 95):8.1f} {len(queries):8d} "
            f"{sum(queries) * 1000:6.1f}ms {raw_p50:10.2f}ms {p50 / raw_p50:6.0f}x "
            f"{_pct(scan_samples, 50):8.0f}ms"
        )


# ----------------------------------------------------------------------------- throughput


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure_api(
    *, database_url: str, tmp: Path, threads: int, concurrency: int, duration: float
) -> None:
    """Print requests/s and latency of the read API under gunicorn, per connection mode."""
    from bench.loadgen import run_load

    for mode, max_age in (
        ("new connection per request (DB_CONN_MAX_AGE=0)", "0"),
        ("persistent connections (DB_CONN_MAX_AGE=60, the default)", "60"),
    ):
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DB_CONN_MAX_AGE": max_age,
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "lindung.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=str(tmp),
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                        break
                except OSError:
                    time.sleep(0.1)
            print(
                f"\ngunicorn: 2 workers x {threads} threads, {mode}; loadgen: {concurrency} "
                f"keep-alive clients, {duration:.0f} s each; {_load()}"
            )
            for path in API_PATHS:
                result = run_load(
                    f"{base}{path}", concurrency=concurrency, duration=duration, warmup=3
                )
                print(f"  GET {path:34s} {result.summary()}")
        finally:
            server.terminate()
            server.wait(timeout=30)


# ----------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2_000_000)
    parser.add_argument("--participants", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0)
    keep = parser.add_mutually_exclusive_group()
    keep.add_argument("--keep", action="store_true", help="keep the bench database")
    keep.add_argument("--reuse", action="store_true", help="measure a kept database again")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (postgres://...).")
    tmp = Path(tempfile.mkdtemp(prefix="lindung-bench-dash-"))
    database_url = urlunsplit(urlsplit(server)._replace(path=f"/{BENCH_DB}", query=""))
    os.environ.update(
        {
            "LINDUNG_VAR_DIR": str(tmp),
            "MEDIA_ROOT": str(tmp / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "lindung.settings.main",
            "DATABASE_URL": database_url,
        }
    )
    reuse = args.reuse and _exists(server)
    if not reuse:
        _admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin(server, f"CREATE DATABASE {BENCH_DB}")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"{_load()}, {os.cpu_count()} CPUs")
        if not reuse:
            load_data(workers=args.workers, participants=args.participants, tmp=tmp)
        else:
            call_command("migrate", interactive=False, verbosity=0)
        ensure_run_counts()
        measure_pages(args.repeat)
        from django.db import connections

        connections.close_all()
        measure_api(
            database_url=database_url,
            tmp=tmp,
            threads=args.threads,
            concurrency=args.concurrency,
            duration=args.duration,
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not (args.keep or args.reuse):
            _admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
