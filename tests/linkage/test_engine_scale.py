"""Engine mechanics that keep large runs bounded: options, block caps, pattern codes."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from lindung.linkage.engine import LinkInputError, LinkOptions, connection, link_frames, to_raw
from lindung.linkage.engine.model import LEVEL_COLUMNS, NIK_SESSION, decode, encode, train
from lindung.rules.identifiers import Sex, build_nik

MAPPING: dict[str, tuple[str, ...]] = {
    f: (f,) for f in ("nik", "name", "birth_date", "sex", "region")
}


def _frames(
    left_rows: list[dict[str, str]], right_rows: list[dict[str, str]]
) -> tuple[pl.DataFrame, pl.Series, pl.DataFrame, pl.Series]:
    left, left_ids = to_raw(pl.DataFrame(left_rows), id_column="id", mapping=MAPPING)
    right, right_ids = to_raw(pl.DataFrame(right_rows), id_column="id", mapping=MAPPING)
    return left, left_ids, right, right_ids


def _row(
    id_: str, name: str, birth: date, serial: int, *, nik: str | None = None
) -> dict[str, str]:
    return {
        "id": id_,
        "nik": build_nik("61.71.01", birth, Sex.MALE, serial) if nik is None else nik,
        "name": name,
        "birth_date": birth.isoformat(),
        "sex": "male",
        "region": "61.71.01",
    }


class TestOptions:
    @pytest.mark.parametrize(
        "kwargs",
        [{"threads": 0}, {"memory_limit": "lots"}, {"max_block": 0}, {"tf_cap": -1.0}],
    )
    def test_rejects_bad_values(self, kwargs: dict[str, object]) -> None:
        with pytest.raises(LinkInputError):
            LinkOptions(**kwargs)  # type: ignore[arg-type]

    def test_threads_and_memory_limit_reach_duckdb(self) -> None:
        con = connection.connect(threads=1, memory_limit="512MB")
        try:
            threads, limit = con.execute(
                "SELECT current_setting('threads'), current_setting('memory_limit')"
            ).fetchone()
        finally:
            con.close()
        assert threads == 1
        assert limit.replace(" ", "") in {"512.0MiB", "488.2MiB", "512.0MB", "488.2MB"}

    def test_a_memory_limit_is_always_set(self) -> None:
        limit = connection.default_memory_limit()
        assert limit.endswith("MB")
        assert 256 <= int(limit.removesuffix("MB")) <= connection.DEFAULT_MEMORY_CAP_MB


class TestBlockCap:
    """A blocking key shared by more right rows than max_block pairs nobody."""

    ROWS = (
        [_row(f"p{i}", f"Budi Santoso {chr(97 + i)}", date(1980, 1, 1 + i), 100 + i)
         for i in range(20)]
        + [_row("p-a", "Rudi Hartono", date(1985, 6, 15), 200),
           _row("p-b", "Rudi Hartono", date(1985, 6, 15), 201)]
    )  # fmt: skip
    LEFT = [_row("w1", "Rudi Hartono", date(1985, 6, 15), 0, nik="")]

    def _review(self, max_block: int) -> list[str]:
        left, left_ids, right, right_ids = _frames(self.LEFT, self.ROWS)
        result = link_frames(
            left,
            right,
            left_ids=left_ids,
            right_ids=right_ids,
            left_fields=set(MAPPING),
            right_fields=set(MAPPING),
            # wide_blocking_pairs=0: the rules of large inputs, which are the capped ones
            options=LinkOptions(max_block=max_block, wide_blocking_pairs=0),
        )
        assert result.matches.is_empty()  # two equal candidates: a tie
        return sorted(result.review.get_column("right_id").to_list())

    def test_small_blocks_are_paired(self) -> None:
        assert self._review(max_block=1000) == ["p-a", "p-b"]

    def test_big_blocks_are_skipped(self) -> None:
        assert self._review(max_block=1) == []


class TestNearNik:
    def test_a_dropped_digit_is_one_edit(self) -> None:
        birth = date(1979, 3, 2)
        right = [
            _row(f"p{i}", f"Agus Salim {chr(97 + i)}", date(1970, 1, 1 + i), 300 + i)
            for i in range(30)
        ]
        right.append(_row("p-target", "Yohanes Sitompul", birth, 9001))
        nik = right[-1]["nik"]
        left = [{**r, "id": f"w{i}"} for i, r in enumerate(right[:20])] + [
            _row("w-short", "Yohanes Sitompul", birth, 0, nik=nik[:9] + nik[10:])
        ]
        left_frame, left_ids, right_frame, right_ids = _frames(left, right)
        result = link_frames(
            left_frame,
            right_frame,
            left_ids=left_ids,
            right_ids=right_ids,
            left_fields=set(MAPPING),
            right_fields=set(MAPPING),
        )
        links = {row[0]: row[1:] for row in result.matches.iter_rows()}
        assert links["w-short"][0] == "p-target"
        assert links["w-short"][2] == "nik_near"


class TestPatternCodes:
    def test_round_trip(self) -> None:
        pattern = dict.fromkeys(LEVEL_COLUMNS, -1) | {"nik_shaped": 1, "c_nik": 2, "c_name": 5}
        assert decode(encode(pattern)) == pattern

    def test_packed_in_sql_as_in_python(self) -> None:
        con = connection.connect(threads=1)
        try:
            code = con.execute(
                "SELECT (1::BIGINT + (3::BIGINT << 3) + (6::BIGINT << 12))"
            ).fetchone()[0]
        finally:
            con.close()
        assert decode(code)["c_nik"] == 2
        assert decode(code)["c_name"] == 5
        assert decode(code)["c_phone"] == -1


class TestIdentifierU:
    def _patterns(self, flags: int, n: int, **levels: int) -> dict[str, int]:
        return dict.fromkeys(LEVEL_COLUMNS, -1) | levels | {"flags": flags, "n": n}

    def test_exact_nik_u_comes_from_its_session_at_scale(self) -> None:
        random_patterns = [
            self._patterns(0, 999_000, c_nik=0, c_name=0),
            self._patterns(0, 1_000, c_nik=0, c_name=5),
        ]
        blocked = [
            self._patterns(NIK_SESSION, 9_950, c_nik=2, c_name=5),
            self._patterns(NIK_SESSION, 50, c_nik=2, c_name=0),
            self._patterns(1, 5_000, c_nik=0, c_name=5),
            self._patterns(1, 500, c_nik=1, c_name=5),
        ]
        model = train(
            random_patterns=random_patterns,
            blocked_patterns=blocked,
            comparisons=["nik", "name"],
            sample_left=20_000,
            right_rows=5_000_000,
        )
        # About 50 of 10,000 equal-NIK pairs are different people: u ~ 50 / (20,000 x 5M),
        # far below what a million random pairs can show.
        assert model.u["nik"][2] < 1e-8
        session = next(s for s in model.sessions if s["rule"] == NIK_SESSION)
        assert session["u_exact"] == model.u["nik"][2]
