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

        # An import's figures, and a check's (same keys, what would happen).
        variants = {
            "": (_("Created"), _("Updated"), _("Open the import and its rejected rows")),
            ".check": (
                _("To create"),
                _("To update"),
                _("Open the check, its rejected rows and the import button"),
            ),
        }
        for kind in ImportKind.values:
            for suffix, (created, updated, link_label) in variants.items():
                register(
                    f"import.{kind}{suffix}",
                    ResultView(
                        figures={
                            "created": created,
                            "updated": updated,
                            "unchanged": _("Unchanged"),
                            "rejected": _("Rejected rows"),
                        },
                        link=batch_link,
                        link_label=link_label,
                    ),
                )
