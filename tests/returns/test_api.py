"""The JSON API: an agency lead's system sends returns with an API key."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.core.text_limits import LONG_TEXT
from safeguarding.returns.models import ApiToken, ReturnObligation, Submission
from safeguarding.returns.refusals import SubmissionRefused
from safeguarding.returns.services import api_token_issue
from tests.returns.test_resubmission import complete_csv, headline_csv
from tests.returns.test_submissions import police_csv

pytestmark = pytest.mark.django_db


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


def owed_status(key: str) -> int:
    response = Client().get(reverse("api:returns_owed"), headers={"Authorization": f"Bearer {key}"})
    return response.status_code


def change_person(lead: User, **changes: Any) -> None:
    """The business unit changes the person on their page, as it would."""
    from safeguarding.accounts.services import person_update

    for name, value in changes.items():
        setattr(lead, name, value)
    person_update(actor=User.objects.get(role=Role.BUSINESS_UNIT), person=lead, groups=[])


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ("practitioner", "role changed from Agency lead"),
        ("moved", "agency changed from Northshire Police"),
        ("deactivated", "can no longer sign in"),
    ],
)
def test_a_key_stops_working_and_is_revoked_when_its_person_changes(
    police: tuple[str, ReturnObligation], change: str, why: str
) -> None:
    key, _ = police
    lead = User.objects.get(email="agency.lead@northgate.example")
    assert owed_status(key) == 200
    council = Agency.objects.exclude(people=lead).first()

    if change == "practitioner":
        change_person(lead, role=Role.PRACTITIONER)
    elif change == "moved":
        change_person(lead, agency=council)
    else:
        change_person(lead, is_active=False)

    assert owed_status(key) == 401
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(target_type="returns.apitoken", changes__has_key="why")
    assert entry.changes["why"].startswith(why)


def test_a_key_is_refused_if_its_person_changes_without_the_platform_knowing(
    police: tuple[str, ReturnObligation],
) -> None:
    """Even a change made behind the services' back (in the database itself) stops it."""
    key, _ = police
    User.objects.filter(email="agency.lead@northgate.example").update(role=Role.PRACTITIONER)
    assert owed_status(key) == 401
    User.objects.filter(email="agency.lead@northgate.example").update(role=Role.AGENCY_LEAD)
    assert owed_status(key) == 200


def test_a_demo_accounts_key_works_only_in_the_demo(
    police: tuple[str, ReturnObligation], settings: Any
) -> None:
    key, _ = police
    User.objects.filter(email="agency.lead@northgate.example").update(is_demo=True)
    assert settings.DEMO_MODE is False
    assert owed_status(key) == 401
    settings.DEMO_MODE = True
    assert owed_status(key) == 200


def test_a_missing_return_and_another_agencys_read_the_same(
    police: tuple[str, ReturnObligation],
) -> None:
    key, _ = police
    theirs = ReturnObligation.objects.exclude(agency__name="Northshire Police").first()
    assert theirs is not None
    missing = ReturnObligation.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    answers = [
        send(key, obligation_id, police_csv()) for obligation_id in (theirs.pk, missing, -1, 10**30)
    ]
    assert {response.status_code for response in answers} == {404}
    assert {response.content for response in answers} == {
        b'{"detail": "No such return for your agency", "field": "obligation_id"}'
    }


@pytest.mark.parametrize("path", ["/api/returns/abc/submissions", "/api/returns/1e3/submissions"])
def test_an_id_that_is_not_a_number_reads_as_not_found(
    police: tuple[str, ReturnObligation], path: str
) -> None:
    key, _ = police
    response = Client().post(path, {}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No such return for your agency", "field": "obligation_id"}


def test_a_missing_upload_field_gets_the_documented_refusal(
    police: tuple[str, ReturnObligation],
) -> None:
    key, obligation = police
    response = Client().post(
        reverse("api:return_send", kwargs={"obligation_id": obligation.pk}),
        {"narrative": "No file"},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Attach the return as a CSV or Excel (.xlsx) file in the field upload",
        "field": "upload",
    }


def test_no_key_gets_the_documented_401(db: None) -> None:
    response = Client().get(reverse("api:returns_owed"))
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "field"}
    assert response.json()["field"] == "Authorization"


