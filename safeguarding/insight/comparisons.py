"""Reads for the disproportionality, golden thread and linked outcome pages.

Each gathers counts through `sql.py`, then hands them to `disproportionality.py`, which
suppresses and compares them; anything that makes a figure impossible (no returns, no
population, a breakdown the population table lacks) comes back as an explanation for the
page, never as a zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from safeguarding.core.models import Agency
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
from safeguarding.insight.engine import Warehouse
from safeguarding.insight.queries import (
    BREAKDOWN_TITLES,
    breakdown_labels,
    current_population,
    disclosure_policy,
    events_window,
)
from safeguarding.insight.suppression import Cell, DisclosurePolicy, publish_counts
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
class DisproportionalityView:
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

    @property
    def breakdown_title(self) -> str:
        return BREAKDOWN_TITLES.get(self.breakdown, self.breakdown)


@dataclass
class Population:
    """Children in the population by group, and by group and stratum where the table has
    age band and deprivation decile; `totals` is None, with `missing` saying why, where the
    table lacks the breakdown."""

    totals: dict[str, int] | None
    strata: dict[str, dict[tuple[str, str], int]] | None
    missing: str = ""


def _population(warehouse: Warehouse, breakdown: str) -> Population:
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
    warehouse: Warehouse,
    breakdown: str | None = None,
    reference: str | None = None,
    period: str | None = None,
    policy: DisclosurePolicy | None = None,
) -> DisproportionalityView:
    """An indicator's figures by one breakdown, compared with a reference group: from the
    aggregate returns for one period, or from child-level returns over the latest year
    (then also standardised, and stage to stage where the measure is a stage)."""
    policy = policy or disclosure_policy()
    version = indicator.current
    breakdowns = breakdowns_of(version)
    breakdown = breakdown if breakdown in breakdowns else (breakdowns[0] if breakdowns else "")
    view = DisproportionalityView(
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
    )
    if view.reference != ALL_OTHERS and view.reference not in view.labels:
        view.reference = default_reference(breakdown)
    if not breakdown:
        view.explanations.append("This indicator is not reported by any breakdown.")
        return view
    if version is not None and version.event_type:
        _from_events(view, warehouse, version.event_type, policy)
    else:
        _from_aggregates(view, warehouse, period, policy)
    return view


def _from_aggregates(
    view: DisproportionalityView, warehouse: Warehouse, period: str | None, policy: DisclosurePolicy
) -> None:
    frame = warehouse.frame(
        sql.aggregate_periods(indicator=view.indicator.code, breakdown=view.breakdown)
    )
    view.periods = frame["period"].to_list()
    if not view.periods:
        view.explanations.append(
            f"No accepted return gives this indicator by {view.breakdown_title.lower()} yet, "
            "so there is nothing to compare."
        )
        return
    view.period = period if period in view.periods else view.periods[-1]
    view.period_label = view.period
    rows = warehouse.frame(
        sql.aggregate_breakdown(
            indicator=view.indicator.code, breakdown=view.breakdown, periods=[view.period]
        )
    )
    counts = {r["grp"]: int(r["count"]) for r in rows.iter_rows(named=True)}
    denominators = {
        r["grp"]: int(r["denominator"])
        for r in rows.iter_rows(named=True)
        if r["denominator"] is not None
    }
    if denominators and len(denominators) == len(counts):
        view.comparison = compare_proportions(
            counts=counts,
            totals=denominators,
            labels=view.labels,
            reference=view.reference,
            policy=policy,
        )
        return
    population = _population(warehouse, view.breakdown)
    view.comparison = compare_with_population(
        counts=counts,
        populations=population.totals,
        labels=view.labels,
        reference=view.reference,
        policy=policy,
        missing_population=population.missing,
    )


def _from_events(
    view: DisproportionalityView, warehouse: Warehouse, event_type: str, policy: DisclosurePolicy
) -> None:
    window = events_window()
    if window is None:
        view.explanations.append(
            "No child-level return has been accepted yet, so there is nothing to compare."
        )
        return
    start, end = window
    view.period_label = f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    frame = warehouse.frame(
        sql.children_with_event(
            event_type=event_type, start=start, end=end, breakdown=view.breakdown
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
        view.explanations.append(
            f"No child in the accepted returns had this event between {view.period_label}."
        )
    population = _population(warehouse, view.breakdown)
    view.comparison = compare_with_population(
        counts=dict(counts),
        populations=population.totals,
        labels=view.labels,
        reference=view.reference,
        policy=policy,
        strata_counts=dict(strata_counts) if population.strata else None,
        strata_populations=population.strata,
        missing_population=population.missing,
    )
    if event_type in STAGES:
        stages = warehouse.frame(
            sql.stage_progress(stages=STAGES, start=start, end=end, breakdown=view.breakdown)
        )
        reached = {
            (r["grp"] or "Not recorded"): [int(r[f"reached_{i}"]) for i in range(len(STAGES))]
            for r in stages.iter_rows(named=True)
        }
        view.steps = compare_stages(
            stage_titles=STAGE_TITLES,
            reached=reached,
            labels=view.labels,
            reference=view.reference,
            policy=policy,
        )


@dataclass
class ThreadLine:
    """One outcome measure of a priority, with its disproportionality by each breakdown."""

    measure: OutcomeMeasure
    indicator: Indicator | None
    views: list[DisproportionalityView]
    explanation: str = ""

    @property
    def flagged_count(self) -> int:
        return sum(len(v.comparison.flagged) for v in self.views if v.comparison)


def golden_thread(*, priority: Priority, warehouse: Warehouse) -> list[ThreadLine]:
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
                ThreadLine(measure=measure, indicator=None, views=[], explanation=explanation)
            )
            continue
        views = [
            indicator_disproportionality(
                indicator=indicator, warehouse=warehouse, breakdown=b, policy=policy
            )
            for b in breakdowns_of(indicator.current)
        ]
        lines.append(ThreadLine(measure=measure, indicator=indicator, views=views))
    return lines


@dataclass
class OutcomeTable:
    """A linked outcome for one window, by the chosen breakdown and by lead agency."""

    slug: str
    title: str
    description: str
    window: str
    by_group: Comparison | None
    by_agency: Comparison | None
    explanation: str = ""


@dataclass
class WaitingTimes:
    """Days from a child's first contact to their first plan, by group."""

    window: str
    rows: list[tuple[str, Cell, float | None, float | None, float | None]]
    explanation: str = ""


