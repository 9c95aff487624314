"""Reads for the plan's pages: the year, its priorities and planned work, learning
points, actions, and a group's page of work."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguarding.accounts.models import GroupMembership, PartnershipGroup, User
from safeguarding.core.roles import led_agency_id
from safeguarding.governance.assurance.queries import requests_for, requests_serving
from safeguarding.governance.models import (
    OPEN_STATUSES,
    Action,
    AssuranceRequest,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
    RepresentationWanted,
)


def years_list() -> QuerySet[PartnershipYear]:
    """Every year, newest first."""
    return PartnershipYear.objects.all()


def year_get(*, pk: int) -> PartnershipYear:
    """One year; 404 if there is none."""
    return get_object_or_404(PartnershipYear, pk=pk)


def priority_get(*, pk: int) -> Priority:
    """One priority with its year; 404 if there is none."""
    return get_object_or_404(Priority.objects.select_related("year"), pk=pk)


def planned_work_get(*, pk: int) -> PlannedWork:
    """One item of planned work with its year, priority, owners and milestones; 404 if
    there is none."""
    return get_object_or_404(
        PlannedWork.objects.select_related(
            "year", "priority", "owner_group", "lead_agency"
        ).prefetch_related("milestones"),
        pk=pk,
    )


def learning_point_get(*, pk: int) -> LearningPoint:
    """One learning point with its owning group and year; 404 if there is none."""
    return get_object_or_404(LearningPoint.objects.select_related("owning_group", "year"), pk=pk)


def actions_of(*, learning_point: LearningPoint) -> QuerySet[Action]:
    """The actions that answer a learning point, with who owns and leads each."""
    return learning_point.actions.select_related("owner_group", "lead_agency")


def action_get(*, pk: int) -> Action:
    """One action with its owners, learning point and priority; 404 if there is none."""
    return get_object_or_404(
        Action.objects.select_related("owner_group", "lead_agency", "learning_point", "priority"),
        pk=pk,
    )


def strands_count(*, priority: Priority) -> int:
    """How many strands a priority has: a new strand goes after them."""
    return PriorityStrand.objects.filter(priority=priority).count()


def representation_wanted_kinds(*, group: PartnershipGroup) -> list[str]:
    """The kinds of agency the partnership wants on a group."""
    return list(group.representation_wanted.values_list("agency_kind", flat=True))


def priorities_of(*, year: PartnershipYear) -> QuerySet[Priority]:
    """A year's priorities with how much work, how many actions and requests hang on each."""
    return year.priorities.annotate(
        work_count=Count("planned_work", distinct=True),
        action_count=Count("actions", distinct=True),
        request_count=Count("requests", distinct=True),
    ).prefetch_related("strands", "measures")


def planned_work_of(*, year: PartnershipYear) -> QuerySet[PlannedWork]:
    """A year's planned work, in the order the partnership listed it."""
    return year.planned_work.select_related("priority", "owner_group", "lead_agency")


@dataclass(frozen=True)
class PriorityPage:
    priority: Priority
    planned_work: list[PlannedWork]
    actions: list[Action]
    action_count: int
    open_action_count: int
    requests: list[AssuranceRequest]
    golden_thread: dict[str, list[Any]]
    golden_thread_counts: dict[str, int]
    limit: int


# A page lists at most this many of each kind; it says how many there are in all.
PAGE_LIMIT = 100


