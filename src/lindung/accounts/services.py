"""Writes for users and tokens, and ``record_audit``, which every app's services call (R13)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from axes import utils as axes_utils
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import selectors
from lindung.accounts.errors import ActionNotAllowed, ApiTokenNotFound, UserInvalid
from lindung.accounts.models import ApiToken, AuditEvent, Role, User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, Perm, has_perm
from lindung.core.errors import FieldError
from lindung.core.request_context import current_request_context
from lindung.regions.models import Region, RegionLevel

AUDITED_USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "region_id",
    "organization",
    "phone",
    "is_active",
)

# Which region levels each role's scope may be set to.
ROLE_SCOPE_LEVELS: dict[str, frozenset[str]] = {
    Role.PROVINCIAL_ADMIN: frozenset({RegionLevel.PROVINCE}),
    Role.PROVINCIAL_ANALYST: frozenset({RegionLevel.PROVINCE}),
    Role.BPJS_OFFICER: frozenset({RegionLevel.PROVINCE}),
    Role.REGENCY_OFFICER: frozenset({RegionLevel.REGENCY}),
    Role.AGENCY_USER: frozenset({RegionLevel.PROVINCE, RegionLevel.REGENCY}),
    Role.CONTRACTOR: frozenset({RegionLevel.PROVINCE, RegionLevel.REGENCY}),
    Role.VILLAGE_CADRE: frozenset({RegionLevel.DISTRICT, RegionLevel.VILLAGE}),
}
ROLES_WITH_ORGANIZATION = frozenset({Role.AGENCY_USER, Role.CONTRACTOR})


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # 350000000.00 from the database and 350000000 from a form are the same amount.
        return format(value.normalize(), "f")
    return value


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return ``{"before": {...}, "after": {...}}`` for the fields whose values changed."""
    changed = sorted(k for k in after.keys() | before.keys() if before.get(k) != after.get(k))
    return {
        "before": {k: _json_safe(before.get(k)) for k in changed},
        "after": {k: _json_safe(after.get(k)) for k in changed},
    }


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """Return the audited fields of a model instance as a dict."""
    return {f: _json_safe(getattr(obj, f)) for f in fields}


def record_audit(
    *,
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: object = "",
    changes: dict[str, Any] | None = None,
    region_code: str = "",
    note: str = "",
) -> AuditEvent:
    """Append one audit row in the caller's transaction, with the request's origin."""
    ctx = current_request_context()
    authenticated = actor is not None and actor.is_authenticated
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated and actor else "system",
        ip_address=ctx.ip_address,
        user_agent=ctx.user_agent,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        region_code=region_code,
        changes=changes or {},
        note=note[:500],
    )


@dataclass(frozen=True)
class AuditEntry:
    """One audit row of a bulk operation (see ``record_audits``)."""

    action: str
    entity_type: str
    entity_id: object = ""
    changes: dict[str, Any] | None = None
    region_code: str = ""
    note: str = ""


