"""Vega-Lite chart specs, drawn on the server by vl-convert, and the chart component."""

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from django.template.loader import render_to_string

from safeguarding.insight.chart_files import EXPORT_WIDTH, chart_png, chart_svg, export_spec
from safeguarding.insight.charts import Chart, bar_spec, relative_rate_spec, trend_spec

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PERIODS = ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08"]


def points(series: str, values: list[float | None]) -> list[dict[str, Any]]:
    return [
        {"period": p, "value": v, "series": series} for p, v in zip(PERIODS, values, strict=True)
    ]


def trend(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "title": "Re-referrals within 12 months",
        "points": points("Northgate", [21.5, 22.0, None, 19.0, 18.5]),
        "unit_label": "Per cent of referrals",
        "target": 20.0,
        "comparisons": [
            *points("England", [20.1, 20.2, 20.3, 20.4, 20.5]),
            *points("Statistical neighbours", [23.0, None, 22.5, 22.0, 21.0]),
        ],
    }
    return trend_spec(**(arguments | overrides))


RATES: list[dict[str, Any]] = [
    {"group": "Black Caribbean", "value": 2.1, "lower": 1.4, "upper": 3.2, "flag": "higher"},
    {"group": "Indian", "value": 0.45, "lower": 0.3, "upper": 0.7, "flag": "lower"},
    {"group": "White Irish", "value": 1.1, "lower": 0.8, "upper": 1.5, "flag": "not significant"},
    {"group": "Gypsy or Roma", "value": None, "lower": None, "upper": None, "flag": "higher"},
    {"group": "Pakistani", "value": 0.9, "lower": None, "upper": None, "flag": "not significant"},
]
BARS: list[dict[str, Any]] = [
    {"label": "Police", "value": 120.0, "lower": 100.0, "upper": 140.0},
    {"label": "Schools", "value": 90.0, "lower": None, "upper": None},
    {"label": "Health", "value": None, "lower": None, "upper": None},
    {"label": "Other", "value": 0.0, "lower": 0.0, "upper": 4.0},
]


def relative_rates() -> dict[str, Any]:
    return relative_rate_spec(
        title="Child protection plans by ethnicity", rows=RATES, reference_label="White British"
    )


