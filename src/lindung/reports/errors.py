"""Errors of the reports app (R8)."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import Conflict, NotFound, ValidationFailed


class ReportNotFound(NotFound):
    """Absent and out-of-scope reports answer alike, so existence does not leak."""

    message_template = _("Report not found.")


class ReportRequestInvalid(ValidationFailed):
    message_template = _("The report cannot be generated as asked.")


class ReportNotReady(Conflict):
    message_template = _("The report's files are not ready yet.")
