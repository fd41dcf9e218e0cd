"""Identifier validators: NIK, KPJ, NIB, NPWP, NIP and Kode RUP; and a NIK builder.

Validators return a check object with ``errors`` and ``warnings`` (codes with id/en
messages) instead of raising, because import screens show every problem of every row.
``require_valid`` turns a failed check into an InvalidInput for service code.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from lindung.rules.errors import Code, InvalidInput, Issue, raise_if
from lindung.rules.parameters import ParameterSet

# The 38 Kemendagri province codes (domain reference §6.1).
PROVINCE_CODES = frozenset(
    [str(c) for c in range(11, 20)]
    + ["21"]
    + [str(c) for c in range(31, 37)]
    + ["51", "52", "53"]
    + [str(c) for c in range(61, 66)]
    + [str(c) for c in range(71, 77)]
    + ["81", "82"]
    + [str(c) for c in range(91, 97)]
)
KNOWN_BAD_NIKS = frozenset({"1234567890123456"})
FEMALE_DAY_OFFSET = 40
MAX_AGE = 120
DEFAULT_MIN_AGE = 15


class Sex(StrEnum):
    """Sex as encoded in a NIK or NIP."""

    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of validating one identifier."""

    kind: str
    value: str
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        """Return whether there are no errors (warnings do not invalidate)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe result."""
        return {
            "kind": self.kind,
            "value": self.value,
            "valid": self.valid,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
            **self._details(),
        }

    def _details(self) -> dict[str, Any]:
        return {}


def require_valid[C: IdentifierCheck](check: C) -> C:
    """Return CHECK if valid, else raise InvalidInput with all its errors."""
    raise_if(list(check.errors))
    return check


def _normalize(raw: object, field: str, strip: str) -> tuple[str, list[Issue]]:
    if not isinstance(raw, str):
        # An int would already have lost leading zeros: identifiers are text.
        return "", [Issue(Code.ID_NOT_DIGITS, field)]
    value = raw.strip()
    for char in strip:
        value = value.replace(char, "")
    if not value:
        return value, [Issue(Code.ID_EMPTY, field)]
    if not (value.isascii() and value.isdigit()):
        return value, [Issue(Code.ID_NOT_DIGITS, field)]
    return value, []


def _digits(
    raw: object, field: str, lengths: Collection[int], strip: str = " .-"
) -> tuple[str, list[Issue]]:
    value, issues = _normalize(raw, field, strip)
    if not issues and len(value) not in lengths:
        expected = " / ".join(str(n) for n in sorted(lengths))
        issues.append(
            Issue(Code.ID_WRONG_LENGTH, field, {"expected": expected, "length": len(value)})
        )
    return value, issues


# ----------------------------------------------------------------------------- NIK


@dataclass(frozen=True)
class NikCheck(IdentifierCheck):
    """A NIK check with the decoded parts (None where a part is invalid)."""

    province_code: str | None = None
    regency_code: str | None = None
    region_code: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    serial: str | None = None

    def _details(self) -> dict[str, Any]:
        return {
            "province_code": self.province_code,
            "regency_code": self.regency_code,
            "region_code": self.region_code,
            "birth_date": None if self.birth_date is None else self.birth_date.isoformat(),
            "sex": None if self.sex is None else str(self.sex),
            "serial": self.serial,
        }


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _nik_birth_date(
    day: int,
    month: int,
    yy: int,
    reference_date: date,
    prefer_century: int | None,
    errors: list[Issue],
    warnings: list[Issue],
) -> date | None:
    existing = []
    for century in (1900, 2000):
        try:
            existing.append(date(century + yy, month, day))
        except ValueError:
            continue
    if not existing:
        errors.append(
            Issue(Code.NIK_DATE_INVALID, "nik", {"value": f"{day:02}-{month:02}-{yy:02}"})
        )
        return None
    plausible = [d for d in existing if d <= reference_date and _age(d, reference_date) <= MAX_AGE]
    if not plausible:
        errors.append(
            Issue(
                Code.NIK_BIRTH_DATE_OUT_OF_RANGE,
                "nik",
                {"maximum": MAX_AGE, "date": reference_date.isoformat()},
            )
        )
        return None
    if len(plausible) == 1:
        return plausible[0]
    older, younger = plausible
    # Both centuries give an age in 0..120. Centenarians are rarer than young people,
    # so the default is the younger reading; prefer_century=1900 follows the reference.
    chosen, other = (older, younger) if prefer_century == 1900 else (younger, older)
    warnings.append(
        Issue(
            Code.NIK_CENTURY_AMBIGUOUS,
            "nik",
            {"chosen": chosen.isoformat(), "other": other.isoformat()},
        )
    )
    return chosen


