"""Vega-Lite charts for the insight pages (their SVG and PNG downloads are drawn by
`chart_files.py`, in the style of `chart_style.py`).

Each builder returns a plain, JSON-serialisable Vega-Lite spec with its data inline. On the
page, frontend/charts/charts.mjs draws it with vega-embed (under the site's Content Security
Policy, through vega-interpreter); for downloads, vl-convert draws the same spec on the server.

A chart is never the only way to read the figures: the component
(insight/components/chart.html) always renders a text summary and a data table beside it.
A suppressed or missing figure (``None``) is left out of a chart, so it shows as a gap, never
as a zero; a chart with nothing to draw has no spec, and the component shows the summary
and the table alone.

Figures on an axis or in a tooltip read as on the page: counts with thousands separators
(d3's ",~f" format, whose default locale groups as en-GB does), percentages with "%". A
tooltip is the browser's own (the title Vega sets on hover), so it needs no style sheet.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from safeguarding.insight.chart_style import (
    BLUE,
    COMPARISON_COLOURS,
    COMPARISON_DASHES,
    COUNT_AXIS,
    FLAG_COLOURS,
    FLAG_SHAPES,
    FLAGS,
    PERCENT_AXIS,
    RED,
    SERIES_COLOURS,
    TEXT,
    base,
)


@dataclass
class Chart:
    """One chart as the component renders it: a figure with summary, chart and table."""

    id: str  # unique on the page, used for element ids
    title: str
    summary: str  # plain-English description of what the chart shows
    spec: dict[str, Any] | None  # Vega-Lite spec, data inline as "values"; None: no drawing
    table_headers: list[str]
    table_rows: list[list[str]]  # already formatted, suppression applied
    svg_url: str = ""
    png_url: str = ""
    csv_url: str = ""

    @property
    def element_id(self) -> str:
        return f"chart-{self.id}"

    @property
    def spec_element_id(self) -> str:
        return f"chart-{self.id}-spec"

    @property
    def summary_element_id(self) -> str:
        return f"chart-{self.id}-summary"


def _number(value: Any) -> float | None:
    """A finite float, or None for a suppressed, missing or unusable figure."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _text(value: float) -> str:
    """A figure for a tooltip where none is given: thousands separators, at most two
    decimal places."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def trend_spec(
    *,
    title: str,
    points: list[dict[str, Any]],
    unit_label: str,
    target: float | None = None,
    comparisons: list[dict[str, Any]] | None = None,
    width: int | str = "container",
    period_labels: Mapping[str, str] | None = None,
    percent: bool = False,
) -> dict[str, Any]:
    """A line over periods for each series, comparisons dashed, the target a labelled rule.

    Points are ``{"period": "2025-04", "value": 12.5, "series": "Northgate"}``, in period
    order, each with the ``"text"`` its tooltip shows where given ("12.5%"). Every period
    keeps its place on the axis, labelled from `period_labels` ("April to June 2025") where
    given, but a point whose value is None is left out and its line is broken there rather
    than drawn across the gap. With `percent`, the value axis's ticks carry "%".
    """
    comparisons = comparisons or []
    # Periods are YYYY-MM, so sorting the text puts them in time order.
    periods = sorted(_unique(str(p["period"]) for p in [*points, *comparisons]))
    labels = [(period_labels or {}).get(period, period) for period in periods]
    if len(set(labels)) != len(labels):
        # Two periods of one name would share a place on the axis: keep them apart.
        labels = periods
    label_of = dict(zip(periods, labels, strict=True))
    main_series = _unique(str(p["series"]) for p in points)
    comparison_series = [
        s for s in _unique(str(p["series"]) for p in comparisons) if s not in main_series
    ]
    series = [*main_series, *comparison_series]
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(main_series))] + [
        COMPARISON_COLOURS[i % len(COMPARISON_COLOURS)] for i in range(len(comparison_series))
    ]
    dashes: list[list[int]] = [[] for _ in main_series] + [
        COMPARISON_DASHES[i % len(COMPARISON_DASHES)] for i in range(len(comparison_series))
    ]

    # Each run of figures without a gap is its own segment, so the line breaks at a gap.
    values: list[dict[str, Any]] = []
    position = {period: i for i, period in enumerate(periods)}
    for name in series:
        rows = [p for p in [*points, *comparisons] if str(p["series"]) == name]
        rows.sort(key=lambda p: position[str(p["period"])])
        segment = 0
        previous: int | None = None
        for row in rows:
            value = _number(row.get("value"))
            if value is None:
                continue
            index = position[str(row["period"])]
            if previous is not None and index != previous + 1:
                segment += 1
            previous = index
            values.append(
                {
                    "period": str(row["period"]),
                    "label": label_of[str(row["period"])],
                    "value": value,
                    "text": str(row.get("text") or _text(value)),
                    "series": name,
                    "segment": f"{name}|{segment}",
                }
            )

    series_scale = {"domain": series, "range": colours}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {
                "type": "line",
                "strokeWidth": 3,
                "point": {"filled": True, "size": 50},
            },
            "encoding": {
                "x": {
                    "field": "label",
                    "type": "ordinal",
                    "title": "Period",
                    "scale": {"domain": labels},
                    # Angled when there are many periods or their names are long; on a
                    # narrow screen, labels that would still overlap are dropped (the table
                    # has every period).
                    "axis": {
                        "labelAngle": -45 if len(periods) > 4 or len("".join(labels)) > 40 else 0,
                        "labelOverlap": "greedy",
                    },
                },
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": unit_label,
                    "axis": PERCENT_AXIS if percent else COUNT_AXIS,
                },
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": series_scale,
                    # A line in the legend, so that it shows each series' dashes too.
                    "legend": {"symbolType": "stroke", "symbolSize": 500, "symbolStrokeWidth": 3},
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": series, "range": dashes},
                },
                "detail": {"field": "segment", "type": "nominal"},
                "tooltip": [
                    {"field": "series", "title": "Series"},
                    {"field": "label", "title": "Period"},
                    {"field": "text", "title": unit_label},
                ],
            },
        }
    ]
    target_value = _number(target)
    if target_value is not None:
        target_data = {"values": [{"target": target_value, "label": "Target"}]}
        layers.append(
            {
                "data": target_data,
                "mark": {"type": "rule", "color": RED, "strokeWidth": 2},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": target_data,
                # Beyond the right-hand end of the rule, clear of the lines.
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "dx": 6,
                    "fontWeight": "bold",
                    "color": RED,
                    "x": "width",
                },
                "encoding": {
                    "y": {"field": "target", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            }
        )
    return {**base(title, width), "height": 320, "layer": layers}


def relative_rate_spec(
    *,
    title: str,
    rows: list[dict[str, Any]],
    reference_label: str,
    width: int | str = "container",
) -> dict[str, Any]:
    """A forest plot of relative rates against a reference group, on a log scale.

    Rows are ``{"group": ..., "value": 2.1, "lower": 1.4, "upper": 3.2, "flag": "higher"}``
    with flag one of "higher", "lower" or "not significant". A row without a (positive) value
    is left out; an interval is drawn only when both of its ends are positive.
    """
    values: list[dict[str, Any]] = []
    for row in rows:
        value = _number(row.get("value"))
        if value is None or value <= 0:
            continue
        lower, upper = _number(row.get("lower")), _number(row.get("upper"))
        item: dict[str, Any] = {
            "group": str(row["group"]),
            "value": value,
            "flag": str(row.get("flag") or "not significant"),
            "text": f"{value:,.2f}",
        }
        if lower is not None and upper is not None and 0 < lower <= upper:
            item["lower"] = lower
            item["upper"] = upper
            item["text"] += f" (95% interval {lower:,.2f} to {upper:,.2f})"
        values.append(item)

    groups = [v["group"] for v in values]
    flags = _unique([*FLAGS, *(v["flag"] for v in values)])
    y = {
        "field": "group",
        "type": "nominal",
        "title": None,
        "sort": groups,
        "axis": {"labelLimit": 240},
    }
    x_title = f"Rate compared with {reference_label} (log scale)"
    reference = f"Same rate as {reference_label}"
    return {
        **base(title, width),
        "height": {"step": 36},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rule", "color": TEXT, "strokeWidth": 1.5, "strokeDash": [4, 3]},
                "encoding": {"x": {"datum": 1, "type": "quantitative"}},
            },
            {
                "mark": {
                    "type": "text",
                    "align": "center",
                    "baseline": "bottom",
                    "dy": -6,
                    "y": 0,
                    "fontStyle": "italic",
                },
                "encoding": {
                    "x": {"datum": 1, "type": "quantitative"},
                    "text": {"value": reference},
                },
            },
            {
                "transform": [{"filter": {"field": "lower", "valid": True}}],
                "mark": {"type": "rule", "color": TEXT, "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "x": {"field": "lower", "type": "quantitative"},
                    "x2": {"field": "upper"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 140, "opacity": 1},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "value",
                        "type": "quantitative",
                        "title": x_title,
                        "scale": {"type": "log"},
                    },
                    "color": {
                        "field": "flag",
                        "type": "nominal",
                        "title": f"Compared with {reference_label}",
                        "scale": {"domain": flags, "range": _cycle(FLAG_COLOURS, len(flags))},
                    },
                    "shape": {
                        "field": "flag",
                        "type": "nominal",
                        "title": f"Compared with {reference_label}",
                        "scale": {"domain": flags, "range": _cycle(FLAG_SHAPES, len(flags))},
                    },
                    "tooltip": [
                        {"field": "group", "title": "Group"},
                        {"field": "text", "title": f"Rate compared with {reference_label}"},
                        {"field": "flag", "title": "Significantly"},
                    ],
                },
            },
        ],
        "resolve": {"scale": {"x": "shared"}},
    }


def bar_spec(
    *,
    title: str,
    rows: list[dict[str, Any]],
    value_label: str,
    width: int | str = "container",
) -> dict[str, Any]:
    """Horizontal bars, in the order given, with an error bar where lower and upper are given.

    Rows are ``{"label": str, "value": float | None, "lower": ..., "upper": ...}``; a row
    whose value is None is left out.
    """
    values: list[dict[str, Any]] = []
    for row in rows:
        value = _number(row.get("value"))
        if value is None:
            continue
        item: dict[str, Any] = {"label": str(row["label"]), "value": value, "text": _text(value)}
        lower, upper = _number(row.get("lower")), _number(row.get("upper"))
        if lower is not None and upper is not None:
            item["lower"] = min(lower, upper)
            item["upper"] = max(lower, upper)
        values.append(item)

    y = {
        "field": "label",
        "type": "nominal",
        "title": None,
        "sort": [v["label"] for v in values],
        "scale": {"paddingInner": 0.3},
        "axis": {"labelLimit": 240},
    }
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": BLUE},
            "encoding": {
                "y": y,
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": value_label,
                    "axis": COUNT_AXIS,
                },
                "tooltip": [
                    {"field": "label", "title": "Group"},
                    {"field": "text", "title": value_label},
                ],
            },
        }
    ]
    if any("lower" in v for v in values):
        layers.append(
            {
                "transform": [{"filter": {"field": "lower", "valid": True}}],
                "mark": {
                    "type": "errorbar",
                    "ticks": {"color": TEXT, "opacity": 1},
                    "color": TEXT,
                    "thickness": 2,
                },
                "encoding": {
                    "y": y,
                    "x": {"field": "lower", "type": "quantitative", "title": value_label},
                    "x2": {"field": "upper"},
                },
            }
        )
    return {
        **base(title, width),
        "height": {"step": 32},
        "data": {"values": values},
        "layer": layers,
    }


def _cycle(items: list[Any], count: int) -> list[Any]:
    return [items[i % len(items)] for i in range(count)]
