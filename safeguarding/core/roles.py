"""The partnership's roles and the predicates every app's rules are built from.

They sit in core, below every app, so that a rule in returns, insight or a later app
asks "is this person an analyst?" or "do they lead for this agency?" the same way.
A predicate reads only the person's own fields (role, agency, active), never another
app's tables, so nothing here imports upward.
"""

from typing import Any, TypeVar

import rules
from django.db import models
from django.db.models import QuerySet

M = TypeVar("M", bound=models.Model)


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit administrator"
    GROUP_CHAIR = "group_chair", "Group chair"
    GROUP_MEMBER = "group_member", "Group member"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    PRACTITIONER = "practitioner", "Practitioner"
    ANALYST = "analyst", "Analyst"
    INTELLIGENCE_OFFICER = "intelligence_officer", "Intelligence officer"
    SCRUTINEER = "scrutineer", "Independent scrutineer"


# These roles read everything, download child-level data or handle intelligence, so a
# password alone is not enough. The partnership may require it of everyone else too.
TWO_FACTOR_ROLES = frozenset(
    {Role.BUSINESS_UNIT, Role.INTELLIGENCE_OFFICER, Role.ANALYST, Role.SCRUTINEER}
)


def role_of(user: Any) -> str | None:
    """The role of a signed-in, active person; None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    """Anyone signed in with a role: every page behind the sign-in."""
    return role_of(user) is not None


@rules.predicate
def is_business_unit(user: Any) -> bool:
    return role_of(user) == Role.BUSINESS_UNIT


@rules.predicate
def is_scrutineer(user: Any) -> bool:
    return role_of(user) == Role.SCRUTINEER


@rules.predicate
def is_analyst(user: Any) -> bool:
    return role_of(user) == Role.ANALYST


@rules.predicate
def is_agency_lead(user: Any) -> bool:
    """An agency lead who has an agency to lead for."""
    return role_of(user) == Role.AGENCY_LEAD and bool(user.agency_id)


def is_agency_lead_of(user: Any, agency: Any) -> bool:
    """An agency lead of this agency (an Agency, or its id)."""
    agency_id = getattr(agency, "pk", agency)
    return agency_id is not None and is_agency_lead(user) and user.agency_id == agency_id


def led_agency_id(user: Any) -> int | None:
    """The agency this person leads for, if they are an active agency lead."""
    return int(user.agency_id) if is_agency_lead(user) else None


# The scrutineer reads everything and changes nothing, so it appears in view rules only.
reads_everything = is_business_unit | is_scrutineer


def all_or_none(allowed: bool, records: "QuerySet[M]") -> "QuerySet[M]":
    """The records of a rule that lets a person see every record of a kind or none (every
    member of staff reads the plan): the visible-to queryset beside such a rule."""
    return records if allowed else records.none()
