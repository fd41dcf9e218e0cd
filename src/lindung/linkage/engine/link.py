"""Staged linkage of a left file (a roster) to a right file (a registry) in DuckDB.

Stage 1 links on the exact NIK, stage 2 on a NIK one edit away with an agreeing name
(or birth date when there are no names), stage 3 on blocked fuzzy comparisons of names,
birth date, sex, region and the other mapped fields. Every stage scores its candidates
with the same trained Fellegi-Sunter model (see ``model``). Each left row gets at most one
right row: the best candidate above ``accept`` that is not tied with the runner-up; the
left rows left over whose best candidates reach ``review`` go to the review list. Several
left rows may share one right row (a worker listed on two projects). Pairs a reviewer has
rejected (``exclude``) are dropped from the candidates before any of this.

Scale: names are normalised once per distinct string of both sides (and spelled once per
distinct word), comparisons are packed into one integer pattern code per pair, and
scoring joins each pair to its pattern's weight; only the candidate pairs are compared.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from lindung.linkage.engine import connection
from lindung.linkage.engine.model import (
    NAME_COMPARISONS,
    NIK_SESSION,
    Model,
    active_comparisons,
    decode,
    train,
)
from lindung.linkage.engine.normalize import DATE_FORMATS, detect_date_format

FIELDS: tuple[str, ...] = (
    "nik",
    "kpj",
    "other_id",
    "name",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "region",
    "address",
    "phone",
)
MATCH_TYPES = {1: "nik_exact", 2: "nik_near", 3: "fuzzy"}
DEFAULT_ACCEPT = 0.9
DEFAULT_REVIEW = 0.5
DEFAULT_TIE_MARGIN = 1.0
MEMORY = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B|B)", re.IGNORECASE)
TF_FLOOR = 1e-9  # the smallest term frequency (the cap bounds the adjustment anyway)

Progress = Callable[[str, int, int], None]
FieldMap = dict[str, tuple[str, ...]]


class LinkInputError(ValueError):
    """Bad input for a linkage: unreadable file, missing column, unknown field."""


@dataclass(frozen=True)
class LinkOptions:
    """Thresholds (match probabilities), sampling sizes and resource bounds of a run."""

    accept: float = DEFAULT_ACCEPT
    review: float = DEFAULT_REVIEW
    tie_margin: float = DEFAULT_TIE_MARGIN  # bits between best and runner-up; closer is a tie
    em_sample: int = 20_000  # left rows whose candidate pairs train m
    u_sample: int = 1_000  # rows per side crossed for u (u_sample**2 random pairs)
    seed: int = 42
    wide_blocking_pairs: int = 10**9  # left x right up to which the broad rules run
    max_block: int = 1000  # right rows sharing a blocking key beyond which it is skipped
    threads: int | None = None  # DuckDB threads (None: all cores)
    memory_limit: str | None = None  # DuckDB memory limit, e.g. "4GB" (None: see connection)
    term_frequency: bool = True  # adjust agreeing names' weights by how common they are
    tf_cap: float = 4.0  # bits: the largest term-frequency adjustment either way

    def __post_init__(self) -> None:
        if not 0 < self.review <= self.accept <= 1:
            raise LinkInputError("Thresholds must satisfy 0 < review <= accept <= 1.")
        if self.threads is not None and self.threads < 1:
            raise LinkInputError("Threads must be at least 1.")
        if self.memory_limit is not None and not MEMORY.fullmatch(self.memory_limit.strip()):
            raise LinkInputError(
                f"Memory limit {self.memory_limit!r} is not a size such as 4GB or 512MB."
            )
        if self.max_block < 1 or self.tf_cap < 0:
            raise LinkInputError("max_block must be at least 1 and tf_cap not negative.")


@dataclass
class LinkResult:
    """Links (one right per left at most), review candidates, the model and counts."""

    matches: pl.DataFrame  # left_id, right_id, score, match_type
    review: pl.DataFrame  # left_id, right_id, score, match_type, explanation
    model: Model
    left_rows: int
    right_rows: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    # The explanation of each link, row for row with ``matches``.
    match_explanations: pl.Series = field(
        default_factory=lambda: pl.Series("explanation", [], dtype=pl.String)
    )

    def summary(self) -> dict[str, Any]:
        """Return the JSON summary printed by ``lindung link --json``."""
        counts = self.matches.group_by("match_type").len()
        by_type = dict.fromkeys(MATCH_TYPES.values(), 0)
        for match_type, n in counts.iter_rows():
            by_type[match_type] = n
        return {
            "left_rows": self.left_rows,
            "right_rows": self.right_rows,
            "links": self.matches.height,
            "by_match_type": by_type,
            "review": self.review.select(pl.col("left_id")).n_unique(),
            "seconds": round(self.seconds, 3),
        }


def parse_map(text: str | None) -> FieldMap:
    """Parse ``FIELD=COL[+COL][,FIELD=COL...]`` into {field: columns}."""
    mapping: FieldMap = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        fld, sep, cols = item.partition("=")
        fld = fld.strip()
        if not sep or not cols.strip():
            raise LinkInputError(f"Mapping {item.strip()!r} is not FIELD=COLUMN.")
        if fld not in FIELDS:
            raise LinkInputError(f"Unknown field {fld!r}; known fields: {', '.join(FIELDS)}.")
        mapping[fld] = tuple(c.strip() for c in cols.split("+") if c.strip())
    return mapping


def _read(path: Path, columns: Sequence[str]) -> pl.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            header = pl.read_parquet_schema(path)
            names = list(header)
        else:
            names = pl.read_csv(path, n_rows=0, infer_schema=False).columns
    except (OSError, pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise LinkInputError(f"Cannot read {path}: {exc}") from exc
    missing = [c for c in columns if c not in names]
    if missing:
        raise LinkInputError(f"{path}: missing column(s) {', '.join(missing)}.")
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path, columns=list(dict.fromkeys(columns)))
            return frame.select(pl.all().cast(pl.String))
        return pl.read_csv(path, columns=list(dict.fromkeys(columns)), infer_schema=False)
    except (OSError, pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise LinkInputError(f"Cannot read {path}: {exc}") from exc


def load_side(path: Path, *, id_column: str, mapping: FieldMap) -> tuple[pl.DataFrame, pl.Series]:
    """Read one file into the engine's raw columns; return (fields frame, ids as read)."""
    columns = [id_column, *(c for cols in mapping.values() for c in cols)]
    frame = _read(Path(path), columns)
    return to_raw(frame, id_column=id_column, mapping=mapping)


