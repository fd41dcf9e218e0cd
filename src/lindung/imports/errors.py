"""Errors of imports: a refused file is refused as a whole and nothing is written."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import Conflict, ErrorCode, NotFound, PermissionDenied, ValidationFailed


class ImportBatchNotFound(NotFound):
    message_template = _("Import not found.")


class ImportNotAllowed(PermissionDenied):
    message_template = _("Your role does not allow this import.")


class NotTheUploader(PermissionDenied):
    message_template = _("Only the person who uploaded and checked the file can import it.")


class FileRefused(ValidationFailed):
    """The file cannot be imported at all; nothing was written."""

    message_template = _("The file was refused.")


class UnsupportedFile(FileRefused):
    message_template = _("The file is not a CSV or XLSX file that can be read: %(detail)s")


class EmptyFile(FileRefused):
    message_template = _("The file has no data rows.")


class MissingColumns(FileRefused):
    message_template = _("The file lacks the columns: %(columns)s.")


class FileTooLarge(FileRefused):
    code = ErrorCode.PAYLOAD_TOO_LARGE
    http_status = 413
    message_template = _("The file is larger than the limit of %(limit)s bytes.")


class ImportConflict(FileRefused):
    message_template = _(
        "The data changed while the file was being imported; nothing was written. Import it again."
    )


class NotAwaitingImport(Conflict):
    message_template = _("This file is not waiting to be imported: it was imported or refused.")
