"""Errors raised by the accounts domain."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import NotFound, PermissionDenied, ValidationFailed


class UserNotFound(NotFound):
    message_template = _("User not found.")


class AuditEventNotFound(NotFound):
    message_template = _("Audit event not found.")


class ApiTokenNotFound(NotFound):
    message_template = _("API token not found.")


class ActionNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this action.")


class UserInvalid(ValidationFailed):
    message_template = _("The user data is not valid.")
