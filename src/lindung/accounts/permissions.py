"""What each role may do, and the region scope rule shared by every access function.

No queries here: these are pure decisions on the actor, used by every app's selectors.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import HttpRequest

from lindung.accounts.models import Role
from lindung.accounts.models import User as UserModel
from lindung.regions.models import is_within

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lindung.accounts.models import User


class Perm(StrEnum):
    """Capabilities, granted per role below."""

    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    READ_PARTICIPANTS = "read_participants"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    RUN_JOBS = "run_jobs"
    LOAD_PARTICIPANTS = "load_participants"
    RECONCILE = "reconcile"
    MANAGE_OUTREACH = "manage_outreach"
    PLAN_BUDGET = "plan_budget"
    MANAGE_CLAIMS = "manage_claims"
    GENERATE_REPORTS = "generate_reports"
    VIEW_DASHBOARD = "view_dashboard"
    # A cadre's purpose-bound reveal: the name of a lapsed participant on their own
    # follow-up list, to contact them (NIK and birth date stay masked), capped per day.
    REVEAL_FOR_FOLLOW_UP = "reveal_for_follow_up"


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.PROVINCIAL_ADMIN: frozenset(Perm),
    Role.PROVINCIAL_ANALYST: frozenset(
        {
            Perm.REVEAL_PERSONAL_DATA,
            Perm.EXPORT_PERSONAL_DATA,
            Perm.READ_PARTICIPANTS,
            Perm.LOAD_PARTICIPANTS,
            Perm.RECONCILE,
            Perm.PLAN_BUDGET,
            Perm.RUN_JOBS,
            Perm.VIEW_DASHBOARD,
            Perm.GENERATE_REPORTS,
        }
    ),
    Role.REGENCY_OFFICER: frozenset(
        {
            Perm.REVEAL_PERSONAL_DATA,
            Perm.READ_PARTICIPANTS,
            Perm.MANAGE_OUTREACH,
            Perm.PLAN_BUDGET,
            Perm.MANAGE_CLAIMS,
            Perm.VIEW_DASHBOARD,
            Perm.GENERATE_REPORTS,
        }
    ),
    Role.BPJS_OFFICER: frozenset(
        {
            Perm.REVEAL_PERSONAL_DATA,
            Perm.READ_PARTICIPANTS,
            Perm.LOAD_PARTICIPANTS,
            Perm.RECONCILE,
            Perm.MANAGE_CLAIMS,
            Perm.RUN_JOBS,
            Perm.VIEW_DASHBOARD,
            Perm.GENERATE_REPORTS,
        }
    ),
    Role.AGENCY_USER: frozenset({Perm.VIEW_DASHBOARD}),
    Role.CONTRACTOR: frozenset({Perm.VIEW_DASHBOARD}),
    Role.VILLAGE_CADRE: frozenset(
        {Perm.MANAGE_OUTREACH, Perm.VIEW_DASHBOARD, Perm.REVEAL_FOR_FOLLOW_UP}
    ),
}

PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCIAL_ADMIN, Role.PROVINCIAL_ANALYST, Role.BPJS_OFFICER})


def logged_in_actor(request: HttpRequest) -> User:
    """Return the user of a request that ``login_required`` already let through."""
    user = request.user
    assert isinstance(user, UserModel)  # noqa: S101 - guarded by login_required
    return user


def has_perm(actor: User | AnonymousUser | None, perm: Perm) -> bool:
    """Return whether an active, logged-in actor's role grants ``perm``."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return perm in ROLE_PERMISSIONS.get(actor.role, frozenset())


def region_in_scope(actor: User, code: str) -> bool:
    """Return whether region ``code`` lies inside the actor's region scope."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return is_within(code, actor.region_code)


def region_scope_q(actor: User, field: str) -> Q:
    """Return a filter keeping rows whose dotted region code in ``field`` is in scope.

    Codes are hierarchical (``61.71.01`` lies in ``61.71``), so the scope is a prefix
    match that uses the column's index on both SQLite and PostgreSQL.
    """
    if not actor.is_authenticated or not actor.is_active:
        return Q(pk__in=[])
    scope = actor.region_code
    return Q(**{field: scope}) | Q(**{f"{field}__startswith": scope + "."})
