"""How fast the staff pages that show figures from the accepted returns render with the demo.

Makes a fresh database, loads the Northgate demo partnership's people alone, and times
each page on it (with an empty year, priority and indicator where a page needs one): that
is the baseline, the cost of the page itself. Then loads the rest of the demo (a year of
priorities, planned work and accepted returns, as `load_demo` does) and times each page
again, signed in as every role that may open it, through Django's test client. Prints the
median and 95th percentile over many loads, the queries one load makes, the baseline and
the ratio. Then, for the business unit, what each page costs on the first load after a
return is accepted, when its figures are worked out again from the files of record: what
every load cost before the figures were kept. And the share of the machine's CPU that
other processes took meanwhile, since they slow every figure here.

Target: every page under 300 ms (median) on this machine, figures kept.

    make bench                       # SQLite in a temporary folder
    DATABASE_URL=postgres://... make bench
    BENCH_RUNS=50 .venv/bin/python bench/staff_pages.py
"""

import logging
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SAFEGUARDING_VAR_DIR", tempfile.mkdtemp(prefix="bench-staff-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
# DEBUG stays off, as in production: the test client's host is allowed, and every page
# is asked for over HTTPS, so nothing is redirected.
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from safeguarding.accounts.models import AuthenticatorApp, User  # noqa: E402
from safeguarding.core.roles import Role  # noqa: E402
from safeguarding.demo.governance import load_demo_governance, publish_demo_report  # noqa: E402
from safeguarding.demo.insight import load_demo_insight  # noqa: E402
from safeguarding.demo.partnership import load_demo_partnership  # noqa: E402
from safeguarding.demo.returns import load_demo_returns  # noqa: E402
from safeguarding.governance.models import PartnershipYear, Priority  # noqa: E402
from safeguarding.insight.figures import figures_changed  # noqa: E402
from safeguarding.returns.models import Indicator, IndicatorVersion  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
COLD_RUNS = 3
TARGET_MS = 300.0

# (page, how to find its address: given the subjects, the address)
Subjects = dict[str, Any]
PAGES: list[tuple[str, Callable[[Subjects], str]]] = [
    ("staff home", lambda s: reverse("core:staff-home")),
    ("insight home", lambda s: reverse("insight:home")),
    ("golden thread", lambda s: reverse("insight:golden_thread", args=[s["priority"].pk])),
    ("priority page", lambda s: reverse("governance:priority-detail", args=[s["priority"].pk])),
    (
        "annual report draft",
        lambda s: reverse("governance:annual-report-draft", args=[s["year"].label]),
    ),
    ("indicator (aggregate)", lambda s: reverse("insight:indicator", args=[s["aggregate"]])),
    (
        "disproportionality (aggregate)",
        lambda s: reverse("insight:disproportionality", args=[s["aggregate"]]),
    ),
    ("indicator (child-level)", lambda s: reverse("insight:indicator", args=[s["events"]])),
    (
        "disproportionality (child-level)",
        lambda s: reverse("insight:disproportionality", args=[s["events"]]),
    ),
    ("linked outcomes", lambda s: reverse("insight:outcomes")),
]


class OtherWork:
    """How much of the machine other processes took (Linux only; zero elsewhere)."""

    def __init__(self) -> None:
        self.started = self._now()

    @staticmethod
    def _now() -> tuple[float, float, float]:
        ours = resource.getrusage(resource.RUSAGE_SELF)
        try:
            fields = [int(n) for n in Path("/proc/stat").read_text().split()[1:8]]
        except (OSError, ValueError):
            return 0.0, 0.0, 0.0
        tick = os.sysconf("SC_CLK_TCK")
        busy = sum(fields) - fields[3] - fields[4]
        return busy / tick, sum(fields) / tick, ours.ru_utime + ours.ru_stime

    @property
    def share(self) -> float:
        now = self._now()
        busy, total, ours = (b - a for a, b in zip(self.started, now, strict=True))
        return max(0.0, busy - ours) / total if total else 0.0


def signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person, backend="safeguarding.accounts.backends.EmailBackend")
    device = AuthenticatorApp.objects.filter(user=person, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def clients() -> dict[str, Client]:
    """One signed-in client for each role, as its demo person. In this scratch database
    they are made ordinary accounts, so they sign in with DEBUG off."""
    User.objects.filter(is_demo=True).update(is_demo=False)
    people: dict[str, Client] = {}
    for person in User.objects.filter(is_active=True).order_by("pk"):
        people.setdefault(Role(person.role).label, signed_in(person))
    return people


def measure(client: Client, url: str, runs: int = RUNS) -> tuple[float, float, int] | None:
    """Median and 95th percentile in ms and the queries one load makes; None where this
    client may not open the page."""
    # The first load also fills the caches, as a running server's are.
    if client.get(url, secure=True).status_code != 200:
        return None
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    # Counted at the cursor: Django empties its own query log at every request's start.
    with connection.execute_wrapper(count):
        client.get(url, secure=True)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)], queries


