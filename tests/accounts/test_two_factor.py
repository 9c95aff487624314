"""Two-factor sign-in: who must set it up, setting it up, entering the code, and resetting it."""

from base64 import b32encode
from collections.abc import Callable
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.audit_verbs import PASSWORD_ACCEPTED, SIGN_IN_FAILED, SIGNED_IN
from safeguarding.accounts.models import AuthenticatorApp, User
from safeguarding.core.audit_verbs import RECORD_CHANGED
from safeguarding.core.models import AuditEntry, Partnership
from safeguarding.core.roles import Role
from tests.accounts.conftest import wrong_code
from tests.conftest import current_code, sign_in, sign_in_with_password, with_password
from tests.pages import error_summary, one, page, text

STAFF_HOME = reverse("core:staff-home")
SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")
WRONG_CODE_MESSAGE = "The security code is not right. Check the app and try again"

TWO_FACTOR_ROLES = [Role.BUSINESS_UNIT, Role.INTELLIGENCE_OFFICER, Role.ANALYST, Role.SCRUTINEER]


def with_next(url: str, path: str) -> str:
    return f"{url}?next={quote(path, safe='')}"


# Ways a person may type the code their app shows: the form strips spaces, so all are right.
AS_TYPED: dict[str, Callable[[str], str]] = {
    "as-shown": lambda code: code,
    "spaces-around": lambda code: f"  {code} ",
    # Authenticator apps show "123 456" (the form's clean_code allows for that).
    "as-the-app-shows-it": lambda code: f"{code[:3]} {code[3:]}",
}


@pytest.fixture
def newcomer(
    make_person: Callable[..., User], signed_in_without_code: Callable[[User], Client]
) -> Callable[[str], tuple[User, Client]]:
    """A person in `role` who has no authenticator app yet, signed in with a password alone."""

    def make(role: str) -> tuple[User, Client]:
        person = make_person(f"new.{role}@testford.example", role)
        return person, signed_in_without_code(person)

    return make


