from django.utils.translation import gettext_lazy as _

from lindung.core.errors import NotFound, ValidationFailed


class RegionNotInScope(NotFound):
    """Absent and out-of-scope regions answer alike, so existence does not leak."""

    message_template = _("Region not found.")


class FilterInvalid(ValidationFailed):
    """A filter of the open data (year, sector) is not one the data has."""

    message_template = _("The filter is not valid.")
