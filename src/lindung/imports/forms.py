"""The upload form: what to import and the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.imports.models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Use the template's columns; dates as YYYY-MM-DD or DD/MM/YYYY."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    check_only = forms.BooleanField(
        label=_("Check first, import afterwards"),
        required=False,
        help_text=_(
            "Every row is checked and you see what would be created or changed and the "
            "rejected rows; nothing is saved until you press Import."
        ),
    )
