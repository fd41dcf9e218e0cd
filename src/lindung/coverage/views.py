"""The dashboard shell: the actor's scope, its breadcrumb and drill-down to its children."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lindung.accounts.models import User
from lindung.coverage import selectors as coverage_selectors


@login_required
def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Show the dashboard of the actor's scope region, or of a region inside it."""
    actor = request.user
    assert isinstance(actor, User)  # noqa: S101 - guarded by login_required
    view = coverage_selectors.dashboard(actor=actor, code=code)
    year = timezone.localdate().year
    return render(
        request,
        "coverage/dashboard.html",
        {
            "view": view,
            "indicators": coverage_selectors.headline_indicators(
                actor=actor, code=view.region.code, year=year
            ),
            "published": coverage_selectors.published_figures(region_code=view.region.code),
            "year": year,
        },
    )
