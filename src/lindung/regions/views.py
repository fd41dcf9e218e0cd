"""Region pages: an admin can reload the packaged region data as a background job."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lindung.accounts.models import User
from lindung.accounts.permissions import Perm
from lindung.jobs import services as job_services
from lindung.regions import selectors as region_selectors
from lindung.regions.tasks import load_regions_task


@require_POST
@login_required
def reload_regions(request: HttpRequest) -> HttpResponse:
    """Start a background reload of the packaged regions and show its progress."""
    actor = request.user
    assert isinstance(actor, User)  # noqa: S101 - guarded by login_required
    job = job_services.start_job(
        actor=actor,
        perm=Perm.MANAGE_REFERENCE_DATA,
        kind="regions.load",
        title=_("Reload Kemendagri regions"),
        task=load_regions_task,
        region_code=actor.region_code,
    )
    return redirect("jobs:detail", job_id=job.pk)


@require_GET
def region_options(request: HttpRequest) -> JsonResponse:
    """Return up to 20 regions matching ``q`` for form autocompletion (public data)."""
    query = request.GET.get("q", "").strip()[:60]
    regions = region_selectors.list_regions(query=query)[:20] if query else []
    return JsonResponse(
        {"results": [{"code": r.code, "name": r.name, "level": r.level} for r in regions]}
    )
