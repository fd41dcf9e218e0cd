"""Public pages (no login): the contractor's Jakon calculator and the family's benefit check.

Both are GET forms, so a result can be shared by its URL; htmx swaps only the page body
when JavaScript is on. Each view parses the form, makes one call to
``regulations.calculations`` and renders; rule problems become field errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lindung.regions import selectors as region_selectors
from lindung.regulations import calculations
from lindung.regulations.errors import CalculationInvalid

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
AMOUNT_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "350.000.000"}


def _date_field(label: Any, help_text: Any, invalid: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": invalid},
    )


class JakonForm(forms.Form):
    contract_value = forms.CharField(
        label=_("Contract value (Rp)"),
        max_length=40,
        help_text=_("Digits, with or without thousands dots, e.g. 350.000.000."),
        widget=forms.TextInput(attrs=AMOUNT_ATTRS),
        error_messages={
            "required": _("Enter the contract value."),
            "max_length": _("The contract value is too long."),
        },
    )
    spk_date = _date_field(
        _("SPK date"),
        _("The date of the work order (SPK). Empty: today."),
        _("Enter the SPK date as DD/MM/YYYY."),
    )
    vat_included = forms.ChoiceField(
        label=_("Does the contract value include VAT (PPN)?"),
        choices=[("yes", _("Yes, it includes VAT")), ("no", _("No, VAT is not included"))],
        required=False,
        initial="yes",
    )
    vat_amount = forms.CharField(
        label=_("VAT (PPN) amount (Rp), optional"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={**AMOUNT_ATTRS, "placeholder": "38.500.000"}),
        error_messages={"max_length": _("The VAT amount is too long.")},
    )
    region = forms.ChoiceField(
        label=_("Project location"),
        required=False,
        help_text=_("Regional holidays of the regency also move the deadline."),
    )
    base = forms.ChoiceField(
        label=_("Calculate on"),
        choices=[
            ("", _("The value as entered (rule in force)")),
            ("excluding_vat", _("The value without VAT")),
            ("including_vat", _("The value with VAT")),
        ],
        required=False,
        help_text=_("Excluding or including VAT needs the VAT amount."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regencies = region_selectors.list_regions(level="regency")
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)  # noqa: S101 - declared above
        region_field.choices = [
            ("61", _("West Kalimantan (no regional holiday)")),
            *((r.code, r.name) for r in regencies),
        ]


LEVEL_CHOICES = [
    ("", _("Not at school yet")),
    ("TK", _("Kindergarten (TK)")),
    ("SD", _("Primary school (SD)")),
    ("SMP", _("Junior high school (SMP)")),
    ("SMA", _("Senior high school (SMA/SMK)")),
    ("PT", _("University or training (PT)")),
]


class BenefitsForm(forms.Form):
    wage = forms.CharField(
        label=_("Monthly wage (Rp), for a work accident"),
        max_length=40,
        required=False,
        help_text=_("Needed for JKK death and total disability. Empty: only JKM is shown."),
        widget=forms.TextInput(attrs={**AMOUNT_ATTRS, "placeholder": "3.500.000"}),
        error_messages={"max_length": _("The wage is too long.")},
    )
    contribution_years = forms.CharField(
        label=_("Years of contributions"),
        max_length=10,
        required=False,
        help_text=_("How long the participant paid contributions, e.g. 3."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"max_length": _("The years of contributions are too long.")},
    )
    cause = forms.ChoiceField(
        label=_("Scholarship after"),
        choices=[
            ("jkm_death", _("Death (JKM)")),
            ("jkk_death", _("Death from a work accident (JKK)")),
            ("jkk_total_disability", _("Total disability from a work accident (JKK)")),
        ],
        required=False,
        initial="jkm_death",
    )
    child1_birth_date = _date_field(
        _("First child: birth date"), "", _("Enter the birth date as DD/MM/YYYY.")
    )
    child1_level = forms.ChoiceField(
        label=_("First child: school level"), choices=LEVEL_CHOICES, required=False
    )
    child2_birth_date = _date_field(
        _("Second child: birth date"), "", _("Enter the birth date as DD/MM/YYYY.")
    )
    child2_level = forms.ChoiceField(
        label=_("Second child: school level"), choices=LEVEL_CHOICES, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in (1, 2):
            if data.get(f"child{n}_level") and not data.get(f"child{n}_birth_date"):
                self.add_error(f"child{n}_birth_date", _("Enter the child's birth date."))
        return data

    def children(self) -> list[calculations.ChildInput]:
        """Return the children entered (a birth date makes a child)."""
        data = self.cleaned_data
        return [
            calculations.ChildInput(
                birth_date=data[f"child{n}_birth_date"],
                level=data.get(f"child{n}_level") or None,
                label=str(n),
            )
            for n in (1, 2)
            if data.get(f"child{n}_birth_date")
        ]


def _apply(form: forms.Form, exc: CalculationInvalid, fields: Mapping[str, str]) -> None:
    """Attach each located problem to the form field it concerns (others to the form)."""
    for error in exc.errors:
        keys = [str(part) for part in error.loc]
        name = next((fields[k] for k in (".".join(keys), *keys) if k in fields), None)
        form.add_error(name, error.msg)


JAKON_FIELDS = {
    "contract_value": "contract_value",
    "vat.amount": "vat_amount",
    "vat": "vat_amount",
    "date": "spk_date",
    "spk_date": "spk_date",
    "base": "base",
}
BENEFIT_FIELDS = {
    "wage": "wage",
    "contribution_years": "contribution_years",
    "cause": "cause",
    "children[0]": "child1_birth_date",
    "children[1]": "child2_birth_date",
    "children[0].level": "child1_level",
    "children[1].level": "child2_level",
}


def _page(request: HttpRequest, full: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    template = partial if getattr(request, "htmx", False) else full
    return render(request, template, context)


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """Show a contract's Jakon contribution and registration deadline (public)."""
    form = JakonForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        spk_date = data["spk_date"] or timezone.localdate()
        try:
            quote = calculations.quote_jakon(
                contract_value=data["contract_value"],
                spk_date=spk_date,
                vat_amount=data["vat_amount"] or None,
                vat_included=data["vat_included"] != "no",
                base=data["base"] or None,
                region_code=data["region"] or "61",
            )
        except CalculationInvalid as exc:
            _apply(form, exc, JAKON_FIELDS)
        else:
            context |= {
                "quote": quote,
                "sources": [*quote.contribution.parameters, *quote.deadline.parameters],
                "spk_date": spk_date,
                "spk_assumed": not data["spk_date"],
                "warnings": [calculations.issue_message(w) for w in quote.contribution.warnings],
            }
    return _page(
        request,
        "regulations/public_calculator.html",
        "regulations/public_calculator_body.html",
        context,
    )


