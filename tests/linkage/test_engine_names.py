"""Name comparison levels and term-frequency adjustments of the linkage engine."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from lindung.linkage.engine import LinkOptions, LinkResult, link_frames, to_raw
from lindung.rules.identifiers import Sex, build_nik

MAPPING: dict[str, tuple[str, ...]] = {
    f: (f,) for f in ("nik", "name", "birth_date", "sex", "region")
}
GIVEN = ["Budi", "Agus", "Slamet", "Rudi", "Hendra", "Eko", "Iwan", "Dedi", "Asep", "Heru"]
FAMILY = ["Santoso", "Wijaya", "Siregar", "Lubis", "Nasution", "Gunawan", "Hidayat", "Ginting"]
DISTRICTS = ["61.71.01", "61.71.02", "61.01.01", "61.12.01"]


def _person(i: int, name: str, *, nik: bool = True) -> dict[str, str]:
    birth = date(1960, 1, 1) + timedelta(days=(i * 97) % 15000)
    region = DISTRICTS[i % len(DISTRICTS)]
    return {
        "id": f"p{i}",
        "nik": build_nik(region, birth, Sex.MALE, 100 + i) if nik else "",
        "name": name,
        "birth_date": birth.isoformat(),
        "sex": "male",
        "region": region,
    }


def _background(n: int) -> list[dict[str, str]]:
    return [
        _person(i, f"{GIVEN[i % 10]} {GIVEN[(i // 10) % 10]} {FAMILY[(i // 100) % 8]}")
        for i in range(n)
    ]


def _link(
    left_rows: list[dict[str, str]],
    right_rows: list[dict[str, str]],
    options: LinkOptions | None = None,
) -> LinkResult:
    left, left_ids = to_raw(pl.DataFrame(left_rows), id_column="id", mapping=MAPPING)
    right, right_ids = to_raw(pl.DataFrame(right_rows), id_column="id", mapping=MAPPING)
    return link_frames(
        left,
        right,
        left_ids=left_ids,
        right_ids=right_ids,
        left_fields=set(MAPPING),
        right_fields=set(MAPPING),
        options=options,
    )


def _explanation(result: LinkResult, left_id: str) -> str:
    rows = result.matches.with_row_index().filter(pl.col("left_id") == left_id)
    if rows.is_empty():
        review = result.review.filter(pl.col("left_id") == left_id)
        return str(review.get_column("explanation")[0])
    return str(result.match_explanations[int(rows.get_column("index")[0])])


def _rename(row: dict[str, str], *, id_: str, **changes: str) -> dict[str, str]:
    return row | {"id": id_} | changes


class TestAbbreviations:
    @pytest.fixture(scope="class")
    def result(self) -> LinkResult:
        right = _background(300)
        right.append(_person(900, "Ahmad Tjhin"))
        right.append(_person(901, "Ahmad Budi Tjhin"))
        left = [_rename(r, id_=f"l-{r['id']}") for r in right[:150]]
        left.append(_rename(right[-2], id_="l-initial", name="Ahmad T."))
        left.append(_rename(right[-1], id_="l-middle-dropped", name="AHMAD T."))
        left.append(_rename(right[-2], id_="l-no-nik", name="Ahmad T", nik=""))
        return _link(left, right)

    def test_exact_nik_with_an_initial_for_the_last_name_links(self, result: LinkResult) -> None:
        links = dict(result.matches.select("left_id", "right_id").iter_rows())
        assert links["l-initial"] == "p900"
        assert "name: abbreviation or truncation" in _explanation(result, "l-initial")

    def test_initial_of_a_respelled_word_counts(self, result: LinkResult) -> None:
        # "Tjhin" is spelled "cin" in the key; its initial is still T.
        links = dict(result.matches.select("left_id", "right_id").iter_rows())
        assert links["l-middle-dropped"] == "p901"
        assert "name: abbreviation or truncation" in _explanation(result, "l-middle-dropped")

    def test_initials_without_a_nik_are_found_by_blocking(self, result: LinkResult) -> None:
        assert "name: abbreviation or truncation" in _explanation(result, "l-no-nik")


class TestContradictingNames:
    def test_exact_nik_with_another_name_waits_for_review(self) -> None:
        right = _background(300)
        left = [_rename(r, id_=f"l-{r['id']}") for r in right[:150]]
        left.append(_rename(right[200], id_="l-borrowed", name="Yohanes Paulus Sitompul"))
        result = _link(left, right)
        assert "l-borrowed" not in result.matches.get_column("left_id").to_list()
        reviewed = result.review.filter(pl.col("left_id") == "l-borrowed")
        assert reviewed.get_column("right_id").to_list() == ["p200"]
        assert reviewed.get_column("match_type").to_list() == ["nik_exact"]


class TestTermFrequencies:
    @pytest.fixture(scope="class")
    def rows(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        right = _background(300)
        # Sixty registry people share the commonest name; one carries a rare name.
        right += [_person(1000 + i, "Siti Aminah") for i in range(60)]
        right.append(_person(2000, "Yohanes Sitompul"))
        left = [_rename(r, id_=f"l-{r['id']}") for r in right[:150]]
        left.append(_rename(right[300], id_="l-common"))
        left.append(_rename(right[-1], id_="l-rare"))
        return left, right

    def test_a_common_name_weighs_less_than_a_rare_one(
        self, rows: tuple[list[dict[str, str]], list[dict[str, str]]]
    ) -> None:
        result = _link(*rows)
        common, rare = _explanation(result, "l-common"), _explanation(result, "l-rare")
        assert "name frequency: a common name, adjusted by -" in common
        assert "name frequency: a rare name, adjusted by +" in rare
        scores = dict(result.matches.select("left_id", "score").iter_rows())
        assert scores["l-common"] <= scores["l-rare"]

    def test_explanation_total_includes_the_adjustment(
        self, rows: tuple[list[dict[str, str]], list[dict[str, str]]]
    ) -> None:
        text = _explanation(_link(*rows), "l-rare")
        parts = dict(p.split(": ", 1) for p in text.split("; ") if ": " in p)
        weights = [
            float(label.rsplit("(", 1)[1].rstrip(")"))
            for field, label in parts.items()
            if field in {"nik", "name", "birth_date", "sex", "region"}
        ]
        prior = float(text.split("; prior ")[1].split(";")[0])
        total = float(text.rsplit("total ", 1)[1])
        assert total == pytest.approx(prior + sum(weights), abs=0.35)

    def test_can_be_switched_off(
        self, rows: tuple[list[dict[str, str]], list[dict[str, str]]]
    ) -> None:
        result = _link(*rows, LinkOptions(term_frequency=False))
        assert "frequency" not in _explanation(result, "l-common")
        assert "frequency" not in _explanation(result, "l-rare")


class TestSplitNames:
    """Given and family names (FEBRL-style files) get their own frequencies."""

    def test_a_common_family_name_weighs_less(self) -> None:
        mapping: dict[str, tuple[str, ...]] = {
            "given_name": ("given",),
            "family_name": ("family",),
            "birth_date": ("birth_date",),
        }
        right_rows = [
            {
                "id": f"p{i}",
                "given": GIVEN[i % 10] + GIVEN[(i // 10) % 10].lower(),
                "family": "Siregar" if i % 3 == 0 else f"{FAMILY[i % 8]}{i}",
                "birth_date": (date(1960, 1, 1) + timedelta(days=i * 37)).isoformat(),
            }
            for i in range(300)
        ]
        left_rows = [r | {"id": f"l-{r['id']}"} for r in right_rows[:200]]
        left, left_ids = to_raw(pl.DataFrame(left_rows), id_column="id", mapping=mapping)
        right, right_ids = to_raw(pl.DataFrame(right_rows), id_column="id", mapping=mapping)
        result = link_frames(
            left,
            right,
            left_ids=left_ids,
            right_ids=right_ids,
            left_fields=set(mapping),
            right_fields=set(mapping),
        )
        assert "family frequency: a common family" in _explanation(result, "l-p0")
        assert "family frequency: a rare family" in _explanation(result, "l-p1")
        adjusted = result.model.as_dict()["term_frequency_adjusted"]
        assert adjusted["family"]["levels"] == [3]
        assert 0 < adjusted["family"]["agree"] < 1
