"""Background work: the morning's jobs of every app, run by the one task that books its
own successor (safeguarding/core/morning.py)."""

import logging
from datetime import datetime
from typing import Any

from django.tasks import task

from safeguarding.core.morning import morning_jobs, next_morning_at

MORNING_TASK_PATH = "safeguarding.core.tasks.morning_work"

logger = logging.getLogger(__name__)


def morning_jobs_run() -> dict[str, Any]:
    """Run every registered morning job now; what each did, or why it failed."""
    summary: dict[str, Any] = {}
    for job in morning_jobs():
        try:
            summary[job.name] = dict(job.run())
        except Exception as error:
            # One app's failure must not stop the others' reminders; it is logged
            # (with its traceback, for the administrators) and shown in the result.
            logger.exception("The morning job %s failed", job.name)
            summary[job.name] = {"failed": f"{type(error).__name__}: {error}"}
    return summary


@task
def morning_work() -> dict[str, Any]:
    """Run the morning's jobs, then book the next morning's run."""
    summary = morning_jobs_run()
    morning_schedule()
    return summary


def morning_schedule(*, replace_pending: bool = False, now: datetime | None = None) -> bool:
    """Book the next morning's run unless one is already waiting. True if booked.

    The run books its own successor, so once a worker runs, the mornings never stop.
    """
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=MORNING_TASK_PATH, status="READY")
    if waiting.exists() and not replace_pending:
        return False
    morning_work.using(run_after=next_morning_at(now)).enqueue()
    return True
