"""Column-wise cell parsers and identifier checks agree with the row-wise ones, cell for cell."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.imports.parsing import PY_WHITESPACE, parse_bool, parse_date, parse_int, parse_rupiah
from lindung.projects.importers import cells
from lindung.rules.identifiers import validate_kode_rup, validate_nib, validate_nip, validate_npwp

DIGITS = st.text("0123456789", min_size=1, max_size=6)
# Texts near the accepted shapes, and odd ones: separators, signs, unicode digits, spaces.
PIECES = st.sampled_from(
    ["", "0", "1", "12", "2026", "09", "31", "-", "/", ".", ",", " ", "Rp", "rp.", "٢", "²", "a"]
)
NEAR = st.lists(st.one_of(DIGITS, PIECES), max_size=7).map("".join).map(str.strip)


def _cells(values: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"cell": values}, schema={"cell": pl.String})


def _row_wise(parser, values: list[str]) -> list[object]:
    out: list[object] = []
    for value in values:
        try:
            out.append(parser(value))
        except ValueError:
            out.append("bad")
    return out


def _column_wise(parsed: cells.Parsed) -> list[object]:
    return [
        "bad" if bad else value
        for value, bad in zip(parsed.values.to_list(), parsed.bad.to_list(), strict=True)
    ]


class TestParsers:
    @given(
        st.lists(
            st.one_of(
                NEAR,
                st.dates().map(lambda d: d.isoformat()),
                st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
                st.dates().map(lambda d: f"{d.isoformat()} 00:00:00"),
            ),
            max_size=20,
        )
    )
    def test_dates_like_parse_date(self, values):
        parsed = cells.parse_dates(_cells(values), "cell")
        assert _column_wise(parsed) == _row_wise(parse_date, values)

    @given(
        st.lists(
            st.one_of(
                NEAR,
                st.integers(0, 10**16).map(lambda n: f"{n:,}".replace(",", ".")),
                st.integers(0, 10**20).map(str),
                st.tuples(st.integers(0, 10**9), st.integers(0, 99)).map(
                    lambda p: f"Rp {p[0]:,},{p[1]:02d}".replace(",", ".", p[0] >= 1000)
                ),
            ),
            max_size=20,
        )
    )
    def test_money_like_parse_rupiah_in_cents(self, values):
        def row_wise(value: str) -> int | None:
            amount = parse_rupiah(value)
            if amount is None:
                return None
            return min(int(amount * 100), cells.MONEY_CAP_RUPIAH * 100)

        parsed = cells.parse_money(_cells(values), "cell")
        assert _column_wise(parsed) == _row_wise(row_wise, values)

    @given(st.lists(st.one_of(NEAR, st.integers(0, 10**14).map(str)), max_size=20))
    def test_integers_like_parse_int(self, values):
        def row_wise(value: str) -> int | None:
            number = parse_int(value)
            return None if number is None else min(number, cells.INT_CAP)

        parsed = cells.parse_integers(_cells(values), "cell")
        assert _column_wise(parsed) == _row_wise(row_wise, values)

    @given(
        st.lists(
            st.sampled_from(["", "ya", "Ya", "TIDAK", "y", "n", "1", "0", "true", "mungkin", "K"]),
            max_size=20,
        )
    )
    def test_flags_like_parse_bool(self, values):
        def row_wise(value: str) -> bool | None:
            return None if not value else parse_bool(value, True)

        parsed = cells.parse_bools(_cells(values), "cell")
        assert _column_wise(parsed) == _row_wise(row_wise, values)

    def test_the_strip_set_is_pythons(self):
        assert {c for c in map(chr, range(0x3100)) if c.isspace()} == set(PY_WHITESPACE)


class TestIdentifiers:
    @pytest.mark.parametrize(
        ("expr", "validate"),
        [
            (cells.kode_rup_valid_expr, validate_kode_rup),
            (cells.nib_valid_expr, validate_nib),
            (cells.npwp_valid_expr, lambda v: validate_npwp(v)),
        ],
    )
    @given(values=st.lists(NEAR, max_size=20))
    def test_digit_identifiers_like_the_rules(self, expr, validate, values):
        got = _cells(values).select(expr(pl.col("cell"))).to_series().to_list()
        assert got == [validate(v).valid for v in values]

    @given(
        st.lists(
            st.one_of(
                st.text("0123456789", min_size=18, max_size=18),
                st.builds(
                    lambda y, m, d, ty, tm, sex, serial: (
                        f"{y}{m:02d}{d:02d}{ty}{tm:02d}{sex}{serial}"
                    ),
                    st.integers(1900, 2010),
                    st.integers(0, 13),
                    st.integers(0, 32),
                    st.integers(1900, 2030),
                    st.integers(0, 13),
                    st.sampled_from(["0", "1", "2", "3"]),
                    st.sampled_from(["000", "001", "999"]),
                ),
                st.builds(
                    lambda a, b: f"{a} {b}",
                    st.text("0123456789", min_size=8, max_size=8),
                    st.text("0123456789", min_size=10, max_size=10),
                ),
                NEAR,
            ),
            max_size=20,
        )
    )
    def test_nip_like_the_rules(self, values):
        got = _cells(values).select(cells.nip_valid_expr(pl.col("cell"))).to_series().to_list()
        assert got == [validate_nip(v).valid for v in values]
