"""Calculations: the one place the CLI, the API and the public pages run the regulation rules.

Each function loads the parameters in force (and the working-day calendar for deadlines),
calls the pure rule in ``lindung.rules`` and returns its result object. Every rules error
becomes a ``CalculationInvalid`` (422) whose field errors name the input and read in the
active language, with the field's label in the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import partial

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.core.errors import FieldError
from lindung.core.i18n import message_language
from lindung.regions import selectors as region_selectors
from lindung.regulations import selectors as regulation_selectors
from lindung.regulations.errors import CalculationInvalid, calculation_error
from lindung.rules import (
    BeasiswaAward,
    Benefit,
    BenefitCause,
    BpuContribution,
    Child,
    Code,
    ContractBase,
    Deadline,
    IdentifierCheck,
    InvalidInput,
    Issue,
    JakonAddendum,
    JakonContribution,
    JakonWageBased,
    Parameter,
    PuContribution,
    RulesError,
    SchoolLevel,
    StmbSchedule,
    TerminStatus,
    TransportReimbursement,
    Vat,
    WorkerWage,
    beasiswa_award,
    bpu_contribution,
    jakon_addendum,
    jakon_contribution,
    jakon_registration_deadline,
    jakon_wage_based,
    jkk_death_benefit,
    jkm_death_benefit,
    pu_contribution,
    stmb_schedule,
    termin_status,
    total_disability_benefit,
    transport_reimbursement,
    validate_kpj,
    validate_nib,
    validate_nik,
    validate_nip,
    validate_npwp,
)
from lindung.rules.errors import CalendarRangeError, ParameterNotInForce

AmountInput = Decimal | int | str

# Labels of the inputs, used in messages ("Contract value must be greater than zero").
FIELD_LABELS: Mapping[str, str | Promise] = {
    "contract_value": _("Contract value"),
    "original_value": _("Original contract value"),
    "amended_value": _("Amended contract value"),
    "vat": _("VAT (PPN)"),
    "vat.amount": _("VAT (PPN) amount"),
    "base": _("Calculation base"),
    "date": _("Date"),
    "spk_date": _("SPK date"),
    "wage": _("Monthly wage"),
    "declared_income": _("Declared income"),
    "risk_group": _("Risk group"),
    "workers": _("Workers"),
    "months": _("Months"),
    "total": _("Total contribution"),
    "payments": _("Payments"),
    "contribution_years": _("Years of contributions"),
    "children": _("Children"),
    "cause": _("Cause"),
    "kind": _("Kind"),
    "claims": _("Transport costs"),
    "nik": "NIK",
    "kpj": "KPJ",
    "nib": "NIB",
    "npwp": "NPWP",
    "nip": "NIP",
}

# Plain digits, or Indonesian thousands dots ("1.250.000.000") with an optional ",50".
_PLAIN = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_DOTTED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?", re.ASCII)
_MAX_DIGITS = 20


class BenefitKind(StrEnum):
    """The benefits ``calculate_benefit`` computes."""

    JKM_DEATH = "jkm_death"
    JKK_DEATH = "jkk_death"
    TOTAL_DISABILITY = "total_disability"
    STMB = "stmb"
    TRANSPORT = "transport"


class IdentifierKind(StrEnum):
    """The identifiers ``check_identifier`` validates."""

    NIK = "nik"
    KPJ = "kpj"
    NIB = "nib"
    NPWP = "npwp"
    NIP = "nip"


@dataclass(frozen=True)
class ChildInput:
    """One child as entered: birth date and school level (None: not at school yet)."""

    birth_date: date
    level: str | None
    label: str = ""


def _label(field: str) -> str:
    if field in FIELD_LABELS:
        return str(FIELD_LABELS[field])
    # "workers[0].monthly_wage" -> "workers[0].monthly_wage"; known prefixes keep their label.
    head = field.split(".", 1)[0].split("[", 1)[0]
    return f"{FIELD_LABELS[head]} ({field})" if head in FIELD_LABELS else field


def _relocate(error: RulesError, date_field: str) -> RulesError:
    """Point date-range problems at the date input and put the field's label in messages."""
    issues = []
    for issue in error.issues:
        field = issue.field
        if isinstance(error, ParameterNotInForce | CalendarRangeError) or field == "as_of":
            field = date_field
        issues.append(Issue(issue.code, field, {**issue.params, "field": _label(field)}))
    return type(error).from_issues(issues)


def issue_message(issue: Issue) -> str:
    """Return ISSUE's message in the active language, with the field's label."""
    lang = message_language()
    labelled = Issue(issue.code, issue.field, {**issue.params, "field": _label(issue.field)})
    return labelled.message(lang)


