"""Who may do what with people and groups. Role predicates here are shared by every app."""

from typing import Any

import rules

from safeguarding.accounts.models import Role


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    """Anyone signed in with a role: every page behind the sign-in."""
    return _role(user) is not None


@rules.predicate
def is_business_unit(user: Any) -> bool:
    return _role(user) == Role.BUSINESS_UNIT


@rules.predicate
def is_scrutineer(user: Any) -> bool:
    return _role(user) == Role.SCRUTINEER


@rules.predicate
def is_self(user: Any, person: Any) -> bool:
    return _role(user) is not None and person is not None and user.pk == person.pk


# The scrutineer reads everything and changes nothing, so it appears in view rules only.
reads_everything = is_business_unit | is_scrutineer

rules.add_perm("accounts.view_people", reads_everything)
rules.add_perm("accounts.view_person", reads_everything | is_self)
rules.add_perm("accounts.manage_people", is_business_unit)
rules.add_perm("accounts.view_groups", is_staff_member)
rules.add_perm("accounts.manage_groups", is_business_unit)
rules.add_perm("accounts.change_own_account", is_staff_member)
