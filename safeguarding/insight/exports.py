"""The tables behind each insight page, as rows for CSV and Excel downloads.

Only published values go into a row: a suppressed count is its symbol, and a rate,
proportion or ratio whose count is suppressed is left blank, exactly as on the page.
"""

from typing import Any

from django.utils.text import capfirst

from safeguarding.insight.comparisons import IndicatorDisproportionality
from safeguarding.insight.disproportionality import Comparison
from safeguarding.insight.outcomes import LinkedOutcomes
from safeguarding.insight.periods import period_name
from safeguarding.insight.queries import IndicatorTrend
from safeguarding.insight.statistics import Estimate
from safeguarding.insight.suppression import Cell
from safeguarding.insight.trends import Point
from safeguarding.returns.models import IndicatorVersion

Table = tuple[list[str], list[list[Any]]]


def _count(cell: Cell) -> int | str:
    """A published count as a number a spreadsheet can add up, or the policy's symbol."""
    return cell.symbol if cell.shown is None else cell.shown


def _figure(estimate: Estimate | None, scale: float = 1.0, places: int = 2) -> list[Any]:
    if estimate is None:
        return ["", "", ""]
    return [round(v * scale, places) for v in (estimate.value, estimate.lower, estimate.upper)]


def comparison_rows(comparison: Comparison) -> Table:
    """One row per group: count, base, rate or proportion, relative rate and the flag."""
    scale = 100.0 if comparison.measure == "proportion" else 1.0
    measure = "Percentage" if comparison.measure == "proportion" else "Rate per 10,000"
    header = [
        "Group",
        "Code",
        "Count",
        "Out of" if comparison.measure == "proportion" else "Population",
        measure,
        f"{measure}: lower 95%",
        f"{measure}: upper 95%",
        f"Relative rate against {comparison.reference_label}",
        "Relative rate: lower 95%",
        "Relative rate: upper 95%",
        "Significantly",
        "Standardised rate per 10,000",
        "Standardised relative rate",
        "Note",
    ]
    rows = []
    for row in comparison.rows:
        base: Any = (
            _count(row.base_cell)
            if row.base_cell is not None
            else ("" if row.base is None else row.base)
        )
        rows.append(
            [
                row.label,
                row.code,
                _count(row.count),
                base,
                *_figure(row.rate, scale, 1 if scale > 1 else 2),
                "Reference" if row.is_reference else "",
                *_figure(row.relative)[1:],
                row.flag,
                round(row.standardised.value, 2) if row.standardised else "",
                round(row.standardised_relative, 2) if row.standardised_relative else "",
                row.note,
            ]
        )
        if not row.is_reference and row.relative is not None:
            rows[-1][7] = round(row.relative.value, 2)
    rows.append(["All", "TOTAL", _count(comparison.total), *[""] * (len(header) - 3)])
    return header, rows


def disproportionality_rows(disproportionality: IndicatorDisproportionality) -> Table:
    """The disproportionality table, then each stage-to-stage table below it."""
    header, rows = (
        comparison_rows(disproportionality.comparison)
        if disproportionality.comparison
        else (["Explanation"], [])
    )
    # A period asked for that cannot be shown is said first, as on the page.
    notes = [disproportionality.unavailable] if disproportionality.unavailable else []
    notes += disproportionality.explanations + (
        disproportionality.comparison.explanations if disproportionality.comparison else []
    )
    rows += [[f"Note: {note}"] for note in notes]
    for step in disproportionality.steps:
        rows.append([])
        rows.append([step.title])
        step_header, step_rows = comparison_rows(step.comparison)
        rows.append(step_header)
        rows.extend(step_rows)
    return header, rows


def trend_rows(trend: IndicatorTrend) -> Table:
    """Each period's published count, denominator and figure for the partnership, then for
    each agency, then the published figures it is compared with, then why any figure is
    missing, as on the page."""
    # Each period by name, as people read it, and by its last month, to sort and match on.
    unit = trend.version.unit if trend.version else IndicatorVersion.Unit.COUNT
    figure = "Figure (%)" if unit == IndicatorVersion.Unit.PERCENTAGE else "Figure"
    header = ["Period", "Period ending", "Who", "Count", "Out of", figure]
    rows: list[list[Any]] = []

    def line(point: Point, who: str) -> list[Any]:
        out_of = _count(point.denominator) if point.denominator else ""
        return [
            capfirst(point.name),
            point.period,
            who,
            _count(point.count),
            out_of,
            "" if point.value is None else point.value,
        ]

    rows += [line(point, "Partnership") for point in trend.points]
    for agency, points in trend.by_agency.items():
        rows += [line(point, agency) for point in points]
    for name, figures in trend.comparisons.items():
        for period, value in figures:
            named = capfirst(period_name(period, trend.period_names))
            rows.append([named, period, f"{name} (published)", "", "", value])
    rows += [[f"Note: {note}"] for note in trend.explanations]
    return header, rows


def outcome_rows(outcomes: LinkedOutcomes) -> Table:
    """Each linked outcome by group and by lead agency, and the days to a plan."""
    header = [
        "Outcome",
        "Window",
        "By",
        "Group",
        "Children",
        "With the outcome",
        "Percentage",
        "Lower 95%",
        "Upper 95%",
        "Relative rate",
        "Significantly",
    ]
    rows: list[list[Any]] = []
    for table in outcomes.tables:
        for by, comparison in (("Group", table.by_group), ("Lead agency", table.by_agency)):
            if comparison is None:
                continue
            for row in comparison.rows:
                rows.append(
                    [
                        table.title,
                        table.window,
                        by,
                        row.label,
                        _count(row.base_cell) if row.base_cell else "",
                        _count(row.count),
                        *_figure(row.rate, 100.0, 1),
                        round(row.relative.value, 2) if row.relative else "",
                        row.flag,
                    ]
                )
    if outcomes.waiting is not None:
        for label, cell, lower, median, upper in outcomes.waiting.rows:
            rows.append(
                [
                    "Days from first contact to plan (lower quartile, median, upper quartile)",
                    outcomes.waiting.window,
                    "Group",
                    label,
                    _count(cell),
                    "",
                    median if median is not None else "",
                    lower if lower is not None else "",
                    upper if upper is not None else "",
                    "",
                    "",
                ]
            )
    return header, rows
