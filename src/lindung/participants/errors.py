"""Errors of the participant snapshots."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import Conflict, Immutable, NotFound, PermissionDenied, ValidationFailed


class SnapshotNotFound(NotFound):
    message_template = _("Participant snapshot not found.")


class ParticipantNotFound(NotFound):
    message_template = _("Participant not found.")


class SnapshotImmutable(Immutable):
    message_template = _("A loaded participant snapshot cannot be changed or deleted.")


class SnapshotRefused(ValidationFailed):
    message_template = _("The participant extract was refused: %(detail)s")


class SnapshotAlreadyLoaded(Conflict):
    message_template = _(
        "This extract was already loaded (snapshot of %(extract_date)s); nothing was written."
    )


class SnapshotDateTaken(Conflict):
    message_template = _(
        "A snapshot dated %(extract_date)s is already loaded; nothing was written."
    )


class ParticipantActionNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this action on participant data.")
