"""The annual report, drawn from the year's records: the reads behind its page and PDF.

Statutory guidance asks a yearly report for evidence of impact on children and families,
an analysis of priorities where there has been little progress, what was decided and done
about local and national review recommendations, and how the views of children and
families were sought and used. Each of those is a section here, built from data, so none
can be left out; where the data is missing the report says so and warns.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguarding.core.models import Partnership
from safeguarding.governance.models import (
    OPEN_STATUSES,
    Action,
    AssuranceRequest,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
    PublishedReport,
    WorkStatus,
)

REVIEW_SOURCES = (
    LearningPoint.Source.PRACTICE_REVIEW,
    LearningPoint.Source.RAPID_REVIEW,
    LearningPoint.Source.NATIONAL_PANEL,
)


@dataclass
class PriorityProgress:
    priority: Priority
    planned_work: list[PlannedWork]
    actions: list[Action]
    status_counts: dict[str, int]
    overdue_actions: int
    linked_measures: list[Any]
    little_progress_reasons: list[str] = field(default_factory=list)

    @property
    def has_evidence_of_impact(self) -> bool:
        return bool(self.linked_measures)


@dataclass
class AnnualReport:
    partnership: Partnership | None
    year: PartnershipYear
    priorities: list[PriorityProgress]
    planned_work: list[PlannedWork]
    learning_by_theme: list[tuple[str, list[LearningPoint]]]
    judged_requests: list[AssuranceRequest]
    judgement_counts: dict[str, int]
    open_requests: int
    review_learning: list[LearningPoint]
    voice_learning: list[LearningPoint]
    golden_thread_statement: str
    warnings: list[str]

    @property
    def little_progress(self) -> list[PriorityProgress]:
        return [p for p in self.priorities if p.little_progress_reasons]


def _within(year: PartnershipYear) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(year.starts_on, time.min, tzinfo=zone),
        datetime.combine(year.ends_on, time.max, tzinfo=zone),
    )


def _progress(priority: Priority, today: date) -> PriorityProgress:
    work = list(priority.planned_work.all())
    actions = list(priority.actions.all())
    counts = Counter([w.status for w in work] + [a.status for a in actions])
    overdue = sum(1 for a in actions if a.status in OPEN_STATUSES and a.due_on < today)
    progress = PriorityProgress(
        priority=priority,
        planned_work=work,
        actions=actions,
        status_counts=dict(counts),
        overdue_actions=overdue,
        linked_measures=[m for m in priority.measures.all() if m.indicator_code],
    )
    done_or_moving = counts[WorkStatus.COMPLETE] + counts[WorkStatus.IN_PROGRESS]
    if not work and not actions:
        progress.little_progress_reasons.append("no planned work or actions are linked to it")
    elif done_or_moving == 0:
        progress.little_progress_reasons.append("none of its work or actions has started")
    if overdue:
        progress.little_progress_reasons.append(
            f"{overdue} of its actions {'is' if overdue == 1 else 'are'} overdue"
        )
    return progress


def annual_report(*, year: PartnershipYear, today: date | None = None) -> AnnualReport:
    """Everything the annual report for `year` shows, with a warning for each gap."""
    today = today or timezone.localdate()
    priorities = year.priorities.prefetch_related(
        "strands",
        "measures",
        Prefetch("planned_work", queryset=PlannedWork.objects.select_related("owner_group")),
        Prefetch("actions", queryset=Action.objects.select_related("owner_group")),
    )
    progress = [_progress(priority, today) for priority in priorities]
    learning = list(
        LearningPoint.objects.filter(year=year)
        .select_related("owning_group")
        .prefetch_related("actions")
        .order_by("theme", "pk")
    )
    themes: dict[str, list[LearningPoint]] = {}
    for point in learning:
        themes.setdefault(point.theme, []).append(point)
    starts, ends = _within(year)
    # A request belongs to the year if it follows up the year's priorities or learning,
    # or was asked or judged within the year's dates.
    of_year = (
        Q(priority__year=year)
        | Q(learning_point__year=year)
        | Q(created_at__range=(starts, ends))
        | Q(judged_at__range=(starts, ends))
    )
    requests = AssuranceRequest.objects.filter(of_year).distinct().select_related("asked_by")
    judged = [r for r in requests.order_by("judged_at") if r.judgement]
    counts = Counter(r.get_judgement_display() for r in judged)
    warnings = [
        f"{p.priority.title}: no evidence of impact is linked. Add an outcome measure with "
        "an indicator, so the report can show what changed for children and families"
        for p in progress
        if not p.has_evidence_of_impact
    ]
    voice = [p for p in learning if "voice" in p.theme.lower()]
    if not voice:
        warnings.append(
            "No learning about the voice of children and families is recorded for this year"
        )
    if not progress:
        warnings.append("The year has no priorities")
    golden = [p.priority.title for p in progress if p.priority.golden_thread]
    statement = (
        "Equality, diversity and disproportionality run through "
        + (
            "every priority"
            if len(golden) == len(progress) and golden
            else f"{len(golden)} priorities"
        )
        + " this year."
        if golden
        else ""
    )
    return AnnualReport(
        partnership=Partnership.objects.first(),
        year=year,
        priorities=progress,
        planned_work=list(year.planned_work.select_related("owner_group", "priority")),
        learning_by_theme=list(themes.items()),
        judged_requests=judged,
        judgement_counts=dict(counts),
        open_requests=sum(1 for r in requests if not r.judgement),
        review_learning=[p for p in learning if p.source in REVIEW_SOURCES],
        voice_learning=voice,
        golden_thread_statement=statement,
        warnings=warnings,
    )


def published_reports() -> list[PartnershipYear]:
    """Years whose annual report has been published, newest first."""
    return list(PartnershipYear.objects.filter(report_published_on__isnull=False))


def report_editions(*, year: PartnershipYear) -> list[PublishedReport]:
    """Every published edition of the year's report, newest first."""
    return list(year.editions.select_related("published_by"))


def report_edition(*, year: PartnershipYear, edition: int | None = None) -> PublishedReport | None:
    """One edition of the year's report (the latest when none is named), or None."""
    editions = year.editions.select_related("published_by")
    if edition is None:
        return editions.first()
    return editions.filter(edition=edition).first()


def year_by_label(*, label: str) -> PartnershipYear:
    """The year with this name (like 2026-27); 404 if there is none."""
    return get_object_or_404(PartnershipYear, label=label)