def to_raw(
    frame: pl.DataFrame, *, id_column: str, mapping: FieldMap
) -> tuple[pl.DataFrame, pl.Series]:
    """Map a frame of text columns onto the engine's fields (joined columns, parsed dates)."""
    exprs: list[pl.Expr] = [pl.int_range(pl.len(), dtype=pl.Int64).alias("rid")]
    for fld in FIELDS:
        cols = mapping.get(fld)
        if not cols:
            expr = pl.lit(None, dtype=pl.String)
        elif fld == "birth_date" and len(cols) > 1:
            expr = pl.concat_str([pl.col(c).cast(pl.String) for c in cols], separator="-")
        else:
            expr = pl.concat_str(
                [pl.col(c).cast(pl.String) for c in cols], separator=" ", ignore_nulls=True
            )
        exprs.append(expr.alias(fld))
    raw = frame.select(exprs)
    if mapping.get("birth_date"):
        text = raw.get_column("birth_date").str.strip_chars().str.split(" ").list.first()
        fmt = detect_date_format(text.head(5000).to_list())
        if fmt is None:
            joined = "+".join(mapping["birth_date"])
            raise LinkInputError(
                f"Column {joined}: no birth dates in a known format ({', '.join(DATE_FORMATS)})."
            )
        raw = raw.with_columns(birth_date=text.str.strptime(pl.Date, fmt, strict=False))
    else:
        raw = raw.with_columns(pl.col("birth_date").cast(pl.Date))
    ids = frame.get_column(id_column)
    return raw, ids


def _fields_present(mapping: FieldMap) -> set[str]:
    return {f for f, cols in mapping.items() if cols}


ADJUSTMENTS = ("adj_name", "adj_given", "adj_family")


