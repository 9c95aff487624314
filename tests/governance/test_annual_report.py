"""The annual report: drawn from the data, with every section statutory guidance asks
for, warnings where evidence is missing, a PDF, and publishing."""

from collections.abc import Callable
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safeguarding.accounts.models import Role
from safeguarding.core.models import AuditEntry, Partnership
from safeguarding.governance.models import (
    Action,
    AssuranceRequest,
    LearningPoint,
    OutcomeMeasure,
    WorkStatus,
)
from tests.governance.records import GovernanceRecords
from tests.pages import page, text

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Introduction",
    "The year: priorities and planned work",
    "Evidence of impact on children and families",
    "Where there has been little progress",
    "Key learning",
    "Local and national review recommendations",
    "What the partnership was assured of",
    "The voice of children and families",
]


def report_url(records: GovernanceRecords) -> str:
    return reverse("governance:annual-report", args=[records.year.label])


def publish(records: GovernanceRecords) -> None:
    records.year.report_published_on = timezone.localdate()
    records.year.save()


@pytest.mark.parametrize("role", ["anonymous", Role.GROUP_CHAIR, Role.SCRUTINEER])
def test_an_unpublished_report_is_not_found_except_by_the_business_unit(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client], role: str
) -> None:
    assert client_as(role).get(report_url(governance_records)).status_code == 404
    draft = client_as(Role.BUSINESS_UNIT).get(report_url(governance_records))
    assert draft.status_code == 200
    assert "Only you can see this" in text(draft)


def test_publishing_makes_it_public_with_the_quick_exit(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("governance:annual-report-publish", args=[governance_records.year.pk])
    )
    assert response.status_code == 302
    governance_records.year.refresh_from_db()
    assert governance_records.year.report_published_on == timezone.localdate()
    assert AuditEntry.objects.filter(
        target_type="governance.partnershipyear", changes__has_key="report published on"
    ).exists()

    public = client_as("anonymous").get(report_url(governance_records))
    assert public.status_code == 200
    document = page(public)
    assert document.select_one("[data-module=sp-quick-exit]") is not None
    headings = [h.get_text(strip=True) for h in document.select("section h2")]
    assert [h for h in headings if h in SECTIONS] == SECTIONS


def test_every_priority_without_linked_evidence_is_warned_about(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    publish(governance_records)
    shown = text(client_as("anonymous").get(report_url(governance_records)))
    assert "Family help: no evidence of impact is linked" in shown

    OutcomeMeasure.objects.create(
        priority=governance_records.priority,
        description="Re-referrals within 12 months",
        indicator_code="EH-REREF",
    )
    shown = text(client_as("anonymous").get(report_url(governance_records)))
    assert "Family help: no evidence of impact is linked" not in shown
    assert "Re-referrals within 12 months (indicator EH-REREF)" in shown


def test_little_progress_names_the_priority_and_why(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    publish(governance_records)
    action = governance_records.action
    action.due_on = timezone.localdate() - timedelta(days=3)
    action.save()
    shown = text(client_as("anonymous").get(report_url(governance_records)))
    assert (
        "Family help: none of its work or actions has started; 1 of its actions is overdue."
        in shown
    )

    action.status = WorkStatus.COMPLETE
    action.save()
    shown = text(client_as("anonymous").get(report_url(governance_records)))
    assert "Every priority has work under way or complete and no overdue actions." in shown


def test_review_recommendations_assurance_and_voice_come_from_the_records(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    publish(governance_records)
    review = LearningPoint.objects.create(
        year=governance_records.year,
        theme="Neglect",
        summary="Health visitors must see the child alone",
        source=LearningPoint.Source.RAPID_REVIEW,
        source_reference="Child A",
        owning_group=governance_records.request.asked_by,
        expectation=LearningPoint.Expectation.MONITOR,
    )
    Action.objects.create(
        learning_point=review,
        title="Add seeing the child alone to the audit tool",
        owner_group=review.owning_group,  # type: ignore[misc]
        due_on=timezone.localdate() + timedelta(days=10),
    )
    request = governance_records.request
    request.judgement = AssuranceRequest.Judgement.NOT_ASSURED
    request.judgement_reason = "No figures"
    request.follow_up = "Ask again in March"
    request.judged_at = timezone.now()
    request.save()

    shown = text(client_as("anonymous").get(report_url(governance_records)))
    assert (
        "Rapid review (Child A): Health visitors must see the child alone. Actions: Add seeing "
        "the child alone to the audit tool (not started)." in shown
    )
    assert "Groups judged 1 request for assurance: 1 not assured." in shown
    assert "Ask again in March" in shown
    assert "has not recorded how it sought and used the views of children and families" in shown

    LearningPoint.objects.create(
        year=governance_records.year,
        theme="Voice of children and families",
        summary="Children said they want one worker",
        source=LearningPoint.Source.AUDIT,
        expectation=LearningPoint.Expectation.NOTE,
    )
    shown = text(client_as("anonymous").get(report_url(governance_records)))
    assert "Children said they want one worker." in shown
    assert "has not recorded how it sought" not in shown


def test_the_pdf_has_the_same_sections(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    publish(governance_records)
    response = client_as("anonymous").get(
        reverse("governance:annual-report-pdf", args=[governance_records.year.label])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(response.content))
    words = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Annual report 2025-26" in words
    for heading in SECTIONS:
        assert heading in words, heading


def test_the_public_home_lists_the_priorities_and_published_reports(
    governance_records: GovernanceRecords, partnership: Partnership
) -> None:
    home = text(Client().get(reverse("core:home")))
    assert "Our priorities for 2025-26" in home
    assert "Family help" in home
    assert "Annual report 2025-26" not in home
    publish(governance_records)
    document = page(Client().get(reverse("core:home")))
    link = document.select_one("a[href='/annual-report/2025-26/']")
    assert link is not None and link.get_text(strip=True) == "Annual report 2025-26"
