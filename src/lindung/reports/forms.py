"""The report request form: region (within the actor's scope), half-year and language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.reports.models import FIRST_YEAR, ReportLanguage, Semester


class ReportRequestForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    semester = forms.TypedChoiceField(label=_("Half-year"), coerce=int, choices=Semester.choices)
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)

    def __init__(
        self, *args: Any, regions: list[tuple[str, str]], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        year = self.fields["year"]
        assert isinstance(region, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(year, forms.ChoiceField)  # noqa: S101 - declared above
        region.choices = [(code, f"{name} ({code})") for code, name in regions]
        year.choices = [(y, str(y)) for y in range(today.year, FIRST_YEAR - 1, -1)]