def bars() -> dict[str, Any]:
    return bar_spec(title="Contacts by source", rows=BARS, value_label="Contacts per 10,000")


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every key and value in a spec, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def plotted(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every data row in the spec, in its top-level data or any layer's."""
    return [row for key, value in walk(spec) if key == "values" for row in value]


def svg_texts(svg: str) -> list[str]:
    return [t.get_text() for t in BeautifulSoup(svg, "html.parser").find_all("text")]


# Every spec --------------------------------------------------------------------------------


@pytest.fixture(params=["trend", "relative_rates", "bars"])
def spec(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"trend": trend, "relative_rates": relative_rates, "bars": bars}[request.param]()


def test_every_spec_is_plain_json_with_the_house_style(spec: dict[str, Any]) -> None:
    assert json.loads(json.dumps(spec)) == spec
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v6.json"
    assert spec["description"] == spec["title"]
    assert spec["width"] == "container"
    assert spec["config"]["font"].startswith("Arial")
    assert spec["config"]["title"]["color"] == "#0b0c0c"
    keys = {key for key, _ in walk(spec)}
    # Data is always inline: no URL to fetch, and nothing for vega-embed to take its options from.
    assert "url" not in keys
    assert "usermeta" not in keys


def test_every_spec_is_drawn_as_svg_and_png(spec: dict[str, Any]) -> None:
    svg = chart_svg(spec)
    assert svg.startswith("<svg")
    assert spec["title"] in svg_texts(svg)
    assert chart_png(spec).startswith(PNG_SIGNATURE)


def test_exports_have_a_fixed_width_and_leave_the_spec_alone(spec: dict[str, Any]) -> None:
    exported = export_spec(spec)
    assert exported["width"] == EXPORT_WIDTH
    assert spec["width"] == "container"
    assert export_spec(spec, width=400)["width"] == 400
    narrow = float(re.findall(r'width="([\d.]+)"', chart_svg(spec, width=400))[0])
    wide = float(re.findall(r'width="([\d.]+)"', chart_svg(spec))[0])
    assert narrow + 200 < wide


def test_a_png_is_drawn_at_the_scale_asked_for() -> None:
    small, large = chart_png(bars(), scale=1), chart_png(bars(), scale=2)

    def size(png: bytes) -> tuple[int, int]:
        return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")

    assert size(large)[0] == pytest.approx(2 * size(small)[0], abs=2)
    assert size(large)[1] == pytest.approx(2 * size(small)[1], abs=2)


def test_exports_refuse_external_data() -> None:
    spec = bars() | {"data": {"url": "https://example.com/data.csv"}}
    with pytest.raises(ValueError, match="not allowed"):
        chart_svg(spec)
    with pytest.raises(ValueError, match="not allowed"):
        chart_png(spec)


# Trends ------------------------------------------------------------------------------------


def test_trend_draws_every_series_the_periods_and_the_target() -> None:
    spec = trend()
    texts = svg_texts(chart_svg(spec))
    for label in ["Northgate", "England", "Statistical neighbours", "Target", *PERIODS]:
        assert label in texts
    assert "Per cent of referrals" in texts
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert len(rules) == 1
    assert rules[0]["data"]["values"] == [{"target": 20.0, "label": "Target"}]


def test_trend_without_a_target_has_no_rule() -> None:
    spec = trend(target=None)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line"]
    assert "Target" not in svg_texts(chart_svg(spec))


def test_trend_leaves_a_gap_for_a_missing_figure_never_a_zero() -> None:
    spec = trend()
    rows = plotted(spec["layer"][0])
    northgate = [row for row in rows if row["series"] == "Northgate"]
    assert [row["period"] for row in northgate] == ["2025-04", "2025-05", "2025-07", "2025-08"]
    assert all(isinstance(row["value"], float) for row in rows)
    assert 0 not in [row["value"] for row in rows]
    # The line is broken at the gap, and the period keeps its place on the axis.
    assert [row["segment"] for row in northgate] == ["Northgate|0"] * 2 + ["Northgate|1"] * 2
    assert spec["layer"][0]["encoding"]["detail"]["field"] == "segment"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == PERIODS


def test_trend_comparisons_are_dashed_and_the_main_series_solid_blue() -> None:
    encoding = trend()["layer"][0]["encoding"]
    series = ["Northgate", "England", "Statistical neighbours"]
    assert encoding["color"]["scale"]["domain"] == series
    assert encoding["color"]["scale"]["range"][0] == "#1d70b8"
    dashes = encoding["strokeDash"]["scale"]
    assert dashes["domain"] == series
    assert dashes["range"][0] == []
    assert all(dashes["range"][1:])
    assert dashes["range"][1] != dashes["range"][2]


def test_trend_of_nothing_but_gaps_still_draws() -> None:
    spec = trend(points=points("Northgate", [None] * 5), comparisons=None, target=None)
    assert plotted(spec) == []
    assert chart_svg(spec).startswith("<svg")


# Relative rates ----------------------------------------------------------------------------


def test_relative_rates_are_a_forest_plot_on_a_log_scale() -> None:
    spec = relative_rates()
    point = spec["layer"][-1]
    assert point["encoding"]["x"]["scale"]["type"] == "log"
    reference = [layer for layer in spec["layer"] if layer["encoding"].get("x", {}).get("datum")]
    assert {layer["encoding"]["x"]["datum"] for layer in reference} == {1}
    texts = svg_texts(chart_svg(spec))
    assert "Same rate as White British" in texts
    for group in ["Black Caribbean", "Indian", "White Irish", "Pakistani"]:
        assert group in texts
    assert "Gypsy or Roma" not in texts
    assert [row["group"] for row in plotted(spec)] == [
        "Black Caribbean",
        "Indian",
        "White Irish",
        "Pakistani",
    ]


def test_relative_rate_flags_have_a_colour_and_a_shape_each() -> None:
    encoding = relative_rates()["layer"][-1]["encoding"]
    assert encoding["color"]["field"] == encoding["shape"]["field"] == "flag"
    assert encoding["color"]["scale"]["domain"] == ["higher", "lower", "not significant"]
    assert encoding["color"]["scale"]["range"] == ["#d4351c", "#1d70b8", "#505a5f"]
    shapes = encoding["shape"]["scale"]["range"]
    assert len(set(shapes)) == 3
    texts = svg_texts(chart_svg(relative_rates()))
    assert {"higher", "lower", "not significant"} <= set(texts)


def test_relative_rate_intervals_only_where_both_ends_are_given() -> None:
    rows = {row["group"]: row for row in plotted(relative_rates())}
    assert (rows["Black Caribbean"]["lower"], rows["Black Caribbean"]["upper"]) == (1.4, 3.2)
    assert "lower" not in rows["Pakistani"]


def test_a_relative_rate_of_zero_cannot_go_on_a_log_scale() -> None:
    spec = relative_rate_spec(
        title="Rates",
        rows=[{"group": "A", "value": 0, "lower": 0, "upper": 1.2, "flag": "lower"}, RATES[0]],
        reference_label="B",
    )
    assert [row["group"] for row in plotted(spec)] == ["Black Caribbean"]


# Bars --------------------------------------------------------------------------------------


def test_bars_draw_every_label_with_a_value_and_error_bars_where_given() -> None:
    spec = bars()
    texts = svg_texts(chart_svg(spec))
    for label in ["Police", "Schools", "Other", "Contacts per 10,000"]:
        assert label in texts
    assert "Health" not in texts
    rows = plotted(spec)
    assert [row["label"] for row in rows] == ["Police", "Schools", "Other"]
    assert rows[0] == {
        "label": "Police",
        "value": 120.0,
        "text": "120",
        "lower": 100.0,
        "upper": 140.0,
    }
    assert "lower" not in rows[1]
    assert rows[2]["value"] == 0.0  # a real zero is drawn; only None is left out
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "errorbar"]


