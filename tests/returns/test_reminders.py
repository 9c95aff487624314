"""Agencies are reminded of returns due within a week or late, at most once a week."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from safeguarding.core.audit_verbs import REMINDER_SENT
from safeguarding.core.models import AuditEntry
from safeguarding.core.tasks import MORNING_TASK_PATH, morning_schedule
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ReturnObligation
from safeguarding.returns.services import returns_remind

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


@pytest.fixture
def owed() -> None:
    load_demo_partnership()
    load_demo_returns(today=TODAY)


def test_late_returns_are_reminded_once_a_week(owed: None) -> None:
    summary = returns_remind(today=TODAY)
    late = ReturnObligation.objects.filter(due_on__lt=TODAY)
    assert summary["returns"] == late.count() > 0
    police = [m for m in mail.outbox if m.to == ["agency.lead@northgate.example"]]
    assert len(police) == 2 and all(m.subject.startswith("Late: ") for m in police)
    assert AuditEntry.objects.filter(action=REMINDER_SENT).count() == 1

    mail.outbox.clear()
    assert returns_remind(today=TODAY + timedelta(days=3))["returns"] == 0
    assert mail.outbox == []
    assert returns_remind(today=TODAY + timedelta(days=7))["returns"] == late.count()


def test_accepted_and_distant_returns_are_left_alone(owed: None) -> None:
    ReturnObligation.objects.update(status=ReturnObligation.Status.ACCEPTED)
    first = ReturnObligation.objects.first()
    assert first is not None
    ReturnObligation.objects.filter(pk=first.pk).update(
        status=ReturnObligation.Status.NOT_STARTED, due_on=TODAY + timedelta(days=30)
    )
    assert returns_remind(today=TODAY) == {"returns": 0, "emails": 0}
    ReturnObligation.objects.filter(pk=first.pk).update(due_on=TODAY + timedelta(days=5))
    assert returns_remind(today=TODAY)["returns"] == 1


def test_the_morning_reminders_are_booked_once(owed: None) -> None:
    now = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    assert morning_schedule(now=now)
    assert not morning_schedule(now=now)
    booked = DBTaskResult.objects.get(task_path=MORNING_TASK_PATH)
    assert booked.run_after == datetime(2026, 11, 27, 7, 0, tzinfo=ZoneInfo("Europe/London"))


def test_the_command_reminds_now(owed: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("remind_returns")
    assert "Reminded" in capsys.readouterr().out
    assert mail.outbox
