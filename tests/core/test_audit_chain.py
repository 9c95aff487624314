"""The audit trail's hash chain: anyone with the database file can drop its triggers and
rewrite it, but every deletion, edit or insertion is then found by `verify_audit`, and
the audit page tells those who read it."""

from collections.abc import Callable
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.audit_chain import GENESIS
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_VIEWED
from safeguarding.core.middleware import RequestOrigin, current_origin
from safeguarding.core.models import AuditEntry, AuditVerification
from safeguarding.core.roles import Role
from safeguarding.core.services import audit_trail_verify, log_action
from tests.core.conftest import Migrator, tamper
from tests.pages import one, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(people: dict[str, User]) -> list[AuditEntry]:
    """Six entries of every kind: with and without a person, an IPv6 origin, nested and
    non-ASCII changes."""
    token = current_origin.set(RequestOrigin("2001:0db8:0000::0001", "Firefox", "/staff/"))
    try:
        entries = [
            log_action(
                actor=people[Role.BUSINESS_UNIT],
                action=RECORD_CHANGED,
                target=people[Role.PRACTITIONER],
                changes={"full name": ["Zoë", "Zoë Ng"], "groups": [[], ["A", "B"]]},
            )
        ]
    finally:
        current_origin.reset(token)
    for number in range(5):
        entries.append(
            log_action(
                actor=None if number % 2 else people[Role.ANALYST],
                action=RECORD_VIEWED,
                target_type="core.test",
                target_label=f"record {number}",
                changes={"n": number, "share": 0.5},
            )
        )
    return entries


def test_each_entry_follows_the_one_before(trail: list[AuditEntry]) -> None:
    everything = list(AuditEntry.objects.order_by("pk"))
    assert everything[0].previous_hash == GENESIS
    for before, after in pairwise(everything):
        assert after.previous_hash == before.entry_hash
    check = audit_trail_verify()
    assert check.intact and check.entries == len(everything)
    assert check.head_hash == everything[-1].entry_hash


def test_an_edited_entry_is_found(trail: list[AuditEntry]) -> None:
    edited = trail[2]
    tamper("UPDATE core_auditentry SET target_label = %s WHERE id = %s", ["nothing", edited.pk])

    check = audit_trail_verify()

    assert not check.intact
    assert check.broken_at == edited.pk
    assert "has been changed" in check.problem


def test_a_deleted_entry_is_found(trail: list[AuditEntry]) -> None:
    tamper("DELETE FROM core_auditentry WHERE id = %s", [trail[3].pk])

    check = audit_trail_verify()

    assert check.broken_at == trail[4].pk
    assert "deleted or inserted" in check.problem


def test_an_entry_slipped_in_without_the_chain_is_found(trail: list[AuditEntry]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditentry (at, actor_label, action, target_type, target_id,"
            " target_label, changes, user_agent, path, previous_hash, entry_hash)"
            " VALUES (%s, '', 'view', 'x', '', 'forged', '{}', '', '', %s, %s)",
            [trail[-1].at, trail[-1].entry_hash, "f" * 64],
        )
    assert not audit_trail_verify().intact


def test_the_command_says_so_and_fails(trail: list[AuditEntry]) -> None:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "The audit trail is intact" in out.getvalue()
    assert f"Head hash: {AuditEntry.objects.order_by('-pk').first().entry_hash}" in out.getvalue()  # type: ignore[union-attr]

    tamper("UPDATE core_auditentry SET action = %s WHERE id = %s", ["create", trail[0].pk])
    with pytest.raises(CommandError, match="tampered with"):
        call_command("verify_audit", stdout=StringIO())
    assert AuditVerification.objects.filter(intact=False).exists()


def test_the_audit_page_shows_the_check_and_the_business_unit_can_run_it(
    trail: list[AuditEntry], client_as: Callable[[str], Client]
) -> None:
    business_unit = client_as(Role.BUSINESS_UNIT)
    assert "has not been checked yet" in text(business_unit.get(reverse("core:audit-list")))

    ran = business_unit.post(reverse("core:audit-verify"), follow=True)
    assert "The audit trail is intact" in text(ran)
    tamper("UPDATE core_auditentry SET target_label = %s WHERE id = %s", ["x", trail[1].pk])
    business_unit.post(reverse("core:audit-verify"))

    for role in (Role.BUSINESS_UNIT, Role.SCRUTINEER):
        page = client_as(role).get(reverse("core:audit-list"))
        warning = one(page, "#audit-chain-broken")
        assert "The audit trail has been tampered with" in text(warning)
        assert f"entry {trail[1].pk} has been changed" in text(warning)
    assert client_as(Role.SCRUTINEER).post(reverse("core:audit-verify")).status_code == 403


def test_entries_cannot_be_written_in_bulk_around_the_chain() -> None:
    with pytest.raises(PermissionError):
        AuditEntry.objects.bulk_create([AuditEntry(action=RECORD_VIEWED)])


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_the_chain_are_sealed_into_it_by_the_migration(
    migrator: Migrator,
) -> None:
    old = migrator.to("0006_cache_table")
    OldEntry = old.get_model("core", "AuditEntry")
    for number in range(3):
        OldEntry.objects.create(action="view", target_label=f"old {number}", changes={"n": number})

    # Up to the chain, not past it: 0008 renames the verbs
    # (tests/core/test_audit_verbs_migration.py).
    migrator.to("0007_audit_hash_chain")

    check = audit_trail_verify()
    assert check.intact and check.entries == 3
    log_action(actor=None, action=RECORD_VIEWED, target_label="after")
    assert audit_trail_verify().entries == 4
