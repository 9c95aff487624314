"""Who may see and change the partnership's plan, learning, actions and assurance.

The plan, the learning and the actions are the partnership's shared business: every
member of staff reads them. A request for assurance is seen by the groups and agencies
involved (and those who read everything). Each answer is narrower still: it belongs to the
agency or group that gave it, so another agency asked the same question sees it only when
the asking group has shared it. Each rule for one record sits beside the queryset of the
records a person may see, and the two are tested to agree.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from safeguarding.accounts.models import GroupMembership
from safeguarding.core.roles import (
    M,
    all_or_none,
    is_agency_lead_of,
    is_business_unit,
    is_staff_member,
    led_agency_id,
    reads_everything,
)
from safeguarding.governance.models import (
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
)


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


def requests_visible_to(user: Any) -> QuerySet[Any]:
    """Every request `governance.view_request` lets this person open: all of them for
    those who read everything; otherwise those their groups asked, and those asked of a
    group they chair or of the agency they lead for."""
    requests = AssuranceRequest.objects.all()
    if not is_staff_member(user):
        return requests.none()
    if reads_everything(user):
        return requests
    mine = Q(asked_by__in=_groups_of(user)) | Q(recipients__group__in=_groups_of(user, chair=True))
    if agency_id := led_agency_id(user):
        mine |= Q(recipients__agency=agency_id)
    return requests.filter(pk__in=AssuranceRequest.objects.filter(mine).values("pk"))


@rules.predicate
def answers_for(user: Any, recipient: Any) -> bool:
    """An agency lead of the agency asked, or a chair of the group asked."""
    if recipient is None or not is_staff_member(user):
        return False
    if recipient.agency_id:
        return is_agency_lead_of(user, recipient.agency_id)
    return _member_of(user, recipient.group, chair=True)


def _groups_of(user: Any, *, chair: bool = False) -> QuerySet[Any]:
    memberships = GroupMembership.objects.filter(user=user)
    return (memberships.filter(is_chair=True) if chair else memberships).values("group")


@rules.predicate
def may_see_response(user: Any, response: Any) -> bool:
    """An answer is seen by whoever answers for its recipient, the asking group, those
    who read everything, and the other recipients only once the asking group shares it."""
    if response is None or not is_staff_member(user):
        return False
    recipient = response.recipient
    if answers_for(user, recipient) or _member_of(user, recipient.request.asked_by):
        return True
    if recipient.group_id and _member_of(user, recipient.group):
        return True
    return bool(
        response.shared_with_recipients
        and any(answers_for(user, other) for other in recipient.request.recipients.all())
    )


def responses_visible_to(user: Any) -> QuerySet[Any]:
    """Every answer `may_see_response` lets this person read."""
    answers = AssuranceResponse.objects.all()
    if not is_staff_member(user):
        return answers.none()
    if reads_everything(user):
        return answers
    chaired, groups = _groups_of(user, chair=True), _groups_of(user)
    answering = Q(group__in=chaired)
    if agency_id := led_agency_id(user):
        answering |= Q(agency=agency_id)
    answered_for = AssuranceRecipient.objects.filter(answering).values("request")
    return answers.filter(
        Q(recipient__in=AssuranceRecipient.objects.filter(answering))
        | Q(recipient__group__in=groups)
        | Q(recipient__request__asked_by__in=groups)
        | Q(shared_with_recipients=True, recipient__request__in=answered_for)
    )


@rules.predicate
def works_on_action(user: Any, action: Any) -> bool:
    """A member of the owning group, or a lead of the agency leading the action."""
    if action is None or not is_staff_member(user):
        return False
    if _member_of(user, action.owner_group):
        return True
    return is_agency_lead_of(user, action.lead_agency_id)


def evidence_visible_to(user: Any) -> QuerySet[EvidenceFile]:
    """Every evidence file this person may download: those of the answers they may read."""
    return EvidenceFile.objects.filter(response__in=responses_visible_to(user))


def plan_visible_to(user: Any, model: type[M]) -> QuerySet[M]:
    """Every year, priority, piece of planned work, learning point or action
    `governance.view_plan` lets this person open: the plan is the partnership's shared
    business, so all of them, for staff."""
    return all_or_none(is_staff_member(user), model._default_manager.all())


rules.add_perm("governance.view_plan", is_staff_member)
rules.add_perm("governance.manage_plan", is_business_unit)
rules.add_perm("governance.view_requests", is_staff_member)
rules.add_perm("governance.view_request", reads_everything | involved_in_request)
# Every request, whoever asked and whoever was asked (what `requests_visible_to` gives).
rules.add_perm("governance.view_all_requests", reads_everything)
rules.add_perm("governance.ask_assurance", is_business_unit | chairs_group)
rules.add_perm("governance.answer_request", answers_for)
rules.add_perm("governance.view_response", reads_everything | may_see_response)
rules.add_perm("governance.judge_request", is_business_unit | chairs_asking_group)
rules.add_perm("governance.share_responses", is_business_unit | chairs_asking_group)


@rules.predicate
def chairs_owning_group(user: Any, action: Any) -> bool:
    return action is not None and _member_of(user, action.owner_group, chair=True)


# Everyone who works on an action records its progress; only the owning group's chairs
# and the business unit change what it is, who owns it, who leads it and when it is due,
# so an overdue action cannot be moved out of its owners' hands by those reporting on it.
rules.add_perm("governance.update_action", is_business_unit | works_on_action)
rules.add_perm("governance.reassign_action", is_business_unit | chairs_owning_group)
