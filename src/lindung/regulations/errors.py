"""Errors of the regulations app, and the bridge from ``lindung.rules`` errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import FieldError, NotFound, ValidationFailed
from lindung.core.i18n import message_language
from lindung.rules import errors as rule_errors


class ParameterInvalid(ValidationFailed):
    message_template = _("The parameter version is not valid.")


class ParameterNotFound(NotFound):
    message_template = _("Parameter %(name)s not found.")


class HolidayInvalid(ValidationFailed):
    message_template = _("The holiday is not valid.")


class CalculationInvalid(ValidationFailed):
    message_template = _("The input cannot be calculated.")


def field_errors_from_rules(error: rule_errors.RulesError) -> list[FieldError]:
    """Return the rules error's issues as field errors in the active language."""
    lang = message_language()
    return [
        FieldError(
            tuple(issue.field.split(".")) if issue.field else (),
            issue.message(lang),
            str(issue.code),
        )
        for issue in error.issues
    ]


def calculation_error(error: rule_errors.RulesError) -> CalculationInvalid:
    """Wrap a rules error as a 422 with every issue located."""
    return CalculationInvalid(errors=field_errors_from_rules(error))


class HolidayNotFound(NotFound):
    message_template = _("Holiday not found.")
