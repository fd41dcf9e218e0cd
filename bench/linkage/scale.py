"""Linkage at scale, end to end (load, link, write), against a bare DuckDB exact NIK join.

    .venv/bin/python -m bench.linkage.scale --roster 100000 --registry 500000

Each side runs in its own process so that peak memory (max RSS) is its own; the ratio is
engine seconds over bare-join seconds on the same files in the same run. The report has the
engine's seconds per step and the machine's load average (1 minute) before and after:
other work on a shared machine slows both sides.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.linkage.generate import generate
from bench.linkage.quality import SYNTH_LEFT, SYNTH_RIGHT

BARE_JOIN = """
COPY (
    SELECT l.row_id AS left_id, r.participant_id AS right_id
    FROM read_csv($left, all_varchar = true) AS l
    JOIN read_csv($right, all_varchar = true) AS r ON l.nik = r.nik
) TO '{out}' (HEADER)
"""


def bare(work: Path) -> dict[str, float]:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    out = work / "bare.csv"
    con.execute(
        BARE_JOIN.format(out=out),
        {"left": str(work / "roster.csv"), "right": str(work / "registry.csv")},
    )
    return {"seconds": time.perf_counter() - started}


def engine(work: Path) -> dict[str, object]:
    from lindung.linkage.engine import link_files, parse_map, write_results

    started = time.perf_counter()
    result = link_files(
        work / "roster.csv",
        work / "registry.csv",
        left_id="row_id",
        right_id="participant_id",
        left_map=parse_map(SYNTH_LEFT),
        right_map=parse_map(SYNTH_RIGHT),
    )
    write_results(result, work / "matches.csv")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "summary": result.summary(),
        "steps": durations(result.timings, result.seconds, seconds),
    }


def durations(timings: dict[str, float], linked: float, total: float) -> dict[str, float]:
    """Return seconds per step from the engine's step start times (load, ..., write)."""
    starts = sorted((v, k) for k, v in timings.items() if k not in {"load", "total"})
    out = {"load": round(timings.get("load", 0.0), 2)}
    ends = [v for v, _ in starts[1:]] + [timings.get("total", linked)]
    for (start, name), end in zip(starts, ends, strict=True):
        out[name] = round(end - start, 2)
    out["write"] = round(total - linked, 2)
    return out


def _child(mode: str, work: Path) -> dict[str, object]:
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.linkage.scale", "--child", mode, "--work", str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=int, default=100_000)
    parser.add_argument("--registry", type=int, default=500_000)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--child", choices=["bare", "engine"], default=None)
    args = parser.parse_args()
    if args.child:
        report = bare(args.work) if args.child == "bare" else engine(args.work)
        report["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(report))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        if not (work / "roster.csv").exists():
            generate(args.roster, args.registry, work)
        load_before = os.getloadavg()[0]
        bare_report = _child("bare", work)
        engine_report = _child("engine", work)
        load_after = os.getloadavg()[0]
    ratio = float(engine_report["seconds"]) / float(bare_report["seconds"])  # type: ignore[arg-type]
    print(
        json.dumps(
            {
                "bare": bare_report,
                "engine": engine_report,
                "ratio": round(ratio, 1),
                "load_average": [load_before, load_after],
            }
        )
    )


if __name__ == "__main__":
    main()
