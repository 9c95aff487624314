"""How fast a group's page of work and a priority's page render with a city's worth of work.

Loads 50 groups, 5,000 learning points and 50,000 actions (a tenth of them overdue) into a
fresh database, then renders each page through Django's test client, signed in as the
business unit, many times. Prints the median and 95th percentile, the queries each render
makes, and the ratio against the named baseline run in the same process: the same page for
a group (or priority) that owns nothing, which is the cost of the page itself.

Target: each page under 200 ms (median) on this machine.

    make bench                       # SQLite in a temporary folder
    DATABASE_URL=postgres://... make bench
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SAFEGUARDING_VAR_DIR", tempfile.mkdtemp(prefix="bench-governance-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from safeguarding.accounts.models import PartnershipGroup  # noqa: E402
from safeguarding.core.roles import Role  # noqa: E402
from safeguarding.demo import factories  # noqa: E402
from safeguarding.governance.models import (  # noqa: E402
    Action,
    LearningPoint,
    PartnershipYear,
    Priority,
    WorkStatus,
)

GROUPS = 50
LEARNING_POINTS = 5_000
ACTIONS = 50_000
PRIORITIES = 10
RUNS = 30
TARGET_MS = 200.0


def load(today: date) -> tuple[PartnershipGroup, PartnershipGroup, Priority, Priority]:
    factories.partnership()
    groups = [
        factories.group(f"Group {n:02d}", PartnershipGroup.Kind.SUBGROUP) for n in range(GROUPS)
    ]
    empty_group = factories.group("A group that owns nothing")
    year = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31), is_current=True
    )
    priorities = Priority.objects.bulk_create(
        Priority(year=year, title=f"Priority {n}", position=n, golden_thread=n % 2 == 0)
        for n in range(PRIORITIES + 1)
    )
    points = LearningPoint.objects.bulk_create(
        LearningPoint(
            year=year,
            theme=f"Theme {n % 12}",
            summary=f"Learning point {n}",
            source=LearningPoint.Source.ANNUAL_REPORT,
            owning_group=groups[n % GROUPS],
            expectation=LearningPoint.Expectation.MONITOR,
            golden_thread=n % 10 == 0,
        )
        for n in range(LEARNING_POINTS)
    )
    statuses = [WorkStatus.NOT_STARTED, WorkStatus.IN_PROGRESS, WorkStatus.COMPLETE]
    Action.objects.bulk_create(
        (
            Action(
                learning_point=points[n % LEARNING_POINTS],
                priority=priorities[n % PRIORITIES],
                title=f"Action {n}",
                owner_group=groups[n % GROUPS],
                due_on=today + timedelta(days=(-30 if n % 10 == 0 else 30)),
                status=statuses[n % 3],
                golden_thread=n % 25 == 0,
            )
            for n in range(ACTIONS)
        ),
        batch_size=5_000,
    )
    return groups[0], empty_group, priorities[0], priorities[PRIORITIES]


def signed_in_client() -> Client:
    person = factories.person("bench@bench.example", Role.BUSINESS_UNIT)
    device = factories.authenticator(person, key="3132333435363738393031323334353637383930")
    client = Client()
    client.force_login(person, backend="safeguarding.accounts.backends.EmailBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client: Client, url: str) -> tuple[float, float, int]:
    """Median and 95th percentile in ms, and the queries one render makes."""
    response = client.get(url)  # warm caches and check the page works
    assert response.status_code == 200, (url, response.status_code)
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    # Counted at the cursor: Django empties its own query log at every request's start.
    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main() -> int:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    group, empty_group, priority, empty_priority = load(date.today())
    print(
        f"Loaded {GROUPS} groups, {LEARNING_POINTS:,} learning points, {ACTIONS:,} actions "
        f"on {connection.vendor} in {time.perf_counter() - started:.1f} s"
    )
    client = signed_in_client()
    pages: list[tuple[str, str, dict[str, object], dict[str, object]]] = [
        (
            "group page of work",
            "governance:group-work",
            {"slug": group.slug},
            {"slug": empty_group.slug},
        ),
        (
            "priority page",
            "governance:priority-detail",
            {"pk": priority.pk},
            {"pk": empty_priority.pk},
        ),
    ]
    print(
        f"\n{'page':<22}{'median ms':>10}{'p95 ms':>9}{'queries':>9}"
        "   baseline (owns nothing)   ratio  target"
    )
    missed = 0
    for label, name, kwargs, baseline_kwargs in pages:
        median, p95, queries = measure(client, reverse(name, kwargs=kwargs))
        base_median, _, base_queries = measure(client, reverse(name, kwargs=baseline_kwargs))
        ok = median < TARGET_MS
        missed += not ok
        print(
            f"{label:<22}{median:>10.1f}{p95:>9.1f}{queries:>9}   "
            f"{base_median:>6.1f} ms, {base_queries:>3} queries   "
            f"{median / base_median:>5.2f}x  {'met' if ok else 'MISSED'} (<{TARGET_MS:.0f} ms)"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
