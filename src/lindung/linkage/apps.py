from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "lindung.linkage"
    label = "linkage"
    verbose_name = _("Record linkage")

    def ready(self) -> None:
        from lindung.jobs.registry import ResultView, register

        register(
            "linkage.reconcile",
            ResultView(
                figures={
                    "workers": _("Workers checked"),
                    "covered": _("Protected"),
                    "lapsed": _("Lapsed"),
                    "not_registered": _("Not registered"),
                    "review": _("To review"),
                },
                link=lambda job: (
                    reverse("linkage:run_detail", args=[job.result["run"]])
                    if isinstance(job.result.get("run"), int)
                    else None
                ),
                link_label=_("Open the reconciliation"),
            ),
        )
