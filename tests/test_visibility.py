"""For every record type with a "visible to this user" queryset, and for every role, what a
list shows is exactly what the record's own rule allows: neither more nor less.

Each row names the permission, the model and the queryset beside it in the app's
permissions.py. The records are the shared fixtures' records plus one of each kind that
belongs to another agency, so that a rule and a list that both show everything still fail.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db.models import Model, QuerySet

from safeguarding.accounts.models import Role, User
from safeguarding.core.models import Agency
from safeguarding.demo import factories
from safeguarding.governance.models import AssuranceRequest, AssuranceResponse
from safeguarding.governance.permissions import requests_visible_to, responses_visible_to
from safeguarding.returns.models import ReturnObligation, Submission
from safeguarding.returns.permissions import (
    obligations_sendable_by,
    obligations_visible_to,
    submissions_visible_to,
)
from tests.conftest import ROLES
from tests.governance.records import GovernanceRecords
from tests.returns.records import ReturnsRecords

pytestmark = pytest.mark.django_db

# (permission, model, visible-to queryset, what the permission is checked against)
VISIBILITY: list[tuple[str, type[Model], Callable[[Any], QuerySet[Any]], Callable[[Any], Any]]] = [
    ("returns.view_return", ReturnObligation, obligations_visible_to, lambda o: o),
    ("returns.view_return", Submission, submissions_visible_to, lambda s: s.obligation),
    ("returns.send_return", ReturnObligation, obligations_sendable_by, lambda o: o),
    ("governance.view_response", AssuranceResponse, responses_visible_to, lambda r: r),
    ("governance.view_request", AssuranceRequest, requests_visible_to, lambda r: r),
]


@pytest.fixture
def everyone(
    people: dict[str, User],
    agencies: dict[str, Agency],
    governance_records: GovernanceRecords,
    returns_records: ReturnsRecords,
) -> list[User]:
    """Every role, plus the police's agency lead, with a police return owed beside the
    council's."""
    template = returns_records.obligation.template
    ReturnObligation.objects.create(
        agency=agencies["police"],
        template=template,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        due_on=date(2026, 7, 31),
    )
    police_lead = factories.person(
        "lead@police.example", Role.AGENCY_LEAD, agency=agencies["police"]
    )
    return [*(people[role] for role in ROLES), police_lead]


@pytest.mark.parametrize(("permission", "model", "visible_to", "checked_on"), VISIBILITY)
def test_every_list_equals_the_rule_for_every_role(
    permission: str,
    model: type[Model],
    visible_to: Callable[[Any], QuerySet[Any]],
    checked_on: Callable[[Any], Any],
    everyone: list[User],
) -> None:
    records = list(model._default_manager.all())
    assert records, f"no {model.__name__} to check"
    for person in everyone:
        allowed = {r.pk for r in records if person.has_perm(permission, checked_on(r))}
        listed = set(visible_to(person).values_list("pk", flat=True))
        assert listed == allowed, f"{model.__name__} for {person.role} {person.email}"
