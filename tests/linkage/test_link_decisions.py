"""Reviewer decisions reach the engine: rejected pairs are excluded; links carry explanations."""

from __future__ import annotations

import polars as pl
import pytest

from lindung.linkage.engine import (
    LinkOptions,
    LinkResult,
    link_files,
    link_frames,
    load_side,
    parse_map,
)
from tests.linkage.conftest import LEFT_MAP, RIGHT_MAP, Files


def _link(files: Files, exclude: pl.DataFrame | None = None) -> LinkResult:
    left_map, right_map = parse_map(LEFT_MAP), parse_map(RIGHT_MAP)
    left, left_ids = load_side(files.left, id_column="id", mapping=left_map)
    right, right_ids = load_side(files.right, id_column="participant_id", mapping=right_map)
    return link_frames(
        left,
        right,
        left_ids=left_ids,
        right_ids=right_ids,
        left_fields=set(left_map),
        right_fields=set(right_map),
        options=LinkOptions(),
        exclude=exclude,
    )


def _links(result: LinkResult) -> dict[str, str]:
    return dict(zip(result.matches["left_id"], result.matches["right_id"], strict=True))


@pytest.fixture(scope="module")
def plain(linkage_files: Files) -> LinkResult:
    return link_files(
        linkage_files.left,
        linkage_files.right,
        left_id="id",
        right_id="participant_id",
        left_map=parse_map(LEFT_MAP),
        right_map=parse_map(RIGHT_MAP),
    )


class TestExclude:
    def test_rejected_exact_pair_is_neither_linked_nor_reviewed(self, linkage_files: Files) -> None:
        exclude = pl.DataFrame({"left_id": ["L-exact"], "right_id": ["P9001"]})
        result = _link(linkage_files, exclude)
        assert "L-exact" not in _links(result)
        reviewed = result.review.filter(pl.col("left_id") == "L-exact")
        assert "P9001" not in reviewed["right_id"].to_list()

    def test_other_links_are_unchanged(self, linkage_files: Files, plain: LinkResult) -> None:
        exclude = pl.DataFrame({"left_id": ["L-exact"], "right_id": ["P9001"]})
        before = _links(plain)
        after = _links(_link(linkage_files, exclude))
        before.pop("L-exact")
        assert after == before

    def test_unknown_ids_are_ignored(self, linkage_files: Files, plain: LinkResult) -> None:
        exclude = pl.DataFrame({"left_id": ["nobody"], "right_id": ["P9001"]})
        assert _links(_link(linkage_files, exclude)) == _links(plain)


class TestMatchExplanations:
    def test_one_explanation_per_link(self, plain: LinkResult) -> None:
        assert plain.match_explanations.len() == plain.matches.height
        assert plain.match_explanations.null_count() == 0

    def test_exact_nik_link_explains_the_nik(self, plain: LinkResult) -> None:
        row = plain.matches.with_row_index().filter(pl.col("left_id") == "L-exact")
        text = plain.match_explanations[int(row["index"][0])]
        assert text.startswith("nik: exact (+")
        assert "birth_date: exact, implied by the NIK (+0.0)" in text
