"""Migration 0008 renames the old bare verbs to namespaced ones and the odd kinds of
record to app_label.model_name, then seals the chain again, and says so in the trail;
a chain already broken is refused unless AUDIT_RESEAL_BROKEN_CHAIN=1."""

from importlib import import_module

import pytest
from django.db import connection

from safeguarding.core.audit_verbs import AUDIT_RESEALED, RECORD_VIEWED
from safeguarding.core.models import AuditEntry
from safeguarding.core.services import audit_trail_verify, log_action
from tests.core.conftest import Migrator, old_entries_sealed, tamper

pytestmark = pytest.mark.django_db(transaction=True)

migration = import_module("safeguarding.core.migrations.0008_audit_verbs_namespaced")
BEFORE = "0007_audit_hash_chain"
OLD = [
    ("create", "core.agency"),
    ("view", "accounts.user"),
    ("export", "insight table"),
    ("sign_in", "accounts.user"),
    ("remind", "returns.reminder"),
    ("password_accepted", "accounts.user"),
]


def test_every_old_code_has_a_namespaced_one() -> None:
    old_codes = {
        "create", "change", "delete", "view", "export", "sign_in", "sign_in_failed",
        "sign_out", "locked_out", "held_back", "two_factor", "password_accepted", "remind",
    }  # fmt: skip
    assert set(migration.OLD_TO_NEW_ACTIONS) == old_codes
    for new in migration.OLD_TO_NEW_ACTIONS.values():
        log_action(actor=None, action=new, target_label="every new code is registered")


def test_old_codes_are_renamed_and_the_chain_resealed(migrator: Migrator) -> None:
    old = migrator.to(BEFORE)
    old_entries_sealed(old, OLD)
    assert audit_trail_verify().intact

    migrator.to_latest()

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.target_type) for e in entries[:-1]] == [
        ("core.record.created", "core.agency"),
        ("core.record.viewed", "accounts.user"),
        ("core.record.exported", "insight.table"),
        ("accounts.signed_in", "accounts.user"),
        ("core.reminder.sent", "returns.reminder"),
        ("accounts.password_accepted", "accounts.user"),
    ]
    # Only what was hashed changed: the rest of each entry is as it was written.
    assert [e.target_label for e in entries[:-1]] == [f"old entry {n}" for n in range(6)]
    resealed = entries[-1]
    assert resealed.action == AUDIT_RESEALED
    assert resealed.target_label == "Audit trail resealed: 6 entries renamed"
    assert resealed.changes == {"renamed": 6, "entries": 6, "chain before": "intact"}
    check = audit_trail_verify()
    assert check.intact and check.entries == 7
    # The database still refuses changes after the table was rebuilt.
    with pytest.raises(Exception, match="cannot be changed"), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET target_label = 'x'")
    log_action(actor=None, action=RECORD_VIEWED, target_label="after")
    assert audit_trail_verify().intact


def test_migrating_back_gives_the_old_codes_again(migrator: Migrator) -> None:
    old_entries_sealed(migrator.to(BEFORE), OLD)
    migrator.to_latest()

    old = migrator.to(BEFORE)

    OldEntry = old.get_model("core", "AuditEntry")
    actions = list(OldEntry.objects.order_by("pk").values_list("action", "target_type"))
    assert actions[:6] == OLD
    # The reseal forward (now a change of the trail) and the reseal back.
    assert [a for a, _ in actions[6:]] == ["change", "change"]
    assert audit_trail_verify().intact


def test_a_broken_chain_is_refused(migrator: Migrator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(migration.ALLOW_BROKEN, raising=False)
    entries = old_entries_sealed(migrator.to(BEFORE), OLD)
    tamper("UPDATE core_auditentry SET target_label = %s WHERE id = %s", ["changed", entries[2].pk])

    with pytest.raises(migration.BrokenChainRefused, match="AUDIT_RESEAL_BROKEN_CHAIN=1"):
        migrator.to_latest()

    # Nothing was renamed: the migration did not run.
    assert "view" in AuditEntry.objects.values_list("action", flat=True)
    # So the migrator can put the database back on the latest migrations for the next test.
    monkeypatch.setenv(migration.ALLOW_BROKEN, "1")


def test_a_broken_chain_is_resealed_when_asked(
    migrator: Migrator, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = old_entries_sealed(migrator.to(BEFORE), OLD)
    tamper("UPDATE core_auditentry SET target_label = %s WHERE id = %s", ["changed", entries[2].pk])
    monkeypatch.setenv(migration.ALLOW_BROKEN, "1")

    migrator.to_latest()

    resealed = AuditEntry.objects.get(action=AUDIT_RESEALED)
    assert resealed.changes["chain before"].startswith(f"broken: entry {entries[2].pk}")
    assert audit_trail_verify().intact
