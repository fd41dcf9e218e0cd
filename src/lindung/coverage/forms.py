"""The dashboard's filters (sector, segment, year), read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.coverage.models import ALL, SECTOR_CHOICES, SEGMENT_CHOICES
from lindung.coverage.selectors import CoverageFilters
from lindung.projects.models import FundingLevel


class CoverageFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES, required=False)
    segment = forms.ChoiceField(label=_("Segment"), choices=SEGMENT_CHOICES, required=False)
    funding = forms.ChoiceField(
        label=_("Project funding"),
        choices=[(ALL, _("All funding sources")), *FundingLevel.choices],
        required=False,
        help_text=_("Filters the construction project figures only."),
    )

    def __init__(self, *args: Any, years: list[int], default_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_year = default_year
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)  # noqa: S101 - declared above
        year.choices = [(y, str(y)) for y in sorted({*years, default_year}, reverse=True)]

    def filters(self) -> CoverageFilters:
        """Return the valid filters; an invalid value falls back to its default."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return CoverageFilters(
            year=data.get("year") or self.default_year,
            sector=data.get("sector") or ALL,
            segment=data.get("segment") or ALL,
            funding=data.get("funding") or ALL,
            default_year=self.default_year,
        )
