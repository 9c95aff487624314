"""Reads for the disproportionality and golden thread pages (the linked outcomes' are in
`outcomes.py`).

Each gathers counts through `sql.py`, then hands them to `disproportionality.py`, which
suppresses and compares them; anything that makes a figure impossible (no returns, no
population, a breakdown the population table lacks) comes back as an explanation for the
page, never as a zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from safeguarding.governance.models import OutcomeMeasure, Priority
from safeguarding.insight import sql
from safeguarding.insight.disproportionality import (
    ALL_OTHERS,
    Comparison,
    StageStep,
    compare_proportions,
    compare_stages,
    compare_with_population,
)
from safeguarding.insight.engine import FrameSource
from safeguarding.insight.periods import is_month, period_name, period_names
from safeguarding.insight.queries import (
    BREAKDOWN_TITLES,
    breakdown_labels,
    current_population,
    disclosure_policy,
    events_window,
)
from safeguarding.insight.suppression import DisclosurePolicy
from safeguarding.returns.models import Indicator, IndicatorVersion

# The stages of a child's journey through children's social care, in order.
STAGES = ("referral", "assessment", "plan_start")
STAGE_TITLES = ("Referral", "Assessment", "Plan")


def breakdowns_of(version: IndicatorVersion | None) -> list[str]:
    """The breakdowns an indicator is reported by, named as the columns are."""
    if version is None:
        return []
    named = [slug.replace("-", "_") for slug in version.breakdowns]
    return [b for b in sql.DIMENSIONS if b in named]


def default_reference(breakdown: str) -> str:
    """White British for ethnicity, as the children in need statistics compare; all other
    children for every other breakdown."""
    return "WBRI" if breakdown == "ethnicity" else ALL_OTHERS


@dataclass
class IndicatorDisproportionality:
    indicator: Indicator
    version: IndicatorVersion | None
    breakdown: str
    breakdowns: list[str]
    reference: str
    labels: dict[str, str]
    period: str
    periods: list[str]
    period_label: str
    comparison: Comparison | None
    steps: list[StageStep] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)
    # Why a period asked for cannot be shown: the page then shows no figures, never
    # another period's in their place.
    unavailable: str = ""
    # Each period's name, by its last month: read when first needed, unless given (the
    # golden thread reads an indicator's once for all its breakdowns).
    names: dict[str, str] | None = None

    @property
    def breakdown_title(self) -> str:
        return BREAKDOWN_TITLES.get(self.breakdown, self.breakdown)

    @property
    def period_names(self) -> dict[str, str]:
        """Each period's name from the calendar of returns."""
        if self.names is None:
            self.names = period_names(self.indicator) if self.periods else {}
        return self.names

    @property
    def period_choices(self) -> list[tuple[str, str]]:
        """Each period with figures and its name, oldest first."""
        return [(p, period_name(p, self.period_names)) for p in self.periods]


@dataclass
class Population:
    """Children in the population by group, and by group and stratum where the table has
    age band and deprivation decile; `totals` is None, with `missing` saying why, where the
    table lacks the breakdown."""

    totals: dict[str, int] | None
    strata: dict[str, dict[tuple[str, str], int]] | None
    missing: str = ""


def _population(warehouse: FrameSource, breakdown: str) -> Population:
    table = current_population()
    if table is None:
        return Population(
            None,
            None,
            "No population table is loaded, so rates per 10,000 children cannot be worked "
            "out. The business unit or an analyst can load one under Population.",
        )
    if breakdown not in table.dimensions:
        return Population(
            None,
            None,
            f"The current population table ({table.title}) has no "
            f"{BREAKDOWN_TITLES[breakdown].lower()} column, so rates per 10,000 children "
            "cannot be worked out for this breakdown.",
        )
    frame = warehouse.frame(sql.population_by(breakdown=breakdown))
    totals: dict[str, int] = defaultdict(int)
    strata: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    can_stratify = {"age_band", "deprivation_decile"} <= set(table.dimensions) and (
        breakdown not in ("age_band", "deprivation_decile")
    )
    for row in frame.iter_rows(named=True):
        totals[row["grp"]] += int(row["population"])
        if can_stratify:
            stratum = (row["age_band"], row["deprivation_decile"])
            strata[row["grp"]][stratum] = int(row["population"])
    return Population(dict(totals), dict(strata) if can_stratify else None)


