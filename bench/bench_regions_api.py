"""Region API latency through the full Django stack, as a ratio to the bare SQL behind it.

Run: ``.venv/bin/python bench/bench_regions_api.py [--repeat 200]`` (uses ``DATABASE_URL`` if
set, else a temporary SQLite file; loads the packaged regions first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lindung-bench-")
    os.environ.setdefault("LINDUNG_VAR_DIR", tmp)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings.main")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lindung.regions import services as region_services

    call_command("migrate", verbosity=0)
    region_services.load_regions(actor=None)
    client = Client()

    def ok(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return call

    def raw_regencies() -> object:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT code, name, level, parent_id FROM regions_region "
                "WHERE level = %s ORDER BY code",
                ["regency"],
            )
            return cursor.fetchall()

    def raw_geojson() -> object:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT code, name, parent_id, boundary FROM regions_region "
                "WHERE level = %s AND boundary IS NOT NULL ORDER BY code",
                ["district"],
            )
            return cursor.fetchall()

    cases = [
        (
            "GET /api/v1/regions?level=regency",
            raw_regencies,
            lambda: client.get("/api/v1/regions?level=regency"),
        ),
        (
            "GET /api/v1/regions/geojson?level=district",
            raw_geojson,
            lambda: client.get("/api/v1/regions/geojson?level=district"),
        ),
    ]
    print(f"database: {connection.vendor}, repeat: {args.repeat}")
    print(f"{'case':48} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'ratio':>7}")
    for name, baseline, endpoint in cases:
        base = _timed(baseline, args.repeat)
        full = _timed(endpoint, args.repeat)
        p50, p95 = statistics.median(full), statistics.quantiles(full, n=20)[18]
        raw = statistics.median(base)
        print(f"{name:48} {p50 * 1e3:8.2f} {p95 * 1e3:8.2f} {raw * 1e3:8.2f} {p50 / raw:7.1f}x")


if __name__ == "__main__":
    main()
