"""The import review screen: what it asks for a new year, who owns each learning point
when the document names a group the platform lacks, and the wording that reaches the
annual report."""

import re
from collections.abc import Callable
from datetime import date

import pytest
from bs4 import BeautifulSoup, Tag
from django import forms
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.assist.forms import ALL_PARTNERS, OwnerField
from safeguarding.assist.models import DocumentImport
from safeguarding.core.forms import PlatformForm
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from safeguarding.governance.models import LearningPoint, PartnershipYear
from tests.assist.test_import_screen import nothing_created, review_data, upload
from tests.pages import error_summary, one, page, text

pytestmark = pytest.mark.django_db

UNKNOWN = "Quality Assurance Subgroup"
LEARNING = f"""Key learning

Attendance

The {UNKNOWN} will seek assurance that children missing from education are found.

Housing

The Performance Subgroup will monitor families in temporary accommodation.

Neglect

Practice must follow the neglect toolkit.
"""
NOT_A_GROUP = (
    f"“{UNKNOWN}” is not a group on the platform: choose the group that owns this, or All partners"
)
# Punctuation written twice, or a weaker mark before a stronger one; not an ellipsis.
DOUBLED = re.compile(r"(?<!\.)\.\s*\.(?!\.)|[,;:]\s*[.,;:!?]|[!?]\s*\.")


@pytest.fixture
def business_unit(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.BUSINESS_UNIT)


def review_url(document: DocumentImport) -> str:
    return reverse("assist:import-review", args=[document.pk])


def imported(client: Client, text_: str) -> DocumentImport:
    response = upload(client, "learning.txt", text_.encode())
    assert response.status_code == 302, error_summary(response)
    return DocumentImport.objects.get()


def label_of(review: Tag, field_id: str) -> str:
    return text(one(review, f"label[for={field_id}]"))


def chosen(select: Tag) -> tuple[str, str]:
    """The (value, words) of the option a browser shows chosen: the first if none is."""
    option = select.select_one("option[selected]") or select.select_one("option")
    assert option is not None
    return str(option.get("value", "")), text(option)


# --- A new year's name and dates ----------------------------------------------------------


def test_a_new_years_name_and_dates_are_not_called_optional(business_unit: Client) -> None:
    document = imported(business_unit, LEARNING)
    review = page(business_unit.get(review_url(document)))
    for name, label in [
        ("new_label", "Name of the new year"),
        ("new_starts_on", "First day of the new year"),
        ("new_ends_on", "Last day of the new year"),
    ]:
        field_id = f"id_year-{name}"
        assert label_of(review, field_id) == label
        assert text(one(review, f"#{field_id}_helptext")) == "Needed for a new year"
        described_by = str(one(review, f"#{field_id}")["aria-describedby"]).split()
        assert f"{field_id}_helptext" in described_by


def test_a_new_year_still_needs_its_name_and_dates(business_unit: Client) -> None:
    document = imported(business_unit, LEARNING)
    data = review_data(business_unit.get(review_url(document)))
    data.update(
        {
            "decision": "accept",
            "year-year": "",
            "year-new_label": "",
            "year-new_starts_on": "",
            "year-new_ends_on": "",
            "learning-0-owning_group": ALL_PARTNERS,
        }
    )
    response = business_unit.post(review_url(document), data)
    assert response.status_code == 400
    assert error_summary(response) == {
        "Year: Enter the name of the new year, or choose a year": "id_year-new_label",
        "Year: Enter the first day of the new year": "id_year-new_starts_on",
        "Year: Enter the last day of the new year": "id_year-new_ends_on",
    }
    assert nothing_created()


def test_other_forms_still_mark_a_field_they_do_not_need_optional() -> None:
    class Other(PlatformForm):
        note = forms.CharField(label="Note", required=False)

    assert text(BeautifulSoup(str(Other()), "html.parser")) == "Note (optional)"


# --- A group the platform does not have ---------------------------------------------------