def cold(client: Client, url: str) -> float:
    """Median ms of the first load after a return is accepted, figures worked out again."""
    timings = []
    for _ in range(COLD_RUNS):
        figures_changed()
        started = time.perf_counter()
        client.get(url, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def empty_subjects() -> Subjects:
    """A year, a priority and an indicator with nothing in them, for the baseline."""
    year = PartnershipYear.objects.create(
        label="bench-empty", starts_on=date(2000, 4, 1), ends_on=date(2001, 3, 31)
    )
    priority = Priority.objects.create(year=year, title="A priority with nothing in it")
    codes = {}
    for kind, event_type in (("aggregate", ""), ("events", "referral")):
        indicator = Indicator.objects.create(
            code=f"bench-empty-{kind}", title="Nothing returned", theme="Bench"
        )
        IndicatorVersion.objects.create(
            indicator=indicator,
            definition="Nothing returned.",
            numerator="Nothing",
            breakdowns=["ethnicity"],
            event_type=event_type,
        )
        codes[kind] = indicator.code
    return {"year": year, "priority": priority, **codes}


def demo_subjects() -> Subjects:
    """The current year, its priority with the most measures that name an indicator, and
    an indicator from aggregate returns (by five breakdowns, every quarter) and one from
    child-level returns (referrals, so with stage-to-stage tables too)."""
    year = PartnershipYear.objects.get(is_current=True)
    priority = max(
        Priority.objects.filter(year=year).prefetch_related("measures"),
        key=lambda p: sum(bool(m.indicator_code) for m in p.measures.all()),
    )
    aggregate, events = "da-children-present", "csc-referrals"
    found = set(
        IndicatorVersion.objects.filter(indicator__code__in=[aggregate, events]).values_list(
            "indicator__code", "event_type"
        )
    )
    assert found == {(aggregate, ""), (events, "referral")}, "the demo's indicators changed"
    return {"year": year, "priority": priority, "aggregate": aggregate, "events": events}


def main() -> int:
    # A role that may not open a page is told 404; that is expected, not worth a line.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    load_demo_partnership()
    people = clients()
    empty = empty_subjects()
    business_unit = people[Role.BUSINESS_UNIT.label]
    baseline: dict[str, tuple[float, float, int] | None] = {}
    for label, address in PAGES:
        baseline[label] = measure(business_unit, address(empty))
    # Gone before the demo is loaded, so the demo's pages have nothing of the baseline's.
    empty["priority"].delete()
    empty["year"].delete()
    IndicatorVersion.objects.filter(indicator__code__startswith="bench-empty-").delete()
    Indicator.objects.filter(code__startswith="bench-empty-").delete()

    started = time.perf_counter()
    today = timezone.localdate()
    load_demo_governance()
    load_demo_returns(today=today)
    load_demo_insight(today=today)
    publish_demo_report()
    people = clients()
    print(
        f"Loaded the demo partnership on {connection.vendor} in "
        f"{time.perf_counter() - started:.1f} s; {RUNS} loads of each page for each role "
        "that may open it, after one that fills the caches"
    )
    subjects = demo_subjects()
    other = OtherWork()
    print(
        f"\n{'page':<34}{'role':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}"
        "   baseline (empty database)   ratio  target"
    )
    missed = 0
    kept: dict[str, float] = {}
    for label, address in PAGES:
        url = address(subjects)
        base = baseline[label]
        for role, client in people.items():
            found = measure(client, url)
            if found is None:
                continue
            median, p95, queries = found
            kept.setdefault(label, median)
            ok = median < TARGET_MS
            missed += not ok
            against = (
                f"{base[0]:>8.1f} ms, {base[2]:>3} queries   {median / base[0]:>5.2f}x"
                if base
                else f"{'(cannot be opened)':>27}   {'':>5} "
            )
            print(
                f"{label:<34}{role:<28}{median:>10.1f}{p95:>9.1f}{queries:>9}   {against}"
                f"  {'met' if ok else 'MISSED'} (<{TARGET_MS:.0f} ms)"
            )
    print(
        f"\nThe business unit's first load after a return is accepted (median of {COLD_RUNS}), "
        "its figures worked out again, as every load was before they were kept:"
    )
    print(f"{'page':<34}{'worked out ms':>14}{'kept ms':>9}   ratio")
    for label, address in PAGES:
        again = cold(business_unit, address(subjects))
        print(f"{label:<34}{again:>14.1f}{kept[label]:>9.1f}  {again / kept[label]:>5.1f}x")
    print(
        f"\nOther processes took {other.share:.0%} of the machine's CPU time while the pages "
        "were timed"
        + (": the figures are slower than on an idle machine." if other.share > 0.05 else ".")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