def validate_nik(
    raw: object,
    *,
    reference_date: date,
    known_regions: Collection[str] | None = None,
    min_age: int | None = DEFAULT_MIN_AGE,
    prefer_century: int | None = None,
) -> NikCheck:
    """Validate a NIK and decode region, birth date and sex relative to REFERENCE_DATE."""
    value, errors = _digits(raw, "nik", (16,), strip=" .")
    warnings: list[Issue] = []
    if errors:
        return NikCheck("nik", value, tuple(errors), ())
    if len(set(value)) == 1 or value in KNOWN_BAD_NIKS:
        errors.append(Issue(Code.NIK_KNOWN_BAD_PATTERN, "nik", {"value": value}))
    province, regency, district = value[0:2], value[2:4], value[4:6]
    if province not in PROVINCE_CODES:
        errors.append(Issue(Code.NIK_PROVINCE_UNKNOWN, "nik", {"province": province}))
    for part, code in (("regency", regency), ("district", district)):
        if code == "00":
            errors.append(Issue(Code.NIK_REGION_CODE_ZERO, "nik", {"part": part}))
    raw_day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    sex: Sex | None = None
    day = raw_day
    if 1 <= raw_day <= 31:
        sex = Sex.MALE
    elif 41 <= raw_day <= 71:
        sex, day = Sex.FEMALE, raw_day - FEMALE_DAY_OFFSET
    else:
        errors.append(Issue(Code.NIK_DAY_INVALID, "nik", {"day": value[6:8]}))
    if not 1 <= month <= 12:
        errors.append(Issue(Code.NIK_MONTH_INVALID, "nik", {"month": value[8:10]}))
    birth = None
    if sex is not None and 1 <= month <= 12:
        birth = _nik_birth_date(day, month, yy, reference_date, prefer_century, errors, warnings)
    serial = value[12:16]
    if serial == "0000":
        errors.append(Issue(Code.NIK_SERIAL_ZERO, "nik"))
    regency_code = f"{province}.{regency}"
    region_code = f"{regency_code}.{district}"
    if known_regions is not None:
        # NIKs keep the code of first registration; split regencies are flagged, not refused.
        if regency_code not in known_regions:
            warnings.append(Issue(Code.NIK_REGENCY_UNKNOWN, "nik", {"code": regency_code}))
        elif region_code not in known_regions:
            warnings.append(Issue(Code.NIK_DISTRICT_UNKNOWN, "nik", {"code": region_code}))
    if birth is not None and min_age is not None and _age(birth, reference_date) < min_age:
        warnings.append(
            Issue(
                Code.NIK_AGE_UNDER_MINIMUM,
                "nik",
                {"age": _age(birth, reference_date), "minimum": min_age},
            )
        )
    return NikCheck(
        kind="nik",
        value=value,
        errors=tuple(errors),
        warnings=tuple(warnings),
        province_code=province,
        regency_code=regency_code,
        region_code=region_code,
        birth_date=birth,
        sex=sex,
        serial=serial,
    )


def build_nik(region6: str, birth_date: date, sex: Sex | str, serial: int) -> str:
    """Build a NIK from a region code (``617101`` or ``61.71.01``), birth date, sex and serial."""
    issues: list[Issue] = []
    region = region6.replace(".", "") if isinstance(region6, str) else ""
    well_formed = len(region) == 6 and region.isascii() and region.isdigit()
    if not well_formed or region[:2] not in PROVINCE_CODES or "00" in (region[2:4], region[4:6]):
        issues.append(Issue(Code.VALUE_NOT_ALLOWED, "region6", {"value": str(region6)}))
    try:
        kind = Sex(sex)
    except ValueError:
        issues.append(Issue(Code.VALUE_NOT_ALLOWED, "sex", {"value": str(sex)}))
        kind = Sex.MALE
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= 9999:
        issues.append(
            Issue(
                Code.VALUE_OUT_OF_RANGE,
                "serial",
                {"value": repr(serial), "minimum": 1, "maximum": 9999},
            )
        )
    raise_if(issues)
    day = birth_date.day + (FEMALE_DAY_OFFSET if kind is Sex.FEMALE else 0)
    nik = f"{region}{day:02}{birth_date.month:02}{birth_date.year % 100:02}{serial:04}"
    if len(set(nik)) == 1 or nik in KNOWN_BAD_NIKS:
        raise InvalidInput(Code.NIK_KNOWN_BAD_PATTERN, "nik", {"value": nik})
    return nik


# ----------------------------------------------------------------------------- simple numbers


def validate_kpj(raw: object) -> IdentifierCheck:
    """Validate a BPJS Ketenagakerjaan participant number (KPJ): 11 digits."""
    value, errors = _digits(raw, "kpj", (11,))
    return IdentifierCheck("kpj", value, tuple(errors), ())


def validate_nib(raw: object) -> IdentifierCheck:
    """Validate an OSS business number (NIB): 13 digits."""
    value, errors = _digits(raw, "nib", (13,))
    return IdentifierCheck("nib", value, tuple(errors), ())


