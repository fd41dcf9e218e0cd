from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "lindung.workers"
    label = "workers"
    verbose_name = _("Worker registry")
