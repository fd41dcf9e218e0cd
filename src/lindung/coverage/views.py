"""Coverage pages: the scoped dashboard, its gap lists and downloads, and the open data.

Edges only: read the filters, call one selector, then render, chart or stream the result.
A region outside the actor's scope answers 404, exactly like an absent one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lindung.accounts.models import User
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.exports import ExportFormat, Table, export_response
from lindung.coverage import charts
from lindung.coverage import exports as coverage_exports
from lindung.coverage import selectors as coverage_selectors
from lindung.coverage.exports import ExportKind
from lindung.coverage.forms import CoverageFilterForm
from lindung.coverage.indicators import CHECK_LABELS, DEFINITIONS
from lindung.coverage.selectors import CoverageFilters, CoverageTable
from lindung.projects.list_selectors import STATUS_LABELS
from lindung.regions.models import RegionLevel

PROJECT_PAGE_SIZE = 50
GAP_KINDS = {
    "wilayah": ExportKind.REGION_GAPS,
    "proyek": ExportKind.PROJECT_GAPS,
    "instansi": ExportKind.AGENCY_GAPS,
    "kontraktor": ExportKind.CONTRACTOR_GAPS,
}


def _filters(request: HttpRequest) -> tuple[CoverageFilterForm, CoverageFilters]:
    form = CoverageFilterForm(
        request.GET,
        years=coverage_selectors.available_years(),
        default_year=timezone.localdate().year,
    )
    return form, form.filters()


def _region_url(code: str, filters: CoverageFilters) -> str:
    query = filters.query()
    return reverse("coverage:region", args=[code]) + (f"?{query}" if query else "")


def _geojson_url(table: CoverageTable) -> str:
    base = reverse("api:boundaries")
    if table.mapped_level == RegionLevel.REGENCY:
        return f"{base}?level=regency"
    return f"{base}?level=district&parent={table.region.code}"


def _common(filters: CoverageFilters) -> dict[str, Any]:
    return {
        "filters": filters,
        "query": filters.query(),
        "definitions": DEFINITIONS,
        "check_labels": CHECK_LABELS,
        "status_labels": STATUS_LABELS,
        "sector_label": coverage_selectors.sector_label(filters.sector),
        "segment_label": coverage_selectors.segment_label(filters.segment),
    }


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Show the coverage dashboard of the actor's scope, or of a region inside it."""
    actor = _actor(request)
    form, filters = _filters(request)
    data = coverage_selectors.coverage_dashboard(actor=actor, code=code, filters=filters)
    table = data.table
    links = {row.code: _region_url(row.code, filters) for row in table.rows if row.drillable}
    figures = {
        "map": charts.coverage_map(table, geojson_url=_geojson_url(table), links=links)
        if table.mapped_level
        else None,
        "sectors": charts.bar_chart(data.by_sector, title="sector"),
        "segments": charts.bar_chart(data.by_segment, title="segment"),
        "trend": charts.trend_chart(data.trend),
    }
    return render(
        request,
        "coverage/dashboard.html",
        {
            **_common(filters),
            "form": form,
            "data": data,
            "view": data.view,
            "table": table,
            "figure": table.total,
            "indicators": data.headline,
            "published": data.published,
            "year": filters.year,
            "links": links,
            "figures": figures,
        },
    )


