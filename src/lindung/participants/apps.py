from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "lindung.participants"
    label = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from lindung.jobs.registry import ResultView, register

        register(
            "participants.load",
            ResultView(
                figures={
                    "extract_date": _("Extract date"),
                    "loaded": _("Participants loaded"),
                    "rejected": _("Rejected rows"),
                },
                link=lambda job: (
                    reverse("participants:detail", args=[job.result["snapshot"]])
                    if isinstance(job.result.get("snapshot"), int)
                    else None
                ),
                link_label=_("Open the snapshot"),
            ),
        )