def record_audits(
    *, actor: User | None, entries: Iterable[AuditEntry], batch_size: int = 2000
) -> int:
    """Append many audit rows at once (bulk imports) in the caller's transaction.

    Every row gets the same actor and request origin, as ``record_audit`` would give it.
    Return how many rows were written.
    """
    ctx = current_request_context()
    authenticated = actor is not None and actor.is_authenticated
    rows = [
        AuditEvent(
            actor=actor if authenticated else None,
            actor_username=actor.get_username() if authenticated and actor else "system",
            ip_address=ctx.ip_address,
            user_agent=ctx.user_agent,
            action=e.action,
            entity_type=e.entity_type,
            entity_id=str(e.entity_id),
            region_code=e.region_code,
            changes=e.changes or {},
            note=e.note[:500],
        )
        for e in entries
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _require(actor: User, perm: Perm) -> None:
    if not has_perm(actor, perm):
        raise ActionNotAllowed()


def _validate_user_fields(
    *,
    role: str,
    region: Region | None,
    region_code: str,
    organization: str,
    errors: list[FieldError],
) -> None:
    if role not in Role.values:
        errors.append(FieldError(("role",), _("Unknown role."), "invalid_choice"))
        return
    if region is None:
        errors.append(
            FieldError(
                ("region",),
                _("Region %(code)s does not exist.") % {"code": region_code},
                "unknown_region",
            )
        )
        return
    allowed = ROLE_SCOPE_LEVELS[role]
    if region.level not in allowed:
        levels = ", ".join(str(RegionLevel(level).label) for level in sorted(allowed))
        errors.append(
            FieldError(
                ("region",),
                _("A %(role)s must be scoped to a region of level: %(levels)s.")
                % {"role": Role(role).label, "levels": levels},
                "scope_level",
            )
        )
    if role in PROVINCE_WIDE_ROLES and region.level != RegionLevel.PROVINCE:
        return
    if role in ROLES_WITH_ORGANIZATION and not organization.strip():
        errors.append(
            FieldError(
                ("organization",),
                _("Agency/PPK users and contractors need the organisation they act for."),
                "required",
            )
        )


@transaction.atomic(durable=True)
def create_user(
    *,
    actor: User,
    username: str,
    password: str,
    role: str,
    region_code: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organization: str = "",
    phone: str = "",
) -> User:
    """Create a user with a role and region scope; only provincial admins may."""
    _require(actor, Perm.MANAGE_USERS)
    return _create_user(
        actor=actor,
        username=username,
        password=password,
        role=role,
        region_code=region_code,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organization=organization,
        phone=phone,
    )


def create_system_user(
    *,
    username: str,
    password: str,
    role: str,
    region_code: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organization: str = "",
    phone: str = "",
    is_superuser: bool = False,
) -> User:
    """Create a user on behalf of the system (set-up and demo data); audited as 'system'."""
    return _create_user(
        actor=None,
        username=username,
        password=password,
        role=role,
        region_code=region_code,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organization=organization,
        phone=phone,
        is_superuser=is_superuser,
    )


def _create_user(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    region_code: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organization: str = "",
    phone: str = "",
    is_superuser: bool = False,
) -> User:
    errors: list[FieldError] = []
    username = username.strip()
    if not username:
        errors.append(FieldError(("username",), _("A username is required."), "required"))
    elif selectors.username_exists(username=username):
        errors.append(FieldError(("username",), _("This username is already taken."), "duplicate"))
    region = Region.objects.filter(code=region_code).first()
    _validate_user_fields(
        role=role,
        region=region,
        region_code=region_code,
        organization=organization,
        errors=errors,
    )
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        role=role,
        region=region,
        organization=organization.strip(),
        phone=phone.strip(),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        errors.extend(FieldError(("password",), str(m), "weak_password") for m in exc.messages)
    if errors:
        raise UserInvalid(errors=errors)
    user.set_password(password)
    user.save()
    record_audit(
        actor=actor,
        action="user.create",
        entity_type="user",
        entity_id=user.pk,
        changes=diff_fields({}, snapshot(user, AUDITED_USER_FIELDS)),
        region_code=user.region_code,
    )
    return user


@transaction.atomic(durable=True)
def update_user(
    *,
    actor: User,
    user_id: int,
    role: str,
    region_code: str,
    first_name: str,
    last_name: str,
    organization: str,
    is_active: bool,
    email: str | None = None,
    phone: str | None = None,
) -> User:
    """Change a user's role, scope, details or active flag; audited with before/after.

    ``email`` and ``phone`` of ``None`` keep the current values.
    """
    _require(actor, Perm.MANAGE_USERS)
    user = selectors.access_user(actor=actor, user_id=user_id)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, AUDITED_USER_FIELDS)
    errors: list[FieldError] = []
    region = Region.objects.filter(code=region_code).first()
    _validate_user_fields(
        role=role, region=region, region_code=region_code, organization=organization, errors=errors
    )
    if user.pk == actor.pk and (not is_active or role != actor.role):
        errors.append(
            FieldError(
                ("role",),
                _("You cannot deactivate yourself or change your own role."),
                "self_lockout",
            )
        )
    if errors:
        raise UserInvalid(errors=errors)
    user.role = role
    user.region = region  # type: ignore[assignment]
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    if email is not None:
        user.email = email.strip()
    user.organization = organization.strip()
    if phone is not None:
        user.phone = phone.strip()
    user.is_active = is_active
    after = snapshot(user, AUDITED_USER_FIELDS)
    if after == before:
        return user
    user.save(update_fields=[f.removesuffix("_id") for f in AUDITED_USER_FIELDS[1:]])
    if not is_active:
        # Deactivation also revokes the user's API tokens.
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    record_audit(
        actor=actor,
        action="user.update",
        entity_type="user",
        entity_id=user.pk,
        changes=diff_fields(before, after),
        region_code=user.region_code,
    )
    return user


