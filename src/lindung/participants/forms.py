"""Forms of the participant pages: the extract upload and the participant search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SnapshotUploadForm(forms.Form):
    extract_date = forms.DateField(
        label=_("Extract date"),
        help_text=_("The day BPJS Ketenagakerjaan took the extract."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    label = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=200,
        help_text=_("For example: the sending branch office and the letter number."),
    )
    file = forms.FileField(
        label=_("Extract file (CSV, XLSX or Parquet)"),
        help_text=_("Use the template's columns; one row per KPJ."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.parquet"}),
    )


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("KPJ or NIK (exact)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
