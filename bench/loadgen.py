"""A small closed-loop HTTP load generator: threads with keep-alive ``http.client`` connections.

Each of ``concurrency`` threads sends GET requests one after another on its own persistent
connection (reopened after an error or a ``Connection: close``) for ``duration`` seconds,
after a warm-up that is not counted. Standard library only, so it adds no dependency.

Run: ``.venv/bin/python bench/loadgen.py http://127.0.0.1:8000/healthz [--concurrency 8]
[--duration 20] [--warmup 3]``. The client shares the machine with the server: on a 2-core
machine it takes CPU from it, so the figures are a lower bound of the server's capacity.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    """What one run measured: completed requests, errors and latencies (seconds)."""

    url: str
    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    bytes_received: int = 0

    @property
    def requests(self) -> int:
        """Return the number of requests answered in the measured window."""
        return len(self.latencies)

    @property
    def rate(self) -> float:
        """Return requests per second over the measured window."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Return the ``p``-th percentile latency in milliseconds."""
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1] * 1000

    def summary(self) -> str:
        """Return one line: rate, p50/p95/p99 and errors."""
        return (
            f"{self.rate:7.0f} req/s  p50 {self.percentile(50):6.1f} ms  "
            f"p95 {self.percentile(95):6.1f} ms  p99 {self.percentile(99):6.1f} ms  "
            f"{self.requests} ok, {self.errors} errors, statuses {self.statuses}"
        )


def run_load(
    url: str,
    *,
    concurrency: int = 8,
    duration: float = 20.0,
    warmup: float = 3.0,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Drive ``url`` with ``concurrency`` closed-loop clients; return the measured window."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    send_headers = {"Connection": "keep-alive", **(headers or {})}
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + duration
    lock = threading.Lock()
    result = LoadResult(url=url, concurrency=concurrency, seconds=duration)

    def client() -> None:
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        errors = received = 0
        conn: http.client.HTTPConnection | None = None
        while True:
            began = time.perf_counter()
            if began >= stop:
                break
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=30)
                conn.request("GET", path, headers=send_headers)
                response = conn.getresponse()
                body = response.read()
                ended = time.perf_counter()
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                if conn is not None:
                    conn.close()
                conn = None
                if began >= measure_from:
                    errors += 1
                continue
            if began >= measure_from and ended <= stop:
                latencies.append(ended - began)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                received += len(body)
        if conn is not None:
            conn.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.bytes_received += received
            for status, n in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    args = parser.parse_args()
    result = run_load(
        args.url, concurrency=args.concurrency, duration=args.duration, warmup=args.warmup
    )
    print(f"{args.url}  c={args.concurrency}  {result.summary()}")


if __name__ == "__main__":
    main()
