"""The report's map and charts: Plotly figures drawn from ``ReportContent``, rendered to SVG.

Rendering uses kaleido, which drives a headless Chrome/Chromium through choreographer: it finds
the browser on ``PATH`` (Debian's ``chromium``) or at ``BROWSER_PATH``. Nothing is fetched from
the network: plotly.js comes from the installed plotly package, MathJax is switched off, and the
map is drawn as filled polygons on plain axes (Plotly's geo maps fetch a world topojson).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import kaleido
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from lindung.regions import selectors as region_selectors
from lindung.reports.content import ReportContent
from lindung.reports.formatting import number, percent

logger = logging.getLogger(__name__)

RENDER_TIMEOUT_SECONDS = 60
NO_DATA_COLOUR = "#d8dee2"
# Coverage classes (lower bound in percent, colour), the dashboard's light-to-dark greens
# (``coverage.charts``); 100% meets Inpres 2/2021.
COVERAGE_CLASSES: tuple[tuple[Decimal, str], ...] = (
    (Decimal(0), "#f1f8e9"),
    (Decimal(25), "#c5e1a5"),
    (Decimal(50), "#7cb342"),
    (Decimal(75), "#2e7d32"),
    (Decimal(100), "#0b3d2a"),
)
# Area labels on the two darkest classes are white.
DARK_CLASSES = frozenset({3, 4})
STATUS_COLOURS = {
    "handed_over_unprotected": "#b2182b",
    "overdue": "#d6604d",
    "due_soon": "#f4a582",
    "registered_underpaid": "#fddbc7",
    "missing_data": "#bababa",
    "planning_not_budgeted": "#fee08b",
    "not_yet_due": "#92c5de",
    "planning_budgeted": "#67a9cf",
    "fully_paid": "#2166ac",
    "cancelled": "#e0e0e0",
}
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 11, "color": "#222"}


class ChartsUnavailable(Exception):
    """The charts could not be rendered (no browser, a timeout); the report says so."""


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    figure: go.Figure
    width: int
    height: int


def _layout(content: ReportContent, **extra: Any) -> dict[str, Any]:
    # Indonesian writes 27,66 and 42.591; plotly takes "<decimal><thousands>".
    separators = ",." if content.language == "id" else ".,"
    return {
        "font": FONT,
        "separators": separators,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        **extra,
    }


def _class_of(value: Decimal | None) -> int | None:
    if value is None:
        return None
    index = 0
    for i, (lower, _colour) in enumerate(COVERAGE_CLASSES):
        if value >= lower:
            index = i
    return index


def _class_label(index: int) -> str:
    lower = COVERAGE_CLASSES[index][0]
    if index + 1 < len(COVERAGE_CLASSES):
        upper = COVERAGE_CLASSES[index + 1][0]
        return f"{number(lower)}\u2013<{number(upper)}%"
    return f"\u2265 {number(lower)}%"


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def coverage_map(content: ReportContent) -> Chart | None:
    """Return the choropleth of the child regions' coverage (one trace per class)."""
    areas = {area.code: area for area in content.map.areas if area.code}
    if not areas or not content.map.level:
        return None
    collection = json.loads(
        region_selectors.boundaries_geojson_text(
            level=content.map.level, parent_code=content.region_code
        )
    )
    features = [f for f in collection["features"] if f["properties"]["code"] in areas]
    if not features:
        return None
    classes: dict[int | None, tuple[list[float | None], list[float | None]]] = {}
    labels: tuple[list[float], list[float], list[str], list[str]] = ([], [], [], [])
    for feature in features:
        area = areas[feature["properties"]["code"]]
        index = _class_of(area.indicator.percent)
        xs, ys = classes.setdefault(index, ([], []))
        rings = _rings(feature["geometry"])
        for ring in rings:
            xs.extend([point[0] for point in ring] + [None])
            ys.extend([point[1] for point in ring] + [None])
        if rings:
            largest = max(rings, key=len)
            labels[0].append((min(p[0] for p in largest) + max(p[0] for p in largest)) / 2)
            labels[1].append((min(p[1] for p in largest) + max(p[1] for p in largest)) / 2)
            labels[2].append(f"{area.name}<br>{percent(area.indicator.percent)}")
            labels[3].append("white" if index in DARK_CLASSES else "#111")
    figure = go.Figure()
    # Every class is in the legend, with or without areas, so maps compare across reports.
    for index in [None, *range(len(COVERAGE_CLASSES))]:
        xs, ys = classes.get(index, ([None], [None]))
        colour = NO_DATA_COLOUR if index is None else COVERAGE_CLASSES[index][1]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colour,
                line={"color": "#8a9499", "width": 0.5},
                name=_("No data") if index is None else _class_label(index),
                hoverinfo="skip",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=labels[0],
            y=labels[1],
            text=labels[2],
            mode="text",
            textfont={"size": 8, "color": labels[3]},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    figure.update_layout(
        _layout(
            content,
            legend={"orientation": "h", "y": -0.02, "x": 0.5, "xanchor": "center"},
        )
    )
    return Chart(
        "map",
        _("Coverage of all workers (UCJ) by %(level)s")
        % {"level": content.map.level_label.lower()},
        figure,
        700,
        560,
    )


