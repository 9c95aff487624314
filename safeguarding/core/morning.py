"""The work the platform does every morning, registered by the apps that own it.

Each app registers its job in its AppConfig.ready (`register_morning_job`); one task,
`safeguarding.core.tasks.morning_work`, runs them all at seven o'clock in the
partnership's time zone and books the next morning's run. A new app adds a job without
a second scheduler, and a job that fails is reported without stopping the others.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

# When the morning's work runs, in the partnership's time zone (settings.TIME_ZONE).
MORNING_AT = time(7, 0)

# A job does its work and says what it did, as counts (JSON, for the task's result).
MorningRun = Callable[[], Mapping[str, int]]


@dataclass(frozen=True)
class MorningJob:
    """One app's morning work: `name` is namespaced by its app (`returns.reminders`)."""

    name: str
    label: str
    run: MorningRun


_jobs: dict[str, MorningJob] = {}


def register_morning_job(name: str, label: str, run: MorningRun) -> None:
    """Add a job to the morning's work; registering the same name again replaces it."""
    if "." not in name:
        raise ValueError(f"A morning job's name is namespaced by its app, not {name!r}")
    _jobs[name] = MorningJob(name=name, label=label, run=run)


def morning_jobs() -> list[MorningJob]:
    """Every registered job, in the order the apps registered them."""
    return list(_jobs.values())


def next_morning_at(now: datetime | None = None) -> datetime:
    """The next morning's run time, in the partnership's time zone."""
    now = timezone.localtime(now)
    candidate = now.replace(hour=MORNING_AT.hour, minute=MORNING_AT.minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)
