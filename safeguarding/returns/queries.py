"""Reads for the returns calendar and a return's page."""

from datetime import date
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.returns.models import ApiToken, Indicator, ReturnObligation, Submission
from safeguarding.returns.permissions import (
    api_keys_visible_to,
    obligations_sendable_by,
    obligations_visible_to,
    submissions_visible_to,
)


def obligations_for(
    *,
    user: User,
    status: str = "",
    agency_id: int | None = None,
    period_end: date | None = None,
    today: date | None = None,
) -> QuerySet[ReturnObligation]:
    """Returns owed that this person may open (`obligations_visible_to`), soonest first,
    narrowed by where they stand ("late" is past its date and not accepted), agency and
    period: the calendar lists nothing its links would refuse."""
    owed = obligations_visible_to(user).select_related("agency", "template")
    today = today or timezone.localdate()
    if status == "late":
        owed = owed.filter(due_on__lt=today).exclude(status=ReturnObligation.Status.ACCEPTED)
    elif status:
        owed = owed.filter(status=status)
    if agency_id is not None:
        owed = owed.filter(agency=agency_id)
    if period_end is not None:
        owed = owed.filter(period_end=period_end)
    return owed.order_by("due_on", "agency__name", "template__title")


def calendar_choices(*, user: User) -> tuple[list[tuple[int, str]], list[date]]:
    """The agencies and period ends of the returns this person may open, for the
    calendar's filters."""
    visible = obligations_visible_to(user)
    agencies = list(
        visible.values_list("agency_id", "agency__name").distinct().order_by("agency__name")
    )
    periods = list(visible.values_list("period_end", flat=True).distinct().order_by("-period_end"))
    return agencies, periods


def submissions_of(*, obligation: ReturnObligation) -> QuerySet[Submission]:
    """Every upload for an obligation, newest first, with who sent it."""
    return obligation.submissions.select_related("submitted_by", "superseded_by")


def returns_to_send(*, user: User) -> QuerySet[ReturnObligation]:
    """Returns this person sends for their agency (`obligations_sendable_by`) that are
    not yet accepted, soonest due first."""
    return (
        obligations_sendable_by(user)
        .exclude(status=ReturnObligation.Status.ACCEPTED)
        .select_related("agency", "template")
        .order_by("due_on", "template__title")
    )


def late_returns_by_agency(*, today: date) -> list[dict[str, Any]]:
    """Returns past their date and not accepted, counted by agency, most late first."""
    late = (
        ReturnObligation.objects.filter(due_on__lt=today)
        .exclude(status=ReturnObligation.Status.ACCEPTED)
        .values("agency_id", "agency__name")
        .annotate(count=Count("pk"), oldest=Min("due_on"))
        .order_by("-count", "oldest", "agency__name")
    )
    return [dict(row) for row in late]


def accepted_submissions(*, kind: str = "", viewer: Any = None) -> QuerySet[Submission]:
    """The accepted upload of every return (of one kind, aggregate or child-level, if
    given), with its return and agency: what the apps that read returns may build on.

    With a `viewer`, only those of returns they may open (`submissions_visible_to`)."""
    accepted = (
        submissions_visible_to(viewer) if viewer is not None else Submission.objects.all()
    ).filter(status=Submission.Status.ACCEPTED)
    if kind:
        accepted = accepted.filter(obligation__template__kind=kind)
    return accepted.select_related("obligation__agency", "obligation__template")


def obligation_get(*, pk: int) -> ReturnObligation:
    """One return owed, with its agency and template; 404 if there is none."""
    return get_object_or_404(ReturnObligation.objects.select_related("agency", "template"), pk=pk)


def obligation_find(*, pk: int) -> ReturnObligation | None:
    """One return owed, or None: for the API, which answers the same for a return that
    does not exist and one that is not the caller's."""
    return ReturnObligation.objects.select_related("agency", "template").filter(pk=pk).first()


def obligations_sendable(*, person: User) -> QuerySet[ReturnObligation]:
    """The returns this person may send (`obligations_sendable_by`), soonest due first."""
    return obligations_sendable_by(person).select_related("template").order_by("due_on", "pk")


def submission_get(*, pk: int) -> Submission:
    """One upload, with its return, agency and template; 404 if there is none."""
    return get_object_or_404(
        Submission.objects.select_related("obligation__agency", "obligation__template"), pk=pk
    )


def api_tokens_list(*, user: User) -> QuerySet[ApiToken]:
    """Every API key this person may see (`api_keys_visible_to`), with its person and
    their agency, newest first."""
    return api_keys_visible_to(user).select_related("person", "person__agency")


def api_token_get(*, pk: int) -> ApiToken:
    """One API key; 404 if there is none."""
    return get_object_or_404(ApiToken, pk=pk)


def indicator_catalogue() -> QuerySet[Indicator]:
    """Every indicator with its versions and the templates that ask for it."""
    return Indicator.objects.prefetch_related("versions", "templates")
