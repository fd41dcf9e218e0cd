from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lindung.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from lindung.jobs.registry import ResultView, register

        register(
            "reports.inpres",
            ResultView(
                figures={},
                link=lambda job: (
                    reverse("reports:detail", args=[job.result["report"]])
                    if isinstance(job.result.get("report"), int)
                    else None
                ),
                link_label=_("Open the report"),
            ),
        )
