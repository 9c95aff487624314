"""Reshaping the proposal on the review screen: an item made another kind, merged into
the one before it, or split in two, each in one action that keeps every correction made
and creates nothing until Accept; an action the screen did not offer is refused, naming
the item, and changes nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import Role
from safeguarding.governance.models import LearningPoint, PlannedWork, Priority, PriorityStrand
from tests.assist.test_import_screen import nothing_created, review_data, upload
from tests.pages import error_summary, one, page, text

pytestmark = pytest.mark.django_db

PLAN = """Business plan 2026/27

Priorities

Our priorities are:
\u2022 Neglect
\u2022 Online safety
\u2022 Exploitation

Priority 1: Neglect
\u2022 Roll out the neglect toolkit
\u2022 Train practitioners in the toolkit

Planned work
\u2022 Safeguarding week conference
\u2022 Audit of strategy discussions and a review of the front door

Key learning

Poverty

The Performance Subgroup will seek assurance that families in temporary accommodation \
are seen. Schools will report how they check attendance.

Housing

Practice must follow the National Care Review.
"""
A_NEW_YEAR = {
    "year-year": "",
    "year-new_label": "2026-27",
    "year-new_starts_on": "2026-04-01",
    "year-new_ends_on": "2027-03-31",
}


@pytest.fixture
def business_unit(client_as: Callable[[str], Client]) -> Client:
    client = client_as(Role.BUSINESS_UNIT)
    # The group the plan's first learning point names, so it starts chosen.
    PartnershipGroup.objects.get_or_create(
        name="Performance Subgroup", defaults={"slug": "performance"}
    )
    return client


@pytest.fixture
def document(business_unit: Client) -> DocumentImport:
    response = upload(business_unit, "plan.txt", PLAN.encode())
    assert response.status_code == 302
    return DocumentImport.objects.get()


def review_url(document: DocumentImport) -> str:
    return reverse("assist:import-review", args=[document.pk])


def screen_data(client: Client, document: DocumentImport) -> dict[str, object]:
    return review_data(client.get(review_url(document)))


def as_shown(response: Any) -> dict[str, str]:
    """What the review form holds, as a person reads it (a text area's value without the
    line break Django starts it with), the form's security token left out."""
    data = review_data(response)
    return {
        name: str(value).strip() for name, value in data.items() if name != "csrfmiddlewaretoken"
    }


def values(response: Any, prefix: str, field: str) -> list[str]:
    """The `field` of each item of the formset `prefix`, as the screen shows it."""
    data = as_shown(response)
    return [data[f"{prefix}-{i}-{field}"] for i in range(int(data[f"{prefix}-TOTAL_FORMS"]))]


def chosen_priority(response: Any, strand: int) -> str:
    """The words of the priority a strand's list shows chosen (the first if none is)."""
    select = one(page(response), f"#id_strands-{strand}-priority")
    option = select.select_one("option[selected]") or select.select_one("option")
    assert option is not None
    return text(option)


def accepted(client: Client, document: DocumentImport, response: Any) -> Any:
    done = client.post(
        review_url(document), {**review_data(response), **A_NEW_YEAR, "decision": "accept"}
    )
    assert done.status_code == 302, error_summary(done)
    return done


# --- Another kind ---------------------------------------------------------------------------