class _Run:
    def __init__(
        self, con: Any, model: Model | None, options: LinkOptions, *, excluded: bool = False
    ) -> None:
        self.con = con
        self.model = model
        self.options = options
        self.excluded = excluded

    def patterns_of_cmp(self) -> list[dict[str, int]]:
        rows = connection.run(self.con, "patterns").fetchall()
        return [{**decode(code), "flags": flags, "n": n} for flags, code, n in rows]

    def score_stage(self, stage: int) -> None:
        if self.model is None:
            raise RuntimeError("score_stage needs a trained model")
        codes = connection.run(self.con, "pattern_codes").fetchall()
        records = []
        for (code,) in codes:
            row = decode(code)
            weight, parts = self.model.score(row)
            tf_u = self.model.tf_u(row) if self.options.term_frequency else {}
            records.append(
                {
                    "code": code,
                    "weight": weight,
                    "pattern": code,
                    "eligible": stage != 2 or _near_nik_agrees(self.model, parts),
                    # An exact NIK whose names disagree outright is a data error or a
                    # borrowed card: it may be reviewed, never linked unseen.
                    "linkable": stage != 1 or not _names_contradict(parts),
                    "u_name": tf_u.get("name"),
                    "u_given": tf_u.get("given"),
                    "u_family": tf_u.get("family"),
                }
            )
        pw = pl.DataFrame(
            records,
            schema={
                "code": pl.Int64,
                "weight": pl.Float64,
                "pattern": pl.Int64,
                "eligible": pl.Boolean,
                "linkable": pl.Boolean,
                "u_name": pl.Float64,
                "u_given": pl.Float64,
                "u_family": pl.Float64,
            },
        )
        self.con.register("pw", pw.to_arrow())
        connection.run(
            self.con,
            "score",
            {"stage": stage, "tf_floor": TF_FLOOR, "tf_cap": self.options.tf_cap},
        )
        self.con.unregister("pw")
        if self.excluded:
            self.con.execute(
                "DELETE FROM scored USING excluded AS e WHERE scored.l = e.l AND scored.r = e.r"
            )
        connection.run(
            self.con,
            "resolve",
            {"stage": stage, "accept": self.options.accept, "tie_margin": self.options.tie_margin},
        )

    def explanations(self, frame: pl.DataFrame) -> pl.Series:
        """Return the explanation of each row of FRAME (pattern and adjustments)."""
        if self.model is None:
            raise RuntimeError("explanations need a trained model")
        keys = ["pattern", *ADJUSTMENTS]
        distinct = frame.select(keys).unique()
        texts = [
            self.model.explain(decode(code), {"name": name, "given": given, "family": family})
            for code, name, given, family in distinct.iter_rows()
        ]
        table = distinct.with_columns(explanation=pl.Series(texts, dtype=pl.String))
        joined = frame.select(keys).join(table, on=keys, how="left", maintain_order="left")
        return joined.get_column("explanation")


def _names_contradict(parts: Sequence[tuple[str, str, float]]) -> bool:
    """Whether the names are present and weigh against the pair."""
    names = [w for n, label, w in parts if n in NAME_COMPARISONS and label != "missing"]
    return bool(names) and sum(names) <= 0


def _near_nik_agrees(model: Model, parts: Sequence[tuple[str, str, float]]) -> bool:
    """Stage 2 needs an agreeing name; without names, an agreeing birth date."""
    names = [w for n, label, w in parts if n in NAME_COMPARISONS and label != "missing"]
    if names:
        return sum(names) > 0
    return any(n == "birth_date" and label.startswith("exact") for n, label, _ in parts)


def _setup(
    con: Any, left: pl.DataFrame, right: pl.DataFrame, step: Callable[[str], None]
) -> dict[str, float]:
    """Normalise both sides into tables L and R; return the names' tf references."""
    step("prepare/strings")
    con.execute(
        "CREATE TABLE name_strings (s VARCHAR, n_full BIGINT, n_given BIGINT, n_family BIGINT)"
    )
    for frame in (left, right):
        con.register("raw", frame.to_arrow())
        connection.run(con, "name_strings")
        con.unregister("raw")
    step("prepare/names")
    connection.run(con, "names_clean")
    con.execute("DROP TABLE name_strings")
    con.register("keys", _name_keys(con).to_arrow())
    connection.run(con, "names")
    con.unregister("keys")
    con.execute("DROP TABLE names_clean")
    step("prepare/sides")
    for side, frame in (("L", left), ("R", right)):
        con.register("raw", frame.to_arrow())
        connection.run(con, "prepare")
        con.unregister("raw")
        con.execute(f"ALTER TABLE prepared RENAME TO {side}")  # fixed names, no input
    tf_agree = _tf_agree(con)
    con.execute("DROP TABLE names")
    con.execute(
        "CREATE TABLE scored (l BIGINT, r BIGINT, stage INTEGER, weight DOUBLE, pattern BIGINT,"
        " adj_name DOUBLE, adj_given DOUBLE, adj_family DOUBLE, linkable BOOLEAN)"
    )
    con.execute(
        "CREATE TABLE links (l BIGINT, r BIGINT, prob DOUBLE, stage INTEGER, pattern BIGINT,"
        " adj_name DOUBLE, adj_given DOUBLE, adj_family DOUBLE)"
    )
    return tf_agree


