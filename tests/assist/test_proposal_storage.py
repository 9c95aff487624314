"""A document's proposal is kept as JSON and read back as the dataclasses it was: the
same proposal, whatever it holds; and stored data that is not a proposal is refused with
a message saying where, which the review screen shows instead of failing."""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.assist.importing import (
    Proposal,
    ProposedLearningPoint,
    ProposedPlannedWork,
    ProposedPriority,
    ProposedStrand,
    propose,
)
from safeguarding.assist.importing.stored import (
    ProposalUnreadable,
    proposal_from_json,
    proposal_to_json,
)
from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import Role
from safeguarding.demo.partnership import GROUPS
from safeguarding.governance.models import LearningPoint, PlannedWork, Priority
from tests.assist.records import AssistRecords, proposal
from tests.assist.test_import_screen import nothing_created
from tests.conftest import shared_path
from tests.pages import text

EVERYTHING = Proposal(
    priorities=[ProposedPriority("Family help", golden_thread=True), ProposedPriority("Reforms")],
    strands=[ProposedStrand("Families first", "Reforms"), ProposedStrand("Unlinked", None)],
    planned_work=[
        ProposedPlannedWork("Mandatory reporting", PlannedWork.Kind.LEGAL_DUTY),
        ProposedPlannedWork("A learning week", PlannedWork.Kind.EVENT, golden_thread=True),
    ],
    learning_points=[
        ProposedLearningPoint(
            theme="Attendance",
            summary="The Education Reference Group will seek assurance",
            detail="The Education Reference Group will seek assurance.\n\nThis matters.",
            group_name="Education Reference Group",
            named_group_text="Education Reference Group",
            expectation=LearningPoint.Expectation.SEEK_ASSURANCE,
        ),
        ProposedLearningPoint(
            theme="Neglect “toolkit”",
            summary="Practice must follow the toolkit",
            detail="Practice must follow the toolkit.",
            group_name=None,
            named_group_text=None,
            expectation=LearningPoint.Expectation.NOTE,
            golden_thread=True,
        ),
    ],
    year_label="2025-26",
    golden_thread_statement="Equality is the golden thread through every priority.",
    warnings=["Check the owner of learning point 1."],
)


@pytest.mark.parametrize(
    "kept",
    [EVERYTHING, proposal(), proposal(priorities=[], year_label="2026-27")],
    ids=["everything", "one priority", "nothing found"],
)
def test_a_proposal_reads_back_as_it_was_kept(kept: Proposal) -> None:
    stored = proposal_to_json(kept)
    assert proposal_from_json(stored) == kept
    assert proposal_from_json(copy.deepcopy(stored)) == kept


@pytest.mark.parametrize("seed", ["000_61daec2912741026.txt", "004_7c16db78dd9f212c.txt"])
def test_what_the_seed_documents_propose_reads_back_as_it_was(seed: str) -> None:
    text_ = shared_path("seeds", seed).read_text(encoding="utf-8")
    proposed = propose(text_, group_names=[name for name, *_ in GROUPS])
    assert proposed.priorities or proposed.learning_points
    assert proposal_from_json(proposal_to_json(proposed)) == proposed


@pytest.mark.django_db
def test_a_proposal_reads_back_after_a_trip_through_the_database(
    people: dict[str, User],
) -> None:
    document = DocumentImport.objects.create(
        original_name="plan.txt",
        size=1,
        sha256="0" * 64,
        text="",
        proposal=proposal_to_json(EVERYTHING),
        created_by=people[Role.BUSINESS_UNIT],
    )
    document = DocumentImport.objects.get(pk=document.pk)
    assert proposal_from_json(document.proposal) == EVERYTHING


def test_a_proposal_kept_before_it_was_typed_reads_back() -> None:
    """How proposals were kept (as a bare dict) before this module existed."""
    before = {
        "priorities": [{"title": "Family help", "golden_thread": False}],
        "strands": [],
        "planned_work": [],
        "learning_points": [],
        "year_label": None,
        "golden_thread_statement": None,
        "warnings": [],
    }
    assert proposal_from_json(before) == proposal()


