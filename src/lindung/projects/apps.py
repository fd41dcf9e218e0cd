from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "lindung.projects"
    label = "projects"
    verbose_name = _("Construction projects")

    def ready(self) -> None:
        from lindung.jobs.registry import ResultView, register
        from lindung.projects.selectors import EXPORT_KIND

        register(
            EXPORT_KIND,
            ResultView(
                figures={"rows": _("Projects exported")},
                link=lambda job: reverse("projects:export_download", args=[job.pk]),
                link_label=_("Download the file"),
            ),
        )
