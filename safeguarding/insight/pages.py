"""What the insight pages show beside their tables: the charts with their text summaries,
and the choices on the disproportionality form."""

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import capfirst

from safeguarding.insight.charts import Chart, relative_rate_spec, trend_spec
from safeguarding.insight.comparisons import IndicatorDisproportionality
from safeguarding.insight.disproportionality import ALL_OTHERS
from safeguarding.insight.formatting import decimal_text, figure_text, unit_text
from safeguarding.insight.periods import period_name
from safeguarding.insight.queries import IndicatorTrend
from safeguarding.insight.trends import FULLY_SUPPRESSED
from safeguarding.returns.models import IndicatorVersion

FLAG_WORDS = {
    "higher": "significantly higher",
    "lower": "significantly lower",
    "not significant": "not significantly different",
}


def _unit_label(version: IndicatorVersion | None) -> str:
    return version.get_unit_display() if version else "Count"


def _unit(version: IndicatorVersion | None) -> str:
    return version.unit if version else IndicatorVersion.Unit.COUNT


def _shown(value: float | None, unit: str) -> str:
    return "not shown" if value is None else unit_text(value, unit)


def _periods(trend: IndicatorTrend) -> list[str]:
    """Every period with a figure or a published figure, in time order (`YYYY-MM` sorts)."""
    compared = {period for figures in trend.comparisons.values() for period, _ in figures}
    return sorted({p.period for p in trend.points} | compared)


def trend_table(trend: IndicatorTrend) -> tuple[list[str], list[list[str]]]:
    """The chart's data as a table: each period's published count (and what it is out of)
    and figure, then each published comparison, so nothing is in the chart alone."""
    version = trend.version
    unit = _unit(version)
    with_denominator = unit != IndicatorVersion.Unit.COUNT
    headers = ["Period", "Count"]
    headers += ["Out of", _unit_label(version)] if with_denominator else []
    headers += list(trend.comparisons)
    points = {p.period: p for p in trend.points}
    compared = {name: dict(figures) for name, figures in trend.comparisons.items()}
    rows = []
    for period in _periods(trend):
        point = points.get(period)
        row = [capfirst(period_name(period, trend.period_names)), point.count.text if point else ""]
        if with_denominator:
            out_of = point.denominator.text if point and point.denominator else ""
            row += [out_of, _shown(point.value, unit) if point else ""]
        row += [
            _shown(compared[name][period], unit) if period in compared[name] else ""
            for name in compared
        ]
        rows.append(row)
    return headers, rows


def _trend_summary(trend: IndicatorTrend, drawn: bool) -> str:
    """What the chart shows, in words; or, where nothing can be drawn, why not."""
    unit = _unit(trend.version)
    first, latest = trend.points[0], trend.points[-1]
    summary = f"{trend.indicator.title}: {len(trend.points)} period"
    if len(trend.points) == 1:
        summary += f", {first.name}."
    else:
        summary += f"s, the earliest {first.name} and the latest {latest.name}."
    if trend.fully_suppressed:
        return f"{summary} {FULLY_SUPPRESSED} No chart is drawn."
    if not drawn:
        return f"{summary} No figure can be worked out for any period, so no chart is drawn."
    summary += f" The latest figure, for {latest.name}, is {figure_text(latest)}"
    version = trend.version
    if version is not None and version.target is not None:
        summary += (
            f" against a target of {unit_text(version.target, unit)} ({trend.status.label.lower()})"
        )
    return summary + "."