def test_a_priority_becomes_a_learning_point_keeping_what_was_corrected(
    business_unit: Client, document: DocumentImport
) -> None:
    data = screen_data(business_unit, document)
    data["year-new_label"] = "2026-27"  # corrections already made on the screen
    data["priorities-0-title"] = "Neglect of children"
    data["priorities-2-keep"] = ""  # unticked, then changed: ticked as a new item

    changed = business_unit.post(
        review_url(document), {**data, "reshape": "kind:priority:2:learning_point"}
    )

    assert changed.status_code == 200
    screen = page(changed)
    assert values(changed, "priorities", "title") == ["Neglect of children", "Online safety"]
    assert values(changed, "learning", "summary")[2] == "Exploitation"
    assert review_data(changed)["learning-2-keep"] == "on"
    # The heading above its passage starts its theme; the defaults fill the rest.
    assert values(changed, "learning", "theme")[2] == "Priorities"
    assert values(changed, "learning", "expectation")[2] == "seek_assurance"
    assert str(one(screen, "#id_year-new_label")["value"]) == "2026-27"
    banner = one(screen, ".govuk-notification-banner")
    assert "Priority 3 is now learning point 3." in text(banner)
    assert str(one(banner, "a")["href"]) == "#id_learning-2-theme"
    assert screen.find(id="id_learning-2-theme")
    # Where it came from goes with it.
    assert (
        "Why this is proposed (learning point 3) An item of the list under the heading "
        "\u201cPriorities\u201d; proposed as a priority and changed by hand."
    ) in [text(details) for details in screen.select("details")]
    assert screen.select(".govuk-error-message") == []
    assert nothing_created()
    assert DocumentImport.objects.get().status == DocumentImport.Status.PROPOSED

    done = business_unit.post(
        review_url(document),
        {
            **review_data(changed),
            **A_NEW_YEAR,
            "learning-2-theme": "Exploitation",
            "learning-2-owning_group": "all",
            "decision": "accept",
        },
    )

    assert done.status_code == 302, error_summary(done)
    assert sorted(Priority.objects.values_list("title", flat=True)) == [
        "Neglect of children",
        "Online safety",
    ]
    assert LearningPoint.objects.filter(theme="Exploitation", summary="Exploitation").exists()
    assert LearningPoint.objects.count() == 3
    assert set(PriorityStrand.objects.values_list("priority__title", flat=True)) == {
        "Neglect of children"
    }


@pytest.mark.parametrize(
    ("action", "prefix", "field", "expected", "banner"),
    [
        ("kind:planned_work:0:priority", "priorities", "title", "Safeguarding week conference",
         "Planned work 1 is now priority 4."),
        ("kind:learning_point:1:planned_work", "work", "title",
         "Practice must follow the National Care Review",
         "Learning point 2 is now planned work 3."),
        ("kind:strand:1:priority", "priorities", "title", "Train practitioners in the toolkit",
         "Strand 2 is now priority 4."),
        ("kind:priority:1:strand", "strands", "title", "Online safety",
         "Priority 2 is now strand 3."),
    ],
)  # fmt: skip
def test_any_kind_becomes_any_other(
    business_unit: Client,
    document: DocumentImport,
    action: str,
    prefix: str,
    field: str,
    expected: str,
    banner: str,
) -> None:
    changed = business_unit.post(
        review_url(document), {**screen_data(business_unit, document), "reshape": action}
    )

    assert changed.status_code == 200
    assert values(changed, prefix, field)[-1] == expected
    assert banner in text(one(page(changed), ".govuk-notification-banner"))
    assert nothing_created()


def test_a_priority_made_a_strand_belongs_to_the_priority_before_it(
    business_unit: Client, document: DocumentImport
) -> None:
    changed = business_unit.post(
        review_url(document),
        {**screen_data(business_unit, document), "reshape": "kind:priority:1:strand"},
    )

    assert chosen_priority(changed, 2) == "Neglect"
    accepted(business_unit, document, changed)
    assert set(PriorityStrand.objects.values_list("title", "priority__title")) == {
        ("Roll out the neglect toolkit", "Neglect"),
        ("Train practitioners in the toolkit", "Neglect"),
        ("Online safety", "Neglect"),
    }
    assert Priority.objects.count() == 2


