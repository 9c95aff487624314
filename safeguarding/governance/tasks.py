"""Background work: chasing overdue answers and actions every morning."""

from datetime import datetime

from django.tasks import task

from safeguarding.governance import services

CHASE_TASK_PATH = "safeguarding.governance.tasks.chase_overdue"


@task
def chase_overdue() -> dict[str, int]:
    """Chase what is overdue, then book the next morning's chase."""
    summary = services.overdue_chase()
    chase_schedule(replace_pending=False)
    return summary


def chase_schedule(*, replace_pending: bool = False, now: datetime | None = None) -> bool:
    """Queue the next morning's chase unless one is already waiting. True if queued.

    The chase books its own successor, so once a worker runs, chasing never stops.
    """
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=CHASE_TASK_PATH, status="READY")
    if waiting.exists() and not replace_pending:
        return False
    chase_overdue.using(run_after=services.next_chase_at(now)).enqueue()
    return True
