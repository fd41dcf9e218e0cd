"""Column-wise contributions and deadlines equal ``lindung.rules``' per-project computation."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.projects import calculation_basis
from lindung.projects.importers import contributions
from lindung.rules import build_calendar, default_parameters
from lindung.rules.deadlines import jakon_registration_deadline
from lindung.rules.errors import RulesError
from lindung.rules.jakon import Vat, jakon_contribution
from lindung.rules.parameters import Kind, Parameter

PARAMS = default_parameters()
# Tier edges, around them, tiny and huge values, and values past the sanity limit.
EDGES = [10**8, 5 * 10**8, 10**9, 5 * 10**9]
CENTS = st.one_of(
    st.integers(1, 10**15),
    st.sampled_from(EDGES).flatmap(lambda e: st.integers(e * 100 - 2, e * 100 + 2)),
    st.integers(1, 1000),
    st.sampled_from([0, 10**15, 10**15 + 1]),
)
# From before the rules start (2015-07-01) through the COVID relief (2020-08..2021-01) on.
DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 12, 31))
CALENDARS = {
    "61.71": build_calendar(range(2015, 2029), extra={date(2025, 10, 23): "Hari Jadi"}),
    "61.01": build_calendar(range(2015, 2029)),
}
ROWS = st.lists(
    st.tuples(
        st.one_of(st.none(), CENTS),
        st.one_of(st.none(), st.integers(0, 10**12)),
        st.booleans(),
        DATES,
    ),
    min_size=1,
    max_size=30,
)


def _frame(rows: Sequence[tuple[int | None, int | None, bool, date]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            contributions.VALUE: pl.Int64,
            contributions.VAT: pl.Int64,
            contributions.VAT_INCLUDED: pl.Boolean,
            contributions.AS_OF: pl.Date,
        },
        orient="row",
    )


def _rules(compute: Callable[[], Any]) -> tuple[Any, list[str] | None]:
    """Return the rules' result, or None and the reasons they refuse it with."""
    try:
        return compute(), None
    except RulesError as exc:
        return None, [issue.message("id") for issue in exc.issues]


def _check(rows, params) -> None:
    frame, bases = contributions.contribution_columns(_frame(rows), params)
    out = frame.to_dicts()
    assert all(calculation_basis.digest(basis) == key for key, basis in bases.items())
    for (value, vat, included, as_of), got in zip(rows, out, strict=True):
        if value is None:
            assert got[contributions.DETAIL] == "{}"
            assert got[contributions.BASIS] is None
            assert got[contributions.TOTAL] is None
            continue
        tax = None if vat is None else Vat(Decimal(vat).scaleb(-2), included_in_value=included)
        expected, reasons = _rules(
            lambda: jakon_contribution(Decimal(value).scaleb(-2), as_of, params, vat=tax)  # noqa: B023
        )
        assert got[contributions.ERRORS] == reasons
        if expected is None:
            assert got[contributions.TOTAL] is None
            continue
        assert got[contributions.JKK] == expected.jkk.rounded
        assert got[contributions.JKM] == expected.jkm.rounded
        assert got[contributions.TOTAL] == expected.total
        own = json.loads(got[contributions.DETAIL])
        assert set(own).isdisjoint(calculation_basis.BASIS_KEYS)
        basis = bases[got[contributions.BASIS]]
        assert calculation_basis.merge(basis, own) == expected.to_dict()


class TestContributionColumns:
    @settings(max_examples=200, deadline=None)
    @given(rows=ROWS)
    def test_equal_the_rules_per_project(self, rows):
        _check(rows, PARAMS)

    @settings(deadline=None)
    @given(rows=ROWS)
    def test_a_contract_base_other_than_as_entered_goes_through_the_rules(self, rows):
        base = Parameter(
            name="jakon.contract_base",
            kind=Kind.TEXT,
            value="excluding_vat",
            valid_from=date(2015, 7, 1),
            valid_to=None,
            source="test",
            confidence=PARAMS.get("jakon.contract_base", date(2020, 1, 1)).confidence,
        )
        params = type(PARAMS)(
            [r for r in PARAMS.records if r.name != "jakon.contract_base"] + [base]
        )
        _check(rows, params)

    def test_no_rows(self):
        frame, bases = contributions.contribution_columns(_frame([]), PARAMS)
        assert (frame.height, bases) == (0, {})

    def test_projects_under_the_same_parameters_share_one_basis(self):
        rows = [
            (n * 10**10, None, True, date(2025, 3, day)) for n, day in ((1, 3), (7, 4), (90, 5))
        ]

        frame, bases = contributions.contribution_columns(_frame(rows), PARAMS)

        assert frame.get_column(contributions.BASIS).n_unique() == 1
        assert list(bases) == [frame.item(0, contributions.BASIS)]

    def test_the_covid_relief_is_another_basis(self):
        rows = [(10**10, None, True, date(2020, 9, 1)), (10**10, None, True, date(2022, 9, 1))]

        frame, bases = contributions.contribution_columns(_frame(rows), PARAMS)

        relief, normal = (bases[key] for key in frame.get_column(contributions.BASIS))
        assert relief["relief_factor"] != normal["relief_factor"]


class TestRegistrationDueColumns:
    @given(
        rows=st.lists(
            st.tuples(st.one_of(st.none(), DATES), st.sampled_from(["61.71", "61.01"])),
            max_size=30,
        )
    )
    def test_equal_the_rules_per_project(self, rows):
        calendars = CALENDARS
        frame = pl.DataFrame(rows, schema={"spk": pl.Date, "regency": pl.String}, orient="row")

        out = contributions.registration_due_columns(
            frame, spk="spk", regency="regency", params=PARAMS, calendar=calendars.__getitem__
        ).to_dicts()

        for (spk, code), got in zip(rows, out, strict=True):
            if spk is None:
                assert got == {"registration_due": None, "registration_errors": None}
                continue
            deadline, reasons = _rules(
                lambda: jakon_registration_deadline(spk, PARAMS, calendars[code])  # noqa: B023
            )
            assert got["registration_errors"] == reasons
            assert got["registration_due"] == (deadline.due if deadline else None)
