"""Small-count suppression for published tables, with complementary suppression (pure).

A table has interior cells (row x column), a total per row, a total per column and a grand
total; every line adds up. Publishing it exposes small counts directly, and also
indirectly: a suppressed cell that is alone in its row can be recovered as the row total
minus the other cells.

Method (documented on the open-data page):

1. **Primary suppression.** Every count from 1 to ``threshold - 1`` is withheld. Zero is
   published: it says nothing about any person.
2. **Complementary suppression.** Treat each row and each column (totals included) as an
   equation, and each withheld cell as an unknown. A withheld cell can be recovered
   exactly, from any combination of published cells and totals, if and only if it lies on
   no *cycle* of withheld cells (alternating row, column, row, ...): a cycle leaves one
   degree of freedom, so adding x to one cell and subtracting it from the next keeps every
   total. So, until every withheld cell lies on a cycle:

   - a line holding exactly one withheld cell gets a second one: an interior cell of that
     line whose other line also holds a single withheld cell if there is one (so one choice
     mends both lines), else the smallest positive interior cell (zero cells or totals only
     if nothing else is left);
   - a withheld cell that still lies on no cycle (a "bridge" between two groups) gets a
     rectangle: the two cells that close it with another withheld cell, choosing the
     rectangle that withholds the least.

Totals are published exactly (never rounded), except where a total is itself small or is
needed as a complement. The grand total is never withheld unless nothing else can be.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

THRESHOLD = 10

# A line of the table: ("row", key) or ("col", key).
type Line = tuple[str, str]
type CellKey = tuple[str, str]


@dataclass(frozen=True)
class SuppressedTable:
    """Which cells to withhold, and why."""

    primary: frozenset[CellKey]
    complementary: frozenset[CellKey]

    @property
    def cells(self) -> frozenset[CellKey]:
        """Return every withheld cell."""
        return self.primary | self.complementary

    def is_suppressed(self, row: str, col: str) -> bool:
        """Return whether the cell (row, col) is withheld."""
        return (row, col) in self.cells


def suppress(
    values: Mapping[CellKey, int],
    *,
    rows: Sequence[str],
    cols: Sequence[str],
    total_row: str,
    total_col: str,
    threshold: int = THRESHOLD,
) -> SuppressedTable:
    """Return the cells to withhold so no count under ``threshold`` can be read or derived.

    ``values`` holds every cell of the full grid, ``(rows + [total_row]) x (cols +
    [total_col])``; missing cells count as zero. Rows and columns must add up to their totals.
    """
    all_rows = [*rows, total_row]
    all_cols = [*cols, total_col]
    grid = {(r, c): int(values.get((r, c), 0)) for r in all_rows for c in all_cols}
    primary = {cell for cell, n in grid.items() if 0 < n < threshold}
    withheld = set(primary)
    grand = (total_row, total_col)

    def cost(cell: CellKey) -> tuple[int, int, int]:
        # Interior before totals, the grand total last; then positive before zero; then small.
        kind = 2 if cell == grand else (1 if total_row in cell or total_col in cell else 0)
        n = grid[cell]
        return (kind, 0 if n > 0 else 1, n)

    def pair_cost(line: Line, cell: CellKey) -> tuple[int, int, int, int]:
        # Prefer a cell whose other line also holds one withheld cell: one choice mends both.
        cross: Line = ("col", cell[1]) if line[0] == "row" else ("row", cell[0])
        single = sum(1 for c in line_cells(cross) if c in withheld) == 1
        kind, zero, n = cost(cell)
        return (kind, 0 if single else 1, zero, n)

    def line_cells(line: Line) -> list[CellKey]:
        axis, key = line
        if axis == "row":
            return [(key, c) for c in all_cols]
        return [(r, key) for r in all_rows]

    lines: list[Line] = [("row", r) for r in all_rows] + [("col", c) for c in all_cols]
    while True:
        changed = False
        for line in lines:
            hidden = [cell for cell in line_cells(line) if cell in withheld]
            if len(hidden) == 1:
                candidates = [cell for cell in line_cells(line) if cell not in withheld]
                if candidates:
                    withheld.add(min(candidates, key=lambda c: pair_cost(line, c)))
                    changed = True
        if changed:
            continue
        bridge = next(iter(sorted(_bridges(withheld))), None)
        if bridge is None:
            break
        closing = _cheapest_rectangle(bridge, withheld, all_rows, all_cols, cost)
        if not closing:
            break  # nothing left to withhold: the whole line structure is already hidden
        withheld.update(closing)
    return SuppressedTable(primary=frozenset(primary), complementary=frozenset(withheld - primary))


def _graph(cells: Iterable[CellKey]) -> dict[Line, list[tuple[Line, CellKey]]]:
    graph: dict[Line, list[tuple[Line, CellKey]]] = defaultdict(list)
    for cell in cells:
        row, col = ("row", cell[0]), ("col", cell[1])
        graph[row].append((col, cell))
        graph[col].append((row, cell))
    return graph


def _connected_without(
    graph: Mapping[Line, list[tuple[Line, CellKey]]], start: Line, goal: Line, skip: CellKey
) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for neighbour, cell in graph.get(node, []):
            if cell == skip or neighbour in seen:
                continue
            if neighbour == goal:
                return True
            seen.add(neighbour)
            queue.append(neighbour)
    return False


def _bridges(cells: set[CellKey]) -> list[CellKey]:
    """Return the withheld cells that lie on no cycle of withheld cells (recoverable)."""
    graph = _graph(cells)
    return [
        cell
        for cell in cells
        if not _connected_without(graph, ("row", cell[0]), ("col", cell[1]), cell)
    ]


def _cheapest_rectangle(
    bridge: CellKey,
    withheld: set[CellKey],
    rows: Sequence[str],
    cols: Sequence[str],
    cost: Callable[[CellKey], tuple[int, int, int]],
) -> set[CellKey]:
    """Return the cells that put ``bridge`` on a rectangle, withholding the least."""
    row, col = bridge
    best: tuple[tuple[int, int, int], tuple[str, str], set[CellKey]] | None = None
    for other_row in rows:
        if other_row == row:
            continue
        for other_col in cols:
            if other_col == col:
                continue
            corners = {(row, other_col), (other_row, col), (other_row, other_col)}
            added = {cell for cell in corners if cell not in withheld}
            if not added:
                continue
            costs = [cost(cell) for cell in added]
            # Fewest new cells, then no totals if possible, then the least withheld in all.
            rank = (len(added), max(c[0] for c in costs), sum(c[2] for c in costs))
            if best is None or (rank, (other_row, other_col)) < (best[0], best[1]):
                best = (rank, (other_row, other_col), added)
    return best[2] if best else set()
