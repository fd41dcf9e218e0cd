from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.core import masking


class TestMasking:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("6171015001900003", "6171********0003"),
            ("12345678", "********"),
            ("", ""),
            (None, ""),
        ],
    )
    def test_identifier(self, value, expected):
        assert masking.mask_identifier(value) == expected

    def test_name_keeps_initials(self):
        assert masking.mask_name("Siti Aminah binti Umar") == "S*** A***** b**** U***"

    def test_phone(self):
        assert masking.mask_phone("081298765432") == "0812******32"

    def test_email(self):
        assert masking.mask_email("ahmad@example.id") == "a****@example.id"

    def test_birth_date_keeps_only_the_year(self):
        assert masking.mask_birth_date("1990-01-10") == "1990-**-**"

    @given(st.text(alphabet="0123456789", min_size=9, max_size=20))
    def test_masked_identifier_never_reveals_the_middle(self, value):
        masked = masking.mask_identifier(value)
        assert len(masked) == len(value)
        assert masked[4:-4] == "*" * (len(value) - 8)
