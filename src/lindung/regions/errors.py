"""Errors raised by the regions domain."""

from django.utils.translation import gettext_lazy as _

from lindung.core.errors import NotFound, ValidationFailed


class RegionNotFound(NotFound):
    message_template = _("Region %(code)s does not exist.")


class RegionDataInvalid(ValidationFailed):
    message_template = _("The packaged region data is not valid.")