def test_bars_without_intervals_have_no_error_bars() -> None:
    spec = bar_spec(title="T", rows=[{"label": "A", "value": 1}], value_label="V")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar"]


# The component -----------------------------------------------------------------------------


def chart(**overrides: Any) -> Chart:
    arguments: dict[str, Any] = {
        "id": "re-referrals",
        "title": "Re-referrals within 12 months",
        "summary": "Re-referrals fell from 21.5% to 18.5%, below the 20% target.",
        "spec": trend(),
        "table_headers": ["Month", "Northgate"],
        "table_rows": [["2025-04", "21.5%"], ["2025-06", "[c]"]],
        "svg_url": "/insight/chart.svg",
        "png_url": "/insight/chart.png",
        "csv_url": "/insight/chart.csv",
    }
    return Chart(**(arguments | overrides))


def rendered(chart: Chart) -> BeautifulSoup:
    return BeautifulSoup(
        render_to_string("insight/components/chart.html", {"chart": chart}), "html.parser"
    )


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, selector
    return found


def test_the_component_holds_summary_slot_spec_and_table() -> None:
    soup = rendered(chart())
    figure = one(soup, "figure#chart-re-referrals")
    assert one(figure, "figcaption").get_text(strip=True) == "Re-referrals within 12 months"
    summary = "Re-referrals fell from 21.5% to 18.5%, below the 20% target."
    assert one(figure, "p#chart-re-referrals-summary").get_text(strip=True) == summary

    slot = one(figure, "[data-chart-slot]")
    assert slot["role"] == "img"
    assert slot["aria-label"] == summary
    assert slot.has_attr("hidden")  # until charts.js has drawn in it

    assert figure["data-vega-lite-spec"] == "chart-re-referrals-spec"
    source = one(figure, "script#chart-re-referrals-spec")
    assert source["type"] == "application/json"
    assert json.loads(source.get_text()) == trend()

    table = one(figure, "table.govuk-table")
    assert one(table, "caption").get_text(strip=True) == "Data for Re-referrals within 12 months"
    headers = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert headers == ["Month", "Northgate"]
    rows = [
        [c.get_text(strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")
    ]
    assert rows == [["2025-04", "21.5%"], ["2025-06", "[c]"]]

    script = one(soup, "script[type=module]")
    assert str(script["src"]).endswith("/charts.js")


def test_the_component_links_the_downloads_it_has() -> None:
    links = {
        a.get_text(" ", strip=True): a["href"] for a in rendered(chart()).select("a.govuk-link")
    }
    assert links == {
        "Download chart as SVG : Re-referrals within 12 months": "/insight/chart.svg",
        "Download chart as PNG : Re-referrals within 12 months": "/insight/chart.png",
        "Download data as CSV : Re-referrals within 12 months": "/insight/chart.csv",
    }
    only_csv = rendered(chart(svg_url="", png_url=""))
    assert [a["href"] for a in only_csv.select("a")] == ["/insight/chart.csv"]
    assert rendered(chart(svg_url="", png_url="", csv_url="")).select("ul") == []


def test_the_component_escapes_the_spec_and_the_text() -> None:
    title = "</script><script>alert(1)</script>"
    html = render_to_string(
        "insight/components/chart.html",
        {"chart": chart(title=title, summary=title, spec=bars() | {"title": title})},
    )
    assert "<script>alert(1)" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert json.loads(one(soup, "script#chart-re-referrals-spec").get_text())["title"] == title
    assert one(soup, "figcaption").get_text() == title


def test_trend_periods_run_in_time_order_whichever_series_names_them_first() -> None:
    # The partnership's figures start in 2025; the published ones go back to 2024.
    spec = trend_spec(
        title="Notifications",
        points=[{"period": "2025-06", "value": 88.0, "series": "Partnership"}],
        unit_label="Percentage",
        comparisons=[{"period": "2024-03", "value": 78.0, "series": "England"}],
    )
    assert '"domain": ["2024-03", "2025-06"]' in json.dumps(spec)


# Figures and periods as the page writes them ----------------------------------------------


def test_trend_periods_are_named_on_the_axis_in_time_order() -> None:
    named = {"2025-06": "April to June 2025", "2025-09": "July to September 2025"}
    spec = trend_spec(
        title="Referrals",
        points=[
            {"period": "2025-09", "value": 120.0, "series": "Partnership"},
            {"period": "2025-06", "value": 164.0, "series": "Partnership"},
        ],
        unit_label="Count",
        period_labels=named,
    )
    x = spec["layer"][0]["encoding"]["x"]
    assert x["field"] == "label"
    assert x["scale"]["domain"] == ["April to June 2025", "July to September 2025"]
    assert [(row["period"], row["label"]) for row in plotted(spec)] == list(named.items())
    texts = svg_texts(chart_svg(spec))
    assert {"April to June 2025", "July to September 2025"} <= set(texts)
    assert not {"2025-06", "2025-09"} & set(texts)


def test_trend_periods_sharing_a_name_keep_their_own_places() -> None:
    spec = trend(period_labels=dict.fromkeys(PERIODS, "Same"))
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == PERIODS


def test_a_count_axis_and_tooltip_have_thousands_separators() -> None:
    spec = trend_spec(
        title="Contacts",
        points=points("Partnership", [1200.0, 2500.0, 3400.0, 1234.5, None]),
        unit_label="Count",
    )
    texts = svg_texts(chart_svg(spec))
    ticks = [t for t in texts if re.fullmatch(r"[\d,]+", t)]
    assert "1,000" in ticks and "3,000" in ticks
    assert not [t for t in ticks if re.fullmatch(r"\d{4,}", t)]
    line = spec["layer"][0]
    assert [row["text"] for row in plotted(line)] == ["1,200", "2,500", "3,400", "1,234.5"]
    assert [item["field"] for item in line["encoding"]["tooltip"]] == ["series", "label", "text"]


def test_a_percentage_axis_carries_the_sign_and_its_tooltips_the_text_given() -> None:
    spec = trend(
        percent=True,
        points=[
            {"period": p, "value": v, "series": "Northgate", "text": f"{v}%"}
            for p, v in zip(PERIODS, [21.5, 22.0, 20.5, 19.0, 18.5], strict=True)
        ],
    )
    ticks = [t for t in svg_texts(chart_svg(spec)) if re.fullmatch(r"[\d.,]+%?", t)]
    assert ticks and all(t.endswith("%") for t in ticks), ticks
    northgate = [row for row in plotted(spec) if row.get("series") == "Northgate"]
    assert [row["text"] for row in northgate] == ["21.5%", "22.0%", "20.5%", "19.0%", "18.5%"]


def test_relative_rates_and_bars_have_tooltips() -> None:
    rates = {row["group"]: row["text"] for row in plotted(relative_rates())}
    assert rates["Black Caribbean"] == "2.10 (95% interval 1.40 to 3.20)"
    assert rates["Pakistani"] == "0.90"
    assert relative_rates()["layer"][-1]["encoding"]["tooltip"][1]["field"] == "text"
    assert bars()["layer"][0]["encoding"]["x"]["axis"]["format"] == ",~f"
    assert [row["text"] for row in plotted(bars())] == ["120", "90", "0"]


def test_a_chart_with_nothing_to_draw_keeps_its_summary_and_table_alone() -> None:
    summary = "Every figure for this indicator is below the disclosure threshold."
    soup = rendered(chart(spec=None, summary=summary, svg_url="", png_url=""))
    figure = one(soup, "figure#chart-re-referrals")
    assert not figure.has_attr("data-vega-lite-spec")
    assert not soup.select("[data-chart-slot], script")
    assert one(figure, ".app-chart__summary").get_text(strip=True) == summary
    assert len(figure.select("tbody tr")) == 2
    assert [a["href"] for a in figure.select("a")] == ["/insight/chart.csv"]
