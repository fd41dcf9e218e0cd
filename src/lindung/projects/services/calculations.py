"""A project's contribution and registration deadline, computed by ``lindung.rules``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from lindung.core.errors import FieldError
from lindung.projects import calculation_basis
from lindung.projects.errors import ProjectInvalid
from lindung.projects.models import ContributionBasis, Project
from lindung.regulations import selectors as regulation_selectors
from lindung.rules import errors as rule_errors
from lindung.rules.calendar import WorkingCalendar
from lindung.rules.deadlines import jakon_registration_deadline
from lindung.rules.jakon import JakonContribution, Vat, jakon_contribution
from lindung.rules.parameters import ParameterSet


def compute_contribution(project: Project, params: ParameterSet | None = None) -> None:
    """Set the project's Jakon contribution from lindung.rules, with the parameters used."""
    if project.contract_value is None:
        project.contribution_jkk = project.contribution_jkm = project.contribution_total = None
        project.contribution_detail = {}
        project.contribution_basis = None
        return
    as_of = project.spk_date or timezone.localdate()
    vat = (
        Vat(project.vat_amount, included_in_value=project.value_includes_vat)
        if project.vat_amount is not None
        else None
    )
    try:
        result = jakon_contribution(
            project.contract_value, as_of, params or regulation_selectors.parameter_set(), vat=vat
        )
    except rule_errors.RulesError as exc:
        raise ProjectInvalid(
            errors=[
                FieldError(("contract_value",), issue.message("id"), str(issue.code))
                for issue in exc.issues
            ]
        ) from exc
    store_contribution(project, result)


def store_contribution(project: Project, result: JakonContribution) -> None:
    """Set a project's contribution from a rules result: amounts, own detail and basis."""
    project.contribution_jkk = result.jkk.rounded
    project.contribution_jkm = result.jkm.rounded
    project.contribution_total = result.total
    basis, own = calculation_basis.split(result.to_dict())
    key = calculation_basis.digest(basis)
    project.contribution_detail = own
    project.contribution_basis_id = basis_ids({key: basis})[key]


def basis_ids(bases: Mapping[str, dict[str, Any]]) -> dict[str, int]:
    """Return the stored id of each basis (by digest), storing those not stored yet.

    Bases are content-addressed and never changed, so a basis another transaction stored
    meanwhile is simply the same basis.
    """
    if not bases:
        return {}
    stored = ContributionBasis.objects.filter(digest__in=list(bases)).values_list("digest", "pk")
    ids = dict(stored)
    missing = [
        ContributionBasis(digest=key, content=content)
        for key, content in bases.items()
        if key not in ids
    ]
    if missing:
        ContributionBasis.objects.bulk_create(missing, ignore_conflicts=True)
        ids = dict(stored.all())
    return ids


def compute_registration_due(
    project: Project,
    params: ParameterSet | None = None,
    calendar: WorkingCalendar | None = None,
) -> None:
    """Set the registration deadline (14 working days after the SPK) from lindung.rules.

    ``calendar`` must cover the SPK year and the next; by default it is built for the
    project's regency (its regional holidays included).
    """
    if project.spk_date is None:
        project.registration_due = None
        return
    if calendar is None:
        regency = ".".join(project.region_id.split(".")[:2])
        calendar = regulation_selectors.working_calendar(
            years=[project.spk_date.year, project.spk_date.year + 1], region_code=regency
        )
    project.registration_due = jakon_registration_deadline(
        project.spk_date, params or regulation_selectors.parameter_set(), calendar
    ).due
