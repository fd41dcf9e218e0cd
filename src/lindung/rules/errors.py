"""Typed errors and warning codes of the regulations package, with id/en messages.

The rules package cannot import Django, so messages live here as plain templates
with named ``%(name)s`` placeholders. The web layer wraps them in its own
translation machinery; the Indonesian text is the product default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any, Self


class Code(StrEnum):
    """Stable machine-readable codes for every rules error and warning."""

    # Input values
    VALUE_REQUIRED = "value_required"
    VALUE_NOT_A_NUMBER = "value_not_a_number"
    VALUE_IS_FLOAT = "value_is_float"
    VALUE_NOT_POSITIVE = "value_not_positive"
    VALUE_NEGATIVE = "value_negative"
    VALUE_TOO_LARGE = "value_too_large"
    VALUE_NOT_INTEGER = "value_not_integer"
    VALUE_OUT_OF_RANGE = "value_out_of_range"
    VALUE_NOT_ALLOWED = "value_not_allowed"
    DATE_ORDER = "date_order"
    # Parameters
    PARAMETER_UNKNOWN = "parameter_unknown"
    PARAMETER_NOT_IN_FORCE = "parameter_not_in_force"
    PARAMETER_DATA_INVALID = "parameter_data_invalid"
    PARAMETER_OVERLAP = "parameter_overlap"
    PARAMETER_LOW_CONFIDENCE = "parameter_low_confidence"
    # Jakon
    VAT_AMOUNT_REQUIRED = "vat_amount_required"
    VAT_EXCEEDS_VALUE = "vat_exceeds_value"
    JAKON_RULE_UNCONFIRMED = "jakon_rule_unconfirmed"
    ADDENDUM_RULE_UNCONFIRMED = "addendum_rule_unconfirmed"
    ADDENDUM_REDUCTION = "addendum_reduction"
    COVID_RELIEF_APPLIED = "covid_relief_applied"
    TERMIN_OVERPAID = "termin_overpaid"
    # PU / BPU
    JKP_NOT_COMPUTED = "jkp_not_computed"
    JP_WAGE_CAPPED = "jp_wage_capped"
    BPU_INCOME_OUT_OF_RANGE = "bpu_income_out_of_range"
    BPU_INCOME_OFF_GRID = "bpu_income_off_grid"
    # Benefits
    JKM_MEMBERSHIP_INACTIVE = "jkm_membership_inactive"
    JKK_DEATH_MINIMUM_APPLIED = "jkk_death_minimum_applied"
    BENEFIT_WAGE_ESTIMATE = "benefit_wage_estimate"
    UMK_NOT_PUBLISHED = "umk_not_published"
    TRANSPORT_CAPPED = "transport_capped"
    BEASISWA_NOT_ELIGIBLE = "beasiswa_not_eligible"
    BEASISWA_CHILD_LIMIT = "beasiswa_child_limit"
    BEASISWA_AGE_LIMIT = "beasiswa_age_limit"
    BEASISWA_MARRIED = "beasiswa_married"
    BEASISWA_WORKING = "beasiswa_working"
    BEASISWA_NOT_IN_SCHOOL = "beasiswa_not_in_school"
    BEASISWA_LEVEL_EXHAUSTED = "beasiswa_level_exhausted"
    BEASISWA_TOTAL_CAP = "beasiswa_total_cap"
    # Calendar and deadlines
    CALENDAR_RANGE = "calendar_range"
    CALENDAR_PROVISIONAL = "calendar_provisional"
    DEADLINE_WINDOW_CONFLICT = "deadline_window_conflict"
    # Identifiers (shared)
    ID_EMPTY = "id_empty"
    ID_NOT_DIGITS = "id_not_digits"
    ID_WRONG_LENGTH = "id_wrong_length"
    # NIK
    NIK_KNOWN_BAD_PATTERN = "nik_known_bad_pattern"
    NIK_PROVINCE_UNKNOWN = "nik_province_unknown"
    NIK_REGION_CODE_ZERO = "nik_region_code_zero"
    NIK_DAY_INVALID = "nik_day_invalid"
    NIK_MONTH_INVALID = "nik_month_invalid"
    NIK_DATE_INVALID = "nik_date_invalid"
    NIK_BIRTH_DATE_OUT_OF_RANGE = "nik_birth_date_out_of_range"
    NIK_SERIAL_ZERO = "nik_serial_zero"
    NIK_REGENCY_UNKNOWN = "nik_regency_unknown"
    NIK_DISTRICT_UNKNOWN = "nik_district_unknown"
    NIK_CENTURY_AMBIGUOUS = "nik_century_ambiguous"
    NIK_AGE_UNDER_MINIMUM = "nik_age_under_minimum"
    # NPWP
    NPWP_LEGACY_FORMAT = "npwp_legacy_format"
    NPWP_NIK_MISMATCH = "npwp_nik_mismatch"
    # NIP
    NIP_BIRTH_DATE_INVALID = "nip_birth_date_invalid"
    NIP_APPOINTMENT_INVALID = "nip_appointment_invalid"
    NIP_APPOINTMENT_BEFORE_BIRTH = "nip_appointment_before_birth"
    NIP_APPOINTED_UNDER_18 = "nip_appointed_under_18"
    NIP_SEX_INVALID = "nip_sex_invalid"
    NIP_SERIAL_ZERO = "nip_serial_zero"


# Every code has both languages; tests check the placeholders match.
MESSAGES: Mapping[Code, Mapping[str, str]] = {
    Code.VALUE_REQUIRED: {
        "id": "%(field)s wajib diisi.",
        "en": "%(field)s is required.",
    },
    Code.VALUE_NOT_A_NUMBER: {
        "id": "%(field)s harus berupa angka (nilai: %(value)s).",
        "en": "%(field)s must be a number (got %(value)s).",
    },
    Code.VALUE_IS_FLOAT: {
        "id": "%(field)s tidak boleh bilangan float; gunakan Decimal, int atau teks.",
        "en": "%(field)s must not be a float; use Decimal, int or text.",
    },
    Code.VALUE_NOT_POSITIVE: {
        "id": "%(field)s harus lebih dari nol (nilai: %(value)s).",
        "en": "%(field)s must be greater than zero (got %(value)s).",
    },
    Code.VALUE_NEGATIVE: {
        "id": "%(field)s tidak boleh negatif (nilai: %(value)s).",
        "en": "%(field)s must not be negative (got %(value)s).",
    },
    Code.VALUE_TOO_LARGE: {
        "id": "%(field)s terlalu besar: %(value)s melebihi batas %(limit)s.",
        "en": "%(field)s is too large: %(value)s exceeds the limit %(limit)s.",
    },
    Code.VALUE_NOT_INTEGER: {
        "id": "%(field)s harus bilangan bulat (nilai: %(value)s).",
        "en": "%(field)s must be a whole number (got %(value)s).",
    },
    Code.VALUE_OUT_OF_RANGE: {
        "id": "%(field)s harus antara %(minimum)s dan %(maximum)s (nilai: %(value)s).",
        "en": "%(field)s must be between %(minimum)s and %(maximum)s (got %(value)s).",
    },
    Code.VALUE_NOT_ALLOWED: {
        "id": "%(field)s tidak dikenal: %(value)s.",
        "en": "%(field)s is not an allowed value: %(value)s.",
    },
    Code.DATE_ORDER: {
        "id": "%(field)s (%(value)s) tidak boleh sebelum %(other)s.",
        "en": "%(field)s (%(value)s) must not be before %(other)s.",
    },
    Code.PARAMETER_UNKNOWN: {
        "id": "Parameter %(name)s tidak dikenal.",
        "en": "Parameter %(name)s is unknown.",
    },
    Code.PARAMETER_NOT_IN_FORCE: {
        "id": "Tidak ada nilai %(name)s yang berlaku pada %(date)s (data tersedia: %(coverage)s).",
        "en": "No value of %(name)s is in force on %(date)s (data covers: %(coverage)s).",
    },
    Code.PARAMETER_DATA_INVALID: {
        "id": "Data parameter tidak valid di %(field)s: %(reason)s.",
        "en": "Parameter data is invalid at %(field)s: %(reason)s.",
    },
    Code.PARAMETER_OVERLAP: {
        "id": "Masa berlaku parameter %(name)s tumpang tindih pada %(date)s.",
        "en": "Validity periods of parameter %(name)s overlap on %(date)s.",
    },
    Code.PARAMETER_LOW_CONFIDENCE: {
        "id": "Parameter %(name)s memakai nilai dengan keyakinan %(confidence)s; perlu konfirmasi.",
        "en": "Parameter %(name)s uses a value with confidence %(confidence)s; confirm it.",
    },
    Code.VAT_AMOUNT_REQUIRED: {
        "id": "Jumlah PPN wajib diisi untuk dasar perhitungan %(policy)s.",
        "en": "The VAT (PPN) amount is required for the %(policy)s base.",
    },
    Code.VAT_EXCEEDS_VALUE: {
        "id": "PPN %(vat)s tidak boleh sama atau melebihi nilai kontrak %(value)s.",
        "en": "VAT %(vat)s must be less than the contract value %(value)s.",
    },
    Code.JAKON_RULE_UNCONFIRMED: {
        "id": "Aturan %(rule)s belum dikonfirmasi BPJS; hasil ini perkiraan.",
        "en": "The %(rule)s rule is not confirmed by BPJS; this result is an estimate.",
    },
    Code.ADDENDUM_RULE_UNCONFIRMED: {
        "id": "Iuran tambahan adendum dihitung sebagai selisih total (belum dikonfirmasi).",
        "en": "The addendum contribution is the difference of totals (not confirmed).",
    },
    Code.ADDENDUM_REDUCTION: {
        "id": "Nilai kontrak turun sebesar %(amount)s; aturan pengembalian iuran belum diketahui.",
        "en": "The contract value fell by %(amount)s; the refund rule is not known.",
    },
    Code.COVID_RELIEF_APPLIED: {
        "id": "Keringanan iuran PP 49/2020 diterapkan (faktor %(factor)s).",
        "en": "The PP 49/2020 contribution relief was applied (factor %(factor)s).",
    },
    Code.TERMIN_OVERPAID: {
        "id": "Pembayaran melebihi iuran sebesar %(amount)s.",
        "en": "Payments exceed the contribution by %(amount)s.",
    },
    Code.JKP_NOT_COMPUTED: {
        "id": "Iuran JKP tidak dihitung pada %(date)s: %(reason)s.",
        "en": "The JKP contribution was not computed for %(date)s: %(reason)s.",
    },
    Code.JP_WAGE_CAPPED: {
        "id": "Upah JP dibatasi %(cap)s (upah %(wage)s).",
        "en": "The JP wage is capped at %(cap)s (wage %(wage)s).",
    },
    Code.BPU_INCOME_OUT_OF_RANGE: {
        "id": "Penghasilan BPU %(value)s di luar rentang %(minimum)s sampai %(maximum)s.",
        "en": "BPU income %(value)s is outside the range %(minimum)s to %(maximum)s.",
    },
    Code.BPU_INCOME_OFF_GRID: {
        "id": "Penghasilan BPU %(value)s bukan kelipatan %(step)s; periksa lampiran PP 44/2015.",
        "en": "BPU income %(value)s is not a multiple of %(step)s; check the PP 44/2015 annex.",
    },
    Code.JKM_MEMBERSHIP_INACTIVE: {
        "id": "Manfaat JKM hanya dibayar bila peserta meninggal saat kepesertaan aktif.",
        "en": "The JKM benefit is paid only if the participant dies while membership is active.",
    },
    Code.JKK_DEATH_MINIMUM_APPLIED: {
        "id": "Santunan kematian JKK dinaikkan ke batas minimum %(minimum)s.",
        "en": "The JKK death benefit was raised to the minimum %(minimum)s.",
    },
    Code.BENEFIT_WAGE_ESTIMATE: {
        "id": "Upah manfaat %(wage)s berasal dari %(basis)s (perkiraan; belum dikonfirmasi).",
        "en": "The benefit wage %(wage)s comes from the %(basis)s (estimate; not confirmed).",
    },
    Code.UMK_NOT_PUBLISHED: {
        "id": "UMK %(regency)s tidak tersedia untuk %(date)s; memakai UMP.",
        "en": "No UMK for %(regency)s on %(date)s; using the UMP.",
    },
    Code.TRANSPORT_CAPPED: {
        "id": "Biaya transportasi %(mode)s dibatasi %(cap)s (diajukan %(claimed)s).",
        "en": "Transport cost by %(mode)s is capped at %(cap)s (claimed %(claimed)s).",
    },
    Code.BEASISWA_NOT_ELIGIBLE: {
        "id": "Beasiswa JKM memerlukan masa iur minimal %(minimum)s tahun (masa iur: %(years)s).",
        "en": "The JKM scholarship needs %(minimum)s years of contributions (has %(years)s).",
    },
    Code.BEASISWA_CHILD_LIMIT: {
        "id": "Beasiswa paling banyak %(maximum)s anak; anak ke-%(position)s tidak dibayar.",
        "en": "The scholarship covers %(maximum)s children; child %(position)s is not paid.",
    },
    Code.BEASISWA_AGE_LIMIT: {
        "id": "Beasiswa berhenti pada usia %(maximum)s tahun (usia: %(age)s).",
        "en": "The scholarship ends at age %(maximum)s (age: %(age)s).",
    },
    Code.BEASISWA_MARRIED: {
        "id": "Beasiswa berhenti karena anak sudah menikah.",
        "en": "The scholarship ends because the child is married.",
    },
    Code.BEASISWA_WORKING: {
        "id": "Beasiswa berhenti karena anak sudah bekerja.",
        "en": "The scholarship ends because the child works.",
    },
    Code.BEASISWA_NOT_IN_SCHOOL: {
        "id": "Anak belum bersekolah; beasiswa dimulai saat masuk sekolah.",
        "en": "The child is not at school yet; the scholarship starts at school entry.",
    },
    Code.BEASISWA_LEVEL_EXHAUSTED: {
        "id": "Beasiswa jenjang %(level)s sudah dipakai %(used)s dari %(maximum)s tahun.",
        "en": "The %(level)s scholarship has used %(used)s of %(maximum)s years.",
    },
    Code.BEASISWA_TOTAL_CAP: {
        "id": "Beasiswa dibatasi total %(maximum)s; sisa %(remaining)s.",
        "en": "The scholarship is capped at %(maximum)s in total; %(remaining)s remains.",
    },
    Code.CALENDAR_PROVISIONAL: {
        "id": (
            "Cuti bersama tahun %(year)s belum ada dalam data hari libur: batas waktu ini "
            "dapat mundur setelah SKB cuti bersama terbit. Administrator dapat mencatat "
            "tanggalnya sebagai hari libur tambahan seluruh provinsi."
        ),
        "en": (
            "The %(year)s cuti bersama (collective leave) is not in the holiday data yet: this "
            "deadline may move later once the joint decree is published. An administrator can "
            "record its days as province-wide extra holidays."
        ),
    },
    Code.CALENDAR_RANGE: {
        "id": "Kalender hari kerja hanya mencakup tahun %(first)s-%(last)s; %(date)s di luar.",
        "en": "The working-day calendar covers %(first)s-%(last)s only; %(date)s is outside.",
    },
    Code.DEADLINE_WINDOW_CONFLICT: {
        "id": "Batas waktu %(kind)s diperdebatkan: %(note)s.",
        "en": "The %(kind)s window is disputed: %(note)s.",
    },
    Code.ID_EMPTY: {
        "id": "%(field)s kosong.",
        "en": "%(field)s is empty.",
    },
    Code.ID_NOT_DIGITS: {
        "id": "%(field)s hanya boleh berisi angka.",
        "en": "%(field)s must contain digits only.",
    },
    Code.ID_WRONG_LENGTH: {
        "id": "%(field)s harus %(expected)s digit (ada %(length)s).",
        "en": "%(field)s must have %(expected)s digits (has %(length)s).",
    },
    Code.NIK_KNOWN_BAD_PATTERN: {
        "id": "NIK %(value)s adalah pola palsu yang dikenal.",
        "en": "NIK %(value)s is a known fake pattern.",
    },
    Code.NIK_PROVINCE_UNKNOWN: {
        "id": "Kode provinsi NIK %(province)s tidak dikenal.",
        "en": "The NIK province code %(province)s is unknown.",
    },
    Code.NIK_REGION_CODE_ZERO: {
        "id": "Kode %(part)s pada NIK tidak boleh 00.",
        "en": "The NIK %(part)s code must not be 00.",
    },
    Code.NIK_DAY_INVALID: {
        "id": "Tanggal lahir pada NIK (%(day)s) tidak valid: harus 01-31 atau 41-71.",
        "en": "The NIK birth day (%(day)s) is invalid: it must be 01-31 or 41-71.",
    },
    Code.NIK_MONTH_INVALID: {
        "id": "Bulan lahir pada NIK (%(month)s) tidak valid: harus 01-12.",
        "en": "The NIK birth month (%(month)s) is invalid: it must be 01-12.",
    },
    Code.NIK_DATE_INVALID: {
        "id": "Tanggal lahir pada NIK (%(value)s) tidak ada di kalender.",
        "en": "The NIK birth date (%(value)s) does not exist.",
    },
    Code.NIK_BIRTH_DATE_OUT_OF_RANGE: {
        "id": "Tanggal lahir pada NIK tidak memberi usia 0-%(maximum)s tahun pada %(date)s.",
        "en": "The NIK birth date gives no age between 0 and %(maximum)s on %(date)s.",
    },
    Code.NIK_SERIAL_ZERO: {
        "id": "Nomor urut NIK tidak boleh 0000.",
        "en": "The NIK serial must not be 0000.",
    },
    Code.NIK_REGENCY_UNKNOWN: {
        "id": "Kode kabupaten/kota %(code)s tidak ada dalam daftar wilayah terkini.",
        "en": "The regency/city code %(code)s is not in the current region list.",
    },
    Code.NIK_DISTRICT_UNKNOWN: {
        "id": "Kode kecamatan %(code)s tidak ada dalam daftar wilayah terkini.",
        "en": "The district code %(code)s is not in the current region list.",
    },
    Code.NIK_CENTURY_AMBIGUOUS: {
        "id": "Abad tahun lahir NIK tidak pasti; dipilih %(chosen)s (bisa juga %(other)s).",
        "en": "The NIK birth century is ambiguous; chose %(chosen)s (could be %(other)s).",
    },
    Code.NIK_AGE_UNDER_MINIMUM: {
        "id": "Usia menurut NIK %(age)s tahun, di bawah %(minimum)s tahun.",
        "en": "The age from the NIK is %(age)s, under %(minimum)s.",
    },
    Code.NPWP_LEGACY_FORMAT: {
        "id": "NPWP 15 digit adalah format lama; sejak %(date)s gunakan 16 digit.",
        "en": "A 15-digit NPWP is the old format; use 16 digits since %(date)s.",
    },
    Code.NPWP_NIK_MISMATCH: {
        "id": "NPWP 16 digit orang pribadi harus sama dengan NIK.",
        "en": "A 16-digit individual NPWP must equal the NIK.",
    },
    Code.NIP_BIRTH_DATE_INVALID: {
        "id": "Tanggal lahir pada NIP (%(value)s) tidak valid.",
        "en": "The NIP birth date (%(value)s) is invalid.",
    },
    Code.NIP_APPOINTMENT_INVALID: {
        "id": "TMT CPNS pada NIP (%(value)s) tidak valid.",
        "en": "The NIP appointment month (%(value)s) is invalid.",
    },
    Code.NIP_APPOINTMENT_BEFORE_BIRTH: {
        "id": "TMT CPNS pada NIP sebelum tanggal lahir.",
        "en": "The NIP appointment is before the birth date.",
    },
    Code.NIP_APPOINTED_UNDER_18: {
        "id": "TMT CPNS pada NIP sebelum usia 18 tahun.",
        "en": "The NIP appointment is before age 18.",
    },
    Code.NIP_SEX_INVALID: {
        "id": "Digit jenis kelamin NIP (%(value)s) harus 1 atau 2.",
        "en": "The NIP sex digit (%(value)s) must be 1 or 2.",
    },
    Code.NIP_SERIAL_ZERO: {
        "id": "Nomor urut NIP tidak boleh 000.",
        "en": "The NIP serial must not be 000.",
    },
}

LANGUAGES = ("id", "en")


# How identifier fields are named in messages (the field names are the API's keys).
FIELD_NAMES: dict[str, dict[str, str]] = {
    "nik": {"id": "NIK", "en": "NIK"},
    "kpj": {"id": "KPJ", "en": "KPJ"},
    "nib": {"id": "NIB", "en": "NIB"},
    "npwp": {"id": "NPWP", "en": "NPWP"},
    "nip": {"id": "NIP", "en": "NIP"},
    "kode_rup": {"id": "Kode RUP", "en": "RUP code"},
}


def render_message(code: Code, params: Mapping[str, Any], lang: str = "id") -> str:
    """Fill the message template of CODE in LANG with PARAMS."""
    template = MESSAGES[code][lang]
    return template % {key: _display(value) for key, value in params.items()}


def _display(value: Any) -> str:
    return str(value)


@dataclass(frozen=True)
class Issue:
    """One problem or warning: a code, the input field it concerns and its parameters."""

    code: Code
    field: str = ""
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)

    def message(self, lang: str = "id") -> str:
        """Return the message in LANG ("id" or "en")."""
        name = FIELD_NAMES.get(self.field, {}).get(lang, self.field)
        return render_message(self.code, {"field": name, **self.params}, lang)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict with both messages."""
        return {
            "code": str(self.code),
            "field": self.field,
            "params": {key: _display(value) for key, value in self.params.items()},
            "message": {lang: self.message(lang) for lang in LANGUAGES},
        }