def test_the_strands_follow_their_priority_when_one_before_it_leaves(
    business_unit: Client, document: DocumentImport
) -> None:
    data = screen_data(business_unit, document)
    data["strands-1-priority"] = "2"  # moved to Exploitation on the screen

    changed = business_unit.post(
        review_url(document), {**data, "reshape": "kind:priority:1:planned_work"}
    )

    assert (chosen_priority(changed, 0), chosen_priority(changed, 1)) == (
        "Neglect",
        "Exploitation",
    )
    accepted(business_unit, document, changed)
    assert PriorityStrand.objects.get(
        title="Train practitioners in the toolkit"
    ).priority.title == ("Exploitation")
    assert PlannedWork.objects.filter(title="Online safety").exists()


def test_a_priority_with_strands_made_another_kind_leaves_them_to_choose_another(
    business_unit: Client, document: DocumentImport
) -> None:
    changed = business_unit.post(
        review_url(document),
        {**screen_data(business_unit, document), "reshape": "kind:priority:0:learning_point"},
    )

    assert (
        "Priority 1 is now learning point 3. Strand 1 and strand 2 belonged to it: choose "
        "their priority."
    ) in text(one(page(changed), ".govuk-notification-banner"))
    assert chosen_priority(changed, 0) == "Choose the priority"
    refused = business_unit.post(
        review_url(document),
        {**review_data(changed), **A_NEW_YEAR, "learning-2-theme": "Neglect",
         "learning-2-owning_group": "all", "decision": "accept"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Strand 1: Choose the priority it belongs to" in error_summary(refused)
    assert nothing_created()


def test_the_group_a_document_named_stays_with_its_learning_point(
    business_unit: Client,
) -> None:
    unknown = "Quality Assurance Subgroup"
    learning = (
        "Key learning\n\nAttendance\n\n"
        f"The {unknown} will seek assurance that children missing from education are found.\n\n"
        "Housing\n\nThe Performance Subgroup will monitor families in temporary accommodation.\n"
    )
    upload(business_unit, "learning.txt", learning.encode())
    document = DocumentImport.objects.get()
    hint = f"\u201c{unknown}\u201d is not a group on the platform"
    assert hint in text(business_unit.get(review_url(document)))

    changed = business_unit.post(
        review_url(document),
        {**screen_data(business_unit, document), "reshape": "kind:learning_point:0:priority"},
    )

    # The point left now first names a group the platform has: no one is told otherwise.
    assert hint not in text(changed)
    assert values(changed, "learning", "summary") == [
        "The Performance Subgroup will monitor families in temporary accommodation"
    ]


def test_a_passage_marked_up_after_an_item_left_is_said_to_be_added_by_hand(
    business_unit: Client, document: DocumentImport
) -> None:
    changed = business_unit.post(
        review_url(document),
        {**screen_data(business_unit, document), "reshape": "kind:priority:2:learning_point"},
    )
    passage = next(
        number
        for number, tag in enumerate(page(changed).select(".sp-document__passage"))
        if text(tag).startswith("Practice must follow")
    )

    marked = business_unit.post(
        review_url(document), {**review_data(changed), "mark": f"priority:{passage}"}
    )

    # Third on the list, where Exploitation was proposed, but not read from its passage.
    assert (
        values(marked, "priorities", "title")[2] == "Practice must follow the National Care Review."
    )
    assert "Why this is proposed (priority 3) Added by hand from the document." in [
        text(details) for details in page(marked).select("details")
    ]


# --- Merging --------------------------------------------------------------------------------


def test_a_learning_point_is_merged_into_the_one_before_it(
    business_unit: Client, document: DocumentImport
) -> None:
    data = screen_data(business_unit, document)
    data["learning-0-summary"] = "Families in temporary accommodation are seen"  # corrected

    merged = business_unit.post(review_url(document), {**data, "reshape": "merge:learning_point:1"})

    assert merged.status_code == 200
    assert values(merged, "learning", "summary") == ["Families in temporary accommodation are seen"]
    assert values(merged, "learning", "detail") == [
        "The Performance Subgroup will seek assurance that families in temporary accommodation "
        "are seen. Schools will report how they check attendance.\n\n"
        "Practice must follow the National Care Review."
    ]
    assert "Learning point 2 is merged into learning point 1." in text(merged)
    assert nothing_created()

    accepted(business_unit, document, merged)
    point = LearningPoint.objects.get()
    assert (point.theme, point.summary) == (
        "Poverty",
        "Families in temporary accommodation are seen",
    )
    assert point.detail.endswith("Practice must follow the National Care Review.")


def test_a_priority_merged_into_the_one_before_keeps_the_first_title_and_its_strands(
    business_unit: Client, document: DocumentImport
) -> None:
    data = screen_data(business_unit, document)
    data["strands-1-priority"] = "1"  # on Online safety, merged into Neglect

    merged = business_unit.post(review_url(document), {**data, "reshape": "merge:priority:1"})

    assert values(merged, "priorities", "title") == ["Neglect", "Exploitation"]
    assert [chosen_priority(merged, 0), chosen_priority(merged, 1)] == ["Neglect", "Neglect"]
    accepted(business_unit, document, merged)
    assert sorted(Priority.objects.values_list("title", flat=True)) == ["Exploitation", "Neglect"]
    assert set(PriorityStrand.objects.values_list("priority__title", flat=True)) == {"Neglect"}


# --- Splitting ------------------------------------------------------------------------------


def test_planned_work_is_split_at_its_and(business_unit: Client, document: DocumentImport) -> None:
    split = business_unit.post(
        review_url(document),
        {**screen_data(business_unit, document), "reshape": "split:planned_work:1"},
    )

    assert split.status_code == 200
    assert values(split, "work", "title") == [
        "Safeguarding week conference",
        "Audit of strategy discussions",
        "A review of the front door",
    ]
    assert values(split, "work", "kind") == ["event", "audit", "audit"]
    assert "Planned work 2 is split in two: planned work 2 and planned work 3." in text(split)
    assert nothing_created()
    accepted(business_unit, document, split)
    assert PlannedWork.objects.count() == 3
    assert PlannedWork.objects.filter(title="A review of the front door", kind="audit").exists()


def test_a_learning_point_is_split_at_the_end_of_its_first_sentence(
    business_unit: Client, document: DocumentImport
) -> None:
    split = business_unit.post(
        review_url(document),
        {**screen_data(business_unit, document), "reshape": "split:learning_point:0"},
    )

    assert values(split, "learning", "summary")[:2] == [
        "The Performance Subgroup will seek assurance that families in temporary "
        "accommodation are seen.",
        "Schools will report how they check attendance.",
    ]
    assert (
        values(split, "learning", "detail")[1] == "Schools will report how they check attendance."
    )
    assert values(split, "learning", "theme")[:2] == ["Poverty", "Poverty"]
    accepted(business_unit, document, split)
    assert LearningPoint.objects.count() == 3


def test_a_priority_is_split_where_the_person_says(
    business_unit: Client, document: DocumentImport
) -> None:
    data = screen_data(business_unit, document)
    data["priorities-0-title"] = "Neglect and online safety"  # corrected, then split
    data["split-priority-0"] = "online"

    split = business_unit.post(review_url(document), {**data, "reshape": "split:priority:0"})

    assert values(split, "priorities", "title") == [
        "Neglect",
        "Online safety",
        "Online safety",
        "Exploitation",
    ]
    # The strands still belong to the first part.
    assert [chosen_priority(split, 0), chosen_priority(split, 1)] == ["Neglect", "Neglect"]


# --- Refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "split_at", "message", "target"),
    [
        ("kind:priority:9:learning_point", "",
         "There is no priority 10: the screen shows 3 priorities. Reload the page and choose "
         "again", "review-priorities"),
        ("merge:learning_point:x", "",
         "There is no such learning point: the screen shows 2 learning points. Reload the page "
         "and choose again", "review-learning"),
        ("kind:priority:0:priority", "",
         "Priority 1 is already a priority: choose what it should be (a strand, planned work, "
         "a learning point)", "id_priorities-0-title"),
        ("kind:priority:0:summary", "",
         "Priority 1 cannot be made that: choose what it should be (a strand, planned work, "
         "a learning point)", "id_priorities-0-title"),
        ("kind:summary:0:priority", "",
         "\u201csummary\u201d is not a kind of item on the review screen: it has priorities, "
         "strands, planned work and learning points. Reload the page and choose again",
         "proposals"),
        ("explode:priority:0", "",
         "The review screen has no action \u201cexplode\u201d: choose Make it, Merge or Split "
         "beside an item. Reload the page and choose again", "proposals"),
        ("merge:learning_point:0", "",
         "Learning point 1 is the first learning point: there is no learning point before it "
         "to merge it into", "id_learning-0-summary"),
        ("split:priority:0", "",
         "Priority 1 has no second sentence, \u201c; \u201d or \u201c and \u201d to split at: "
         "type the words the second priority starts with", "id_priorities-0-title"),
        ("split:strand:0", "toolkit please",
         "Strand 1 does not have \u201ctoolkit please\u201d after its first word: type the "
         "words from it that the second strand starts with", "id_strands-0-title"),
        ("split:strand:0", "Roll",
         "Strand 1 does not have \u201cRoll\u201d after its first word: type the words from "
         "it that the second strand starts with", "id_strands-0-title"),
    ],
)  # fmt: skip
def test_an_action_the_screen_did_not_offer_is_refused_and_changes_nothing(
    business_unit: Client, document: DocumentImport, action: str, split_at: str,
    message: str, target: str,
) -> None:  # fmt: skip
    data = screen_data(business_unit, document)
    data["year-new_label"] = "2026-27"
    data["learning-0-summary"] = "Families in temporary accommodation are seen"
    data["split-strand-0"] = split_at

    refused = business_unit.post(review_url(document), {**data, "reshape": action})

    assert refused.status_code == 400
    assert error_summary(refused) == {message: target}
    # Everything is as it was sent, corrections and all.
    sent = {
        name: str(value).strip() for name, value in data.items() if name != "csrfmiddlewaretoken"
    }
    assert as_shown(refused) == {**sent, "split-strand-0": ""}
    assert page(refused).select(".govuk-notification-banner") == []
    assert nothing_created()
    assert DocumentImport.objects.get().status == DocumentImport.Status.PROPOSED


def test_a_screen_whose_counts_were_lost_is_refused(
    business_unit: Client, document: DocumentImport
) -> None:
    data = screen_data(business_unit, document)
    del data["learning-TOTAL_FORMS"]

    refused = business_unit.post(
        review_url(document), {**data, "reshape": "merge:learning_point:1"}
    )

    assert refused.status_code == 400
    assert "The review screen's items were lost. Reload the page and try again" in (
        error_summary(refused)
    )
    assert nothing_created()


def test_an_accepted_document_takes_no_more_reshaping(
    business_unit: Client, document: DocumentImport
) -> None:
    DocumentImport.objects.filter(pk=document.pk).update(status=DocumentImport.Status.DISCARDED)

    response = business_unit.post(review_url(document), {"reshape": "merge:learning_point:1"})

    assert response.status_code == 302
    assert nothing_created()


def test_every_item_offers_each_action_the_screen_takes(
    business_unit: Client, document: DocumentImport
) -> None:
    screen = page(business_unit.get(review_url(document)))
    offered = {str(button["value"]) for button in screen.select("button[name=reshape]")}

    assert "merge:priority:0" not in offered  # nothing before the first to merge into
    assert {
        "kind:priority:0:strand",
        "kind:priority:0:planned_work",
        "kind:priority:0:learning_point",
        "merge:priority:2",
        "split:priority:2",
        "kind:learning_point:1:strand",
        "merge:learning_point:1",
        "split:strand:1",
        "split:planned_work:0",
    } <= offered
    assert "kind:priority:0:priority" not in offered
    assert screen.find(id="split-learning_point-1")
