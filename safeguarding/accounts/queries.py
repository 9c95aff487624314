"""Reads for people and group pages."""

import math

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from safeguarding.accounts.models import AuthenticatorApp, GroupMembership, PartnershipGroup, User


def two_factor_wait_seconds(*, user: User, confirmed: bool = True) -> int:
    """How long the person must wait before another security code is checked: each
    wrong code doubles the wait (1, 2, 4… seconds), and a code given sooner is not
    looked at, right or wrong. 0 when a code may be given now."""
    waits = [0]
    for app in AuthenticatorApp.objects.filter(user=user, confirmed=confirmed):
        allowed, details = app.verify_is_allowed()
        if not allowed and details and "locked_until" in details:
            left = (details["locked_until"] - timezone.now()).total_seconds()
            waits.append(max(1, math.ceil(left)))
    return max(waits)


def people_list(*, text: str = "") -> QuerySet[User]:
    """Everyone with an account, matching `text` in their name, email or agency."""
    people = User.objects.select_related("agency").order_by("full_name")
    if text:
        people = people.filter(
            Q(full_name__icontains=text)
            | Q(email__icontains=text)
            | Q(agency__name__icontains=text)
        )
    return people


def groups_list() -> QuerySet[PartnershipGroup]:
    """Every partnership group with its member count and its chairs."""
    return PartnershipGroup.objects.annotate(member_count=Count("memberships")).prefetch_related(
        "memberships__user"
    )


def group_members(*, group: PartnershipGroup) -> QuerySet[GroupMembership]:
    """A group's members, chairs first, with their agencies."""
    return group.memberships.select_related("user", "user__agency").order_by(
        "-is_chair", "user__full_name"
    )
