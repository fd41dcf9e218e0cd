"""Jakon contributions: reference §1.3-1.6 vectors, properties and bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.rules import (
    Code,
    ContractBase,
    InvalidInput,
    ParameterNotInForce,
    Vat,
    WorkerWage,
    default_parameters,
    jakon_addendum,
    jakon_contribution,
    jakon_wage_based,
    termin_status,
)

AS_OF = date(2025, 6, 2)
PARAMS = default_parameters()

# Reference §1.3 test vectors: V, JKK, JKM, total (exact), effective rate (% to 4 dp).
VECTORS = [
    ("50000000", "105000", "15000", "120000", "0.2400"),
    ("80000000", "168000", "24000", "192000", "0.2400"),
    ("100000000", "210000", "30000", "240000", "0.2400"),
    ("250000000", "465000", "60000", "525000", "0.2100"),
    ("500000000", "890000", "110000", "1000000", "0.2000"),
    ("850000000", "1345000", "180000", "1525000", "0.1794"),
    ("1000000000", "1540000", "210000", "1750000", "0.1750"),
    ("2500000000", "3190000", "360000", "3550000", "0.1420"),
    ("5000000000", "5940000", "610000", "6550000", "0.1310"),
    ("10000000000", "10440000", "1110000", "11550000", "0.1155"),
    ("123456789", "249876.54", "34691.36", "284567.90", "0.2305"),
]


def _id(v: str) -> str:
    return f"ref-1.3-V={v}"


class TestJakonReferenceVectors:
    @pytest.mark.parametrize(
        ("value", "jkk", "jkm", "total", "rate"), VECTORS, ids=[_id(v[0]) for v in VECTORS]
    )
    def test_exact_components_match_reference(self, value, jkk, jkm, total, rate):
        result = jakon_contribution(value, AS_OF, PARAMS)
        cents = Decimal("0.01")
        assert result.jkk.exact.quantize(cents) == Decimal(jkk)
        assert result.jkm.exact.quantize(cents) == Decimal(jkm)
        assert result.total_exact.quantize(cents) == Decimal(total)
        assert result.effective_rate_pct.quantize(Decimal("0.0001")) == Decimal(rate)

    @pytest.mark.parametrize(
        ("value", "jkk", "jkm", "total", "rate"), VECTORS, ids=[_id(v[0]) for v in VECTORS]
    )
    def test_billed_total_is_sum_of_components_rounded_half_up(self, value, jkk, jkm, total, rate):
        result = jakon_contribution(value, AS_OF, PARAMS)
        assert result.jkk.rounded == Decimal(jkk).quantize(Decimal(1), "ROUND_HALF_UP")
        assert result.jkm.rounded == Decimal(jkm).quantize(Decimal(1), "ROUND_HALF_UP")
        assert result.total == result.jkk.rounded + result.jkm.rounded

    def test_odd_value_rounds_each_component(self):
        result = jakon_contribution(123456789, AS_OF, PARAMS)
        assert (result.jkk.rounded, result.jkm.rounded, result.total) == (
            Decimal(249877),
            Decimal(34691),
            Decimal(284568),
        )

    def test_rejected_blog_example_is_not_reproduced(self):
        # S-BLOGJASABAYAR gives Rp1,560,000 for 850 jt; the regulation gives 1,525,000.
        assert jakon_contribution(850000000, AS_OF, PARAMS).total == 1525000


# Summary rows #1-#7: rates per tier and the cumulative contribution at each band top.
TIER_ROWS = [
    (1, "100000000", "0.21", "0.03", "210000", "30000", "240000"),
    (2, "500000000", "0.17", "0.02", "890000", "110000", "1000000"),
    (3, "1000000000", "0.13", "0.02", "1540000", "210000", "1750000"),
    (4, "5000000000", "0.11", "0.01", "5940000", "610000", "6550000"),
]


class TestJakonTiers:
    @pytest.mark.parametrize(
        ("tier", "top", "jkk_rate", "jkm_rate", "jkk", "jkm", "total"),
        TIER_ROWS,
        ids=[f"summary-#{r[0]}-#6-#7-tier{r[0]}-top" for r in TIER_ROWS],
    )
    def test_cumulative_at_band_top(self, tier, top, jkk_rate, jkm_rate, jkk, jkm, total):
        result = jakon_contribution(top, AS_OF, PARAMS)
        line = result.tiers[tier - 1]
        assert (line.jkk_rate_pct, line.jkm_rate_pct) == (Decimal(jkk_rate), Decimal(jkm_rate))
        assert result.jkk.rounded == Decimal(jkk)
        assert result.jkm.rounded == Decimal(jkm)
        assert result.total == Decimal(total)

    @pytest.mark.parametrize(
        ("tier", "jkk_rate", "jkm_rate", "combined"),
        [
            pytest.param(1, "0.21", "0.03", "0.24", id="summary-#1-#6-#7-tier1"),
            pytest.param(2, "0.17", "0.02", "0.19", id="summary-#2-#6-#7-tier2"),
            pytest.param(3, "0.13", "0.02", "0.15", id="summary-#3-#6-#7-tier3"),
            pytest.param(4, "0.11", "0.01", "0.12", id="summary-#4-#6-#7-tier4"),
            pytest.param(5, "0.09", "0.01", "0.10", id="summary-#5-#6-#7-tier5"),
        ],
    )
    def test_tier_rates(self, tier, jkk_rate, jkm_rate, combined):
        line = jakon_contribution(10_000_000_000, AS_OF, PARAMS).tiers[tier - 1]
        assert line.jkk_rate_pct == Decimal(jkk_rate)
        assert line.jkm_rate_pct == Decimal(jkm_rate)
        assert line.jkk_rate_pct + line.jkm_rate_pct == Decimal(combined)

    def test_band_upper_bound_is_inclusive(self):
        result = jakon_contribution(100_000_000, AS_OF, PARAMS)
        assert result.tiers[0].base_slice == 100_000_000
        assert all(line.base_slice == 0 for line in result.tiers[1:])

    def test_breakdown_lists_bounds_and_slices(self):
        tiers = jakon_contribution(350_000_000, AS_OF, PARAMS).to_dict()["tiers"]
        assert tiers[1] == {
            "tier": 2,
            "lower": 100000000,
            "upper": 500000000,
            "jkk_rate_pct": "0.17",
            "jkm_rate_pct": "0.02",
            "base_slice": 250000000,
            "jkk": "425000",
            "jkm": "50000",
        }
        assert tiers[4]["upper"] is None

    def test_rates_unchanged_before_and_after_pp82(self):
        before = jakon_contribution(850_000_000, date(2016, 1, 4), PARAMS)
        after = jakon_contribution(850_000_000, date(2026, 1, 5), PARAMS)
        assert before.total == after.total == 1525000


class TestJakonResultShape:
    def test_cli_shape(self):
        data = jakon_contribution("350000000", AS_OF, PARAMS).to_dict()
        assert data["contract_value"] == "350000000"
        assert (data["jkk"], data["jkm"], data["total"]) == (635000, 80000, 715000)
        assert data["as_of"] == "2025-06-02"
        names = {p["name"] for p in data["parameters"]}
        assert {"jakon.jkk.tiers", "jakon.jkm.tiers", "covid.jkk_jkm_factor"} <= names
        assert all({"name", "value", "valid_from", "source"} <= set(p) for p in data["parameters"])

    def test_unconfirmed_base_rule_is_warned(self):
        result = jakon_contribution(350_000_000, AS_OF, PARAMS)
        assert Code.PARAMETER_LOW_CONFIDENCE in {w.code for w in result.warnings}


class TestJakonCovidRelief:
    @pytest.mark.parametrize(
        ("as_of", "total"),
        [
            pytest.param(date(2020, 7, 31), 715000, id="pp49-before-Jul2020"),
            pytest.param(date(2020, 8, 1), 7150, id="pp49-first-month-Aug2020"),
            pytest.param(date(2021, 1, 31), 7150, id="pp49-last-month-Jan2021"),
            pytest.param(date(2021, 2, 1), 715000, id="pp49-after-Feb2021"),
        ],
    )
    def test_relief_factor_applies_to_contribution_months(self, as_of, total):
        assert jakon_contribution(350_000_000, as_of, PARAMS).total == total

    def test_relief_rate_is_one_percent_of_each_tier(self):
        line = jakon_contribution(350_000_000, date(2020, 9, 1), PARAMS).tiers[0]
        assert line.jkk_rate_pct == Decimal("0.0021")

    def test_relief_is_warned(self):
        result = jakon_contribution(350_000_000, date(2020, 9, 1), PARAMS)
        assert Code.COVID_RELIEF_APPLIED in {w.code for w in result.warnings}


class TestJakonVat:
    def test_as_entered_ignores_vat(self):
        result = jakon_contribution(
            555_000_000, AS_OF, PARAMS, vat=Vat(55_000_000), base=ContractBase.AS_ENTERED
        )
        assert result.base == 555_000_000
        assert result.vat_amount == 55_000_000

    def test_excluding_vat_subtracts_included_vat(self):
        result = jakon_contribution(
            555_000_000, AS_OF, PARAMS, vat=Vat(55_000_000), base=ContractBase.EXCLUDING_VAT
        )
        assert result.base == 500_000_000
        assert result.total == 1_000_000

    def test_including_vat_adds_excluded_vat(self):
        result = jakon_contribution(
            500_000_000,
            AS_OF,
            PARAMS,
            vat=Vat(55_000_000, included_in_value=False),
            base=ContractBase.INCLUDING_VAT,
        )
        assert result.base == 555_000_000

    def test_excluding_vat_without_amount_is_rejected(self):
        with pytest.raises(InvalidInput) as error:
            jakon_contribution(555_000_000, AS_OF, PARAMS, base=ContractBase.EXCLUDING_VAT)
        assert error.value.code is Code.VAT_AMOUNT_REQUIRED

    def test_vat_not_below_value_is_rejected(self):
        with pytest.raises(InvalidInput) as error:
            jakon_contribution(100, AS_OF, PARAMS, vat=Vat(100), base=ContractBase.EXCLUDING_VAT)
        assert error.value.code is Code.VAT_EXCEEDS_VALUE

    def test_negative_vat_is_rejected(self):
        with pytest.raises(InvalidInput) as error:
            jakon_contribution(1000, AS_OF, PARAMS, vat=Vat(-1))
        assert error.value.field == "vat.amount"


class TestJakonBadInput:
    @pytest.mark.parametrize(
        ("value", "code"),
        [
            pytest.param(0, Code.VALUE_NOT_POSITIVE, id="zero"),
            pytest.param(-5, Code.VALUE_NEGATIVE, id="negative"),
            pytest.param("-1000000", Code.VALUE_NEGATIVE, id="negative-text"),
            pytest.param(10_000_000_000_001, Code.VALUE_TOO_LARGE, id="over-10T"),
            pytest.param(350000000.0, Code.VALUE_IS_FLOAT, id="float"),
            pytest.param("3,5 M", Code.VALUE_NOT_A_NUMBER, id="text"),
            pytest.param("NaN", Code.VALUE_NOT_A_NUMBER, id="nan"),
            pytest.param(None, Code.VALUE_REQUIRED, id="none"),
            pytest.param(True, Code.VALUE_NOT_A_NUMBER, id="bool"),
        ],
    )
    def test_rejects_bad_contract_value(self, value, code):
        with pytest.raises(InvalidInput) as error:
            jakon_contribution(value, AS_OF, PARAMS)
        assert error.value.code is code
        assert error.value.field == "contract_value"

    def test_accepts_exactly_10t(self):
        assert jakon_contribution(10_000_000_000_000, AS_OF, PARAMS).total > 0

    def test_rejects_date_before_parameters(self):
        with pytest.raises(ParameterNotInForce) as error:
            jakon_contribution(350_000_000, date(2010, 1, 1), PARAMS)
        assert "2010-01-01" in error.value.message("en")


class TestJakonProperties:
    @given(a=st.integers(1, 20_000_000_000), b=st.integers(1, 20_000_000_000))
    def test_total_is_monotonic(self, a, b):
        low, high = sorted((a, b))
        small = jakon_contribution(low, AS_OF, PARAMS)
        large = jakon_contribution(high, AS_OF, PARAMS)
        assert small.total_exact <= large.total_exact
        assert small.total <= large.total

    @given(a=st.integers(1, 20_000_000_000), b=st.integers(1, 20_000_000_000))
    def test_effective_rate_does_not_rise(self, a, b):
        low, high = sorted((a, b))
        small = jakon_contribution(low, AS_OF, PARAMS).total_exact
        large = jakon_contribution(high, AS_OF, PARAMS).total_exact
        # small/low >= large/high, cross-multiplied to stay exact.
        assert small * high >= large * low

    @given(
        edge=st.sampled_from([100_000_000, 500_000_000, 1_000_000_000, 5_000_000_000]),
        step=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2),
    )
    def test_continuous_at_tier_edges(self, edge, step):
        at = jakon_contribution(edge, AS_OF, PARAMS).total_exact
        below = jakon_contribution(edge - step, AS_OF, PARAMS).total_exact
        above = jakon_contribution(edge + step, AS_OF, PARAMS).total_exact
        max_rate = Decimal("0.0024")
        assert Decimal(0) <= at - below <= max_rate * step
        assert Decimal(0) <= above - at <= max_rate * step

    @given(value=st.decimals(min_value=1, max_value=20_000_000_000, places=2))
    def test_total_is_sum_of_tiers(self, value):
        result = jakon_contribution(value, AS_OF, PARAMS)
        assert sum(line.base_slice for line in result.tiers) == result.base
        assert sum(line.jkk.exact for line in result.tiers) == result.jkk.exact
        assert sum(line.jkm.exact for line in result.tiers) == result.jkm.exact


class TestJakonWageBased:
    def test_rates_from_summary_8(self):
        result = jakon_wage_based([WorkerWage(3_000_000, 1)], AS_OF, PARAMS)
        assert (result.jkk.rounded, result.jkm.rounded, result.total) == (52200, 9000, 61200)

    @pytest.mark.parametrize(
        ("name", "rate"),
        [
            pytest.param("jakon.wage_known.jkk_pct", "1.74", id="summary-#8-JKK"),
            pytest.param("jakon.wage_known.jkm_pct", "0.30", id="summary-#8-JKM"),
        ],
    )
    def test_parameter_values(self, name, rate):
        assert PARAMS.get(name, AS_OF).value == Decimal(rate)

    def test_total_rate_is_2_04_percent(self):
        result = jakon_wage_based([WorkerWage(1_000_000, 1)], AS_OF, PARAMS)
        assert result.total == 20400  # summary #8: 2.04%

    def test_sums_workers_times_months(self):
        workers = [WorkerWage(3_000_000, 4, "tukang"), WorkerWage("2500000", 2, "kenek")]
        result = jakon_wage_based(workers, AS_OF, PARAMS)
        assert result.wage_bill == 17_000_000
        assert result.jkk.rounded == 295800
        assert result.jkm.rounded == 51000
        assert result.to_dict()["workers"][1]["label"] == "kenek"

    def test_months_rule_is_flagged_unconfirmed(self):
        result = jakon_wage_based([WorkerWage(3_000_000, 1)], AS_OF, PARAMS)
        assert Code.JAKON_RULE_UNCONFIRMED in {w.code for w in result.warnings}

    def test_collects_every_bad_worker(self):
        with pytest.raises(InvalidInput) as error:
            jakon_wage_based([WorkerWage(0, 1), WorkerWage(1000, 0)], AS_OF, PARAMS)
        fields = [issue.field for issue in error.value.issues]
        assert fields == ["workers[0].monthly_wage", "workers[1].months"]

    def test_rejects_no_workers(self):
        with pytest.raises(InvalidInput) as error:
            jakon_wage_based([], AS_OF, PARAMS)
        assert error.value.code is Code.VALUE_REQUIRED


class TestJakonAddendum:
    def test_extra_is_difference_of_totals(self):
        result = jakon_addendum(400_000_000, 600_000_000, AS_OF, PARAMS)
        # total(600 jt) = 1,150,000; total(400 jt) = 810,000.
        assert result.difference == 340_000
        assert result.extra_due == 340_000

    def test_extra_is_not_marginal_rate_on_added_amount(self):
        result = jakon_addendum(400_000_000, 600_000_000, AS_OF, PARAMS)
        added_alone = jakon_contribution(200_000_000, AS_OF, PARAMS).total
        assert result.extra_due != added_alone

    def test_reduction_owes_nothing_and_is_flagged(self):
        result = jakon_addendum(600_000_000, 400_000_000, AS_OF, PARAMS)
        assert result.difference == -340_000
        assert result.extra_due == 0
        assert Code.ADDENDUM_REDUCTION in {w.code for w in result.warnings}

    def test_rule_is_flagged_unconfirmed(self):
        result = jakon_addendum(1, 2, AS_OF, PARAMS)
        assert result.warnings[0].code is Code.ADDENDUM_RULE_UNCONFIRMED

    def test_rejects_bad_values_together(self):
        with pytest.raises(InvalidInput) as error:
            jakon_addendum(0, -1, AS_OF, PARAMS)
        assert [i.field for i in error.value.issues] == ["original_value", "amended_value"]


class TestTerminStatus:
    def test_shares_from_summary_13(self):
        status = termin_status(1_000_000, AS_OF, PARAMS)
        assert [line.due for line in status.lines] == [500_000, 250_000, 250_000]
        assert [line.share_pct for line in status.lines] == [50, 25, 25]

    def test_rounding_remainder_goes_to_last_termin(self):
        status = termin_status(715_001, AS_OF, PARAMS)
        assert [line.due for line in status.lines] == [357_501, 178_750, 178_750]
        assert sum(line.due for line in status.lines) == 715_001

    def test_partial_payment_is_applied_in_order(self):
        status = termin_status(1_000_000, AS_OF, PARAMS, payments=[500_000, 100_000])
        assert [line.outstanding for line in status.lines] == [0, 150_000, 250_000]
        assert (status.paid, status.outstanding, status.overpaid) == (600_000, 400_000, 0)
        assert status.first_termin_paid

    def test_first_termin_unpaid(self):
        status = termin_status(1_000_000, AS_OF, PARAMS, payments=[499_999])
        assert not status.first_termin_paid

    def test_overpayment_is_reported(self):
        status = termin_status(1_000_000, AS_OF, PARAMS, payments=[1_200_000])
        assert (status.outstanding, status.overpaid) == (0, 200_000)
        assert status.warnings[0].code is Code.TERMIN_OVERPAID

    def test_rejects_zero_payment(self):
        with pytest.raises(InvalidInput) as error:
            termin_status(1_000_000, AS_OF, PARAMS, payments=[0])
        assert error.value.field == "payments[0]"
