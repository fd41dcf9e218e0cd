"""Tiny inputs: a roster whose rows have no candidate at all still links (to nothing)."""

from __future__ import annotations

from datetime import date

import polars as pl

from lindung.linkage.engine import link_frames, to_raw
from lindung.linkage.engine.model import run_em

MAPPING: dict[str, tuple[str, ...]] = {
    f: (f,) for f in ("nik", "name", "birth_date", "sex", "region")
}


def _side(rows: list[dict[str, str]]) -> tuple[pl.DataFrame, pl.Series]:
    return to_raw(pl.DataFrame(rows), id_column="id", mapping=MAPPING)


class TestNoCandidates:
    def test_a_row_sharing_nothing_with_the_other_side_is_left_unlinked(self) -> None:
        left, left_ids = _side(
            [{"id": "w1", "nik": "6101014107900001", "name": "Siti Aminah",
              "birth_date": "1990-07-01", "sex": "female", "region": "61.01.01"}]
        )  # fmt: skip
        right, right_ids = _side(
            [{"id": f"p{i}", "nik": f"61710115058{i:05d}", "name": f"Budi Santoso {i}",
              "birth_date": date(1985, 5, 15 + i).isoformat(), "sex": "male",
              "region": "61.71.01"} for i in range(3)]
        )  # fmt: skip
        result = link_frames(
            left,
            right,
            left_ids=left_ids,
            right_ids=right_ids,
            left_fields=set(MAPPING),
            right_fields=set(MAPPING),
        )
        assert result.matches.is_empty()
        assert result.review.is_empty()
        assert 0 < result.model.prior <= 0.5

    def test_em_without_pairs_keeps_its_starting_values(self) -> None:
        m, lam, expected = run_em([], ["sex"], {"sex": [0.5, 0.5]})
        assert m == {"sex": [1 / 3, 2 / 3]}
        assert (lam, expected) == (0.3, 0.0)