@contextmanager
def _rules(date_field: str = "date") -> Iterator[None]:
    try:
        yield
    except RulesError as exc:
        raise calculation_error(_relocate(exc, date_field)) from exc


def normalize_amount(raw: AmountInput, field: str) -> AmountInput:
    """Return RAW with Indonesian thousands dots removed; reject text that is no plain number.

    ``"1.250.000.000"`` becomes ``"1250000000"`` and ``"1.250,5"`` becomes ``"1250.5"``; any
    other text must be plain digits with an optional ``.decimals``. Exponents are refused
    (``"1e999999999"`` would expand to a billion digits in a message).
    """
    if not isinstance(raw, str):
        return raw
    text = raw.strip().removeprefix("Rp").removeprefix(".").strip().replace(" ", "")
    if not text:
        return text
    if _DOTTED.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    if not _PLAIN.fullmatch(text):
        shown = raw.strip()[:30]
        issue = Issue(Code.VALUE_NOT_A_NUMBER, field, {"value": shown})
        raise calculation_error(_relocate(InvalidInput.from_issues([issue]), "date"))
    if len(text.lstrip("-").split(".", 1)[0].lstrip("0")) > _MAX_DIGITS:
        issue = Issue(
            Code.VALUE_TOO_LARGE, field, {"value": text[:30] + "…", "limit": "10000000000000"}
        )
        raise calculation_error(_relocate(InvalidInput.from_issues([issue]), "date"))
    return text


def _amount_or_none(raw: AmountInput | None, field: str) -> AmountInput | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return normalize_amount(raw, field)


def _choice[E: StrEnum](enum: type[E], raw: str, field: str) -> E:
    try:
        return enum(raw)
    except ValueError:
        issue = Issue(Code.VALUE_NOT_ALLOWED, field, {"value": str(raw)[:30]})
        raise calculation_error(_relocate(InvalidInput.from_issues([issue]), "date")) from None


# ----------------------------------------------------------------------------- Jakon


def calculate_jakon(
    *,
    contract_value: AmountInput,
    as_of: date,
    vat_amount: AmountInput | None = None,
    vat_included: bool = True,
    base: ContractBase | str | None = None,
) -> JakonContribution:
    """Compute a project's Jakon JKK and JKM on its contract value with the tiers in force."""
    value = normalize_amount(contract_value, "contract_value")
    vat_value = _amount_or_none(vat_amount, "vat.amount")
    policy = None if base in (None, "") else _choice(ContractBase, str(base), "base")
    vat = None if vat_value is None else Vat(amount=vat_value, included_in_value=vat_included)
    with _rules():
        params = regulation_selectors.parameter_set()
        return jakon_contribution(value, as_of, params, vat=vat, base=policy)


def calculate_jakon_wage_based(
    *, workers: Sequence[tuple[AmountInput, int]], as_of: date
) -> JakonWageBased:
    """Compute Jakon contributions from each worker's monthly wage and months charged."""
    lines = [
        WorkerWage(
            monthly_wage=normalize_amount(wage, f"workers[{index}].monthly_wage"),
            months=months,
            label=str(index + 1),
        )
        for index, (wage, months) in enumerate(workers)
    ]
    with _rules():
        return jakon_wage_based(lines, as_of, regulation_selectors.parameter_set())


def calculate_addendum(
    *,
    original_value: AmountInput,
    amended_value: AmountInput,
    as_of: date,
    original_as_of: date | None = None,
) -> JakonAddendum:
    """Compute the extra contribution when a contract value changes by an addendum."""
    original = normalize_amount(original_value, "original_value")
    amended = normalize_amount(amended_value, "amended_value")
    with _rules():
        return jakon_addendum(
            original,
            amended,
            as_of,
            regulation_selectors.parameter_set(),
            original_as_of=original_as_of,
        )


def calculate_termin(
    *, total: AmountInput, as_of: date, payments: Sequence[AmountInput] = ()
) -> TerminStatus:
    """Split a Jakon contribution into payment stages and apply the payments made."""
    whole = normalize_amount(total, "total")
    paid = [normalize_amount(p, f"payments[{i}]") for i, p in enumerate(payments)]
    with _rules():
        return termin_status(whole, as_of, regulation_selectors.parameter_set(), payments=paid)


# ----------------------------------------------------------------------------- PU, BPU


def calculate_pu(*, wage: AmountInput, risk_group: str, as_of: date) -> PuContribution:
    """Compute a wage earner's monthly JKK, JKM, JHT, JP and JKP contributions."""
    value = normalize_amount(wage, "wage")
    with _rules():
        return pu_contribution(value, risk_group, as_of, regulation_selectors.parameter_set())


