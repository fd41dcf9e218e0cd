from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lindung.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from lindung.imports.models import ImportKind
        from lindung.jobs.models import Job
        from lindung.jobs.registry import ResultView, register

        def batch_link(job: Job) -> str:
            # An upload's job shares its batch's id; a later import names its batch.
            return reverse("imports:detail", args=[job.params.get("batch_id", job.pk)])

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
                    link=batch_link,
                    link_label=_("Open the import and its rejected rows"),
                ),
            )
            register(
                f"import.{kind}.check",
                ResultView(
                    figures={
                        "created": _("To create"),
                        "updated": _("To update"),
                        "unchanged": _("Unchanged"),
                        "rejected": _("Rejected rows"),
                    },
                    link=batch_link,
                    link_label=_("Open the check, its rejected rows and the import button"),
                ),
            )
