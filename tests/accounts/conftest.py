"""Fixtures and helpers for the accounts tests (the shared ones live in tests/conftest.py)."""

import re
import time
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import Role, User
from safeguarding.core.models import Agency
from safeguarding.demo import factories
from tests.conftest import PASSWORD, with_password

NEW_PASSWORD = "lantern-otter-quarry-violet"


def error_summary(response: Any) -> dict[str, str]:
    """The GOV.UK error summary on a page, as message → id of the field it links to.

    Fails the test when the page has no error summary.
    """
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html, "the page has no GOV.UK error summary"
    assert "There is a problem" in html
    block = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return {
        unescape(message).strip(): target
        for target, message in re.findall(r'<a href="#([^"]*)">(.*?)</a>', block, re.S)
    }


def page_text(response: Any) -> str:
    """The page's HTML with entities turned back into characters."""
    return unescape(response.content.decode())


def sign_in_with_password(
    client: Client, email: str, password: str = PASSWORD, **extra: str
) -> Any:
    """Fill in and send the sign-in form, as a person in a browser would."""
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password, **extra})


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code the device would refuse now (none of the codes in its tolerance window)."""
    now = int(time.time())
    near = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=d):06d}"
        for d in range(-3, 4)
    }
    for candidate in range(now % 1_000_000, now % 1_000_000 + 20):
        code = f"{candidate % 1_000_000:06d}"
        if code not in near:
            return code
    raise AssertionError("could not find a wrong code")  # pragma: no cover


@pytest.fixture
def make_person(agencies: dict[str, Agency]) -> Callable[..., User]:
    """Make someone who is not among the shared `people`, with a password if asked."""

    def make(
        email: str,
        role: str = Role.PRACTITIONER,
        *,
        password: str | None = None,
        **fields: Any,
    ) -> User:
        person = factories.person(email, role, agency=agencies["council"], **fields)
        if password is not None:
            with_password(person, password)
        return person

    return make


@pytest.fixture
def signed_in_without_code() -> Callable[[User], Client]:
    """A client for someone who has given their password but no security code yet."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="safeguarding.accounts.backends.EmailBackend")
        return client

    return make
