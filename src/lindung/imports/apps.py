from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lindung.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from lindung.imports.models import ImportKind
        from lindung.jobs.registry import ResultView, register

        for kind in ImportKind.values:
            register(
                f"import.{kind}",
                ResultView(
                    figures={
                        "created": _("Created"),
                        "updated": _("Updated"),
                        "unchanged": _("Unchanged"),
                        "rejected": _("Rejected rows"),
                    },
                    link=lambda job: reverse("imports:detail", args=[job.pk]),
                    link_label=_("Open the import and its rejected rows"),
                ),
            )
