"""Identifiers: NIK (§6.1), KPJ (#43), NIB (#44), NPWP (#45), NIP (#46), Kode RUP."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st

from lindung.rules import (
    Code,
    InvalidInput,
    NpwpHolder,
    Sex,
    build_nik,
    default_parameters,
    require_valid,
    validate_kode_rup,
    validate_kpj,
    validate_nib,
    validate_nik,
    validate_nip,
    validate_npwp,
)
from lindung.rules.identifiers import PROVINCE_CODES

REF = date(2026, 6, 1)
PARAMS = default_parameters()
KNOWN = frozenset({"61.71", "61.71.01", "61.71.02", "61.12", "61.12.01"})


def _errors(check):
    return {issue.code for issue in check.errors}


def _warnings(check):
    return {issue.code for issue in check.warnings}


class TestValidateNik:
    def test_decodes_a_woman_from_pontianak(self):
        check = validate_nik("6171015508900001", reference_date=REF)
        assert check.valid
        assert (check.region_code, check.regency_code, check.province_code) == (
            "61.71.01",
            "61.71",
            "61",
        )
        assert (check.birth_date, check.sex, check.serial) == (
            date(1990, 8, 15),
            Sex.FEMALE,
            "0001",
        )

    def test_decodes_a_man(self):
        check = validate_nik("6112011502850123", reference_date=REF)
        assert (check.birth_date, check.sex) == (date(1985, 2, 15), Sex.MALE)

    def test_strips_spaces_and_dots(self):
        check = validate_nik(" 61.71.01 550890 0001 ", reference_date=REF)
        assert check.valid
        assert check.value == "6171015508900001"

    def test_keeps_leading_zero_text(self):
        check = validate_nik(6171015508900001, reference_date=REF)
        assert _errors(check) == {Code.ID_NOT_DIGITS}

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            pytest.param("", Code.ID_EMPTY, id="empty"),
            pytest.param("61710155O8900001", Code.ID_NOT_DIGITS, id="letter-O"),
            pytest.param("617101550890000", Code.ID_WRONG_LENGTH, id="15-digits"),
            pytest.param("61710155089000011", Code.ID_WRONG_LENGTH, id="17-digits"),
            pytest.param("1111111111111111", Code.NIK_KNOWN_BAD_PATTERN, id="identical-digits"),
            pytest.param("1234567890123456", Code.NIK_KNOWN_BAD_PATTERN, id="sequence"),
            pytest.param("3201234567890123", Code.NIK_MONTH_INVALID, id="ref-6.1-month-67"),
            pytest.param("0071015508900001", Code.NIK_PROVINCE_UNKNOWN, id="province-00"),
            pytest.param("2071015508900001", Code.NIK_PROVINCE_UNKNOWN, id="province-20"),
            pytest.param("6100015508900001", Code.NIK_REGION_CODE_ZERO, id="regency-00"),
            pytest.param("6171005508900001", Code.NIK_REGION_CODE_ZERO, id="district-00"),
            pytest.param("6171010008900001", Code.NIK_DAY_INVALID, id="day-00"),
            pytest.param("6171013208900001", Code.NIK_DAY_INVALID, id="day-32"),
            pytest.param("6171014008900001", Code.NIK_DAY_INVALID, id="day-40"),
            pytest.param("6171017208900001", Code.NIK_DAY_INVALID, id="day-72"),
            pytest.param("6171011513900001", Code.NIK_MONTH_INVALID, id="month-13"),
            pytest.param("6171011500900001", Code.NIK_MONTH_INVALID, id="month-00"),
            pytest.param("6171013104900001", Code.NIK_DATE_INVALID, id="31-April"),
            pytest.param("6171012902010001", Code.NIK_DATE_INVALID, id="29-Feb-01"),
            pytest.param("6171011508900000", Code.NIK_SERIAL_ZERO, id="serial-0000"),
        ],
    )
    def test_rejects(self, raw, code):
        check = validate_nik(raw, reference_date=REF)
        assert not check.valid
        assert code in _errors(check)

    def test_29_february_2000_is_valid(self):
        check = validate_nik("6171012902000001", reference_date=REF, min_age=None)
        assert check.birth_date == date(2000, 2, 29)

    def test_future_birth_date_is_out_of_range(self):
        # yy=27 at a 2026 reference: 2027 is in the future, so 1927 is chosen.
        assert validate_nik("6171011501270001", reference_date=REF).birth_date == date(1927, 1, 15)
        # yy=95 at a 1990 reference: both 1995 and 2095 are in the future.
        check = validate_nik("6171011501950001", reference_date=date(1990, 1, 1))
        assert Code.NIK_BIRTH_DATE_OUT_OF_RANGE in _errors(check)

    def test_collects_every_error(self):
        check = validate_nik("0000000000000000", reference_date=REF)
        assert {
            Code.NIK_KNOWN_BAD_PATTERN,
            Code.NIK_PROVINCE_UNKNOWN,
            Code.NIK_DAY_INVALID,
            Code.NIK_MONTH_INVALID,
            Code.NIK_SERIAL_ZERO,
        } <= _errors(check)

    def test_century_ambiguity_is_flagged(self):
        check = validate_nik("6171011503100001", reference_date=REF, min_age=None)
        assert check.birth_date == date(2010, 3, 15)
        assert Code.NIK_CENTURY_AMBIGUOUS in _warnings(check)

    def test_prefer_19yy_follows_the_reference_literally(self):
        check = validate_nik("6171011503100001", reference_date=REF, prefer_century=1900)
        assert check.birth_date == date(1910, 3, 15)

    def test_century_relative_to_reference_date(self):
        assert validate_nik("6171011503100001", reference_date=date(2009, 1, 1)).birth_date == (
            date(1910, 3, 15)
        )

    def test_warns_under_minimum_age(self):
        check = validate_nik("6171011503150001", reference_date=REF)
        assert check.valid
        assert Code.NIK_AGE_UNDER_MINIMUM in _warnings(check)

    def test_warns_unknown_regency_without_rejecting(self):
        check = validate_nik("6113015508900001", reference_date=REF, known_regions=KNOWN)
        assert check.valid
        assert _warnings(check) == {Code.NIK_REGENCY_UNKNOWN}

    def test_warns_unknown_district_without_rejecting(self):
        check = validate_nik("6171095508900001", reference_date=REF, known_regions=KNOWN)
        assert check.valid
        assert _warnings(check) == {Code.NIK_DISTRICT_UNKNOWN}

    def test_known_region_has_no_warning(self):
        check = validate_nik("6171015508900001", reference_date=REF, known_regions=KNOWN)
        assert check.warnings == ()

    def test_messages_in_both_languages(self):
        issue = validate_nik("6171011513900001", reference_date=REF).errors[0]
        data = issue.to_dict()
        assert data["message"]["id"] == "Bulan lahir pada NIK (13) tidak valid: harus 01-12."
        assert data["message"]["en"] == "The NIK birth month (13) is invalid: it must be 01-12."

    def test_require_valid_raises_all_errors(self):
        with pytest.raises(InvalidInput) as error:
            require_valid(validate_nik("0000000000000000", reference_date=REF))
        assert len(error.value.issues) >= 4


class TestBuildNik:
    def test_builds_a_woman(self):
        assert build_nik("61.71.01", date(1990, 8, 15), Sex.FEMALE, 1) == "6171015508900001"

    def test_builds_a_man_from_plain_code(self):
        assert build_nik("611201", date(1985, 2, 5), "male", 123) == "6112010502850123"

    @pytest.mark.parametrize(
        ("region", "sex", "serial", "field"),
        [
            pytest.param("6171", "male", 1, "region6", id="short-region"),
            pytest.param("007101", "male", 1, "region6", id="province-00"),
            pytest.param("617100", "male", 1, "region6", id="district-00"),
            pytest.param("617101", "x", 1, "sex", id="bad-sex"),
            pytest.param("617101", "male", 0, "serial", id="serial-0"),
            pytest.param("617101", "male", 10000, "serial", id="serial-10000"),
        ],
    )
    def test_rejects_bad_parts(self, region, sex, serial, field):
        with pytest.raises(InvalidInput) as error:
            build_nik(region, date(1990, 1, 1), sex, serial)
        assert error.value.field == field

    def test_refuses_known_bad_pattern(self):
        with pytest.raises(InvalidInput) as error:
            build_nik("111111", date(1911, 11, 11), "male", 1111)
        assert error.value.code is Code.NIK_KNOWN_BAD_PATTERN


nik_parts = st.tuples(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(1, 99),
    st.integers(1, 99),
    st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 5, 31)),
    st.sampled_from(list(Sex)),
    st.integers(1, 9999),
)


def _build(parts):
    province, regency, district, birth, sex, serial = parts
    try:
        return build_nik(f"{province}{regency:02}{district:02}", birth, sex, serial)
    except InvalidInput:
        reject()  # only the 16-identical-digits pattern
        raise


class TestNikProperties:
    @given(parts=nik_parts)
    def test_built_nik_validates_and_decodes(self, parts):
        nik = _build(parts)
        check = validate_nik(nik, reference_date=REF, min_age=None)
        _, _, _, birth, sex, _ = parts
        assert check.valid
        assert check.sex is sex
        assert check.birth_date is not None
        assert (check.birth_date.month, check.birth_date.day) == (birth.month, birth.day)
        assert check.birth_date.year % 100 == birth.year % 100
        if Code.NIK_CENTURY_AMBIGUOUS not in _warnings(check):
            assert check.birth_date == birth

    @given(parts=nik_parts, position=st.integers(6, 11), digit=st.integers(0, 9))
    def test_changed_date_digit_fails_or_changes_the_decoded_date(self, parts, position, digit):
        nik = _build(parts)
        assume(nik[position] != str(digit))
        changed = nik[:position] + str(digit) + nik[position + 1 :]
        assume(len(set(changed)) > 1)
        before = validate_nik(nik, reference_date=REF, min_age=None)
        after = validate_nik(changed, reference_date=REF, min_age=None)
        # Positions 7-12 encode (day+sex, month, yy) one-to-one, so a valid result must differ.
        assert not after.valid or (after.birth_date, after.sex) != (before.birth_date, before.sex)


class TestSimpleIdentifiers:
    @pytest.mark.parametrize(
        ("validator", "good", "bad_length"),
        [
            pytest.param(validate_kpj, "12345678901", "1234567890", id="summary-#43-KPJ-11"),
            pytest.param(validate_nib, "1234567890123", "123456789012", id="summary-#44-NIB-13"),
        ],
    )
    def test_length(self, validator, good, bad_length):
        assert validator(good).valid
        assert _errors(validator(bad_length)) == {Code.ID_WRONG_LENGTH}

    @pytest.mark.parametrize(
        "validator", [pytest.param(validate_kpj, id="kpj"), pytest.param(validate_nib, id="nib")]
    )
    def test_rejects_letters(self, validator):
        assert _errors(validator("12345A78901")) == {Code.ID_NOT_DIGITS}

    def test_kode_rup_accepts_1_to_12_digits(self):
        assert validate_kode_rup("1").valid
        assert validate_kode_rup("123456789012").valid
        assert not validate_kode_rup("1234567890123").valid


class TestValidateNpwp:
    def test_16_digit_individual_is_the_nik(self):
        check = validate_npwp("6171015508900001", nik="6171015508900001")
        assert (check.valid, check.digits, check.holder) == (True, 16, NpwpHolder.INDIVIDUAL)
        assert check.warnings == ()

    def test_16_digit_individual_differs_from_nik(self):
        check = validate_npwp("6171015508900001", nik="6171015508900002")
        assert _warnings(check) == {Code.NPWP_NIK_MISMATCH}

    def test_zero_prefix_carries_the_old_npwp(self):
        check = validate_npwp("0012345678901000")
        assert check.holder is NpwpHolder.ENTITY_OR_NON_RESIDENT
        assert check.legacy_equivalent == "012345678901000"

    def test_formatted_15_digits_before_switch(self):
        check = validate_npwp("01.234.567.8-901.000", as_of=date(2024, 6, 30), params=PARAMS)
        assert (check.valid, check.digits, check.warnings) == (True, 15, ())

    def test_15_digits_flagged_from_2024_07_01_summary_45(self):
        check = validate_npwp("01.234.567.8-901.000", as_of=date(2024, 7, 1), params=PARAMS)
        assert check.valid
        assert _warnings(check) == {Code.NPWP_LEGACY_FORMAT}

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            pytest.param("12345678901234", Code.ID_WRONG_LENGTH, id="14-digits"),
            pytest.param("12345678901234567", Code.ID_WRONG_LENGTH, id="17-digits"),
            pytest.param("01.234.567.8-9O1.000", Code.ID_NOT_DIGITS, id="letter"),
        ],
    )
    def test_rejects(self, raw, code):
        assert _errors(validate_npwp(raw)) == {code}


class TestValidateNip:
    def test_decodes_reference_example_summary_46(self):
        check = validate_nip("19860926 201505 1 001")
        assert check.valid
        assert (check.birth_date, check.appointment, check.sex, check.serial) == (
            date(1986, 9, 26),
            "2015-05",
            Sex.MALE,
            "001",
        )

    def test_decodes_a_woman(self):
        assert validate_nip("199001012019032002").sex is Sex.FEMALE

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            pytest.param("19860931201505 1001", Code.NIP_BIRTH_DATE_INVALID, id="31-Sept"),
            pytest.param("198609262015131001", Code.NIP_APPOINTMENT_INVALID, id="month-13"),
            pytest.param(
                "198609261980011001", Code.NIP_APPOINTMENT_BEFORE_BIRTH, id="before-birth"
            ),
            pytest.param("198609262015053001", Code.NIP_SEX_INVALID, id="sex-3"),
            pytest.param("198609262015051000", Code.NIP_SERIAL_ZERO, id="serial-000"),
            pytest.param("19860926201505100", Code.ID_WRONG_LENGTH, id="17-digits"),
        ],
    )
    def test_rejects(self, raw, code):
        check = validate_nip(raw)
        assert not check.valid
        assert code in _errors(check)

    def test_warns_appointment_before_18(self):
        check = validate_nip("200001012015011001")
        assert check.valid
        assert _warnings(check) == {Code.NIP_APPOINTED_UNDER_18}
