"""Errors of the worker registry."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class WorkerNotFound(NotFound):
    message_template = _("Worker not found.")


class DuplicateCandidateNotFound(NotFound):
    message_template = _("Duplicate proposal not found.")


class WorkerInvalid(ValidationFailed):
    message_template = _("The worker data is not valid.")


class NikAlreadyRegistered(Conflict):
    message_template = _("A worker with this NIK is already registered.")


class MergeNotAllowed(Conflict):
    message_template = _("These records cannot be merged: %(reason)s")


class CandidateAlreadyDecided(Conflict):
    message_template = _("This proposal was already decided.")


class WorkerActionNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this action on workers.")


class RosterRefused(ValidationFailed):
    message_template = _("The roster file was refused: %(detail)s")
