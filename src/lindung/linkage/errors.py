"""Errors of reconciliation runs, the review queue and the public self-check."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import (
    Conflict,
    ErrorCode,
    LindungError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)


class RunNotFound(NotFound):
    message_template = _("Reconciliation run not found.")


class ReviewCandidateNotFound(NotFound):
    message_template = _("Review pair not found.")


class ReconcileNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this reconciliation action.")


class RunInvalid(ValidationFailed):
    message_template = _("The reconciliation cannot start with these settings.")


class SnapshotNotLoaded(Conflict):
    message_template = _("Snapshot %(snapshot)s has not finished loading; it cannot be used yet.")


class RunInProgress(Conflict):
    message_template = _(
        "A reconciliation of %(region)s is already waiting or running; wait for it to finish."
    )


class CandidateAlreadyDecided(Conflict):
    message_template = _("This worker's status was already decided in this run.")


class SelfCheckInvalid(ValidationFailed):
    message_template = _("Check the NIK and the birth date.")


class SelfCheckLimited(LindungError):
    code = ErrorCode.RATE_LIMITED
    http_status = 429
    message_template = _("Too many checks. Please try again in %(minutes)s minutes.")
