from django.utils.translation import gettext_lazy as _

from lindung.core.errors import NotFound


class JobNotFound(NotFound):
    message_template = _("Job not found.")