@require_GET
def benefits(request: HttpRequest) -> HttpResponse:
    """Show what JKM, JKK, total disability and the scholarship pay a family (public)."""
    form = BenefitsForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        try:
            result = calculations.family_benefits(
                as_of=timezone.localdate(),
                wage=data.get("wage") or None,
                contribution_years=data.get("contribution_years") or None,
                children=form.children() if form.is_bound else [],
                cause=data.get("cause") or "jkm_death",
            )
        except CalculationInvalid as exc:
            _apply(form, exc, BENEFIT_FIELDS)
        else:
            awards = result.beasiswa.children if result.beasiswa else ()
            context |= {
                "result": result,
                "sections": _sections(result),
                "sources": _sources(result),
                "notes": _notes(result),
                "children": [
                    {"award": c, "reasons": [calculations.issue_message(r) for r in c.reasons]}
                    for c in awards
                ],
            }
    return _page(
        request,
        "regulations/public_benefits.html",
        "regulations/public_benefits_body.html",
        context,
    )


COMPONENT_LABELS = {
    "lump_sum": _("Lump sum"),
    "periodic": _("Periodic benefit (paid at once)"),
    "funeral": _("Funeral costs"),
}


def _sections(result: calculations.FamilyBenefits) -> list[dict[str, Any]]:
    titled = [
        ("jkm", _("Death not caused by a work accident (JKM)"), result.jkm_death),
        ("jkk", _("Death from a work accident (JKK)"), result.jkk_death),
        ("disability", _("Total permanent disability from a work accident (JKK)"),
         result.total_disability),
    ]  # fmt: skip
    return [
        {
            "key": key,
            "title": title,
            "benefit": benefit,
            "components": [
                (COMPONENT_LABELS.get(name, name), amount.rounded)
                for name, amount in benefit.components
            ],
        }
        for key, title, benefit in titled
        if benefit is not None
    ]


def _sources(result: calculations.FamilyBenefits) -> list[Any]:
    groups = [
        result.jkm_death.parameters,
        result.jkk_death.parameters if result.jkk_death else (),
        result.total_disability.parameters if result.total_disability else (),
        result.beasiswa.parameters if result.beasiswa else (),
    ]
    unique: dict[tuple[str, Any], Any] = {}
    for group in groups:
        for record in group:
            unique.setdefault((record.name, record.valid_from), record)
    return list(unique.values())


def _notes(result: calculations.FamilyBenefits) -> list[str]:
    issues = [
        *result.jkm_death.warnings,
        *(result.jkk_death.warnings if result.jkk_death else ()),
        *(result.beasiswa.warnings if result.beasiswa else ()),
    ]
    seen: list[str] = []
    for issue in issues:
        message = calculations.issue_message(issue)
        if message not in seen:
            seen.append(message)
    return seen