def priority_page(*, priority: Priority, user: User) -> PriorityPage:
    """Everything under a priority, and the golden-thread items across the whole year.

    Open actions come first, soonest due first; long lists stop at PAGE_LIMIT.
    """
    year = priority.year
    golden_sources: dict[str, QuerySet[Any]] = {
        "priorities": year.priorities.filter(golden_thread=True),
        "planned_work": year.planned_work.filter(golden_thread=True).select_related("priority"),
        "learning_points": LearningPoint.objects.filter(
            year=year, golden_thread=True
        ).select_related("owning_group"),
        "actions": Action.objects.filter(golden_thread=True)
        .filter(Q(priority__year=year) | Q(learning_point__year=year))
        .select_related("owner_group", "priority"),
    }
    actions = priority.actions.all()
    open_first = actions.annotate(
        is_done=Case(When(status__in=OPEN_STATUSES, then=0), default=1)
    ).order_by("is_done", "due_on", "pk")
    return PriorityPage(
        priority=priority,
        planned_work=list(
            priority.planned_work.select_related("owner_group", "lead_agency").prefetch_related(
                "milestones"
            )
        ),
        actions=list(open_first.select_related("owner_group", "lead_agency")[:PAGE_LIMIT]),
        action_count=actions.count(),
        open_action_count=actions.filter(status__in=OPEN_STATUSES).count(),
        requests=list(requests_serving(user=user, priority=priority)),
        golden_thread={k: list(q[:PAGE_LIMIT]) for k, q in golden_sources.items()},
        golden_thread_counts={k: q.count() for k, q in golden_sources.items()},
        limit=PAGE_LIMIT,
    )


def learning_points_list(
    *, year: PartnershipYear | None = None, group: PartnershipGroup | None = None
) -> QuerySet[LearningPoint]:
    """Learning points by theme, with their owning group and how many actions are open."""
    points = LearningPoint.objects.select_related("owning_group", "year").annotate(
        open_actions=Count("actions", filter=Q(actions__status__in=OPEN_STATUSES))
    )
    if year is not None:
        points = points.filter(year=year)
    if group is not None:
        points = points.filter(owning_group=group)
    return points.order_by("theme", "pk")


@dataclass(frozen=True)
class GroupWork:
    group: PartnershipGroup
    learning_points: list[LearningPoint]
    overdue_actions: list[Action]
    open_action_count: int
    awaiting_judgement: list[AssuranceRequest]
    waiting_for_answers: list[AssuranceRequest]
    asked_of_group: list[AssuranceRequest]
    planned_work: list[PlannedWork]
    representation_gaps: list[RepresentationWanted]


def group_work(*, group: PartnershipGroup, user: User, today: date | None = None) -> GroupWork:
    """What a group owns, what is overdue, and what waits for its judgement; of its
    requests, those this person may open."""
    today = today or timezone.localdate()
    open_actions = Action.objects.filter(owner_group=group, status__in=OPEN_STATUSES)
    visible = requests_for(user=user)
    asked = list(visible.filter(asked_by=group, judgement="").order_by("due_on"))
    awaiting = [r for r in asked if r.is_ready_for_judgement(today)]
    return GroupWork(
        group=group,
        learning_points=list(learning_points_list(group=group).filter(is_closed=False)),
        overdue_actions=list(
            open_actions.filter(due_on__lt=today)
            .select_related("owner_group", "lead_agency")
            .order_by("due_on")[:100]
        ),
        open_action_count=open_actions.count(),
        awaiting_judgement=awaiting,
        waiting_for_answers=[r for r in asked if r not in awaiting],
        asked_of_group=list(
            visible.filter(recipients__group=group, judgement="").order_by("due_on")
        ),
        planned_work=list(
            PlannedWork.objects.filter(owner_group=group).exclude(status="complete")[:100]
        ),
        representation_gaps=representation_gaps(group=group),
    )


def representation_gaps(*, group: PartnershipGroup) -> list[RepresentationWanted]:
    """Kinds of agency the partnership wants on the group but no member comes from."""
    present = set(
        GroupMembership.objects.filter(group=group, user__is_active=True)
        .exclude(user__agency=None)
        .values_list("user__agency__kind", flat=True)
    )
    return [w for w in group.representation_wanted.all() if w.agency_kind not in present]


def actions_overdue_for(*, user: User, today: date | None = None) -> QuerySet[Action]:
    """Overdue actions of the groups this person sits on or of the agency they lead for."""
    today = today or timezone.localdate()
    groups = GroupMembership.objects.filter(user=user).values("group")
    mine = Q(owner_group__in=groups)
    if agency_id := led_agency_id(user):
        mine |= Q(lead_agency=agency_id)
    return (
        Action.objects.filter(mine, status__in=OPEN_STATUSES, due_on__lt=today)
        .select_related("owner_group")
        .order_by("due_on")
    )
