"""Fixtures and helpers for the governance tests (the shared ones live in tests/conftest.py)."""

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup, Role, User
from safeguarding.core.models import Agency
from safeguarding.demo import factories
from tests.conftest import sign_in
from tests.pages import page, text

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def today() -> date:
    return timezone.localdate()


def days_from_today(days: int) -> date:
    return today() + timedelta(days=days)


def pdf(name: str = "evidence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    """A small real PDF, as a browser would upload it."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def files_under(folder: Path) -> list[Path]:
    """Every file stored under a folder (MEDIA_ROOT), however deep."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def signed_in(user: User) -> Client:
    return sign_in(Client(), user)


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
def other_group(people: dict[str, User]) -> PartnershipGroup:
    """A second group, chaired by the analyst, that `group` can ask for assurance."""
    board = factories.group("Early Help Board", PartnershipGroup.Kind.BOARD)
    factories.membership(people[Role.ANALYST], board, chair=True)
    return board


def request_form(
    *,
    agencies: Sequence[Agency] = (),
    groups: Sequence[PartnershipGroup] = (),
    **overrides: Any,
) -> dict[str, Any]:
    """The ask-for-assurance form filled in; an override of None leaves a field out."""
    data: dict[str, Any] = {
        "question": "How do you know your early help plans make a difference?",
        "agencies": [a.pk for a in agencies],
        "groups": [g.pk for g in groups],
        "due_on": days_from_today(21).isoformat(),
        "learning_point": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def summary_messages(response: Any) -> list[str]:
    """The messages in the page's error summary, without checking where their links go.

    For refusals whose link is checked by a test of its own (see tests.pages.error_summary).
    """
    document = page(response)
    summaries = document.select("div.govuk-error-summary")
    assert len(summaries) == 1, f"expected one GOV.UK error summary, found {len(summaries)}"
    return [text(link) for link in summaries[0].select("a")]
