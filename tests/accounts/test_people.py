"""People: the business unit adds and changes them; the scrutineer reads but never writes."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from safeguarding.accounts.models import GroupMembership, PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, RECORD_VIEWED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from tests.accounts.conftest import NEW_PASSWORD, person_form, person_form_for
from tests.conftest import sign_in_with_password
from tests.pages import error_summary, one, page, text

PERSON_FIELDS = {"email", "full_name", "job_title", "agency", "role", "is_active"}
CREATE = reverse("accounts:person-create")


@pytest.fixture
def business_unit(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.BUSINESS_UNIT)


def invitation_path(message: Any) -> str:
    # Links come from SITE_URL, never from the Host the request came with.
    site = re.escape(settings.SITE_URL.rstrip("/"))
    found = re.search(site + r"(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


@pytest.fixture
def invitation(
    business_unit: Client,
    agencies: dict[str, Agency],
    people: dict[str, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> str:
    """The path of the link emailed to a person the business unit has just added."""
    with django_capture_on_commit_callbacks(execute=True):
        business_unit.post(CREATE, person_form(agencies["council"]))
    return invitation_path(mail.outbox[0])


def test_adding_a_person_makes_an_account_without_a_password_and_emails_them(
    business_unit: Client,
    agencies: dict[str, Agency],
    group: PartnershipGroup,
    people: dict[str, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = business_unit.post(CREATE, person_form(agencies["council"], groups=[group.pk]))

    person = User.objects.get(email="alex.newman@testford.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:person-detail", args=[person.pk])
    assert person.full_name == "Alex Newman"
    assert person.agency == agencies["council"]
    assert person.role == Role.PRACTITIONER
    assert person.is_active
    assert not person.has_usable_password()
    assert GroupMembership.objects.filter(user=person, group=group, is_chair=False).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alex.newman@testford.example"]
    assert "Alex Newman" in message.body
    assert invitation_path(message).startswith("/password-reset/")

    created = AuditEntry.objects.get(action=RECORD_CREATED, target_id=str(person.pk))
    assert created.actor == people[Role.BUSINESS_UNIT]
    assert created.target_type == "accounts.user"
    assert set(created.changes) == PERSON_FIELDS
    assert created.changes["email"] == [None, "alex.newman@testford.example"]
    assert created.changes["full_name"] == [None, "Alex Newman"]
    assert created.changes["agency"] == [None, "Testford Council"]
    groups = AuditEntry.objects.get(action=RECORD_CHANGED, target_id=str(person.pk))
    assert groups.changes == {"groups": [[], ["Performance Subgroup"]]}


def test_the_invitation_link_lets_the_person_choose_a_password_and_sign_in(
    invitation: str,
) -> None:
    invited = Client()

    opened = invited.get(invitation)
    assert opened.status_code == 302
    form_page = invited.get(opened["Location"])
    assert form_page.status_code == 200
    assert "Choose your password" in text(form_page)
    saved = invited.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert saved.status_code == 302
    assert saved["Location"] == reverse("accounts:password-reset-complete")
    person = User.objects.get(email="alex.newman@testford.example")
    assert person.has_usable_password()
    assert person.password.startswith("argon2")
    assert AuditEntry.objects.filter(
        action=RECORD_CHANGED,
        target_id=str(person.pk),
        changes={"password": "set from emailed link"},
    ).exists()

    signing_in = Client()
    response = sign_in_with_password(signing_in, "alex.newman@testford.example", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:staff-home")
    assert signing_in.get(reverse("core:staff-home")).status_code == 200

    # The link works once.
    reused = Client().get(invitation)
    assert reused.status_code == 200
    assert "This link has expired" in text(reused)


def test_a_weak_password_from_the_invitation_is_refused(invitation: str) -> None:
    invited = Client()
    set_password = invited.get(invitation)["Location"]

    response = invited.post(set_password, {"new_password1": "short", "new_password2": "short"})

    assert response.status_code == 200
    error_summary(response)
    assert not User.objects.get(email="alex.newman@testford.example").has_usable_password()


@pytest.mark.parametrize("password", ["Alex Newman", "alexnewman", "Safeguarding Lead 1"])
def test_a_password_like_the_persons_name_or_job_is_refused(invitation: str, password: str) -> None:
    person = User.objects.get(email="alex.newman@testford.example")
    person.job_title = "Safeguarding Lead 1"
    person.save(update_fields=["job_title"])
    invited = Client()
    set_password = invited.get(invitation)["Location"]

    response = invited.post(set_password, {"new_password1": password, "new_password2": password})

    assert response.status_code == 200
    assert any("too similar" in message for message in error_summary(response))
    assert not User.objects.get(pk=person.pk).has_usable_password()


@pytest.mark.parametrize(
    ("overrides", "message", "target"),
    [
        (
            {"email": "PRACTITIONER@Testford.Example"},
            "Someone with this email address already has an account",
            "id_email",
        ),
        ({"full_name": ""}, "Enter the person's full name", "id_full_name"),
        ({"agency": None}, "Select the agency the person works for", "id_agency"),
        ({"role": None}, "Select the person's role", "id_role_0"),
        ({"email": ""}, "Enter the person's work email address", "id_email"),
        (
            {"email": "not-an-email"},
            "Enter an email address in the correct format, like name@example.org",
            "id_email",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_created(
    business_unit: Client,
    agencies: dict[str, Agency],
    people: dict[str, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    overrides: dict[str, Any],
    message: str,
    target: str,
) -> None:
    users_before = User.objects.count()
    audit_before = AuditEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = business_unit.post(CREATE, person_form(agencies["council"], **overrides))

    assert response.status_code == 200
    summary = error_summary(response)
    assert summary.get(message) == target, summary
    assert User.objects.count() == users_before
    assert AuditEntry.objects.count() == audit_before
    assert mail.outbox == []


def test_an_empty_form_lists_every_missing_answer(
    business_unit: Client, people: dict[str, User]
) -> None:
    users_before = User.objects.count()

    response = business_unit.post(CREATE, {})

    assert response.status_code == 200
    summary = error_summary(response)
    for expected in (
        "Enter the person's full name",
        "Enter the person's work email address",
        "Select the agency the person works for",
        "Select the person's role",
    ):
        assert expected in summary
    assert User.objects.count() == users_before


def test_a_person_cannot_be_put_in_an_agency_that_has_left(
    business_unit: Client, agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    gone = factories.agency("Closed Agency", is_active=False)

    response = business_unit.post(CREATE, person_form(gone))

    assert response.status_code == 200
    assert "id_agency" in error_summary(response).values()
    assert not User.objects.filter(email="alex.newman@testford.example").exists()


def test_editing_groups_records_before_and_after(
    business_unit: Client,
    agencies: dict[str, Agency],
    group: PartnershipGroup,
    people: dict[str, User],
) -> None:
    member = people[Role.GROUP_MEMBER]
    other = factories.group("Early Help Board", PartnershipGroup.Kind.BOARD)

    response = business_unit.post(
        reverse("accounts:person-edit", args=[member.pk]),
        person_form_for(member, groups=[other.pk]),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:person-detail", args=[member.pk])
    assert list(member.memberships.values_list("group__name", flat=True)) == ["Early Help Board"]
    entry = AuditEntry.objects.get(
        action=RECORD_CHANGED, target_id=str(member.pk), changes__has_key="groups"
    )
    assert entry.changes["groups"] == [["Performance Subgroup"], ["Early Help Board"]]
    assert entry.actor == people[Role.BUSINESS_UNIT]


def test_editing_details_records_only_what_changed(
    business_unit: Client, agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    analyst = people[Role.ANALYST]

    business_unit.post(
        reverse("accounts:person-edit", args=[analyst.pk]),
        person_form_for(analyst, agency=agencies["police"].pk, email=analyst.email.upper()),
    )

    analyst.refresh_from_db()
    assert analyst.agency == agencies["police"]
    assert analyst.email == "analyst@testford.example"
    entry = AuditEntry.objects.get(action=RECORD_CHANGED, target_id=str(analyst.pk))
    assert entry.changes == {"agency": ["Testford Council", "Testshire Police"]}


def test_the_edit_form_shows_the_groups_a_person_is_on(
    business_unit: Client, group: PartnershipGroup, people: dict[str, User]
) -> None:
    member = people[Role.GROUP_MEMBER]

    response = business_unit.get(reverse("accounts:person-edit", args=[member.pk]))

    assert response.status_code == 200
    assert response.context["form"]["groups"].initial == [group.pk]
    assert one(response, f'input[name="groups"][value="{group.pk}"]').has_attr("checked")


def test_editing_to_another_persons_email_is_refused(
    business_unit: Client, agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    analyst = people[Role.ANALYST]

    response = business_unit.post(
        reverse("accounts:person-edit", args=[analyst.pk]),
        person_form(agencies["council"], email="Scrutineer@testford.example", role=analyst.role),
    )

    assert response.status_code == 200
    assert "Someone with this email address already has an account" in error_summary(response)
    analyst.refresh_from_db()
    assert analyst.email == "analyst@testford.example"
    assert analyst.full_name == "Analyst"


@pytest.mark.parametrize(
    "role", [Role.SCRUTINEER, Role.GROUP_CHAIR, Role.ANALYST, Role.INTELLIGENCE_OFFICER]
)
def test_only_the_business_unit_can_add_people(
    role: str,
    client_as: Callable[[str], Client],
    agencies: dict[str, Agency],
    people: dict[str, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(role).post(CREATE, person_form(agencies["council"]))

    assert response.status_code == 403
    assert User.objects.count() == users_before
    assert not AuditEntry.objects.filter(action=RECORD_CREATED).exists()
    assert mail.outbox == []


def test_the_scrutineer_cannot_change_people(
    client_as: Callable[[str], Client], agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    analyst = people[Role.ANALYST]

    response = client_as(Role.SCRUTINEER).post(
        reverse("accounts:person-edit", args=[analyst.pk]),
        person_form(agencies["police"], email=analyst.email, role=Role.BUSINESS_UNIT),
    )

    assert response.status_code == 403
    analyst.refresh_from_db()
    assert analyst.role == Role.ANALYST
    assert analyst.agency == agencies["council"]


def test_the_scrutineer_can_read_the_people_pages(
    client_as: Callable[[str], Client], people: dict[str, User]
) -> None:
    client = client_as(Role.SCRUTINEER)

    listing = client.get(reverse("accounts:person-list"))
    detail = client.get(reverse("accounts:person-detail", args=[people[Role.ANALYST].pk]))

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert page(listing).select(f'[href*="{CREATE}"], [action*="{CREATE}"]') == []


def test_viewing_a_person_is_recorded(business_unit: Client, people: dict[str, User]) -> None:
    practitioner = people[Role.PRACTITIONER]

    response = business_unit.get(reverse("accounts:person-detail", args=[practitioner.pk]))

    assert response.status_code == 200
    assert practitioner.email in text(response)
    entry = AuditEntry.objects.get(action=RECORD_VIEWED)
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.target_type == "accounts.user"
    assert entry.target_id == str(practitioner.pk)


def test_a_refused_view_of_a_person_is_not_recorded_as_a_view(
    client_as: Callable[[str], Client], people: dict[str, User]
) -> None:
    response = client_as(Role.ANALYST).get(
        reverse("accounts:person-detail", args=[people[Role.PRACTITIONER].pk])
    )

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=RECORD_VIEWED).exists()


def test_people_can_see_their_own_record(
    client_as: Callable[[str], Client], people: dict[str, User]
) -> None:
    practitioner = people[Role.PRACTITIONER]

    response = client_as(Role.PRACTITIONER).get(
        reverse("accounts:person-detail", args=[practitioner.pk])
    )

    assert response.status_code == 200


def test_the_person_list_search_filters_by_name(
    business_unit: Client, people: dict[str, User]
) -> None:
    response = business_unit.get(reverse("accounts:person-list"), {"q": "analyst"})

    assert response.status_code == 200
    listed = [person.pk for person in response.context["people"]]
    assert listed == [people[Role.ANALYST].pk]
    document = page(response)
    one(document, f'a[href="{reverse("accounts:person-detail", args=[people[Role.ANALYST].pk])}"]')
    scrutineer = reverse("accounts:person-detail", args=[people[Role.SCRUTINEER].pk])
    assert document.select(f'[href*="{scrutineer}"], [action*="{scrutineer}"]') == []


def test_the_person_list_search_finds_agencies_and_says_when_nobody_matches(
    business_unit: Client, people: dict[str, User]
) -> None:
    by_agency = business_unit.get(reverse("accounts:person-list"), {"q": "Testshire"})
    nobody = business_unit.get(reverse("accounts:person-list"), {"q": "zzz-nobody"})

    assert [p.pk for p in by_agency.context["people"]] == [people[Role.INTELLIGENCE_OFFICER].pk]
    assert "Nobody matches “zzz-nobody”" in text(nobody)


def test_the_person_list_without_a_search_shows_everyone(
    business_unit: Client, people: dict[str, User]
) -> None:
    response = business_unit.get(reverse("accounts:person-list"))

    assert {p.pk for p in response.context["people"]} == {p.pk for p in people.values()}
    assert "8 people" in text(response)
