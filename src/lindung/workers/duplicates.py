"""Finding suspected duplicate records in the registry (pure: no database).

Two records are proposed for review when they are not both identified by a valid NIK and
their normalised names are close: with the same birth date (token-sort ratio of at least
``SAME_BIRTH_DATE_MIN_SCORE``) or, when a birth date is missing, in the same regency (at
least ``NO_BIRTH_DATE_MIN_SCORE``). Candidates come from blocks: the same birth date, or
the same regency and first name word. A block with more than ``max_block`` records is
skipped (a very common name in one regency: the birth-date block decides).

``pairs`` compares a few targets with a pool in Python (a registration, an import);
``scan_pairs`` finds the same pairs across a whole registry column-wise, so a scan of
hundreds of thousands of records compares only the pairs that can be proposed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from rapidfuzz import fuzz

from lindung.workers.names import first_token

# Thresholds on rapidfuzz's token_sort_ratio (0-100) of normalised names.
SAME_BIRTH_DATE_MIN_SCORE = 85.0
NO_BIRTH_DATE_MIN_SCORE = 93.0
MAX_BLOCK = 400
VALID = "valid"

Pairs = dict[tuple[int, int], tuple[float, list[str]]]
# The columns ``scan_pairs`` reads, in the order of ``Row``'s fields.
SCAN_COLUMNS = ("pk", "name_key", "birth_date", "region_id", "nik", "nik_status")


@dataclass(frozen=True)
class Row:
    """The fields of one record that proposals look at."""

    pk: int
    name_key: str
    birth_date: date | None
    region_id: str
    nik: str
    nik_status: str

    @property
    def regency(self) -> str:
        """Return the regency code of the domicile (``61.71`` for ``61.71.01.1001``)."""
        return ".".join(self.region_id.split(".")[:2])


def _blocks(row: Row) -> list[tuple[Any, ...]]:
    keys: list[tuple[Any, ...]] = [("r", row.regency, first_token(row.name_key))]
    if row.birth_date is not None:
        keys.append(("b", row.birth_date))
    return keys


def _differs_by_few(a: str, b: str) -> bool:
    return len(a) == len(b) == 16 and sum(x != y for x, y in zip(a, b, strict=True)) <= 2


def score_pair(a: Row, b: Row) -> tuple[float, list[str]] | None:
    """Return the proposal score and reasons for two records, or ``None`` if not similar."""
    if a.nik_status == b.nik_status == VALID:
        return None  # two different valid NIKs are two people
    similarity = float(fuzz.token_sort_ratio(a.name_key, b.name_key))
    reasons = ["similar_name" if similarity < 100 else "same_name"]
    if a.birth_date is not None and a.birth_date == b.birth_date:
        if similarity < SAME_BIRTH_DATE_MIN_SCORE:
            return None
        reasons.append("same_birth_date")
    elif a.birth_date is None or b.birth_date is None:
        if similarity < NO_BIRTH_DATE_MIN_SCORE or a.regency != b.regency:
            return None
        reasons.append("birth_date_missing")
    else:
        return None
    if a.region_id == b.region_id:
        reasons.append("same_village")
    elif a.regency == b.regency:
        reasons.append("same_regency")
    if a.nik and b.nik and _differs_by_few(a.nik, b.nik):
        reasons.append("similar_nik")
    return round(similarity, 1), reasons


def pairs(targets: Sequence[Row], pool: Sequence[Row], *, max_block: int = MAX_BLOCK) -> Pairs:
    """Return the proposals between targets and a pool, keyed by (smaller pk, larger pk)."""
    index: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in pool:
        for key in _blocks(row):
            index[key].append(row)
    found: Pairs = {}
    for target in targets:
        for key in _blocks(target):
            block = index.get(key, [])
            if len(block) > max_block:
                continue  # a very common name in one regency: the birth-date block decides
            for other in block:
                if other.pk == target.pk:
                    continue
                pair = (min(target.pk, other.pk), max(target.pk, other.pk))
                if pair in found:
                    continue
                scored = score_pair(target, other)
                if scored is not None:
                    found[pair] = scored
    return found


def scan_pairs(frame: pl.DataFrame, *, max_block: int = MAX_BLOCK) -> Pairs:
    """Return every proposal within a registry frame (``SCAN_COLUMNS``); ``pairs(rows, rows)``.

    Only pairs that ``score_pair`` can accept are compared: at least one record without a
    valid NIK, sharing a block no larger than ``max_block``, and either born the same day or
    with a birth date missing.
    """
    rows = frame.select(
        pl.col("pk").cast(pl.Int64),
        pl.col("name_key").cast(pl.String),
        pl.col("birth_date").cast(pl.Date),
        pl.col("region_id").cast(pl.String),
        pl.col("nik").cast(pl.String),
        pl.col("nik_status").cast(pl.String),
    )
    names = rows.select(pl.col("name_key").unique())
    tokens = names.with_columns(
        pl.Series("token", [first_token(n) for n in names["name_key"].to_list()], pl.String)
    )
    born = pl.col("birth_date").is_not_null()
    rows = rows.join(tokens, on="name_key", how="left").with_columns(
        pl.col("region_id").str.split(".").list.slice(0, 2).list.join(".").alias("regency"),
        pl.len().over("birth_date").alias("birth_block"),
    )
    rows = rows.with_columns(pl.len().over("regency", "token").alias("name_block"))
    small_name = pl.col("name_block") <= max_block
    small_birth = born & (pl.col("birth_block") <= max_block)
    left = rows.filter(pl.col("nik_status") != VALID)
    name_keys = ["regency", "token"]
    right = rows.select("pk", "birth_date", "regency", "token", "name_block", "birth_block")

    def join(lhs: pl.DataFrame, rhs: pl.DataFrame, on: list[str]) -> pl.DataFrame:
        return (
            lhs.select("pk", *on)
            .join(rhs.select(pl.col("pk").alias("other"), *on), on=on, how="inner")
            .select("pk", "other")
        )

    candidates = pl.concat(
        [
            # The same birth date, in a birth-date block small enough to compare.
            join(left.filter(small_birth), right.filter(small_birth), ["birth_date"]),
            # A birth date missing on either side: only the name block can pair them.
            join(left.filter(~born & small_name), right.filter(small_name), name_keys),
            join(left.filter(small_name), right.filter(~born & small_name), name_keys),
            # The same birth date in a block too large: the name block decides.
            join(
                left.filter(born & ~small_birth & small_name),
                right.filter(born & ~small_birth & small_name),
                [*name_keys, "birth_date"],
            ),
        ],
    ).select(
        pl.min_horizontal("pk", "other").alias("a"), pl.max_horizontal("pk", "other").alias("b")
    )
    candidates = candidates.filter(pl.col("a") != pl.col("b")).unique().sort("a", "b")
    if candidates.height == 0:
        return {}
    involved = rows.filter(
        pl.col("pk").is_in(pl.concat([candidates["a"], candidates["b"]]).unique().implode())
    )
    by_pk = {values[0]: Row(*values) for values in involved.select(SCAN_COLUMNS).iter_rows()}
    found: Pairs = {}
    for a, b in candidates.iter_rows():
        scored = score_pair(by_pk[a], by_pk[b])
        if scored is not None:
            found[(a, b)] = scored
    return found
