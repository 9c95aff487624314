"""Reads for people and group pages, and who answers for an agency or a group."""

import math
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguarding.accounts.models import AuthenticatorApp, GroupMembership, PartnershipGroup, User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role


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


def people_with_agency() -> QuerySet[User]:
    """Everyone with an account, with their agency (a person's page reads one)."""
    return User.objects.select_related("agency")


def person_get(*, pk: int) -> User:
    """One person; 404 if there is none."""
    return get_object_or_404(User, pk=pk)


def memberships_of(*, user: User) -> QuerySet[GroupMembership]:
    """A person's group memberships with their groups, for their account and record."""
    return user.memberships.select_related("group")


def group_get(*, slug: str) -> PartnershipGroup:
    """One partnership group by its slug; 404 if there is none."""
    return get_object_or_404(PartnershipGroup, slug=slug)


def membership_get(*, group_slug: str, pk: int) -> GroupMembership:
    """One membership of the group with this slug; 404 if it is not that group's."""
    return get_object_or_404(
        GroupMembership.objects.select_related("user"), group__slug=group_slug, pk=pk
    )


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


def agency_leads(agency: Agency | None) -> QuerySet[User]:
    """The people who answer for an agency."""
    if agency is None:
        return User.objects.none()
    return User.objects.filter(agency=agency, role=Role.AGENCY_LEAD, is_active=True)


def chairs(group: PartnershipGroup | None) -> QuerySet[User]:
    """The people who chair a group."""
    if group is None:
        return User.objects.none()
    return User.objects.filter(memberships__group=group, memberships__is_chair=True, is_active=True)


def agencies_without_leads(agencies: Iterable[Agency]) -> list[Agency]:
    """Of these agencies, those with no active agency lead: nobody could answer them."""
    agencies = list(agencies)
    answered = set(
        User.objects.filter(agency__in=agencies, role=Role.AGENCY_LEAD, is_active=True).values_list(
            "agency_id", flat=True
        )
    )
    return [agency for agency in agencies if agency.pk not in answered]


def groups_without_chairs(groups: Iterable[PartnershipGroup]) -> list[PartnershipGroup]:
    """Of these groups, those with no active chair: nobody could answer for them."""
    groups = list(groups)
    chaired = set(
        User.objects.filter(
            memberships__group__in=groups, memberships__is_chair=True, is_active=True
        ).values_list("memberships__group_id", flat=True)
    )
    return [group for group in groups if group.pk not in chaired]
