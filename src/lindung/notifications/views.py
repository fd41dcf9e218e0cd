"""The notification inbox."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.notifications import selectors as notification_selectors
from lindung.notifications import services as notification_services


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """List the actor's notifications."""
    notifications = notification_selectors.my_notifications(actor=_actor(request))
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the actor as read."""
    notification_services.mark_read(actor=_actor(request))
    return redirect("notifications:inbox")
