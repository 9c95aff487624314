"""Every write in `core`: the audit trail, the partnership, agencies and code lists."""

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction

from safeguarding.core import audit_verbs
from safeguarding.core.audit_chain import verify_rows
from safeguarding.core.code_list_files import (
    CODE_LISTS_DIR,
    read_code_rows,
    read_csv_rows,
    read_index,
)
from safeguarding.core.middleware import current_origin
from safeguarding.core.models import (
    Agency,
    AuditEntry,
    AuditVerification,
    Code,
    CodeList,
    Partnership,
)

# One naming scheme for the kind of record an entry is about: a model's label_lower
# ("core.agency"), or the same shape for what is not a row ("insight.table").
TARGET_TYPE_PATTERN = re.compile(r"^[a-z_]+\.[a-z_]+$")

# Who did something: a signed-in person, someone not signed in, or the platform itself
# (None: a morning job). Core sits below accounts, so it names Django's base user, of
# which accounts.User is one.
type Actor = AbstractBaseUser | AnonymousUser | None


def _signed_in(actor: Actor) -> AbstractBaseUser | None:
    """The person behind an actor, or None for someone not signed in or the platform."""
    return actor if isinstance(actor, AbstractBaseUser) else None


def log_action(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail.

    `target` names the record; for things that are not a model row (a search, an export)
    pass `target_type` (`app_label.thing`) and `target_label` instead. `action` is a verb
    registered in core.audit_verbs (views of sensitive records are
    `audit_verbs.RECORD_VIEWED`); an unregistered verb or a target_type of another shape
    raises ValueError, so nothing the trail cannot name is written.
    """
    if not audit_verbs.is_registered(action):
        raise ValueError(
            f"Audit verb {action!r} is not registered: register it in its app's audit_verbs.py"
        )
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)
    # Blank is allowed: an entry about no kind of record (a note with only a label).
    if target_type and not TARGET_TYPE_PATTERN.match(target_type):
        raise ValueError(
            f"Audit target_type {target_type!r} does not follow app_label.model_name "
            "(lower case letters and underscores either side of one dot)"
        )
    person = _signed_in(actor)
    origin = current_origin.get()
    return AuditEntry.objects.create(
        actor_id=person.pk if person else None,
        actor_label=getattr(person, "email", "") if person else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:300],
        changes=dict(changes or {}),
        ip_address=origin.ip_address if origin else None,
        user_agent=origin.user_agent if origin else "",
        path=origin.path if origin else "",
    )


def record_read(*, actor: Actor, record: models.Model, exported: bool = False) -> AuditEntry:
    """Record that a person opened (or, with `exported`, downloaded) a sensitive record."""
    action = audit_verbs.RECORD_EXPORTED if exported else audit_verbs.RECORD_VIEWED
    return log_action(actor=actor, action=action, target=record)


def audit_trail_searched(*, actor: Actor, filters: Mapping[str, Any]) -> AuditEntry:
    """Record a search of the audit trail with its filters: it reveals who did what."""
    return log_action(
        actor=actor,
        action=audit_verbs.RECORD_VIEWED,
        target_type="core.auditentry",
        target_label="Audit trail search",
        changes={k: str(v) for k, v in filters.items()},
    )


def audit_trail_exported(*, actor: Actor, filters: Mapping[str, Any]) -> AuditEntry:
    """Record a download of the audit trail, with the filters that chose its entries."""
    return log_action(
        actor=actor,
        action=audit_verbs.RECORD_EXPORTED,
        target_type="core.auditentry",
        target_label="Audit trail export",
        changes={k: str(v) for k, v in filters.items()},
    )


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, in a form the audit trail can store as JSON."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        # Related records are stored by name, and anything JSON cannot hold as text.
        if not isinstance(value, str | int | float | bool | type(None)):
            value = str(value)
        values[name] = value
    return values


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Field → [old, new] for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def save_with_audit(*, actor: Actor, instance: models.Model, fields: Iterable[str]) -> models.Model:
    """Save a new or changed record and log what changed, in one transaction.

    Callers pass the fields a form may have changed; the old values are read back from
    the database so the entry shows what really changed.
    """
    fields = list(fields)
    with transaction.atomic():
        if instance.pk is None:
            instance.full_clean()
            instance.save()
            log_action(
                actor=actor,
                action=audit_verbs.RECORD_CREATED,
                target=instance,
                changes={k: [None, v] for k, v in snapshot(instance, fields).items()},
            )
            return instance
        stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before = snapshot(stored, fields)
        instance.full_clean()
        instance.save()
        changes = changes_between(before, snapshot(instance, fields))
        if changes:
            log_action(
                actor=actor, action=audit_verbs.RECORD_CHANGED, target=instance, changes=changes
            )
        return instance


def partnership_update(*, actor: Actor, partnership: Partnership) -> Partnership:
    """Save the partnership's details, recording every changed field."""
    save_with_audit(actor=actor, instance=partnership, fields=Partnership.EDITABLE)
    return partnership


def agency_save(*, actor: Actor, agency: Agency) -> Agency:
    """Create or change an agency, recording what changed."""
    save_with_audit(actor=actor, instance=agency, fields=Agency.EDITABLE)
    return agency


@transaction.atomic
def code_lists_load(*, directory: Path = CODE_LISTS_DIR) -> int:
    """Load or refresh every code list described in `index.csv`; return the codes loaded.

    Codes are matched on (list, code), so running it again changes labels and groups in
    place and never duplicates. Codes that have left a list are kept: old returns use them.
    A faulty file raises `CodeListError` and, being one transaction, changes nothing.
    """
    loaded = 0
    index = read_index(directory)
    for entry in index:
        if entry["merge_into"]:
            continue
        code_list, _ = CodeList.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "title": entry["title"],
                "source": entry["source"],
                "description": entry["description"],
            },
        )
        for position, row in enumerate(read_code_rows(directory / entry["file"]), start=1):
            code = row.pop("code")
            label = row.pop("label")
            group = row.pop(entry["group_column"], "") if entry["group_column"] else ""
            Code.objects.update_or_create(
                code_list=code_list,
                code=code,
                defaults={
                    "label": label,
                    "group": group,
                    "sort_order": position,
                    "attributes": {k: v for k, v in row.items() if v},
                },
            )
            loaded += 1
    for entry in index:
        if entry["merge_into"]:
            _merge_crosswalk(entry, directory)
    return loaded