@transaction.atomic(durable=True)
def unlock_logins(*, actor: User, user_id: int) -> int:
    """Lift a login lockout (django-axes) on a user's account; return the attempts cleared."""
    _require(actor, Perm.MANAGE_USERS)
    user = selectors.access_user(actor=actor, user_id=user_id)
    cleared = int(axes_utils.reset(username=user.get_username()))
    record_audit(
        actor=actor,
        action="user.unlock_logins",
        entity_type="user",
        entity_id=user.pk,
        region_code=user.region_code,
        changes={"after": {"failed_attempts_cleared": cleared}},
    )
    return cleared


@transaction.atomic(durable=True)
def reveal_user_contact(*, actor: User, user_id: int) -> User:
    """Return a user with contact details for display unmasked; the reveal is audited."""
    _require(actor, Perm.REVEAL_PERSONAL_DATA)
    user = selectors.access_user(actor=actor, user_id=user_id)
    record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="user",
        entity_id=user.pk,
        region_code=user.region_code,
        note="phone,email",
    )
    return user


@transaction.atomic(durable=True)
def issue_api_token(
    *, actor: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create an API token for the actor; return it with the plain key, shown only once."""
    if not actor.is_authenticated or not actor.is_active:
        raise ActionNotAllowed()
    name = name.strip()
    if not name:
        raise UserInvalid(errors=[FieldError(("name",), _("Give the token a name."), "required")])
    key = "lin_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        prefix=key[:12],
        key_hash=selectors.hash_token(key),
        expires_at=expires_at,
    )
    record_audit(
        actor=actor,
        action="api_token.create",
        entity_type="api_token",
        entity_id=token.pk,
        changes=diff_fields({}, {"name": token.name, "prefix": token.prefix}),
        region_code=actor.region_code,
    )
    return token, key


@transaction.atomic(durable=True)
def revoke_api_token(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's tokens (or any token, for a provincial admin)."""
    try:
        token = selectors.readable_api_tokens(actor=actor).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise ApiTokenNotFound() from None
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(
            actor=actor,
            action="api_token.revoke",
            entity_type="api_token",
            entity_id=token.pk,
            region_code=token.user.region_code,
        )
    return token


def authenticate_api_token(*, key: str) -> User | None:
    """Return the user of a valid token and note its use (at most once a minute)."""
    token = selectors.find_api_token(key=key)
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic(durable=True)
def record_login(*, actor: User) -> None:
    """Audit a successful login."""
    record_audit(
        actor=actor,
        action="auth.login",
        entity_type="user",
        entity_id=actor.pk,
        region_code=actor.region_code,
    )


@transaction.atomic(durable=True)
def export_audit_events(*, actor: User, filters: dict[str, Any], count: int) -> None:
    """Audit an export of the audit trail itself."""
    record_audit(
        actor=actor,
        action="audit.export",
        entity_type="audit_event",
        changes={"filters": {k: _json_safe(v) for k, v in filters.items()}, "rows": count},
    )
