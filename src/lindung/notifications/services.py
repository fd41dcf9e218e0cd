"""Sending notifications: one row per recipient, emailed after the transaction commits (R6)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import User
from lindung.notifications.models import Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    kind: str
    key: str
    title: str
    body: str
    url: str = ""


def _email(notification_ids: list[int]) -> None:
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related(
        "recipient"
    ):
        if not notification.recipient.email:
            continue
        try:
            send_mail(
                subject=f"[Lindung] {notification.title}",
                message=f"{notification.body}\n\n{settings.LINDUNG_BASE_URL}{notification.url}",
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        except OSError:
            logger.exception("Could not email notification %s", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed=True)


def notify(*, recipients: Iterable[User], message: Message) -> list[Notification]:
    """Notify each active recipient once per message key; email them after commit."""
    created: list[Notification] = []
    for user in {u.pk: u for u in recipients if u.is_active}.values():
        notification, is_new = Notification.objects.get_or_create(
            recipient=user,
            key=message.key[:120],
            defaults={
                "kind": message.kind,
                "title": message.title[:200],
                "body": message.body,
                "url": message.url,
            },
        )
        if is_new:
            created.append(notification)
    if created:
        transaction.on_commit(partial(_email, [n.pk for n in created]))
    return created


@transaction.atomic(durable=True)
def mark_read(*, actor: User, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's notifications (all, or the given ones) as read."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
