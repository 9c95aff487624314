"""Learning points, the actions that follow from them, and each group's page of work."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from safeguarding.governance.errors import GovernanceError
from safeguarding.governance.models import (
    Action,
    LearningPoint,
    PlannedWork,
    RepresentationWanted,
    WorkStatus,
)
from safeguarding.governance.plan.services import action_save
from tests.conftest import sign_in
from tests.governance.conftest import (
    STAFF_HOME,
    action_for,
    assert_refused,
    assurance_request,
    audit_of,
    days_from_today,
    filled,
    learning_point,
    queries_for,
    request_create_url,
    section,
    table_rows,
    today,
)
from tests.governance.records import GovernanceRecords
from tests.pages import one, page, text

LEARNING_LIST = reverse("governance:learning-list")
LEARNING_CREATE = reverse("governance:learning-create")


def learning_url(point: LearningPoint) -> str:
    return reverse("governance:learning-detail", args=[point.pk])


def action_create_url(point: LearningPoint) -> str:
    return reverse("governance:action-create", args=[point.pk])


def action_edit_url(action: Action) -> str:
    return reverse("governance:action-edit", args=[action.pk])


def group_work_url(group: PartnershipGroup) -> str:
    return reverse("governance:group-work", args=[group.slug])


def new_action_form(point: LearningPoint, **overrides: Any) -> dict[str, Any]:
    """The form for a new action on `point`, owned by the point's group, due in 60 days."""
    form = {
        "title": "Review the early help assessment",
        "owner_group": point.owning_group_id,
        "due_on": days_from_today(60).isoformat(),
        "status": WorkStatus.NOT_STARTED,
    }
    return filled(form, **overrides)


def action_form(action: Action, **changes: Any) -> dict[str, Any]:
    """The action form as it stands for `action`, with some fields changed."""
    form: dict[str, Any] = {
        "title": action.title,
        "owner_group": action.owner_group_id,
        "lead_agency": action.lead_agency_id or "",
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "progress_note": action.progress_note,
    }
    if action.golden_thread:
        form["golden_thread"] = "on"
    return filled(form, **changes)


# Learning ----------------------------------------------------------------------------------


def test_the_learning_list_groups_points_by_theme(
    client_as: Callable[[str], Client], group: PartnershipGroup
) -> None:
    poverty = learning_point(group, "Poverty", "Poverty is missed in assessments")
    early = learning_point(group, "Early help", "Early help plans drift", golden_thread=True)
    closed = learning_point(None, "Early help", "Step-down is not recorded", is_closed=True)
    action_for(group, title="Audit plans", due_in=5, learning_point=early)
    action_for(
        group, title="Done already", due_in=5, learning_point=early, status=WorkStatus.COMPLETE
    )

    response = client_as(Role.PRACTITIONER).get(LEARNING_LIST)

    assert response.status_code == 200
    document = page(response)
    themes = [text(h2) for h2 in document.select("h2.govuk-heading-m")]
    assert themes == ["Early help", "Poverty"]
    tables = document.select("table.govuk-table")
    assert table_rows(tables[0]) == [
        ["Early help plans drift Golden thread", "Performance Subgroup", "Monitor", "1"],
        ["Step-down is not recorded Closed", "All partners", "Monitor", "0"],
    ]
    assert table_rows(tables[1]) == [
        ["Poverty is missed in assessments", "Performance Subgroup", "Monitor", "0"]
    ]
    for learning in (poverty, early, closed):
        one(document, f'a[href="{learning_url(learning)}"]')


def test_with_no_learning_the_list_says_so(client_as: Callable[[str], Client]) -> None:
    response = client_as(Role.PRACTITIONER).get(LEARNING_LIST)

    assert "No learning points have been recorded yet." in text(response)
    assert page(response).select(f'a[href="{LEARNING_CREATE}"]') == []