def calculate_bpu(
    *,
    declared_income: AmountInput,
    as_of: date,
    with_jht: bool = False,
    workers: int = 1,
    months: int = 1,
) -> BpuContribution:
    """Compute an informal (BPU) worker's JKK, JKM and optional JHT contributions."""
    income = normalize_amount(declared_income, "declared_income")
    with _rules():
        return bpu_contribution(
            income,
            as_of,
            regulation_selectors.parameter_set(),
            with_jht=with_jht,
            workers=workers,
            months=months,
        )


# ----------------------------------------------------------------------------- benefits


def calculate_benefit(
    *,
    kind: BenefitKind | str,
    as_of: date,
    wage: AmountInput | None = None,
    months: int | None = None,
    contribution_years: AmountInput | None = None,
    transport: Mapping[str, AmountInput] | None = None,
) -> Benefit | StmbSchedule | TransportReimbursement:
    """Compute one benefit: JKM death, JKK death, total disability, STMB or transport."""
    benefit = _choice(BenefitKind, str(kind), "kind")
    monthly = _amount_or_none(wage, "wage")
    years = _amount_or_none(contribution_years, "contribution_years")
    claims = {
        mode: normalize_amount(cost, f"claims.{mode}") for mode, cost in (transport or {}).items()
    }
    required: dict[BenefitKind, tuple[str, object]] = {
        BenefitKind.JKK_DEATH: ("wage", monthly),
        BenefitKind.TOTAL_DISABILITY: ("wage", monthly),
        BenefitKind.STMB: ("wage", monthly),
    }
    with _rules():
        if benefit in required and required[benefit][1] is None:
            raise InvalidInput(Code.VALUE_REQUIRED, "wage")
        params = regulation_selectors.parameter_set()
        if benefit is BenefitKind.JKM_DEATH:
            return jkm_death_benefit(as_of, params, contribution_years=years)
        if benefit is BenefitKind.TRANSPORT:
            return transport_reimbursement(claims, as_of, params)
        assert monthly is not None  # noqa: S101 - checked above
        if benefit is BenefitKind.JKK_DEATH:
            return jkk_death_benefit(monthly, as_of, params)
        if benefit is BenefitKind.TOTAL_DISABILITY:
            return total_disability_benefit(monthly, as_of, params)
        if months is None:
            raise InvalidInput(Code.VALUE_REQUIRED, "months")
        return stmb_schedule(monthly, months, as_of, params)


def calculate_beasiswa(
    *,
    children: Sequence[ChildInput],
    cause: BenefitCause | str,
    as_of: date,
    contribution_years: AmountInput | None = None,
) -> BeasiswaAward:
    """Compute this year's scholarship for up to the children allowed, per school level."""
    years = _amount_or_none(contribution_years, "contribution_years")
    trigger = _choice(BenefitCause, str(cause), "cause")
    kids = [
        Child(
            birth_date=child.birth_date,
            level=(
                None
                if not child.level
                else _choice(SchoolLevel, child.level, f"children[{index}].level")
            ),
            label=child.label or str(index + 1),
        )
        for index, child in enumerate(children)
    ]
    with _rules():
        return beasiswa_award(
            kids, trigger, as_of, regulation_selectors.parameter_set(), contribution_years=years
        )


# ----------------------------------------------------------------------------- identifiers


def _known_region_codes() -> frozenset[str]:
    return frozenset(region_selectors.list_regions().values_list("code", flat=True))


def check_identifier(*, kind: IdentifierKind | str, value: str, as_of: date) -> IdentifierCheck:
    """Validate an identifier; problems are in the result (errors and warnings), not raised."""
    identifier = _choice(IdentifierKind, str(kind), "kind")
    validators: dict[IdentifierKind, Callable[[str], IdentifierCheck]] = {
        IdentifierKind.KPJ: validate_kpj,
        IdentifierKind.NIB: validate_nib,
        IdentifierKind.NIP: validate_nip,
    }
    with _rules():
        if identifier is IdentifierKind.NIK:
            return validate_nik(value, reference_date=as_of, known_regions=_known_region_codes())
        if identifier is IdentifierKind.NPWP:
            return validate_npwp(value, as_of=as_of, params=regulation_selectors.parameter_set())
        return validators[identifier](value)


# ----------------------------------------------------------------------------- deadlines


# Holiday data and date arithmetic only make sense within these years.
CALENDAR_YEARS = (1950, 2200)


