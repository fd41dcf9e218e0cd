"""Errors of the claims domain."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class ClaimNotFound(NotFound):
    message_template = _("Claim case not found.")


class HandoverNotFound(NotFound):
    message_template = _("Handover not found.")


class StoryNotFound(NotFound):
    message_template = _("Story not found.")


class BeneficiaryNotFound(NotFound):
    message_template = _("Beneficiary not found.")


class ClaimInvalid(ValidationFailed):
    message_template = _("The claim data is not valid.")


class StepInvalid(ValidationFailed):
    message_template = _("The case cannot move to this step.")


class DocumentInvalid(ValidationFailed):
    message_template = _("The document cannot be ticked.")


class BeneficiaryInvalid(ValidationFailed):
    message_template = _("The beneficiary data is not valid.")


class HandoverInvalid(ValidationFailed):
    message_template = _("The handover data is not valid.")


class StoryInvalid(ValidationFailed):
    message_template = _("The story is not valid.")


class DuplicateCase(Conflict):
    message_template = _("A case for this worker, claim type and date exists already: %(ref)s.")


class CaseClosed(Conflict):
    message_template = _("The case is closed (paid or rejected) and cannot be changed.")


class ClaimActionNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this action on claims.")
