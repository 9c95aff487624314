"""For every record type with a "visible to this user" queryset, and for every role, what a
list shows is exactly what the record's own rule allows: neither more nor less.

Each row names the permission, the model and the queryset beside it in the app's
permissions.py. The records are the shared fixtures' records plus one of each kind that
belongs to another agency, so that a rule and a list that both show everything still fail.
"""

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import pytest
from django.db.models import Model, QuerySet

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.accounts.permissions import groups_visible_to, people_visible_to
from safeguarding.assist.models import DocumentImport
from safeguarding.assist.permissions import document_imports_visible_to
from safeguarding.core.audit_verbs import RECORD_VIEWED
from safeguarding.core.models import Agency, AuditEntry, CodeList
from safeguarding.core.permissions import (
    agencies_visible_to,
    audit_entries_visible_to,
    code_lists_visible_to,
)
from safeguarding.core.roles import Role
from safeguarding.core.services import log_action
from safeguarding.demo import factories
from safeguarding.governance.models import (
    Action,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
)
from safeguarding.governance.permissions import (
    evidence_visible_to,
    plan_visible_to,
    requests_visible_to,
    responses_visible_to,
)
from safeguarding.insight.models import PopulationTable, PublishedFigureSet
from safeguarding.insight.permissions import reference_files_visible_to
from safeguarding.returns.models import ApiToken, Indicator, ReturnObligation, Submission
from safeguarding.returns.permissions import (
    api_keys_visible_to,
    indicators_visible_to,
    obligations_sendable_by,
    obligations_visible_to,
    submissions_visible_to,
)
from safeguarding.returns.services import api_token_issue
from tests.assist.records import AssistRecords
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
    ("governance.view_response", EvidenceFile, evidence_visible_to, lambda e: e.response),
    *(
        ("governance.view_plan", model, partial(plan_visible_to, model=model), lambda r: r)
        for model in (PartnershipYear, Priority, PlannedWork, LearningPoint, Action)
    ),
    ("core.view_agencies", Agency, agencies_visible_to, lambda a: a),
    ("core.view_code_lists", CodeList, code_lists_visible_to, lambda c: c),
    ("core.view_audit_trail", AuditEntry, audit_entries_visible_to, lambda e: e),
    ("accounts.view_person", User, people_visible_to, lambda p: p),
    ("accounts.view_groups", PartnershipGroup, groups_visible_to, lambda g: g),
    ("returns.view_calendar", Indicator, indicators_visible_to, lambda i: i),
    ("returns.manage_api_keys", ApiToken, api_keys_visible_to, lambda k: k),
    *(
        (
            "insight.load_reference_data",
            model,
            partial(reference_files_visible_to, model=model),
            lambda f: f,
        )
        for model in (PopulationTable, PublishedFigureSet)
    ),
    ("assist.import_document", DocumentImport, document_imports_visible_to, lambda d: d),
]


@pytest.fixture
def everyone(
    people: dict[str, User],
    agencies: dict[str, Agency],
    governance_records: GovernanceRecords,
    returns_records: ReturnsRecords,
    assist_records: AssistRecords,
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
    business_unit = people[Role.BUSINESS_UNIT]
    log_action(actor=business_unit, action=RECORD_VIEWED, target=police_lead)
    api_token_issue(actor=business_unit, person=police_lead, name="Police records system")
    loaded = {"source": "Tests", "original_name": "file.csv", "loaded_by": business_unit}
    PopulationTable.objects.create(title="Children in Testford", year=2025, **loaded)
    PublishedFigureSet.objects.create(title="England and neighbours", **loaded)
    Indicator.objects.create(code="referrals", title="Referrals")
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
