"""The year's plan: years, priorities, planned work, and the page of each priority."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.governance.models import (
    LearningPoint,
    Milestone,
    OutcomeMeasure,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
)
from safeguarding.governance.plan import services as plan_services
from tests.governance.conftest import (
    action_for,
    assert_refused,
    assurance_request,
    audit_of,
    filled,
    history_lines,
    learning_point,
    queries_for,
    section,
    table_rows,
)
from tests.governance.records import GovernanceRecords
from tests.pages import one, page, text

PLAN = reverse("governance:plan")
YEAR_CREATE = reverse("governance:year-create")


def priority_url(priority: Priority) -> str:
    return reverse("governance:priority-detail", args=[priority.pk])


def priority_create_url(year: PartnershipYear) -> str:
    return reverse("governance:priority-create", args=[year.pk])


def priority_edit_url(priority: Priority) -> str:
    return reverse("governance:priority-edit", args=[priority.pk])


def year_fields(label: str) -> dict[str, Any]:
    """A partnership year's label and dates, 1 April to 31 March: "2026-27" starts in 2026."""
    first = int(label[:4])
    return {"label": label, "starts_on": date(first, 4, 1), "ends_on": date(first + 1, 3, 31)}


def year_form(**overrides: Any) -> dict[str, Any]:
    form = {"label": "2026-27", "starts_on": "2026-04-01", "ends_on": "2027-03-31"}
    return filled(form, **overrides)


# The plan page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_start"),
    [
        pytest.param(Role.BUSINESS_UNIT, True, id="the business unit is asked to start one"),
        pytest.param(Role.PRACTITIONER, False, id="others just read that there is none"),
    ],
)
def test_with_no_year_the_plan_says_so(
    client_as: Callable[[str], Client], role: str, may_start: bool
) -> None:
    response = client_as(role).get(PLAN)

    assert response.status_code == 200
    assert text(one(response, "h1")) == "The plan"
    assert "Priorities" not in [text(h2) for h2 in page(response).select("h2")]
    shown = text(response)
    assert "No year has been set up yet." in shown
    starts = page(response).select(f'a[href="{YEAR_CREATE}"]')
    if may_start:
        assert "No year has been set up yet. Start one to add its priorities and planned work." in (
            shown
        )
        assert len(starts) == 1
    else:
        assert "Start one" not in shown
        assert starts == []


def test_a_new_year_with_nothing_in_it_says_so(client_as: Callable[[str], Client]) -> None:
    PartnershipYear.objects.create(**year_fields("2026-27"), is_current=True)

    response = client_as(Role.GROUP_MEMBER).get(PLAN)

    assert text(one(response, "h1")) == "The plan for 2026-27"
    assert "1 April 2026 to 31 March 2027" in text(response)
    assert section(response, "Priorities") == "This year has no priorities yet."
    assert section(response, "Planned work") == "No planned work has been added for this year."


