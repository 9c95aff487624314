"""Reads for the returns calendar and a return's page."""

from datetime import date
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.returns.models import ReturnObligation, Submission
from safeguarding.returns.permissions import obligations_sendable_by, obligations_visible_to


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