def learning_form(group: PartnershipGroup, **overrides: Any) -> dict[str, Any]:
    form = {
        "year": "",
        "theme": "Neglect",
        "summary": "Neglect is recognised late",
        "detail": "",
        "source": LearningPoint.Source.RAPID_REVIEW,
        "source_reference": "Child R",
        "owning_group": group.pk,
        "expectation": LearningPoint.Expectation.SEEK_ASSURANCE,
    }
    return filled(form, **overrides)


def test_the_business_unit_records_a_learning_point(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(LEARNING_CREATE, learning_form(group))

    created = LearningPoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == learning_url(created)
    assert (created.theme, created.owning_group, created.source_reference) == (
        "Neglect",
        group,
        "Child R",
    )
    entry = AuditEntry.objects.get(target_type="governance.learningpoint")
    assert entry.action == RECORD_CREATED
    assert entry.actor == people[Role.BUSINESS_UNIT]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"theme": ""}, {"Enter the theme, like Poverty or Early help": "id_theme"}),
        ({"summary": "  "}, {"Enter the learning in a sentence": "id_summary"}),
        ({"source": None}, {"Select where the learning comes from": "id_source_0"}),
        ({"expectation": None}, {"Select what the owning group must do": "id_expectation_0"}),
        (
            {"source": "gossip"},
            {"Select one of the options for where it comes from": "id_source_0"},
        ),
        (
            {"theme": "", "summary": "", "source": None, "expectation": None},
            {
                "Enter the theme, like Poverty or Early help": "id_theme",
                "Enter the learning in a sentence": "id_summary",
                "Select where the learning comes from": "id_source_0",
                "Select what the owning group must do": "id_expectation_0",
            },
        ),
    ],
)
def test_a_bad_learning_point_is_refused_and_changes_nothing(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    overrides: dict[str, Any],
    expected: dict[str, str],
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(
        LEARNING_CREATE, learning_form(group, **overrides)
    )

    assert_refused(response, expected)  # in the order of the form
    assert not LearningPoint.objects.exists()
    assert not AuditEntry.objects.filter(target_type="governance.learningpoint").exists()


@pytest.mark.parametrize("role", [Role.GROUP_CHAIR, Role.AGENCY_LEAD, Role.SCRUTINEER])
def test_only_the_business_unit_records_learning(
    client_as: Callable[[str], Client], group: PartnershipGroup, role: str
) -> None:
    assert client_as(role).post(LEARNING_CREATE, learning_form(group)).status_code == 403
    assert not LearningPoint.objects.exists()


# Actions -----------------------------------------------------------------------------------


def test_a_new_action_is_owned_by_the_learning_points_group_by_default(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    other_group: PartnershipGroup,
) -> None:
    learning = governance_records.learning_point
    LearningPoint.objects.filter(pk=learning.pk).update(golden_thread=True)

    response = client_as(Role.BUSINESS_UNIT).get(action_create_url(learning))

    assert response.status_code == 200
    owner = one(response, "select#id_owner_group")
    selected = owner.select("option[selected]")
    assert [str(o["value"]) for o in selected] == [str(learning.owning_group_id)]
    assert one(response, "input#id_golden_thread").has_attr("checked")
    assert "Early help: Gather partners' evidence that early help works" in text(response)


def test_the_business_unit_adds_an_action_to_a_learning_point(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> None:
    learning = governance_records.learning_point
    data = new_action_form(learning, lead_agency=agencies["council"].pk)

    response = client_as(Role.BUSINESS_UNIT).post(action_create_url(learning), data)

    assert response.status_code == 302
    assert response["Location"] == learning_url(learning)
    action = Action.objects.get(title="Review the early help assessment")
    assert action.learning_point == learning
    assert action.owner_group == learning.owning_group
    assert action.completed_on is None
    entry = audit_of(action).get()
    assert entry.action == RECORD_CREATED
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert "Review the early help assessment" in section(
        client_as(Role.PRACTITIONER).get(learning_url(learning)), "Actions"
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"title": ""}, {"Enter what will be done": "id_title"}),
        ({"owner_group": ""}, {"Select the group that owns the action": "id_owner_group"}),
        ({"due_on": ""}, {"Enter the date it is due by": "id_due_on"}),
        (
            {"due_on": "31/02/2026"},
            {"Enter the date it is due by as a real date, like 2026-03-31": "id_due_on"},
        ),
    ],
)
def test_a_bad_action_is_refused_and_changes_nothing(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    overrides: dict[str, Any],
    expected: dict[str, str],
) -> None:
    learning = governance_records.learning_point

    response = client_as(Role.BUSINESS_UNIT).post(
        action_create_url(learning), new_action_form(learning, **overrides)
    )

    assert_refused(response, expected)
    assert list(Action.objects.all()) == [governance_records.action]


