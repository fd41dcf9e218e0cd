"""Money helpers: half-up rounding, strict coercion, JSON output."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lindung.rules import Amount, Code, InvalidInput, json_amount, round_rupiah
from lindung.rules.money import to_money


class TestRoundRupiah:
    @pytest.mark.parametrize(
        ("exact", "rounded"),
        [
            pytest.param("0.5", 1, id="half-up"),
            pytest.param("2.5", 3, id="half-up-even-below"),
            pytest.param("2.4999", 2, id="below-half"),
            pytest.param("249876.5413", 249877, id="ref-1.3-JKK-123456789"),
            pytest.param("34691.3578", 34691, id="ref-1.3-JKM-123456789"),
        ],
    )
    def test_rounds_half_up(self, exact, rounded):
        assert round_rupiah(Decimal(exact)) == rounded

    def test_amount_keeps_exact(self):
        amount = Amount.of(Decimal("10.5"))
        assert amount.to_dict() == {"exact": "10.5", "rounded": 11}


class TestJsonAmount:
    def test_whole_is_int(self):
        assert json_amount(Decimal("715000.00")) == 715000

    def test_fraction_is_text(self):
        assert json_amount(Decimal("3396267.26")) == "3396267.26"


class TestToMoney:
    def test_accepts_text_int_decimal(self):
        assert to_money(" 100 ", "v") == to_money(100, "v") == to_money(Decimal(100), "v")

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            pytest.param(1.5, Code.VALUE_IS_FLOAT, id="float"),
            pytest.param(False, Code.VALUE_NOT_A_NUMBER, id="bool"),
            pytest.param([1], Code.VALUE_NOT_A_NUMBER, id="list"),
            pytest.param("Infinity", Code.VALUE_NOT_A_NUMBER, id="infinity"),
            pytest.param(" ", Code.VALUE_REQUIRED, id="blank"),
            pytest.param(0, Code.VALUE_NOT_POSITIVE, id="zero"),
            pytest.param(Decimal("-0.01"), Code.VALUE_NEGATIVE, id="negative"),
            pytest.param("10000000000000.01", Code.VALUE_TOO_LARGE, id="over-10T"),
        ],
    )
    def test_rejects(self, value, code):
        with pytest.raises(InvalidInput) as error:
            to_money(value, "amount")
        assert (error.value.code, error.value.field) == (code, "amount")
