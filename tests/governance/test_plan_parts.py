"""Strands and outcome measures of a priority, milestones of planned work, and the agencies
wanted on a group: added by the business unit, refused with a clear message when wrong."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from safeguarding.governance.models import Milestone, OutcomeMeasure, PriorityStrand
from tests.governance.records import GovernanceRecords
from tests.pages import error_summary, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def business_unit(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.BUSINESS_UNIT)


def test_a_strand_is_added_and_shows_in_the_priority_history(
    governance_records: GovernanceRecords, business_unit: Client
) -> None:
    priority = governance_records.priority
    response = business_unit.post(
        reverse("governance:strand-create", args=[priority.pk]), {"title": "Kinship care first"}
    )
    assert response.status_code == 302
    assert list(PriorityStrand.objects.values_list("title", "position")) == [
        ("Kinship care first", 0)
    ]
    page = text(business_unit.get(reverse("governance:priority-detail", args=[priority.pk])))
    assert "Priority strand: Kinship care first" in page


def test_an_outcome_measure_with_an_indicator_ends_the_report_warning(
    governance_records: GovernanceRecords, business_unit: Client
) -> None:
    priority = governance_records.priority
    url = reverse("governance:measure-create", args=[priority.pk])
    refused = business_unit.post(url, {"description": "", "indicator_code": "EH1"})
    assert error_summary(refused) == {"Enter what will show the difference": "id_description"}
    assert not OutcomeMeasure.objects.exists()

    business_unit.post(url, {"description": "Re-referrals within a year", "indicator_code": "EH1"})
    measure = OutcomeMeasure.objects.get()
    assert (measure.priority, measure.indicator_code) == (priority, "EH1")


def test_a_milestone_needs_a_real_date(
    governance_records: GovernanceRecords, business_unit: Client
) -> None:
    work = governance_records.work
    url = reverse("governance:milestone-create", args=[work.pk])
    refused = business_unit.post(url, {"title": "Venue booked", "due_on": "next spring"})
    assert error_summary(refused) == {
        "Enter the date it is due by as a real date, like 2026-03-31": "id_due_on"
    }
    assert not Milestone.objects.exists()

    assert (
        business_unit.post(url, {"title": "Venue booked", "due_on": "2026-01-15"}).status_code
        == 302
    )
    milestone = Milestone.objects.get()
    assert (milestone.planned_work, milestone.due_on) == (work, date(2026, 1, 15))
    page = text(business_unit.get(reverse("governance:planned-work-detail", args=[work.pk])))
    assert "15 Jan 2026: Venue booked" in page


def test_agencies_wanted_show_as_gaps_until_a_member_comes_from_one(
    group: PartnershipGroup, business_unit: Client, people: dict[str, object]
) -> None:
    url = reverse("governance:representation-edit", args=[group.slug])
    refused = business_unit.post(url, {"agency_kinds": ["not-a-kind"]})
    assert list(error_summary(refused).values()) == ["id_agency_kinds_0"]
    assert not group.representation_wanted.exists()

    assert business_unit.post(url, {"agency_kinds": ["school", "police"]}).status_code == 302
    assert set(group.representation_wanted.values_list("agency_kind", flat=True)) == {
        "school",
        "police",
    }
    entry = AuditEntry.objects.get(changes__has_key="agencies wanted")
    assert entry.changes["agencies wanted"] == [[], ["police", "school"]]
    page = text(business_unit.get(reverse("governance:group-work", args=[group.slug])))
    # The chair and member are from the council, so both kinds are missing.
    assert "Missing from this group: police; school or academy." in page


def test_a_strand_needs_words(governance_records: GovernanceRecords, business_unit: Client) -> None:
    url = reverse("governance:strand-create", args=[governance_records.priority.pk])
    assert error_summary(business_unit.post(url, {"title": "  "})) == {
        "Enter the strand": "id_title"
    }
    assert not PriorityStrand.objects.exists()


def test_planned_work_needs_a_title_and_a_real_kind(
    governance_records: GovernanceRecords, business_unit: Client
) -> None:
    work = governance_records.work
    before = (work.title, work.kind)
    response = business_unit.post(
        reverse("governance:planned-work-edit", args=[work.pk]),
        {"title": "", "kind": "party", "status": "in_progress"},
    )
    summary = error_summary(response)
    assert summary["Enter what the work is"] == "id_title"
    assert summary["Select one of the options for kind of work"] == "id_kind_0"
    work.refresh_from_db()
    assert (work.title, work.kind) == before
