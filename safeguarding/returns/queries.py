"""Reads for the returns calendar and a return's page."""

from django.db.models import QuerySet

from safeguarding.accounts.models import Role, User
from safeguarding.returns.models import ReturnObligation, Submission


def obligations_for(*, user: User) -> QuerySet[ReturnObligation]:
    """Returns owed that this person may see: their agency's, or all for those who read all."""
    owed = ReturnObligation.objects.select_related("agency", "template").order_by(
        "due_on", "agency__name", "template__title"
    )
    if user.role in (Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.ANALYST):
        return owed
    return owed.filter(agency=user.agency_id) if user.agency_id else owed.none()


def submissions_of(*, obligation: ReturnObligation) -> QuerySet[Submission]:
    """Every upload for an obligation, newest first, with who sent it."""
    return obligation.submissions.select_related("submitted_by", "superseded_by")
