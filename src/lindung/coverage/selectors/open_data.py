"""Open data: aggregate coverage per regency and sector, small counts withheld."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Sum,
)
from django.utils.translation import gettext as _

from lindung.coverage.models import (
    ALL,
    WorkforceDenominator,
)
from lindung.coverage.selectors.sources import (
    PROVINCE,
    SECTOR_LABELS,
    ParticipantSource,
    SourceKind,
    current_denominators,
    latest_published_many,
    participant_source,
    sector_label,
)
from lindung.coverage.suppression import THRESHOLD, SuppressedTable, suppress
from lindung.participants import selectors as participant_selectors
from lindung.participants.models import Snapshot, Standing
from lindung.regions import selectors as region_selectors
from lindung.regions.models import RegionLevel
from lindung.rules.coverage import coverage_percentage
from lindung.workers.models import Sector as WorkerSector

# ----------------------------------------------------------------------------- open data


@dataclass(frozen=True)
class PublicRow:
    """One published cell: a regency (or the province) and a sector."""

    region_code: str
    region_name: str
    sector: str
    sector_label: str
    participants: int | None
    suppressed: bool
    workers: int | None
    workers_source: str

    @property
    def percent(self) -> Decimal | None:
        """Return coverage, unless the count is withheld or the workforce unknown."""
        if self.participants is None or not self.workers:
            return None
        return coverage_percentage(self.participants, self.workers)


@dataclass(frozen=True)
class PublicCoverage:
    """Aggregate coverage per regency and sector, with small counts withheld."""

    year: int
    source: ParticipantSource
    rows: list[PublicRow]
    threshold: int = THRESHOLD
    suppressed_cells: int = 0

    @property
    def extract_date(self) -> date | None:
        """Return the date of the figures (the extract's, or the latest published one)."""
        return self.source.as_of


# Row and column key of participants whose regency or sector the extract does not state.
NOT_STATED = "not_stated"


def public_coverage(*, year: int, sector: str | None = None) -> PublicCoverage:
    """Return the open-data table: protected participants per regency and sector.

    No personal data and no login. Counts from 1 to 9 are withheld, with complementary
    cells (``coverage.suppression``) so no withheld count can be derived from the totals,
    which are published exactly. The suppression pattern is computed on the whole table
    before the ``sector`` filter, so every filtered view withholds the same cells.
    """
    source = participant_source(year=year)
    regencies = list(region_selectors.list_regions(level=RegionLevel.REGENCY))
    names = {r.code: r.name for r in regencies}
    sectors = [*WorkerSector.values, NOT_STATED]
    denominators = current_denominators(
        region_codes=[PROVINCE, *names], sectors=[*WorkerSector.values, ALL], year=year
    )
    province = region_selectors.get_region(code=PROVINCE)
    rows: list[PublicRow] = []
    suppressed_count = 0
    if source.snapshot is not None:
        values, row_keys = _public_grid(source.snapshot, list(names))
        table = suppress(values, rows=row_keys, cols=sectors, total_row=PROVINCE, total_col=ALL)
        suppressed_count = len(table.cells)
        for region_code in [*row_keys, PROVINCE]:
            for col in [*sectors, ALL]:
                rows.append(
                    _public_row(
                        region_code,
                        names.get(region_code)
                        or (province.name if region_code == PROVINCE else _("Regency not stated")),
                        col,
                        values.get((region_code, col), 0),
                        table,
                        denominators.get((region_code, col)),
                    )
                )
    elif source.kind == SourceKind.PUBLISHED:
        published = latest_published_many(
            region_codes=[PROVINCE, *names],
            sectors=[*WorkerSector.values, ALL],
            on_or_before=date(year, 12, 31),
        )
        for (region_code, col), figure in sorted(published.items()):
            small = 0 < figure.participants < THRESHOLD
            suppressed_count += small
            rows.append(
                PublicRow(
                    region_code=region_code,
                    region_name=names.get(region_code) or province.name,
                    sector=col,
                    sector_label=sector_label(col),
                    participants=None if small else figure.participants,
                    suppressed=small,
                    workers=figure.workers,
                    workers_source=figure.source,
                )
            )
    if sector is not None:
        rows = [row for row in rows if row.sector == sector]
    return PublicCoverage(year=year, source=source, rows=rows, suppressed_cells=suppressed_count)


def _public_grid(
    snapshot: Snapshot, regency_codes: list[str]
) -> tuple[dict[tuple[str, str], int], list[str]]:
    """Return protected participants per (regency, sector) with all totals, and the rows."""
    grouped = (
        participant_selectors.snapshot_stats(snapshot=snapshot)
        .filter(standing=Standing.COVERED)
        .values("regency_code", "sector")
        .annotate(n=Sum("participants"))
        .order_by()
    )
    values: dict[tuple[str, str], int] = defaultdict(int)
    known = set(regency_codes)
    for row in grouped:
        regency = row["regency_code"] if row["regency_code"] in known else NOT_STATED
        sector = row["sector"] if row["sector"] in WorkerSector.values else NOT_STATED
        n = int(row["n"] or 0)
        values[(regency, sector)] += n
        values[(regency, ALL)] += n
        values[(PROVINCE, sector)] += n
        values[(PROVINCE, ALL)] += n
    rows = list(regency_codes)
    if any(key[0] == NOT_STATED for key in values):
        rows.append(NOT_STATED)
    return dict(values), rows


def _public_row(
    region_code: str,
    region_name: str,
    sector: str,
    count: int,
    table: SuppressedTable,
    denominator: WorkforceDenominator | None,
) -> PublicRow:
    hidden = table.is_suppressed(region_code, sector)
    return PublicRow(
        region_code=region_code,
        region_name=region_name,
        sector=sector,
        sector_label=str(SECTOR_LABELS[ALL])
        if sector == ALL
        else sector_label("" if sector == NOT_STATED else sector),
        participants=None if hidden else count,
        suppressed=hidden,
        workers=denominator.workers if denominator else None,
        workers_source=f"{denominator.source} ({denominator.year})" if denominator else "",
    )
