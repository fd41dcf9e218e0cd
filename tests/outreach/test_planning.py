"""Budget arithmetic against hand-computed figures: coverage gaps and funding splits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lindung.outreach.planning import ShareInput, coverage_gap, split_cost


class TestCoverageGap:
    def test_workers_to_add_for_a_target(self):
        gap = coverage_gap(denominator=10_000, current=2_345, target_percent=Decimal(40))
        assert gap.target_participants == 4_000
        assert gap.workers_to_add == 1_655
        assert gap.current_percent == Decimal("23.45")

    def test_target_participants_round_up(self):
        # 61% of Kalbar's 1,819,430 workers is 1,109,852.3: one more person is needed.
        gap = coverage_gap(denominator=1_819_430, current=583_947, target_percent=Decimal(61))
        assert gap.target_participants == 1_109_853
        assert gap.workers_to_add == 1_109_853 - 583_947

    def test_target_already_met_needs_no_one(self):
        gap = coverage_gap(denominator=1_000, current=700, target_percent=Decimal("65.5"))
        assert gap.target_participants == 655
        assert gap.workers_to_add == 0

    def test_zero_denominator_has_no_current_percent(self):
        gap = coverage_gap(denominator=0, current=0, target_percent=Decimal(50))
        assert gap.current_percent is None
        assert gap.workers_to_add == 0


class TestSplitByPercent:
    def test_halves_and_fifths(self):
        shares, errors = split_cost(
            total=Decimal(333_648_000),
            shares=[
                ShareInput("province", percent=Decimal(50)),
                ShareInput("regency", percent=Decimal(30)),
                ShareInput("village", percent=Decimal(20)),
            ],
            mode="percent",
        )
        assert errors == []
        assert [(s.source, s.amount) for s in shares] == [
            ("province", Decimal(166_824_000)),
            ("regency", Decimal(100_094_400)),
            ("village", Decimal(66_729_600)),
        ]

    def test_rounding_remainder_goes_to_the_largest_share(self):
        # 16,800 x 33.33% = 5,599.44 -> 5,599 (twice); x 33.34% = 5,601.12 -> 5,601; the
        # missing rupiah goes to the 33.34% share so the parts add up to 16,800.
        shares, errors = split_cost(
            total=Decimal(16_800),
            shares=[
                ShareInput("province", percent=Decimal("33.33")),
                ShareInput("regency", percent=Decimal("33.33")),
                ShareInput("csr", percent=Decimal("33.34")),
            ],
            mode="percent",
        )
        assert errors == []
        assert [s.amount for s in shares] == [Decimal(5_599), Decimal(5_599), Decimal(5_602)]
        assert sum(s.amount for s in shares) == Decimal(16_800)

    def test_percentages_must_add_up_to_100(self):
        shares, errors = split_cost(
            total=Decimal(1_000),
            shares=[
                ShareInput("province", percent=Decimal(60)),
                ShareInput("csr", percent=Decimal(30)),
            ],
            mode="percent",
        )
        assert shares == []
        assert [(e.loc, e.code) for e in errors] == [(("shares",), "sum_mismatch")]
        assert "90%" in errors[0].msg

    def test_out_of_range_share_is_located(self):
        _shares, errors = split_cost(
            total=Decimal(1_000),
            shares=[
                ShareInput("province", percent=Decimal(120)),
                ShareInput("csr", percent=Decimal(-20)),
            ],
            mode="percent",
        )
        assert [e.loc for e in errors] == [("shares", 0, "percent"), ("shares", 1, "percent")]

    def test_a_source_appears_once(self):
        _shares, errors = split_cost(
            total=Decimal(1_000),
            shares=[ShareInput("csr", percent=Decimal(50)), ShareInput("csr", percent=Decimal(50))],
            mode="percent",
        )
        assert [(e.loc, e.code) for e in errors] == [(("shares", 1, "source"), "duplicate")]


class TestSplitByAmount:
    def test_amounts_that_add_up(self):
        shares, errors = split_cost(
            total=Decimal(10_080_000),
            shares=[
                ShareInput("village", amount=Decimal(8_080_000)),
                ShareInput("csr", amount=Decimal(2_000_000)),
                ShareInput("province", amount=Decimal(0)),
            ],
            mode="amount",
        )
        assert errors == []
        assert [(s.source, s.amount, s.percent) for s in shares] == [
            ("village", Decimal(8_080_000), Decimal("80.16")),
            ("csr", Decimal(2_000_000), Decimal("19.84")),
        ]

    def test_amounts_that_do_not_add_up(self):
        shares, errors = split_cost(
            total=Decimal(10_080_000),
            shares=[ShareInput("village", amount=Decimal(10_000_000))],
            mode="amount",
        )
        assert shares == []
        assert errors[0].code == "sum_mismatch"
        assert "10.000.000" in errors[0].msg
        assert "10.080.000" in errors[0].msg

    @pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("10.5")])
    def test_negative_or_fractional_amounts_are_refused(self, amount):
        _shares, errors = split_cost(
            total=Decimal(10), shares=[ShareInput("csr", amount=amount)], mode="amount"
        )
        assert errors[0].loc == ("shares", 0, "amount")

    def test_unknown_mode(self):
        _shares, errors = split_cost(total=Decimal(10), shares=[], mode="guess")
        assert errors[0].loc == ("split_mode",)


class TestNotSplitYet:
    def test_no_share_given_is_not_an_error(self):
        assert split_cost(total=Decimal(16_800), shares=[], mode="percent") == ([], [])
        zero = [ShareInput("csr", percent=Decimal(0))]
        assert split_cost(total=Decimal(16_800), shares=zero, mode="percent") == ([], [])
