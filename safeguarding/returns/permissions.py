"""Who may see the returns calendar, send a return, and read what was sent.

Analysts read every accepted return; agency leads send and read their own agency's.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from safeguarding.core.roles import (
    all_or_none,
    is_agency_lead_of,
    is_analyst,
    is_business_unit,
    is_staff_member,
    led_agency_id,
    reads_everything,
)
from safeguarding.returns.models import ApiToken, Indicator, ReturnObligation, Submission


@rules.predicate
def leads_for_agency_of(user: Any, obligation: Any) -> bool:
    """An agency lead of the agency that owes the return."""
    return obligation is not None and is_agency_lead_of(user, obligation.agency_id)


def obligations_visible_to(user: Any) -> QuerySet[ReturnObligation]:
    """Every return owed that `returns.view_return` lets this person open."""
    owed = ReturnObligation.objects.all()
    if reads_everything(user) or is_analyst(user):
        return owed
    if agency_id := led_agency_id(user):
        return owed.filter(agency=agency_id)
    return owed.none()


def obligations_sendable_by(user: Any) -> QuerySet[ReturnObligation]:
    """Every return owed that `returns.send_return` lets this person send: their
    agency's, for an agency lead."""
    owed = ReturnObligation.objects.all()
    if agency_id := led_agency_id(user):
        return owed.filter(agency=agency_id)
    return owed.none()


def calendar_scope(user: Any) -> str:
    """Which returns the calendar can list for this person, as `obligations_visible_to`
    decides: "all" of them, their "agency"'s, or "none" (the page then says who reads
    returns instead)."""
    if reads_everything(user) or is_analyst(user):
        return "all"
    return "agency" if led_agency_id(user) else "none"


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    """Every upload, and so every narrative, this person may read: those of the returns
    they may open."""
    return Submission.objects.filter(obligation__in=obligations_visible_to(user))


def indicators_visible_to(user: Any) -> QuerySet[Indicator]:
    """Every indicator of the catalogue `returns.view_calendar` lets this person read."""
    return all_or_none(is_staff_member(user), Indicator.objects.all())


def api_keys_visible_to(user: Any) -> QuerySet[ApiToken]:
    """Every API key `returns.manage_api_keys` lets this person see: all, for the
    business unit."""
    return all_or_none(is_business_unit(user), ApiToken.objects.all())


rules.add_perm("returns.view_calendar", is_staff_member)
rules.add_perm("returns.view_return", reads_everything | is_analyst | leads_for_agency_of)
rules.add_perm("returns.send_return", leads_for_agency_of)
rules.add_perm("returns.manage_api_keys", is_business_unit)
# Who keeps the partnership's returns coming in: late returns by agency on their home.
rules.add_perm("returns.chase_returns", is_business_unit)
