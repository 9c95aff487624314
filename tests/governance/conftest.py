"""Fixtures and helpers for the governance tests (the shared ones live in tests/conftest.py)."""

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import Tag
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Model, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from safeguarding.governance.assurance import services as assurance_services
from safeguarding.governance.models import (
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
    LearningPoint,
)
from tests.governance.records import PDF_BYTES
from tests.pages import Response, error_summary, one, page, text

STAFF_HOME = reverse("core:staff-home")


def today() -> date:
    return timezone.localdate()


def days_from_today(days: int) -> date:
    return today() + timedelta(days=days)


# Addresses ---------------------------------------------------------------------------------


def request_create_url(group: PartnershipGroup) -> str:
    return reverse("governance:request-create", args=[group.slug])


def request_url(request: AssuranceRequest) -> str:
    return reverse("governance:request-detail", args=[request.pk])


def answer_url(recipient: AssuranceRecipient) -> str:
    return reverse("governance:response-create", args=[recipient.request_id, recipient.pk])


def download_url(evidence: EvidenceFile) -> str:
    return reverse("governance:evidence-download", args=[evidence.pk])


# Reading pages -----------------------------------------------------------------------------


def document_of(source: Response | Tag) -> Tag:
    """The page parsed, or the part of it given."""
    return source if isinstance(source, Tag) else page(source)


def heading(source: Response | Tag, wording: str, level: str = "h2") -> Tag | None:
    """The first heading of this level with this text, if the page has one."""
    document = document_of(source)
    return next((h for h in document.select(level) if text(h) == wording), None)


def section(source: Response | Tag, wording: str, level: str = "h2") -> str:
    """The text between the heading with this text and the next heading of its level."""
    found = heading(source, wording, level)
    assert found is not None, f"no {level} {wording!r} on the page"
    parts = []
    for sibling in found.find_next_siblings():
        if sibling.name == level:
            break
        parts.append(text(sibling))
    return " ".join(parts)


def table_rows(source: Response | Tag) -> list[list[str]]:
    """The text of each cell of each row in the body of a table."""
    document = document_of(source)
    return [[text(cell) for cell in row.select("td")] for row in document.select("tbody tr")]


def history_lines(source: Response | Tag) -> list[str]:
    """The entries of a record's history panel, newest first."""
    document = document_of(source)
    return [text(entry) for entry in document.select(".sp-history__entry")]


def assert_refused(response: Any, expected: dict[str, str]) -> None:
    """The form came back with exactly these errors (message → id of the field its link goes
    to), in this order, and its title says so."""
    assert response.status_code == 200
    summary = error_summary(response)
    assert summary == expected
    assert list(summary) == list(expected)
    assert text(one(response, "title")).startswith("Error: ")


def queries_for(client: Client, url: str) -> int:
    """How many queries a page costs once the session and permissions cache are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def audit_of(target: Model, action: str | None = None) -> QuerySet[AuditEntry]:
    """The audit trail of one record, or of one kind of thing done to it."""
    entries = AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    )
    return entries if action is None else entries.filter(action=action)


# Files -------------------------------------------------------------------------------------


def pdf(name: str = "evidence.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    """A small real PDF, as a browser would upload it."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def files_under(folder: Path) -> list[Path]:
    """Every file stored under a folder (MEDIA_ROOT), however deep."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# Records -----------------------------------------------------------------------------------


@pytest.fixture
def police_lead(agencies: dict[str, Agency], people: dict[str, User]) -> User:
    """An agency lead for the police (the shared people have none: theirs is of the council)."""
    return factories.person(
        "police.lead@testford.example",
        Role.AGENCY_LEAD,
        agency=agencies["police"],
        full_name="Police Lead",
    )


@pytest.fixture
def school_lead(agencies: dict[str, Agency]) -> User:
    """An agency lead for the school, so a request to the school has someone to answer."""
    return factories.person(
        "school.lead@testford.example",
        Role.AGENCY_LEAD,
        agency=agencies["school"],
        full_name="School Lead",
    )


@pytest.fixture
def other_group(people: dict[str, User]) -> PartnershipGroup:
    """A second group, chaired by the analyst, that `group` can ask for assurance."""
    board = factories.group("Early Help Board", PartnershipGroup.Kind.BOARD)
    factories.membership(people[Role.ANALYST], board, chair=True)
    return board


def learning_point(
    group: PartnershipGroup | None, theme: str, summary: str, **fields: Any
) -> LearningPoint:
    """Learning from a practice review for `group` to monitor, unless `fields` say otherwise."""
    return LearningPoint.objects.create(
        theme=theme,
        summary=summary,
        source=fields.pop("source", LearningPoint.Source.PRACTICE_REVIEW),
        owning_group=group,
        expectation=fields.pop("expectation", LearningPoint.Expectation.MONITOR),
        **fields,
    )


def action_for(
    group: PartnershipGroup,
    *,
    due_in: int,
    title: str = "Agree the measures",
    lead: Agency | None = None,
    **fields: Any,
) -> Action:
    """An action `group` owns, due `due_in` days from today (in the past where negative)."""
    return Action.objects.create(
        title=title, owner_group=group, lead_agency=lead, due_on=days_from_today(due_in), **fields
    )


def ask(
    *,
    chair: User,
    group: PartnershipGroup,
    due_on: date,
    agencies: Sequence[Agency] = (),
    groups: Sequence[PartnershipGroup] = (),
    question: str = "How do you know your plans work?",
) -> AssuranceRequest:
    """A request made through the service while it was still in time, whose date to answer
    by is `due_on`; the emails it sent are cleared."""
    request = assurance_services.assurance_request_create(
        actor=chair,
        asked_by=group,
        question=question,
        due_on=due_on,
        agencies=agencies,
        groups=groups,
        today=due_on - timedelta(days=10),
    )
    mail.outbox.clear()
    return request


def assurance_request(
    asked_by: PartnershipGroup,
    question: str,
    *,
    created_by: User,
    due_in: int,
    agencies: Sequence[Agency] = (),
    groups: Sequence[PartnershipGroup] = (),
    answered_by: User | None = None,
    **fields: Any,
) -> AssuranceRequest:
    """A request put straight in the database, asked of `agencies` then `groups`; where
    `answered_by` is given, the first of them has answered."""
    request = AssuranceRequest.objects.create(
        asked_by=asked_by,
        question=question,
        due_on=days_from_today(due_in),
        created_by=created_by,
        **fields,
    )
    recipients = [AssuranceRecipient.objects.create(request=request, agency=a) for a in agencies]
    recipients += [AssuranceRecipient.objects.create(request=request, group=g) for g in groups]
    if answered_by is not None:
        AssuranceResponse.objects.create(
            recipient=recipients[0], narrative="Yes", responded_by=answered_by
        )
    return request


# Forms -------------------------------------------------------------------------------------


def filled(form: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A form's fields with some changed; an override of None leaves a field out."""
    data = {**form, **overrides}
    return {key: value for key, value in data.items() if value is not None}


def request_form(
    *,
    agencies: Sequence[Agency] = (),
    groups: Sequence[PartnershipGroup] = (),
    **overrides: Any,
) -> dict[str, Any]:
    """The ask-for-assurance form filled in; an override of None leaves a field out."""
    form = {
        "question": "How do you know your early help plans make a difference?",
        "agencies": [a.pk for a in agencies],
        "groups": [g.pk for g in groups],
        "due_on": days_from_today(21).isoformat(),
        "learning_point": "",
    }
    return filled(form, **overrides)
