"""Reads: a user sees only their own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from lindung.accounts.models import User
from lindung.notifications.models import Notification


def my_notifications(*, actor: User) -> QuerySet[Notification]:
    """Return the actor's notifications, newest first."""
    if not actor.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=actor)


def unread_count(*, actor: User) -> int:
    """Return how many of the actor's notifications are unread."""
    return my_notifications(actor=actor).filter(read_at__isnull=True).count()