def test_the_plan_shows_the_years_priorities_and_planned_work(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    records = governance_records
    extra = PlannedWork.objects.create(
        year=records.year, title="Safeguarding children educated at home", golden_thread=True
    )

    response = client_as(Role.PRACTITIONER).get(PLAN)

    assert response.status_code == 200
    assert text(one(response, "h1")) == "The plan for 2025-26"
    card = one(response, ".govuk-summary-card")
    assert text(one(card, f'a[href="{priority_url(records.priority)}"]')) == "Family help"
    assert "Golden thread" in text(card)
    assert "1 item of planned work, 1 action, 1 request for assurance" in text(card)
    rows = table_rows(response)
    assert [row[0] for row in rows] == [
        "A family help event",
        "Safeguarding children educated at home Golden thread",
    ]
    assert rows[0][1:3] == ["Family help", "Performance Subgroup"]
    assert rows[1][1] == "Additional work"
    extra_row = page(response).select("table tbody tr")[1]
    one(extra_row, f'a[href="{reverse("governance:planned-work-detail", args=[extra.pk])}"]')


def test_the_plan_counts_each_priority_separately(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
) -> None:
    records = governance_records
    second = Priority.objects.create(year=records.year, title="Serious youth violence", position=1)
    for n in range(3):
        PlannedWork.objects.create(year=records.year, priority=second, title=f"Work {n}")
        action_for(group, title=f"Action {n}", due_in=9, priority=second)

    response = client_as(Role.PRACTITIONER).get(PLAN)

    counts = {
        text(one(card, "h3")): text(one(card, ".govuk-body-s"))
        for card in page(response).select(".govuk-summary-card")
    }
    assert counts == {
        "Family help": "1 item of planned work, 1 action, 1 request for assurance",
        "Serious youth violence": "3 items of planned work, 3 actions, 0 requests for assurance",
    }


def test_the_current_year_is_shown_unless_another_is_asked_for(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    older = PartnershipYear.objects.create(**year_fields("2024-25"))
    Priority.objects.create(year=older, title="Neglect")
    client = client_as(Role.PRACTITIONER)

    current = client.get(PLAN)
    assert text(one(current, "h1")) == "The plan for 2025-26"
    options = [text(o) for o in page(current).select("select#year option")]
    assert options == ["2025-26 (current)", "2024-25"]

    chosen = client.get(PLAN, {"year": older.pk})
    assert text(one(chosen, "h1")) == "The plan for 2024-25"
    assert "Neglect" in section(chosen, "Priorities")
    assert "Family help" not in section(chosen, "Priorities")


# Years -------------------------------------------------------------------------------------


def test_the_business_unit_starts_a_year(
    client_as: Callable[[str], Client], people: dict[str, User]
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(YEAR_CREATE, year_form(is_current="on"))

    year = PartnershipYear.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}?year={year.pk}"
    assert (year.label, year.starts_on, year.ends_on, year.is_current) == (
        "2026-27",
        date(2026, 4, 1),
        date(2027, 3, 31),
        True,
    )
    entry = AuditEntry.objects.get(target_type="governance.partnershipyear")
    assert entry.action == RECORD_CREATED
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.changes["label"] == [None, "2026-27"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"ends_on": "2026-03-31"},
            {"The last day must be after the first day": "id_ends_on"},
        ),
        (
            {"ends_on": "2026-04-01"},
            {"The last day must be after the first day": "id_ends_on"},
        ),
        (
            {"label": "2025-26"},
            {"A year with this name already exists": "id_label"},
        ),
        (
            {"label": ""},
            {"Enter the name of the year, like 2026-27": "id_label"},
        ),
        (
            {"starts_on": "2026-13-01"},
            {"Enter the first day of the year as a real date, like 2026-03-31": "id_starts_on"},
        ),
        (
            {"starts_on": None, "ends_on": None},
            {
                "Enter the first day of the year": "id_starts_on",
                "Enter the last day of the year": "id_ends_on",
            },
        ),
    ],
)
def test_a_bad_year_is_refused_and_changes_nothing(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    overrides: dict[str, Any],
    expected: dict[str, str],
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(YEAR_CREATE, year_form(**overrides))

    assert_refused(response, expected)
    assert list(PartnershipYear.objects.values_list("label", flat=True)) == ["2025-26"]
    assert not AuditEntry.objects.filter(target_type="governance.partnershipyear").exists()


def test_changing_a_years_dates_is_recorded(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    year = governance_records.year

    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("governance:year-edit", args=[year.pk]),
        year_form(label="2025-26", starts_on="2025-04-01", ends_on="2026-04-30", is_current="on"),
    )

    assert response.status_code == 302
    year.refresh_from_db()
    assert year.ends_on == date(2026, 4, 30)
    entry = AuditEntry.objects.get(target_type="governance.partnershipyear", action=RECORD_CHANGED)
    assert entry.changes == {"ends_on": ["2026-03-31", "2026-04-30"]}


def test_making_a_new_year_current_through_the_form_unsets_the_old_one(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    old = governance_records.year

    response = client_as(Role.BUSINESS_UNIT).post(YEAR_CREATE, year_form(is_current="on"))

    assert response.status_code == 302, text(response)
    new = PartnershipYear.objects.get(label="2026-27")
    old.refresh_from_db()
    assert new.is_current is True
    assert old.is_current is False
    assert list(PartnershipYear.objects.filter(is_current=True)) == [new]


def test_year_save_makes_only_one_year_current(
    governance_records: GovernanceRecords, people: dict[str, User]
) -> None:
    old = governance_records.year
    new = PartnershipYear(**year_fields("2026-27"), is_current=True)

    plan_services.year_save(actor=people[Role.BUSINESS_UNIT], year=new)

    old.refresh_from_db()
    assert old.is_current is False
    assert list(PartnershipYear.objects.filter(is_current=True)) == [new]
    # Saving a year that is not current leaves the current one alone.
    older = PartnershipYear(**year_fields("2024-25"))
    plan_services.year_save(actor=people[Role.BUSINESS_UNIT], year=older)
    assert list(PartnershipYear.objects.filter(is_current=True)) == [new]


@pytest.mark.parametrize("role", [Role.GROUP_CHAIR, Role.SCRUTINEER, Role.AGENCY_LEAD])
def test_only_the_business_unit_manages_the_plan(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords, role: str
) -> None:
    client = client_as(role)
    records = governance_records

    assert client.get(YEAR_CREATE).status_code == 403
    assert client.post(YEAR_CREATE, year_form()).status_code == 403
    assert client.post(priority_edit_url(records.priority), {"title": "Mine"}).status_code == 403
    assert PartnershipYear.objects.count() == 1
    records.priority.refresh_from_db()
    assert records.priority.title == "Family help"


# A priority's page -------------------------------------------------------------------------


def test_the_priority_page_shows_everything_under_it(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
    agencies: dict[str, Agency],
) -> None:
    records = governance_records
    other_priority = Priority.objects.create(year=records.year, title="Youth violence")
    PlannedWork.objects.create(year=records.year, priority=other_priority, title="Not mine")
    action_for(group, title="Someone else's action", due_in=3, priority=other_priority)
    PlannedWork.objects.filter(pk=records.work.pk).update(
        lead_agency=agencies["council"], evidence_of_completion="Held on 3 March"
    )

    response = client_as(Role.PRACTITIONER).get(priority_url(records.priority))

    assert response.status_code == 200
    assert text(one(response, "h1")) == "Family help Golden thread"
    work = section(response, "Planned work")
    assert "A family help event" in work
    assert "Testford Council" in work
    assert "Held on 3 March" in work
    assert "Not mine" not in work
    actions = section(response, "Actions")
    assert "Agree the measures" in actions
    assert "Someone else's action" not in actions
    # The practitioner is not involved in the group's request, so is not shown it.
    assert "How do you know your early help plans work?" not in section(response, "Assurance")
    as_chair = client_as(Role.GROUP_CHAIR).get(priority_url(records.priority))
    assurance = section(as_chair, "Assurance")
    assert "How do you know your early help plans work?" in assurance
    assert "1 of 2" in assurance


def test_the_priority_page_gathers_the_golden_thread_across_the_year(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
) -> None:
    records = governance_records
    other_priority = Priority.objects.create(year=records.year, title="Youth violence")
    PlannedWork.objects.create(
        year=records.year,
        priority=other_priority,
        title="Disproportionality audit",
        golden_thread=True,
    )
    PlannedWork.objects.create(year=records.year, title="Plain work")
    LearningPoint.objects.filter(pk=records.learning_point.pk).update(golden_thread=True)
    on_the_thread: dict[str, Any] = {"due_in": 10, "golden_thread": True}
    action_for(
        group, title="Check who is stopped and searched", priority=other_priority, **on_the_thread
    )
    action_for(
        group,
        title="An action on the year's learning",
        learning_point=records.learning_point,
        **on_the_thread,
    )
    # Another year's golden thread is not this year's.
    last_year = PartnershipYear.objects.create(**year_fields("2024-25"))
    old_priority = Priority.objects.create(year=last_year, title="Old priority", golden_thread=True)
    PlannedWork.objects.create(year=last_year, title="Old work", golden_thread=True)
    action_for(group, title="Old action", priority=old_priority, **on_the_thread)

    response = client_as(Role.PRACTITIONER).get(priority_url(other_priority))

    items = [
        text(li)
        for li in page(response).select("h2 ~ ul.govuk-list--bullet li")
        if text(li).split(":")[0] in {"Priority", "Planned work", "Action"}
        or text(li).startswith("Learning (")
    ]
    assert items == [
        "Priority: Family help",
        "Planned work: Disproportionality audit",
        "Learning (Early help): Gather partners' evidence that early help works",
        "Action: Check who is stopped and searched (Performance Subgroup)",
        "Action: An action on the year's learning (Performance Subgroup)",
    ]
    assert "Old" not in section(response, "The golden thread across 2025-26")


def test_with_nothing_on_the_golden_thread_the_page_says_so(
    client_as: Callable[[str], Client],
) -> None:
    year = PartnershipYear.objects.create(**year_fields("2026-27"))
    priority = Priority.objects.create(year=year, title="Neglect")

    response = client_as(Role.PRACTITIONER).get(priority_url(priority))

    golden = section(response, "The golden thread across 2026-27")
    assert "Nothing this year carries the golden thread yet." in golden
    assert section(response, "Planned work") == "No planned work is linked to this priority."
    assert section(response, "Actions") == "No actions are linked to this priority."
    assert section(response, "Assurance") == (
        "No group has asked for assurance on this priority yet."
    )


def test_a_priority_without_outcome_measures_warns_it_cannot_show_its_impact(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    priority = governance_records.priority
    client = client_as(Role.PRACTITIONER)

    warning = one(client.get(priority_url(priority)), ".govuk-warning-text")
    assert "This priority has no outcome measures, so the annual report cannot show its impact" in (
        text(warning)
    )

    OutcomeMeasure.objects.create(
        priority=priority, description="Re-referrals within a year", indicator_code="CSC-07"
    )
    measured = client.get(priority_url(priority))
    assert page(measured).select(".govuk-warning-text") == []
    assert "Re-referrals within a year (indicator CSC-07)" in section(
        measured, "How we will know it is working"
    )


def test_a_priority_page_lists_its_strands_in_order(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    priority = governance_records.priority
    PriorityStrand.objects.create(priority=priority, title="Family help", position=2)
    PriorityStrand.objects.create(priority=priority, title="Child protection", position=1)

    response = client_as(Role.PRACTITIONER).get(priority_url(priority))

    assert [text(li) for li in page(response).select("ol.govuk-list--number li")] == [
        "Child protection",
        "Family help",
    ]


def test_changes_to_a_priority_are_recorded_and_shown_in_its_history(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    people: dict[str, User],
) -> None:
    priority = governance_records.priority
    client = client_as(Role.BUSINESS_UNIT)
    assert one(client.get(priority_edit_url(priority)), "#id_title")["value"] == "Family help"

    response = client.post(
        priority_edit_url(priority),
        {
            "title": "Safeguarding through Family Help",
            "statement": "Help families early",
            "position": "0",
            "golden_thread": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == priority_url(priority)
    priority.refresh_from_db()
    assert priority.title == "Safeguarding through Family Help"
    assert priority.year == governance_records.year
    entry = audit_of(priority, RECORD_CHANGED).get()
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.changes == {
        "title": ["Family help", "Safeguarding through Family Help"],
        "statement": ["", "Help families early"],
    }

    history = history_lines(client_as(Role.PRACTITIONER).get(priority_url(priority)))
    assert len(history) == 1
    shown = history[0]
    assert shown.startswith(f"Changed by {people[Role.BUSINESS_UNIT].full_name}")
    assert "Title: Family help → Safeguarding through Family Help" in shown
    assert "Statement: (blank) → Help families early" in shown


def test_saving_a_priority_unchanged_records_nothing(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    priority = governance_records.priority

    response = client_as(Role.BUSINESS_UNIT).post(
        priority_edit_url(priority),
        {"title": "Family help", "statement": "", "position": "0", "golden_thread": "on"},
    )

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(target_type="governance.priority").exists()


def test_a_priority_needs_a_title(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    year = governance_records.year

    response = client_as(Role.BUSINESS_UNIT).post(
        priority_create_url(year), {"title": "", "statement": "Something", "position": "1"}
    )

    assert_refused(response, {"Enter the priority's title": "id_title"})
    assert Priority.objects.count() == 1


def test_a_new_priority_belongs_to_the_year_in_the_address(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    year = governance_records.year

    response = client_as(Role.BUSINESS_UNIT).post(
        priority_create_url(year),
        {"title": "Children as victims of domestic abuse", "position": "2"},
    )

    created = Priority.objects.get(title="Children as victims of domestic abuse")
    assert response["Location"] == priority_url(created)
    assert created.year == year
    assert AuditEntry.objects.get(target_type="governance.priority").action == RECORD_CREATED


# Query counts ------------------------------------------------------------------------------


def fill_priority(
    priority: Priority,
    *,
    count: int,
    group: PartnershipGroup,
    other_group: PartnershipGroup,
    agency: Agency,
    asker: User,
    responder: User,
) -> None:
    """`count` each of planned work (with a milestone), actions and requests under a priority,
    all on the golden thread, each request of `group` asked of an agency and of `other_group`,
    the agency answering."""
    year = priority.year
    on_the_thread: dict[str, Any] = {"priority": priority, "golden_thread": True}
    for n in range(count):
        work = PlannedWork.objects.create(
            year=year, title=f"Work {n}", owner_group=group, lead_agency=agency, **on_the_thread
        )
        Milestone.objects.create(planned_work=work, title=f"Milestone {n}", due_on=date(2026, 1, 1))
        point = learning_point(
            group,
            f"Theme {n}",
            f"Learning {n}",
            year=year,
            source=LearningPoint.Source.AUDIT,
            golden_thread=True,
        )
        action_for(
            group,
            title=f"Action {n}",
            due_in=n - count,
            lead=agency,
            learning_point=point,
            **on_the_thread,
        )
        assurance_request(
            group,
            f"Question {n}",
            created_by=asker,
            due_in=5,
            agencies=[agency],
            groups=[other_group],
            answered_by=responder,
            learning_point=point,
            **on_the_thread,
        )


def test_the_priority_page_costs_the_same_queries_however_much_hangs_on_it(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    other_group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> None:
    year = PartnershipYear.objects.create(**year_fields("2025-26"), is_current=True)
    small, large = (Priority.objects.create(year=year, title=t) for t in ("Small", "Large"))
    filling: dict[str, Any] = {
        "group": group,
        "other_group": other_group,
        "agency": agencies["council"],
        "asker": people[Role.GROUP_CHAIR],
        "responder": people[Role.AGENCY_LEAD],
    }
    client = client_as(Role.BUSINESS_UNIT)

    fill_priority(small, count=2, **filling)
    with_two = queries_for(client, priority_url(small))
    fill_priority(large, count=20, **filling)
    with_twenty = queries_for(client, priority_url(large))

    assert with_twenty == with_two
    response = client.get(priority_url(large))
    # 20 rows each of planned work, actions and requests.
    assert len(table_rows(response)) == 60
    assert "Action 19" in text(response)


def test_the_plan_page_costs_the_same_queries_however_many_priorities(
    client_as: Callable[[str], Client], group: PartnershipGroup
) -> None:
    year = PartnershipYear.objects.create(**year_fields("2025-26"), is_current=True)
    client = client_as(Role.PRACTITIONER)

    def add(count: int) -> None:
        start = Priority.objects.filter(year=year).count()
        for n in range(start, start + count):
            priority = Priority.objects.create(year=year, title=f"Priority {n}")
            PriorityStrand.objects.create(priority=priority, title=f"Strand {n}")
            OutcomeMeasure.objects.create(priority=priority, description=f"Measure {n}")
            PlannedWork.objects.create(
                year=year, priority=priority, title=f"Work {n}", owner_group=group
            )

    add(2)
    with_two = queries_for(client, PLAN)
    add(18)
    with_twenty = queries_for(client, PLAN)

    assert with_twenty == with_two
    assert len(page(client.get(PLAN)).select(".govuk-summary-card")) == 20
