"""Plotly figures of the dashboard, as JSON-safe dicts drawn by ``static/lindung/coverage.js``.

The page embeds each figure with ``json_script`` (CSP allows no inline script) and the static
script draws it with the plotly.js served from the plotly package. Maps are
``choroplethmap`` traces on an inline empty MapLibre style (no tiles, fonts or other outside
requests); their GeoJSON is the regions API's boundaries, fetched by the script from the same
origin, which also fits the view to them. Bars print their values, so no figure depends on
colour alone; every figure also has a table next to it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

from lindung.coverage.indicators import Check, Indicator
from lindung.coverage.selectors import CoverageTable, TrendPoint

# A MapLibre style with a white background and nothing else: nothing to fetch.
EMPTY_MAP_STYLE: dict[str, Any] = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#fff"}}],
}
GREEN = "#0b6e4f"
NO_DATA_GREY = "#d8dee2"
# Light to dark green: readable for the common colour-vision deficiencies.
COLOURSCALE = [
    [0.0, "#f1f8e9"],
    [0.25, "#c5e1a5"],
    [0.5, "#7cb342"],
    [0.75, "#2e7d32"],
    [1.0, "#0b3d2a"],
]
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif", "size": 13}
NONE = "\u2013"  # an en dash where a figure is unknown
CONFIG = {"responsive": True, "displaylogo": False, "displayModeBar": False}


def count(value: int | None) -> str:
    """Return a count with the active language's thousands separator."""
    return NONE if value is None else number_format(value, force_grouping=True)


def percent(value: Decimal | None) -> str:
    """Return a percentage with two decimals in the active language."""
    return NONE if value is None else number_format(value, 2) + "%"


def _figure(fig: go.Figure) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fig.to_json())
    data["config"] = CONFIG
    return data


def _layout(**extra: Any) -> go.Layout:
    return go.Layout(
        template="none",
        font=FONT,
        paper_bgcolor="#fff",
        plot_bgcolor="#fff",
        # Plotly's axis numbers in the active language: decimal mark, then thousands.
        separators=str(get_format("DECIMAL_SEPARATOR")) + str(get_format("THOUSAND_SEPARATOR")),
        **extra,
    )


def coverage_map(
    table: CoverageTable, *, geojson_url: str, links: dict[str, str]
) -> dict[str, Any] | None:
    """Return the choropleth of the children's coverage (participants if no workforce known).

    Regions with no value are drawn grey in a second trace. ``links`` maps each child code to
    the URL its click opens (the child's dashboard, with the filters).
    """
    if table.mapped_level is None:
        return None
    rows = [row for row in table.rows if row.region is not None]
    use_percent = any(row.indicator.percent is not None for row in rows)

    def value(ind: Indicator) -> float | None:
        if ind.has(Check.NO_DATA):
            return None
        if use_percent:
            return float(ind.percent) if ind.percent is not None else None
        return float(ind.numerator) if ind.numerator is not None and ind.numerator > 0 else None

    def hover(ind: Indicator) -> str:
        return "<br>".join(
            (
                _("Protected: %(n)s") % {"n": count(ind.numerator)},
                _("Workforce: %(n)s") % {"n": count(ind.denominator)},
                _("Coverage: %(p)s") % {"p": percent(ind.percent)},
            )
        )

    shown = [row for row in rows if value(row.indicator) is not None]
    missing = [row for row in rows if value(row.indicator) is None]
    values = [value(row.indicator) or 0.0 for row in shown]
    common: dict[str, Any] = {
        "geojson": geojson_url,
        "featureidkey": "properties.code",
        "marker": {"line": {"color": "#ffffff", "width": 1}},
        "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
    }
    traces = [
        go.Choroplethmap(
            locations=[row.code for row in shown],
            z=values,
            customdata=[[links.get(r.code, ""), r.name, hover(r.indicator)] for r in shown],
            colorscale=COLOURSCALE,
            zmin=0,
            zmax=100 if use_percent else max(values or [1]),
            # A horizontal scale along the bottom leaves the whole width to the map (phones).
            colorbar={
                "title": {
                    "text": _("Coverage (%)") if use_percent else _("Protected"),
                    "side": "top",
                },
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": 0.01,
                "yanchor": "bottom",
                "thickness": 10,
                "len": 0.6,
                "bgcolor": "rgba(255,255,255,0.85)",
            },
            name=_("Coverage") if use_percent else _("Protected"),
            **common,
        )
    ]
    if missing:
        traces.append(
            go.Choroplethmap(
                locations=[row.code for row in missing],
                z=[0] * len(missing),
                customdata=[
                    [links.get(r.code, ""), r.name, _("No data") + "<br>" + hover(r.indicator)]
                    for r in missing
                ],
                colorscale=[[0, NO_DATA_GREY], [1, NO_DATA_GREY]],
                showscale=False,
                name=_("No data"),
                **common,
            )
        )
    fig = go.Figure(
        data=traces,
        layout=_layout(
            map={"style": EMPTY_MAP_STYLE, "center": {"lat": 0, "lon": 111}, "zoom": 5},
            margin={"l": 0, "r": 0, "t": 0, "b": 0},
            height=440,
            showlegend=False,
        ),
    )
    return _figure(fig)


def bar_chart(items: Sequence[Indicator], *, title: str) -> dict[str, Any] | None:
    """Return horizontal bars of protected participants, each labelled with count and %."""
    shown = [item for item in items if item.numerator is not None]
    if not shown:
        return None
    labels = [
        count(item.numerator) + (f" ({percent(item.percent)})" if item.percent is not None else "")
        for item in shown
    ]
    fig = go.Figure(
        data=[
            go.Bar(
                orientation="h",
                y=[item.label for item in shown],
                x=[item.numerator for item in shown],
                text=labels,
                textposition="auto",
                insidetextanchor="end",
                cliponaxis=False,
                marker={"color": GREEN},
                insidetextfont={"color": "#ffffff"},
                outsidetextfont={"color": "#1d2327"},
                hovertemplate="%{y}: %{text}<extra></extra>",
                name=title,
            )
        ],
        layout=_layout(
            height=80 + 36 * len(shown),
            margin={"l": 8, "r": 16, "t": 8, "b": 32},
            xaxis={"title": {"text": _("Protected participants")}, "rangemode": "tozero"},
            yaxis={"automargin": True, "autorange": "reversed"},
            showlegend=False,
        ),
    )
    return _figure(fig)


def trend_chart(points: Sequence[TrendPoint]) -> dict[str, Any] | None:
    """Return the line of protected participants over extracts, values printed at points."""
    if not points:
        return None
    fig = go.Figure(
        data=[
            go.Scatter(
                x=[p.as_of.isoformat() for p in points],
                y=[p.participants for p in points],
                mode="lines+markers+text",
                text=[count(p.participants) for p in points],
                textposition="top center",
                customdata=[percent(p.percent) for p in points],
                hovertemplate="%{x}: %{text} · %{customdata}<extra></extra>",
                line={"color": GREEN, "width": 3},
                marker={"size": 9, "color": GREEN},
                cliponaxis=False,
                name=_("Protected participants"),
            )
        ],
        layout=_layout(
            height=320,
            margin={"l": 56, "r": 24, "t": 32, "b": 40},
            xaxis={"type": "date", "tickformat": "%Y-%m-%d"},
            yaxis={"title": {"text": _("Protected participants")}, "rangemode": "tozero"},
            showlegend=False,
        ),
    )
    return _figure(fig)
