"""Fixtures and helpers for the accounts tests (the shared ones live in tests/conftest.py)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safeguarding.accounts.models import AuthenticatorApp, User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from tests.conftest import current_code, with_password

NEW_PASSWORD = "lantern-otter-quarry-violet"


def person_form(works_for: Agency, **overrides: Any) -> dict[str, Any]:
    """The person form filled in for a new practitioner; an override of None leaves a field out."""
    data: dict[str, Any] = {
        "full_name": "Alex Newman",
        "email": "Alex.Newman@Testford.example",
        "job_title": "Social worker",
        "agency": works_for.pk,
        "role": Role.PRACTITIONER,
        "is_active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def person_form_for(person: User, **changes: Any) -> dict[str, Any]:
    """The edit form for `person` as it would be posted back unchanged, with `changes` applied."""
    assert person.agency is not None
    current = {
        "full_name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "role": person.role,
        "is_active": "on" if person.is_active else None,
    }
    return person_form(person.agency, **{**current, **changes})


def wrong_code(device: AuthenticatorApp) -> str:
    """A code the device would refuse now: none of the codes in its tolerance window."""
    # The code `steps` steps from now is the current code of a device whose clock started
    # that many steps earlier.
    near = {
        current_code(
            AuthenticatorApp(
                key=device.key,
                step=device.step,
                t0=device.t0 - steps * device.step,
                digits=device.digits,
            )
        )
        for steps in range(-3, 4)
    }
    return next(code for code in (f"{n:06d}" for n in range(len(near) + 1)) if code not in near)


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
