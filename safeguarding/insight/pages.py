"""What the insight pages show beside their tables: the charts with their text summaries,
and the choices on the disproportionality form."""

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from safeguarding.insight.charts import Chart, relative_rate_spec, trend_spec
from safeguarding.insight.comparisons import DisproportionalityView
from safeguarding.insight.disproportionality import ALL_OTHERS
from safeguarding.insight.queries import IndicatorTrend
from safeguarding.returns.models import IndicatorVersion

FLAG_WORDS = {
    "higher": "significantly higher",
    "lower": "significantly lower",
    "not significant": "not significantly different",
}


def _unit_label(version: IndicatorVersion | None) -> str:
    return version.get_unit_display() if version else "Count"


def _number(value: float | None) -> str:
    if value is None:
        return "not shown"
    return f"{value:,.1f}".removesuffix(".0")


def trend_table(trend: IndicatorTrend) -> tuple[list[str], list[list[str]]]:
    """The chart's data as a table: each period's published count (and what it is out of)
    and figure, then each published comparison, so nothing is in the chart alone."""
    version = trend.version
    with_denominator = version is not None and version.unit != IndicatorVersion.Unit.COUNT
    headers = ["Period", "Count"]
    headers += ["Out of", _unit_label(version)] if with_denominator else []
    headers += list(trend.comparisons)
    points = {p.period: p for p in trend.points}
    compared = {name: dict(figures) for name, figures in trend.comparisons.items()}
    periods = sorted(set(points) | {period for f in compared.values() for period in f})
    rows = []
    for period in periods:
        point = points.get(period)
        row = [period, point.count.text if point else ""]
        if with_denominator:
            out_of = point.denominator.text if point and point.denominator else ""
            row += [out_of, _number(point.value) if point else ""]
        row += [
            _number(compared[name][period]) if period in compared[name] else "" for name in compared
        ]
        rows.append(row)
    return headers, rows


def trend_chart(trend: IndicatorTrend) -> Chart:
    """The partnership's figure per period, with the target and published comparisons."""
    version = trend.version
    points = [{"period": p.period, "value": p.value, "series": "Partnership"} for p in trend.points]
    comparison_points = [
        {"period": period, "value": value, "series": name}
        for name, figures in trend.comparisons.items()
        for period, value in figures
    ]
    target = float(version.target) if version and version.target is not None else None
    latest = trend.latest
    summary = f"{trend.indicator.title}: {len(trend.points)} period"
    summary += "s" if len(trend.points) != 1 else ""
    if latest is not None:
        figure = latest.count.text if latest.value is None else _number(latest.value)
        summary += (
            f" from {trend.points[0].period} to {latest.period}. The latest figure, for "
            f"{latest.period}, is {figure}"
        )
        if target is not None:
            summary += f" against a target of {_number(target)} ({trend.status.label.lower()})"
        summary += "."
    if comparison_points:
        summary += " Dashed lines show " + ", ".join(trend.comparisons) + " for comparison"
        summary += " (illustrative figures)." if trend.comparisons_illustrative else "."
    code = trend.indicator.code
    headers, rows = trend_table(trend)
    return Chart(
        id=f"trend-{code}",
        title=f"{trend.indicator.title}: trend",
        summary=summary,
        spec=trend_spec(
            title=trend.indicator.title,
            points=points,
            unit_label=_unit_label(version),
            target=target,
            comparisons=comparison_points,
        ),
        table_headers=headers,
        table_rows=rows,
        svg_url=reverse("insight:indicator_download", args=[code, "svg"]),
        png_url=reverse("insight:indicator_download", args=[code, "png"]),
        csv_url=reverse("insight:indicator_download", args=[code, "csv"]),
    )


def query_string(view: DisproportionalityView) -> str:
    """The choices on the disproportionality form, to carry on to downloads."""
    query = {"breakdown": view.breakdown, "reference": view.reference}
    if view.period:
        query["period"] = view.period
    return urlencode(query)


def period_links(view: DisproportionalityView) -> list[tuple[str, str]]:
    """Each period with figures, newest first, as its name and the page for it with the
    same breakdown and reference: offered where the period asked for has none."""
    page = reverse("insight:disproportionality", args=[view.indicator.code])
    query = {"breakdown": view.breakdown, "reference": view.reference}
    if not view.periods:
        # Child-level measures have one period, the latest 12 months.
        return [(view.period_label, f"{page}?{urlencode(query)}")] if view.period_label else []
    return [
        (name, f"{page}?{urlencode({**query, 'period': period})}")
        for period, name in reversed(view.period_choices)
    ]


def reference_choices(view: DisproportionalityView) -> list[tuple[str, str]]:
    """All other children, then each group of the breakdown."""
    return [(ALL_OTHERS, "All other children"), *view.labels.items()]


def relative_chart(view: DisproportionalityView, query: str) -> Chart:
    """Each group's relative rate against the reference with its 95% interval."""
    comparison = view.comparison
    assert comparison is not None
    rows: list[dict[str, Any]] = [
        {
            "group": row.label,
            "value": row.relative.value,
            "lower": row.relative.lower,
            "upper": row.relative.upper,
            "flag": row.flag,
        }
        for row in comparison.rows
        if row.relative is not None
    ]
    flagged = comparison.flagged
    summary = (
        f"Relative rates of {view.indicator.title.lower()} by {view.breakdown_title.lower()}, "
        f"against {comparison.reference_label}"
        + (f", {view.period_label}" if view.period_label else "")
        + f": {len(rows)} group{'s' if len(rows) != 1 else ''} can be shown."
    )
    if flagged:
        summary += (
            " "
            + "; ".join(
                f"{row.label} {FLAG_WORDS[row.flag]} ({row.relative.value:.2f} times)"
                for row in flagged
                if row.relative is not None
            )
            + "."
        )
    else:
        summary += " No group is significantly different."
    code = view.indicator.code
    suffix = f"?{query}" if query else ""
    return Chart(
        id=f"relative-{code}-{view.breakdown}",
        title=f"Relative rate against {comparison.reference_label}",
        summary=summary,
        spec=relative_rate_spec(
            title=f"{view.indicator.title} by {view.breakdown_title.lower()}",
            rows=rows,
            reference_label=comparison.reference_label,
        ),
        table_headers=["Group", "Relative rate", "95% interval", "Significantly"],
        table_rows=[
            [r["group"], f"{r['value']:.2f}", f"{r['lower']:.2f} to {r['upper']:.2f}", r["flag"]]
            for r in rows
        ],
        svg_url=reverse("insight:disproportionality_download", args=[code, "svg"]) + suffix,
        png_url=reverse("insight:disproportionality_download", args=[code, "png"]) + suffix,
        csv_url=reverse("insight:disproportionality_download", args=[code, "csv"]) + suffix,
    )
