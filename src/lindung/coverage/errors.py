from django.utils.translation import gettext_lazy as _

from lindung.core.errors import NotFound


class RegionNotInScope(NotFound):
    """Absent and out-of-scope regions answer alike, so existence does not leak."""

    message_template = _("Region not found.")
