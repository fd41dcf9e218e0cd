"""Coverage of Lindung's own registry (reconciliation counts) and of construction projects.

Both are measured, not estimated: the registry's workers linked to protected participants by
the newest finished reconciliation (``linkage.RunStat`` counts, never worker rows), and the
projects of the fiscal year registered, on time, and paid up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.core.i18n import display_date
from lindung.coverage.indicators import QualityFlag, check_nik_elsewhere
from lindung.coverage.models import ALL
from lindung.coverage.selectors.figures import FlagRow
from lindung.coverage.selectors.scope import access_dashboard_region
from lindung.coverage.selectors.sources import CoverageFilters
from lindung.linkage import selectors as linkage_selectors
from lindung.linkage.models import ReconciliationRun
from lindung.projects import list_selectors as project_list_selectors
from lindung.regions import selectors as region_selectors
from lindung.regions.models import Region, RegionLevel
from lindung.rules.coverage import coverage_percentage

# Where the run counts keep each level's children, and which NIK comparison fits the level.
CHILD_GROUP = {RegionLevel.PROVINCE: "regency_code", RegionLevel.REGENCY: "district_code"}


@dataclass(frozen=True)
class RegistryRow:
    """The registry's coverage in one region, and its NIK-versus-domicile check."""

    code: str
    name: str
    counts: linkage_selectors.RegistryCounts
    nik_elsewhere: int
    flag: QualityFlag | None = None
    drillable: bool = False

    @property
    def percent(self) -> Decimal | None:
        """Return protected registry workers / registry workers in percent."""
        if not self.counts.workers:
            return None
        return coverage_percentage(self.counts.covered, self.counts.workers)

    @property
    def nik_elsewhere_percent(self) -> Decimal | None:
        """Return the share of registry workers whose NIK names another region, in percent."""
        if not self.counts.workers:
            return None
        return coverage_percentage(self.nik_elsewhere, self.counts.workers)


@dataclass(frozen=True)
class RegistryCoverage:
    """A region's registry coverage from one reconciliation run, and its children's."""

    run: ReconciliationRun | None
    total: RegistryRow | None = None
    rows: list[RegistryRow] = field(default_factory=list)

    @property
    def source(self) -> str:
        """Return where the figures come from, in words."""
        if self.run is None:
            return _("No finished reconciliation of the registry with a BPJS extract yet.")
        return _("Reconciliation #%(run)s of the registry with the extract of %(date)s") % {
            "run": self.run.pk,
            "date": display_date(self.run.snapshot.extract_date),
        }

    def flag_rows(self) -> list[FlagRow]:
        """Return the NIK-versus-domicile findings as data-quality rows."""
        rows = [self.total, *self.rows] if self.total else self.rows
        return [
            FlagRow(row.code, row.name, row.flag, drillable=row.drillable)
            for row in rows
            if row.flag is not None
        ]


def _row(
    region: Region | None,
    code: str,
    counts: linkage_selectors.RegistryCounts,
    *,
    by_district: bool,
    name: str = "",
) -> RegistryRow:
    elsewhere = counts.nik_other_district if by_district else counts.nik_other_regency
    level = _("district") if by_district else _("regency/city")
    return RegistryRow(
        code=code,
        name=region.name if region else (name or code),
        counts=counts,
        nik_elsewhere=elsewhere,
        flag=check_nik_elsewhere(elsewhere=elsewhere, workers=counts.workers, level=level),
        drillable=region is not None
        and region.level in (RegionLevel.REGENCY, RegionLevel.DISTRICT),
    )


def registry_coverage(
    *, actor: User, code: str | None, filters: CoverageFilters
) -> RegistryCoverage:
    """Return the registry's coverage in a region (down to districts) and its children.

    The newest finished run covering the region on an extract dated up to the filters'
    cutoff is read; sector and segment filter the workers. At the province the children
    are regencies and a NIK is compared by regency; below, by district.
    """
    region = access_dashboard_region(actor=actor, code=code)
    if region.level == RegionLevel.VILLAGE:
        return RegistryCoverage(run=None)
    run = linkage_selectors.latest_finished_run(
        region_code=region.code, on_or_before=filters.cutoff
    )
    if run is None:
        return RegistryCoverage(run=None)
    scope = "" if region.level == RegionLevel.PROVINCE else region.code
    sector = "" if filters.sector == ALL else filters.sector
    segment = "" if filters.segment == ALL else filters.segment
    by_district = region.level != RegionLevel.PROVINCE
    total = linkage_selectors.registry_counts(
        run=run, region_code=scope, sector=sector, segment=segment
    ).get("", linkage_selectors.RegistryCounts())
    rows: list[RegistryRow] = []
    group = CHILD_GROUP.get(RegionLevel(region.level))
    if group is not None:
        counts = linkage_selectors.registry_counts(
            run=run, region_code=scope, sector=sector, segment=segment, group_by=group
        )
        children = {r.code: r for r in region_selectors.list_regions(parent_code=region.code)}
        for child_code in sorted(counts):
            child = children.get(child_code)
            rows.append(
                _row(
                    child,
                    child_code,
                    counts[child_code],
                    by_district=by_district,
                    name=child_code or _("Region not stated"),
                )
            )
    return RegistryCoverage(
        run=run,
        total=_row(region, region.code, total, by_district=by_district),
        rows=rows,
    )


def project_summary(
    *, actor: User, code: str | None, filters: CoverageFilters, today: date | None = None
) -> project_list_selectors.ProjectSummary | None:
    """Return the region's construction projects of the filtered year in figures (None
    when the sector and segment filters leave construction projects out)."""
    if not filters.includes_projects:
        return None
    region = access_dashboard_region(actor=actor, code=code)
    return project_list_selectors.region_summary(
        actor=actor,
        region_code=region.code,
        fiscal_year=filters.year,
        today=min(today or timezone.localdate(), filters.cutoff),
        funding="" if filters.funding == ALL else filters.funding,
    )
