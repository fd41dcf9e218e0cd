"""Budget scenarios as an XLSX workbook for the APBD/APBDes process.

The first sheet sets the scenarios side by side; each scenario then has its own sheet with
every input and where it came from, the costs, the split between funding sources against
what is allocated, and the regulation parameters used (with their legal source).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from lindung.core.csv import escape_cell
from lindung.outreach.budget import selectors
from lindung.outreach.models import BudgetScenario, FundingSource, ScenarioKind

SHEET_NAME_MAX = 31


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _kind(scenario: BudgetScenario) -> str:
    return str(ScenarioKind(scenario.kind).label)


def comparison_rows(scenarios: Sequence[BudgetScenario]) -> list[tuple[str, str, list[Any]]]:
    """Return (label, format, values per scenario) rows of the comparison sheet."""
    shares = [{s.source: s for s in scenario.shares.all()} for scenario in scenarios]
    allocated = [
        selectors.allocated_by_source(region_code=s.region_id, year=s.year) for s in scenarios
    ]
    rows: list[tuple[str, str, list[Any]]] = [
        (_("Scenario"), "text", [s.name for s in scenarios]),
        (_("Kind"), "text", [_kind(s) for s in scenarios]),
        (_("Region"), "text", [f"{s.region.name} ({s.region_id})" for s in scenarios]),
        (_("Budget year"), "int", [s.year for s in scenarios]),
        (_("Adopted plan"), "text", [_("yes") if s.is_adopted else _("no") for s in scenarios]),
        (_("Target coverage (%)"), "dec", [s.target_percent for s in scenarios]),
        (_("Workers in the region (denominator)"), "int", [s.denominator for s in scenarios]),
        (_("Current participants"), "int", [s.current_participants for s in scenarios]),
        (_("Workers to protect"), "int", [s.workers for s in scenarios]),
        (_("Months paid in the year"), "int", [s.months for s in scenarios]),
        (_("Declared monthly income (Rp)"), "money", [s.declared_income for s in scenarios]),
        (
            _("Include JHT (old-age savings)"),
            "text",
            [_("yes") if s.with_jht else _("no") for s in scenarios],
        ),
        (_("Per worker per month (Rp)"), "money", [s.per_worker_monthly for s in scenarios]),
        (_("Per month (Rp)"), "money", [s.monthly_total for s in scenarios]),
        (_("Per year, 12 months (Rp)"), "money", [s.annual_total for s in scenarios]),
        (_("Cost in the budget year (Rp)"), "money", [s.total_cost for s in scenarios]),
    ]
    for value, label in FundingSource.choices:
        rows.append(
            (
                _("Share: %(source)s (Rp)") % {"source": label},
                "money",
                [share[value].amount if value in share else None for share in shares],
            )
        )
    for value, label in FundingSource.choices:
        rows.append(
            (
                _("Allocated: %(source)s (Rp)") % {"source": label},
                "money",
                [alloc[value] for alloc in allocated],
            )
        )
    return rows


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#D7F0E4", "border": 1})
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.label = book.add_format({"bold": True})
        self.money = book.add_format({"num_format": "#,##0"})
        self.dec = book.add_format({"num_format": "0.00"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})

    def of(self, kind: str) -> Format | None:
        return {"money": self.money, "dec": self.dec}.get(kind)


def _write(sheet: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
    if value is None or value == "":
        return
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, escape_cell(str(value)), fmt)


def _sheet_name(scenario: BudgetScenario, used: set[str]) -> str:
    base = f"{scenario.pk} {scenario.name}"
    for char in "[]:*?/\\":
        base = base.replace(char, " ")
    name = base[:SHEET_NAME_MAX].strip() or str(scenario.pk)
    while name in used:
        name = f"{name[: SHEET_NAME_MAX - 2]}_"
    used.add(name)
    return name


def _scenario_sheet(sheet: Worksheet, scenario: BudgetScenario, f: _Formats) -> None:
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 4, 22)
    sheet.write_string(0, 0, escape_cell(scenario.name), f.title)
    row = 2
    inputs: list[tuple[str, Any, str, str]] = [
        (_("Kind"), _kind(scenario), "", ""),
        (_("Region"), f"{scenario.region.name} ({scenario.region_id})", "", ""),
        (_("Budget year"), scenario.year, "", "int"),
        (_("Rates in force on"), scenario.as_of.isoformat(), "", ""),
    ]
    if scenario.kind == ScenarioKind.COVERAGE:
        inputs += [
            (_("Target coverage (%)"), scenario.target_percent, "", "dec"),
            (
                _("Workers in the region (denominator)"),
                scenario.denominator,
                scenario.denominator_source,
                "int",
            ),
            (
                _("Current participants"),
                scenario.current_participants,
                scenario.participants_source,
                "int",
            ),
        ]
    inputs += [
        (_("Workers to protect"), scenario.workers, "", "int"),
        (_("Months paid in the year"), scenario.months, "", "int"),
        (_("Declared monthly income (Rp)"), scenario.declared_income, "", "money"),
        (_("Include JHT (old-age savings)"), _("yes") if scenario.with_jht else _("no"), "", ""),
    ]
    for col, title in enumerate((_("Input"), _("Value"), _("Source"))):
        sheet.write_string(row, col, title, f.header)
    for label, value, source, kind in inputs:
        row += 1
        sheet.write_string(row, 0, label, f.label)
        _write(sheet, row, 1, value, f.of(kind))
        _write(sheet, row, 2, source)
    row += 2
    for col, title in enumerate((_("Cost"), _("Rupiah"))):
        sheet.write_string(row, col, title, f.header)
    for label, value in (
        (_("Per worker per month"), scenario.per_worker_monthly),
        (_("Per month"), scenario.monthly_total),
        (_("Per year, 12 months"), scenario.annual_total),
        (_("Cost in the budget year"), scenario.total_cost),
    ):
        row += 1
        sheet.write_string(row, 0, label, f.label)
        _write(sheet, row, 1, value, f.money)
    row += 2
    titles = (
        _("Funding source"),
        _("Share (%)"),
        _("Planned (Rp)"),
        _("Allocated (Rp)"),
        _("Still to allocate (Rp)"),
    )
    for col, title in enumerate(titles):
        sheet.write_string(row, col, title, f.header)
    for line in selectors.scenario_against_allocations(scenario=scenario):
        row += 1
        sheet.write_string(row, 0, line.label)
        _write(sheet, row, 1, line.percent, f.dec)
        _write(sheet, row, 2, line.planned, f.money)
        _write(sheet, row, 3, line.allocated, f.money)
        _write(sheet, row, 4, line.gap, f.money)
    row += 2
    for col, title in enumerate(
        (_("Parameter"), _("Value"), _("In force from"), _("Legal source"), _("Confidence"))
    ):
        sheet.write_string(row, col, title, f.header)
    contribution = scenario.calculation.get("contribution", {})
    for parameter in contribution.get("parameters", []):
        row += 1
        _write(sheet, row, 0, parameter.get("name"))
        _write(sheet, row, 1, str(parameter.get("value")))
        _write(sheet, row, 2, parameter.get("valid_from"))
        _write(sheet, row, 3, parameter.get("source"), f.wrap)
        _write(sheet, row, 4, parameter.get("confidence"))
    if scenario.notes:
        row += 2
        sheet.write_string(row, 0, _("Notes"), f.label)
        sheet.write_string(row, 1, escape_cell(scenario.notes), f.wrap)


def write_scenarios_xlsx(scenarios: Sequence[BudgetScenario]) -> bytes:
    """Return a workbook comparing the scenarios, with one detailed sheet per scenario."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    f = _Formats(book)
    sheet = book.add_worksheet(_("Comparison")[:SHEET_NAME_MAX])
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, max(1, len(scenarios)), 24)
    sheet.freeze_panes(1, 1)
    for number, (label, kind, values) in enumerate(comparison_rows(scenarios)):
        sheet.write_string(number, 0, label, f.header if number == 0 else f.label)
        for col, value in enumerate(values, start=1):
            _write(sheet, number, col, value, f.header if number == 0 else f.of(kind))
    used: set[str] = {sheet.name}
    for scenario in scenarios:
        _scenario_sheet(book.add_worksheet(_sheet_name(scenario, used)), scenario, f)
    book.close()
    return out.getvalue()
