"""Reads for people and group pages."""

from django.db.models import Count, Q, QuerySet

from safeguarding.accounts.models import GroupMembership, PartnershipGroup, User


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
