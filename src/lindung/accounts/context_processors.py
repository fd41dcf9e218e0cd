"""Navigation for the logged-in user's role, shown in every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role
from lindung.accounts.permissions import Perm, has_perm
from lindung.notifications import selectors as notification_selectors


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the menu entries the user's role grants."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Dashboard"), reverse("coverage:dashboard"), Perm.VIEW_DASHBOARD)]
    if user.role in {Role.AGENCY_USER, Role.CONTRACTOR}:
        items.append((_("My projects"), reverse("projects:mine"), Perm.VIEW_DASHBOARD))
    items += [
        (_("Projects"), reverse("projects:list"), Perm.VIEW_DASHBOARD),
        (_("Compliance ranking"), reverse("projects:ranking"), Perm.VIEW_DASHBOARD),
        (_("Worker registry"), reverse("workers:list"), Perm.VIEW_DASHBOARD),
        (_("Outreach"), reverse("outreach:home"), Perm.MANAGE_OUTREACH),
        (_("Budget planner"), reverse("outreach:budget"), Perm.PLAN_BUDGET),
        (_("BPJS participants"), reverse("participants:list"), Perm.READ_PARTICIPANTS),
        (_("Claims"), reverse("claims:list"), Perm.VIEW_DASHBOARD),
        (_("Reconciliation"), reverse("linkage:run_list"), Perm.READ_PARTICIPANTS),
        (_("Reports"), reverse("reports:list"), Perm.GENERATE_REPORTS),
        (_("Imports"), reverse("imports:upload"), Perm.RUN_JOBS),
        (_("Regulations"), reverse("regulations:parameter_list"), Perm.VIEW_DASHBOARD),
        (_("Jobs"), reverse("jobs:list"), Perm.RUN_JOBS),
        (_("Users"), reverse("accounts:user_list"), Perm.MANAGE_USERS),
        (_("Audit trail"), reverse("accounts:audit_list"), Perm.READ_AUDIT),
    ]
    granted = [(label, url) for label, url, perm in items if has_perm(user, perm)]
    # The entry whose address is the longest prefix of the page's is the current one, so
    # /proyek/peringkat/ marks "Compliance ranking", not "Projects" too.
    matches = [url for _label, url in granted if url != "/" and request.path.startswith(url)]
    current = max(matches, key=len, default=None)
    visible = [{"label": label, "url": url, "active": url == current} for label, url in granted]
    visible.append({"label": _("API tokens"), "url": reverse("accounts:tokens"), "active": False})
    return {
        "nav_items": visible,
        "unread_notifications": notification_selectors.unread_count(actor=user),
    }
