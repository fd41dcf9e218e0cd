"""Peer comparison: Lindung's engine and Splink (DuckDB backend) on the same sample.

    .venv/bin/python -m bench.linkage.splink_compare --roster 200000 --registry 1000000

Splink gets the same fields (NIK, name, birth date, sex, district), lightly cleaned
(lower-case names, ISO dates, M/F, plain district codes), u by random sampling, m by EM
on two blocking rules, and blocking on NIK, birth date, name and NIK halves. Its best
prediction per roster row at match probability >= 0.9 is its link. Splink is a
benchmark-only dependency.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import polars as pl
from bench.linkage.generate import generate
from bench.linkage.quality import SYNTH_LEFT, SYNTH_RIGHT, scores


def truth_of(work: Path) -> pl.DataFrame:
    return (
        pl.read_csv(work / "truth.csv", infer_schema=False)
        .drop_nulls()
        .rename({"row_id": "left_id", "participant_id": "right_id"})
    )


def run_lindung(work: Path) -> dict[str, object]:
    from lindung.linkage.engine import link_files, parse_map

    started = time.perf_counter()
    result = link_files(
        work / "roster.csv",
        work / "registry.csv",
        left_id="row_id",
        right_id="participant_id",
        left_map=parse_map(SYNTH_LEFT),
        right_map=parse_map(SYNTH_RIGHT),
    )
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "scores": scores(result.matches, truth_of(work))["all"]}


def run_splink(work: Path) -> dict[str, object]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    roster = pl.read_csv(work / "roster.csv", infer_schema=False).select(
        pl.col("row_id").alias("unique_id"),
        pl.col("nik"),
        pl.col("nama_lengkap").str.to_lowercase().alias("name"),
        pl.col("tanggal_lahir").str.strptime(pl.Date, "%d/%m/%Y", strict=False).alias("dob"),
        pl.col("jk").replace({"L": "M", "P": "F"}).alias("sex"),
        pl.col("kecamatan").str.replace_all(".", "", literal=True).alias("region"),
    )
    registry = pl.read_csv(work / "registry.csv", infer_schema=False).select(
        pl.col("participant_id").alias("unique_id"),
        pl.col("nik"),
        pl.col("nama").str.to_lowercase().alias("name"),
        pl.col("tgl_lahir").str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("dob"),
        pl.col("jenis_kelamin").alias("sex"),
        pl.col("kode_wilayah").alias("region"),
    )
    roster = roster.with_columns(
        nik_a=pl.col("nik").str.slice(0, 8),
        nik_b=pl.col("nik").str.slice(8, 8),
        dob=pl.col("dob").cast(pl.String),
    ).to_pandas()
    registry = registry.with_columns(
        nik_a=pl.col("nik").str.slice(0, 8),
        nik_b=pl.col("nik").str.slice(8, 8),
        dob=pl.col("dob").cast(pl.String),
    ).to_pandas()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.DamerauLevenshteinAtThresholds("nik", [1]),
            cl.JaroWinklerAtThresholds("name", [0.94, 0.88, 0.75]),
            cl.DamerauLevenshteinAtThresholds("dob", [1, 2]),
            cl.ExactMatch("sex"),
            cl.ExactMatch("region"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("nik_a", "name"),
            block_on("nik_b", "name"),
            block_on("name", "dob"),
            block_on("dob", "substr(name, 1, 1)"),
        ],
    )
    db_api = DuckDBAPI()
    frames = [
        db_api.register(roster, dataset_display_name="roster"),
        db_api.register(registry, dataset_display_name="registry"),
    ]
    linker = Linker(frames, settings)
    linker.training.estimate_probability_two_random_records_match([block_on("nik")], recall=0.85)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    predictions = linker.inference.predict(threshold_match_probability=0.9)
    pairs = pl.from_pandas(predictions.as_pandas_dataframe())
    left_col, right_col = (
        ("unique_id_l", "unique_id_r")
        if pairs.get_column("source_dataset_l")[0] == "roster"
        else ("unique_id_r", "unique_id_l")
    )
    best = (
        pairs.sort("match_probability", descending=True)
        .group_by(left_col, maintain_order=True)
        .first()
        .select(
            pl.col(left_col).alias("left_id"),
            pl.col(right_col).alias("right_id"),
            pl.lit("splink").alias("match_type"),
        )
    )
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "scores": scores(best, truth_of(work))["all"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=int, default=200_000)
    parser.add_argument("--registry", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        if not (work / "roster.csv").exists():
            generate(args.roster, args.registry, work)
        load_before = os.getloadavg()[0]
        report: dict[str, object] = {"lindung": run_lindung(work), "splink": run_splink(work)}
        report["load_average"] = [load_before, os.getloadavg()[0]]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
