from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "lindung.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from lindung.jobs.registry import ResultView, register

        register(
            "regions.load",
            ResultView(
                figures={
                    "created": _("Created"),
                    "updated": _("Updated"),
                    "unchanged": _("Unchanged"),
                }
            ),
        )