def open_setup(person: User, client: Client) -> AuthenticatorApp:
    """Open the setup page, as the person does; the app's device it makes, not yet confirmed."""
    client.get(SETUP)
    return AuthenticatorApp.objects.get(user=person, confirmed=False)


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_roles_that_need_two_factor_are_sent_to_set_it_up(
    role: str, newcomer: Callable[[str], tuple[User, Client]]
) -> None:
    _, client = newcomer(role)

    response = client.get(STAFF_HOME)

    assert response.status_code == 302
    assert response["Location"] == with_next(SETUP, STAFF_HOME)


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_every_staff_page_is_closed_until_two_factor_is_set_up(
    role: str, newcomer: Callable[[str], tuple[User, Client]]
) -> None:
    _, client = newcomer(role)

    for name in ("accounts:account", "accounts:person-list", "core:agency-list"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(SETUP), name


@pytest.mark.parametrize("role", [r for r in Role if r not in TWO_FACTOR_ROLES])
def test_the_partnership_can_require_two_factor_of_everyone(
    role: str, newcomer: Callable[[str], tuple[User, Client]], partnership: Partnership
) -> None:
    _, client = newcomer(role)
    assert client.get(STAFF_HOME).status_code == 200

    partnership.two_factor_for_everyone = True
    partnership.save()

    response = client.get(STAFF_HOME)
    assert response.status_code == 302
    assert response["Location"] == with_next(SETUP, STAFF_HOME)
    assert "Your role needs a security code" in text(client.get(SETUP))


def test_signing_in_with_a_password_alone_leads_to_two_factor_setup(
    make_person: Callable[..., User],
) -> None:
    person = make_person("new.bu@testford.example", Role.BUSINESS_UNIT, password="pw-" * 5)
    client = Client()

    assert sign_in_with_password(client, person.email, "pw-" * 5)["Location"] == STAFF_HOME
    response = client.get(STAFF_HOME)

    assert response["Location"] == with_next(SETUP, STAFF_HOME)


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_the_setup_page_shows_a_qr_code_and_the_key(
    role: str, newcomer: Callable[[str], tuple[User, Client]]
) -> None:
    person, client = newcomer(role)

    response = client.get(SETUP)

    assert response.status_code == 200
    document = page(response)
    qr = one(document, "div.sp-qr")
    assert [element.name for element in qr.find_all(recursive=False)] == ["svg"]
    assert text(qr) == text(one(qr, "svg")), "nothing but the QR code in its box"
    device = AuthenticatorApp.objects.get(user=person)
    assert device.confirmed is False
    key = b32encode(device.bin_key).decode()
    assert text(one(document, "code.sp-secret-key")).replace(" ", "") == key
    assert "Your role needs a security code" in text(document)


def test_reloading_the_setup_page_keeps_the_same_key(
    newcomer: Callable[[str], tuple[User, Client]],
) -> None:
    person, client = newcomer(Role.BUSINESS_UNIT)

    client.get(SETUP)
    client.get(SETUP)

    assert AuthenticatorApp.objects.filter(user=person).count() == 1


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_a_wrong_code_does_not_confirm_the_app(
    role: str, newcomer: Callable[[str], tuple[User, Client]]
) -> None:
    person, client = newcomer(role)
    device = open_setup(person, client)

    response = client.post(SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert error_summary(response) == {WRONG_CODE_MESSAGE: "id_code"}
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(STAFF_HOME)["Location"].startswith(SETUP)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit security code from your authenticator app"),
        ("123", "Enter all 6 digits of the security code"),
        ("12a456", "Enter the security code using only numbers"),
    ],
)
def test_a_badly_typed_code_is_explained(
    code: str,
    message: str,
    newcomer: Callable[[str], tuple[User, Client]],
) -> None:
    person, client = newcomer(Role.BUSINESS_UNIT)
    open_setup(person, client)

    response = client.post(SETUP, {"code": code})

    assert response.status_code == 200
    assert message in error_summary(response)
    assert not AuthenticatorApp.objects.filter(user=person, confirmed=True).exists()


@pytest.mark.parametrize(
    ("role", "typed"),
    [
        (Role.BUSINESS_UNIT, "as-shown"),
        (Role.INTELLIGENCE_OFFICER, "as-shown"),
        (Role.INTELLIGENCE_OFFICER, "spaces-around"),
    ],
)
def test_the_right_code_confirms_the_app_and_opens_the_staff_pages(
    role: str, typed: str, newcomer: Callable[[str], tuple[User, Client]]
) -> None:
    person, client = newcomer(role)
    device = open_setup(person, client)
    code = AS_TYPED[typed](current_code(device))

    response = client.post(SETUP, {"code": code, "next": STAFF_HOME})

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(STAFF_HOME).status_code == 200
    entry = AuditEntry.objects.get(action=RECORD_CHANGED, target_id=str(person.pk))
    assert entry.changes == {"two_factor": [False, True]}
    signed_in = AuditEntry.objects.get(action=SIGNED_IN, actor=person)
    assert signed_in.changes == {"two_factor": "authenticator app set up"}


