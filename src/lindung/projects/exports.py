"""The project list as an export table (``core.exports``): streamed CSV, or XLSX in a job.

The rows are the same filtered, scoped queryset as the list page, read in chunks. The
compliance state is the stored-field classification of the status filter
(``list_selectors.stored_status``), O(1) per row; the list and detail pages show the exact
state with its explanation. Text cells a spreadsheet would run as a formula are escaped
by ``core.exports`` (``core.csv.escape_cell``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import IO, Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from lindung.core import exports as core_exports
from lindung.core.exports import Column, Kind, Table
from lindung.projects import list_selectors
from lindung.projects.models import FundingLevel, Project, Stage

CHUNK = 2000
Progress = Callable[[int, int, str], None]


def _columns() -> list[Column[list[Any]]]:
    specs = [
        (_("RUP code"), 14, Kind.TEXT),
        (_("Contract number"), 22, Kind.TEXT),
        (_("Package name"), 48, Kind.TEXT),
        (_("Agency"), 32, Kind.TEXT),
        (_("PPK"), 26, Kind.TEXT),
        (_("Contractor"), 32, Kind.TEXT),
        (_("Region code"), 12, Kind.TEXT),
        (_("Location"), 24, Kind.TEXT),
        (_("Funding"), 14, Kind.TEXT),
        # A year is a label, not an amount: no thousands separator.
        (_("Fiscal year"), 10, Kind.TEXT),
        (_("Stage"), 14, Kind.TEXT),
        (_("Contract value (Rp)"), 18, Kind.MONEY),
        (_("Jakon contribution (Rp)"), 18, Kind.MONEY),
        (_("Paid (Rp)"), 18, Kind.MONEY),
        (_("SPK date"), 12, Kind.DATE),
        (_("Registration due"), 12, Kind.DATE),
        (_("Registered on"), 12, Kind.DATE),
        (_("Status code"), 22, Kind.TEXT),
        (_("Status"), 36, Kind.TEXT),
    ]
    return [
        Column(header=title, value=itemgetter(index), kind=kind, width=width)
        for index, (title, width, kind) in enumerate(specs)
    ]


@dataclass(frozen=True)
class _Labels:
    """Labels translated once per export, not once per row."""

    status: dict[str, str]
    stage: dict[str, str]
    funding: dict[str, str]

    @classmethod
    def now(cls) -> _Labels:
        return cls(
            status={code: str(label) for code, label in list_selectors.STATUS_LABELS.items()},
            stage={value: str(label) for value, label in Stage.choices},
            funding={value: str(label) for value, label in FundingLevel.choices},
        )


def _rows(
    projects: QuerySet[Project], *, as_of: date, total: int = 0, progress: Progress | None = None
) -> Iterator[list[Any]]:
    labels = _Labels.now()
    cutoff = list_selectors.at_risk_cutoff(today=as_of)
    for done, project in enumerate(projects.iterator(chunk_size=CHUNK), start=1):
        code = list_selectors.stored_status(project, today=as_of, cutoff=cutoff)
        yield [
            project.kode_rup,
            project.contract_number,
            project.name,
            project.agency.name,
            project.ppk.name if project.ppk else "",
            project.contractor.name if project.contractor else "",
            project.region_id,
            project.region.name,
            labels.funding.get(project.funding_source, project.funding_source),
            str(project.fiscal_year),
            labels.stage.get(project.stage, project.stage),
            project.contract_value,
            project.contribution_total,
            project.paid_total,
            project.spk_date,
            project.registration_due,
            project.registered_on,
            str(code),
            labels.status[code],
        ]
        if progress is not None and done % CHUNK == 0:
            progress(done, total, _("Writing rows"))


def project_table(
    projects: QuerySet[Project], *, as_of: date, total: int = 0, progress: Progress | None = None
) -> Table[list[Any]]:
    """Return the projects as an export table; rows are read lazily, in chunks."""
    return Table(
        title=_("Projects"),
        columns=_columns(),
        rows=_rows(projects, as_of=as_of, total=total, progress=progress),
    )


def csv_response(projects: QuerySet[Project], *, as_of: date) -> StreamingHttpResponse:
    """Stream the projects as CSV, row by row (UTF-8 with BOM for spreadsheets)."""
    return core_exports.csv_response(
        project_table(projects, as_of=as_of), filename=f"proyek-{as_of.isoformat()}"
    )


def write_projects_xlsx(
    projects: QuerySet[Project], *, as_of: date, total: int = 0, progress: Progress | None = None
) -> IO[bytes]:
    """Write the projects to a temporary XLSX file (constant memory) and return it, rewound."""
    return core_exports.write_xlsx(
        project_table(projects, as_of=as_of, total=total, progress=progress)
    )
