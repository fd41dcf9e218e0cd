"""Errors of the projects domain."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class ProjectNotFound(NotFound):
    message_template = _("Project not found.")


class ProjectInvalid(ValidationFailed):
    message_template = _("The project data is not valid.")


class PaymentInvalid(ValidationFailed):
    message_template = _("The payment is not valid.")


class RegistrationInvalid(ValidationFailed):
    message_template = _("The BPJS registration is not valid.")


class AddendumInvalid(ValidationFailed):
    message_template = _("The addendum is not valid.")


class StageChangeInvalid(ValidationFailed):
    message_template = _("The stage change is not valid.")


class ProjectActionNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this change to the project.")


class AlreadyRegistered(Conflict):
    message_template = _("This project is already registered with BPJS Ketenagakerjaan.")
