"""Reads for the insight pages: which files of record to read, the labels of the groups,
and each indicator's trend against its target and published figures.

Only accepted returns are read: a superseded or rejected file is never counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from safeguarding.core.dimensions import DIMENSIONS
from safeguarding.core.models import Agency, Code, Locality
from safeguarding.governance.models import Priority
from safeguarding.insight import sql
from safeguarding.insight.engine import FrameSource, RecordFile, Warehouse
from safeguarding.insight.figures import Figures
from safeguarding.insight.models import PopulationTable, PublishedFigureSet
from safeguarding.insight.periods import calendar_names, period_names
from safeguarding.insight.permissions import reference_files_visible_to
from safeguarding.insight.services import insight_settings
from safeguarding.insight.suppression import POLICIES, DisclosurePolicy
from safeguarding.insight.trends import (
    FULLY_SUPPRESSED,
    Point,
    Series,
    Status,
    partnership_totals,
    published_periods,
    target_status,
)
from safeguarding.returns.models import Indicator, IndicatorVersion, ReturnTemplate, Submission
from safeguarding.returns.queries import accepted_submissions
from safeguarding.returns.records import records_root

BREAKDOWN_TITLES = {d.name: d.title for d in DIMENSIONS}
CODE_LISTS = {d.name: d.code_list for d in DIMENSIONS if d.code_list}


def disclosure_policy() -> DisclosurePolicy:
    """The disclosure policy the partnership has chosen for every output."""
    return POLICIES[insight_settings().disclosure_policy]


def accepted_records(*, kind: str) -> list[RecordFile]:
    """The files of record of every accepted return of a kind (aggregate or child-level)."""
    accepted = accepted_submissions(kind=kind)
    return [
        RecordFile(
            path=records_root() / s.record_path,
            agency=s.obligation.agency.slug,
            period_start=s.obligation.period_start,
            period_end=s.obligation.period_end,
        )
        for s in accepted.order_by("obligation__period_start", "pk")
    ]


def current_population() -> PopulationTable | None:
    """The population table rates are worked out against, if one is loaded."""
    return PopulationTable.objects.filter(is_current=True).first()


def open_warehouse() -> Warehouse:
    """DuckDB over every accepted return and the current population table."""
    population = current_population()
    return Warehouse(
        aggregates=accepted_records(kind=ReturnTemplate.Kind.AGGREGATE),
        events=accepted_records(kind=ReturnTemplate.Kind.CHILD_LEVEL),
        population=records_root() / population.record_path if population else None,
    )


def open_figures() -> Figures:
    """The results of the queries over every accepted return, kept until a return is
    accepted (see `figures.py`): DuckDB is opened only for a result not yet kept."""
    return Figures(open_warehouse)


def breakdown_labels(breakdown: str) -> dict[str, str]:
    """Each code of a breakdown and its label, in the code list's order."""
    if breakdown == "locality":
        return dict(Locality.objects.order_by("name").values_list("code", "name"))
    if breakdown not in CODE_LISTS:
        raise ValueError(f"{breakdown!r} is not a breakdown")
    codes = Code.objects.filter(code_list__slug=CODE_LISTS[breakdown]).order_by("sort_order")
    return dict(codes.values_list("code", "label"))


@dataclass
class IndicatorTrend:
    indicator: Indicator
    version: IndicatorVersion | None
    points: list[Point]
    by_agency: dict[str, list[Point]]
    latest: Point | None
    status: Status
    comparisons: dict[str, list[tuple[str, float]]]
    comparisons_illustrative: bool
    narratives: list[Submission]
    explanations: list[str] = field(default_factory=list)
    # Each period's name (the partnership's and the published figures'), by its last month.
    period_names: dict[str, str] = field(default_factory=dict)

    @property
    def fully_suppressed(self) -> bool:
        """Whether disclosure control hides every period's figure, so nothing can be drawn."""
        return bool(self.points) and all(p.value is None and p.suppressed for p in self.points)


def indicator_series(warehouse: FrameSource, indicator: Indicator) -> Series:
    """Every period's headline count and denominator for an indicator, for the partnership
    and per agency. For a measure counted from child-level returns, the partnership's count
    is of distinct children: a child two agencies both know counts once."""
    version = indicator.current
    if version is not None and version.event_type:
        by_agency = warehouse.frame(sql.event_series(event_type=version.event_type))
        totals = warehouse.frame(sql.event_series(event_type=version.event_type, by_agency=False))
        return Series(
            totals=list(totals.iter_rows(named=True)),
            by_agency=list(by_agency.iter_rows(named=True)),
        )
    rows = list(
        warehouse.frame(sql.aggregate_series(indicator=indicator.code)).iter_rows(named=True)
    )
    return Series(totals=partnership_totals(rows), by_agency=rows)


