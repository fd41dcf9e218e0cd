"""HTML forms for projects: they parse input only; the services validate and explain (R3, R8)."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.projects.list_selectors import STATUS_LABELS, ProjectFilters
from lindung.projects.models import FundingLevel, Project, Stage, WorkSector
from lindung.projects.services import ProjectInput

THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


ORDER_CHOICES = [
    ("-fiscal_year", _("Newest fiscal year")),
    ("fiscal_year", _("Oldest fiscal year")),
    ("name", _("Name A-Z")),
    ("-name", _("Name Z-A")),
    ("-contract_value", _("Largest contract")),
    ("contract_value", _("Smallest contract")),
    ("registration_due", _("Registration due, earliest")),
    ("-registration_due", _("Registration due, latest")),
    ("-spk_date", _("Newest SPK")),
    ("spk_date", _("Oldest SPK")),
]


class MoneyField(forms.DecimalField):
    """Rupiah as typed in Indonesia: ``350.000.000`` or ``350000000,50``."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("Rp", "").replace(" ", "")
            if "," in value:  # 1.250.000,50: dots group thousands, the comma is decimal
                value = value.replace(".", "").replace(",", ".")
            elif THOUSANDS.fullmatch(value):  # 350.000.000
                value = value.replace(".", "")
            # else 350000000 or 715000.00 (a decimal point, as the API and spreadsheets write)
        if value in self.empty_values:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def money(label: Any, *, required: bool = False, help_text: Any = "") -> MoneyField:
    return MoneyField(
        label=label,
        required=required,
        max_digits=18,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter an amount in rupiah, e.g. 350.000.000.")},
    )


