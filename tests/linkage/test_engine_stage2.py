"""Stage 2 finds exactly the NIKs one edit away, whatever their shape."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from lindung.linkage.engine import connection


def _one_edit(a: str, b: str) -> bool:
    """Return whether A and B differ by one substitution, transposition, insertion or deletion."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _mutate(rnd: random.Random, nik: str) -> str:
    kind = rnd.choice(["sub", "swap", "drop", "add", "letter", "same", "other"])
    i = rnd.randrange(len(nik))
    if kind == "sub":
        return nik[:i] + rnd.choice("0123456789") + nik[i + 1 :]
    if kind == "swap" and i < len(nik) - 1:
        return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]
    if kind == "drop":
        return nik[:i] + nik[i + 1 :]
    if kind == "add":
        return nik[:i] + rnd.choice("0123456789") + nik[i:]
    if kind == "letter":
        return nik[:i] + "O" + nik[i + 1 :]
    if kind == "other":
        return "".join(rnd.choice("0123456789") for _ in range(16))
    return nik


@pytest.fixture
def con() -> Iterator[Any]:
    con = connection.connect(threads=1)
    yield con
    con.close()


def _rows(niks: list[str]) -> list[tuple[int, str, bool]]:
    return [(i, n, len(n) == 16 and n.isdigit()) for i, n in enumerate(niks)]


def _load(con: Any, left: list[str], right: list[str]) -> None:
    con.execute("CREATE TABLE L (rid BIGINT, nik VARCHAR, nik_shaped BOOLEAN)")
    con.execute("CREATE TABLE R (rid BIGINT, nik VARCHAR, nik_shaped BOOLEAN)")
    con.executemany("INSERT INTO L VALUES (?, ?, ?)", _rows(left))
    con.executemany("INSERT INTO R VALUES (?, ?, ?)", _rows(right))


class TestStage2Pairs:
    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_matches_brute_force(self, con: Any, seed: int) -> None:
        rnd = random.Random(seed)
        base = ["6171" + "".join(rnd.choice("0123") for _ in range(12)) for _ in range(60)]
        right = [_mutate(rnd, n) for n in base] + base[:30]
        left = [_mutate(rnd, rnd.choice(base)) for _ in range(80)]
        _load(con, left, right)
        con.execute("CREATE TABLE todo AS SELECT rid AS l FROM L")
        connection.run(con, "stage2_pairs", {"flag": 0}, as_written=True)
        found = set(con.execute("SELECT l, r FROM pairs").fetchall())
        expected = {
            (i, j) for i, a in enumerate(left) for j, b in enumerate(right) if _one_edit(a, b)
        }
        assert expected  # the mutations make every kind of neighbour
        assert found == expected
        assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone() == ("",)

    def test_only_rows_still_to_link(self, con: Any) -> None:
        _load(con, ["6171010101900001", "6171010101900002"], ["6171010101900003"])
        con.execute("CREATE TABLE todo AS SELECT 1::BIGINT AS l")
        connection.run(con, "stage2_pairs", {"flag": 0}, as_written=True)
        assert con.execute("SELECT l, r FROM pairs").fetchall() == [(1, 0)]
