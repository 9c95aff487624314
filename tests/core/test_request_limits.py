"""A request larger than its URL takes is refused before any of it is read."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.core.request_limits import DEFAULT_BODY_BYTES, body_limit
from safeguarding.core.roles import Role
from safeguarding.governance.models import AssuranceResponse
from safeguarding.returns.models import Submission
from tests.governance.records import GovernanceRecords
from tests.pages import one, text
from tests.returns.records import ReturnsRecords

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class NeverRead:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body was read before its size was checked")

    readline = read


def declaring(size: int) -> dict[str, Any]:
    return {"CONTENT_LENGTH": str(size), "wsgi.input": NeverRead()}


def test_evidence_of_300_mb_is_refused_before_it_is_read(
    governance_records: GovernanceRecords, client_as: Callable[[str], Client]
) -> None:
    url = reverse(
        "governance:response-create",
        args=[governance_records.request.pk, governance_records.council_asked.pk],
    )
    response = client_as(Role.AGENCY_LEAD).generic(
        "POST", url, content_type="multipart/form-data; boundary=x", **declaring(300 * MB)
    )

    assert response.status_code == 413
    assert "this page takes at most 51 MB" in text(response)
    one(response, ".govuk-exit-this-page")
    assert not AssuranceResponse.objects.filter(recipient=governance_records.council_asked).exists()


def test_a_return_over_its_limit_is_refused_in_the_browser_and_the_api(
    returns_records: ReturnsRecords, client_as: Callable[[str], Client]
) -> None:
    before = Submission.objects.count()
    browser = client_as(Role.AGENCY_LEAD).generic(
        "POST",
        reverse("returns:obligation", args=[returns_records.obligation.pk]),
        content_type="multipart/form-data; boundary=x",
        **declaring(250 * MB),
    )
    api = Client().generic(
        "POST",
        reverse("api:return_send", kwargs={"obligation_id": returns_records.obligation.pk}),
        content_type="multipart/form-data; boundary=x",
        HTTP_AUTHORIZATION="Bearer spp_whatever",
        **declaring(250 * MB),
    )

    assert browser.status_code == 413
    assert api.status_code == 413
    assert api.json()["field"] == "upload"
    assert "201 MB" in api.json()["detail"]
    assert Submission.objects.count() == before


@pytest.mark.parametrize("url_name", ["accounts:sign-in", "accounts:password-reset"])
def test_a_form_of_text_takes_no_more_than_the_default(url_name: str, db: None) -> None:
    response = Client().generic(
        "POST",
        reverse(url_name),
        content_type="application/x-www-form-urlencoded",
        **declaring(DEFAULT_BODY_BYTES + 1),
    )
    assert response.status_code == 413


def test_a_request_within_its_limit_is_read_as_usual(client_as: Callable[[str], Client]) -> None:
    assert body_limit("assist:import") > 10 * MB
    response = client_as(Role.BUSINESS_UNIT).post(reverse("assist:import"), {})
    assert response.status_code == 200