def _name_keys(con: Any) -> pl.DataFrame:
    """Respell the cleaned names word by word: each distinct word once (lk_spell)."""
    cleaned: pl.DataFrame = connection.frame(
        con, "SELECT DISTINCT clean FROM names_clean WHERE clean IS NOT NULL"
    )
    words = cleaned.get_column("clean").str.split(" ").explode().unique().to_frame("w")
    con.register("words", words.to_arrow())
    spelled: pl.DataFrame = connection.frame(con, "spell_words")
    con.unregister("words")
    return cleaned.with_columns(
        key=pl.col("clean")
        .str.split(" ")
        .list.eval(
            pl.element().replace_strict(
                spelled.get_column("w"), spelled.get_column("spelled"), return_dtype=pl.String
            )
        )
        .list.join(" ")
    )


def _tf_agree(con: Any) -> dict[str, float]:
    """Return per name comparison the chance that two random names agree (sum of tf^2)."""
    row = connection.run(con, "tf_agree").fetchone()
    names = ("name", "given", "family")
    return {n: float(v) for n, v in zip(names, row or (), strict=False) if v}


def _register_excluded(
    con: Any, exclude: pl.DataFrame, left_ids: pl.Series, right_ids: pl.Series
) -> bool:
    """Load the (left_id, right_id) pairs to drop as row numbers; return whether any apply."""
    if exclude.is_empty():
        return False
    left_rid = pl.DataFrame({"left_id": left_ids, "l": pl.int_range(len(left_ids), eager=True)})
    right_rid = pl.DataFrame({"right_id": right_ids, "r": pl.int_range(len(right_ids), eager=True)})
    pairs = (
        exclude.select(
            pl.col("left_id").cast(left_ids.dtype), pl.col("right_id").cast(right_ids.dtype)
        )
        .join(left_rid, on="left_id")
        .join(right_rid, on="right_id")
        .select("l", "r")
    )
    if pairs.is_empty():
        return False
    con.execute("CREATE TABLE excluded (l BIGINT, r BIGINT)")
    con.register("excluded_pairs", pairs.to_arrow())
    con.execute("INSERT INTO excluded SELECT l, r FROM excluded_pairs")
    con.unregister("excluded_pairs")
    return True


def _bits(p: float) -> float:
    """Return a probability as a weight in bits (the inverse of model.probability)."""
    return math.log2(p / (1 - p)) if p < 1 else 60.0


def _wide(n_left: int, n_right: int, options: LinkOptions) -> bool:
    return n_left * n_right <= options.wide_blocking_pairs


def _train(
    con: Any, comparisons: Sequence[str], options: LinkOptions, n_left: int, n_right: int
) -> Model:
    run = _Run(con, None, options)
    connection.run(
        con,
        "random_pairs",
        {"seed": options.seed, "n_left": options.u_sample, "n_right": options.u_sample},
    )
    connection.run(con, "compare")
    random_patterns = run.patterns_of_cmp()
    sample = min(options.em_sample, n_left)
    connection.run(con, "sample_left", {"seed": options.seed, "n": sample})
    connection.run(
        con,
        "stage3_pairs",
        {"broad": True, "wide": _wide(n_left, n_right, options)},
    )
    con.execute("CREATE OR REPLACE TABLE training AS SELECT * FROM pairs")
    connection.run(con, "stage1_pairs", {"flag": NIK_SESSION})
    con.execute(
        "CREATE OR REPLACE TABLE pairs AS SELECT l, r, bit_or(flags)::INTEGER AS flags"
        " FROM (SELECT * FROM pairs UNION ALL SELECT * FROM training) GROUP BY l, r"
    )
    connection.run(con, "compare")
    blocked = run.patterns_of_cmp()
    return train(
        random_patterns=random_patterns,
        blocked_patterns=blocked,
        comparisons=comparisons,
        sample_left=sample,
        right_rows=n_right,
    )


