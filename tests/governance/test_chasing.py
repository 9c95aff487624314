"""Chasing overdue answers and actions: by email, at most once a week, every morning."""

import signal
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import REMINDER_SENT
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.morning import next_morning_at
from safeguarding.core.roles import Role
from safeguarding.core.tasks import MORNING_TASK_PATH, morning_schedule
from safeguarding.governance import services
from safeguarding.governance.models import (
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    WorkStatus,
)
from tests.governance.conftest import (
    action_for,
    ask,
    days_from_today,
    request_url,
    table_rows,
    today,
)
from tests.pages import one

LONDON = ZoneInfo("Europe/London")
NOTHING_CHASED = {"answers": 0, "actions": 0, "emails": 0}


def chased_addresses() -> list[list[str]]:
    return sorted(sorted(message.to) for message in mail.outbox)


def last_chased(request: AssuranceRequest) -> set[date | None]:
    """The days each of those asked was last chased."""
    recipients = AssuranceRecipient.objects.filter(request=request)
    return set(recipients.values_list("last_chased_on", flat=True))


def command_output(*args: str) -> str:
    """What `manage.py chase_overdue` says, given these arguments."""
    out = StringIO()
    call_command("chase_overdue", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def overdue_request(
    group: PartnershipGroup,
    other_group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> AssuranceRequest:
    """Asked of the council and of the Early Help Board; due yesterday; no one has answered."""
    return ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        due_on=days_from_today(-1),
        agencies=[agencies["council"]],
        groups=[other_group],
    )


# Overdue answers ---------------------------------------------------------------------------


def test_an_overdue_answer_is_chased_by_email(
    overdue_request: AssuranceRequest, people: dict[str, User]
) -> None:
    summary = services.overdue_chase()

    assert summary == {"answers": 2, "actions": 0, "emails": 2}
    # The council's agency lead, and the chair of the group asked (the analyst).
    assert chased_addresses() == [
        [people[Role.AGENCY_LEAD].email],
        [people[Role.ANALYST].email],
    ]
    council_mail = next(m for m in mail.outbox if m.to == [people[Role.AGENCY_LEAD].email])
    assert council_mail.subject == "Overdue: Performance Subgroup is waiting for your answer"
    assert "Testford Council" in council_mail.body
    assert request_url(overdue_request) in council_mail.body
    assert last_chased(overdue_request) == {today()}


def test_an_answer_is_not_overdue_on_its_last_day(
    group: PartnershipGroup, agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    ask(chair=people[Role.GROUP_CHAIR], group=group, due_on=today(), agencies=[agencies["council"]])

    assert services.overdue_chase() == NOTHING_CHASED
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action=REMINDER_SENT).exists()


def test_an_answer_is_chased_at_most_once_a_week(overdue_request: AssuranceRequest) -> None:
    first = today()
    services.overdue_chase(today=first)
    assert len(mail.outbox) == 2
    mail.outbox.clear()

    for later in (1, 3, 6):
        assert services.overdue_chase(today=first + timedelta(days=later))["emails"] == 0
    assert mail.outbox == []

    assert services.overdue_chase(today=first + timedelta(days=7))["answers"] == 2
    assert len(mail.outbox) == 2
    assert last_chased(overdue_request) == {first + timedelta(days=7)}


def test_those_who_answered_are_not_chased(
    overdue_request: AssuranceRequest,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> None:
    council = overdue_request.recipients.get(agency=agencies["council"])
    AssuranceResponse.objects.create(
        recipient=council, narrative="Here it is", responded_by=people[Role.AGENCY_LEAD]
    )

    assert services.overdue_chase()["answers"] == 1

    assert [m.to for m in mail.outbox] == [[people[Role.ANALYST].email]]
    council.refresh_from_db()
    assert council.last_chased_on is None


def test_a_judged_request_is_not_chased(overdue_request: AssuranceRequest) -> None:
    AssuranceRequest.objects.filter(pk=overdue_request.pk).update(
        judgement=AssuranceRequest.Judgement.NOT_ASSURED, judgement_reason="No answers came"
    )

    assert services.overdue_chase() == NOTHING_CHASED
    assert mail.outbox == []


def test_a_recipient_with_no_one_to_answer_is_marked_chased_without_email(
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    school_lead: User,
) -> None:
    """The school's only agency lead left after the request was sent: nothing can be
    sent, and nothing fails."""
    request = ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        due_on=days_from_today(-2),
        agencies=[agencies["school"]],
    )
    school_lead.is_active = False
    school_lead.save()

    assert services.overdue_chase() == {"answers": 1, "actions": 0, "emails": 0}
    assert mail.outbox == []
    assert request.recipients.get().last_chased_on == today()


# Overdue actions ---------------------------------------------------------------------------


def test_an_overdue_action_emails_the_owners_chairs_and_the_lead_agencys_leads(
    group: PartnershipGroup, agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    action = action_for(group, due_in=-3, lead=agencies["council"])

    summary = services.overdue_chase()

    assert summary == {"answers": 0, "actions": 1, "emails": 2}
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(
        [people[Role.GROUP_CHAIR].email, people[Role.AGENCY_LEAD].email]
    )
    assert people[Role.GROUP_MEMBER].email not in message.to
    assert message.subject == "Overdue action: Agree the measures"
    assert reverse("governance:action-detail", args=[action.pk]) in message.body
    action.refresh_from_db()
    assert action.last_chased_on == today()


@pytest.mark.parametrize(
    ("status", "chased"),
    [
        (WorkStatus.NOT_STARTED, True),
        (WorkStatus.IN_PROGRESS, True),
        (WorkStatus.PAUSED, True),
        (WorkStatus.COMPLETE, False),
        (WorkStatus.CANCELLED, False),
    ],
)
def test_only_open_actions_are_chased(
    group: PartnershipGroup, people: dict[str, User], status: str, chased: bool
) -> None:
    action_for(group, due_in=-3, status=status)

    summary = services.overdue_chase()

    assert summary["actions"] == int(chased)
    assert [m.to for m in mail.outbox] == ([[people[Role.GROUP_CHAIR].email]] if chased else [])


def test_an_action_due_today_is_not_chased(group: PartnershipGroup) -> None:
    action_for(group, due_in=0)

    assert services.overdue_chase()["actions"] == 0
    assert mail.outbox == []


def test_an_action_is_chased_at_most_once_a_week(
    group: PartnershipGroup, people: dict[str, User]
) -> None:
    action = action_for(group, due_in=-1)
    services.overdue_chase()
    assert len(mail.outbox) == 1
    mail.outbox.clear()

    assert services.overdue_chase(today=days_from_today(3))["actions"] == 0
    assert mail.outbox == []
    assert services.overdue_chase(today=days_from_today(7))["actions"] == 1
    assert len(mail.outbox) == 1
    action.refresh_from_db()
    assert action.last_chased_on == days_from_today(7)


# The audit trail ---------------------------------------------------------------------------


def test_each_chase_is_recorded_as_a_reminder(
    overdue_request: AssuranceRequest, group: PartnershipGroup
) -> None:
    action = action_for(group, due_in=-1)

    services.overdue_chase()

    entry = AuditEntry.objects.get(action=REMINDER_SENT)
    assert entry.actor is None
    assert entry.target_type == "governance.chase"
    assert entry.target_label == "Chased 2 overdue answers and 1 overdue actions"
    assert entry.changes["actions"] == [action.pk]
    assert entry.changes["emails"] == 3
    assert sorted(entry.changes["answers"]) == sorted(
        [f"{overdue_request.pk}: Testford Council", f"{overdue_request.pk}: Early Help Board"]
    )

    # A second chase the same day finds nothing to do and records nothing.
    services.overdue_chase()
    assert AuditEntry.objects.filter(action=REMINDER_SENT).count() == 1


# Booking the morning chase -----------------------------------------------------------------


def waiting_chases() -> list[DBTaskResult[Any, Any]]:
    return list(DBTaskResult.objects.filter(task_path=MORNING_TASK_PATH, status="READY"))


@pytest.mark.parametrize(
    ("now", "booked_for"),
    [
        pytest.param(
            datetime(2026, 1, 14, 9, 30, tzinfo=LONDON),
            datetime(2026, 1, 15, 7, 0, tzinfo=LONDON),
            id="after seven: tomorrow morning",
        ),
        pytest.param(
            datetime(2026, 1, 14, 5, 59, tzinfo=LONDON),
            datetime(2026, 1, 14, 7, 0, tzinfo=LONDON),
            id="before seven: this morning",
        ),
        pytest.param(
            # The clocks went forward on 29 March 2026: still seven o'clock, London time.
            datetime(2026, 3, 28, 8, 0, tzinfo=LONDON),
            datetime(2026, 3, 29, 7, 0, tzinfo=LONDON),
            id="into summer time",
        ),
    ],
)
def test_the_chase_is_booked_for_the_next_seven_oclock(
    db: None, now: datetime, booked_for: datetime
) -> None:
    assert morning_schedule(now=now) is True

    (booked,) = waiting_chases()
    assert booked.run_after == booked_for
    assert timezone.localtime(booked.run_after).hour == 7
    assert booked.queue_name == "default"
    assert booked.args_kwargs == {"args": [], "kwargs": {}}
    # Asking again books nothing more.
    assert morning_schedule(now=now) is False
    assert len(waiting_chases()) == 1


def test_with_no_time_given_the_chase_is_booked_for_the_next_seven_oclock(db: None) -> None:
    before = timezone.localtime()

    morning_schedule()

    (booked,) = waiting_chases()
    run_after = timezone.localtime(booked.run_after)
    assert (run_after.hour, run_after.minute, run_after.second) == (7, 0, 0)
    assert before < run_after <= before + timedelta(days=1)
    assert run_after.date() in {before.date(), before.date() + timedelta(days=1)}


def test_replacing_a_pending_chase_books_another(db: None) -> None:
    morning_schedule()

    assert morning_schedule(replace_pending=True) is True
    assert len(waiting_chases()) == 2


@pytest.fixture
def restore_signals() -> Iterator[None]:
    """The worker installs its own handlers for SIGINT and SIGTERM; put pytest's back."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_booked_chase_and_books_the_next(
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    restore_signals: None,
) -> None:
    request = ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        due_on=days_from_today(-1),
        agencies=[agencies["council"]],
    )
    action = action_for(group, due_in=-2)
    assert morning_schedule() is True
    (booked,) = waiting_chases()
    DBTaskResult.objects.filter(pk=booked.pk).update(
        run_after=timezone.now() - timedelta(minutes=1)
    )

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())

    booked.refresh_from_db()
    assert booked.status == "SUCCESSFUL", booked.traceback
    done = booked.return_value
    assert done is not None
    assert done["governance.chase"] == {"answers": 1, "actions": 1, "emails": 2}
    assert chased_addresses() == [
        [people[Role.AGENCY_LEAD].email],
        [people[Role.GROUP_CHAIR].email],
    ]
    assert request.recipients.get().last_chased_on == today()
    action.refresh_from_db()
    assert action.last_chased_on == today()
    assert AuditEntry.objects.filter(action=REMINDER_SENT).count() == 1
    # The chase booked its successor for the next seven o'clock.
    (following,) = waiting_chases()
    assert following.pk != booked.pk
    assert following.run_after == next_morning_at()
    assert timezone.localtime(following.run_after).hour == 7


# The management command --------------------------------------------------------------------


def test_the_command_chases_now_and_says_what_it_did(
    overdue_request: AssuranceRequest, group: PartnershipGroup
) -> None:
    action_for(group, due_in=-1)

    assert command_output() == "Chased 2 answers and 1 actions (3 emails)"
    assert len(mail.outbox) == 3
    assert not waiting_chases()

    assert command_output() == "Chased 0 answers and 0 actions (0 emails)"


def test_the_command_books_the_morning_chase_once(db: None) -> None:
    assert command_output("--schedule") == "Morning chase booked"
    (booked,) = waiting_chases()
    assert timezone.localtime(booked.run_after).hour == 7

    assert command_output("--schedule") == "Morning chase already booked"
    assert len(waiting_chases()) == 1
    assert mail.outbox == []


# The business unit's chase list ------------------------------------------------------------


def test_the_business_unit_home_counts_who_to_chase(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    other_group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> None:
    for days in (-10, -3):
        action_for(group, due_in=days, title=f"Late by {-days} days")
    action_for(other_group, due_in=-1, title="Late by a day")
    action_for(other_group, due_in=5, title="Not late")
    ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        due_on=days_from_today(-4),
        agencies=[agencies["council"]],
    )

    home = client_as(Role.BUSINESS_UNIT).get(reverse("core:staff-home"))

    actions = table_rows(one(home, "table:has(caption:-soup-contains('Overdue actions'))"))
    assert actions == [
        [group.name, "2", f"{days_from_today(-10):%-d %b %Y}"],
        [other_group.name, "1", f"{days_from_today(-1):%-d %b %Y}"],
    ]
    one(home, f'a[href="{reverse("governance:group-work", args=[group.slug])}"]')
    answers = table_rows(one(home, "table:has(caption:-soup-contains('Overdue answers'))"))
    assert answers == [[agencies["council"].name, "1", f"{days_from_today(-4):%-d %b %Y}"]]


@pytest.mark.parametrize("role", [Role.GROUP_CHAIR, Role.AGENCY_LEAD, Role.SCRUTINEER])
def test_only_the_business_unit_gets_the_chase_list(
    role: str, client_as: Callable[[str], Client], group: PartnershipGroup
) -> None:
    action_for(group, due_in=-3)

    home = client_as(role).get(reverse("core:staff-home"))

    assert "Who to chase" not in home.content.decode()
