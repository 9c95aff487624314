"""Who may do what with people and groups (the role predicates are in core.roles)."""

from typing import Any

import rules
from django.db.models import QuerySet

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.roles import (
    all_or_none,
    is_business_unit,
    is_staff_member,
    reads_everything,
)


@rules.predicate
def is_self(user: Any, person: Any) -> bool:
    return is_staff_member(user) and person is not None and user.pk == person.pk


def people_visible_to(user: Any) -> QuerySet[User]:
    """Every person `accounts.view_person` lets this person open: everyone, for those who
    read everything; otherwise only themselves."""
    if reads_everything(user):
        return User.objects.all()
    return User.objects.filter(pk=user.pk) if is_staff_member(user) else User.objects.none()


def groups_visible_to(user: Any) -> QuerySet[PartnershipGroup]:
    """Every group `accounts.view_groups` lets this person open: all, for staff."""
    return all_or_none(is_staff_member(user), PartnershipGroup.objects.all())


rules.add_perm("accounts.view_people", reads_everything)
rules.add_perm("accounts.view_person", reads_everything | is_self)
rules.add_perm("accounts.manage_people", is_business_unit)
rules.add_perm("accounts.view_groups", is_staff_member)
rules.add_perm("accounts.manage_groups", is_business_unit)
rules.add_perm("accounts.change_own_account", is_staff_member)
