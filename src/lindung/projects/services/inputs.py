"""Project input: what a form, an API call or an import row may set, and its checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from lindung.core.errors import FieldError
from lindung.projects.models import FundingLevel, Project, Stage, WorkSector
from lindung.regions.models import Region, RegionLevel
from lindung.regulations import selectors as regulation_selectors
from lindung.rules.identifiers import validate_kode_rup, validate_nib, validate_nip, validate_npwp
from lindung.rules.money import ABSURD_LIMIT
from lindung.rules.parameters import ParameterSet

COPIED_INPUT_FIELDS = (
    "sector",
    "funding_source",
    "fiscal_year",
    "stage",
    "hps_value",
    "contribution_in_hps",
    "contract_value",
    "value_includes_vat",
    "vat_amount",
    "spk_date",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "planned_workforce",
)
AUDITED_FIELDS = (
    "kode_rup",
    "contract_number",
    "name",
    "agency_id",
    "ppk_id",
    "contractor_id",
    "region_id",
    *COPIED_INPUT_FIELDS,
)


@dataclass
class ProjectInput:
    """Everything a project form, an API call or an import row may set."""

    name: str
    agency_name: str
    region_code: str
    funding_source: str
    fiscal_year: int
    kode_rup: str = ""
    contract_number: str = ""
    agency_region_code: str = ""
    sector: str = WorkSector.OTHER
    stage: str = Stage.PLANNED
    ppk_nip: str = ""
    ppk_name: str = ""
    contractor_name: str = ""
    contractor_npwp: str = ""
    contractor_nib: str = ""
    hps_value: Decimal | None = None
    contribution_in_hps: Decimal | None = None
    contract_value: Decimal | None = None
    value_includes_vat: bool = True
    vat_amount: Decimal | None = None
    spk_date: date | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    planned_workforce: int | None = None


def money_error(value: Decimal | None, field: str, errors: list[FieldError]) -> None:
    if value is None:
        return
    if value <= 0:
        errors.append(FieldError((field,), _("Must be more than zero."), "not_positive"))
    elif value > ABSURD_LIMIT:
        errors.append(
            FieldError((field,), _("Over Rp 10 trillion: check the number."), "too_large")
        )


def validate_project_input(
    data: ProjectInput,
    *,
    today: date,
    params: ParameterSet | None = None,
    region_levels: Mapping[str, str] | None = None,
) -> list[FieldError]:
    """Return every problem with the input (empty when it is valid). No writes.

    Bulk callers pass the parameter set and a ``{code: level}`` map of regions once, so
    validating a row costs no query.
    """
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError(("name",), _("The package name is required."), "required"))
    if not data.kode_rup.strip() and not data.contract_number.strip():
        errors.append(
            FieldError(("kode_rup",), _("Give the RUP code or the contract number."), "required")
        )
    if data.kode_rup.strip():
        check = validate_kode_rup(data.kode_rup)
        for issue in check.errors:
            errors.append(FieldError(("kode_rup",), issue.message("id"), str(issue.code)))
    if not data.agency_name.strip():
        errors.append(FieldError(("agency",), _("The agency (satker) is required."), "required"))
    if region_levels is None:
        found = Region.objects.filter(code=data.region_code.strip()).values_list("level", flat=True)
        level = found.first()
    else:
        level = region_levels.get(data.region_code.strip())
    if level is None:
        errors.append(
            FieldError(
                ("region",),
                _("Region %(code)s does not exist.") % {"code": data.region_code},
                "unknown_region",
            )
        )
    elif level not in {RegionLevel.DISTRICT, RegionLevel.VILLAGE, RegionLevel.REGENCY}:
        errors.append(
            FieldError(
                ("region",), _("The location must be a regency, district or village."), "level"
            )
        )
    if data.funding_source not in FundingLevel.values:
        errors.append(FieldError(("funding_source",), _("Unknown funding source."), "choice"))
    if data.sector not in WorkSector.values:
        errors.append(FieldError(("sector",), _("Unknown sector of work."), "choice"))
    if data.stage not in Stage.values:
        errors.append(FieldError(("stage",), _("Unknown stage."), "choice"))
    if not 2000 <= data.fiscal_year <= today.year + 5:
        errors.append(
            FieldError(
                ("fiscal_year",),
                _("The fiscal year must be between 2000 and %(max)s.") % {"max": today.year + 5},
                "range",
            )
        )
    if data.ppk_nip.strip():
        nip = validate_nip(data.ppk_nip)
        for issue in nip.errors:
            errors.append(FieldError(("ppk_nip",), issue.message("id"), str(issue.code)))
        if not data.ppk_name.strip():
            errors.append(FieldError(("ppk_name",), _("The PPK's name is required."), "required"))
    if data.contractor_npwp.strip():
        npwp = validate_npwp(
            data.contractor_npwp,
            as_of=today,
            params=params or regulation_selectors.parameter_set(),
        )
        for issue in npwp.errors:
            errors.append(FieldError(("contractor_npwp",), issue.message("id"), str(issue.code)))
    if data.contractor_nib.strip():
        for issue in validate_nib(data.contractor_nib).errors:
            errors.append(FieldError(("contractor_nib",), issue.message("id"), str(issue.code)))
    if (data.contractor_npwp.strip() or data.contractor_nib.strip()) and not (
        data.contractor_name.strip()
    ):
        errors.append(
            FieldError(("contractor_name",), _("The contractor's name is required."), "required")
        )
    for field_name in ("hps_value", "contract_value", "vat_amount", "contribution_in_hps"):
        money_error(getattr(data, field_name), field_name, errors)
    if data.vat_amount and data.contract_value and data.vat_amount >= data.contract_value:
        errors.append(
            FieldError(("vat_amount",), _("The VAT is larger than the contract value."), "vat")
        )
    if data.stage in {Stage.CONTRACTED, Stage.IN_PROGRESS, Stage.HANDED_OVER}:
        if data.contract_value is None:
            errors.append(
                FieldError(
                    ("contract_value",), _("A contracted project needs its value."), "required"
                )
            )
        if data.spk_date is None:
            errors.append(
                FieldError(("spk_date",), _("A contracted project needs its SPK date."), "required")
            )
    pairs = (
        ("planned_start", "planned_end"),
        ("actual_start", "actual_end"),
        ("spk_date", "actual_end"),
    )
    for first, second in pairs:
        start, end = getattr(data, first), getattr(data, second)
        if start and end and end < start:
            errors.append(
                FieldError(
                    (second,),
                    _("Must not be before %(other)s.") % {"other": first.replace("_", " ")},
                    "date_order",
                )
            )
    if data.spk_date and data.spk_date > today.replace(year=today.year + 1):
        errors.append(FieldError(("spk_date",), _("The SPK date is too far ahead."), "future"))
    if data.planned_workforce is not None and not 0 <= data.planned_workforce <= 100_000:
        errors.append(
            FieldError(("planned_workforce",), _("Between 0 and 100,000 workers."), "range")
        )
    return errors


def apply_input(project: Project, data: ProjectInput, *, keep_missing_keys: bool = False) -> None:
    """Copy the input onto the project (no save). An import keys a row by one identifier and
    leaves the other as stored when the row leaves it blank (``keep_missing_keys``)."""
    kept_rup = project.kode_rup if keep_missing_keys else None
    kept_contract = project.contract_number if keep_missing_keys else None
    project.kode_rup = data.kode_rup.strip() or kept_rup or None
    project.contract_number = data.contract_number.strip() or kept_contract or None
    project.name = data.name.strip()
    project.region_id = data.region_code.strip()
    for name in COPIED_INPUT_FIELDS:
        setattr(project, name, getattr(data, name))