def _merge_crosswalk(entry: Mapping[str, str], directory: Path) -> None:
    """Attach another scheme's codes to each code, for example Census 2021 ethnicity."""
    key = entry["group_column"]
    codes = {c.code: c for c in Code.objects.filter(code_list__slug=entry["merge_into"])}
    for row in read_csv_rows(directory / entry["file"], (key,)):
        code = codes.get(row.pop(key))
        if code is None:
            continue
        code.attributes = {**code.attributes, **{k: v for k, v in row.items() if v}}
        code.save(update_fields=["attributes"])


def code_lists_load_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """post_migrate receiver: load code lists into the database just migrated."""
    using = kwargs.get("using", "default")
    if using != "default":
        return
    code_lists_load()


def sqlite_files_make_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: the SQLite database (with its journal files) is the
    platform's alone, readable by no other user of the machine."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (Path(name), Path(f"{name}-wal"), Path(f"{name}-shm")):
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def audit_trail_verify(*, actor: Actor = None) -> AuditVerification:
    """Walk the audit trail's hash chain, record what was found, and return it."""
    rows = (
        (entry.pk, entry.previous_hash, entry.entry_hash, entry.chain_fields())
        for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000)
    )
    report = verify_rows(rows)
    person = _signed_in(actor)
    return AuditVerification.objects.create(
        checked_by_id=person.pk if person else None,
        entries=report.entries,
        intact=report.intact,
        broken_at=report.broken_at,
        problem=report.problem[:300],
        head_hash=report.head_hash,
    )
