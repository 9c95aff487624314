"""Sessions end after a period without activity; every request pushes the end back."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from tests.conftest import sign_in_with_password, with_password

STAFF_HOME = reverse("core:staff-home")


def test_the_session_lasts_for_the_idle_time_and_is_saved_on_every_request() -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def signed_in(people: dict[str, User]) -> tuple[Client, Session]:
    person = with_password(people[Role.PRACTITIONER])
    client = Client()
    assert sign_in_with_password(client, person.email).status_code == 302
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    return client, session


def test_an_idle_session_has_expired_and_staff_pages_ask_to_sign_in_again(
    people: dict[str, User],
) -> None:
    client, session = signed_in(people)
    assert client.get(STAFF_HOME).status_code == 200

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(STAFF_HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next={STAFF_HOME}"


def test_a_new_session_expires_after_the_idle_time(people: dict[str, User]) -> None:
    _, session = signed_in(people)

    expected = timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    assert abs((session.expire_date - expected).total_seconds()) < 60


def test_each_request_pushes_the_expiry_back(people: dict[str, User]) -> None:
    client, session = signed_in(people)
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)

    assert client.get(STAFF_HOME).status_code == 200

    renewed = Session.objects.get(pk=session.pk).expire_date
    expected = timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    assert renewed > soon + timedelta(minutes=5)
    assert abs((renewed - expected).total_seconds()) < 60