def indicator_disproportionality(
    *,
    indicator: Indicator,
    warehouse: FrameSource,
    breakdown: str | None = None,
    reference: str | None = None,
    period: str | None = None,
    policy: DisclosurePolicy | None = None,
    names: dict[str, str] | None = None,
) -> IndicatorDisproportionality:
    """An indicator's figures by one breakdown, compared with a reference group: from the
    aggregate returns for one period, or from child-level returns over the latest year
    (then also standardised, and stage to stage where the measure is a stage). `names`
    (`periods.period_names`) names the periods, read here unless given."""
    policy = policy or disclosure_policy()
    version = indicator.current
    breakdowns = breakdowns_of(version)
    breakdown = breakdown if breakdown in breakdowns else (breakdowns[0] if breakdowns else "")
    disproportionality = IndicatorDisproportionality(
        indicator=indicator,
        version=version,
        breakdown=breakdown,
        breakdowns=breakdowns,
        reference=reference or default_reference(breakdown),
        labels=breakdown_labels(breakdown) if breakdown else {},
        period="",
        periods=[],
        period_label="",
        comparison=None,
        names=names,
    )
    if (
        disproportionality.reference != ALL_OTHERS
        and disproportionality.reference not in disproportionality.labels
    ):
        disproportionality.reference = default_reference(breakdown)
    if not breakdown:
        disproportionality.explanations.append("This indicator is not reported by any breakdown.")
        return disproportionality
    if version is not None and version.event_type:
        _from_events(disproportionality, warehouse, version.event_type, policy, period)
    else:
        _from_aggregates(disproportionality, warehouse, period, policy)
    return disproportionality


def _from_aggregates(
    disproportionality: IndicatorDisproportionality,
    warehouse: FrameSource,
    period: str | None,
    policy: DisclosurePolicy,
) -> None:
    frame = warehouse.frame(
        sql.aggregate_periods(
            indicator=disproportionality.indicator.code, breakdown=disproportionality.breakdown
        )
    )
    disproportionality.periods = frame["period"].to_list()
    if not disproportionality.periods:
        disproportionality.explanations.append(
            "No accepted return gives this indicator by "
            f"{disproportionality.breakdown_title.lower()} yet, so there is nothing to compare."
        )
        return
    if period and period not in disproportionality.periods:
        why = (
            "no accepted return gives this indicator by "
            f"{disproportionality.breakdown_title.lower()} for that period"
            if is_month(period)
            else "a period is named by its last month, as YYYY-MM"
        )
        names = disproportionality.period_names
        disproportionality.unavailable = (
            f"No figures for {period_name(period, names)}: {why}. The latest period with "
            f"figures is {period_name(disproportionality.periods[-1], names)}."
        )
        return
    disproportionality.period = period or disproportionality.periods[-1]
    disproportionality.period_label = period_name(
        disproportionality.period, disproportionality.period_names
    )
    rows = warehouse.frame(
        sql.aggregate_breakdown(
            indicator=disproportionality.indicator.code,
            breakdown=disproportionality.breakdown,
            periods=[disproportionality.period],
        )
    )
    counts = {r["grp"]: int(r["count"]) for r in rows.iter_rows(named=True)}
    denominators = {
        r["grp"]: int(r["denominator"])
        for r in rows.iter_rows(named=True)
        if r["denominator"] is not None
    }
    if denominators and len(denominators) == len(counts):
        disproportionality.comparison = compare_proportions(
            counts=counts,
            totals=denominators,
            labels=disproportionality.labels,
            reference=disproportionality.reference,
            policy=policy,
        )
        return
    population = _population(warehouse, disproportionality.breakdown)
    disproportionality.comparison = compare_with_population(
        counts=counts,
        populations=population.totals,
        labels=disproportionality.labels,
        reference=disproportionality.reference,
        policy=policy,
        missing_population=population.missing,
    )


