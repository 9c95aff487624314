"""Who may see the returns calendar, send a return, and read what was sent.

Analysts read every accepted return; agency leads send and read their own agency's.
"""

from typing import Any

import rules

from safeguarding.accounts.models import Role
from safeguarding.accounts.permissions import is_business_unit, is_staff_member, reads_everything


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


rules.add_perm("returns.view_calendar", is_staff_member)
rules.add_perm("returns.view_return", reads_everything | is_analyst | leads_for_agency_of)
rules.add_perm("returns.send_return", leads_for_agency_of)
rules.add_perm("returns.manage_api_keys", is_business_unit)
