"""Reads for the plan, learning, actions, assurance and group pages."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.models import GroupMembership, PartnershipGroup, User
from safeguarding.core.models import Agency
from safeguarding.core.roles import led_agency_id
from safeguarding.governance.models import (
    OPEN_STATUSES,
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
    RepresentationWanted,
)
from safeguarding.governance.permissions import requests_visible_to, responses_visible_to


def year_current() -> PartnershipYear | None:
    """The year marked current, or else the latest."""
    return (
        PartnershipYear.objects.filter(is_current=True).first()
        or PartnershipYear.objects.order_by("-starts_on").first()
    )


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


def requests_with_recipients() -> QuerySet[AssuranceRequest]:
    """Requests with their asking group and every recipient's answer, in few queries."""
    return AssuranceRequest.objects.select_related("asked_by", "learning_point").prefetch_related(
        Prefetch(
            "recipients",
            queryset=AssuranceRecipient.objects.select_related(
                "agency", "group", "response"
            ).order_by("pk"),
        )
    )


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
        requests=list(requests_for(user=user).filter(priority=priority)),
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


def answers_readable_by(*, user: User, request: AssuranceRequest) -> set[int]:
    """The recipients of `request` whose answer this person may read."""
    return set(
        responses_visible_to(user)
        .filter(recipient__request=request)
        .values_list("recipient_id", flat=True)
    )


def requests_for(*, user: User) -> QuerySet[AssuranceRequest]:
    """Requests this person may open, newest first (`requests_visible_to`)."""
    return (
        requests_with_recipients()
        .filter(pk__in=requests_visible_to(user).values("pk"))
        .order_by("-created_at")
    )


def answers_owed_by(*, user: User) -> QuerySet[AssuranceRecipient]:
    """Requests this person must answer (for their agency or a group they chair), oldest first."""
    chaired = GroupMembership.objects.filter(user=user, is_chair=True).values("group")
    owed = Q(group__in=chaired)
    if agency_id := led_agency_id(user):
        owed |= Q(agency=agency_id)
    answered = AssuranceResponse.objects.filter(recipient=OuterRef("pk"))
    return (
        AssuranceRecipient.objects.filter(owed, request__judgement="")
        .exclude(Exists(answered))
        .select_related("request__asked_by", "agency", "group")
        .order_by("request__due_on")
    )


def judgements_owed_by(*, user: User, today: date | None = None) -> list[AssuranceRequest]:
    """Requests whose answers are in, waiting for a group this person chairs to judge."""
    today = today or timezone.localdate()
    chaired = GroupMembership.objects.filter(user=user, is_chair=True).values("group")
    waiting = requests_with_recipients().filter(asked_by__in=chaired, judgement="")
    return [r for r in waiting.order_by("due_on") if r.is_ready_for_judgement(today)]


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


def agencies_to_ask() -> QuerySet[Agency]:
    """Agencies that can be asked for assurance."""
    return Agency.objects.filter(is_active=True).order_by("name")


@dataclass(frozen=True)
class ChaseLine:
    """Who is behind, how many things, and since when."""

    name: str
    count: int
    oldest: date
    # Where the business unit sees the overdue things themselves, if one page shows them.
    url: str


@dataclass(frozen=True)
class ChaseList:
    actions_by_group: list[ChaseLine]
    answers_by_recipient: list[ChaseLine]

    @property
    def is_empty(self) -> bool:
        return not (self.actions_by_group or self.answers_by_recipient)


def chase_list(*, today: date | None = None) -> ChaseList:
    """For the business unit: overdue actions counted by owning group, and overdue
    answers counted by the agency or group that owes them, most behind first."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)
        .values("owner_group__name", "owner_group__slug")
        .annotate(count=Count("pk"), oldest=Min("due_on"))
        .order_by("-count", "oldest", "owner_group__name")
    )
    answered = AssuranceResponse.objects.filter(recipient=OuterRef("pk"))
    owed = (
        AssuranceRecipient.objects.filter(request__judgement="", request__due_on__lt=today)
        .exclude(Exists(answered))
        .values("agency__name", "group__name")
        .annotate(count=Count("pk"), oldest=Min("request__due_on"))
        .order_by("-count", "oldest")
    )
    return ChaseList(
        actions_by_group=[
            ChaseLine(
                name=row["owner_group__name"],
                count=row["count"],
                oldest=row["oldest"],
                url=reverse("governance:group-work", args=[row["owner_group__slug"]]),
            )
            for row in actions
        ],
        answers_by_recipient=[
            ChaseLine(
                name=row["agency__name"] or row["group__name"],
                count=row["count"],
                oldest=row["oldest"],
                url="",
            )
            for row in owed
        ],
    )
