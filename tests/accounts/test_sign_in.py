"""Signing in and out: the form, the audit trail, lock-out, password hashing and `next`."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django.urls import reverse

from safeguarding.accounts.audit_verbs import LOCKED_OUT, SIGN_IN_FAILED, SIGNED_IN, SIGNED_OUT
from safeguarding.accounts.models import User
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from tests.conftest import PASSWORD, sign_in, sign_in_with_password, with_password
from tests.pages import error_summary, one, text

STAFF_HOME = reverse("core:staff-home")


def sign_in_url_for(path: str) -> str:
    return f"{reverse('accounts:sign-in')}?next={path}"


@pytest.fixture
def practitioner(people: dict[str, User]) -> User:
    return with_password(people[Role.PRACTITIONER])


def entries(action: str, **lookups: object) -> int:
    return AuditEntry.objects.filter(action=action, **lookups).count()


def test_the_sign_in_page_shows_the_form(db: None) -> None:
    response = Client().get(reverse("accounts:sign-in"))
    assert response.status_code == 200
    form = one(response, 'form[method="post"]:has(input[name="password"])')
    one(form, 'input[name="email"]')
    assert one(form, 'input[name="password"]')["type"] == "password"


def test_signing_in_goes_to_the_staff_home_and_is_audited(practitioner: User) -> None:
    client = Client()
    response = sign_in_with_password(client, practitioner.email)

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    entry = AuditEntry.objects.get(action=SIGNED_IN)
    assert entry.actor == practitioner
    assert entry.target_type == "accounts.user"
    assert entry.target_id == str(practitioner.pk)
    assert entry.ip_address == "127.0.0.1"
    assert client.get(STAFF_HOME).status_code == 200


def test_the_email_address_is_not_case_sensitive(practitioner: User) -> None:
    client = Client()
    response = sign_in_with_password(client, practitioner.email.upper())

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    assert entries(SIGNED_IN, actor=practitioner) == 1


def test_a_wrong_password_shows_the_error_summary_and_is_audited(practitioner: User) -> None:
    client = Client()
    response = sign_in_with_password(client, practitioner.email, "not-the-password-at-all")

    assert response.status_code == 200
    summary = error_summary(response)
    assert summary == {
        "Enter the email address and password of your account on this platform": "id_email"
    }
    assert text(one(response, "title")).startswith("Error:")
    failed = AuditEntry.objects.get(action=SIGN_IN_FAILED)
    assert failed.actor is None
    assert failed.target_label == practitioner.email
    assert entries(SIGNED_IN) == 0
    assert client.get(STAFF_HOME).status_code == 302


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(db: None) -> None:
    response = sign_in_with_password(Client(), "nobody@testford.example", "whatever-it-is")

    assert response.status_code == 200
    assert error_summary(response) == {
        "Enter the email address and password of your account on this platform": "id_email"
    }
    assert entries(SIGN_IN_FAILED, target_label="nobody@testford.example") == 1


def test_an_empty_form_asks_for_both_fields(db: None) -> None:
    response = Client().post(reverse("accounts:sign-in"), {"email": "", "password": ""})

    assert response.status_code == 200
    assert error_summary(response) == {
        "Enter your email address": "id_email",
        "Enter your password": "id_password",
    }
    assert AuditEntry.objects.count() == 0


def test_an_email_address_in_the_wrong_format_is_explained(db: None) -> None:
    response = sign_in_with_password(Client(), "not-an-email", "whatever-it-is")

    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.org" in error_summary(
        response
    )


def test_lock_out_after_the_failure_limit_refuses_even_the_right_password(
    practitioner: User,
) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, practitioner.email, "a-wrong-password-guess")

    response = sign_in_with_password(client, practitioner.email)

    assert response.status_code != 302
    assert "You cannot sign in for now" in text(response)
    assert entries(LOCKED_OUT, target_label=practitioner.email) >= 1
    assert entries(SIGNED_IN) == 0
    assert client.get(STAFF_HOME).status_code == 302


def test_the_lock_out_counts_an_address_typed_in_any_case(practitioner: User) -> None:
    client = Client()
    variants = [practitioner.email.upper(), practitioner.email.title(), practitioner.email]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, variants[attempt % 3], "a-wrong-password-guess")

    response = sign_in_with_password(client, practitioner.email)

    assert "You cannot sign in for now" in text(response)
    assert entries(SIGNED_IN) == 0


def test_fewer_failures_than_the_limit_do_not_lock_anyone_out(practitioner: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in_with_password(client, practitioner.email, "a-wrong-password-guess")
        assert response.status_code == 200
        assert "You cannot sign in for now" not in text(response)

    response = sign_in_with_password(client, practitioner.email)

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    assert entries(LOCKED_OUT) == 0


def test_one_person_being_locked_out_does_not_lock_out_another(
    people: dict[str, User],
) -> None:
    locked = with_password(people[Role.PRACTITIONER])
    other = with_password(people[Role.ANALYST])
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, locked.email, "a-wrong-password-guess")

    response = sign_in_with_password(Client(), other.email)

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME


def test_passwords_are_hashed_with_argon2(practitioner: User) -> None:
    practitioner.refresh_from_db()
    assert practitioner.password.startswith("argon2")
    assert PASSWORD not in practitioner.password


def test_an_older_hash_is_upgraded_to_argon2_on_sign_in(people: dict[str, User]) -> None:
    person = people[Role.ANALYST]
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save(update_fields=["password"])

    response = sign_in_with_password(Client(), person.email)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2")


def test_demo_accounts_are_refused_when_demo_mode_is_off(make_person: Callable[..., User]) -> None:
    assert settings.DEMO_MODE is False
    demo = make_person("demo.person@testford.example", password=PASSWORD, is_demo=True)
    client = Client()

    response = sign_in_with_password(client, demo.email)

    assert response.status_code == 200
    assert "Enter the email address and password of your account on this platform" in (
        error_summary(response)
    )
    assert entries(SIGNED_IN) == 0
    assert client.get(STAFF_HOME).status_code == 302


def test_debug_alone_does_not_let_demo_accounts_in(make_person: Callable[..., User]) -> None:
    demo = make_person("demo.person@testford.example", password=PASSWORD, is_demo=True)

    with override_settings(DEBUG=True):
        response = sign_in_with_password(Client(), demo.email)

    assert response.status_code == 200
    assert entries(SIGNED_IN) == 0


def test_demo_accounts_can_sign_in_when_demo_mode_is_on(make_person: Callable[..., User]) -> None:
    demo = make_person("demo.person@testford.example", password=PASSWORD, is_demo=True)
    client = Client()

    with override_settings(DEMO_MODE=True):
        response = sign_in_with_password(client, demo.email)
        assert response.status_code == 302
        assert response["Location"] == STAFF_HOME
        assert client.get(STAFF_HOME).status_code == 200


def test_a_demo_session_stops_working_when_demo_mode_is_turned_off(
    make_person: Callable[..., User],
) -> None:
    demo = make_person("demo.person@testford.example", password=PASSWORD, is_demo=True)
    client = Client()
    with override_settings(DEMO_MODE=True):
        sign_in_with_password(client, demo.email)
        assert client.get(STAFF_HOME).status_code == 200

    response = client.get(STAFF_HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_people_who_cannot_sign_in_are_refused(practitioner: User) -> None:
    practitioner.is_active = False
    practitioner.save(update_fields=["is_active"])
    client = Client()

    response = sign_in_with_password(client, practitioner.email)

    assert response.status_code == 200
    error_summary(response)
    assert entries(SIGNED_IN) == 0
    assert client.get(STAFF_HOME).status_code == 302


def test_next_is_followed_to_a_page_on_this_site(practitioner: User) -> None:
    response = sign_in_with_password(Client(), practitioner.email, next=reverse("accounts:account"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")


@pytest.mark.parametrize(
    "outside",
    [
        "http://evil.example/",
        "https://evil.example/staff/",
        "//evil.example/",
        "javascript:alert(1)",
    ],
)
def test_next_pointing_to_another_site_is_ignored(practitioner: User, outside: str) -> None:
    response = sign_in_with_password(Client(), practitioner.email, next=outside)

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME


def test_the_sign_in_page_carries_next_into_the_form(db: None) -> None:
    response = Client().get(reverse("accounts:sign-in"), {"next": "/agencies/"})

    next_field = one(response, 'input[name="next"]')
    assert next_field.attrs == {"type": "hidden", "name": "next", "value": "/agencies/"}


def test_a_staff_page_sends_someone_not_signed_in_to_sign_in_and_back(
    practitioner: User,
) -> None:
    client = Client()
    first = client.get(reverse("accounts:account"))
    assert first.status_code == 302
    assert first["Location"] == sign_in_url_for(reverse("accounts:account"))

    response = sign_in_with_password(client, practitioner.email, next=reverse("accounts:account"))

    assert response["Location"] == reverse("accounts:account")
    assert client.get(reverse("accounts:account")).status_code == 200


def test_someone_signed_in_who_visits_sign_in_goes_to_the_staff_home(
    people: dict[str, User],
) -> None:
    client = sign_in(Client(), people[Role.PRACTITIONER])

    response = client.get(reverse("accounts:sign-in"), {"next": "http://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME


def test_signing_out_needs_a_post(people: dict[str, User]) -> None:
    client = sign_in(Client(), people[Role.PRACTITIONER])

    response = client.get(reverse("accounts:sign-out"))

    assert response.status_code == 405
    assert client.get(STAFF_HOME).status_code == 200
    assert entries(SIGNED_OUT) == 0


def test_signing_out_ends_the_session_and_is_audited(people: dict[str, User]) -> None:
    person = people[Role.PRACTITIONER]
    client = sign_in(Client(), person)

    response = client.post(reverse("accounts:sign-out"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert entries(SIGNED_OUT, actor=person) == 1
    after = client.get(STAFF_HOME)
    assert after.status_code == 302
    assert after["Location"] == sign_in_url_for(STAFF_HOME)
