"""The house style of every insight chart, on the page and in its downloads: GOV.UK
colours and Arial, and axes whose figures read as the page's do (counts with thousands
separators, percentages with "%")."""

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

BLUE = "#1d70b8"
RED = "#d4351c"
GREEN = "#00703c"
GREY = "#505a5f"
TEXT = "#0b0c0c"
MID_GREY = "#b1b4b6"  # GOV.UK mid-grey, for gridlines only
# Arial first; the generic fallback matters to vl-convert, which draws no text at all for a
# font it cannot find (a server without Arial), where a browser would substitute one.
FONT = "Arial, sans-serif"

# The main series are blue (then green); comparisons are grey and black, always dashed.
SERIES_COLOURS = [BLUE, GREEN]
COMPARISON_COLOURS = [GREY, TEXT]
COMPARISON_DASHES = [[6, 4], [2, 3], [10, 3, 2, 3], [1, 4]]

# Relative-rate flags: a colour and a shape each, so colour is never the only cue.
FLAGS = ["higher", "lower", "not significant"]
FLAG_COLOURS = [RED, BLUE, GREY]
FLAG_SHAPES = ["triangle-up", "triangle-down", "circle"]

# Thousands separators on a quantitative axis ("1,234"). Fixed-point ("f"), so Vega picks
# the places from the step between ticks (a bare "," would give "1e+3"); "~" drops zeros
# after the point. A percentage's ticks also get "%".
COUNT_AXIS = {"format": ",~f"}
PERCENT_AXIS = {"format": ",~f", "labelExpr": "datum.label + '%'"}


def config() -> dict[str, Any]:
    """Vega-Lite config: fonts, colours and sizes for titles, axes and legends."""
    return {
        "font": FONT,
        "background": "#ffffff",
        "view": {"stroke": None},
        "title": {
            "color": TEXT,
            "fontSize": 19,
            "fontWeight": "bold",
            "anchor": "start",
            "offset": 16,
        },
        "axis": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 14,
            "titleFontSize": 14,
            "titleFontWeight": "bold",
            "domainColor": GREY,
            "tickColor": GREY,
            "gridColor": MID_GREY,
            "gridOpacity": 0.6,
        },
        "legend": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 14,
            "titleFontSize": 14,
            "orient": "bottom",
            "direction": "vertical",
            "symbolStrokeWidth": 2,
            "labelLimit": 0,
            "titleLimit": 0,
        },
        "text": {"color": TEXT, "fontSize": 14},
    }


def base(title: str, width: int | str) -> dict[str, Any]:
    """The top of every spec: its schema, title (also its description) and width."""
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": title,
        "width": width,
        "config": config(),
    }