def test_a_group_the_platform_lacks_is_left_for_a_person_to_choose(
    business_unit: Client, group: PartnershipGroup
) -> None:
    document = imported(business_unit, LEARNING)
    review = page(business_unit.get(review_url(document)))

    unknown = one(review, "#id_learning-0-owning_group")
    assert chosen(unknown) == ("", "Choose the group")
    assert text(one(review, "#id_learning-0-owning_group_helptext")) == NOT_A_GROUP
    assert "id_learning-0-owning_group_helptext" in str(unknown["aria-describedby"])
    # A group the platform has is chosen; a point naming no group is for all partners.
    assert chosen(one(review, "#id_learning-1-owning_group")) == (str(group.pk), group.name)
    assert chosen(one(review, "#id_learning-2-owning_group")) == (ALL_PARTNERS, "All partners")
    options = [text(o) for o in unknown.select("option")]
    assert options[:2] == ["Choose the group", "All partners"]

    # Accepted as it came: refused, naming the point and the group, and nothing is made.
    data = review_data(business_unit.get(review_url(document)))
    data.update(
        {
            "decision": "accept",
            "year-new_label": "2025-26",
            "year-new_starts_on": "2025-04-01",
            "year-new_ends_on": "2026-03-31",
        }
    )
    refused = business_unit.post(review_url(document), data)
    assert refused.status_code == 400
    assert error_summary(refused) == {
        f"Learning point 1: {NOT_A_GROUP}": "id_learning-0-owning_group"
    }
    shown = page(refused)
    assert NOT_A_GROUP in text(one(shown, "#id_learning-0-owning_group_error"))
    assert not shown.select("#id_learning-0-owning_group_helptext")  # said once, as the error
    assert nothing_created()
    document.refresh_from_db()
    assert document.status == DocumentImport.Status.PROPOSED


@pytest.mark.parametrize("choice", ["all partners", "a group"])
def test_all_partners_or_a_group_is_chosen_on_purpose(
    business_unit: Client, group: PartnershipGroup, choice: str
) -> None:
    quality = factories.group("Quality and Performance Group")
    document = imported(business_unit, LEARNING)
    data = review_data(business_unit.get(review_url(document)))
    data.update(
        {
            "decision": "accept",
            "year-new_label": "2025-26",
            "year-new_starts_on": "2025-04-01",
            "year-new_ends_on": "2026-03-31",
            "learning-0-owning_group": ALL_PARTNERS if choice == "all partners" else quality.pk,
        }
    )
    accepted = business_unit.post(review_url(document), data)
    assert accepted.status_code == 302, error_summary(accepted)

    owners = {p.theme: p.owning_group for p in LearningPoint.objects.select_related("owning_group")}
    assert owners == {
        "Attendance": None if choice == "all partners" else quality,
        "Housing": group,
        "Neglect": None,
    }


def test_a_group_renamed_since_the_document_was_read_is_not_made_all_partners(
    business_unit: Client, group: PartnershipGroup
) -> None:
    document = imported(business_unit, LEARNING)
    PartnershipGroup.objects.filter(pk=group.pk).update(name="Performance and Quality Subgroup")

    review = page(business_unit.get(review_url(document)))
    assert chosen(one(review, "#id_learning-1-owning_group")) == ("", "Choose the group")
    assert text(one(review, "#id_learning-1-owning_group_helptext")) == (
        "“Performance Subgroup” is not a group on the platform: choose the group that owns "
        "this, or All partners"
    )


def test_the_owner_field_refuses_nothing_chosen_and_cleans_all_partners_to_none(
    group: PartnershipGroup,
) -> None:
    field = OwnerField(label="Owner")
    assert field.clean(ALL_PARTNERS) is None
    assert field.clean(str(group.pk)) == group
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("")
    assert refused.value.messages == ["Choose the group that owns this, or All partners"]


# --- Wording ---------------------------------------------------------------------------


def test_wording_that_ends_in_punctuation_reaches_the_report_without_doubling_it(
    business_unit: Client, group: PartnershipGroup
) -> None:
    PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    document = imported(
        business_unit,
        """Priorities

Our priorities are:
• Neglect:
• Online safety;

Key learning

Housing

The Performance Subgroup will monitor families in temporary accommodation.

Attendance

Practice must follow the attendance guidance , .

Exploitation

The Performance Subgroup will seek assurance on exploitation. .
""",
    )
    data = review_data(business_unit.get(review_url(document)))
    data.update({"decision": "accept", "year-year": str(PartnershipYear.objects.get().pk)})
    accepted = business_unit.post(review_url(document), data)
    assert accepted.status_code == 302, error_summary(accepted)

    summaries = sorted(LearningPoint.objects.values_list("summary", flat=True))
    assert summaries == [
        "Practice must follow the attendance guidance",
        "The Performance Subgroup will monitor families in temporary accommodation",
        "The Performance Subgroup will seek assurance on exploitation",
    ]
    report = business_unit.get(reverse("governance:annual-report", args=["2025-26"]))
    assert report.status_code == 200
    learning = text(one(page(report), "#key-learning"))
    assert "temporary accommodation. Performance Subgroup will monitor." in learning
    assert DOUBLED.findall(learning) == []
    assert DOUBLED.findall(text(page(report))) == []
