"""Errors of outreach and the budget planner."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import (
    Conflict,
    ErrorCode,
    LindungError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)


class CadreNotFound(NotFound):
    message_template = _("Cadre not found.")


class TargetNotFound(NotFound):
    message_template = _("Target not found.")


class EventNotFound(NotFound):
    message_template = _("Event not found.")


class PhotoNotFound(NotFound):
    message_template = _("Photo not found.")


class RegistrationNotFound(NotFound):
    message_template = _("Registration not found.")


class AttendeeNotFound(NotFound):
    message_template = _("Attendee not found.")


class ScenarioNotFound(NotFound):
    message_template = _("Budget scenario not found.")


class AllocationNotFound(NotFound):
    message_template = _("Budget record not found.")


class RegionNotFound(NotFound):
    message_template = _("Region not found.")


class FollowUpNotFound(NotFound):
    message_template = _("Participant not found on the follow-up list.")


class OutreachNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this outreach action.")


class FollowUpRevealLimited(LindungError):
    code = ErrorCode.RATE_LIMITED
    http_status = 429
    message_template = _(
        "You have shown %(limit)s names today, the daily limit for follow-up. "
        "Ask the regency office if you need more."
    )


class BudgetNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow budget planning.")


class CadreInvalid(ValidationFailed):
    message_template = _("The cadre data is not valid.")


class TargetInvalid(ValidationFailed):
    message_template = _("The target is not valid.")


class EventInvalid(ValidationFailed):
    message_template = _("The event data is not valid.")


class AttendeesInvalid(ValidationFailed):
    message_template = _("The attendee list is not valid.")


class PhotoRefused(ValidationFailed):
    message_template = _("The photo was refused: %(reason)s")


class PhotoTooLarge(PhotoRefused):
    code = ErrorCode.PAYLOAD_TOO_LARGE
    http_status = 413


class RegistrationInvalid(ValidationFailed):
    message_template = _("The registration cannot be credited to this event.")


class ContactInvalid(ValidationFailed):
    message_template = _("The follow-up contact is not valid.")


class ScenarioInvalid(ValidationFailed):
    message_template = _("The budget scenario is not valid.")


class BudgetRecordInvalid(ValidationFailed):
    message_template = _("The budget record is not valid.")


class TargetExists(Conflict):
    message_template = _("A target for this measure and period already exists.")


class EventHasRegistrations(Conflict):
    message_template = _("This event has registrations credited to it; unlink them first.")


class WorkerAlreadyCredited(Conflict):
    message_template = _("This worker is already credited to an event (%(event)s).")


class CadreAlreadyLinked(Conflict):
    message_template = _("This login already belongs to another cadre.")