def link_frames(
    left: pl.DataFrame,
    right: pl.DataFrame,
    *,
    left_ids: pl.Series,
    right_ids: pl.Series,
    left_fields: set[str],
    right_fields: set[str],
    options: LinkOptions | None = None,
    progress: Progress | None = None,
    exclude: pl.DataFrame | None = None,
) -> LinkResult:
    """Link two frames in the engine's raw layout (see ``to_raw``).

    ``exclude`` (left_id, right_id) lists pairs known not to match (a reviewer rejected
    them): they never become a link or a review candidate.
    """
    options = options or LinkOptions()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    steps = ["prepare", "train", "stage 1", "stage 2", "stage 3", "resolve"]

    def step(name: str) -> None:
        timings[name] = time.perf_counter() - started
        if progress and name in steps:
            progress(name, steps.index(name), len(steps))

    comparisons = active_comparisons(left_fields, right_fields)
    if not comparisons:
        raise LinkInputError("The two files share no field to compare.")
    con = connection.connect(threads=options.threads, memory_limit=options.memory_limit)
    try:
        step("prepare")
        tf_agree = _setup(con, left, right, step)
        step("prepare/blocks")
        connection.run(con, "big_blocks", {"max_block": options.max_block})
        step("train")
        model = _train(con, comparisons, options, left.height, right.height)
        model.tf_agree = tf_agree
        excluded = exclude is not None and _register_excluded(con, exclude, left_ids, right_ids)
        run = _Run(con, model, options, excluded=excluded)
        has_nik = "nik" in comparisons
        for stage, pairs_sql in ((1, "stage1_pairs"), (2, "stage2_pairs"), (3, "stage3_pairs")):
            step(f"stage {stage}")
            if stage < 3 and not has_nik:
                continue
            connection.run(con, "todo_unlinked")
            params = (
                {"flag": 0}
                if stage < 3
                else {
                    "broad": _wide(left.height, right.height, options),
                    "wide": _wide(left.height, right.height, options),
                }
            )
            connection.run(con, pairs_sql, params, as_written=stage == 2)
            step(f"stage {stage}/compare")
            connection.run(con, "compare")
            step(f"stage {stage}/score")
            run.score_stage(stage)
        step("resolve")
        links = connection.frame(con, "SELECT * FROM links ORDER BY l")
        review = connection.frame(
            con,
            "review",
            {"review": options.review, "review_weight": _bits(options.review) - 1e-6},
        )
    finally:
        con.close()
    matches = pl.DataFrame(
        {
            "left_id": left_ids.gather(links.get_column("l")),
            "right_id": right_ids.gather(links.get_column("r")),
            "score": links.get_column("prob").round(4),
            "match_type": links.get_column("stage").replace_strict(
                MATCH_TYPES, return_dtype=pl.String
            ),
        }
    )
    review_frame = pl.DataFrame(
        {
            "left_id": left_ids.gather(review.get_column("l")),
            "right_id": right_ids.gather(review.get_column("r")),
            "score": review.get_column("prob").round(4),
            "match_type": review.get_column("stage").replace_strict(
                MATCH_TYPES, return_dtype=pl.String
            ),
            "explanation": run.explanations(review),
        }
    )
    timings["total"] = time.perf_counter() - started
    return LinkResult(
        match_explanations=run.explanations(links).alias("explanation"),
        matches=matches,
        review=review_frame,
        model=model,
        left_rows=left.height,
        right_rows=right.height,
        seconds=timings["total"],
        timings=timings,
    )


def link_files(
    left_path: Path,
    right_path: Path,
    *,
    left_id: str,
    right_id: str,
    left_map: Mapping[str, tuple[str, ...]],
    right_map: Mapping[str, tuple[str, ...]],
    options: LinkOptions | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Link two CSV or Parquet files; fields are mapped per side ({field: columns})."""
    started = time.perf_counter()
    for mapping in (left_map, right_map):
        unknown = [f for f in mapping if f not in FIELDS]
        if unknown:
            raise LinkInputError(f"Unknown field(s) {', '.join(unknown)}.")
    left, left_ids = load_side(Path(left_path), id_column=left_id, mapping=dict(left_map))
    right, right_ids = load_side(Path(right_path), id_column=right_id, mapping=dict(right_map))
    loaded = time.perf_counter() - started
    result = link_frames(
        left,
        right,
        left_ids=left_ids,
        right_ids=right_ids,
        left_fields=_fields_present(dict(left_map)),
        right_fields=_fields_present(dict(right_map)),
        options=options,
        progress=progress,
    )
    result.timings["load"] = loaded
    result.seconds = time.perf_counter() - started
    return result


def write_results(result: LinkResult, out: Path, review_out: Path | None = None) -> None:
    """Write matches.csv (left_id,right_id,score,match_type) and optionally the review file."""
    result.matches.write_csv(out)
    if review_out is not None:
        result.review.write_csv(review_out)
