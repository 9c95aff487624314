"""Reads for the assurance cycle: requests, who must answer or judge them, and whose
answers a person may read."""

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguarding.accounts.models import GroupMembership, PartnershipGroup, User
from safeguarding.core.models import Agency
from safeguarding.core.roles import led_agency_id
from safeguarding.governance.models import (
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
    LearningPoint,
    Priority,
)
from safeguarding.governance.permissions import requests_visible_to, responses_visible_to


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


def agencies_to_ask() -> QuerySet[Agency]:
    """Agencies that can be asked for assurance."""
    return Agency.objects.filter(is_active=True).order_by("name")


def groups_to_ask(*, asking: PartnershipGroup) -> QuerySet[PartnershipGroup]:
    """The groups a group can ask for assurance: every other group."""
    return PartnershipGroup.objects.exclude(pk=asking.pk).order_by("name")


def learning_points_to_follow_up(*, group: PartnershipGroup) -> QuerySet[LearningPoint]:
    """The open learning points a group owns, which its requests can follow up."""
    return LearningPoint.objects.filter(owning_group=group, is_closed=False)


def request_get(*, pk: int) -> AssuranceRequest:
    """One request with its recipients; 404 if there is none."""
    return get_object_or_404(requests_with_recipients(), pk=pk)


def request_with_evidence_get(*, pk: int) -> AssuranceRequest:
    """One request with every answer and its evidence files; 404 if there is none."""
    return get_object_or_404(
        requests_with_recipients().prefetch_related("recipients__response__files"), pk=pk
    )


def recipient_get(*, request_pk: int, pk: int) -> AssuranceRecipient:
    """One recipient of the request with this id; 404 if it is not that request's."""
    return get_object_or_404(
        AssuranceRecipient.objects.select_related("request__asked_by", "agency", "group"),
        pk=pk,
        request__pk=request_pk,
    )


def answer_get(*, pk: int) -> AssuranceResponse:
    """One answer with its request and asking group; 404 if there is none."""
    return get_object_or_404(
        AssuranceResponse.objects.select_related("recipient__request__asked_by"), pk=pk
    )


def evidence_get(*, pk: int) -> EvidenceFile:
    """One evidence file with the answer and request it came with; 404 if there is none."""
    return get_object_or_404(
        EvidenceFile.objects.select_related("response__recipient__request__asked_by"), pk=pk
    )


def requests_following(*, user: User, learning_point: LearningPoint) -> QuerySet[AssuranceRequest]:
    """The requests that follow up a learning point, of those this person may open."""
    return requests_for(user=user).filter(learning_point=learning_point)


def requests_serving(*, user: User, priority: Priority) -> QuerySet[AssuranceRequest]:
    """The requests that serve a priority, of those this person may open."""
    return requests_for(user=user).filter(priority=priority)