def registration_deadline(*, spk_date: date, region_code: str = "61") -> Deadline:
    """Return when a Jakon project must be registered: 14 working days after the SPK date."""
    with _rules("spk_date"):
        first, last = CALENDAR_YEARS
        if not first <= spk_date.year <= last:
            raise InvalidInput(
                Code.VALUE_OUT_OF_RANGE,
                "spk_date",
                {"value": spk_date.isoformat(), "minimum": first, "maximum": last},
            )
        params = regulation_selectors.parameter_set()
        calendar = regulation_selectors.working_calendar(
            years=(spk_date.year, spk_date.year + 1), region_code=region_code
        )
        return jakon_registration_deadline(spk_date, params, calendar)


# ----------------------------------------------------------------------------- parameters


def parameters_in_force(*, as_of: date) -> list[Parameter]:
    """Return, for each parameter name, the version in force on AS_OF (with its source)."""
    params = regulation_selectors.parameter_set()
    found = (params.find(name, as_of) for name in params.names())
    return [record for record in found if record is not None]


# ----------------------------------------------------------------------------- public pages


@dataclass(frozen=True)
class JakonQuote:
    """What a contractor needs to know about one contract: contribution and registration."""

    contribution: JakonContribution
    deadline: Deadline


def quote_jakon(
    *,
    contract_value: AmountInput,
    spk_date: date,
    vat_amount: AmountInput | None = None,
    vat_included: bool = True,
    base: ContractBase | str | None = None,
    region_code: str = "61",
) -> JakonQuote:
    """Compute the Jakon contribution on the SPK date and the registration deadline after it."""
    errors: list[FieldError] = []
    contribution = deadline = None
    try:
        contribution = calculate_jakon(
            contract_value=contract_value,
            as_of=spk_date,
            vat_amount=vat_amount,
            vat_included=vat_included,
            base=base,
        )
    except CalculationInvalid as exc:
        errors += exc.errors
    try:
        deadline = registration_deadline(spk_date=spk_date, region_code=region_code)
    except CalculationInvalid as exc:
        errors += [e for e in exc.errors if e not in errors]
    if errors or contribution is None or deadline is None:
        raise CalculationInvalid(errors=errors)
    return JakonQuote(contribution=contribution, deadline=deadline)


@dataclass(frozen=True)
class FamilyBenefits:
    """What a family receives: JKM death, and with a wage JKK death and total disability."""

    as_of: date
    jkm_death: Benefit
    jkk_death: Benefit | None
    total_disability: Benefit | None
    beasiswa: BeasiswaAward | None
    beasiswa_min_years: Decimal | None


def family_benefits(
    *,
    as_of: date,
    wage: AmountInput | None = None,
    contribution_years: AmountInput | None = None,
    children: Sequence[ChildInput] = (),
    cause: BenefitCause | str = BenefitCause.JKM_DEATH,
) -> FamilyBenefits:
    """Compute every benefit a family can check at once; collect all input problems."""
    errors: list[FieldError] = []
    results: dict[str, object] = {}

    def attempt(key: str, compute: Callable[[], object]) -> None:
        try:
            results[key] = compute()
        except CalculationInvalid as exc:
            errors.extend(e for e in exc.errors if e not in errors)

    years = None if contribution_years in (None, "") else contribution_years
    attempt(
        "jkm",
        lambda: calculate_benefit(
            kind=BenefitKind.JKM_DEATH, as_of=as_of, contribution_years=years
        ),
    )
    has_wage = not (wage is None or (isinstance(wage, str) and not wage.strip()))
    if has_wage:
        for key, kind in (
            ("jkk", BenefitKind.JKK_DEATH),
            ("disability", BenefitKind.TOTAL_DISABILITY),
        ):
            attempt(key, partial(calculate_benefit, kind=kind, as_of=as_of, wage=wage))
    if children:
        attempt(
            "beasiswa",
            partial(
                calculate_beasiswa,
                children=children,
                cause=cause,
                as_of=as_of,
                contribution_years=years,
            ),
        )
    if errors:
        raise CalculationInvalid(errors=errors)
    jkm = results["jkm"]
    assert isinstance(jkm, Benefit)  # noqa: S101 - no error means it was computed
    record = regulation_selectors.parameter_set().find("beasiswa.jkm_min_contribution_years", as_of)
    minimum = record.value if record is not None and isinstance(record.value, Decimal) else None
    return FamilyBenefits(
        as_of=as_of,
        jkm_death=jkm,
        jkk_death=_as_benefit(results.get("jkk")),
        total_disability=_as_benefit(results.get("disability")),
        beasiswa=_as_award(results.get("beasiswa")),
        beasiswa_min_years=minimum,
    )


def _as_benefit(value: object) -> Benefit | None:
    return value if isinstance(value, Benefit) else None


def _as_award(value: object) -> BeasiswaAward | None:
    return value if isinstance(value, BeasiswaAward) else None
