"""Reads that span the plan and the assurance cycle: the current year and what is overdue."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, Min, OuterRef
from django.urls import reverse
from django.utils import timezone

from safeguarding.governance.models import (
    OPEN_STATUSES,
    Action,
    AssuranceRecipient,
    AssuranceResponse,
    PartnershipYear,
)


def year_current() -> PartnershipYear | None:
    """The year marked current, or else the latest."""
    return (
        PartnershipYear.objects.filter(is_current=True).first()
        or PartnershipYear.objects.order_by("-starts_on").first()
    )


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
