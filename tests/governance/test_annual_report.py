"""The annual report: drawn from the data, with every section statutory guidance asks
for, warnings where evidence is missing, a PDF, and publishing."""

from collections.abc import Callable
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safeguarding.core.models import AuditEntry, Partnership
from safeguarding.core.roles import Role
from safeguarding.governance.models import (
    Action,
    AssuranceRequest,
    LearningPoint,
    OutcomeMeasure,
    PublishedReport,
    WorkStatus,
)
from safeguarding.governance.report import views as report_views
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


# Publishing freezes an edition ----------------------------------------------------------


def publish_edition(records: GovernanceRecords, client_as: Callable[[str], Client]) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("governance:annual-report-publish", args=[records.year.pk])
    )
    assert response.status_code == 302


def report_body(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(page(response).select_one("#report-body"))


def pdf_of(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]


def test_a_published_report_and_its_pdf_never_change_after_publication(
    governance_records: GovernanceRecords,
    client_as: Callable[[str], Client],
    monkeypatch: pytest.MonkeyPatch,
    people: dict[str, Any],
) -> None:
    publish_edition(governance_records, client_as)
    public = client_as("anonymous")
    pdf_url = reverse("governance:annual-report-pdf", args=[governance_records.year.label])
    body_before, pdf_before = (
        report_body(public, report_url(governance_records)),
        pdf_of(public, pdf_url),
    )
    assert "1 is still open" in body_before or "still open" in body_before

    # The records change after publication: another request is raised, a priority renamed.
    AssuranceRequest.objects.create(
        asked_by=governance_records.request.asked_by,
        priority=governance_records.priority,
        question="Raised after the report was published",
        due_on=timezone.localdate() + timedelta(days=10),
        created_by=people[Role.GROUP_CHAIR],
    )
    governance_records.priority.title = "Renamed after publication"
    governance_records.priority.save()

    def not_again(**kwargs: Any) -> bytes:
        raise AssertionError("a published report's PDF was drawn again")

    monkeypatch.setattr(report_views, "annual_report_pdf", not_again)
    assert report_body(public, report_url(governance_records)) == body_before
    assert pdf_of(public, pdf_url) == pdf_before
    assert "Renamed after publication" not in body_before
    # The business unit's draft of the next edition shows the change.
    draft = client_as(Role.BUSINESS_UNIT).get(
        reverse("governance:annual-report-draft", args=[governance_records.year.label])
    )
    assert "Renamed after publication" in text(draft)
    assert "Publish a new edition" in text(draft)


def test_a_new_edition_supersedes_and_both_are_kept(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    label = governance_records.year.label
    publish_edition(governance_records, client_as)
    public = client_as("anonymous")
    first = report_body(public, report_url(governance_records))
    first_pdf = pdf_of(public, reverse("governance:annual-report-pdf", args=[label]))
    governance_records.priority.title = "A second edition's priority"
    governance_records.priority.save()

    publish_edition(governance_records, client_as)

    latest = report_body(public, report_url(governance_records))
    assert "A second edition's priority" in latest
    old = public.get(reverse("governance:annual-report-edition", args=[label, 1]))
    assert str(page(old).select_one("#report-body")) == first
    assert "A later edition of this report was published" in text(old)
    assert pdf_of(public, reverse("governance:annual-report-edition-pdf", args=[label, 1])) == (
        first_pdf
    )
    assert PublishedReport.objects.filter(year=governance_records.year).count() == 2
    assert (
        public.get(reverse("governance:annual-report-edition", args=[label, 3])).status_code == 404
    )


def test_an_edition_cannot_be_changed(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    publish_edition(governance_records, client_as)
    edition = PublishedReport.objects.get()
    edition.body_html = "rewritten"
    with pytest.raises(PermissionError):
        edition.save()


def test_the_pdf_is_tagged_with_its_title_and_language(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    publish_edition(governance_records, client_as)
    pdf = pdf_of(
        client_as("anonymous"),
        reverse("governance:annual-report-pdf", args=[governance_records.year.label]),
    )
    reader = PdfReader(BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # what pdfinfo reports as "Tagged: yes"
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == "Annual report 2025-26"


@pytest.mark.parametrize("role", ["anonymous", Role.GROUP_CHAIR, Role.SCRUTINEER])
def test_only_the_business_unit_sees_the_draft_of_a_published_report(
    role: str, governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    publish_edition(governance_records, client_as)
    url = reverse("governance:annual-report-draft", args=[governance_records.year.label])
    assert client_as(role).get(url).status_code == 404
    assert client_as(role).get(report_url(governance_records)).status_code == 200