def test_every_status_the_api_sends_is_documented(client_as: Any) -> None:
    schema = client_as("analyst").get(reverse("api:openapi-json")).json()
    send_op = schema["paths"]["/api/returns/{obligation_id}/submissions"]["post"]
    owed_op = schema["paths"]["/api/returns"]["get"]
    assert set(send_op["responses"]) == {"201", "400", "401", "404", "413", "422"}
    assert set(owed_op["responses"]) == {"200", "401"}
    refusal = schema["components"]["schemas"]["Refusal"]
    assert set(refusal["required"]) == {"detail", "field"}


def test_a_correction_that_would_lose_rows_is_refused_naming_them_until_confirmed(
    police: tuple[str, ReturnObligation],
) -> None:
    key, obligation = police
    assert send(key, obligation.pk, complete_csv(obligation)).status_code == 201

    refused = send(key, obligation.pk, headline_csv(obligation))

    assert refused.status_code == 422
    body = refused.json()
    assert body["field"] == "confirm_loss"
    assert "would replace the accepted return" in body["detail"]
    lost = body["would_lose"]
    assert lost["sent_rows"] == 4 and lost["rows_lost"] == lost["accepted_rows"] - 4
    assert lost["left_out"][0]["what"] == "breakdowns"
    assert "ce-at-risk by sex" in lost["left_out"][0]["values"]
    assert Submission.objects.filter(obligation=obligation).count() == 1

    def confirm(narrative: str) -> Any:
        return Client().post(
            reverse("api:return_send", kwargs={"obligation_id": obligation.pk}),
            {
                "upload": SimpleUploadedFile("q2.csv", headline_csv(obligation)),
                "narrative": narrative,
                "confirm_loss": "true",
            },
            headers={"Authorization": f"Bearer {key}"},
        )

    # Confirmed without its narrative: refused as any return without one is.
    unexplained = confirm("")
    assert unexplained.status_code == 400 and unexplained.json()["field"] == "narrative"
    confirmed = confirm("Only the totals")
    assert confirmed.status_code == 201, confirmed.content
    assert Submission.objects.get(status=Submission.Status.ACCEPTED).row_count == 4


def test_the_loss_refusal_and_its_confirmation_are_documented(client_as: Any) -> None:
    schema = client_as("analyst").get(reverse("api:openapi-json")).json()
    send_op = schema["paths"]["/api/returns/{obligation_id}/submissions"]["post"]
    form = send_op["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert form["confirm_loss"]["type"] == "boolean" and form["confirm_loss"]["default"] is False
    answers = send_op["responses"]["422"]["content"]["application/json"]["schema"]["anyOf"]
    assert {"#/components/schemas/SubmissionOut", "#/components/schemas/LossRefusal"} == {
        answer["$ref"] for answer in answers
    }
    refusal = schema["components"]["schemas"]["LossRefusal"]
    assert set(refusal["required"]) == {"detail", "field", "would_lose"}
    assert "confirm_loss" in send_op["description"]


def test_an_over_long_narrative_is_refused_naming_the_field(
    police: tuple[str, ReturnObligation],
) -> None:
    key, obligation = police
    response = send(key, obligation.pk, police_csv(), narrative="x" * (LONG_TEXT + 1))

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "narrative"
    assert f"{LONG_TEXT:,} characters or fewer" in body["detail"]
    assert not Submission.objects.exists()


def test_a_narrative_of_megabytes_is_refused_not_a_server_error(
    police: tuple[str, ReturnObligation],
) -> None:
    key, obligation = police
    response = send(key, obligation.pk, police_csv(), narrative="x" * 3_000_000)

    assert response.status_code in (400, 413), response.content[:300]
    assert not Submission.objects.exists()