def coverage_chart(content: ReportContent) -> Chart | None:
    """Return coverage against target for every indicator with a figure."""
    rows = [r for r in content.coverage if r.indicator.percent is not None]
    if not rows:
        return None
    rows.reverse()  # plotly draws the first bar at the bottom
    labels = [r.indicator.label for r in rows]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=[float(r.indicator.percent or 0) for r in rows],
            y=labels,
            orientation="h",
            marker={"color": "#2166ac"},
            text=[percent(r.indicator.percent) for r in rows],
            textposition="outside",
            cliponaxis=False,
            name=_("Coverage"),
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[float(r.indicator.target_percent or 0) for r in rows],
            y=labels,
            mode="markers",
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#b2182b"}},
            name=_("Target"),
        )
    )
    figure.update_xaxes(range=[0, 110], ticksuffix="%", gridcolor="#eee")
    figure.update_layout(
        _layout(
            content,
            legend={"orientation": "h", "y": -0.15},
            margin={"l": 10, "r": 40, "t": 10, "b": 10},
        )
    )
    figure.update_yaxes(automargin=True)
    return Chart("coverage", _("Coverage against target"), figure, 700, 80 + 32 * len(rows))


def compliance_chart(content: ReportContent) -> Chart | None:
    """Return the number of projects in each compliance state."""
    statuses = list(reversed(content.projects.statuses))
    if not statuses:
        return None
    figure = go.Figure(
        go.Bar(
            x=[s.projects for s in statuses],
            y=[s.label for s in statuses],
            orientation="h",
            marker={"color": [STATUS_COLOURS.get(s.code, "#888") for s in statuses]},
            text=[number(s.projects) for s in statuses],
            textposition="outside",
            cliponaxis=False,
        )
    )
    most = max(s.projects for s in statuses)
    figure.update_xaxes(
        gridcolor="#eee", rangemode="tozero", tickformat=",d", dtick=max(1, math.ceil(most / 5))
    )
    figure.update_yaxes(automargin=True)
    figure.update_layout(_layout(content, margin={"l": 10, "r": 40, "t": 10, "b": 10}))
    return Chart(
        "compliance",
        _("Construction projects by compliance status"),
        figure,
        700,
        60 + 30 * len(statuses),
    )


def contribution_chart(content: ReportContent) -> Chart | None:
    """Return the contribution due and paid by the agencies with the worst compliance."""
    agencies = list(reversed(content.projects.worst_agencies))
    if not agencies:
        return None
    labels = [a.label for a in agencies]
    figure = go.Figure()
    for name, values, colour in (
        (_("Contribution due (Rp)"), [a.contribution_due for a in agencies], "#bababa"),
        (_("Contribution paid (Rp)"), [a.contribution_paid for a in agencies], "#2166ac"),
    ):
        figure.add_trace(
            go.Bar(
                x=[float(v) for v in values],
                y=labels,
                orientation="h",
                name=name,
                marker={"color": colour},
            )
        )
    figure.update_xaxes(gridcolor="#eee", tickformat=",.0f", rangemode="tozero")
    figure.update_yaxes(automargin=True)
    figure.update_layout(_layout(content, barmode="group", legend={"orientation": "h", "y": -0.12}))
    return Chart(
        "contribution",
        _("Jakon contribution due and paid, agencies with the worst compliance"),
        figure,
        700,
        100 + 36 * len(agencies),
    )


def report_charts(content: ReportContent) -> list[Chart]:
    """Return the map and charts that have data to show."""
    built = (
        coverage_map(content),
        coverage_chart(content),
        compliance_chart(content),
        contribution_chart(content),
    )
    return [chart for chart in built if chart is not None]


async def _render(charts: list[Chart]) -> list[bytes]:
    async with kaleido.Kaleido(n=1, mathjax=False, timeout=RENDER_TIMEOUT_SECONDS) as renderer:
        return [
            await renderer.calc_fig(
                chart.figure, opts={"format": "svg", "width": chart.width, "height": chart.height}
            )
            for chart in charts
        ]


def render_svg(charts: list[Chart]) -> dict[str, str]:
    """Return each chart as SVG text, rendered in one headless browser session.

    Raises ``ChartsUnavailable`` when the browser cannot be started or a chart times out.
    """
    if not charts:
        return {}
    # A thread of its own has no running event loop, whatever the caller runs in.
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            images = pool.submit(asyncio.run, _render(charts)).result()
        except Exception as exc:
            logger.warning("Report charts could not be rendered: %s", exc)
            raise ChartsUnavailable(str(exc) or exc.__class__.__name__) from exc
    return {chart.key: image.decode("utf-8") for chart, image in zip(charts, images, strict=True)}