def trend_chart(trend: IndicatorTrend) -> Chart:
    """The partnership's figure per period, with the target and published comparisons.
    Where no period has a figure that can be drawn (every one suppressed, say), there is
    no drawing: the summary says why, beside the table."""
    version = trend.version
    unit = _unit(version)
    drawn = any(p.value is not None for p in trend.points)
    code = trend.indicator.code
    headers, rows = trend_table(trend)
    summary = _trend_summary(trend, drawn)
    if trend.comparisons:
        names = ", ".join(trend.comparisons)
        summary += (
            f" Dashed lines show {names} for comparison"
            if drawn
            else f" The table gives {names} for comparison"
        )
        summary += " (illustrative figures)." if trend.comparisons_illustrative else "."
    spec = None
    if drawn:
        spec = trend_spec(
            title=trend.indicator.title,
            points=[
                {
                    "period": p.period,
                    "value": p.value,
                    "series": "Partnership",
                    "text": figure_text(p),
                }
                for p in trend.points
            ],
            unit_label=_unit_label(version),
            target=float(version.target) if version and version.target is not None else None,
            comparisons=[
                {"period": period, "value": value, "series": name, "text": unit_text(value, unit)}
                for name, figures in trend.comparisons.items()
                for period, value in figures
            ],
            period_labels={
                period: capfirst(period_name(period, trend.period_names))
                for period in _periods(trend)
            },
            percent=unit == IndicatorVersion.Unit.PERCENTAGE,
        )
    return Chart(
        id=f"trend-{code}",
        title=f"{trend.indicator.title}: trend",
        summary=summary,
        spec=spec,
        table_headers=headers,
        table_rows=rows,
        svg_url=reverse("insight:indicator_download", args=[code, "svg"]) if drawn else "",
        png_url=reverse("insight:indicator_download", args=[code, "png"]) if drawn else "",
        csv_url=reverse("insight:indicator_download", args=[code, "csv"]),
    )


def query_string(disproportionality: IndicatorDisproportionality) -> str:
    """The choices on the disproportionality form, to carry on to downloads."""
    query = {"breakdown": disproportionality.breakdown, "reference": disproportionality.reference}
    if disproportionality.period:
        query["period"] = disproportionality.period
    return urlencode(query)


def period_links(disproportionality: IndicatorDisproportionality) -> list[tuple[str, str]]:
    """Each period with figures, newest first, as its name and the page for it with the
    same breakdown and reference: offered where the period asked for has none."""
    page = reverse("insight:disproportionality", args=[disproportionality.indicator.code])
    query = {"breakdown": disproportionality.breakdown, "reference": disproportionality.reference}
    if not disproportionality.periods:
        # Child-level measures have one period, the latest 12 months.
        return (
            [(disproportionality.period_label, f"{page}?{urlencode(query)}")]
            if disproportionality.period_label
            else []
        )
    return [
        (name, f"{page}?{urlencode({**query, 'period': period})}")
        for period, name in reversed(disproportionality.period_choices)
    ]


def reference_choices(disproportionality: IndicatorDisproportionality) -> list[tuple[str, str]]:
    """All other children, then each group of the breakdown."""
    return [(ALL_OTHERS, "All other children"), *disproportionality.labels.items()]


def relative_chart(disproportionality: IndicatorDisproportionality, query: str) -> Chart:
    """Each group's relative rate against the reference with its 95% interval."""
    comparison = disproportionality.comparison
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
    indicator = disproportionality.indicator
    breakdown_title = disproportionality.breakdown_title
    summary = (
        f"Relative rates of {indicator.title.lower()} by {breakdown_title.lower()}, "
        f"against {comparison.reference_label}"
        + (f", {disproportionality.period_label}" if disproportionality.period_label else "")
        + f": {len(rows)} group{'s' if len(rows) != 1 else ''} can be shown."
    )
    if flagged:
        summary += (
            " "
            + "; ".join(
                f"{row.label} {FLAG_WORDS[row.flag]} ({decimal_text(row.relative.value, 2)} times)"
                for row in flagged
                if row.relative is not None
            )
            + "."
        )
    else:
        summary += " No group is significantly different."
    code = indicator.code
    suffix = f"?{query}" if query else ""
    return Chart(
        id=f"relative-{code}-{disproportionality.breakdown}",
        title=f"Relative rate against {comparison.reference_label}",
        summary=summary,
        spec=relative_rate_spec(
            title=f"{indicator.title} by {breakdown_title.lower()}",
            rows=rows,
            reference_label=comparison.reference_label,
        ),
        table_headers=["Group", "Relative rate", "95% interval", "Significantly"],
        table_rows=[
            [
                r["group"],
                decimal_text(r["value"], 2),
                f"{decimal_text(r['lower'], 2)} to {decimal_text(r['upper'], 2)}",
                r["flag"],
            ]
            for r in rows
        ],
        svg_url=reverse("insight:disproportionality_download", args=[code, "svg"]) + suffix,
        png_url=reverse("insight:disproportionality_download", args=[code, "png"]) + suffix,
        csv_url=reverse("insight:disproportionality_download", args=[code, "csv"]) + suffix,
    )
