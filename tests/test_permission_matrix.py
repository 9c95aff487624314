"""Every URL, visited as every role and as someone not signed in, gives the expected answer.

A URL added to the platform without a row here fails `test_every_url_is_in_the_matrix`.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_VIEWED
from safeguarding.core.models import Agency, AuditEntry, CodeList
from safeguarding.core.roles import Role
from tests.assist.records import AssistRecords
from tests.conftest import ROLES
from tests.governance.records import GovernanceRecords
from tests.insight.records import InsightRecords
from tests.returns.records import ReturnsRecords

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
RETURN_READERS = answers(403, **{BU: 200, SCRUT: 200, ANALYST: 200, LEAD: 200})
REFERENCE_DATA = answers(403, **{BU: 200, ANALYST: 200})
INVOLVED = answers(403, **{BU: 200, SCRUT: 200, CHAIR: 200, MEMBER: 200, LEAD: 200})

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
    ("core:audit-verify", "GET"): answers(403, **{BU: 405}),
    ("core:audit-verify", "POST"): answers(403, **{BU: 302}),
    ("core:audit-detail", "POST"): answers(403, **{BU: 405, SCRUT: 405}),
    ("accounts:sign-in", "GET"): answers(302, anonymous=200),
    ("accounts:sign-out", "GET"): answers(405, anonymous=405),
    ("accounts:sign-out", "POST"): answers(302, anonymous=302),
    ("accounts:two-factor-verify", "GET"): STAFF,
    # People who already have an authenticator are sent to enter its code instead.
    ("accounts:two-factor-setup", "GET"): answers(
        200, **{BU: 302, INTEL: 302, ANALYST: 302, SCRUT: 302}
    ),
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
    # Governance. The request is asked by `group` (chaired by CHAIR, with MEMBER on it) of
    # the council, whose agency lead is LEAD; the police have answered with a file.
    ("governance:plan", "GET"): STAFF,
    ("governance:year-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:year-create", "POST"): ONLY_BUSINESS_UNIT,
    ("governance:year-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:priority-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:priority-detail", "GET"): STAFF,
    ("governance:priority-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:priority-edit", "POST"): ONLY_BUSINESS_UNIT,
    ("governance:planned-work-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:planned-work-detail", "GET"): STAFF,
    ("governance:planned-work-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:learning-list", "GET"): STAFF,
    ("governance:learning-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:learning-create", "POST"): ONLY_BUSINESS_UNIT,
    ("governance:learning-detail", "GET"): STAFF,
    ("governance:learning-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:action-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:action-create", "POST"): ONLY_BUSINESS_UNIT,
    ("governance:action-detail", "GET"): STAFF,
    ("governance:action-edit", "GET"): answers(403, **{BU: 200, CHAIR: 200, MEMBER: 200}),
    ("governance:action-edit", "POST"): answers(403, **{BU: 200, CHAIR: 200, MEMBER: 200}),
    ("governance:group-work", "GET"): STAFF,
    ("governance:request-list", "GET"): STAFF,
    ("governance:request-create", "GET"): answers(403, **{BU: 200, CHAIR: 200}),
    ("governance:request-create", "POST"): answers(403, **{BU: 200, CHAIR: 200}),
    ("governance:request-detail", "GET"): INVOLVED,
    ("governance:response-create", "GET"): answers(403, **{LEAD: 200}),
    ("governance:response-create", "POST"): answers(403, **{LEAD: 200}),
    # The records' request still waits for the council's answer, so those who may judge
    # are sent back to the request, which says why (tests/governance covers a ready one).
    ("governance:request-judge", "GET"): answers(403, **{BU: 302, CHAIR: 302}),
    ("governance:request-judge", "POST"): answers(403, **{BU: 200, CHAIR: 200}),
    # The evidence is the police's: the council's agency lead, asked the same question,
    # may not read another agency's answer.
    ("governance:evidence-download", "GET"): answers(
        403, **{BU: 200, SCRUT: 200, CHAIR: 200, MEMBER: 200}
    ),
    ("governance:response-share", "GET"): answers(403, **{BU: 405, CHAIR: 405}),
    ("governance:response-share", "POST"): answers(403, **{BU: 302, CHAIR: 302}),
    # The year's report is not published yet: only the business unit sees its draft.
    ("governance:annual-report", "GET"): answers(404, anonymous=404, **{BU: 200}),
    ("governance:annual-report-pdf", "GET"): answers(404, anonymous=404, **{BU: 200}),
    ("governance:annual-report-draft", "GET"): answers(404, anonymous=404, **{BU: 200}),
    # No edition is published in the matrix's records (tests/governance/test_annual_report.py
    # reads published editions as every role).
    ("governance:annual-report-edition", "GET"): answers(404, anonymous=404),
    ("governance:annual-report-edition-pdf", "GET"): answers(404, anonymous=404),
    ("governance:annual-report-publish", "GET"): answers(403, **{BU: 405}),
    ("governance:annual-report-publish", "POST"): answers(403, **{BU: 302}),
    ("governance:strand-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:strand-create", "POST"): ONLY_BUSINESS_UNIT,
    ("governance:measure-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:measure-create", "POST"): ONLY_BUSINESS_UNIT,
    ("governance:milestone-create", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:milestone-create", "POST"): ONLY_BUSINESS_UNIT,
    ("governance:representation-edit", "GET"): ONLY_BUSINESS_UNIT,
    ("governance:representation-edit", "POST"): answers(403, **{BU: 302}),  # none wanted
    # Returns: the council owes one; LEAD is the council's agency lead.
    ("returns:calendar", "GET"): STAFF,
    ("returns:obligation", "GET"): RETURN_READERS,
    ("returns:obligation", "POST"): answers(403, **{LEAD: 200}),  # no file: errors shown
    ("returns:submission-errors", "GET"): RETURN_READERS,
    ("returns:catalogue", "GET"): STAFF,
    ("returns:template-csv", "GET"): RETURN_READERS,
    ("returns:template-xlsx", "GET"): RETURN_READERS,
    ("returns:api-keys", "GET"): ONLY_BUSINESS_UNIT,
    ("returns:api-keys", "POST"): ONLY_BUSINESS_UNIT,  # empty form: errors shown
    ("returns:api-key-revoke", "GET"): answers(403, **{BU: 405}),
    ("returns:api-key-revoke", "POST"): answers(403, **{BU: 302}),
    ("returns:submission-data", "GET"): RETURN_READERS,
    # The API: its documentation is for signed-in staff; its calls take only an API key,
    # so a browser session gets 401 whoever it belongs to.
    ("api:api-root", "GET"): answers(404, anonymous=404),
    ("api:openapi-json", "GET"): STAFF,
    ("api:openapi-view", "GET"): STAFF,
    ("api:returns_owed", "GET"): answers(401, anonymous=401),
    ("api:return_send", "POST"): answers(401, anonymous=401),
    # Insight: aggregate, suppressed figures for all staff; reference data for the business
    # unit and analysts. Empty forms are shown again with their errors.
    ("insight:home", "GET"): STAFF,
    ("insight:indicator", "GET"): STAFF,
    ("insight:indicator_download", "GET"): STAFF,
    ("insight:disproportionality", "GET"): STAFF,
    ("insight:disproportionality_download", "GET"): STAFF,
    ("insight:golden_thread", "GET"): STAFF,
    ("insight:outcomes", "GET"): STAFF,
    ("insight:outcomes_download", "GET"): STAFF,
    ("insight:population", "GET"): REFERENCE_DATA,
    ("insight:population", "POST"): REFERENCE_DATA,
    ("insight:population_download", "GET"): REFERENCE_DATA,
    ("insight:published_figures", "GET"): REFERENCE_DATA,
    ("insight:published_figures", "POST"): REFERENCE_DATA,
    ("insight:settings", "GET"): REFERENCE_DATA,
    ("insight:settings", "POST"): REFERENCE_DATA,
    ("assist:import", "GET"): ONLY_BUSINESS_UNIT,
    ("assist:import", "POST"): ONLY_BUSINESS_UNIT,  # no file: errors shown
    ("assist:import-review", "GET"): ONLY_BUSINESS_UNIT,
    ("assist:import-review", "POST"): answers(403, **{BU: 400}),  # nothing sent
}


def url_kwargs(
    name: str,
    people: dict[str, User],
    group: PartnershipGroup,
    records: GovernanceRecords,
    returns: ReturnsRecords,
    assist: AssistRecords,
    insight: InsightRecords | None = None,
) -> dict[str, Any]:
    agency = Agency.objects.order_by("pk").first()
    assert agency is not None
    kwargs: dict[str, dict[str, Any]] = {
        "governance:year-edit": {"pk": records.year.pk},
        "governance:priority-create": {"year_pk": records.year.pk},
        "governance:priority-detail": {"pk": records.priority.pk},
        "governance:priority-edit": {"pk": records.priority.pk},
        "governance:planned-work-create": {"year_pk": records.year.pk},
        "governance:planned-work-detail": {"pk": records.work.pk},
        "governance:planned-work-edit": {"pk": records.work.pk},
        "governance:learning-detail": {"pk": records.learning_point.pk},
        "governance:learning-edit": {"pk": records.learning_point.pk},
        "governance:action-create": {"learning_pk": records.learning_point.pk},
        "governance:action-detail": {"pk": records.action.pk},
        "governance:action-edit": {"pk": records.action.pk},
        "governance:group-work": {"slug": group.slug},
        "governance:request-create": {"slug": group.slug},
        "governance:request-detail": {"pk": records.request.pk},
        "governance:response-create": {
            "pk": records.request.pk,
            "recipient_pk": records.council_asked.pk,
        },
        "governance:request-judge": {"pk": records.request.pk},
        "governance:evidence-download": {"pk": records.evidence.pk},
        "governance:response-share": {"pk": records.police_asked.response.pk},
        "assist:import-review": {"pk": assist.document.pk},
        "returns:obligation": {"pk": returns.obligation.pk},
        "api:return_send": {"obligation_id": returns.obligation.pk},
        "returns:api-key-revoke": {"pk": returns.token.pk},
        "returns:submission-errors": {"pk": returns.rejected.pk},
        "returns:template-csv": {"pk": returns.obligation.pk},
        "returns:template-xlsx": {"pk": returns.obligation.pk},
        "returns:submission-data": {"pk": returns.accepted.pk},
        "governance:annual-report": {"label": records.year.label},
        "governance:strand-create": {"pk": records.priority.pk},
        "governance:measure-create": {"pk": records.priority.pk},
        "governance:milestone-create": {"pk": records.work.pk},
        "governance:representation-edit": {"slug": group.slug},
        "governance:annual-report-pdf": {"label": records.year.label},
        "governance:annual-report-draft": {"label": records.year.label},
        "governance:annual-report-edition": {"label": records.year.label, "edition": 1},
        "governance:annual-report-edition-pdf": {"label": records.year.label, "edition": 1},
        "governance:annual-report-publish": {"pk": records.year.pk},
        "core:agency-detail": {"slug": agency.slug},
        **(
            {
                "insight:indicator": {"code": insight.referrals.code},
                "insight:indicator_download": {"code": insight.referrals.code, "fmt": "csv"},
                "insight:disproportionality": {"code": insight.referrals.code},
                "insight:disproportionality_download": {
                    "code": insight.referrals.code,
                    "fmt": "xlsx",
                },
                "insight:golden_thread": {"pk": insight.priority.pk},
                "insight:outcomes_download": {"fmt": "csv"},
                "insight:population_download": {"pk": insight.population.pk},
            }
            if insight
            else {}
        ),
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
    governance_records: GovernanceRecords,
    returns_records: ReturnsRecords,
    assist_records: AssistRecords,
    client_as: Callable[[str], Client],
    request: pytest.FixtureRequest,
) -> None:
    # One audit entry exists for the audit pages to show.
    AuditEntry.objects.create(action=RECORD_VIEWED, target_label="seed entry")
    # Accepted returns and a population table take a moment to build: only where needed.
    insight = request.getfixturevalue("insight_records") if name.startswith("insight:") else None
    results = {}
    url = reverse(
        name,
        kwargs=url_kwargs(
            name, people, group, governance_records, returns_records, assist_records, insight
        ),
    )
    for role in EVERYONE:
        client = client_as(role)
        response = client.get(url) if method == "GET" else client.post(url, {})
        results[role] = response.status_code
        if role != ANON:
            # Nothing behind the sign-in may be kept by a browser or a proxy.
            assert "no-store" in response.get("Cache-Control", ""), f"{name} as {role}"
        if (
            response.status_code == SIGN_IN
            and role == ANON
            and MATRIX[(name, method)][role] == SIGN_IN
        ):
            assert response["Location"].startswith(reverse("accounts:sign-in")) or name in {
                "accounts:sign-out"
            }, f"{name}: anonymous was sent to {response['Location']}"
    assert results == MATRIX[(name, method)], f"{method} {name}"
