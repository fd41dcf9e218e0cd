"""PU contributions: summary #14-#20, the JP cap dating rule, bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.rules import (
    Code,
    Confidence,
    InvalidInput,
    Kind,
    Parameter,
    ParameterNotInForce,
    RiskGroup,
    build_calendar,
    default_parameters,
    pu_contribution,
    pu_late_fee,
    pu_payment_due,
)

PARAMS = default_parameters()
AS_OF = date(2025, 6, 2)
WAGE = 5_000_000


def _with_2020_cap():
    # The 2016-2022 caps are not in the reference; a test adds one the way an admin would.
    record = Parameter(
        name="pu.jp_wage_cap",
        kind=Kind.DECIMAL,
        value=Decimal(8_754_600),
        valid_from=date(2020, 3, 1),
        valid_to=date(2021, 2, 28),
        source="test record",
        confidence=Confidence.L,
    )
    return PARAMS.with_records([record])


class TestPuRates:
    @pytest.mark.parametrize(
        ("group", "rate", "amount"),
        [
            pytest.param(RiskGroup.VERY_LOW, "0.24", 12000, id="summary-#14-very-low"),
            pytest.param(RiskGroup.LOW, "0.54", 27000, id="summary-#14-low"),
            pytest.param(RiskGroup.MEDIUM, "0.89", 44500, id="summary-#14-medium"),
            pytest.param(RiskGroup.HIGH, "1.27", 63500, id="summary-#14-high"),
            pytest.param(RiskGroup.VERY_HIGH, "1.74", 87000, id="summary-#14-very-high"),
        ],
    )
    def test_jkk_by_risk_group(self, group, rate, amount):
        line = pu_contribution(WAGE, group, AS_OF, PARAMS).line("JKK")
        assert line.employer_rate_pct == Decimal(rate)
        assert (line.employer.rounded, line.worker.rounded) == (amount, 0)

    def test_jkm_summary_15(self):
        line = pu_contribution(WAGE, "low", AS_OF, PARAMS).line("JKM")
        assert (line.employer_rate_pct, line.employer.rounded) == (Decimal("0.30"), 15000)

    def test_jht_summary_16(self):
        line = pu_contribution(WAGE, "low", AS_OF, PARAMS).line("JHT")
        assert (line.employer.rounded, line.worker.rounded, line.total) == (185000, 100000, 285000)
        assert line.employer_rate_pct + line.worker_rate_pct == Decimal("5.7")

    def test_jp_summary_17(self):
        line = pu_contribution(WAGE, "low", AS_OF, PARAMS).line("JP")
        assert (line.employer.rounded, line.worker.rounded) == (100000, 50000)
        assert line.employer_rate_pct + line.worker_rate_pct == Decimal("3.0")

    def test_shares_and_totals(self):
        result = pu_contribution(WAGE, "low", AS_OF, PARAMS)
        assert result.employer_total == 27000 + 15000 + 185000 + 100000
        assert result.worker_total == 100000 + 50000
        assert result.total == result.employer_total + result.worker_total
        assert result.to_dict()["total"] == 477000

    def test_rounds_each_share_half_up(self):
        line = pu_contribution(1_234_567, "low", AS_OF, PARAMS).line("JKK")
        assert line.employer.exact == Decimal("6666.6618")
        assert line.employer.rounded == 6667


class TestJpWageCap:
    @pytest.mark.parametrize(
        ("as_of", "cap"),
        [
            pytest.param(date(2015, 7, 1), 7_000_000, id="ref-2.2-2015"),
            pytest.param(date(2022, 6, 1), 9_077_600, id="ref-2.2-2022"),
            pytest.param(date(2023, 3, 1), 9_559_600, id="ref-2.2-2023"),
            pytest.param(date(2024, 3, 1), 10_042_300, id="ref-2.2-2024"),
            pytest.param(date(2025, 2, 28), 10_042_300, id="ref-2.2-Feb2025-uses-2024-cap"),
            pytest.param(date(2025, 3, 1), 10_547_400, id="summary-#18-2025"),
            pytest.param(date(2026, 1, 15), 10_547_400, id="summary-#18-Jan2026-uses-2025-cap"),
            pytest.param(date(2026, 2, 28), 10_547_400, id="summary-#18-Feb2026-uses-2025-cap"),
            pytest.param(date(2026, 3, 1), 11_086_300, id="summary-#18-2026"),
        ],
    )
    def test_cap_in_force(self, as_of, cap):
        line = pu_contribution(20_000_000, "low", as_of, PARAMS).line("JP")
        assert line.base == cap

    def test_wage_below_cap_is_not_capped(self):
        result = pu_contribution(WAGE, "low", AS_OF, PARAMS)
        assert result.line("JP").base == WAGE
        assert Code.JP_WAGE_CAPPED not in {w.code for w in result.warnings}

    def test_capping_is_warned(self):
        result = pu_contribution(20_000_000, "low", AS_OF, PARAMS)
        assert Code.JP_WAGE_CAPPED in {w.code for w in result.warnings}

    def test_gap_years_raise_instead_of_guessing(self):
        with pytest.raises(ParameterNotInForce) as error:
            pu_contribution(WAGE, "low", date(2019, 5, 1), PARAMS)
        assert error.value.field == "pu.jp_wage_cap"

    def test_after_last_known_cap_raises(self):
        with pytest.raises(ParameterNotInForce):
            pu_contribution(WAGE, "low", date(2027, 3, 1), PARAMS)


class TestJkp:
    def test_summary_19_and_20(self):
        jkp = pu_contribution(8_000_000, "low", AS_OF, PARAMS).jkp
        assert jkp is not None
        assert jkp.base == 5_000_000  # summary #20 cap
        assert jkp.rate_pct == Decimal("0.36")  # summary #19
        assert jkp.amount.rounded == 18000
        assert jkp.government is not None
        assert jkp.government.rounded == 11000  # 0.22% of the capped wage

    def test_jkp_is_not_billed(self):
        result = pu_contribution(WAGE, "low", AS_OF, PARAMS)
        assert "JKP" not in {line.program for line in result.lines}

    def test_before_jkp_existed(self):
        assert pu_contribution(WAGE, "low", date(2020, 6, 1), _with_2020_cap()).jkp is None

    def test_pp37_period_is_flagged_not_guessed(self):
        result = pu_contribution(WAGE, "low", date(2024, 6, 1), PARAMS)
        assert result.jkp is None
        assert Code.JKP_NOT_COMPUTED in {w.code for w in result.warnings}


class TestPuCovidRelief:
    def test_jkk_and_jkm_at_one_percent(self):
        result = pu_contribution(WAGE, "low", date(2020, 9, 1), _with_2020_cap())
        assert result.line("JKK").employer.rounded == 270
        assert result.line("JKM").employer.rounded == 150


class TestPuBadInput:
    def test_rejects_unknown_risk_group(self):
        with pytest.raises(InvalidInput) as error:
            pu_contribution(WAGE, "extreme", AS_OF, PARAMS)
        assert error.value.field == "risk_group"

    @pytest.mark.parametrize(
        ("wage", "code"),
        [
            pytest.param(0, Code.VALUE_NOT_POSITIVE, id="zero"),
            pytest.param(-1, Code.VALUE_NEGATIVE, id="negative"),
            pytest.param(5e6, Code.VALUE_IS_FLOAT, id="float"),
            pytest.param(10**14, Code.VALUE_TOO_LARGE, id="absurd"),
        ],
    )
    def test_rejects_bad_wage(self, wage, code):
        with pytest.raises(InvalidInput) as error:
            pu_contribution(wage, "low", AS_OF, PARAMS)
        assert (error.value.code, error.value.field) == (code, "wage")

    def test_rejects_date_before_programs(self):
        with pytest.raises(ParameterNotInForce):
            pu_contribution(WAGE, "low", date(2015, 6, 30), PARAMS)


CALENDAR = build_calendar(range(2019, 2027))


class TestPuPaymentDue:
    @pytest.mark.parametrize(
        ("month", "due"),
        [
            pytest.param(date(2025, 6, 1), date(2025, 7, 15), id="summary-#27-15th-next-month"),
            pytest.param(date(2025, 5, 20), date(2025, 6, 16), id="summary-#27-Sunday-to-Monday"),
            pytest.param(date(2025, 12, 1), date(2026, 1, 15), id="summary-#27-year-end"),
            pytest.param(date(2021, 1, 1), date(2021, 3, 1), id="pp49-30th-of-February-Sunday"),
        ],
    )
    def test_due_date(self, month, due):
        assert pu_payment_due(month, PARAMS, CALENDAR).due == due

    def test_covid_deadline_skips_cuti_bersama(self):
        result = pu_payment_due(date(2020, 9, 1), PARAMS, CALENDAR)
        assert result.nominal_due == date(2020, 10, 30)
        assert result.due == date(2020, 11, 2)
        assert result.skipped[0].reason.startswith("Cuti Bersama")


class TestPuLateFee:
    @pytest.mark.parametrize(
        ("month", "fee"),
        [
            pytest.param(date(2025, 6, 1), 60_000, id="summary-#27-2pct-per-month"),
            pytest.param(date(2020, 9, 1), 15_000, id="pp49-0.5pct-per-month"),
        ],
    )
    def test_fee(self, month, fee):
        assert pu_late_fee(1_000_000, 3, month, PARAMS).rounded == fee

    def test_on_time_costs_nothing(self):
        assert pu_late_fee(1_000_000, 0, AS_OF, PARAMS).rounded == 0

    def test_rejects_negative_months(self):
        with pytest.raises(InvalidInput) as error:
            pu_late_fee(1_000_000, -1, AS_OF, PARAMS)
        assert error.value.field == "months_late"
