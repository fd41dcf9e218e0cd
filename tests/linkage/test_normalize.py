"""Indonesian name normalisation, date detection and NIK parsing."""

from __future__ import annotations

from datetime import date

import pytest

from lindung.linkage.engine.normalize import (
    detect_date_format,
    normalize_name,
    parse_date,
    parse_nik,
    patronym,
)
from lindung.rules.identifiers import Sex, build_nik

SAME_PERSON = [
    ("H. Ahmad Dahlan", "Haji Achmad Dachlan"),
    ("Siti Aminah binti Umar", "Siti Aminah"),
    ("Djoko", "Joko"),
    ("Tjahjono", "Cahyono"),
    ("Soekarno", "Sukarno"),
    ("Yusuf", "Jusuf"),
    ("Muhammad Ali", "Muhamad Ali"),
    ("Muhammad Ali", "Moh. Ali"),
    ("Muhammad Ali", "M. Ali"),
    ("Mohammad Yusuf", "Muhammad Jusuf"),
    ("Ir. Budi S.T.", "Budi"),
    ("Drs. H. Budi Santoso, M.Kom.", "budi  santoso"),
    ("Hj. Siti Rahmawati S.Pd.", "SITI RAHMAWATI"),
    ("Budi ST", "Budi"),
    ("Suryani", "Suriani"),
    ("Hariyanto", "Haryanto".replace("y", "iy")),
    ("Rustini", "Roestini"),
    ("Taufik", "Taufiq"),
    ("Muhammad Ramadhan", "M. Ramadan"),
    ("Abd. Rahman", "Abdul Rahman"),
]
DIFFERENT_PEOPLE = [
    ("Budi Santoso", "Budi Susanto"),
    ("Siti Aminah", "Siti Fatimah"),
    ("Ahmad Dahlan", "Ahmad Dani"),
]


class TestNormalizeName:
    @pytest.mark.parametrize(("a", "b"), SAME_PERSON)
    def test_variants_share_a_key(self, a: str, b: str) -> None:
        assert normalize_name(a) == normalize_name(b)

    @pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
    def test_different_names_keep_different_keys(self, a: str, b: str) -> None:
        assert normalize_name(a) != normalize_name(b)

    @pytest.mark.parametrize(
        ("raw", "key"),
        [
            ("H. Ahmad Dahlan", "ahmad dahlan"),
            ("Siti Aminah binti Umar", "siti aminah"),
            ("Tjahjono", "cahiono"),
            ("  ", None),
            (None, None),
            ("Budi M.", "budi m"),
        ],
    )
    def test_key(self, raw: str | None, key: str | None) -> None:
        assert normalize_name(raw) == key

    def test_patronym_is_kept_apart(self) -> None:
        assert patronym("Siti Aminah binti Umar") == "umar"
        assert patronym("Siti Aminah") is None


class TestDates:
    @pytest.mark.parametrize(
        ("values", "fmt"),
        [
            (["1990-01-31", "1985-12-01"], "%Y-%m-%d"),
            (["19900131", "19851201"], "%Y%m%d"),
            (["31/01/1990", "01/12/1985"], "%d/%m/%Y"),
            (["31-01-1990", "01-12-1985"], "%d-%m-%Y"),
            (["", None, "31/01/1990"], "%d/%m/%Y"),
            (["not a date"], None),
            ([], None),
        ],
    )
    def test_detects_format(self, values: list[str | None], fmt: str | None) -> None:
        assert detect_date_format(values) == fmt

    def test_parses_with_and_without_format(self) -> None:
        assert parse_date("31/01/1990") == date(1990, 1, 31)
        assert parse_date("1990-01-31 00:00:00") == date(1990, 1, 31)
        assert parse_date("01/02/1990", "%d/%m/%Y") == date(1990, 2, 1)
        assert parse_date("garbage") is None


class TestParseNik:
    def test_decodes_a_woman(self) -> None:
        nik = build_nik("617101", date(1990, 8, 5), Sex.FEMALE, 3)
        parts = parse_nik(nik)
        assert parts is not None
        assert (parts.region_code, parts.birth_date, parts.sex, parts.serial) == (
            "61.71.01",
            date(1990, 8, 5),
            Sex.FEMALE,
            "0003",
        )

    @pytest.mark.parametrize("value", [None, "123", "6171013208900003", "abc"])
    def test_invalid_is_none(self, value: str | None) -> None:
        assert parse_nik(value) is None
