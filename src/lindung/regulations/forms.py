"""HTML forms for parameter versions and extra holidays (parsing only; services validate)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.rules.parameters import Confidence


class ParameterVersionForm(forms.Form):
    value_text = forms.CharField(
        label=_("New value"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A number (e.g. 3400000 or 0.24) or, for a table, JSON like the current one."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(
        label=_("Legal source"),
        max_length=500,
        help_text=_("The regulation or decree, e.g. Kepgub Kalbar 1350/NAKERTRAN/2025."),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"),
        choices=[(c.value, c.value) for c in Confidence],
        initial=Confidence.H,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.CharField(
        label=_("Region (code)"),
        max_length=13,
        initial="61",
        help_text=_("61 for all of West Kalimantan, or a regency/district code."),
        widget=forms.TextInput(attrs={"list": "region-options", "autocomplete": "off"}),
    )
    source = forms.CharField(label=_("Legal source"), max_length=500)
