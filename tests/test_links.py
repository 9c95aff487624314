"""Every link the platform draws goes somewhere the person who sees it may go.

The demo partnership is loaded once; then, as each demo person, every page reachable
from the staff home and the public home is opened and every link on it followed. A link
that answers 403 (or 404, or a server error) is a fault: the page showed something the
person cannot use, and often text from a record they should not see. Links to the same
kind of page (the same URL pattern) are followed a few times each, not once per record.
"""

from collections import Counter, deque
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from safeguarding.accounts.models import User
from safeguarding.demo.partnership import PEOPLE
from tests.conftest import sign_in

# Instances of one URL pattern followed per person: enough to meet a record of another
# agency or group beside one's own.
PER_PATTERN = 4
# Links that change something when followed are forms, not links; these leave the site
# or end the session.
SKIPPED_PREFIXES = ("/static/", "/accounts/sign-out", "/sign-out")
UNLIMITED = {name: "100000/m" for name in ("public_download", "staff_download")}


def links_on(html: str) -> list[str]:
    """The site's own addresses the page links to, without fragments."""
    found = []
    for anchor in BeautifulSoup(html, "html.parser").select("a[href]"):
        href = urldefrag(str(anchor["href"]))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if href.startswith(SKIPPED_PREFIXES):
            continue
        found.append(href)
    return found


def pattern_of(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def crawl(client: Client, starts: list[str]) -> tuple[list[str], int]:
    """(faults, pages opened) for one signed-in client."""
    faults: list[str] = []
    seen: set[str] = set(starts)
    per_pattern: Counter[str] = Counter()
    queue: deque[tuple[str, str]] = deque((start, "(start)") for start in starts)
    opened = 0
    while queue:
        path, came_from = queue.popleft()
        response = client.get(path)
        opened += 1
        status = response.status_code
        if status in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen:
                seen.add(target)
                queue.append((target, path))
            continue
        if status != 200:
            faults.append(f"{path} answers {status} (linked from {came_from})")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in links_on(response.content.decode()):
            if link in seen:
                continue
            pattern = pattern_of(link)
            if per_pattern[pattern] >= PER_PATTERN:
                continue
            per_pattern[pattern] += 1
            seen.add(link)
            queue.append((link, path))
    return faults, opened


@pytest.mark.django_db
def test_every_link_opens_for_every_demo_person(settings: Any, tmp_path: Path) -> None:
    settings.RECORDS_ROOT = tmp_path / "records"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **UNLIMITED}
    settings.DEMO_MODE = True
    call_command("load_demo", stdout=StringIO())

    faults: list[str] = []
    pages = 0
    for person in PEOPLE:
        cache.clear()
        user = User.objects.get(email=person.email)
        found, opened = crawl(sign_in(Client(), user), ["/staff/", "/"])
        pages += opened
        faults += [f"{person.role}: {fault}" for fault in found]

    assert pages > 100 * len(PEOPLE) / 4, f"only {pages} pages were opened"
    assert faults == [], "\n".join(faults)
