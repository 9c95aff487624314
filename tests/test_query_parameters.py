"""Every query parameter the platform reads, given Unicode digits, signs, huge numbers and
nonsense: never a server error. An id that is not a whole number is "not found"; text
and choices fall back or say what is wrong.

A parameter read in the code but missing from PARAMETERS fails
`test_every_parameter_read_is_listed`, as a URL missing from the permission matrix does.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.core.query_params import parse_id
from safeguarding.core.roles import Role
from safeguarding.returns.models import ReturnObligation
from tests.governance.records import GovernanceRecords
from tests.insight.records import InsightRecords

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[1] / "safeguarding"

ODD_VALUES = [
    "²",  # superscript two: isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic twelve: int() reads it as 12
    "-1",
    "+1",
    "1e3",
    "1.0",
    " 1",
    "0x1",
    "9" * 30,
    "9" * 5000,  # past int()'s own limit of 4,300 digits
    "\x00",
    "%",
    "'; DROP TABLE x; --",
]

# (parameter, url name, its kwargs from the records, role, what a wrong value gives)
# Django's paginator reads "+1" and " 1" as page 1, and anything else as "not found".
ID, PAGE, TEXT = "id", "page", "text"
PARAMETERS: list[tuple[str, str, Callable[[Any], dict[str, Any]], str, str]] = [
    ("year", "governance:plan", lambda r: {}, Role.PRACTITIONER, ID),
    (
        "learning_point",
        "governance:request-create",
        lambda r: {"slug": r.learning_point.owning_group.slug},
        Role.BUSINESS_UNIT,
        ID,
    ),
    ("page", "governance:request-list", lambda r: {}, Role.BUSINESS_UNIT, PAGE),
    ("page", "returns:calendar", lambda r: {}, Role.BUSINESS_UNIT, PAGE),
    ("page", "accounts:person-list", lambda r: {}, Role.BUSINESS_UNIT, PAGE),
    ("page", "core:audit-list", lambda r: {}, Role.BUSINESS_UNIT, PAGE),
    ("q", "accounts:person-list", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("next", "accounts:two-factor-verify", lambda r: {}, Role.PRACTITIONER, TEXT),
    ("next", "accounts:two-factor-setup", lambda r: {}, Role.PRACTITIONER, TEXT),
    ("next", "accounts:sign-in", lambda r: {}, "anonymous", TEXT),
    ("text", "core:audit-list", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("action", "core:audit-list", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("target_type", "core:audit-list", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("date_from", "core:audit-list", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("date_to", "core:audit-export", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("breakdown", "insight:disproportionality", lambda r: {"code": "referrals"}, "analyst", TEXT),
    ("reference", "insight:disproportionality", lambda r: {"code": "referrals"}, "analyst", TEXT),
    ("period", "insight:disproportionality", lambda r: {"code": "referrals"}, "analyst", TEXT),
    (
        "breakdown",
        "insight:disproportionality_download",
        lambda r: {"code": "referrals", "fmt": "csv"},
        "analyst",
        TEXT,
    ),
    ("breakdown", "insight:outcomes", lambda r: {}, "analyst", TEXT),
    ("breakdown", "insight:outcomes_download", lambda r: {"fmt": "csv"}, "analyst", TEXT),
    ("status", "returns:calendar", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("agency", "returns:calendar", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("period", "returns:calendar", lambda r: {}, Role.BUSINESS_UNIT, TEXT),
    ("blank", "returns:template-csv", lambda r: {"pk": owed_pk()}, Role.BUSINESS_UNIT, TEXT),
    ("blank", "returns:template-xlsx", lambda r: {"pk": owed_pk()}, Role.BUSINESS_UNIT, TEXT),
]


def owed_pk() -> int | None:
    """The return the returns records owe (the fixture is asked for by the test)."""
    return ReturnObligation.objects.values_list("pk", flat=True).first()


# How the code reads a query parameter: request.GET.get("name"), query_id(request, "name"),
# a search form bound to request.GET (its fields), or a paginated list (page).
READS = [
    re.compile(r"GET\.get\(\s*\"(\w+)\""),
    re.compile(r"query_id\(\s*self\.request,\s*\"(\w+)\""),
    re.compile(r"query_id\(\s*request,\s*\"(\w+)\""),
]
# AuditSearchForm, and the returns calendar's CalendarFilterForm.
FORM_FIELDS = {
    "text",
    "action",
    "target_type",
    "date_from",
    "date_to",
    "status",
    "agency",
    "period",
}


def test_every_parameter_read_is_listed() -> None:
    read: set[str] = set(FORM_FIELDS)
    for path in SOURCE.rglob("*.py"):
        source = path.read_text()
        for pattern in READS:
            read |= set(pattern.findall(source))
        if "paginate_by" in source:
            read.add("page")
    listed = {name for name, *_ in PARAMETERS}
    assert read - listed == set(), f"add these query parameters to PARAMETERS: {read - listed}"


@pytest.mark.parametrize("value", ODD_VALUES, ids=[repr(v)[:12] for v in ODD_VALUES])
@pytest.mark.parametrize(
    ("name", "url_name", "kwargs", "role", "kind"),
    PARAMETERS,
    ids=[f"{url}?{name}" for name, url, *_ in PARAMETERS],
)
def test_odd_values_never_break_a_page(
    name: str,
    url_name: str,
    kwargs: Callable[[Any], dict[str, Any]],
    role: str,
    kind: str,
    value: str,
    governance_records: GovernanceRecords,
    client_as: Callable[[str], Client],
    request: pytest.FixtureRequest,
) -> None:
    if url_name.startswith("insight:"):
        request.getfixturevalue("insight_records")
    if url_name.startswith("returns:template"):
        request.getfixturevalue("returns_records")
    client = client_as(role)
    response = client.get(reverse(url_name, kwargs=kwargs(governance_records)), {name: value})

    if kind == ID:
        assert response.status_code == 404, (name, value)
    elif kind == PAGE:
        assert response.status_code in {200, 404}, (name, value, response.status_code)
    else:
        assert response.status_code in {200, 302, 400}, (name, value, response.status_code)


def test_a_real_id_still_works(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    response = client_as(Role.PRACTITIONER).get(
        reverse("governance:plan"), {"year": str(governance_records.year.pk)}
    )
    assert response.status_code == 200
    assert (
        client_as(Role.PRACTITIONER).get(reverse("governance:plan"), {"year": ""}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), ("0", 0), ("", None), ("²", None), ("١٢", None), ("-1", None), ("9" * 19, None)],
)
def test_parse_id(raw: str, expected: int | None) -> None:
    assert parse_id(raw) == expected


def test_the_records_fixture_for_insight_exists(insight_records: InsightRecords) -> None:
    """The insight parameters above are read against real accepted returns."""
    assert insight_records.referrals.code == "referrals"
