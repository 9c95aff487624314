"""Audit verbs become open, namespaced codes (safeguarding/core/audit_verbs.py).

The stored codes of existing entries are renamed ("view" becomes "core.record.viewed"),
and so are the kinds of record that did not follow `app_label.model_name` ("insight
table"). Both are inside every entry's hash, so the whole chain is sealed again in order,
and one `core.audit.resealed` entry says how many entries were renamed. A chain that is
already broken is refused, so a reseal can never hide tampering, unless
AUDIT_RESEAL_BROKEN_CHAIN=1 says someone has looked and wants it resealed anyway.

The codes are written out here rather than read from audit_verbs: a migration must
keep meaning what it meant when it was written. Only pure functions of audit_chain are
used, on the historical model's rows.
"""

import os
from importlib import import_module
from typing import Any

from django.db import migrations, models
from django.db.models.functions import Length
from django.utils import timezone

from safeguarding.core.audit_chain import GENESIS, entry_digest, entry_fields, verify_rows

# The triggers that refuse changes to audit entries are lifted while the chain is
# resealed, then put back (on SQLite, altering the column rebuilt the table without them).
_refusal = import_module("safeguarding.core.migrations.0002_audit_entries_cannot_change")

OLD_TO_NEW_ACTIONS = {
    "create": "core.record.created",
    "change": "core.record.changed",
    "delete": "core.record.deleted",
    "view": "core.record.viewed",
    "export": "core.record.exported",
    "remind": "core.reminder.sent",
    "sign_in": "accounts.signed_in",
    "sign_in_failed": "accounts.sign_in_failed",
    "sign_out": "accounts.signed_out",
    "locked_out": "accounts.locked_out",
    "held_back": "accounts.held_back",
    "two_factor": "accounts.two_factor",
    "password_accepted": "accounts.password_accepted",
}
OLD_TO_NEW_TARGET_TYPES = {"insight table": "insight.table"}
RESEALED = "core.audit.resealed"
# The old column's width, which the reverse migration returns to.
OLD_ACTION_LENGTH = 20
ALLOW_BROKEN = "AUDIT_RESEAL_BROKEN_CHAIN"


class BrokenChainRefused(RuntimeError):
    """The chain was broken before the migration; resealing it would hide that."""


def _fields(entry: Any, **override: Any) -> dict[str, Any]:
    values = {
        "at": entry.at,
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "changes": entry.changes,
        "ip_address": entry.ip_address,
        "user_agent": entry.user_agent,
        "path": entry.path,
    }
    return entry_fields(**{**values, **override})


def _in_order(AuditEntry: Any, using: str) -> Any:
    """Every entry in chain order, a batch at a time (rows are updated as we go, so no
    cursor is held open over the table)."""
    last = 0
    while True:
        batch = list(AuditEntry.objects.using(using).filter(pk__gt=last).order_by("pk")[:2000])
        if not batch:
            return
        yield from batch
        last = batch[-1].pk


def _check_chain(AuditEntry: Any, using: str) -> Any:
    rows = (
        (entry.pk, entry.previous_hash, entry.entry_hash, _fields(entry))
        for entry in _in_order(AuditEntry, using)
    )
    report = verify_rows(rows)
    if not report.intact and os.environ.get(ALLOW_BROKEN) != "1":
        raise BrokenChainRefused(
            "The audit trail's hash chain is already broken, so it has not been renamed "
            f"and resealed: {report.problem}. Resealing would hide that. Find out what "
            "happened (safeguarding verify_audit), then, to reseal it as it now stands, "
            f"migrate again with {ALLOW_BROKEN}=1."
        )
    return report


def _rename_and_reseal(
    apps: Any,
    schema_editor: Any,
    *,
    actions: dict[str, str],
    target_types: dict[str, str],
    sealing_action: str,
) -> None:
    AuditEntry = apps.get_model("core", "AuditEntry")
    using = schema_editor.connection.alias
    report = _check_chain(AuditEntry, using)
    if report.entries == 0:
        # Nothing to rename or reseal (a new installation, a test database).
        triggers_put_back(apps, schema_editor)
        return
    _refusal.backward(apps, schema_editor)
    previous = GENESIS
    renamed = 0
    for entry in _in_order(AuditEntry, using):
        action = actions.get(entry.action, entry.action)
        target_type = target_types.get(entry.target_type, entry.target_type)
        if (action, target_type) != (entry.action, entry.target_type):
            renamed += 1
        digest = entry_digest(
            previous_hash=previous,
            fields=_fields(entry, action=action, target_type=target_type),
        )
        AuditEntry.objects.using(using).filter(pk=entry.pk).update(
            action=action, target_type=target_type, previous_hash=previous, entry_hash=digest
        )
        previous = digest
    note = AuditEntry(
        at=timezone.now(),
        action=sealing_action,
        target_type="core.auditentry",
        target_label=f"Audit trail resealed: {renamed} entries renamed",
        changes={
            "renamed": renamed,
            "entries": report.entries,
            "chain before": "intact" if report.intact else f"broken: {report.problem}",
        },
        previous_hash=previous,
    )
    note.entry_hash = entry_digest(previous_hash=previous, fields=_fields(note))
    note.save(using=using)
    _refusal.forward(apps, schema_editor)


def triggers_put_back(apps: Any, schema_editor: Any) -> None:
    """Last step of migrating back: narrowing the column rebuilt the SQLite table
    without its triggers."""
    _refusal.backward(apps, schema_editor)
    _refusal.forward(apps, schema_editor)


def forward(apps: Any, schema_editor: Any) -> None:
    """Rename the old codes to the namespaced ones and reseal the chain."""
    _rename_and_reseal(
        apps,
        schema_editor,
        actions=OLD_TO_NEW_ACTIONS,
        target_types=OLD_TO_NEW_TARGET_TYPES,
        sealing_action=RESEALED,
    )


def backward(apps: Any, schema_editor: Any) -> None:
    """Rename the codes back and reseal; the reseal is recorded as a change of the trail,
    the only word the old list has for it."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    using = schema_editor.connection.alias
    back = {new: old for old, new in OLD_TO_NEW_ACTIONS.items()}
    back[RESEALED] = "change"
    too_long = set(
        AuditEntry.objects.using(using)
        .annotate(length=Length("action"))
        .filter(length__gt=OLD_ACTION_LENGTH)
        .exclude(action__in=back)
        .values_list("action", flat=True)
    )
    if too_long:
        raise RuntimeError(
            "These audit verbs have no code before 0008 and do not fit the old column: "
            f"{', '.join(sorted(too_long))}. Migrate back the apps that use them first."
        )
    _rename_and_reseal(
        apps,
        schema_editor,
        actions=back,
        target_types={new: old for old, new in OLD_TO_NEW_TARGET_TYPES.items()},
        sealing_action="change",
    )
    # The column is narrowed next, in the same transaction, and PostgreSQL will not alter
    # a table whose changed rows still have deferred constraint checks pending: run them.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_audit_hash_chain")]

    operations = [
        # Runs only when migrating back, after the column is narrowed again.
        migrations.RunPython(migrations.RunPython.noop, triggers_put_back),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(db_index=True, max_length=100),
        ),
        migrations.RunPython(forward, backward),
    ]
