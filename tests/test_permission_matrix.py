"""Every URL, visited as every role and as someone not signed in, gives the expected answer.

A URL added to the platform without a row here fails `test_every_url_is_in_the_matrix`.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguarding.accounts.models import PartnershipGroup, Role, User
from safeguarding.core.models import Agency, AuditEntry, CodeList
from tests.conftest import ROLES

ANON = "anonymous"
BU, CHAIR, MEMBER = Role.BUSINESS_UNIT, Role.GROUP_CHAIR, Role.GROUP_MEMBER
LEAD, PRACT, ANALYST = Role.AGENCY_LEAD, Role.PRACTITIONER, Role.ANALYST
INTEL, SCRUT = Role.INTELLIGENCE_OFFICER, Role.SCRUTINEER
EVERYONE = [ANON, *ROLES]

SIGN_IN = 302  # not signed in: sent to the sign-in page


def answers(default: int, anonymous: int = SIGN_IN, **by_role: int) -> dict[str, int]:
    """The expected status for every role: `default` unless named."""
    expected = {role: by_role.get(role, default) for role in ROLES}
    expected[ANON] = anonymous
    return expected


PUBLIC = answers(200, anonymous=200)
STAFF = answers(200)
ONLY_BUSINESS_UNIT = answers(403, **{BU: 200})
READS_EVERYTHING = answers(403, **{BU: 200, SCRUT: 200})

# (url name, method) → expected status per role. Kwargs come from `url_kwargs` below.
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("core:home", "GET"): PUBLIC,
    ("core:cover-your-tracks", "GET"): PUBLIC,
    ("core:accessibility", "GET"): PUBLIC,
    ("core:healthz", "GET"): PUBLIC,
    ("core:staff-home", "GET"): STAFF,
    ("core:agency-list", "GET"): STAFF,
    ("core:agency-detail", "GET"): STAFF,
    ("core:agency-create", "GET"): ONLY_BUSINESS_UNIT,
    ("core:agency-create", "POST"): ONLY_BUSINESS_UNIT,  # empty form: errors shown
    ("core:agency-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("core:agency-edit", "POST"): ONLY_BUSINESS_UNIT,
    ("core:code-list-list", "GET"): STAFF,
    ("core:code-list-detail", "GET"): STAFF,
    ("core:code-list-download", "GET"): STAFF,
    ("core:partnership-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("core:partnership-edit", "POST"): ONLY_BUSINESS_UNIT,
    ("core:audit-list", "GET"): READS_EVERYTHING,
    ("core:audit-export", "GET"): READS_EVERYTHING,
    ("core:audit-detail", "GET"): READS_EVERYTHING,
    ("core:audit-detail", "POST"): answers(403, **{BU: 405, SCRUT: 405}),
    ("accounts:sign-in", "GET"): answers(302, anonymous=200),
    ("accounts:sign-out", "GET"): answers(405, anonymous=405),
    ("accounts:sign-out", "POST"): answers(302, anonymous=302),
    ("accounts:two-factor-verify", "GET"): STAFF,
    # People who already have an authenticator are sent to enter its code instead.
    ("accounts:two-factor-setup", "GET"): answers(200, **{BU: 302, INTEL: 302}),
    ("accounts:account", "GET"): STAFF,
    ("accounts:password-change", "GET"): STAFF,
    ("accounts:password-reset", "GET"): PUBLIC,
    ("accounts:password-reset-sent", "GET"): PUBLIC,
    ("accounts:password-reset-confirm", "GET"): PUBLIC,
    ("accounts:password-reset-complete", "GET"): PUBLIC,
    ("accounts:person-list", "GET"): READS_EVERYTHING,
    # The person shown is the practitioner, who may see their own record.
    ("accounts:person-detail", "GET"): answers(403, **{BU: 200, SCRUT: 200, PRACT: 200}),
    ("accounts:person-create", "GET"): ONLY_BUSINESS_UNIT,
    ("accounts:person-create", "POST"): ONLY_BUSINESS_UNIT,
    ("accounts:person-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("accounts:person-edit", "POST"): ONLY_BUSINESS_UNIT,
    ("accounts:person-two-factor-reset", "GET"): answers(403, **{BU: 405}),
    ("accounts:person-two-factor-reset", "POST"): answers(403, **{BU: 302}),
    ("accounts:group-list", "GET"): STAFF,
    ("accounts:group-detail", "GET"): STAFF,
    ("accounts:group-member-add", "GET"): answers(403, **{BU: 405}),
    ("accounts:group-member-add", "POST"): answers(403, **{BU: 400}),  # empty form
    ("accounts:group-member-remove", "GET"): answers(403, **{BU: 405}),
    ("accounts:group-member-remove", "POST"): answers(403, **{BU: 302}),
}


def url_kwargs(name: str, people: dict[str, User], group: PartnershipGroup) -> dict[str, Any]:
    agency = Agency.objects.order_by("pk").first()
    assert agency is not None
    kwargs: dict[str, dict[str, Any]] = {
        "core:agency-detail": {"slug": agency.slug},
        "core:agency-edit": {"slug": agency.slug},
        "core:code-list-detail": {"slug": CodeList.objects.order_by("pk").first().slug},  # type: ignore[union-attr]
        "core:code-list-download": {"slug": "ethnicity"},
        "core:audit-detail": {"pk": AuditEntry.objects.order_by("pk").first().pk},  # type: ignore[union-attr]
        "accounts:password-reset-confirm": {"uidb64": "MQ", "token": "not-a-real-token"},
        "accounts:person-detail": {"pk": people[PRACT].pk},
        "accounts:person-edit": {"pk": people[PRACT].pk},
        "accounts:person-two-factor-reset": {"pk": people[PRACT].pk},
        "accounts:group-detail": {"slug": group.slug},
        "accounts:group-member-add": {"slug": group.slug},
        "accounts:group-member-remove": {
            "slug": group.slug,
            "pk": group.memberships.get(user=people[MEMBER]).pk,
        },
    }
    return kwargs.get(name, {})


def named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.add(f"{namespace}{pattern.name}")
    return found


def test_every_url_is_in_the_matrix() -> None:
    in_matrix = {name for name, _ in MATRIX}
    missing = named_urls() - in_matrix
    assert not missing, f"Add these URLs to the permission matrix: {sorted(missing)}"
    assert not in_matrix - named_urls(), "The matrix names URLs that no longer exist"


def test_every_row_covers_every_role() -> None:
    for key, expected in MATRIX.items():
        assert set(expected) == set(EVERYONE), key


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), list(MATRIX))
def test_permission_matrix(
    name: str,
    method: str,
    people: dict[str, User],
    group: PartnershipGroup,
    client_as: Callable[[str], Client],
) -> None:
    # One audit entry exists for the audit pages to show.
    AuditEntry.objects.create(action=AuditEntry.Action.VIEW, target_label="seed entry")
    results = {}
    url = reverse(name, kwargs=url_kwargs(name, people, group))
    for role in EVERYONE:
        client = client_as(role)
        response = client.get(url) if method == "GET" else client.post(url, {})
        results[role] = response.status_code
        if (
            response.status_code == SIGN_IN
            and role == ANON
            and MATRIX[(name, method)][role] == SIGN_IN
        ):
            assert response["Location"].startswith(reverse("accounts:sign-in")) or name in {
                "accounts:sign-out"
            }, f"{name}: anonymous was sent to {response['Location']}"
    assert results == MATRIX[(name, method)], f"{method} {name}"