def indicator_trend(
    *, indicator: Indicator, warehouse: FrameSource, viewer: Any = None
) -> IndicatorTrend:
    """An indicator's trend for the partnership and each agency, its latest figure against
    target, published figures to compare with, and what agencies said about it."""
    policy = disclosure_policy()
    version = indicator.current
    series = indicator_series(warehouse, indicator)
    figure_set = PublishedFigureSet.objects.filter(is_current=True).first()
    comparisons: dict[str, list[tuple[str, float]]] = {}
    if figure_set is not None:
        for figure in figure_set.figures.filter(indicator_code=indicator.code):
            comparisons.setdefault(figure.get_comparator_display(), []).append(
                (figure.period, float(figure.value))
            )
    # Published figures sit on the returns' axis, so their periods are named with them.
    compared = {period for figures in comparisons.values() for period, _ in figures}
    names = period_names(indicator, {row["period"] for row in series.totals} | compared)
    points, agency_points = published_periods(series, version, policy, names)
    latest = points[-1] if points else None
    explanations = []
    if not points:
        explanations.append(
            "No accepted return has a figure for this indicator yet. Figures appear here once "
            "an agency's return that includes it is accepted."
        )
    elif (
        version is not None
        and version.unit == IndicatorVersion.Unit.PERCENTAGE
        and all(p.denominator is None for p in points)
    ):
        explanations.append(
            "The returns give the count but not the number it is out of (the denominator "
            "column), so the percentage cannot be worked out: counts are shown instead."
        )
    agencies = dict(Agency.objects.values_list("slug", "name"))
    trend = IndicatorTrend(
        indicator=indicator,
        version=version,
        points=points,
        by_agency={
            agencies.get(slug, slug): agency_points[slug]
            for slug in sorted(agency_points, key=lambda slug: agencies.get(slug, slug))
        },
        latest=latest,
        status=target_status(version, latest.value if latest else None),
        comparisons=comparisons,
        comparisons_illustrative=bool(figure_set and figure_set.is_illustrative),
        narratives=latest_narratives(indicator, viewer=viewer),
        explanations=explanations,
        period_names=names,
    )
    if trend.fully_suppressed:
        # Said instead of an empty chart, so a reader knows the gaps are not missing returns.
        trend.explanations.append(FULLY_SUPPRESSED)
    return trend


def latest_narratives(indicator: Indicator, *, viewer: Any = None) -> list[Submission]:
    """Each agency's narrative from its latest accepted return that reports the indicator
    (for a measure counted from child-level returns, that carries its type of event).

    A narrative is an agency's own account, so the viewer sees only those of returns they
    may open (none where no viewer is given, as for a table leaving the platform)."""
    version = indicator.current
    if viewer is None:
        return []
    if version is not None and version.event_type:
        accepted = accepted_submissions(kind=ReturnTemplate.Kind.CHILD_LEVEL, viewer=viewer)
    else:
        accepted = accepted_submissions(viewer=viewer).filter(
            obligation__template__indicators=indicator
        )
    accepted = accepted.order_by("obligation__agency__name", "-obligation__period_start")
    latest: dict[int, Submission] = {}
    for submission in accepted:
        template = submission.obligation.template
        if version is not None and version.event_type not in ("", *template.event_types):
            continue
        latest.setdefault(submission.obligation.agency_id, submission)
    return list(latest.values())


@dataclass
class IndicatorSummary:
    indicator: Indicator
    latest: Point | None
    status: Status


def indicator_summary(
    *,
    indicator: Indicator,
    warehouse: FrameSource,
    policy: DisclosurePolicy | None = None,
    up_to: date | None = None,
    calendar: dict[int, dict[str, str]] | None = None,
) -> IndicatorSummary:
    """An indicator's latest figure for the partnership and its status against target;
    with `up_to`, the latest for a period ending by then (a year's report shows the
    year's figures, never a later one). `calendar` (`periods.calendar_names`) names the
    periods of many indicators from one read."""
    policy = policy or disclosure_policy()
    version = indicator.current
    series = indicator_series(warehouse, indicator)
    names = period_names(indicator, [row["period"] for row in series.totals], calendar=calendar)
    points, _ = published_periods(series, version, policy, names)
    if up_to is not None:
        points = [point for point in points if point.period <= f"{up_to:%Y-%m}"]
    latest = points[-1] if points else None
    return IndicatorSummary(
        indicator=indicator,
        latest=latest,
        status=target_status(version, latest.value if latest else None),
    )


def indicators_overview(*, warehouse: FrameSource) -> list[IndicatorSummary]:
    """Every indicator in the catalogue with its latest figure and status."""
    policy = disclosure_policy()
    indicators = Indicator.objects.prefetch_related(
        Prefetch("versions", queryset=IndicatorVersion.objects.order_by("-version"))
    )
    calendar = calendar_names(indicators)
    return [
        indicator_summary(
            indicator=indicator, warehouse=warehouse, policy=policy, calendar=calendar
        )
        for indicator in indicators
    ]


def population_path() -> Path | None:
    population = current_population()
    return records_root() / population.record_path if population else None


def events_window() -> tuple[date, date] | None:
    """The 12 months ending on the last day any accepted child-level return covers."""
    records = accepted_records(kind=ReturnTemplate.Kind.CHILD_LEVEL)
    if not records:
        return None
    end = max(r.period_end for r in records)
    after = end + timedelta(days=1)
    start = (
        after.replace(year=after.year - 1)
        if (after.month, after.day) != (2, 29)
        else (after.replace(year=after.year - 1, day=28))
    )
    return start, end


def indicator_get(*, code: str) -> Indicator:
    """One indicator of the catalogue, with its versions; 404 if there is none."""
    return get_object_or_404(Indicator.objects.prefetch_related("versions"), code=code)


def population_table_get(*, pk: int) -> PopulationTable:
    """A population table loaded earlier, or 404."""
    return get_object_or_404(PopulationTable, pk=pk)


def priority_get(*, pk: int) -> Priority:
    """One priority with its year and outcome measures, for its golden thread; 404 if
    there is none."""
    return get_object_or_404(
        Priority.objects.select_related("year").prefetch_related("measures"), pk=pk
    )


def reference_files_loaded(
    *, model: type[PopulationTable] | type[PublishedFigureSet], user: Any
) -> QuerySet[Any]:
    """Every population table or set of published figures this person may see
    (`reference_files_visible_to`), newest first, with who loaded it."""
    return reference_files_visible_to(user, model).select_related("loaded_by")
