"""Changing your own password is recorded in the audit trail, by the accounts service."""

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_CHANGED
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from tests.conftest import PASSWORD, with_password

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-quite-different-long-phrase-9"


def test_changing_your_password_is_recorded(people: dict[str, User]) -> None:
    person = with_password(people[Role.PRACTITIONER])
    client = Client()
    client.force_login(person)

    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=RECORD_CHANGED, target_id=str(person.pk))
    assert entry.actor == person
    assert entry.target_type == "accounts.user"
    assert entry.changes == {"password": "changed"}
