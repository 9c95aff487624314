"""Attacks on signing in, each written as the attacker would make it: spraying guesses
across accounts from one address, guessing at one account from many addresses, locking
someone out from behind the same proxy, floods that cost a password hash each, and a
flood of failures filling the audit trail."""

import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from safeguarding.accounts import passwords, sign_in_guard
from safeguarding.accounts.audit_verbs import HELD_BACK, SIGN_IN_FAILED
from safeguarding.accounts.models import User
from safeguarding.accounts.sign_in_guard import KNOWN_DEVICE_COOKIE
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from tests.conftest import PASSWORD, sign_in_with_password, with_password
from tests.pages import error_summary, one, text

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
STAFF_HOME = reverse("core:staff-home")
TOO_MANY = "There have been too many attempts to sign in"


def from_address(address: str, forwarded_for: str = "") -> Client:
    if forwarded_for:
        return Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded_for)
    return Client(REMOTE_ADDR=address)


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every Argon2 verification made, by the password it checked."""
    made: list[str] = []
    verify = Argon2PasswordHasher.verify

    def counting(self: Any, password: str, encoded: str) -> bool:
        made.append(password)
        return bool(verify(self, password, encoded))

    monkeypatch.setattr(Argon2PasswordHasher, "verify", counting)
    yield made


@pytest.fixture
def practitioner(people: dict[str, User]) -> User:
    return with_password(people[Role.PRACTITIONER])


@pytest.fixture
def quick_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A sign-in for an unknown email waits like a real check; here it records the wait
    instead of sleeping, so a test of many attempts stays quick."""
    waited: list[float] = []
    monkeypatch.setattr(time, "sleep", waited.append)
    return waited


# Spraying: a few guesses at every account from one address --------------------------------