def _from_events(
    disproportionality: IndicatorDisproportionality,
    warehouse: FrameSource,
    event_type: str,
    policy: DisclosurePolicy,
    period: str | None = None,
) -> None:
    window = events_window()
    if window is None:
        disproportionality.explanations.append(
            "No child-level return has been accepted yet, so there is nothing to compare."
        )
        return
    start, end = window
    disproportionality.period_label = f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    if period:
        disproportionality.unavailable = (
            f"No figures for {period_name(period, {})}: this measure is counted from the "
            "child-level returns over the latest 12 months only, "
            f"{disproportionality.period_label}, not one period at a time."
        )
        return
    frame = warehouse.frame(
        sql.children_with_event(
            event_type=event_type, start=start, end=end, breakdown=disproportionality.breakdown
        )
    )
    counts: dict[str, int] = defaultdict(int)
    strata_counts: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for row in frame.iter_rows(named=True):
        group = row["grp"] or "Not recorded"
        counts[group] += int(row["children"])
        stratum = (row["age_band"], row["deprivation_decile"])
        strata_counts[group][stratum] = strata_counts[group].get(stratum, 0) + int(row["children"])
    if not counts:
        disproportionality.explanations.append(
            "No child in the accepted returns had this event between "
            f"{disproportionality.period_label}."
        )
    population = _population(warehouse, disproportionality.breakdown)
    disproportionality.comparison = compare_with_population(
        counts=dict(counts),
        populations=population.totals,
        labels=disproportionality.labels,
        reference=disproportionality.reference,
        policy=policy,
        strata_counts=dict(strata_counts) if population.strata else None,
        strata_populations=population.strata,
        missing_population=population.missing,
    )
    if event_type in STAGES:
        stages = warehouse.frame(
            sql.stage_progress(
                stages=STAGES, start=start, end=end, breakdown=disproportionality.breakdown
            )
        )
        reached = {
            (r["grp"] or "Not recorded"): [int(r[f"reached_{i}"]) for i in range(len(STAGES))]
            for r in stages.iter_rows(named=True)
        }
        disproportionality.steps = compare_stages(
            stage_titles=STAGE_TITLES,
            reached=reached,
            labels=disproportionality.labels,
            reference=disproportionality.reference,
            policy=policy,
        )


@dataclass
class ThreadLine:
    """One outcome measure of a priority, with its disproportionality by each breakdown."""

    measure: OutcomeMeasure
    indicator: Indicator | None
    by_breakdown: list[IndicatorDisproportionality]
    explanation: str = ""

    @property
    def flagged_count(self) -> int:
        return sum(len(d.comparison.flagged) for d in self.by_breakdown if d.comparison)


def golden_thread(*, priority: Priority, warehouse: FrameSource) -> list[ThreadLine]:
    """Every indicator a priority's outcome measures name, by every breakdown it has, with
    the groups significantly over- or under-represented."""
    policy = disclosure_policy()
    indicators = {i.code: i for i in Indicator.objects.prefetch_related("versions")}
    lines = []
    for measure in priority.measures.all():
        indicator = indicators.get(measure.indicator_code)
        if indicator is None:
            explanation = (
                f"No indicator in the catalogue has the code {measure.indicator_code}."
                if measure.indicator_code
                else "No indicator is named for this measure, so it has no figures."
            )
            lines.append(
                ThreadLine(
                    measure=measure, indicator=None, by_breakdown=[], explanation=explanation
                )
            )
            continue
        names = period_names(indicator)
        by_breakdown = [
            indicator_disproportionality(
                indicator=indicator, warehouse=warehouse, breakdown=b, policy=policy, names=names
            )
            for b in breakdowns_of(indicator.current)
        ]
        lines.append(ThreadLine(measure=measure, indicator=indicator, by_breakdown=by_breakdown))
    return lines
