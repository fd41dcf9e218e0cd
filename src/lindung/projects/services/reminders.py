"""Daily reminders of registration deadlines to the PPK, agency, contractor and officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts import selectors as account_selectors
from lindung.accounts.models import User
from lindung.core.i18n import display_date
from lindung.notifications import services as notification_services
from lindung.projects import list_selectors
from lindung.projects.compliance import Compliance
from lindung.projects.models import Project, Stage

REMIND_WITHIN_WORKING_DAYS = 3


@dataclass
class ReminderResult:
    projects: int = 0
    notifications: int = 0


def _recipients(project: Project, officers: dict[str, list[User]]) -> list[User]:
    """Return the project's regency officers, PPK, agency and contractor users.

    ``officers`` caches each regency's officers; members come prefetched.
    """
    regency = ".".join(project.region_id.split(".")[:2])
    if regency not in officers:
        officers[regency] = list(account_selectors.officers_of_region(region_code=regency))
    people: list[User] = list(officers[regency])
    if project.ppk is not None and project.ppk.user is not None:
        people.append(project.ppk.user)
    people.extend(project.agency.members.all())
    if project.contractor is not None:
        people.extend(project.contractor.members.all())
    return people


@transaction.atomic(durable=True)
def send_deadline_reminders(*, today: date) -> ReminderResult:
    """Notify the PPK, agency, contractor and regency officer of registrations due within
    3 working days (once) and of overdue ones (once a week), in the app and by email."""
    candidates = list(
        Project.objects.filter(registered_on__isnull=True, spk_date__isnull=False)
        .exclude(stage__in=[Stage.CANCELLED, Stage.PLANNED])
        .select_related("agency", "ppk__user", "contractor")
        .prefetch_related("agency__members", "contractor__members")
    )
    statuses = list_selectors.compliance_for(candidates, as_of=today)
    result = ReminderResult()
    officers: dict[str, list[User]] = {}
    week = today.isocalendar()
    for project in candidates:
        status = statuses[project.pk]
        if status.code == Compliance.OVERDUE:
            key = f"overdue:{project.pk}:{week.year}-{week.week}"
            title = _("Overdue: %(name)s is not registered with BPJS Ketenagakerjaan") % {
                "name": project.name
            }
        elif (
            status.code in {Compliance.DUE_SOON, Compliance.NOT_YET_DUE}
            and status.working_days_left is not None
            and status.working_days_left <= REMIND_WITHIN_WORKING_DAYS
        ):
            key = f"due:{project.pk}:{status.due}"
            title = _("Due on %(due)s: register %(name)s with BPJS Ketenagakerjaan") % {
                "due": display_date(status.due) if status.due else "",
                "name": project.name,
            }
        else:
            continue
        sent = notification_services.notify(
            recipients=_recipients(project, officers),
            message=notification_services.Message(
                kind="project_deadline",
                key=key,
                title=title,
                body=f"{status.explanation} {status.next_action}".strip(),
                url=f"/proyek/{project.pk}/",
            ),
        )
        result.projects += 1
        result.notifications += len(sent)
    return result