def test_setup_after_confirmation_sends_to_verify(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    client = signed_in_without_code(people[Role.BUSINESS_UNIT])

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"] == VERIFY


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_a_password_alone_is_not_enough_for_someone_with_an_app(
    role: str, people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    client = signed_in_without_code(people[role])

    response = client.get(STAFF_HOME)

    assert response.status_code == 302
    assert response["Location"] == with_next(VERIFY, STAFF_HOME)


def test_a_wrong_code_at_sign_in_is_refused_and_audited(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    person = people[Role.BUSINESS_UNIT]
    client = signed_in_without_code(person)
    device = AuthenticatorApp.objects.get(user=person)

    response = client.post(VERIFY, {"code": wrong_code(device), "next": STAFF_HOME})

    assert response.status_code == 200
    assert error_summary(response) == {WRONG_CODE_MESSAGE: "id_code"}
    entry = AuditEntry.objects.get(action=SIGN_IN_FAILED)
    assert entry.actor == person
    assert entry.target_id == str(person.pk)
    assert entry.changes == {"two_factor": "wrong code"}
    assert not AuditEntry.objects.filter(action=SIGNED_IN).exists()
    assert client.get(STAFF_HOME)["Location"].startswith(VERIFY)


@pytest.mark.parametrize(
    ("role", "typed"),
    [
        (Role.BUSINESS_UNIT, "as-shown"),
        (Role.INTELLIGENCE_OFFICER, "as-shown"),
        (Role.BUSINESS_UNIT, "as-the-app-shows-it"),
    ],
)
def test_the_right_code_at_sign_in_lets_them_through(
    role: str,
    typed: str,
    people: dict[str, User],
    signed_in_without_code: Callable[[User], Client],
) -> None:
    person = people[role]
    client = signed_in_without_code(person)
    code = AS_TYPED[typed](current_code(AuthenticatorApp.objects.get(user=person)))

    response = client.post(VERIFY, {"code": code, "next": STAFF_HOME})

    assert response.status_code == 302, error_summary(response)
    assert response["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200
    # The password alone was not a sign-in: it is recorded once the code is given.
    assert AuditEntry.objects.get(action=PASSWORD_ACCEPTED).actor == person
    entry = AuditEntry.objects.get(action=SIGNED_IN)
    assert entry.actor == person
    assert entry.changes == {"two_factor": "security code"}


def test_the_verify_page_sends_on_to_next_but_only_on_this_site(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    person = people[Role.INTELLIGENCE_OFFICER]
    client = signed_in_without_code(person)
    device = AuthenticatorApp.objects.get(user=person)

    response = client.post(VERIFY, {"code": current_code(device), "next": "http://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME


def test_a_code_cannot_be_used_twice(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    person = people[Role.BUSINESS_UNIT]
    device = AuthenticatorApp.objects.get(user=person)
    code = current_code(device)
    assert signed_in_without_code(person).post(VERIFY, {"code": code}).status_code == 302

    replay = signed_in_without_code(person)
    response = replay.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in error_summary(response)


def test_a_practitioner_without_an_app_is_not_asked_for_one(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    client = signed_in_without_code(people[Role.PRACTITIONER])

    assert client.get(STAFF_HOME).status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_practitioner_who_set_up_an_app_must_use_it(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    person = people[Role.PRACTITIONER]
    AuthenticatorApp.objects.create(user=person, name="Authenticator app", confirmed=True)

    response = signed_in_without_code(person).get(STAFF_HOME)

    assert response["Location"] == with_next(VERIFY, STAFF_HOME)


def test_the_full_sign_in_with_password_and_code(people: dict[str, User]) -> None:
    person = with_password(people[Role.INTELLIGENCE_OFFICER])
    client = Client()

    first = sign_in_with_password(client, person.email)
    assert first["Location"] == STAFF_HOME
    second = client.get(STAFF_HOME)
    assert second["Location"] == with_next(VERIFY, STAFF_HOME)
    code = current_code(AuthenticatorApp.objects.get(user=person))
    third = client.post(VERIFY, {"code": code, "next": STAFF_HOME})

    assert third["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200


def test_the_business_unit_can_reset_someones_two_factor(
    people: dict[str, User],
    client_as: Callable[[str], Client],
    signed_in_without_code: Callable[[User], Client],
) -> None:
    officer = people[Role.INTELLIGENCE_OFFICER]
    assert AuthenticatorApp.objects.filter(user=officer).exists()
    client = client_as(Role.BUSINESS_UNIT)

    response = client.post(reverse("accounts:person-two-factor-reset", args=[officer.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:person-detail", args=[officer.pk])
    assert not AuthenticatorApp.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action=RECORD_CHANGED, target_id=str(officer.pk))
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.changes == {"two_factor": [True, False]}
    followed = client.get(response["Location"])
    assert "will be asked to set up two-factor sign-in again" in text(followed)
    # Next time they sign in they must link a new app.
    after = signed_in_without_code(officer).get(STAFF_HOME)
    assert after["Location"] == with_next(SETUP, STAFF_HOME)


@pytest.mark.parametrize("role", [Role.SCRUTINEER, Role.GROUP_CHAIR, Role.INTELLIGENCE_OFFICER])
def test_only_the_business_unit_can_reset_two_factor(
    role: str, people: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    target = people[Role.BUSINESS_UNIT]

    response = client_as(role).post(reverse("accounts:person-two-factor-reset", args=[target.pk]))

    assert response.status_code == 403
    assert AuthenticatorApp.objects.filter(user=target).exists()
    assert not AuditEntry.objects.filter(action=RECORD_CHANGED).exists()


def test_resetting_two_factor_needs_a_post(
    people: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    officer = people[Role.INTELLIGENCE_OFFICER]

    response = client_as(Role.BUSINESS_UNIT).get(
        reverse("accounts:person-two-factor-reset", args=[officer.pk])
    )

    assert response.status_code == 405
    assert AuthenticatorApp.objects.filter(user=officer).exists()


def test_sign_out_is_open_before_the_second_factor(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    client = signed_in_without_code(people[Role.BUSINESS_UNIT])

    response = client.post(reverse("accounts:sign-out"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(STAFF_HOME)["Location"].startswith(reverse("accounts:sign-in"))


def test_sign_in_helper_gives_the_second_factor(
    people: dict[str, User],
) -> None:
    """Sanity check of the shared fixture the other tests rely on."""
    client = sign_in(Client(), people[Role.BUSINESS_UNIT])
    assert client.get(STAFF_HOME).status_code == 200


def test_a_code_given_too_soon_after_wrong_ones_says_to_wait(
    people: dict[str, User], signed_in_without_code: Callable[[User], Client]
) -> None:
    person = people[Role.BUSINESS_UNIT]
    client = signed_in_without_code(person)
    device = AuthenticatorApp.objects.get(user=person)
    for _ in range(3):
        client.post(VERIFY, {"code": wrong_code(device), "next": STAFF_HOME})

    response = client.post(VERIFY, {"code": current_code(device), "next": STAFF_HOME})

    assert response.status_code == 200
    (message,) = error_summary(response)
    assert message.startswith("Too many wrong codes in a row. Wait ")
    assert " second" in message
    assert WRONG_CODE_MESSAGE not in text(response)
    assert client.get(STAFF_HOME)["Location"].startswith(VERIFY)


def test_setting_up_an_app_too_says_to_wait_after_wrong_codes(
    newcomer: Callable[[str], tuple[User, Client]],
) -> None:
    person, client = newcomer(Role.ANALYST)
    device = open_setup(person, client)
    for _ in range(3):
        client.post(SETUP, {"code": wrong_code(device)})

    response = client.post(SETUP, {"code": current_code(device)})

    (message,) = error_summary(response)
    assert message.startswith("Too many wrong codes in a row. Wait ")
    device.refresh_from_db()
    assert not device.confirmed


@pytest.mark.parametrize("url", [VERIFY, SETUP])
def test_no_staff_menu_is_drawn_before_the_code_is_given(
    url: str,
    people: dict[str, User],
    newcomer: Callable[[str], tuple[User, Client]],
    signed_in_without_code: Callable[[User], Client],
) -> None:
    if url == VERIFY:
        client = signed_in_without_code(people[Role.BUSINESS_UNIT])
    else:
        client = newcomer(Role.BUSINESS_UNIT)[1]

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["staff_navigation"] == []
    assert reverse("accounts:account") not in response.content.decode()


def test_the_staff_menu_is_drawn_once_the_code_is_given(people: dict[str, User]) -> None:
    response = sign_in(Client(), people[Role.BUSINESS_UNIT]).get(STAFF_HOME)

    assert [item["label"] for item in response.context["staff_navigation"]]