@dataclass
class LinkedOutcomes:
    breakdown: str
    labels: dict[str, str]
    tables: list[OutcomeTable]
    waiting: WaitingTimes | None
    explanations: list[str] = field(default_factory=list)

    @property
    def breakdown_title(self) -> str:
        return BREAKDOWN_TITLES.get(self.breakdown, self.breakdown)


def _span(start: date, end: date) -> str:
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def _outcome_table(
    *,
    slug: str,
    title: str,
    description: str,
    window: tuple[date, date],
    frame_rows: list[dict],
    labels: dict[str, str],
    agencies: dict[str, str],
    reference: str,
    policy: DisclosurePolicy,
) -> OutcomeTable:
    by_group: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_agency: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in frame_rows:
        group = row["grp"] or "Not recorded"
        agency = row["lead_agency"] or "Not recorded"
        for bucket in (by_group[group], by_agency[agency]):
            bucket[0] += int(row["children"])
            bucket[1] += int(row["outcome"] or 0)
    table = OutcomeTable(
        slug=slug,
        title=title,
        description=description,
        window=_span(*window),
        by_group=None,
        by_agency=None,
    )
    if not by_group:
        table.explanation = f"No child in the accepted returns fits this measure in {table.window}."
        return table
    table.by_group = compare_proportions(
        counts={g: v[1] for g, v in by_group.items()},
        totals={g: v[0] for g, v in by_group.items()},
        labels=labels,
        reference=reference,
        policy=policy,
    )
    table.by_agency = compare_proportions(
        counts={a: v[1] for a, v in by_agency.items()},
        totals={a: v[0] for a, v in by_agency.items()},
        labels=agencies,
        reference=ALL_OTHERS,
        policy=policy,
    )
    return table