def test_a_group_member_completes_an_action_and_the_day_is_stamped(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    people: dict[str, User],
) -> None:
    action = governance_records.action
    member = client_as(Role.GROUP_MEMBER)
    assert member.get(action_edit_url(action)).status_code == 200

    response = member.post(
        action_edit_url(action),
        action_form(action, status=WorkStatus.COMPLETE, progress_note="Measures agreed"),
    )

    assert response.status_code == 302
    assert response["Location"] == learning_url(governance_records.learning_point)
    action.refresh_from_db()
    assert action.status == WorkStatus.COMPLETE
    assert action.completed_on == today()
    assert action.progress_note == "Measures agreed"
    assert action.learning_point == governance_records.learning_point
    assert action.priority == governance_records.priority
    entry = audit_of(action, RECORD_CHANGED).get()
    assert entry.actor == people[Role.GROUP_MEMBER]
    assert entry.changes == {
        "status": ["not_started", "complete"],
        "completed_on": [None, today().isoformat()],
        "progress_note": ["", "Measures agreed"],
    }
    history = text(one(member.get(action_edit_url(action)), ".sp-history"))
    assert f"Changed by {people[Role.GROUP_MEMBER].full_name}" in history
    assert "Status: Not started → Complete" in history


@pytest.fixture
def completed_action(governance_records: GovernanceRecords) -> Action:
    """The records' action, completed on 5 January 2026."""
    action = governance_records.action
    Action.objects.filter(pk=action.pk).update(
        status=WorkStatus.COMPLETE, completed_on=date(2026, 1, 5)
    )
    action.refresh_from_db()
    return action


