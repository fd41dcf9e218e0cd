"""Reads for users, tokens and the audit trail, each through one scoped access function."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from lindung.accounts.errors import AuditEventNotFound, UserNotFound
from lindung.accounts.models import ApiToken, AuditEvent, User
from lindung.accounts.permissions import Perm, has_perm


def readable_users(*, actor: User) -> QuerySet[User]:
    """Return the users the actor may see: everyone for a provincial admin, else only self."""
    users = User.objects.select_related("region")
    if has_perm(actor, Perm.MANAGE_USERS):
        return users.all()
    if actor.is_authenticated and actor.is_active:
        return users.filter(pk=actor.pk)
    return users.none()


def access_user(*, actor: User, user_id: int) -> User:
    """Return one readable user or raise ``UserNotFound`` (absent and out of scope alike)."""
    try:
        return readable_users(actor=actor).get(pk=user_id)
    except User.DoesNotExist:
        raise UserNotFound() from None


def search_users(
    *, actor: User, query: str = "", role: str = "", active: str = ""
) -> QuerySet[User]:
    """Return readable users matching a name/username query, a role and an active flag."""
    users = readable_users(actor=actor)
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(organization__icontains=query)
        )
    if role:
        users = users.filter(role=role)
    if active in {"1", "0"}:
        users = users.filter(is_active=active == "1")
    return users


def username_exists(*, username: str) -> bool:
    """Return whether a username is taken (case-insensitive), for set-up scripts."""
    return User.objects.filter(username__iexact=username).exists()


def officers_of_region(*, region_code: str) -> QuerySet[User]:
    """Return the active regency officers whose scope contains ``region_code``."""
    regency = ".".join(region_code.split(".")[:2])
    return User.objects.filter(role="regency_officer", region_id=regency, is_active=True)


def find_user(*, username: str) -> User | None:
    """Return the user with this username, for set-up scripts (not scoped: no actor)."""
    return User.objects.filter(username=username).first()


def count_actions(*, actor: User, action: str, note: str, since: datetime) -> int:
    """Return how often ``actor`` recorded ``action`` with ``note`` since ``since`` (caps)."""
    return AuditEvent.objects.filter(actor=actor, action=action, note=note, at__gte=since).count()


def readable_audit_events(*, actor: User) -> QuerySet[AuditEvent]:
    """Return the audit rows the actor may read: all for provincial admins, none otherwise."""
    if not has_perm(actor, Perm.READ_AUDIT):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


def search_audit_events(
    *,
    actor: User,
    query: str = "",
    action: str = "",
    entity_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Return readable audit rows filtered by actor/object text, action, type and dates."""
    events = readable_audit_events(actor=actor)
    if query:
        events = events.filter(
            Q(actor_username__icontains=query)
            | Q(entity_id__icontains=query)
            | Q(note__icontains=query)
        )
    if action:
        events = events.filter(action=action)
    if entity_type:
        events = events.filter(entity_type=entity_type)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        events = events.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return events


def access_audit_event(*, actor: User, event_id: int) -> AuditEvent:
    """Return one readable audit row or raise ``AuditEventNotFound``."""
    try:
        return readable_audit_events(actor=actor).get(pk=event_id)
    except AuditEvent.DoesNotExist:
        raise AuditEventNotFound() from None


def readable_api_tokens(*, actor: User) -> QuerySet[ApiToken]:
    """Return the actor's own API tokens (admins manage others' through the user page)."""
    if has_perm(actor, Perm.MANAGE_USERS):
        return ApiToken.objects.select_related("user")
    return ApiToken.objects.filter(user=actor).select_related("user")


def hash_token(key: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def find_api_token(*, key: str) -> ApiToken | None:
    """Return the valid, unrevoked, unexpired token of an active user matching ``key``."""
    return (
        ApiToken.objects.select_related("user", "user__region")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
    )