def validate_kode_rup(raw: object) -> IdentifierCheck:
    """Validate a SiRUP package code: 1 to 12 digits (length is UNCONFIRMED)."""
    value, errors = _digits(raw, "kode_rup", range(1, 13), strip=" ")
    return IdentifierCheck("kode_rup", value, tuple(errors), ())


# ----------------------------------------------------------------------------- NPWP


class NpwpHolder(StrEnum):
    """Who a 16-digit NPWP belongs to, from its first digit."""

    INDIVIDUAL = "individual"
    ENTITY_OR_NON_RESIDENT = "entity_or_non_resident"


@dataclass(frozen=True)
class NpwpCheck(IdentifierCheck):
    """An NPWP check with its format and, for "0"+15 numbers, the old 15-digit NPWP."""

    digits: int | None = None
    holder: NpwpHolder | None = None
    legacy_equivalent: str | None = None

    def _details(self) -> dict[str, Any]:
        return {
            "digits": self.digits,
            "holder": None if self.holder is None else str(self.holder),
            "legacy_equivalent": self.legacy_equivalent,
        }


def validate_npwp(
    raw: object,
    *,
    as_of: date | None = None,
    params: ParameterSet | None = None,
    nik: str | None = None,
) -> NpwpCheck:
    """Validate an NPWP (15 legacy or 16 digits); flag the old format when AS_OF is given."""
    value, errors = _digits(raw, "npwp", (15, 16))
    if errors:
        return NpwpCheck("npwp", value, tuple(errors), ())
    warnings: list[Issue] = []
    if len(value) == 15:
        if as_of is not None and params is not None:
            record = params.get("npwp.legacy_15_accepted", as_of)
            if record.value is False:
                warnings.append(
                    Issue(Code.NPWP_LEGACY_FORMAT, "npwp", {"date": record.valid_from.isoformat()})
                )
        return NpwpCheck("npwp", value, (), tuple(warnings), digits=15, legacy_equivalent=value)
    if value.startswith("0"):
        return NpwpCheck(
            "npwp",
            value,
            (),
            (),
            digits=16,
            holder=NpwpHolder.ENTITY_OR_NON_RESIDENT,
            legacy_equivalent=value[1:],
        )
    if nik is not None and nik.replace(".", "").strip() != value:
        warnings.append(Issue(Code.NPWP_NIK_MISMATCH, "npwp"))
    return NpwpCheck("npwp", value, (), tuple(warnings), digits=16, holder=NpwpHolder.INDIVIDUAL)


# ----------------------------------------------------------------------------- NIP


@dataclass(frozen=True)
class NipCheck(IdentifierCheck):
    """A civil-servant NIP check with its decoded parts."""

    birth_date: date | None = None
    appointment: str | None = None  # "YYYY-MM" of TMT CPNS
    sex: Sex | None = None
    serial: str | None = None

    def _details(self) -> dict[str, Any]:
        return {
            "birth_date": None if self.birth_date is None else self.birth_date.isoformat(),
            "appointment": self.appointment,
            "sex": None if self.sex is None else str(self.sex),
            "serial": self.serial,
        }


ADULT_AGE = 18


def validate_nip(raw: object) -> NipCheck:
    """Validate an 18-digit PNS NIP: birth date, TMT CPNS year-month, sex digit, serial."""
    value, errors = _digits(raw, "nip", (18,))
    if errors:
        return NipCheck("nip", value, tuple(errors), ())
    warnings: list[Issue] = []
    birth = None
    try:
        birth = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        errors.append(Issue(Code.NIP_BIRTH_DATE_INVALID, "nip", {"value": value[0:8]}))
    appointed_year, appointed_month = int(value[8:12]), int(value[12:14])
    appointment = None
    if 1 <= appointed_month <= 12 and appointed_year >= 1:
        appointment = date(appointed_year, appointed_month, 1)
    else:
        errors.append(Issue(Code.NIP_APPOINTMENT_INVALID, "nip", {"value": value[8:14]}))
    if birth and appointment:
        if appointment < date(birth.year, birth.month, 1):
            errors.append(Issue(Code.NIP_APPOINTMENT_BEFORE_BIRTH, "nip"))
        elif _age(birth, appointment) < ADULT_AGE:
            warnings.append(Issue(Code.NIP_APPOINTED_UNDER_18, "nip"))
    sex = {"1": Sex.MALE, "2": Sex.FEMALE}.get(value[14])
    if sex is None:
        errors.append(Issue(Code.NIP_SEX_INVALID, "nip", {"value": value[14]}))
    if value[15:18] == "000":
        errors.append(Issue(Code.NIP_SERIAL_ZERO, "nip"))
    return NipCheck(
        kind="nip",
        value=value,
        errors=tuple(errors),
        warnings=tuple(warnings),
        birth_date=birth,
        appointment=None if appointment is None else f"{appointed_year:04}-{appointed_month:02}",
        sex=sex,
        serial=value[15:18],
    )
