"""An indicator's figures per period as they may be published: the partnership's and
each agency's counts suppressed together, each figure in the indicator's unit and named
for people, and the latest against target.

Pure Python over counts already read (`queries.indicator_series`), so each rule is tested
with hand-worked numbers.
"""

from dataclasses import dataclass
from typing import Any

from safeguarding.insight.periods import period_name
from safeguarding.insight.suppression import Cell, DisclosurePolicy, publish_counts
from safeguarding.returns.models import IndicatorVersion

FULLY_SUPPRESSED = (
    "Every figure for this indicator is below the disclosure threshold, so none is shown."
)


@dataclass
class Point:
    """One period's figure, as published: the count (and the number it is out of) after
    suppression, and the value in the indicator's unit where it can be shown. `period` is
    its last month, to sort and link by; `name` is how people read it."""

    period: str
    name: str
    count: Cell
    denominator: Cell | None
    value: float | None
    unit: str

    @property
    def suppressed(self) -> bool:
        """Whether disclosure control hides the figure: its count, or what it is out of."""
        return self.count.suppressed or bool(self.denominator and self.denominator.suppressed)


@dataclass
class Status:
    """How a figure stands against its target, with the colour of its tag."""

    label: str
    colour: str


def figure_value(
    version: IndicatorVersion | None,
    cell: Cell,
    denominator: Cell | None,
    policy: DisclosurePolicy,
) -> float | None:
    """The figure a count stands for, in the indicator's unit; None where it cannot be
    shown (its count or denominator is suppressed, or a percentage has no denominator)."""
    count = policy.countable(cell)
    if count is None:
        return None
    unit = version.unit if version else IndicatorVersion.Unit.COUNT
    if unit in (IndicatorVersion.Unit.PERCENTAGE, IndicatorVersion.Unit.DAYS):
        out_of = policy.countable(denominator)
        if out_of is None or out_of <= 0:
            return None
        scale = 100 if unit == IndicatorVersion.Unit.PERCENTAGE else 1
        return round(scale * count / out_of, 1)
    return float(count)


def target_status(version: IndicatorVersion | None, value: float | None) -> Status:
    """How the latest figure stands against the indicator's target and alert threshold."""
    if version is None or version.target is None:
        return Status("No target set", "grey")
    if value is None:
        return Status("No figure to compare", "grey")
    target = float(version.target)
    alert = float(version.alert_threshold) if version.alert_threshold is not None else None
    higher = version.polarity == IndicatorVersion.Polarity.HIGHER_IS_BETTER
    lower = version.polarity == IndicatorVersion.Polarity.LOWER_IS_BETTER
    if (higher and value >= target) or (lower and value <= target) or value == target:
        return Status("Meets target", "green")
    if alert is not None and ((higher and value < alert) or (lower and value > alert)):
        return Status("Needs attention", "red")
    if not (higher or lower):
        return Status("Context only", "grey")
    return Status("Short of target", "yellow")


def partnership_totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Agencies' figures added up per period (denominators only where some were given)."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        total = totals.setdefault(
            row["period"], {"period": row["period"], "count": 0, "denominator": None}
        )
        total["count"] += int(row["count"])
        if row["denominator"] is not None:
            total["denominator"] = (total["denominator"] or 0) + int(row["denominator"])
    return sorted(totals.values(), key=lambda r: r["period"])


@dataclass
class Series:
    """An indicator's counts per period for the partnership and for each agency."""

    totals: list[dict[str, Any]]
    by_agency: list[dict[str, Any]]


def published_periods(
    series: Series,
    version: IndicatorVersion | None,
    policy: DisclosurePolicy,
    names: dict[str, str],
) -> tuple[list[Point], dict[str, list[Point]]]:
    """Each period's partnership and agency figures, suppressed together: an agency's
    count hidden on its own is not left to be worked out from the total. Each period is
    named from `names` (`periods.period_names`)."""
    unit = version.unit if version else IndicatorVersion.Unit.COUNT
    by_period: dict[str, list[dict[str, Any]]] = {}
    for row in series.by_agency:
        by_period.setdefault(row["period"], []).append(row)
    points: list[Point] = []
    agency_points: dict[str, list[Point]] = {}
    for total in series.totals:
        rows = by_period.get(total["period"], [])
        cells, total_cell = publish_counts(
            [int(r["count"]) for r in rows], policy, total=int(total["count"])
        )
        denominators: list[Cell | None] = [None] * len(rows)
        total_denominator = None
        if total["denominator"] is not None:
            given = [int(r["denominator"] or 0) for r in rows]
            published, total_denominator = publish_counts(
                given, policy, total=int(total["denominator"])
            )
            denominators = list(published)
        name = period_name(total["period"], names)
        points.append(
            Point(
                period=total["period"],
                name=name,
                count=total_cell,
                denominator=total_denominator,
                value=figure_value(version, total_cell, total_denominator, policy),
                unit=unit,
            )
        )
        for row, cell, denominator in zip(rows, cells, denominators, strict=True):
            agency_points.setdefault(row["agency"], []).append(
                Point(
                    period=total["period"],
                    name=name,
                    count=cell,
                    denominator=denominator,
                    value=figure_value(version, cell, denominator, policy),
                    unit=unit,
                )
            )
    return points, agency_points
