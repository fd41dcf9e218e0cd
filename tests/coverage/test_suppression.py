"""Small counts are withheld and cannot be derived back from the published totals."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.coverage.suppression import THRESHOLD, suppress

ROWS = ["a", "b", "c"]
COLS = ["x", "y", "z"]


def _grid(inner: dict[tuple[str, str], int], rows=ROWS, cols=COLS) -> dict[tuple[str, str], int]:
    """Return the full grid with row, column and grand totals."""
    values = {(r, c): inner.get((r, c), 0) for r in rows for c in cols}
    for r in rows:
        values[(r, "T")] = sum(values[(r, c)] for c in cols)
    for c in [*cols, "T"]:
        values[("P", c)] = sum(values[(r, c)] for r in rows)
    return values


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable(
    hidden: set[tuple[str, str]], rows=ROWS, cols=COLS, total_row="P", total_col="T"
) -> set[tuple[str, str]]:
    """Return the withheld cells whose value follows from the published cells and totals.

    Independent of the implementation: every row and column (totals included) is a linear
    equation; a withheld cell is determined exactly when its unit vector lies in the row
    space of the equations restricted to the withheld cells.
    """
    unknowns = sorted(hidden)
    index = {cell: i for i, cell in enumerate(unknowns)}
    equations: list[list[Fraction]] = []
    all_rows, all_cols = [*rows, total_row], [*cols, total_col]
    for r in all_rows:
        eq = [Fraction(0)] * len(unknowns)
        for c in cols:
            if (r, c) in index:
                eq[index[(r, c)]] += 1
        if (r, total_col) in index:
            eq[index[(r, total_col)]] -= 1
        equations.append(eq)
    for c in all_cols:
        eq = [Fraction(0)] * len(unknowns)
        for r in rows:
            if (r, c) in index:
                eq[index[(r, c)]] += 1
        if (total_row, c) in index:
            eq[index[(total_row, c)]] -= 1
        equations.append(eq)
    base = _rank(equations)
    found = set()
    for cell, i in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[i] = Fraction(1)
        if _rank([*equations, unit]) == base:
            found.add(cell)
    return found


def _suppress(values):
    return suppress(values, rows=ROWS, cols=COLS, total_row="P", total_col="T")


class TestPrimarySuppression:
    def test_counts_from_1_to_9_are_withheld_and_zero_and_10_are_not(self):
        values = _grid({("a", "x"): 9, ("a", "y"): 10, ("b", "x"): 1, ("b", "y"): 50})
        table = _suppress(values)
        assert ("a", "x") in table.primary
        assert ("b", "x") in table.primary
        assert ("a", "y") not in table.primary
        assert ("c", "x") not in table.primary  # zero
        assert all(not 0 < values[cell] < THRESHOLD for cell in set(values) - table.cells)

    def test_nothing_small_means_nothing_withheld(self):
        table = _suppress(_grid({("a", "x"): 40, ("b", "y"): 12, ("c", "z"): 300}))
        assert table.cells == frozenset()


class TestComplementarySuppression:
    def test_a_lone_small_cell_is_not_recoverable_from_its_row_total(self):
        values = _grid({
            ("a", "x"): 5, ("a", "y"): 40, ("a", "z"): 30,
            ("b", "x"): 50, ("b", "y"): 60, ("b", "z"): 70,
            ("c", "x"): 80, ("c", "y"): 90, ("c", "z"): 100,
        })  # fmt: skip
        table = _suppress(values)
        assert table.primary == {("a", "x")}
        # The cheapest rectangle through (a, x): the smallest cells of its row and column.
        assert table.complementary == {("a", "z"), ("b", "x"), ("b", "z")}
        assert derivable(set(table.cells)) == set()

    def test_totals_stay_published_when_interior_cells_can_protect(self):
        values = _grid({
            ("a", "x"): 3, ("a", "y"): 25, ("a", "z"): 25,
            ("b", "x"): 25, ("b", "y"): 4, ("b", "z"): 25,
            ("c", "x"): 25, ("c", "y"): 25, ("c", "z"): 25,
        })  # fmt: skip
        table = _suppress(values)
        assert not any("T" in cell or "P" in cell for cell in table.cells)
        assert derivable(set(table.cells)) == set()

    def test_a_small_row_total_is_withheld_with_a_complement_in_its_column(self):
        values = _grid({("a", "x"): 4, ("b", "x"): 200, ("c", "y"): 300})
        table = _suppress(values)
        assert {("a", "x"), ("a", "T"), ("P", "x")} & table.primary == {("a", "x"), ("a", "T")}
        assert derivable(set(table.cells)) == set()
        assert ("P", "T") not in table.cells

    def test_two_separate_pairs_joined_by_a_bridge_get_a_cycle(self):
        # Two small cells in one row and in one column each: every line holds two withheld
        # cells, yet without more the corner cells would follow from the totals.
        values = _grid({
            ("a", "x"): 2, ("a", "y"): 3, ("a", "z"): 100,
            ("b", "x"): 100, ("b", "y"): 100, ("b", "z"): 100,
            ("c", "x"): 100, ("c", "y"): 100, ("c", "z"): 100,
        })  # fmt: skip
        table = _suppress(values)
        assert derivable(set(table.cells)) == set()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 12), st.integers(10, 500)), min_size=9, max_size=9))
def test_no_withheld_count_can_ever_be_derived(cells):
    values = _grid(
        {(r, c): cells[i * 3 + j] for i, r in enumerate(ROWS) for j, c in enumerate(COLS)}
    )
    table = _suppress(values)
    assert derivable(set(table.cells)) == set()
    published = set(values) - table.cells
    assert all(not 0 < values[cell] < THRESHOLD for cell in published)
    assert table.primary == {cell for cell, n in values.items() if 0 < n < THRESHOLD}
