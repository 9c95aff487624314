"""Production defaults: what the platform does with DEBUG off and only the documented
settings given (docs/security.md and docs/development.md)."""

import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.middleware import SIGNED_IN_AT
from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from tests.conftest import sign_in_with_password, with_password

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "safeguarding.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://safeguarding.example.org",
    "SITE_URL": "https://safeguarding.example.org",
    "SMTP_HOST": "smtp.example.org",
}


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A fresh production-like environment: none of the test run's own switches (the
    # browser tests allow Django's ORM inside Playwright's event loop, for one).
    left_out = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in left_out}
    environment.update(SAFEGUARDING_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_outside_debug_http_is_redirected_and_no_development_host_is_allowed(
    tmp_path: Path,
) -> None:
    result = manage(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE)",
        DJANGO_DEBUG="0",
    )
    assert result.stdout.split() == ["True", "[]", "True"], result.stderr


@pytest.mark.django_db
def test_a_plain_http_sign_in_is_sent_to_https_before_any_password_is_read(
    settings: Any, people: dict[str, User]
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    person = with_password(people[Role.PRACTITIONER])

    response = sign_in_with_password(Client(), person.email)

    assert response.status_code == 301
    assert response["Location"].startswith("https://testserver/sign-in/")


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["core:home", "accounts:sign-in", "core:staff-home"])
def test_every_page_refuses_browser_features_it_does_not_use(
    url_name: str, client_as: Callable[[str], Client]
) -> None:
    response = client_as(Role.ANALYST).get(reverse(url_name))
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.mark.django_db
def test_a_password_reset_link_comes_from_the_site_address_not_the_requests_host(
    settings: Any, people: dict[str, User]
) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://safeguarding.example.org"
    person = with_password(people[Role.PRACTITIONER])

    Client().post(
        reverse("accounts:password-reset"), {"email": person.email}, HTTP_HOST="evil.example"
    )

    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", str(message.body))
    assert links and all(
        link.startswith("https://safeguarding.example.org/password-reset/") for link in links
    )
    assert "evil.example" not in message.body


@pytest.mark.django_db
def test_an_invitation_link_comes_from_the_site_address(
    settings: Any,
    client_as: Callable[[str], Client],
    agencies: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://safeguarding.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client_as(Role.BUSINESS_UNIT).post(
            reverse("accounts:person-create"),
            {
                "email": "new.person@testford.example",
                "full_name": "New Person",
                "agency": agencies["council"].pk,
                "role": Role.PRACTITIONER,
                "is_active": "on",
            },
            HTTP_HOST="evil.example",
        )
    (message,) = mail.outbox
    assert "https://safeguarding.example.org/password-reset/" in message.body
    assert "evil.example" not in message.body


@pytest.mark.django_db
def test_a_session_ends_after_its_absolute_lifetime_however_active(
    settings: Any, people: dict[str, User]
) -> None:
    settings.SESSION_ABSOLUTE_HOURS = 12
    person = with_password(people[Role.PRACTITIONER])
    client = Client()
    sign_in_with_password(client, person.email)
    assert client.get(reverse("core:staff-home")).status_code == 200

    session = client.session
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 60
    session.save()
    response = client.get(reverse("core:staff-home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert client.get(reverse("core:staff-home")).status_code == 302
    page = client.get(response["Location"])
    assert "You were signed in for 12 hours" in page.content.decode()


def demo_environment() -> dict[str, str]:
    """The settings `make run` serves the demo with: the Makefile's DEMO variable."""
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^DEMO := (.*?)(?<!\\)$", makefile, re.MULTILINE | re.DOTALL)
    assert match, "the Makefile has no DEMO variable"
    words = match.group(1).replace("\\\n", " ").split()
    return dict(word.split("=", 1) for word in words)


def test_the_demo_is_served_with_debug_off_and_its_accounts_on(tmp_path: Path) -> None:
    demo = demo_environment()
    result = manage(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DEMO_MODE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.ALLOWED_HOSTS == ['127.0.0.1', 'localhost'], "
        "s.MAILERS['default']['BACKEND'].endswith('console.EmailBackend'))",
        **demo,
    )
    assert result.stdout.split() == ["False", "True", "False", "False", "True", "True"], (
        result.stderr
    )


@pytest.mark.django_db
def test_in_demo_mode_a_bad_address_gets_the_platforms_own_page(settings: Any) -> None:
    settings.DEMO_MODE = True
    assert settings.DEBUG is False

    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Exit this page" in body
    assert "URLconf" not in body
