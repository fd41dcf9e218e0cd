"""Forms of the worker pages: list filters, the cadre's registration form and roster upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import NikStatus, Sector, Segment, SexChoice
from lindung.workers.selectors import WorkerFilters


def _blank(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    nik = forms.CharField(
        label=_("NIK (exact)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    region = forms.ChoiceField(label=_("Regency/city"), required=False, choices=[])
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=_blank(_("All"), Sector.choices)
    )
    segment = forms.ChoiceField(
        label=_("Segment"), required=False, choices=_blank(_("All"), Segment.choices)
    )
    nik_status = forms.ChoiceField(
        label=_("NIK"), required=False, choices=_blank(_("All"), NikStatus.choices)
    )

    def __init__(self, *args: Any, regions: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All")), *regions]  # type: ignore[attr-defined]

    def filters(self) -> WorkerFilters:
        """Return the valid filters (invalid ones are ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return WorkerFilters(
            query=data.get("q", ""),
            nik=data.get("nik", ""),
            region=data.get("region", ""),
            sector=data.get("sector", ""),
            segment=data.get("segment", ""),
            nik_status=data.get("nik_status", ""),
        )


class RegistrationForm(forms.Form):
    """Phone-first: short fields, numeric keyboards, the NIK checked as it is typed."""

    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=20,
        help_text=_("16 digits from the KTP or family card. Leave empty if not known."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=_blank(_("Not given"), SexChoice.choices)
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    region_code = forms.ChoiceField(label=_("Domicile village"), choices=[])
    occupation = forms.CharField(label=_("Occupation"), required=False, max_length=120)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    segment = forms.ChoiceField(label=_("Employment segment"), choices=Segment.choices)
    project_id = forms.TypedChoiceField(
        label=_("Project"), required=False, coerce=int, empty_value=None, choices=[]
    )
    project_role = forms.CharField(label=_("Role on the project"), required=False, max_length=100)

    def __init__(
        self,
        *args: Any,
        villages: list[tuple[str, str]],
        projects: list[tuple[int, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = villages  # type: ignore[attr-defined]
        if projects is None:
            del self.fields["project_id"]
            del self.fields["project_role"]
        else:
            self.fields["project_id"].choices = [("", "-"), *projects]  # type: ignore[attr-defined]


class RosterForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        help_text=_("Use the template's columns; dates as YYYY-MM-DD or DD/MM/YYYY."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
