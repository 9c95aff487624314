"""Each agency's answer to a request for assurance, and its evidence files, are seen by that
agency, the asking group and those who read everything: never by another agency asked the
same question, unless the asking group shares the answer deliberately."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from safeguarding.governance.models import AssuranceResponse
from safeguarding.governance.permissions import responses_visible_to
from tests.conftest import ROLES, sign_in
from tests.governance.records import GovernanceRecords
from tests.pages import text

pytestmark = pytest.mark.django_db

POLICE_ANSWER = "Our figures are attached."


def request_page(client: Client, records: GovernanceRecords) -> str:
    response = client.get(reverse("governance:request-detail", args=[records.request.pk]))
    assert response.status_code == 200
    return text(response)


def evidence(client: Client, records: GovernanceRecords) -> int:
    url = reverse("governance:evidence-download", args=[records.evidence.pk])
    return client.get(url).status_code


def share(client: Client, records: GovernanceRecords, *, shared: bool) -> int:
    answer = records.police_asked.response
    url = reverse("governance:response-share", args=[answer.pk])
    return client.post(url, {"shared": "yes" if shared else "no"}).status_code


def test_another_agency_asked_cannot_read_an_answer_or_its_evidence_before_answering(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    council_lead = client_as(Role.AGENCY_LEAD)
    page_text = request_page(council_lead, governance_records)
    assert POLICE_ANSWER not in page_text
    assert "figures.pdf" not in page_text
    assert "seen only by the agency that gave it" in page_text
    assert evidence(council_lead, governance_records) == 403


def test_another_agency_still_cannot_read_it_after_answering(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    council_lead = client_as(Role.AGENCY_LEAD)
    AssuranceResponse.objects.create(
        recipient=governance_records.council_asked,
        narrative="The council's own account.",
        responded_by=User.objects.get(role=Role.AGENCY_LEAD),
    )
    page_text = request_page(council_lead, governance_records)
    assert "The council's own account." in page_text
    assert POLICE_ANSWER not in page_text
    assert evidence(council_lead, governance_records) == 403


def test_the_agency_that_answered_reads_its_own_answer_and_files(
    governance_records: GovernanceRecords, agencies: dict[str, Agency]
) -> None:
    police_lead = factories.person(
        "lead@police.example", Role.AGENCY_LEAD, agency=agencies["police"]
    )
    client = sign_in(Client(), police_lead)
    assert POLICE_ANSWER in request_page(client, governance_records)
    assert evidence(client, governance_records) == 200


@pytest.mark.parametrize("role", [Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.GROUP_CHAIR])
def test_the_asking_group_and_those_who_read_everything_read_every_answer(
    role: str, governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    client = client_as(role)
    assert POLICE_ANSWER in request_page(client, governance_records)
    assert evidence(client, governance_records) == 200


def test_sharing_is_a_recorded_choice_of_the_asking_group(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    council_lead, chair = client_as(Role.AGENCY_LEAD), client_as(Role.GROUP_CHAIR)
    assert share(council_lead, governance_records, shared=True) == 403
    assert share(client_as(Role.GROUP_MEMBER), governance_records, shared=True) == 403
    assert evidence(council_lead, governance_records) == 403

    assert share(chair, governance_records, shared=True) == 302
    assert POLICE_ANSWER in request_page(council_lead, governance_records)
    assert evidence(council_lead, governance_records) == 200
    entry = AuditEntry.objects.filter(
        target_type="governance.assuranceresponse",
        target_id=str(governance_records.police_asked.response.pk),
        action=RECORD_CHANGED,
    ).get()
    assert entry.actor == User.objects.get(role=Role.GROUP_CHAIR)
    assert entry.changes == {"shared with everyone asked": [False, True]}

    assert share(chair, governance_records, shared=False) == 302
    assert POLICE_ANSWER not in request_page(council_lead, governance_records)
    assert evidence(council_lead, governance_records) == 403


def test_an_answer_shared_is_still_not_seen_by_agencies_that_were_not_asked(
    governance_records: GovernanceRecords, agencies: dict[str, Agency]
) -> None:
    governance_records.police_asked.response.shared_with_recipients = True
    governance_records.police_asked.response.save()
    school_lead = factories.person(
        "lead@school.example", Role.AGENCY_LEAD, agency=agencies["school"]
    )
    client = sign_in(Client(), school_lead)
    detail = reverse("governance:request-detail", args=[governance_records.request.pk])
    assert client.get(detail).status_code == 403
    assert evidence(client, governance_records) == 403


def test_a_group_asked_reads_its_own_answer(
    governance_records: GovernanceRecords, people: dict[str, User]
) -> None:
    asked_group = factories.group("Education Reference Group")
    chair = factories.person("chair@erg.example", Role.GROUP_CHAIR)
    factories.membership(chair, asked_group, chair=True)
    recipient = governance_records.request.recipients.create(group=asked_group)
    AssuranceResponse.objects.create(
        recipient=recipient, narrative="The group's account.", responded_by=chair
    )
    page_text = request_page(sign_in(Client(), chair), governance_records)
    assert "The group's account." in page_text
    assert POLICE_ANSWER not in page_text


def test_the_list_of_answers_equals_the_rule_for_every_role(
    governance_records: GovernanceRecords,
    people: dict[str, User],
    agencies: dict[str, Agency],
    group: PartnershipGroup,
) -> None:
    council_answer = AssuranceResponse.objects.create(
        recipient=governance_records.council_asked,
        narrative="Council",
        responded_by=people[Role.AGENCY_LEAD],
    )
    other = factories.group("Another group")
    elsewhere = governance_records.request.__class__.objects.create(
        asked_by=other,
        question="Elsewhere?",
        due_on=governance_records.request.due_on,
        created_by=people[Role.BUSINESS_UNIT],
    )
    AssuranceResponse.objects.create(
        recipient=elsewhere.recipients.create(agency=agencies["school"]),
        narrative="School",
        responded_by=people[Role.BUSINESS_UNIT],
        shared_with_recipients=True,
    )
    police_lead = factories.person(
        "lead@police.example", Role.AGENCY_LEAD, agency=agencies["police"]
    )
    everyone = [*(people[role] for role in ROLES), police_lead]
    for shared in (False, True):
        governance_records.police_asked.response.shared_with_recipients = shared
        governance_records.police_asked.response.save()
        for person in everyone:
            by_rule = {
                answer.pk
                for answer in AssuranceResponse.objects.all()
                if person.has_perm("governance.view_response", answer)
            }
            listed = set(responses_visible_to(person).values_list("pk", flat=True))
            assert listed == by_rule, (person.role, shared)
    # The council lead reads the police's answer only once it is shared.
    lead = people[Role.AGENCY_LEAD]
    assert council_answer.pk in set(responses_visible_to(lead).values_list("pk", flat=True))
