"""The JSON API: an agency lead's system sends returns with an API key."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.models import Role, User
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ApiToken, ReturnObligation, Submission
from safeguarding.returns.services import SubmissionRefused, api_token_issue
from tests.returns.test_submissions import police_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(settings: Any, tmp_path: Path) -> tuple[str, ReturnObligation]:
    settings.RECORDS_ROOT = tmp_path / "records"
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    lead = User.objects.get(email="agency.lead@northgate.example")
    key, _ = api_token_issue(
        actor=User.objects.get(role=Role.BUSINESS_UNIT), person=lead, name="Police records"
    )
    obligation = ReturnObligation.objects.get(
        template__code="police-quarterly", period_start=date(2026, 7, 1)
    )
    return key, obligation


def send(key: str, obligation_id: int, data: bytes, narrative: str = "Fewer incidents") -> Any:
    return Client().post(
        reverse("api:return_send", kwargs={"obligation_id": obligation_id}),
        {"upload": SimpleUploadedFile("q2.csv", data), "narrative": narrative},
        headers={"Authorization": f"Bearer {key}"},
    )


def test_the_key_is_kept_only_as_a_hash(police: tuple[str, ReturnObligation]) -> None:
    key, _ = police
    token = ApiToken.objects.get()
    assert key.startswith("spp_") and key not in token.key_sha256


def test_lists_only_the_agencys_returns(police: tuple[str, ReturnObligation]) -> None:
    key, obligation = police
    response = Client().get(reverse("api:returns_owed"), headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    owed = response.json()
    assert {item["template"] for item in owed} == {"Police safeguarding quarterly return"}
    assert obligation.pk in {item["id"] for item in owed}
    assert ApiToken.objects.get().last_used_at is not None


def test_a_valid_return_is_accepted(police: tuple[str, ReturnObligation]) -> None:
    key, obligation = police
    response = send(key, obligation.pk, police_csv())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "accepted" and body["rows"] == 8 and len(body["record_sha256"]) == 64
    assert Submission.objects.get().via_api


def test_problems_come_back_by_rule(police: tuple[str, ReturnObligation]) -> None:
    key, obligation = police
    response = send(key, obligation.pk, police_csv().replace(b",sex,2,4", b",sex,2,-4"))
    assert response.status_code == 422
    rules = {rule["code"]: rule["count"] for rule in response.json()["rules"]}
    assert rules["negative_count"] == 2


@pytest.mark.parametrize(
    ("data", "narrative", "field"),
    [(b"", "Fine", "upload"), (police_csv(), "", "narrative")],
)
def test_refusals_say_which_field(
    police: tuple[str, ReturnObligation], data: bytes, narrative: str, field: str
) -> None:
    key, obligation = police
    response = send(key, obligation.pk, data, narrative)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Submission.objects.exists()


def test_another_agencys_return_is_not_found(police: tuple[str, ReturnObligation]) -> None:
    key, _ = police
    theirs = ReturnObligation.objects.exclude(agency__name="Northshire Police").first()
    assert theirs is not None
    assert send(key, theirs.pk, police_csv()).status_code == 404
    assert not Submission.objects.exists()


@pytest.mark.parametrize("which", ["revoked", "wrong", "missing"])
def test_a_bad_key_gets_401(police: tuple[str, ReturnObligation], which: str) -> None:
    key, _ = police
    if which == "revoked":
        ApiToken.objects.update(revoked_at=timezone.now())
    headers = {"missing": {}, "wrong": {"Authorization": "Bearer spp_guess"}}.get(
        which, {"Authorization": f"Bearer {key}"}
    )
    response = Client().get(reverse("api:returns_owed"), headers=headers)
    assert response.status_code == 401


def test_keys_are_issued_to_agency_leads_only(people: dict[str, User]) -> None:
    with pytest.raises(SubmissionRefused, match="agency leads only"):
        api_token_issue(actor=people[Role.BUSINESS_UNIT], person=people[Role.ANALYST], name="x")
    assert not ApiToken.objects.exists()


def test_the_business_unit_issues_a_key_shown_once_and_revokes_it(
    people: dict[str, User], client_as: Any
) -> None:
    business_unit = client_as(Role.BUSINESS_UNIT)
    url = reverse("returns:api-keys")
    refused = business_unit.post(url, {"person": people[Role.ANALYST].pk, "name": "x"})
    assert "Select an agency lead who can sign in" in refused.content.decode()
    assert not ApiToken.objects.exists()

    issued = business_unit.post(url, {"person": people[Role.AGENCY_LEAD].pk, "name": "Records"})
    key = issued.content.decode().split('<code class="sp-secret-key">')[1].split("<")[0]
    assert key.startswith("spp_")
    assert key not in business_unit.get(url).content.decode()
    listed = Client().get(reverse("api:returns_owed"), headers={"Authorization": f"Bearer {key}"})
    assert listed.status_code == 200

    token = ApiToken.objects.get()
    business_unit.post(reverse("returns:api-key-revoke", args=[token.pk]))
    again = Client().get(reverse("api:returns_owed"), headers={"Authorization": f"Bearer {key}"})
    assert again.status_code == 401