def test_failures_from_one_address_across_accounts_are_limited(
    settings: Any, people: dict[str, User], quick_waits: list[float]
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_failures_by_address": "6/15m"}
    sprayer = from_address("198.51.100.20")
    for number in range(6):
        email = f"guess{number}@testford.example" if number % 2 else people[ROLES[number]].email
        response = sign_in_with_password(sprayer, email, "Summer2026!guess")
        assert response.status_code == 200, number

    held = sign_in_with_password(sprayer, with_password(people[Role.ANALYST]).email)

    assert held.status_code == 429
    assert int(held["Retry-After"]) > 0
    (message,) = error_summary(held)
    assert message.startswith(TOO_MANY) and "Wait " in message
    one(held, ".govuk-exit-this-page")
    # Someone else, elsewhere, signs in as usual.
    other = sign_in_with_password(from_address("203.0.113.5"), people[Role.ANALYST].email)
    assert other.status_code == 302
    held_back = AuditEntry.objects.get(action=HELD_BACK)
    assert held_back.changes["held back by"] == "this address's failures"


ROLES = [role.value for role in Role]


# Guessing at one account from many addresses ------------------------------------------------


def test_failures_at_one_account_from_many_addresses_make_each_attempt_wait_longer(
    settings: Any, practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SIGN_IN_FREE_FAILURES = 3
    now = [time.time()]
    # The guard's clock only: the cache keeps real time.
    monkeypatch.setattr(sign_in_guard, "time", SimpleNamespace(time=lambda: now[0]))
    for number in range(3):
        response = sign_in_with_password(
            from_address(f"198.51.100.{number + 1}"), practitioner.email, "a-wrong-guess-here"
        )
        assert response.status_code == 200

    waits = []
    for number in range(3):
        attacker = from_address(f"203.0.113.{number + 1}")
        held = sign_in_with_password(attacker, practitioner.email, "a-wrong-guess-here")
        assert held.status_code == 429
        waits.append(int(held["Retry-After"]))
        now[0] += waits[-1]  # the attacker waits exactly as long as told, then fails again
        assert (
            sign_in_with_password(attacker, practitioner.email, "still-wrong-guess").status_code
            == 200
        )

    assert waits == [1, 2, 4]
    # It is a delay, not a lock: once the wait is over the right password works.
    now[0] += 8
    assert sign_in_with_password(from_address("192.0.2.9"), practitioner.email).status_code == 302


def test_the_longest_wait_is_capped(settings: Any, practitioner: User) -> None:
    settings.SIGN_IN_FREE_FAILURES = 0
    settings.SIGN_IN_LONGEST_WAIT_SECONDS = 60
    from safeguarding.accounts.sign_in_guard import account_wait_seconds, sign_in_failed

    request = from_address("198.51.100.1").get("/").wsgi_request
    for _ in range(30):
        sign_in_failed(request, practitioner.email)
    assert 0 < account_wait_seconds(practitioner.email) <= 60


def test_the_owner_on_a_browser_that_signed_in_before_is_not_held_back(
    settings: Any, practitioner: User
) -> None:
    settings.SIGN_IN_FREE_FAILURES = 2
    owner = from_address("192.0.2.44")
    assert sign_in_with_password(owner, practitioner.email).status_code == 302
    assert KNOWN_DEVICE_COOKIE in owner.cookies
    owner.post(reverse("accounts:sign-out"))
    for number in range(6):
        sign_in_with_password(
            from_address(f"203.0.113.{number}"), practitioner.email, "guess-guess"
        )
    assert (
        sign_in_with_password(from_address("203.0.113.99"), practitioner.email).status_code == 429
    )

    back = sign_in_with_password(owner, practitioner.email)

    assert back.status_code == 302
    assert back["Location"] == STAFF_HOME


def test_a_forged_known_device_cookie_is_ignored(settings: Any, practitioner: User) -> None:
    settings.SIGN_IN_FREE_FAILURES = 1
    for number in range(3):
        sign_in_with_password(
            from_address(f"203.0.113.{number}"), practitioner.email, "guess-guess"
        )
    forger = from_address("203.0.113.50")
    forger.cookies[KNOWN_DEVICE_COOKIE] = "W10:forged:signature"

    assert sign_in_with_password(forger, practitioner.email).status_code == 429


# Locking someone out from behind the same proxy ---------------------------------------------


def test_behind_a_trusted_proxy_an_attacker_cannot_lock_out_someone_else(
    settings: Any, practitioner: User
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    attacker = from_address("10.0.0.1", forwarded_for="198.51.100.66")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in_with_password(attacker, practitioner.email, "a-wrong-guess-here")
    assert "You cannot sign in for now" in text(sign_in_with_password(attacker, practitioner.email))

    victim = from_address("10.0.0.1", forwarded_for="192.0.2.10")
    response = sign_in_with_password(victim, practitioner.email)

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME


# Floods that cost a hash each ------------------------------------------------------------


def test_an_unknown_email_costs_no_hash_but_waits_as_long_as_one(
    practitioner: User, hashes: list[str], quick_waits: list[float]
) -> None:
    typical = passwords.typical_check_seconds()
    hashes.clear()

    response = sign_in_with_password(Client(), "nobody.here@testford.example", "a-guess-a-guess")

    assert response.status_code == 200
    assert hashes == []
    (waited,) = quick_waits
    assert 0.9 * typical <= waited <= 1.1 * typical
    assert sign_in_with_password(Client(), practitioner.email, "wrong-for-sure").status_code == 200
    assert hashes == ["wrong-for-sure"]


def test_sign_in_forms_from_one_address_are_limited_whatever_their_outcome(
    settings: Any, practitioner: User
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in": "3/m"}
    client = from_address("198.51.100.30")
    for _ in range(3):
        assert client.post(SIGN_IN, {"email": "", "password": ""}).status_code == 200

    flooded = client.post(SIGN_IN, {"email": practitioner.email, "password": PASSWORD})

    assert flooded.status_code == 429
    assert flooded["Retry-After"] == "60"
    assert "Too many requests" in text(flooded)
    one(flooded, ".govuk-exit-this-page")
    assert client.get(SIGN_IN).status_code == 200  # reading the page is not limited


# The audit trail is not flooded -----------------------------------------------------------


def test_repeated_failures_are_recorded_first_and_then_at_each_tenfold(
    settings: Any, quick_waits: list[float]
) -> None:
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "sign_in": "1000/m",
        "sign_in_failures_by_address": "1000/15m",
    }
    settings.SIGN_IN_FREE_FAILURES = 1000
    client = from_address("198.51.100.40")
    for _ in range(25):
        sign_in_with_password(client, "target@testford.example", "a-guess-a-guess")

    failed = AuditEntry.objects.filter(action=SIGN_IN_FAILED).order_by("pk")
    assert [entry.changes for entry in failed] == [{}, {"attempts in 15 minutes": 10}]


# Password reset -------------------------------------------------------------------------


def test_password_reset_is_limited_per_account_without_saying_so(
    settings: Any, practitioner: User
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_by_account": "2/h"}
    for number in range(4):
        response = from_address(f"198.51.100.{number + 1}").post(
            reverse("accounts:password-reset"), {"email": practitioner.email}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-reset-sent")

    assert len(mail.outbox) == 2


def test_password_reset_is_limited_per_address(settings: Any, practitioner: User) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_by_address": "2/h"}
    client = from_address("198.51.100.77")
    for number in range(2):
        client.post(reverse("accounts:password-reset"), {"email": f"p{number}@testford.example"})

    response = client.post(reverse("accounts:password-reset"), {"email": practitioner.email})

    assert response.status_code == 429
    assert mail.outbox == []


# Breached passwords ---------------------------------------------------------------------


@pytest.mark.parametrize("breached", ["password1234", "qwertyuiop123", "welcome12345"])
def test_a_password_leaked_in_breaches_is_refused(
    breached: str, practitioner: User, client_as: Any
) -> None:
    client = client_as(Role.PRACTITIONER)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": breached, "new_password2": breached},
    )

    assert response.status_code == 200
    assert any("leaked from other websites" in message for message in error_summary(response))
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)
