"""HTML forms of the claim pages: they parse input only; the services validate (R3, R8)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.claims import workflow
from lindung.claims.models import (
    BeasiswaCause,
    ClaimStatus,
    ClaimType,
    JkkOutcome,
    Relationship,
    SchoolLevel,
)
from lindung.claims.selectors import CaseFilters
from lindung.claims.services import (
    BeneficiaryInput,
    BenefitInputs,
    CaseInput,
    CaseUpdate,
    HandoverInput,
    StoryInput,
)

THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def _blank(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class MoneyField(forms.DecimalField):
    """Rupiah as typed in Indonesia: ``42.000.000`` or ``3500000,50``."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("Rp", "").replace(" ", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif THOUSANDS.fullmatch(value):
                value = value.replace(".", "")
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
        max_digits=16,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter an amount in rupiah, e.g. 42.000.000.")},
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


def percent(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as a choice field
    field.choices = choices


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case or BPJS number"), required=False, max_length=60)
    claim_type = forms.ChoiceField(
        label=_("Claim type"), required=False, choices=_blank(_("All types"), ClaimType.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            ("open", _("Open (not paid or rejected)")),
            *ClaimStatus.choices,
        ],
    )
    regency = forms.ChoiceField(label=_("Regency/city"), required=False, choices=[])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    unprotected = forms.BooleanField(label=_("Unprotected projects only"), required=False)

    def __init__(self, *args: Any, regencies: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        _set_choices(self, "regency", _blank(_("All regencies"), regencies))

    def filters(self) -> CaseFilters:
        """Return the valid filters (invalid ones are ignored, as a list should still show)."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return CaseFilters(
            claim_type=data.get("claim_type") or "",
            status=data.get("status") or "",
            regency=data.get("regency") or "",
            overdue=bool(data.get("overdue")),
            unprotected=bool(data.get("unprotected")),
            query=data.get("q") or "",
        )


class BenefitFields(forms.Form):
    """The inputs of the expected benefit, shared by the new-case and edit forms."""

    monthly_wage = money(
        _("Monthly wage reported to BPJS, Rp"),
        help_text=_("Empty: the regency's minimum wage (UMK) is used as an estimate."),
    )
    contribution_months = forms.IntegerField(
        label=_("Months of contributions (masa iur)"),
        required=False,
        min_value=0,
        help_text=_("For JKM: the scholarship needs at least 36 months."),
    )
    stmb_months = forms.IntegerField(
        label=_("Months unable to work (STMB)"), required=False, min_value=1
    )
    disability_pct = percent(_("Disability percentage from the table (%)"))
    function_loss_pct = percent(_("Function lost (%), for loss of function"))
    transport_land = money(_("Transport costs by land, river or lake, Rp"))
    transport_sea = money(_("Transport costs by sea, Rp"))
    transport_air = money(_("Transport costs by air, Rp"))

    def benefit_inputs(self) -> BenefitInputs:
        """Return the benefit inputs from the cleaned data."""
        data = self.cleaned_data
        return BenefitInputs(
            monthly_wage=data.get("monthly_wage"),
            contribution_months=data.get("contribution_months"),
            stmb_months=data.get("stmb_months"),
            disability_pct=data.get("disability_pct"),
            function_loss_pct=data.get("function_loss_pct"),
            transport_land=data.get("transport_land"),
            transport_sea=data.get("transport_sea"),
            transport_air=data.get("transport_air"),
        )


JKK = "jkk_accident jkk_disease"
# Which claim types each field applies to (the page hides the others; the service decides).
FOR_TYPES = {
    "jkk_outcome": JKK,
    "beasiswa_cause": "beasiswa",
    "monthly_wage": JKK,
    "contribution_months": "jkm_death beasiswa",
    "stmb_months": JKK,
    "disability_pct": JKK,
    "function_loss_pct": JKK,
    "transport_land": JKK,
    "transport_sea": JKK,
    "transport_air": JKK,
}
# Which target steps each step-form field applies to.
FOR_STEPS = {
    "bpjs_claim_number": "submitted approved paid",
    "amount_paid": "paid",
    "rejection_reason": "rejected",
}


class CaseForm(BenefitFields):
    """A new case. The worker is chosen by searching the registry (NIK or name)."""

    claim_type = forms.ChoiceField(label=_("Claim type"), choices=ClaimType.choices)
    worker_id = forms.IntegerField(label=_("Worker"), widget=forms.HiddenInput)
    event_date = day(_("Date of the event"), required=True, help_text=_(
        "For a scholarship: the date of the death or total disability."
    ))  # fmt: skip
    event_region_code = forms.ChoiceField(
        label=_("Village where it happened"),
        required=False,
        choices=[],
        help_text=_("Empty: the project's village."),
    )
    event_place = forms.CharField(label=_("Place"), required=False, max_length=200)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    project_id = forms.TypedChoiceField(
        label=_("Construction project"), required=False, coerce=int, empty_value=None, choices=[]
    )
    jkk_outcome = forms.ChoiceField(
        label=_("Outcome (JKK)"),
        required=False,
        choices=_blank(_("Not known yet"), JkkOutcome.choices),
    )
    beasiswa_cause = forms.ChoiceField(
        label=_("Scholarship because of"),
        required=False,
        choices=_blank("-", BeasiswaCause.choices),
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=200)
    reporter_phone = forms.CharField(
        label=_("Reporter's phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    reporter_relationship = forms.ChoiceField(
        label=_("Reporter's relationship to the worker"), choices=Relationship.choices
    )
    reported_on = day(_("Reported on"), required=True)

    field_order = [
        "claim_type",
        "worker_id",
        "event_date",
        "project_id",
        "event_region_code",
        "event_place",
        "description",
        "jkk_outcome",
        "beasiswa_cause",
        "reporter_name",
        "reporter_phone",
        "reporter_relationship",
        "reported_on",
    ]

    def __init__(
        self,
        *args: Any,
        villages: list[tuple[str, str]],
        projects: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "event_region_code", _blank(_("The project's village"), villages))
        _set_choices(self, "project_id", _blank(_("No project"), projects))

    def rows(self) -> list[tuple[forms.BoundField, str]]:
        """Return the visible fields with the claim types they apply to ("" for all)."""
        return [(field, FOR_TYPES.get(field.name, "")) for field in self.visible_fields()]

    def to_input(self) -> CaseInput:
        """Return the service input from the cleaned data."""
        data = self.cleaned_data
        return CaseInput(
            claim_type=data["claim_type"],
            worker_id=data.get("worker_id"),
            event_date=data.get("event_date"),
            event_region_code=data.get("event_region_code") or "",
            event_place=data.get("event_place") or "",
            description=data.get("description") or "",
            project_id=data.get("project_id"),
            jkk_outcome=data.get("jkk_outcome") or "",
            beasiswa_cause=data.get("beasiswa_cause") or "",
            reporter_name=data.get("reporter_name") or "",
            reporter_phone=data.get("reporter_phone") or "",
            reporter_relationship=data.get("reporter_relationship") or "",
            reported_on=data.get("reported_on"),
            inputs=self.benefit_inputs(),
        )


class CaseEditForm(BenefitFields):
    """Corrections while a case is open: outcome, place, description and benefit inputs."""

    jkk_outcome = forms.ChoiceField(
        label=_("Outcome (JKK)"),
        required=False,
        choices=_blank(_("Not known yet"), JkkOutcome.choices),
    )
    beasiswa_cause = forms.ChoiceField(
        label=_("Scholarship because of"),
        required=False,
        choices=_blank("-", BeasiswaCause.choices),
    )
    event_place = forms.CharField(label=_("Place"), required=False, max_length=200)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reporter_phone = forms.CharField(
        label=_("Reporter's phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    field_order = ["jkk_outcome", "beasiswa_cause", "event_place", "description", "reporter_phone"]

    def __init__(self, *args: Any, claim_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if claim_type not in {ClaimType.JKK_ACCIDENT, ClaimType.JKK_DISEASE}:
            for name in ("jkk_outcome", "stmb_months", "disability_pct", "function_loss_pct"):
                del self.fields[name]
            for name in ("transport_land", "transport_sea", "transport_air"):
                del self.fields[name]
        if claim_type != ClaimType.BEASISWA:
            del self.fields["beasiswa_cause"]
        if claim_type == ClaimType.BEASISWA:
            del self.fields["monthly_wage"]

    def to_update(self) -> CaseUpdate:
        """Return the service input from the cleaned data."""
        data = self.cleaned_data
        return CaseUpdate(
            event_place=data.get("event_place") or "",
            description=data.get("description") or "",
            jkk_outcome=data.get("jkk_outcome") or "",
            beasiswa_cause=data.get("beasiswa_cause") or "",
            reporter_phone=data.get("reporter_phone") or "",
            inputs=self.benefit_inputs(),
        )


def edit_initial(case: Any) -> dict[str, Any]:
    """Return the edit form's initial values from a case."""
    names = (
        "jkk_outcome", "beasiswa_cause", "event_place", "description", "reporter_phone",
        "monthly_wage", "contribution_months", "stmb_months", "disability_pct",
        "function_loss_pct", "transport_land", "transport_sea", "transport_air",
    )  # fmt: skip
    return {name: getattr(case, name) for name in names}


class StepForm(forms.Form):
    """Move a case one step: the date, and what the target step needs."""

    to_status = forms.ChoiceField(label=_("Move to"), choices=ClaimStatus.choices)
    on = day(_("Date"), required=True)
    bpjs_claim_number = forms.CharField(label=_("BPJS claim number"), required=False, max_length=40)
    amount_paid = money(_("Amount paid by BPJS, Rp"))
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def rows(self) -> list[tuple[forms.BoundField, str]]:
        """Return the fields with the target steps they apply to ("" for all)."""
        return [(field, FOR_STEPS.get(field.name, "")) for field in self.visible_fields()]

    def to_step(self) -> workflow.StepInput:
        """Return the requested move from the cleaned data."""
        data = self.cleaned_data
        return workflow.StepInput(
            to_status=data["to_status"],
            on=data["on"],
            bpjs_claim_number=data.get("bpjs_claim_number") or "",
            amount_paid=data.get("amount_paid"),
            rejection_reason=data.get("rejection_reason") or "",
            note=data.get("note") or "",
        )


class BeneficiaryForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    relationship = forms.ChoiceField(
        label=_("Relationship to the worker"),
        choices=[
            (value, label)
            for value, label in Relationship.choices
            if value in {"spouse", "child", "parent", "sibling", "other"}
        ],
    )
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = day(_("Birth date"), help_text=_("Required for children (scholarship)."))
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    school_level = forms.ChoiceField(
        label=_("School level"),
        required=False,
        choices=_blank(_("Not at school"), SchoolLevel.choices),
    )
    years_at_level = forms.IntegerField(
        label=_("Scholarship years already paid at this level"), required=False, min_value=0
    )
    paid_to_date = money(_("Scholarship received before, Rp"))
    married = forms.BooleanField(label=_("Married"), required=False)
    working = forms.BooleanField(label=_("Working"), required=False)

    def to_input(self) -> BeneficiaryInput:
        """Return the service input from the cleaned data."""
        data = self.cleaned_data
        level = data.get("school_level") or ""
        years = data.get("years_at_level")
        return BeneficiaryInput(
            name=data["name"],
            relationship=data["relationship"],
            nik=(data.get("nik") or "").replace(" ", ""),
            birth_date=data.get("birth_date"),
            phone=data.get("phone") or "",
            school_level=level,
            married=bool(data.get("married")),
            working=bool(data.get("working")),
            years_used={level: years} if level and years else {},
            paid_to_date=data.get("paid_to_date") or Decimal(0),
        )


class HandoverForm(forms.Form):
    held_on = day(_("Date"), required=True)
    place = forms.CharField(label=_("Place"), max_length=200)
    region_code = forms.ChoiceField(label=_("Regency/city"), choices=[])
    officials = forms.CharField(
        label=_("Officials who handed over"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the regent, the head of the BPJS branch."),
    )
    family_count = forms.IntegerField(label=_("Families receiving"), min_value=1)
    amount = money(_("Amount handed over, Rp"), required=True)
    case_ids = forms.TypedMultipleChoiceField(
        label=_("Cases"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        regions: list[tuple[str, str]],
        cases: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "region_code", regions)
        _set_choices(self, "case_ids", cases)

    def to_input(self) -> HandoverInput:
        """Return the service input from the cleaned data."""
        data = self.cleaned_data
        return HandoverInput(
            held_on=data.get("held_on"),
            place=data.get("place") or "",
            region_code=data.get("region_code") or "",
            officials=data.get("officials") or "",
            family_count=data.get("family_count"),
            amount=data.get("amount"),
            case_ids=list(data.get("case_ids") or []),
            note=data.get("note") or "",
        )


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "No names and no NIK: describe the worker by trade and place, e.g. "
            '"a carpenter from Sungai Kakap".'
        ),
    )
    publishable = forms.BooleanField(
        label=_("May be published on the public stories page"), required=False
    )

    def to_input(self) -> StoryInput:
        """Return the service input from the cleaned data."""
        data = self.cleaned_data
        return StoryInput(
            title=data["title"], text=data["text"], publishable=bool(data.get("publishable"))
        )


class StatsForm(forms.Form):
    date_from = day(_("From"))
    date_to = day(_("To"))
    claim_type = forms.ChoiceField(
        label=_("Claim type"), required=False, choices=_blank(_("All types"), ClaimType.choices)
    )

    def period(self, today: date) -> tuple[date, date, str]:
        """Return the chosen period (this year so far by default) and claim type."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        start = data.get("date_from") or date(today.year, 1, 1)
        end = data.get("date_to") or today
        if end < start:
            start, end = end, start
        return start, end, data.get("claim_type") or ""
