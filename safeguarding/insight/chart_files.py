"""SVG and PNG downloads of the insight charts, drawn on the server by vl-convert from the
same Vega-Lite spec the page draws."""

import copy
from typing import Any

import vl_convert as vlc

# Vega-Lite 6.4: the version vl-convert draws downloads with, and the version package.json
# pins (~6.4) for the page, so both draw the same picture.
VEGA_LITE_VERSION = "6.4"
# Width of a server-drawn chart, in pixels, where the page would use its container's width.
EXPORT_WIDTH = 640


def export_spec(spec: dict[str, Any], *, width: int = EXPORT_WIDTH) -> dict[str, Any]:
    """A copy of the spec with container sizing replaced by a fixed width, for the server."""
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
    if fixed.get("height") == "container":
        fixed["height"] = round(width * 0.5)
    return fixed


def chart_svg(spec: dict[str, Any], *, width: int = EXPORT_WIDTH) -> str:
    """The chart as an SVG document. External data URLs are refused."""
    return vlc.vegalite_to_svg(
        export_spec(spec, width=width),
        vl_version=VEGA_LITE_VERSION,
        allowed_base_urls=[],
    )


def chart_png(spec: dict[str, Any], *, scale: float = 2, width: int = EXPORT_WIDTH) -> bytes:
    """The chart as a PNG image, at ``scale`` times its size. External data URLs are refused."""
    return vlc.vegalite_to_png(
        export_spec(spec, width=width),
        vl_version=VEGA_LITE_VERSION,
        scale=scale,
        allowed_base_urls=[],
    )
