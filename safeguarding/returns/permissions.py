"""Who may see the returns calendar, send a return, and read what was sent.

Analysts read every accepted return; agency leads send and read their own agency's.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from safeguarding.accounts.models import Role
from safeguarding.accounts.permissions import is_business_unit, is_staff_member, reads_everything
from safeguarding.returns.models import ReturnObligation, Submission


@rules.predicate
def is_analyst(user: Any) -> bool:
    return bool(is_staff_member(user) and user.role == Role.ANALYST)


@rules.predicate
def leads_for_agency_of(user: Any, obligation: Any) -> bool:
    """An agency lead of the agency that owes the return."""
    return bool(
        obligation is not None
        and is_staff_member(user)
        and user.role == Role.AGENCY_LEAD
        and user.agency_id == obligation.agency_id
    )


def obligations_visible_to(user: Any) -> QuerySet[ReturnObligation]:
    """Every return owed that `returns.view_return` lets this person open."""
    owed = ReturnObligation.objects.all()
    if reads_everything(user) or is_analyst(user):
        return owed
    if is_staff_member(user) and user.role == Role.AGENCY_LEAD and user.agency_id:
        return owed.filter(agency=user.agency_id)
    return owed.none()


def obligations_sendable_by(user: Any) -> QuerySet[ReturnObligation]:
    """Every return owed that `returns.send_return` lets this person send: their
    agency's, for an agency lead."""
    owed = ReturnObligation.objects.all()
    if is_staff_member(user) and user.role == Role.AGENCY_LEAD and user.agency_id:
        return owed.filter(agency=user.agency_id)
    return owed.none()


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    """Every upload, and so every narrative, this person may read: those of the returns
    they may open."""
    return Submission.objects.filter(obligation__in=obligations_visible_to(user))


rules.add_perm("returns.view_calendar", is_staff_member)
rules.add_perm("returns.view_return", reads_everything | is_analyst | leads_for_agency_of)
rules.add_perm("returns.send_return", leads_for_agency_of)
rules.add_perm("returns.manage_api_keys", is_business_unit)
# Who keeps the partnership's returns coming in: late returns by agency on their home.
rules.add_perm("returns.chase_returns", is_business_unit)
