"""Whether a worker was protected by BPJS on the event date, and who is told when not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lindung.accounts import selectors as account_selectors
from lindung.accounts.models import User
from lindung.claims import selectors
from lindung.claims.models import ClaimCase, ClaimType
from lindung.core.i18n import display_date
from lindung.linkage import selectors as linkage_selectors
from lindung.notifications import services as notification_services
from lindung.projects.models import Project
from lindung.workers.models import Worker

# ----------------------------------------------------------------------------- protection


@dataclass(frozen=True)
class Protection:
    """Whether the worker was protected by BPJS on the event date, and why (None: unknown)."""

    protected: bool | None
    code: str
    detail: dict[str, Any]


def assess_protection(*, worker: Worker, project: Project | None, event_date: date) -> Protection:
    """Decide whether the worker was protected on the event date.

    A construction project registered with BPJS Ketenagakerjaan on or before the event
    protects everyone working on it (Jakon). Otherwise the worker's own participation
    counts, as the latest reconciliation of the registry with a BPJS extract found it:
    protected in an extract dated on or before the event, or lapsed before it. Without a
    project and without a reconciliation the answer is unknown (None).
    """
    own = linkage_selectors.worker_protection(worker=worker)
    own_detail = {
        "worker_status": own.status,
        "snapshot_date": own.snapshot_date.isoformat() if own.snapshot_date else None,
        "lapsed_since": own.lapsed_since.isoformat() if own.lapsed_since else None,
    }
    # An extract taken after the event cannot show protection on the event date.
    own_covered = (
        own.status == "covered"
        and own.snapshot_date is not None
        and (own.snapshot_date <= event_date)
    )
    own_lapsed = own.status == "lapsed" and (
        own.lapsed_since is None or own.lapsed_since <= event_date
    )
    if project is None:
        if own_covered:
            return Protection(True, "worker_participant", own_detail)
        if own_lapsed:
            return Protection(False, "worker_lapsed", own_detail)
        if own.status == "not_registered":
            return Protection(False, "worker_not_registered", own_detail)
        return Protection(None, "no_project", own_detail)
    detail = {
        "project_id": project.pk,
        "registered_on": project.registered_on.isoformat() if project.registered_on else None,
        "registration_due": (
            project.registration_due.isoformat() if project.registration_due else None
        ),
        "event_date": event_date.isoformat(),
        "registration_overdue_at_event": bool(
            project.registered_on is None
            and project.registration_due is not None
            and project.registration_due < event_date
        ),
        **own_detail,
    }
    if project.registered_on is not None and project.registered_on <= event_date:
        return Protection(True, "project_registered", detail)
    if own_covered:
        # The project was not (yet) registered, but the worker is a participant in person.
        return Protection(True, "worker_participant", detail)
    if project.registered_on is None:
        return Protection(False, "project_not_registered", detail)
    return Protection(False, "project_registered_after_event", detail)


def protection_text(case: ClaimCase) -> str:
    """Return the protection finding of a case in words (the active language)."""
    detail = case.protection_detail or {}
    code = detail.get("code", "")
    project = case.project.name if case.project else ""
    if code == "project_not_registered":
        text = _(
            "The project %(project)s was not registered with BPJS Ketenagakerjaan on the "
            "event date."
        ) % {"project": project}
        if detail.get("registration_overdue_at_event") and detail.get("registration_due"):
            text += " " + _("Its registration was due on %(due)s.") % {
                "due": display_date(date.fromisoformat(detail["registration_due"]))
            }
        return text
    if code == "project_registered_after_event":
        return _(
            "The project %(project)s was registered with BPJS Ketenagakerjaan only on "
            "%(on)s, after the event."
        ) % {"project": project, "on": display_date(date.fromisoformat(detail["registered_on"]))}
    if code == "worker_participant":
        return _(
            "The worker was an active BPJS Ketenagakerjaan participant in the extract of %(on)s."
        ) % {"on": display_date(date.fromisoformat(detail["snapshot_date"]))}
    if code == "worker_lapsed":
        since = detail.get("lapsed_since")
        if since:
            return _(
                "The worker's BPJS Ketenagakerjaan participation had lapsed (since %(on)s)."
            ) % {"on": display_date(date.fromisoformat(since))}
        return _("The worker's BPJS Ketenagakerjaan participation had lapsed.")
    if code == "worker_not_registered":
        return _("The worker was not found among BPJS Ketenagakerjaan participants.")
    if code == "project_registered":
        return _("The project %(project)s was registered with BPJS Ketenagakerjaan on %(on)s.") % {
            "project": project,
            "on": display_date(date.fromisoformat(detail["registered_on"])),
        }
    return ""


def notify_unprotected(case_id: int) -> None:
    """Tell the project's regency officers and PPK about a case on an unprotected project."""
    case = selectors.case_for_notice(case_id=case_id)
    if case is None or case.project is None:
        return
    project = case.project
    recipients: list[User] = list(
        account_selectors.officers_of_region(region_code=project.region_id)
    )
    if project.ppk is not None and project.ppk.user is not None:
        recipients.append(project.ppk.user)
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        notification_services.notify(
            recipients=recipients,
            message=notification_services.Message(
                kind="claim_unprotected",
                key=f"claim_unprotected:{case.pk}",
                title=(
                    _("Death of a worker on an unprotected project: %(project)s")
                    if case.claim_type == ClaimType.JKM_DEATH
                    else _("Accident on an unprotected project: %(project)s")
                )
                % {"project": project.name},
                body=_(
                    "Case %(ref)s (%(type)s) on %(date)s happened on a project that was not "
                    "protected by BPJS Ketenagakerjaan. %(finding)s"
                )
                % {
                    "ref": case.reference,
                    "type": case.get_claim_type_display(),
                    "date": display_date(case.event_date),
                    "finding": protection_text(case),
                },
                url=f"/klaim/{case.pk}/",
            ),
        )
