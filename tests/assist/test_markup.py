"""Marking up the document by hand: a readable document is never refused for what the
rules missed, and any passage becomes a priority, planned work or a learning point on
the review screen, keeping every correction made, creating nothing until Accept."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import Role
from safeguarding.governance.models import LearningPoint, PlannedWork, Priority
from tests.assist.test_import_screen import nothing_created, review_data, upload
from tests.pages import error_summary, page, text

pytestmark = pytest.mark.django_db

# Nothing here is under a heading the rules know, so they propose nothing.
MINUTES = (
    b"Notes of the March meeting\n"
    b"\n"
    b"Attendance\n"
    b"\n"
    b"The group heard that children missing education are not always known to health "
    b"visitors, and agreed to ask each partner how it finds them.\n"
    b"\n"
    b"Next steps\n"
    b"\n"
    b"A review of the front door will report in the autumn.\n"
)


@pytest.fixture
def business_unit(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.BUSINESS_UNIT)


@pytest.fixture
def group() -> PartnershipGroup:
    return PartnershipGroup.objects.create(name="Education Reference Group", slug="education")


def review_url(document: DocumentImport) -> str:
    return reverse("assist:import-review", args=[document.pk])


def value(screen: Any, css: str) -> str:
    box = screen.select_one(css)
    assert box is not None, css
    return str(box["value"])


def passage_number(response: Any, words: str) -> int:
    """The number the screen gives the passage with these words."""
    for passage in page(response).select(".sp-document__passage"):
        if words in passage.get_text():
            return int(str(passage["id"]).removeprefix("passage-"))
    raise AssertionError(f"No passage with {words!r}")


def test_a_document_with_nothing_proposed_is_kept_to_mark_up(business_unit: Client) -> None:
    response = upload(business_unit, "minutes.txt", MINUTES)

    document = DocumentImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(document)
    review = business_unit.get(review_url(document))
    assert "Nothing was found to propose in this document" in text(review)
    passages = [p.get_text(" ", strip=True) for p in page(review).select(".sp-document__passage")]
    assert passages[0].startswith("Notes of the March meeting")
    assert any(p.startswith("The group heard that children missing education") for p in passages)
    assert nothing_created()


def test_a_passage_becomes_a_learning_point_keeping_what_was_corrected(
    business_unit: Client, group: PartnershipGroup
) -> None:
    upload(business_unit, "minutes.txt", MINUTES)
    document = DocumentImport.objects.get()
    review = business_unit.get(review_url(document))
    data = review_data(review)
    data["year-new_label"] = "2026-27"  # a correction already made on the screen
    number = passage_number(review, "children missing education")

    marked = business_unit.post(review_url(document), {**data, "mark": f"learning_point:{number}"})

    assert marked.status_code == 200
    screen = page(marked)
    assert value(screen, "#id_year-new_label") == "2026-27"
    summary = screen.select_one("#id_learning-0-summary")
    assert summary is not None
    assert summary.get_text().strip().startswith("The group heard that children missing education")
    # The theme starts from the heading above the passage.
    assert value(screen, "#id_learning-0-theme") == "Attendance"
    assert "The passage is now learning point 1" in text(marked)
    # Marking up is not accepting: nothing is said to be wrong yet, nothing is created.
    assert screen.select(".govuk-error-message") == []
    assert nothing_created()
    document.refresh_from_db()
    assert document.status == DocumentImport.Status.PROPOSED

    accepted = review_data(marked)
    accepted.update(
        {
            "year-new_label": "2026-27",
            "year-new_starts_on": "2026-04-01",
            "year-new_ends_on": "2027-03-31",
            "learning-0-owning_group": str(group.pk),
            "decision": "accept",
        }
    )
    done = business_unit.post(review_url(document), accepted)

    assert done.status_code == 302
    point = LearningPoint.objects.get()
    assert point.owning_group == group
    assert point.theme == "Attendance"
    assert point.summary.startswith("The group heard that children missing education")
    assert point.expectation == LearningPoint.Expectation.SEEK_ASSURANCE


@pytest.mark.parametrize(
    ("kind", "words", "field", "expected"),
    [
        ("priority", "Attendance", "#id_priorities-0-title", "Attendance"),
        ("planned_work", "A review of the front door", "#id_work-0-title", "A review of the"),
    ],
)
def test_a_passage_becomes_a_priority_or_planned_work(
    business_unit: Client, kind: str, words: str, field: str, expected: str
) -> None:
    upload(business_unit, "minutes.txt", MINUTES)
    document = DocumentImport.objects.get()
    review = business_unit.get(review_url(document))
    number = passage_number(review, words)

    marked = business_unit.post(
        review_url(document), {**review_data(review), "mark": f"{kind}:{number}"}
    )

    assert marked.status_code == 200
    box = page(marked).select_one(field)
    assert box is not None
    assert str(box["value"]).startswith(expected)
    assert not (Priority.objects.exists() or PlannedWork.objects.exists())


@pytest.mark.parametrize(
    ("mark", "lost_counts"),
    [
        ("learning_point:999", False),
        ("learning_point:-1", False),
        ("summary:1", False),
        ("learning_point", False),
        ("learning_point:1", True),
    ],
)
def test_a_mark_up_the_screen_did_not_offer_is_refused_and_changes_nothing(
    business_unit: Client, mark: str, lost_counts: bool
) -> None:
    upload(business_unit, "minutes.txt", MINUTES)
    document = DocumentImport.objects.get()
    data = review_data(business_unit.get(review_url(document)))
    if lost_counts:
        del data["learning-TOTAL_FORMS"]

    refused = business_unit.post(review_url(document), {**data, "mark": mark})

    assert refused.status_code == 400
    [(message, target)] = error_summary(refused).items()
    assert target == "document"
    assert "Reload the page" in message
    assert nothing_created()
    assert DocumentImport.objects.get().status == DocumentImport.Status.PROPOSED


def test_an_accepted_document_takes_no_more_mark_up(
    business_unit: Client, group: PartnershipGroup
) -> None:
    upload(business_unit, "minutes.txt", MINUTES)
    document = DocumentImport.objects.get()
    DocumentImport.objects.filter(pk=document.pk).update(status=DocumentImport.Status.DISCARDED)

    response = business_unit.post(review_url(document), {"mark": "learning_point:2"})

    assert response.status_code == 302
    assert nothing_created()


def test_each_proposal_says_where_it_came_from_and_why(business_unit: Client) -> None:
    plan = (
        "Our plan for 2026-27\n\n"
        "The priorities for 2026/27 are:\n"
        "• Early help: families get help before problems grow\n"
        "• Neglect\n"
    ).encode()
    upload(business_unit, "plan.txt", plan)
    document = DocumentImport.objects.get()

    review = business_unit.get(review_url(document))

    why = [text(details) for details in page(review).select("details")]
    assert (
        "Why this is proposed (priority 1) From the document: "
        "“• Early help: families get help before problems grow” An item of the list "
        "introduced by “The priorities for 2026/27 are:”."
    ) in why
    marked = business_unit.post(
        review_url(document),
        {**review_data(review), "mark": f"priority:{passage_number(review, 'Our plan')}"},
    )
    assert "Why this is proposed (priority 3) Added by hand from the document." in [
        text(details) for details in page(marked).select("details")
    ]
