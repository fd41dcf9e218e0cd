"""Staged linkage on a small roster: each noise kind found by the right stage."""

from __future__ import annotations

import polars as pl
import pytest

from lindung.linkage.engine import LinkInputError, LinkOptions, LinkResult, link_files, parse_map
from tests.linkage.conftest import LEFT_MAP, RIGHT_MAP, Files


def _link(files: Files, **options: float) -> LinkResult:
    return link_files(
        files.left,
        files.right,
        left_id="id",
        right_id="participant_id",
        left_map=parse_map(LEFT_MAP),
        right_map=parse_map(RIGHT_MAP),
        options=LinkOptions(**options),  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def result(linkage_files: Files) -> LinkResult:
    return _link(linkage_files)


def _links(result: LinkResult) -> dict[str, tuple[str, str]]:
    return {left: (right, kind) for left, right, _score, kind in result.matches.iter_rows()}


class TestStages:
    @pytest.mark.parametrize(
        ("left", "right", "kind"),
        [
            ("L-exact", "P9001", "nik_exact"),
            ("L-typo", "P9002", "nik_near"),
            ("L-transposed", "P9003", "nik_near"),
            ("L-spelling", "P9004", "fuzzy"),
            ("L-swap", "P9005", "fuzzy"),
            ("L-year", "P9006", "fuzzy"),
            ("L-title", "P9007", "fuzzy"),
        ],
    )
    def test_noise_kind_found_by_its_stage(
        self, result: LinkResult, left: str, right: str, kind: str
    ) -> None:
        assert _links(result)[left] == (right, kind)

    def test_background_rows_link_to_themselves(self, result: LinkResult) -> None:
        links = _links(result)
        background = [k for k in links if k.startswith("L-bg-")]
        assert len(background) >= 195
        assert all(links[k][0] == k.rsplit("-", 1)[1] for k in background)

    def test_stranger_is_not_linked(self, result: LinkResult) -> None:
        assert "L-stranger" not in _links(result)


class TestOneToOne:
    def test_two_left_rows_may_share_one_right(self, result: LinkResult) -> None:
        links = _links(result)
        assert links["L-twice-1"][0] == links["L-twice-2"][0] == "P9008"

    def test_left_never_gets_two_rights(self, result: LinkResult) -> None:
        assert result.matches.get_column("left_id").is_duplicated().sum() == 0

    def test_tie_goes_to_review(self, result: LinkResult) -> None:
        assert "L-duplicated" not in _links(result)
        review = result.review.filter(pl.col("left_id") == "L-duplicated")
        assert sorted(review.get_column("right_id").to_list()) == ["P9010", "P9010-copy"]


class TestDoubleCounting:
    def test_near_nik_with_other_name_is_not_a_match(self, result: LinkResult) -> None:
        assert "L-twin" not in _links(result)
        assert "L-twin" not in result.review.get_column("left_id").to_list()

    def test_explanation_says_nik_implies_the_date(self, result: LinkResult) -> None:
        explanation = result.review.get_column("explanation").to_list()[0]
        assert "implied by the NIK" in explanation


class TestThresholds:
    def test_between_review_and_accept_goes_to_review(self, linkage_files: Files) -> None:
        strict = _link(linkage_files, accept=0.999999999, review=0.5)
        loose = _link(linkage_files)
        moved = set(loose.matches.get_column("left_id")) - set(strict.matches.get_column("left_id"))
        assert moved
        assert moved <= set(strict.review.get_column("left_id"))

    def test_rejects_review_above_accept(self) -> None:
        with pytest.raises(LinkInputError):
            LinkOptions(accept=0.5, review=0.9)


class TestWithoutNik:
    def test_links_on_names_and_dates_only(self, linkage_files: Files) -> None:
        mapping = "name=nama,birth_date=lahir,sex=jk,region=kecamatan"
        result = link_files(
            linkage_files.left,
            linkage_files.right,
            left_id="id",
            right_id="participant_id",
            left_map=parse_map(mapping),
            right_map=parse_map(RIGHT_MAP.replace("nik=nik,", "")),
        )
        links = _links(result)
        assert set(result.matches.get_column("match_type")) == {"fuzzy"}
        assert links["L-spelling"][0] == "P9004"
        assert links["L-swap"][0] == "P9005"


class TestParseMap:
    def test_joins_columns(self) -> None:
        assert parse_map("name=given+surname,nik=ktp") == {
            "name": ("given", "surname"),
            "nik": ("ktp",),
        }

    @pytest.mark.parametrize("text", ["foo=bar", "name", "name="])
    def test_rejects_bad_items(self, text: str) -> None:
        with pytest.raises(LinkInputError):
            parse_map(text)
