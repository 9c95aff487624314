"""Background work: reminding agencies of returns due or late, every morning."""

from datetime import datetime

from django.tasks import task

from safeguarding.governance.services import next_chase_at
from safeguarding.returns import services

REMIND_TASK_PATH = "safeguarding.returns.tasks.remind_returns"


@task
def remind_returns() -> dict[str, int]:
    """Remind agencies of returns due or late, then book the next morning's reminders."""
    summary = services.returns_remind()
    reminders_schedule()
    return summary


def reminders_schedule(*, now: datetime | None = None) -> bool:
    """Queue the next morning's reminders unless some are already waiting. True if queued."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=REMIND_TASK_PATH, status="READY").exists():
        return False
    remind_returns.using(run_after=next_chase_at(now)).enqueue()
    return True
