"""Forms of the outreach and budget pages: phone-first fields, choices limited to the
actor's area. Forms parse input; the services decide (R3)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.coverage.models import SECTOR_CHOICES
from lindung.outreach.funnel import GROUP_LABELS, FunnelGroup
from lindung.outreach.models import (
    CadreKind,
    ContactChannel,
    ContactOutcome,
    FundingSource,
    ScenarioKind,
    SplitMode,
    TargetMetric,
)
from lindung.outreach.planning import ShareInput
from lindung.outreach.selectors import EventFilters
from lindung.outreach.services import AttendeeInput
from lindung.workers.forms import RegistrationForm
from lindung.workers.models import Sector

Choices = list[tuple[Any, Any]]
_SEPARATOR = re.compile(r"\s*[;,\t|]\s*")
NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


def _blank(label: Any, choices: Choices) -> Choices:
    return [("", label), *choices]


class DateInput(forms.DateInput):
    """A native date picker; its value must be ISO (yyyy-mm-dd) whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CadreForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CadreKind.choices)
    region_code = forms.ChoiceField(label=_("Working area"), choices=[])
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    username = forms.CharField(
        label=_("Login (username)"),
        required=False,
        max_length=150,
        help_text=_("Optional: the username of the cadre's village cadre login."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, areas: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = areas  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    cadre_id = forms.TypedChoiceField(
        label=_("Cadre"), required=False, coerce=int, empty_value=None, choices=[]
    )
    region_code = forms.ChoiceField(label=_("or village"), required=False, choices=[])
    metric = forms.ChoiceField(label=_("Measure"), choices=TargetMetric.choices)
    period = forms.CharField(
        label=_("Period"),
        max_length=8,
        help_text=_("2026 (year), 2026-Q1 (quarter) or 2026-03 (month)"),
    )
    value = forms.IntegerField(label=_("Target"), min_value=1, max_value=1_000_000)

    def __init__(self, *args: Any, cadres: Choices, villages: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre_id"].choices = _blank("-", cadres)  # type: ignore[attr-defined]
        self.fields["region_code"].choices = _blank("-", villages)  # type: ignore[attr-defined]


class TargetValueForm(forms.Form):
    value = forms.IntegerField(label=_("Target"), min_value=1, max_value=1_000_000)


class EventForm(forms.Form):
    """Phone-first: the date picker, a numeric keyboard for the attendance."""

    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    region_code = forms.ChoiceField(label=_("Village"), choices=[])
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("e.g. Balai desa"))
    organiser_cadre_id = forms.TypedChoiceField(
        label=_("Organising cadre"), required=False, coerce=int, empty_value=None, choices=[]
    )
    sector = forms.ChoiceField(label=_("Audience sector"), choices=Sector.choices)
    attendance_count = forms.IntegerField(
        label=_("Attendance"), min_value=0, widget=forms.NumberInput(attrs=NUMERIC)
    )
    materials = forms.CharField(
        label=_("Materials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leaflets, videos, the benefits explained…"),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, villages: Choices, organisers: Choices | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = villages  # type: ignore[attr-defined]
        if organisers is None:
            del self.fields["organiser_cadre_id"]
        else:
            self.fields["organiser_cadre_id"].choices = _blank(  # type: ignore[attr-defined]
                _("No cadre: I organised it"), organisers
            )


class AttendeesForm(forms.Form):
    lines = forms.CharField(
        label=_("Names"),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        help_text=_("One person per line: the name, then optionally a comma and the NIK."),
    )

    def clean_lines(self) -> list[AttendeeInput]:
        """Return one attendee per non-empty line, split into name and NIK."""
        people = []
        for line in str(self.cleaned_data["lines"]).splitlines():
            if not line.strip():
                continue
            parts = _SEPARATOR.split(line.strip(), maxsplit=1)
            name, nik = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
            if not nik and re.fullmatch(r".*\s\d{16}", name):
                name, nik = name[:-16], name[-16:]
            people.append(AttendeeInput(name=name.strip(), nik=nik.strip()))
        if not people:
            raise ValidationError(_("Add at least one name."))
        return people


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
        ),
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class EventRegistrationForm(RegistrationForm):
    """The worker registry's own registration form, with the event the worker came from."""

    field_order = ["event_id"]
    event_id = forms.TypedChoiceField(
        label=_("Registered at the event"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
    )

    def __init__(self, *args: Any, events: Choices | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if events is None:
            del self.fields["event_id"]
        else:
            self.fields["event_id"].choices = _blank(  # type: ignore[attr-defined]
                _("Not at an event"), events
            )
        self.order_fields(["event_id"])


class WorkerSearchForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK (exact)"), required=False, max_length=20, widget=forms.TextInput(attrs=NUMERIC)
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=100)


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput())
    channel = forms.ChoiceField(
        label=_("Channel"), choices=ContactChannel.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(label=_("Result"), choices=ContactOutcome.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_action = forms.CharField(label=_("Next action"), required=False, max_length=200)
    next_action_on = forms.DateField(label=_("Next action on"), required=False, widget=DateInput())


class EventFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Area"), required=False, choices=[])
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=_blank(_("All"), Sector.choices)
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Title or place"), required=False, max_length=100)

    def __init__(self, *args: Any, regions: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _blank(_("All"), regions)  # type: ignore[attr-defined]

    def filters(self) -> EventFilters:
        """Return the valid filters (invalid ones are ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            region=data.get("region", ""),
            sector=data.get("sector", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            query=data.get("q", ""),
        )


class FunnelForm(EventFilterForm):
    group = forms.ChoiceField(
        label=_("Per"),
        required=False,
        choices=[(g.value, label) for g, label in GROUP_LABELS.items()],
    )

    def group_value(self) -> FunnelGroup:
        """Return the chosen grouping (village by default)."""
        self.is_valid()
        raw = getattr(self, "cleaned_data", {}).get("group") or FunnelGroup.VILLAGE
        return FunnelGroup(raw)


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ScenarioKind.choices, widget=forms.RadioSelect
    )
    region_code = forms.ChoiceField(label=_("Region"), choices=[])
    year = forms.IntegerField(label=_("Budget year"), min_value=2015, max_value=2100)
    months = forms.IntegerField(
        label=_("Months paid in the year"),
        min_value=1,
        max_value=12,
        initial=12,
        widget=forms.NumberInput(attrs=NUMERIC),
    )
    sector = forms.ChoiceField(label=_("Workers (sector)"), choices=SECTOR_CHOICES, initial="all")
    target_percent = forms.DecimalField(
        label=_("Target coverage (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        decimal_places=2,
    )
    denominator = forms.IntegerField(
        label=_("Workers in the region (denominator)"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to use the recorded workforce figure."),
    )
    current_participants = forms.IntegerField(
        label=_("Current participants"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to use the newest BPJS snapshot or published figure."),
    )
    workers = forms.IntegerField(label=_("Workers to protect"), required=False, min_value=1)
    declared_income = forms.DecimalField(
        label=_("Declared monthly income (Rp)"),
        required=False,
        min_value=Decimal(0),
        decimal_places=0,
        help_text=_("Leave empty for the lowest income of the BPU table (the usual package)."),
    )
    with_jht = forms.BooleanField(label=_("Include JHT (old-age savings)"), required=False)
    split_mode = forms.ChoiceField(
        label=_("Split the cost"), choices=SplitMode.choices, initial=SplitMode.PERCENT
    )
    share_province = forms.DecimalField(
        label=FundingSource.PROVINCE.label, required=False, decimal_places=2
    )
    share_regency = forms.DecimalField(
        label=FundingSource.REGENCY.label, required=False, decimal_places=2
    )
    share_village = forms.DecimalField(
        label=FundingSource.VILLAGE.label, required=False, decimal_places=2
    )
    share_csr = forms.DecimalField(label=FundingSource.CSR.label, required=False, decimal_places=2)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    SHARE_FIELDS = {f"share_{source}": source for source in FundingSource.values}

    def __init__(self, *args: Any, regions: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = regions  # type: ignore[attr-defined]

    def shares(self) -> list[ShareInput]:
        """Return the entered shares as percentages or amounts, by the chosen split."""
        data = self.cleaned_data
        by_percent = data.get("split_mode") == SplitMode.PERCENT
        return [
            ShareInput(
                source=source,
                percent=data[name] if by_percent else None,
                amount=None if by_percent else data[name],
            )
            for name, source in self.SHARE_FIELDS.items()
            if data.get(name) is not None
        ]


class BudgetRecordForm(forms.Form):
    region_code = forms.ChoiceField(label=_("Region"), choices=[])
    year = forms.IntegerField(label=_("Budget year"), min_value=2015, max_value=2100)
    source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    amount = forms.CharField(
        label=_("Amount (Rp)"),
        max_length=40,
        widget=forms.TextInput(attrs=NUMERIC),
        help_text=_("e.g. 1.250.000.000"),
    )
    reference = forms.CharField(
        label=_("Document"), max_length=200, help_text=_("e.g. DPA number or APBDes regulation")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, regions: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = regions  # type: ignore[attr-defined]


class PaymentForm(BudgetRecordForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    workers_covered = forms.IntegerField(label=_("Workers covered"), required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].label = _("Payment reference")
        self.fields["reference"].help_text = _("e.g. the BPJS invoice or transfer number")


class BudgetFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[])
    year = forms.IntegerField(
        label=_("Budget year"), required=False, min_value=2015, max_value=2100
    )

    def __init__(self, *args: Any, regions: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
