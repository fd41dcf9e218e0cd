"""The page a worker reaches by scanning the QR code on the site board (no login).

It shows only what the site board already shows, plus the BPJS status: no personal data,
no NIP, no internal ids. An unknown or revoked token gets a friendly 404 page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lindung.projects import list_selectors


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Show a project's BPJS protection status and how a worker can check or claim it."""
    project = list_selectors.public_project(token=token)
    if project is None:
        response = render(request, "projects/public_not_found.html", status=404)
    else:
        today = timezone.localdate()
        status = list_selectors.compliance_for([project], as_of=today)[project.pk]
        response = render(
            request,
            "projects/public_verify.html",
            {
                "project": project,
                "places": list_selectors.place_names(project.region),
                "registered": project.registered_on is not None,
                "paid": bool(
                    project.contribution_total and project.paid_total >= project.contribution_total
                ),
                "coverage_start": project.registered_on,
                "coverage_end": project.actual_end or project.planned_end,
                "compliant": status.compliant,
            },
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