@login_required
@require_GET
def gap_list(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Show one full gap list (regions, projects, agencies or contractors) of a region."""
    if kind not in GAP_KINDS:
        raise Http404
    actor = _actor(request)
    form, filters = _filters(request)
    view = coverage_selectors.dashboard(actor=actor, code=code)
    context: dict[str, Any] = {
        **_common(filters),
        "form": form,
        "view": view,
        "kind": kind,
        "export_kind": GAP_KINDS[kind].value,
    }
    if kind == "wilayah":
        table = coverage_selectors.coverage_table(actor=actor, code=code, filters=filters)
        rows = coverage_selectors.region_gaps(table)
        context |= {
            "table": table,
            "rows": rows,
            "links": {r.code: _region_url(r.code, filters) for r in rows if r.drillable},
        }
    elif kind == "proyek":
        page = Paginator(
            coverage_selectors.project_gaps(actor=actor, code=code, filters=filters),
            PROJECT_PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "rows": list(coverage_selectors.project_gap_rows(page.object_list)),
        }
    else:
        by = "agency" if kind == "instansi" else "contractor"
        context |= {
            "by": by,
            "rows": coverage_selectors.party_gaps(actor=actor, code=code, filters=filters, by=by),
        }
    return render(request, "coverage/gaps.html", context)


def _export_table(actor: User, code: str, kind: ExportKind, filters: CoverageFilters) -> Table[Any]:
    region = coverage_selectors.access_dashboard_region(actor=actor, code=code)
    if kind == ExportKind.PROJECT_GAPS:
        return coverage_exports.project_gaps_table(
            coverage_selectors.project_gap_rows(
                coverage_selectors.project_gaps(actor=actor, code=code, filters=filters).iterator(
                    chunk_size=2000
                )
            ),
            filters=filters,
            region=region.name,
        )
    if kind in (ExportKind.AGENCY_GAPS, ExportKind.CONTRACTOR_GAPS):
        by = "agency" if kind == ExportKind.AGENCY_GAPS else "contractor"
        return coverage_exports.party_gaps_table(
            coverage_selectors.party_gaps(actor=actor, code=code, filters=filters, by=by),
            by=by,
            filters=filters,
            region=region.name,
        )
    table = coverage_selectors.coverage_table(actor=actor, code=code, filters=filters)
    if kind == ExportKind.REGIONS:
        return coverage_exports.regions_table(table)
    if kind == ExportKind.REGION_GAPS:
        return coverage_exports.region_gaps_table(
            coverage_selectors.region_gaps(table), table=table
        )
    if kind == ExportKind.TREND:
        return coverage_exports.trend_table(
            coverage_selectors.trend(actor=actor, code=code, filters=filters), table=table
        )
    by = "sector" if kind == ExportKind.SECTORS else "segment"
    return coverage_exports.breakdown_table(
        coverage_selectors.breakdown(actor=actor, code=code, filters=filters, by=by),
        by=by,
        table=table,
    )


@login_required
@require_GET
def export(request: HttpRequest, code: str, kind: str, fmt: str) -> HttpResponseBase:
    """Download one coverage table of a region as CSV (streamed) or XLSX."""
    try:
        export_kind, export_format = ExportKind(kind), ExportFormat(fmt)
    except ValueError:
        raise Http404 from None
    _form, filters = _filters(request)
    table = _export_table(_actor(request), code, export_kind, filters)
    return export_response(
        table,
        filename=f"cakupan-{export_kind.value}-{code}-{filters.year}",
        fmt=export_format,
    )


def _public_filters(request: HttpRequest) -> tuple[int, str | None]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    sector = request.GET.get("sector") or None
    valid = {*coverage_selectors.SECTOR_LABELS, coverage_selectors.NOT_STATED}
    return year, sector if sector in valid else None


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    """Show the open data: coverage per regency and sector, small counts withheld (no login).

    Not marked publicly cacheable: the page frame carries the visitor's session (menu, CSRF
    token). The downloads and the API, which carry only the data, are.
    """
    year, sector = _public_filters(request)
    data = coverage_selectors.public_coverage(year=year, sector=sector)
    return render(
        request,
        "coverage/open_data.html",
        {
            "data": data,
            "year": year,
            "sector": sector or "",
            "years": coverage_selectors.available_years(),
            "sectors": coverage_selectors.SECTOR_LABELS,
            "definitions": DEFINITIONS,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@cache_control(public=True, max_age=900)
def open_data_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Download the open data as CSV or XLSX (no login)."""
    try:
        export_format = ExportFormat(fmt)
    except ValueError:
        raise Http404 from None
    year, sector = _public_filters(request)
    data = coverage_selectors.public_coverage(year=year, sector=sector)
    return export_response(
        coverage_exports.public_table(data),
        filename=f"data-terbuka-cakupan-{year}",
        fmt=export_format,
    )
