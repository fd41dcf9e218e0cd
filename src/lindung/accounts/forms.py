"""HTML forms: they parse input; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Both are case-sensitive."),
        "inactive": _("This account is inactive. Contact your provincial administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["password"].label = _("Password")


class UserForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.CharField(
        label=_("Region scope (code)"),
        max_length=13,
        help_text=_("Kemendagri code, e.g. 61 (province), 61.71 (Pontianak), 61.71.01 (district)."),
        widget=forms.TextInput(attrs={"list": "region-options", "autocomplete": "off"}),
    )
    organization = forms.CharField(label=_("Agency or company"), max_length=200, required=False)
    phone = forms.RegexField(
        label=_("Phone number"),
        regex=r"^\+?[0-9 ]{6,20}$",
        required=False,
        error_messages={"invalid": _("Use digits only, optionally starting with +.")},
    )


class UserCreateForm(UserForm):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={
            "invalid": _("3-150 characters: letters, digits and @ . + - _ only."),
        },
    )
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "password"]


class UserEditForm(UserForm):
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Contact details are personal data: never pre-filled, so the page shows them masked.
        for name in ("email", "phone"):
            self.fields[name].help_text = _("Leave empty to keep the current value.")


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Inactive"))],
        required=False,
    )


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search (user, object id, note)"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    entity_type = forms.CharField(label=_("Object type"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
