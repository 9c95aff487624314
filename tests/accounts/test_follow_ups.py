"""Invitations that can be renewed, group histories that tell the whole story, and history
panels that read every kind of entry."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, RECORD_DELETED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from tests.accounts.conftest import person_form, person_form_for
from tests.pages import Response, page, text

pytestmark = pytest.mark.django_db


def history_lines(response: Response) -> list[str]:
    return [text(li) for li in page(response).select(".sp-history li li")]


def test_an_invited_person_can_ask_for_a_new_link(
    client_as: Callable[[str], Client],
    agencies: dict[str, Agency],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    business_unit = client_as(Role.BUSINESS_UNIT)
    with django_capture_on_commit_callbacks(execute=True):
        business_unit.post(
            reverse("accounts:person-create"),
            person_form(
                agencies["school"],
                full_name="Nadia Khan",
                email="nadia.khan@testford.example",
                job_title=None,
                role=Role.AGENCY_LEAD,
            ),
        )
    assert len(mail.outbox) == 1  # the invitation

    Client().post(reverse("accounts:password-reset"), {"email": "Nadia.Khan@testford.example"})

    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["nadia.khan@testford.example"]
    assert "/password-reset/" in mail.outbox[1].body


def test_no_link_for_someone_turned_off(people: dict[str, User]) -> None:
    person = people[Role.ANALYST]
    person.is_active = False
    person.save()
    Client().post(reverse("accounts:password-reset"), {"email": person.email})
    assert mail.outbox == []


def test_groups_changed_on_the_person_form_show_in_the_group_history(
    client_as: Callable[[str], Client],
    people: dict[str, User],
    group: PartnershipGroup,
) -> None:
    other = factories.group("Early Help Board", PartnershipGroup.Kind.BOARD)
    analyst = people[Role.ANALYST]
    business_unit = client_as(Role.BUSINESS_UNIT)
    edit = reverse("accounts:person-edit", args=[analyst.pk])

    business_unit.post(edit, person_form_for(analyst, groups=[other.pk]))
    business_unit.post(edit, person_form_for(analyst, groups=[]))

    joined, left = AuditEntry.objects.filter(target_type="accounts.partnershipgroup").order_by("pk")
    assert (joined.action, joined.target_id, joined.changes["member"]) == (
        RECORD_CREATED,
        str(other.pk),
        [None, analyst.email],
    )
    assert (left.action, left.changes["member"]) == (
        RECORD_DELETED,
        [analyst.email, None],
    )
    page = business_unit.get(reverse("accounts:group-detail", args=[other.slug]))
    assert f"Member: {analyst.email} → (blank)" in history_lines(page)
    assert f"Member: None → {analyst.email}" not in history_lines(page)


def test_a_note_in_the_history_reads_as_written(
    client_as: Callable[[str], Client], people: dict[str, User]
) -> None:
    practitioner = people[Role.PRACTITIONER]
    AuditEntry.objects.create(
        actor=practitioner,
        action=RECORD_CHANGED,
        target_type="accounts.user",
        target_id=str(practitioner.pk),
        changes={"password": "changed", "job_title": ["Worker", "Senior worker"]},
    )
    page = client_as(Role.BUSINESS_UNIT).get(
        reverse("accounts:person-detail", args=[practitioner.pk])
    )
    assert history_lines(page) == ["Password: changed", "Job title: Worker → Senior worker"]