def stored(**changes: Any) -> dict[str, Any]:
    """Everything kept, with some parts changed (None for a key leaves it out)."""
    data = proposal_to_json(EVERYTHING)
    for path, value in changes.items():
        *parents, last = path.split("__")
        place: Any = data
        for part in parents:
            place = place[int(part)] if part.isdigit() else place[part]
        if value is None:
            del place[last]
        else:
            place[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "expected an object, found nothing (null)"),
        ("a proposal", "expected an object, found text"),
        ([1, 2], "expected an object, found a list"),
        (stored(warnings=None), "warnings: is missing"),
        (stored(priorities="Family help"), "priorities: expected a list, found text"),
        (stored(priorities__1__title=3), "priority 2, title: expected text, found a number"),
        (
            stored(priorities__0__golden_thread="yes"),
            "priority 1, golden_thread: expected true or false, found text",
        ),
        (stored(strands__0="Families first"), "strand 1: expected an object, found text"),
        (stored(strands__0__title=None), "strand 1, title: is missing"),
        (stored(learning_points__1__owner="Everyone"), "learning point 2: has no field called"),
        (stored(score=0.9), "has no field called score"),
        (stored(warnings__0=False), "warning 1: expected text, found true or false"),
        (stored(year_label=2025), "year_label: expected text, found a number"),
        (stored(planned_work__0__kind="conference"), "planned work 1, kind: expected one of"),
        (
            stored(learning_points__0__expectation="decide"),
            "learning point 1, expectation: expected one of",
        ),
    ],
)
def test_stored_data_that_is_not_a_proposal_is_refused_saying_where(
    data: object, message: str
) -> None:
    with pytest.raises(ProposalUnreadable) as refused:
        proposal_from_json(data)
    assert str(refused.value).startswith(message), str(refused.value)


def test_a_missing_field_with_a_default_takes_its_default() -> None:
    data = stored(priorities__1__golden_thread=None, planned_work__0__kind=None)
    read = proposal_from_json(data)
    assert read.priorities[1].golden_thread is False
    assert read.planned_work[0].kind == PlannedWork.Kind.OTHER


# The review screen ---------------------------------------------------------------------


@pytest.fixture
def unreadable(assist_records: AssistRecords) -> DocumentImport:
    document = assist_records.document
    document.proposal = {"priorities": [{"title": 3}]}
    document.save(update_fields=["proposal"])
    return document


def review(document: DocumentImport) -> str:
    return reverse("assist:import-review", args=[document.pk])


@pytest.mark.django_db
def test_the_review_screen_says_an_unreadable_proposal_cannot_be_read(
    unreadable: DocumentImport, client_as: Callable[[str], Client]
) -> None:
    response = client_as(Role.BUSINESS_UNIT).get(review(unreadable))
    assert response.status_code == 200
    shown = text(response)
    assert "What was proposed for plan.txt cannot be read (priority 1, title: expected text" in (
        shown
    )
    assert "Discard it and upload the document again" in shown
    assert "Accept and create" not in shown


@pytest.mark.django_db
def test_an_unreadable_proposal_creates_nothing_and_can_be_discarded(
    unreadable: DocumentImport, client_as: Callable[[str], Client]
) -> None:
    business_unit = client_as(Role.BUSINESS_UNIT)
    accepted = business_unit.post(review(unreadable), {"decision": "accept"})
    assert accepted.status_code == 400
    assert "cannot be read" in text(accepted)
    assert nothing_created() and not Priority.objects.exists()
    unreadable.refresh_from_db()
    assert unreadable.status == DocumentImport.Status.PROPOSED

    # Nor can a passage of its document be added to it.
    marked = business_unit.post(
        review(unreadable), {"mark": "priority:0", "priorities-TOTAL_FORMS": "0"}
    )
    assert marked.status_code == 400
    assert "cannot be read" in text(marked)
    assert nothing_created() and not Priority.objects.exists()

    discarded = business_unit.post(review(unreadable), {"decision": "discard"})
    assert discarded.status_code == 302
    unreadable.refresh_from_db()
    assert unreadable.status == DocumentImport.Status.DISCARDED
