"""Who may see and change the partnership's plan, learning, actions and assurance.

The plan, the learning and the actions are the partnership's shared business: every
member of staff reads them. Assurance requests carry agencies' own narrative and evidence,
so only the groups and agencies involved (and those who read everything) see them.
"""

from typing import Any

import rules

from safeguarding.accounts.models import Role
from safeguarding.accounts.permissions import is_business_unit, is_staff_member, reads_everything


def _member_of(user: Any, group: Any, *, chair: bool = False) -> bool:
    if group is None or not is_staff_member(user):
        return False
    memberships = group.memberships.filter(user=user)
    return bool((memberships.filter(is_chair=True) if chair else memberships).exists())


@rules.predicate
def chairs_group(user: Any, group: Any) -> bool:
    return _member_of(user, group, chair=True)


@rules.predicate
def chairs_asking_group(user: Any, request: Any) -> bool:
    return request is not None and _member_of(user, request.asked_by, chair=True)


@rules.predicate
def involved_in_request(user: Any, request: Any) -> bool:
    """A member of the asking group, or someone who answers for a recipient of it."""
    if request is None or not is_staff_member(user):
        return False
    if _member_of(user, request.asked_by):
        return True
    return any(answers_for(user, recipient) for recipient in request.recipients.all())


@rules.predicate
def answers_for(user: Any, recipient: Any) -> bool:
    """An agency lead of the agency asked, or a chair of the group asked."""
    if recipient is None or not is_staff_member(user):
        return False
    if recipient.agency_id:
        return bool(user.role == Role.AGENCY_LEAD and user.agency_id == recipient.agency_id)
    return _member_of(user, recipient.group, chair=True)


@rules.predicate
def works_on_action(user: Any, action: Any) -> bool:
    """A member of the owning group, or a lead of the agency leading the action."""
    if action is None or not is_staff_member(user):
        return False
    if _member_of(user, action.owner_group):
        return True
    return bool(
        action.lead_agency_id
        and user.role == Role.AGENCY_LEAD
        and user.agency_id == action.lead_agency_id
    )


rules.add_perm("governance.view_plan", is_staff_member)
rules.add_perm("governance.manage_plan", is_business_unit)
rules.add_perm("governance.view_requests", is_staff_member)
rules.add_perm("governance.view_request", reads_everything | involved_in_request)
rules.add_perm("governance.ask_assurance", is_business_unit | chairs_group)
rules.add_perm("governance.answer_request", answers_for)
rules.add_perm("governance.judge_request", is_business_unit | chairs_asking_group)
rules.add_perm("governance.update_action", is_business_unit | works_on_action)
