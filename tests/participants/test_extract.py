"""Column-wise checks of a participant extract (no database)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.participants.errors import SnapshotRefused
from lindung.participants.extract import nik_valid, parse_extract, read_extract
from lindung.rules.identifiers import validate_nik
from tests.factories.participants import extract_csv, row

pytestmark = pytest.mark.usefixtures("english")

REGIONS = {"61", "61.71", "61.71.01", "61.71.01.1001", "61.01", "61.01.01"}
ON = date(2026, 6, 30)


def _parse(rows: list[dict[str, str]], **kwargs: object) -> pl.DataFrame:
    return parse_extract(
        read_extract("x.csv", extract_csv(rows)),
        extract_date=ON,
        region_codes=REGIONS,
        lapse_months=3,
    ).valid


def _rejected(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    parsed = parse_extract(
        read_extract("x.csv", extract_csv(rows)),
        extract_date=ON,
        region_codes=REGIONS,
        lapse_months=3,
    )
    return parsed.rejected.to_dicts()


class TestReadExtract:
    def test_refuses_unknown_extension(self) -> None:
        with pytest.raises(SnapshotRefused, match="csv"):
            read_extract("extract.pdf", b"%PDF-1.4")

    def test_refuses_empty_file(self) -> None:
        with pytest.raises(SnapshotRefused):
            read_extract("extract.csv", b"   ")

    def test_refuses_binary_content(self) -> None:
        with pytest.raises(SnapshotRefused):
            read_extract("extract.csv", b"kpj\x00nik\n")

    def test_reads_semicolon_separated_and_aliases(self) -> None:
        frame = read_extract("x.csv", b"No KPJ;NIK;Nama Peserta\n26000000001;;Budi\n")
        assert frame.columns == ["kpj", "nik", "nama"]
        assert frame.row(0) == ("26000000001", "", "Budi")

    def test_missing_columns_are_named(self) -> None:
        frame = read_extract("x.csv", b"kpj,nama\n26000000001,Budi\n")
        with pytest.raises(SnapshotRefused, match="tanggal_lahir"):
            parse_extract(frame, extract_date=ON, region_codes=REGIONS, lapse_months=3)


class TestRowChecks:
    def test_valid_row_is_normalised(self) -> None:
        valid = _parse([row(1, kode_wilayah="617101", jenis_kelamin="Perempuan")])
        got = valid.row(0, named=True)
        assert got["kpj"] == "26000000001"
        assert got["nik_valid"] is True
        assert got["sex"] == "female"
        assert got["segment"] == "bpu"
        assert got["region_code"] == "61.71.01"
        assert got["regency_code"] == "61.71"
        assert got["sector"] == "small_trade"
        assert got["last_paid_month"] == date(2026, 5, 1)
        assert got["standing"] == "covered"
        assert got["row_number"] == 2

    @pytest.mark.parametrize(
        ("field", "value", "reason"),
        [
            ("kpj", "12345", "11 digits"),
            ("nama", "", "name is empty"),
            ("tanggal_lahir", "31/02/1990", "not a date"),
            ("tanggal_lahir", "2030-01-01", "after the extract date"),
            ("jenis_kelamin", "X", "L or P"),
            ("segmen", "PNS", "PU, BPU or JAKON"),
            ("status", "mungkin", "aktif or nonaktif"),
            ("bulan_terakhir_bayar", "13/2026", "not a month"),
            ("bulan_terakhir_bayar", "2026-09", "after the extract date"),
            ("kode_wilayah", "32.73", "unknown region"),
            ("sektor", "astronot", "unknown sector"),
            ("program", "JKK,XYZ", "unknown program"),
        ],
    )
    def test_each_bad_field_is_rejected_with_its_column(
        self, field: str, value: str, reason: str
    ) -> None:
        rejected = _rejected([row(1), row(2, **{field: value})])
        assert len(rejected) == 1
        assert rejected[0]["baris"] == 3
        assert rejected[0]["kolom"] == field
        assert reason in str(rejected[0]["alasan"])
        assert rejected[0][field] == value

    def test_all_problems_of_a_row_are_listed(self) -> None:
        rejected = _rejected([row(1, kpj="1", segmen="?", status="?")])
        assert rejected[0]["kolom"] == "kpj; segmen; status"

    def test_duplicate_kpj_keeps_the_first_row(self) -> None:
        rows = [row(1), row(2), row(1, nama="Siti A.")]
        parsed = parse_extract(
            read_extract("x.csv", extract_csv(rows)),
            extract_date=ON,
            region_codes=REGIONS,
            lapse_months=3,
        )
        assert parsed.valid["name"].to_list() == ["Siti Aminah", "Siti Aminah"]
        assert parsed.rejected["alasan"].to_list() == ["kpj: duplicate KPJ (first seen in row 2)"]

    def test_invalid_nik_is_kept_but_flagged(self) -> None:
        valid = _parse([row(1, nik="123"), row(2, nik="")])
        assert valid["nik_valid"].to_list() == [False, False]
        assert valid["nik"].to_list() == ["123", ""]

    def test_jakon_without_sector_is_construction(self) -> None:
        valid = _parse([row(1, segmen="JAKON", sektor=""), row(2, segmen="PU", sektor="")])
        assert valid["sector"].to_list() == ["construction", ""]

    def test_quarantine_escapes_formulas(self) -> None:
        parsed = parse_extract(
            read_extract("x.csv", extract_csv([row(1), row(2, kpj="=1+1")])),
            extract_date=ON,
            region_codes=REGIONS,
            lapse_months=3,
        )
        text = parsed.quarantine_csv().decode("utf-8-sig")
        assert "'=1+1" in text
        assert text.splitlines()[0].startswith("baris,kolom,alasan,kpj")


class TestStanding:
    @pytest.mark.parametrize(
        ("segment", "status", "paid", "standing"),
        [
            ("BPU", "aktif", "2026-06", "covered"),
            ("BPU", "aktif", "2026-04", "covered"),  # 2 months unpaid
            ("BPU", "aktif", "2026-03", "lapsed"),  # 3 months unpaid
            ("PU", "aktif", "2025-12", "lapsed"),
            ("BPU", "aktif", "", "covered"),  # no payment month: the status decides
            ("BPU", "nonaktif", "2026-06", "lapsed"),
            ("JAKON", "aktif", "2025-01", "covered"),  # paid once per project
            ("JAKON", "nonaktif", "2026-06", "lapsed"),
        ],
    )
    def test_standing_follows_status_and_unpaid_months(
        self, segment: str, status: str, paid: str, standing: str
    ) -> None:
        valid = _parse([row(1, segmen=segment, status=status, bulan_terakhir_bayar=paid)])
        assert valid["standing"].to_list() == [standing]


class TestNikExpression:
    @settings(max_examples=300, deadline=None)
    @given(
        st.one_of(
            st.text(alphabet="0123456789", min_size=16, max_size=16),
            st.builds(
                lambda p, d, m, y, s: f"{p}{d:02d}{m:02d}{y:02d}{s:04d}",
                st.sampled_from(["617101", "617100", "110101", "991234", "006101"]),
                st.integers(0, 79),
                st.integers(0, 13),
                st.integers(0, 99),
                st.integers(0, 9999),
            ),
            st.text(alphabet="0123456789 .x", max_size=18),
        ),
        st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    )
    def test_matches_the_rules_validator(self, nik: str, reference: date) -> None:
        got = nik_valid(pl.Series("nik", [nik]), reference)[0]
        assert got == validate_nik(nik, reference_date=reference).valid

    @pytest.mark.parametrize(
        "nik",
        ["6171012902000001", "6171012902010001", "6171013102900001", "6171017102900001"],
    )
    def test_impossible_dates_in_one_century_do_not_break_the_batch(self, nik: str) -> None:
        got = nik_valid(pl.Series("nik", [nik, "6171014501900003"]), ON).to_list()
        assert got == [validate_nik(nik, reference_date=ON).valid, True]