class RulesError(Exception):
    """Base of every error raised by ``lindung.rules``."""

    http_status = 422

    def __init__(
        self,
        code: Code,
        field: str = "",
        params: Mapping[str, Any] | None = None,
        *,
        issues: tuple[Issue, ...] = (),
    ) -> None:
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = dict(params or {})
        # Validation collects every problem, then raises once (house rule R8).
        self.issues: tuple[Issue, ...] = issues or (Issue(code, field, self.params),)
        super().__init__(self.message("en"))

    @classmethod
    def from_issues(cls, issues: list[Issue] | tuple[Issue, ...]) -> Self:
        """Build one error from several collected issues."""
        first = issues[0]
        return cls(first.code, first.field, first.params, issues=tuple(issues))

    def message(self, lang: str = "id") -> str:
        """Return the message of the first issue in LANG."""
        return self.issues[0].message(lang)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe description of the error and all its issues."""
        return {
            "code": str(self.code),
            "field": self.field,
            "issues": [issue.to_dict() for issue in self.issues],
        }


class InvalidInput(RulesError):
    """An argument failed validation; ``issues`` lists every problem found."""


class UnknownParameter(RulesError):
    """A parameter name has no records at all."""

    http_status = 500


class ParameterNotInForce(RulesError):
    """No record of a parameter is in force on the requested date."""


class ParameterDataError(RulesError):
    """The parameter data (file or database rows) is malformed or inconsistent."""

    http_status = 500


class NotEligible(RulesError):
    """The facts given do not qualify for the benefit asked for."""


class CalendarRangeError(RulesError):
    """A date falls outside the years a working-day calendar was built for."""


def raise_if(issues: list[Issue]) -> None:
    """Raise one InvalidInput carrying ISSUES if there are any."""
    if issues:
        raise InvalidInput.from_issues(issues)