def day(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as DD/MM/YYYY.")},
    )


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Regency/city"), required=False)
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    ppk = forms.TypedChoiceField(label=_("PPK"), required=False, coerce=int, empty_value=None)
    contractor = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_blank(list(STATUS_LABELS.items()), _("All statuses")),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=_blank(Stage.choices, _("All stages"))
    )
    year = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=2000)
    funding = forms.ChoiceField(
        label=_("Funding"), required=False, choices=_blank(FundingLevel.choices, _("All"))
    )
    order = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDER_CHOICES)

    def __init__(
        self,
        *args: Any,
        regions: list[tuple[str, str]] | None = None,
        agencies: list[tuple[int, str]] | None = None,
        ppks: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        agency_field = self.fields["agency"]
        ppk_field = self.fields["ppk"]
        assert isinstance(region_field, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(agency_field, forms.ChoiceField)  # noqa: S101
        assert isinstance(ppk_field, forms.ChoiceField)  # noqa: S101
        region_field.choices = _blank(regions or [], _("All regencies"))
        agency_field.choices = _blank(agencies or [], _("All agencies"))
        ppk_field.choices = _blank(ppks or [], _("All PPKs"))
        for field in (region_field, agency_field, ppk_field):
            # The menus only offer choices; any id is accepted and the scoped query decides,
            # so a filter on an unreadable agency shows nothing rather than being ignored.
            field.validate = lambda value: None  # type: ignore[method-assign]

    def filters(self) -> ProjectFilters:
        """Return the valid filters (invalid ones are ignored, as a list should still show)."""
        self.is_valid()
        # Invalid fields are left out of cleaned_data: the others still filter.
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return ProjectFilters(
            region=data.get("region") or "",
            agency_id=data.get("agency"),
            ppk_id=data.get("ppk"),
            contractor_id=data.get("contractor"),
            stage=data.get("stage") or "",
            status=data.get("status") or "",
            year=data.get("year"),
            funding=data.get("funding") or "",
            query=data.get("q") or "",
            order=data.get("order") or "-fiscal_year",
        )


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Package name"), max_length=300)
    kode_rup = forms.CharField(
        label=_("RUP code"),
        max_length=30,
        required=False,
        help_text=_("From SiRUP. Give the RUP code, the contract number or both."),
    )
    contract_number = forms.CharField(label=_("Contract number"), max_length=100, required=False)
    agency_name = forms.CharField(label=_("Agency (OPD/satker)"), max_length=200)
    region_code = forms.CharField(
        label=_("Location (region code)"),
        max_length=13,
        help_text=_("The Kemendagri code of the regency, district or village, e.g. 61.71.01."),
        widget=forms.TextInput(attrs={"list": "region-options", "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(label=_("Sector of work"), choices=WorkSector.choices)
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingLevel.choices)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"))
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    ppk_nip = forms.CharField(label=_("PPK NIP"), max_length=25, required=False)
    ppk_name = forms.CharField(label=_("PPK name"), max_length=200, required=False)
    contractor_name = forms.CharField(label=_("Contractor"), max_length=200, required=False)
    contractor_npwp = forms.CharField(label=_("Contractor NPWP"), max_length=25, required=False)
    contractor_nib = forms.CharField(label=_("Contractor NIB"), max_length=13, required=False)
    hps_value = money(_("Owner estimate (HPS), Rp"))
    contribution_in_hps = money(_("Jakon contribution budgeted in HPS/RAB, Rp"))
    contract_value = money(_("Contract value, Rp"))
    value_includes_vat = forms.BooleanField(
        label=_("The contract value includes VAT (PPN)"), required=False, initial=True
    )
    vat_amount = money(_("VAT (PPN) amount, Rp"))
    spk_date = day(_("SPK date"), help_text=_("Registration is due 14 working days after it."))
    planned_start = day(_("Planned start"))
    planned_end = day(_("Planned end"))
    actual_start = day(_("Actual start"))
    actual_end = day(_("Actual end"))
    planned_workforce = forms.IntegerField(
        label=_("Planned workforce"), required=False, min_value=0
    )

    def to_input(self) -> ProjectInput:
        """Return the service input from the cleaned data."""
        data = self.cleaned_data
        names = {f.name for f in fields(ProjectInput)}
        values = {k: v for k, v in data.items() if k in names}
        for key in ("kode_rup", "contract_number", "ppk_nip", "ppk_name", "contractor_name"):
            values[key] = values.get(key) or ""
        for key in ("contractor_npwp", "contractor_nib"):
            values[key] = values.get(key) or ""
        return ProjectInput(**values)


def initial_from_project(project: Project) -> dict[str, Any]:
    """Return the edit form's initial values (the project's parties are already joined)."""
    return {
        "name": project.name,
        "kode_rup": project.kode_rup or "",
        "contract_number": project.contract_number or "",
        "agency_name": project.agency.name,
        "region_code": project.region_id,
        "sector": project.sector,
        "funding_source": project.funding_source,
        "fiscal_year": project.fiscal_year,
        "stage": project.stage,
        "ppk_nip": project.ppk.nip if project.ppk else "",
        "ppk_name": project.ppk.name if project.ppk else "",
        "contractor_name": project.contractor.name if project.contractor else "",
        "contractor_npwp": project.contractor.npwp if project.contractor else "",
        "contractor_nib": project.contractor.nib if project.contractor else "",
        "hps_value": project.hps_value,
        "contribution_in_hps": project.contribution_in_hps,
        "contract_value": project.contract_value,
        "value_includes_vat": project.value_includes_vat,
        "vat_amount": project.vat_amount,
        "spk_date": project.spk_date,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "actual_start": project.actual_start,
        "actual_end": project.actual_end,
        "planned_workforce": project.planned_workforce,
    }


def input_from_project(project: Project, agency_region_code: str = "") -> ProjectInput:
    """Return the project's current data as service input (the base of a partial update)."""
    initial = initial_from_project(project)
    initial["agency_region_code"] = agency_region_code or project.agency.region_id
    return ProjectInput(**initial)


class AddendumForm(forms.Form):
    number = forms.CharField(label=_("Addendum number"), max_length=100)
    signed_on = day(_("Signed on"), required=True)
    new_value = money(_("New contract value, Rp"), help_text=_("Empty if the value is unchanged."))
    new_end = day(_("New end date"), help_text=_("Empty if the end date is unchanged."))


class RegistrationForm(forms.Form):
    bpjs_project_number = forms.CharField(label=_("BPJS project number"), max_length=30)
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=50, required=False
    )
    registered_on = day(_("Registered on"), required=True)


class PaymentForm(forms.Form):
    amount = money(_("Amount, Rp"), required=True)
    paid_on = day(_("Paid on"), required=True)
    termin = forms.TypedChoiceField(
        label=_("Termin"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Full amount")), ("1", "1"), ("2", "2"), ("3", "3")],
    )
    reference = forms.CharField(label=_("Receipt or reference"), max_length=100, required=False)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    on = day(_("Date"), required=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def today_initial(today: date) -> dict[str, date]:
    """Return the initial date of a form recording something that happened today."""
    return {"registered_on": today, "paid_on": today, "signed_on": today, "on": today}
