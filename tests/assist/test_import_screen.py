"""The document import screens: upload, review, edit, accept or discard."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.assist.models import DocumentImport
from safeguarding.core.audit_verbs import RECORD_CHANGED
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.governance.models import (
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
)
from tests.conftest import shared_path
from tests.pages import error_summary, page, text

pytestmark = pytest.mark.django_db

COMING_YEAR = ("seeds", "000_61daec2912741026.txt")
KEY_LEARNING = ("seeds", "004_7c16db78dd9f212c.txt")


@pytest.fixture
def business_unit(client_as: Callable[[str], Client]) -> Client:
    load_demo_partnership()  # the groups the seeds name
    return client_as(Role.BUSINESS_UNIT)


def upload(client: Client, name: str, data: bytes) -> Any:
    return client.post(reverse("assist:import"), {"document": SimpleUploadedFile(name, data)})


def nothing_created() -> bool:
    return not (
        Priority.objects.exists()
        or PlannedWork.objects.exists()
        or LearningPoint.objects.exists()
        or PartnershipYear.objects.exists()
    )


def review_data(response: Any) -> dict[str, object]:
    """What the review form would post back unchanged, as a browser sends it."""
    form = page(response).select_one("form:has(button[name=decision])")
    assert form is not None
    data: dict[str, object] = {}
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[str(name)] = chosen.get("value", "") if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[str(name)] = "on"
        else:
            data[str(name)] = field.get("value", "") if field.name == "input" else field.text
    return data


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty.txt"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "picture.png"),
        ("broken.docx", b"PK\x03\x04broken", "broken.docx"),
    ],
)
def test_a_document_it_cannot_use_is_refused_and_creates_nothing(
    business_unit: Client, name: str, data: bytes, expected: str
) -> None:
    response = upload(business_unit, name, data)
    assert response.status_code == 200
    summary = error_summary(response)
    assert any(expected in message for message in summary), summary
    assert list(summary.values()) == ["id_document"]
    assert not DocumentImport.objects.exists()
    assert nothing_created()


def test_no_file_chosen(business_unit: Client) -> None:
    response = business_unit.post(reverse("assist:import"), {})
    assert error_summary(response) == {"Choose the document to read": "id_document"}


def test_the_coming_year_is_proposed_and_nothing_exists_before_acceptance(
    business_unit: Client,
) -> None:
    response = upload(business_unit, "coming-year.txt", shared_path(*COMING_YEAR).read_bytes())
    document = DocumentImport.objects.get()
    assert response.status_code == 302
    assert nothing_created()

    review = business_unit.get(reverse("assist:import-review", args=[document.pk]))
    shown = text(review)
    assert "Priorities (4)" in shown
    assert "Strands (4)" in shown
    assert "Planned work (15)" in shown

    data = review_data(review)
    data.update(
        {
            "decision": "accept",
            "year-year": "",
            "year-new_label": "2025-26",
            "year-new_starts_on": "2025-04-01",
            "year-new_ends_on": "2026-03-31",
            # Drop the last item of planned work and reword the first priority.
            "work-14-keep": "",
            "priorities-0-title": "National reforms",
        }
    )
    data.pop("work-14-keep")
    accepted = business_unit.post(reverse("assist:import-review", args=[document.pk]), data)
    assert accepted.status_code == 302, error_summary(accepted)

    year = PartnershipYear.objects.get(label="2025-26")
    assert (year.starts_on, year.ends_on) == (date(2025, 4, 1), date(2026, 3, 31))
    assert Priority.objects.filter(year=year).count() == 4
    assert Priority.objects.filter(title="National reforms").exists()
    assert PriorityStrand.objects.filter(priority__title="National reforms").count() == 4
    assert PlannedWork.objects.filter(year=year).count() == 14
    document.refresh_from_db()
    assert document.status == DocumentImport.Status.ACCEPTED
    assert AuditEntry.objects.filter(
        target_type="assist.documentimport", action=RECORD_CHANGED
    ).exists()

    again = business_unit.post(
        reverse("assist:import-review", args=[document.pk]), data, follow=True
    )
    assert "has already been accepted; nothing more was created" in text(again)
    assert PlannedWork.objects.count() == 14


def test_key_learning_keeps_each_owning_group(business_unit: Client) -> None:
    PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    upload(business_unit, "key-learning.txt", shared_path(*KEY_LEARNING).read_bytes())
    document = DocumentImport.objects.get()
    review = business_unit.get(reverse("assist:import-review", args=[document.pk]))
    data = review_data(review)
    data["decision"] = "accept"
    data["year-year"] = str(PartnershipYear.objects.get().pk)
    accepted = business_unit.post(reverse("assist:import-review", args=[document.pk]), data)
    assert accepted.status_code == 302, error_summary(accepted)

    owners = {
        point.owning_group.name
        for point in LearningPoint.objects.select_related("owning_group")
        if point.owning_group
    }
    assert {
        "Children and Young People Partnership",
        "Performance Management Subgroup",
        "Early Help Board",
        "Education Reference Group",
        "Multi-Agency Child Exploitation (MACE) arrangements",
        "Risk and Vulnerability Subgroup",
    } <= owners
    early_help = PartnershipGroup.objects.get(name="Early Help Board")
    point = LearningPoint.objects.get(owning_group=early_help)
    assert point.expectation == LearningPoint.Expectation.PRESENT_PROGRESS
    assert point.year and point.year.label == "2025-26"


def test_a_review_with_mistakes_creates_nothing_and_says_where(business_unit: Client) -> None:
    upload(business_unit, "coming-year.txt", shared_path(*COMING_YEAR).read_bytes())
    document = DocumentImport.objects.get()
    data = review_data(business_unit.get(reverse("assist:import-review", args=[document.pk])))
    data.update(
        {
            "decision": "accept",
            "year-new_label": "",
            "year-new_starts_on": "2026-04-01",
            "year-new_ends_on": "2026-03-01",
            "priorities-1-title": "",
        }
    )
    data.pop("priorities-0-keep")  # the national reforms priority, which owns the strands
    response = business_unit.post(reverse("assist:import-review", args=[document.pk]), data)
    assert response.status_code == 400
    summary = error_summary(response)
    assert summary["Year: Enter the name of the new year, or choose a year"] == "id_year-new_label"
    assert summary["Year: The last day must be after the first day"] == "id_year-new_ends_on"
    assert summary["Priority 2: Enter the priority"] == "id_priorities-1-title"
    assert any(m.startswith("Strand 1: its priority is not kept") for m in summary)
    assert nothing_created()
    document.refresh_from_db()
    assert document.status == DocumentImport.Status.PROPOSED


def test_discarding_creates_nothing(business_unit: Client) -> None:
    upload(business_unit, "coming-year.txt", shared_path(*COMING_YEAR).read_bytes())
    document = DocumentImport.objects.get()
    response = business_unit.post(
        reverse("assist:import-review", args=[document.pk]), {"decision": "discard"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentImport.Status.DISCARDED
    assert nothing_created()


def test_the_plan_page_links_to_the_import_at_its_old_address(
    client_as: Callable[[str], Client],
) -> None:
    assert reverse("assist:import") == "/plan/import/"
    assert reverse("assist:import-review", args=[7]) == "/plan/import/7/"
    links = page(client_as(Role.BUSINESS_UNIT).get(reverse("governance:plan"))).select(
        'a[href="/plan/import/"]'
    )
    assert [text(link) for link in links] == ["Import a partnership document"]
    for role in (Role.SCRUTINEER, Role.GROUP_CHAIR, Role.PRACTITIONER):
        shown = page(client_as(role).get(reverse("governance:plan")))
        assert not shown.select('a[href="/plan/import/"]'), role
