"""Forms of the reconciliation pages and the public self-check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.linkage.models import Protection

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class StartRunForm(forms.Form):
    """Which snapshot, which region, and the two thresholds (defaults from settings)."""

    snapshot = forms.TypedChoiceField(label=_("Participant snapshot"), coerce=int, choices=[])
    region = forms.ChoiceField(label=_("Region"), choices=[])
    accept = forms.FloatField(
        label=_("Accept threshold"),
        min_value=0.01,
        max_value=1,
        help_text=_("Pairs at least this likely (0-1) are linked without review."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    review = forms.FloatField(
        label=_("Review threshold"),
        min_value=0.01,
        max_value=1,
        help_text=_("Pairs between the two thresholds wait in the review queue."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(
        self,
        *args: Any,
        snapshots: list[tuple[int, str]],
        regions: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["snapshot"].choices = snapshots  # type: ignore[attr-defined]
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Protection"),
        required=False,
        choices=[("", _("All")), *Protection.choices],
    )
    region = forms.ChoiceField(label=_("Regency/city"), required=False, choices=[])

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All")), *regions]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        """Return a valid filter value, or empty."""
        self.is_valid()
        return str(getattr(self, "cleaned_data", {}).get(name) or "")


class SelfCheckForm(forms.Form):
    """Only what identifies a person to themselves: the NIK and the birth date."""

    nik = forms.CharField(
        label=_("NIK (16 digits, as on your KTP)"),
        max_length=24,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        input_formats=DATE_INPUTS,
        help_text=_("As written on your KTP."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "autocomplete": "bday"}),
        error_messages={"invalid": _("Enter the date as DD/MM/YYYY.")},
    )