def linked_outcomes(*, warehouse: Warehouse, breakdown: str = "ethnicity") -> LinkedOutcomes:
    """Outcomes found by joining children's events across returns on their pseudonymous
    id: referral within 12 months of early help ending, re-referral within 12 months, and
    the days from first contact to a plan."""
    if breakdown not in sql.DIMENSIONS:
        breakdown = "ethnicity"
    policy = disclosure_policy()
    labels = breakdown_labels(breakdown)
    outcomes = LinkedOutcomes(breakdown=breakdown, labels=labels, tables=[], waiting=None)
    window = events_window()
    if window is None:
        outcomes.explanations.append(
            "No child-level return has been accepted yet, so no outcome can be linked."
        )
        return outcomes
    start, end = window
    agencies = dict(Agency.objects.values_list("slug", "name"))
    reference = default_reference(breakdown)
    # Endings need a full 12 months after them inside the returns: the year before last.
    endings = (start.replace(year=start.year - 1), start - timedelta(days=1))
    outcomes.tables.append(
        _outcome_table(
            slug="early-help-then-referral",
            title="Referred to children's social care within 12 months of early help ending",
            description="Children whose early help episode ended in the period, and the share "
            "referred to children's social care in the 12 months after it ended.",
            window=endings,
            frame_rows=list(
                warehouse.frame(
                    sql.referred_after_early_help(
                        start=endings[0], end=endings[1], breakdown=breakdown
                    )
                ).iter_rows(named=True)
            ),
            labels=labels,
            agencies=agencies,
            reference=reference,
            policy=policy,
        )
    )
    outcomes.tables.append(
        _outcome_table(
            slug="rereferral",
            title="Re-referrals within 12 months",
            description="Referrals in the period, and the share that came within 12 months of "
            "the same child's previous referral.",
            window=window,
            frame_rows=list(
                warehouse.frame(
                    sql.rereferrals(start=start, end=end, breakdown=breakdown)
                ).iter_rows(named=True)
            ),
            labels=labels,
            agencies=agencies,
            reference=reference,
            policy=policy,
        )
    )
    outcomes.waiting = _waiting(warehouse, window, breakdown, labels, policy)
    return outcomes


def _waiting(
    warehouse: Warehouse,
    window: tuple[date, date],
    breakdown: str,
    labels: dict[str, str],
    policy: DisclosurePolicy,
) -> WaitingTimes:
    frame = warehouse.frame(sql.days_to_plan(start=window[0], end=window[1], breakdown=breakdown))
    found = {(r["grp"] or "Not recorded"): r for r in frame.iter_rows(named=True)}
    codes = [c for c in labels if c in found] + sorted(c for c in found if c not in labels)
    cells, _ = publish_counts([int(found[c]["children"]) for c in codes], policy)
    rows: list[tuple[str, Cell, float | None, float | None, float | None]] = []
    for code, cell in zip(codes, cells, strict=True):
        row = found[code]
        if cell.suppressed:
            rows.append((labels.get(code, code), cell, None, None, None))
        else:
            rows.append(
                (
                    labels.get(code, code),
                    cell,
                    row["lower_quartile"],
                    row["median_days"],
                    row["upper_quartile"],
                )
            )
    waiting = WaitingTimes(window=_span(*window), rows=rows)
    if not rows:
        waiting.explanation = f"No child's first plan started in {waiting.window}."
    return waiting
