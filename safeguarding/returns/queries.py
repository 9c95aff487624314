"""Reads for the returns calendar and a return's page."""

from django.db.models import QuerySet

from safeguarding.accounts.models import User
from safeguarding.returns.models import ReturnObligation, Submission
from safeguarding.returns.permissions import obligations_visible_to


def obligations_for(*, user: User) -> QuerySet[ReturnObligation]:
    """Returns owed that this person may open (`obligations_visible_to`), soonest first:
    the calendar lists nothing its links would refuse."""
    return (
        obligations_visible_to(user)
        .select_related("agency", "template")
        .order_by("due_on", "agency__name", "template__title")
    )


def submissions_of(*, obligation: ReturnObligation) -> QuerySet[Submission]:
    """Every upload for an obligation, newest first, with who sent it."""
    return obligation.submissions.select_related("submitted_by", "superseded_by")
