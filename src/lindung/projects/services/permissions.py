"""Who may change a project's data and who may record its BPJS protection."""

from __future__ import annotations

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import region_in_scope
from lindung.projects.models import Project


def can_edit_project(actor: User, project: Project | None = None, region_code: str = "") -> bool:
    """Return whether the actor may create or change a project's data (not its payments)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.PROVINCIAL_ADMIN:
        return True
    code = project.region_id if project else region_code
    if actor.role == Role.REGENCY_OFFICER:
        return bool(code) and region_in_scope(actor, code)
    if actor.role == Role.AGENCY_USER:
        if project is None:
            return True  # checked against the chosen agency in _validate
        return project.agency.members.filter(pk=actor.pk).exists() or (
            project.ppk is not None and project.ppk.user_id == actor.pk
        )
    return False


def can_record_protection(actor: User, project: Project) -> bool:
    """Return whether the actor may record the BPJS registration and payments of a project."""
    if can_edit_project(actor, project):
        return True
    if actor.role == Role.BPJS_OFFICER and actor.is_active:
        return True
    if actor.role == Role.CONTRACTOR and project.contractor_id:
        return (
            project.contractor is not None
            and project.contractor.members.filter(pk=actor.pk).exists()
        )
    return False