def test_reopening_an_action_clears_its_completion_day(
    client_as: Callable[[str], Client], completed_action: Action
) -> None:
    action = completed_action

    response = client_as(Role.GROUP_CHAIR).post(
        action_edit_url(action), action_form(action, status=WorkStatus.IN_PROGRESS)
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == WorkStatus.IN_PROGRESS
    assert action.completed_on is None
    entry = AuditEntry.objects.get(target_type="governance.action", action=RECORD_CHANGED)
    assert entry.changes["completed_on"] == ["2026-01-05", None]


def test_saving_a_complete_action_again_keeps_its_completion_day(
    client_as: Callable[[str], Client], completed_action: Action
) -> None:
    action = completed_action

    client_as(Role.GROUP_MEMBER).post(
        action_edit_url(action), action_form(action, progress_note="Signed off by the Executive")
    )

    action.refresh_from_db()
    assert action.completed_on == date(2026, 1, 5)


def test_the_lead_agencys_lead_may_update_an_action(
    governance_records: GovernanceRecords, police_lead: User
) -> None:
    action = governance_records.action  # led by the police

    response = sign_in(Client(), police_lead).post(
        action_edit_url(action), action_form(action, status=WorkStatus.IN_PROGRESS)
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == WorkStatus.IN_PROGRESS


MOVES = [
    ("owner_group", "Another group"),
    ("lead_agency", None),
    ("due_on", "a year later"),
    ("title", "Something else"),
]


def moved(action: Action, field: str, value: Any) -> dict[str, Any]:
    if field == "owner_group":
        return {"owner_group": factories.group(str(value)).pk}
    if field == "lead_agency":
        return {"lead_agency": ""}
    if field == "due_on":
        return {"due_on": (action.due_on + timedelta(days=365)).isoformat()}
    return {field: value}


@pytest.mark.parametrize(("field", "value"), MOVES)
@pytest.mark.parametrize("who", ["member", "police lead"])
def test_those_who_report_progress_cannot_move_an_action_out_of_their_hands(
    field: str,
    value: Any,
    who: str,
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    police_lead: User,
) -> None:
    action = governance_records.action  # owned by the group, led by the police, open
    client = client_as(Role.GROUP_MEMBER) if who == "member" else sign_in(Client(), police_lead)
    form = page(client.get(action_edit_url(action)))
    assert not form.select(f"[name={field}]"), f"the {field} field is offered"
    before = Action.objects.values().get(pk=action.pk)

    response = client.post(
        action_edit_url(action),
        action_form(action, progress_note="Moving on", **moved(action, field, value)),
    )

    assert response.status_code == 302
    after = Action.objects.values().get(pk=action.pk)
    assert {k: v for k, v in after.items() if k != "progress_note"} == {
        k: v for k, v in before.items() if k != "progress_note"
    }
    assert after["progress_note"] == "Moving on"


def test_the_service_refuses_a_reassignment_by_someone_who_only_reports_progress(
    governance_records: GovernanceRecords, people: dict[str, User]
) -> None:
    action = Action.objects.get(pk=governance_records.action.pk)
    action.due_on += timedelta(days=365)
    action.owner_group = factories.group("Elsewhere")

    with pytest.raises(GovernanceError, match="can change its owning group and due date"):
        action_save(actor=people[Role.GROUP_MEMBER], action=action)

    stored = Action.objects.get(pk=action.pk)
    assert stored.due_on == governance_records.action.due_on
    assert stored.owner_group == governance_records.action.owner_group
    assert not AuditEntry.objects.filter(target_type="governance.action").exists()


@pytest.mark.parametrize("role", [Role.GROUP_CHAIR, Role.BUSINESS_UNIT])
def test_the_owning_groups_chair_and_the_business_unit_may_move_an_action(
    role: str, client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    action = governance_records.action
    later = action.due_on + timedelta(days=365)

    response = client_as(role).post(
        action_edit_url(action), action_form(action, due_on=later.isoformat())
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_on == later


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.AGENCY_LEAD, Role.ANALYST, Role.SCRUTINEER]
)
def test_those_not_working_on_an_action_cannot_change_it(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords, role: str
) -> None:
    """The agency lead here is the council's; the police lead the action."""
    action = governance_records.action
    client = client_as(role)

    assert client.get(action_edit_url(action)).status_code == 403
    response = client.post(action_edit_url(action), action_form(action, status="complete"))

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == WorkStatus.NOT_STARTED
    assert not AuditEntry.objects.filter(target_type="governance.action").exists()


def test_a_group_member_cannot_add_actions(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    url = action_create_url(governance_records.learning_point)

    assert client_as(Role.GROUP_MEMBER).get(url).status_code == 403


# Overdue actions ---------------------------------------------------------------------------


def test_overdue_actions_show_on_the_group_page_and_the_members_home(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    other_group: PartnershipGroup,
) -> None:
    overdue = action_for(group, title="Publish the neglect strategy", due_in=-4)
    action_for(group, title="Due today", due_in=0)
    action_for(group, title="Done late", due_in=-9, status=WorkStatus.COMPLETE)
    action_for(other_group, title="Another group's action", due_in=-4)
    member = client_as(Role.GROUP_MEMBER)

    work = member.get(group_work_url(group))
    assert work.status_code == 200
    listed = section(work, "Overdue actions")
    assert "Publish the neglect strategy" in listed
    assert "Overdue" in listed
    for absent in ("Due today", "Done late", "Another group's action"):
        assert absent not in listed
    one(work, f'a[href="{reverse("governance:action-detail", args=[overdue.pk])}"]')

    home = member.get(STAFF_HOME)
    waiting = section(home, "Overdue actions", level="h3")
    assert "Publish the neglect strategy" in waiting
    assert "Performance Subgroup" in waiting
    for absent in ("Due today", "Done late", "Another group's action"):
        assert absent not in waiting

    # Someone on no group has nothing overdue.
    practitioner_home = client_as(Role.PRACTITIONER).get(STAFF_HOME)
    assert "Nothing is waiting for you." in text(practitioner_home)


def test_with_nothing_overdue_the_group_page_counts_the_open_actions(
    client_as: Callable[[str], Client], group: PartnershipGroup
) -> None:
    for n in range(3):
        action_for(group, title=f"Action {n}", due_in=5)

    response = client_as(Role.PRACTITIONER).get(group_work_url(group))

    assert section(response, "Overdue actions") == (
        "None of the group's 3 open actions is overdue."
    )


def test_the_group_page_sorts_requests_into_waiting_and_ready(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
    other_group: PartnershipGroup,
    people: dict[str, User],
) -> None:
    records = governance_records
    assurance_request(
        group,
        "Is the front door working?",
        created_by=people[Role.GROUP_CHAIR],
        due_in=3,
        groups=[other_group],
        answered_by=people[Role.ANALYST],
    )
    assurance_request(
        other_group,
        "What does the subgroup know about neglect?",
        created_by=people[Role.ANALYST],
        due_in=3,
        groups=[group],
    )

    response = client_as(Role.GROUP_CHAIR).get(group_work_url(group))

    assert "Is the front door working?" in section(response, "Waiting for the group's judgement")
    waiting = section(response, "Asked by the group, waiting for answers")
    assert records.request.question in waiting
    assert "Is the front door working?" not in waiting
    assert "What does the subgroup know about neglect?" in section(response, "Asked of the group")
    one(response, f'a[href="{request_create_url(group)}"]')
    learning = section(response, "Learning the group owns")
    assert "Gather partners' evidence that early help works (seek assurance; 1 open action)" in (
        learning
    )
    assert "A family help event" in section(response, "Planned work the group owns")


# Representation ----------------------------------------------------------------------------


def test_a_kind_of_agency_missing_from_a_group_shows_until_someone_joins(
    client_as: Callable[[str], Client], group: PartnershipGroup, agencies: dict[str, Agency]
) -> None:
    RepresentationWanted.objects.create(
        group=group, agency_kind=Agency.Kind.SCHOOL, reason="Education is a relevant agency"
    )
    client = client_as(Role.BUSINESS_UNIT)
    group_page = reverse("accounts:group-detail", args=[group.slug])

    work = client.get(group_work_url(group))
    warning = text(one(work, ".govuk-warning-text"))
    assert "Missing from this group: school or academy (Education is a relevant agency)." in (
        warning
    )
    assert "Missing: school or academy" in text(client.get(group_page))

    # A member from a school joins the group.
    head = factories.person(
        "head@testford-academy.example", Role.PRACTITIONER, agency=agencies["school"]
    )
    joined = client.post(
        reverse("accounts:group-member-add", args=[group.slug]), {"person": head.pk}
    )
    assert joined.status_code == 302

    assert page(client.get(group_work_url(group))).select(".govuk-warning-text") == []
    assert "Missing" not in text(client.get(group_page))


def test_a_member_who_has_left_does_not_fill_a_gap(
    client_as: Callable[[str], Client], group: PartnershipGroup, agencies: dict[str, Agency]
) -> None:
    RepresentationWanted.objects.create(group=group, agency_kind=Agency.Kind.SCHOOL)
    RepresentationWanted.objects.create(group=group, agency_kind=Agency.Kind.CHILDRENS_SERVICES)
    gone = factories.person("gone@testford-academy.example", agency=agencies["school"])
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    factories.membership(gone, group)

    response = client_as(Role.GROUP_MEMBER).get(group_work_url(group))

    # The chair and member come from the council, so only schools are missing.
    assert "Missing from this group: school or academy." in text(
        one(response, ".govuk-warning-text")
    )


# Query counts ------------------------------------------------------------------------------


@pytest.fixture
def add_group_requests(
    group: PartnershipGroup,
    other_group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> Callable[[int, int], None]:
    """Adds, for each n from first to last: a request of `group` ready for judgement, one
    waiting for answers, one asked of the group, and a learning point."""

    def add(first: int, last: int) -> None:
        chair, council = people[Role.GROUP_CHAIR], agencies["council"]
        for n in range(first, last):
            assurance_request(
                group,
                f"Ready {n}",
                created_by=chair,
                due_in=5,
                agencies=[council],
                answered_by=people[Role.AGENCY_LEAD],
            )
            assurance_request(
                group,
                f"Waiting {n}",
                created_by=chair,
                due_in=5,
                agencies=[council],
                groups=[other_group],
            )
            assurance_request(
                other_group,
                f"Asked of us {n}",
                created_by=people[Role.ANALYST],
                due_in=5,
                groups=[group],
            )
            learning_point(group, f"Theme {n}", f"Learning {n}")

    return add


def test_the_group_page_costs_the_same_queries_however_many_requests(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
    add_group_requests: Callable[[int, int], None],
) -> None:
    client = client_as(Role.GROUP_CHAIR)

    def add(first: int, last: int) -> None:
        add_group_requests(first, last)
        for n in range(first, last):
            PlannedWork.objects.create(
                year=governance_records.year, title=f"Work {n}", owner_group=group
            )

    add(0, 2)
    with_two = queries_for(client, group_work_url(group))
    add(2, 20)
    with_twenty = queries_for(client, group_work_url(group))

    assert with_twenty == with_two
    response = client.get(group_work_url(group))
    assert "Ready 19" in section(response, "Waiting for the group's judgement")
    assert "Waiting 19" in section(response, "Asked by the group, waiting for answers")
    assert "Asked of us 19" in section(response, "Asked of the group")


def test_the_group_page_costs_the_same_queries_however_many_overdue_actions(
    client_as: Callable[[str], Client], group: PartnershipGroup, agencies: dict[str, Agency]
) -> None:
    client = client_as(Role.GROUP_MEMBER)

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            action_for(group, title=f"Overdue {n}", due_in=-1 - n, lead=agencies["council"])

    add(0, 2)
    with_two = queries_for(client, group_work_url(group))
    add(2, 20)
    with_twenty = queries_for(client, group_work_url(group))

    assert "Overdue 19" in section(client.get(group_work_url(group)), "Overdue actions")
    assert with_twenty == with_two, (
        f"{with_twenty - with_two} more queries for 18 more overdue actions"
    )


def test_the_staff_home_costs_the_same_queries_however_much_is_waiting(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    add_group_requests: Callable[[int, int], None],
) -> None:
    """The chair owes judgements and has overdue actions; the analyst owes answers."""

    def add(first: int, last: int) -> None:
        add_group_requests(first, last)
        for n in range(first, last):
            action_for(group, title=f"Overdue {n}", due_in=-1 - n)

    chair, analyst = client_as(Role.GROUP_CHAIR), client_as(Role.ANALYST)
    add(0, 2)
    chair_two, analyst_two = queries_for(chair, STAFF_HOME), queries_for(analyst, STAFF_HOME)
    add(2, 20)
    chair_twenty, analyst_twenty = queries_for(chair, STAFF_HOME), queries_for(analyst, STAFF_HOME)

    assert (chair_twenty, analyst_twenty) == (chair_two, analyst_two)
    home = chair.get(STAFF_HOME)
    assert "Ready 19" in section(home, "Answers waiting for your group's judgement", level="h3")
    assert "Overdue 19" in section(home, "Overdue actions", level="h3")
