"""Reads of projects, each through ``readable_projects`` (R12): role, region and organisation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, region_scope_q
from lindung.jobs import selectors as job_selectors
from lindung.jobs.errors import JobNotFound
from lindung.jobs.models import Job
from lindung.projects import calculation_basis
from lindung.projects.compliance import ProjectFacts
from lindung.projects.errors import ProjectNotFound
from lindung.projects.models import Agency, Contractor, Project
from lindung.regions.models import Region


def readable_projects(*, actor: User) -> QuerySet[Project]:
    """Return the projects the actor may see.

    Province-wide roles see all; regency officers and cadres their region; agency/PPK users
    their agencies' projects and those they are PPK of; contractors their companies' projects.
    """
    projects = Project.objects.all()
    if not actor.is_authenticated or not actor.is_active:
        return projects.none()
    if actor.role in PROVINCE_WIDE_ROLES:
        return projects
    if actor.role in {Role.REGENCY_OFFICER, Role.VILLAGE_CADRE}:
        return projects.filter(region_scope_q(actor, "region__code"))
    if actor.role == Role.AGENCY_USER:
        return projects.filter(Q(agency__members=actor) | Q(ppk__user=actor)).distinct()
    if actor.role == Role.CONTRACTOR:
        return projects.filter(contractor__members=actor).distinct()
    return projects.none()


EXPORT_KIND = "project.export"


def access_export(*, actor: User, job_id: uuid.UUID | str) -> Job:
    """Return one of the actor's project list exports (a job), or raise ``JobNotFound``."""
    job = job_selectors.access_job(actor=actor, job_id=job_id)
    if job.kind != EXPORT_KIND:
        raise JobNotFound()
    return job


def access_project(*, actor: User, project_id: int) -> Project:
    """Return one readable project with its parties, or raise ``ProjectNotFound``."""
    try:
        return (
            readable_projects(actor=actor)
            .select_related("agency", "ppk", "contractor", "region", "region__parent")
            .defer("region__boundary", "region__parent__boundary")
            .get(pk=project_id)
        )
    except (Project.DoesNotExist, ValueError, TypeError):
        raise ProjectNotFound() from None


def contribution_detail(project: Project) -> dict[str, Any]:
    """Return a project's full Jakon calculation record: its own part and its basis.

    The rules' ``JakonContribution.to_dict`` shape; ``{}`` when nothing is computed.
    """
    if not project.contribution_detail:
        return {}
    basis = project.contribution_basis
    return calculation_basis.merge(basis.content if basis else None, project.contribution_detail)


def project_list(
    *,
    actor: User,
    region: str = "",
    agency_id: int | None = None,
    ppk_id: int | None = None,
    contractor_id: int | None = None,
    stage: str = "",
    year: int | None = None,
    funding: str = "",
    query: str = "",
    order: str = "-fiscal_year",
) -> QuerySet[Project]:
    """Return readable projects filtered and ordered, with their parties in one query."""
    projects = (
        readable_projects(actor=actor)
        .select_related("agency", "ppk", "contractor", "region")
        .defer("region__boundary", "contribution_detail")
    )
    if region:
        projects = projects.filter(
            Q(region__code=region) | Q(region__code__startswith=region + ".")
        )
    if agency_id:
        projects = projects.filter(agency_id=agency_id)
    if ppk_id:
        projects = projects.filter(ppk_id=ppk_id)
    if contractor_id:
        projects = projects.filter(contractor_id=contractor_id)
    if stage:
        projects = projects.filter(stage=stage)
    if year:
        projects = projects.filter(fiscal_year=year)
    if funding:
        projects = projects.filter(funding_source=funding)
    if query:
        projects = projects.filter(
            Q(name__icontains=query)
            | Q(kode_rup__icontains=query)
            | Q(contract_number__icontains=query)
            | Q(contractor__name__icontains=query)
        )
    allowed = {
        "name", "-name", "fiscal_year", "-fiscal_year", "contract_value", "-contract_value",
        "spk_date", "-spk_date", "registration_due", "-registration_due",
    }  # fmt: skip
    return projects.order_by(order if order in allowed else "-fiscal_year", "pk")


def project_facts(project: Project) -> ProjectFacts:
    """Return the facts compliance depends on (no query: uses stored fields)."""
    return ProjectFacts(
        stage=project.stage,
        spk_date=project.spk_date,
        contract_value=project.contract_value,
        contribution_total=project.contribution_total,
        hps_value=project.hps_value,
        contribution_in_hps=project.contribution_in_hps,
        registered_on=project.registered_on,
        paid_total=project.paid_total or Decimal(0),
    )


@dataclass(frozen=True)
class Ranking:
    key: Any
    label: str
    projects: int
    contract_value: Decimal
    contribution_due: Decimal
    contribution_paid: Decimal
    registered: int

    @property
    def registered_pct(self) -> Decimal:
        """Return the share of projects registered with BPJS, in percent."""
        if not self.projects:
            return Decimal(0)
        return (Decimal(self.registered) * 100 / self.projects).quantize(Decimal("0.1"))

    @property
    def paid_pct(self) -> Decimal:
        """Return the share of the contribution paid, in percent."""
        if not self.contribution_due:
            return Decimal(0)
        return (self.contribution_paid * 100 / self.contribution_due).quantize(Decimal("0.1"))


RANKING_GROUPS = {
    "agency": ("agency_id", "agency__name"),
    "contractor": ("contractor_id", "contractor__name"),
    "ppk": ("ppk_id", "ppk__name"),
}


def ranking(*, actor: User, by: str = "agency", year: int | None = None) -> list[Ranking]:
    """Return readable projects grouped by agency, contractor, PPK or regency, worst first."""
    projects = readable_projects(actor=actor).exclude(stage="cancelled")
    if year:
        projects = projects.filter(fiscal_year=year)
    if by == "regency":
        grouped = projects.annotate(key=Substr("region_id", 1, 5)).values("key")
        names = dict(Region.objects.filter(level="regency").values_list("code", "name"))
    else:
        key, label = RANKING_GROUPS.get(by, RANKING_GROUPS["agency"])
        grouped = (
            projects.exclude(**{f"{key}__isnull": True})
            .annotate(key=F(key), label=F(label))
            .values("key", "label")
        )
        names = {}
    rows = grouped.annotate(
        n=Count("id"),
        value=Sum("contract_value"),
        due=Sum("contribution_total"),
        paid=Sum("paid_total"),
        registered=Count("id", filter=Q(registered_on__isnull=False)),
    ).order_by()
    zero = Decimal(0)
    items = [
        Ranking(
            key=row["key"],
            label=str(row.get("label") or names.get(row["key"], row["key"])),
            projects=row["n"],
            contract_value=row["value"] or zero,
            contribution_due=row["due"] or zero,
            contribution_paid=row["paid"] or zero,
            registered=row["registered"],
        )
        for row in rows
    ]
    return sorted(items, key=lambda r: (r.registered_pct, r.paid_pct, r.label))


def find_agency(*, name: str, region_code: str) -> Agency | None:
    """Return the agency of that name in that region, if any."""
    return Agency.objects.filter(name__iexact=name.strip(), region_id=region_code).first()


def find_contractor(*, npwp: str = "", name: str = "") -> Contractor | None:
    """Return a contractor by NPWP, else by exact name."""
    if npwp:
        found = Contractor.objects.filter(npwp=npwp).first()
        if found:
            return found
    if name:
        return Contractor.objects.filter(name__iexact=name.strip()).first()
    return None
