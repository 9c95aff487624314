"""Reads for the linked outcomes page: outcomes found by joining each child's events across
every agency's child-level returns on their child keys. No child is named or listed: only
counts leave, suppressed and compared as on the disproportionality page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from safeguarding.core.models import Agency
from safeguarding.insight import sql
from safeguarding.insight.comparisons import default_reference
from safeguarding.insight.disproportionality import ALL_OTHERS, Comparison, compare_proportions
from safeguarding.insight.engine import FrameSource
from safeguarding.insight.queries import (
    BREAKDOWN_TITLES,
    breakdown_labels,
    disclosure_policy,
    events_window,
)
from safeguarding.insight.suppression import Cell, DisclosurePolicy, publish_counts


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
    frame_rows: list[dict[str, Any]],
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


def linked_outcomes(*, warehouse: FrameSource, breakdown: str = "ethnicity") -> LinkedOutcomes:
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
    warehouse: FrameSource,
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
