"""Fixtures for the core app's tests: signed-in clients, form data, code list copies,
a scratch copy of the audit verb registry, and a way along core's migrations."""

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from safeguarding.core import audit_verbs
from safeguarding.core.audit_chain import GENESIS, entry_digest, entry_fields
from safeguarding.core.code_list_files import CODE_LISTS_DIR
from safeguarding.core.models import Partnership
from safeguarding.core.roles import Role


@pytest.fixture
def business_unit_client(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.BUSINESS_UNIT)


@pytest.fixture
def scrutineer_client(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.SCRUTINEER)


@pytest.fixture
def practitioner_client(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.PRACTITIONER)


@pytest.fixture
def code_lists_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped code list files, for a test to change or break."""
    return Path(shutil.copytree(CODE_LISTS_DIR, tmp_path / "code_lists"))


def partnership_form_data(partnership: Partnership, **changes: Any) -> dict[str, Any]:
    """What the settings form would post back unchanged, with `changes` applied.

    A checkbox that is off is left out, as a browser leaves it out.
    """
    data: dict[str, Any] = {
        name: ("" if value is None else value)
        for name, value in model_to_dict(partnership, fields=Partnership.EDITABLE).items()
    }
    data.update(changes)
    if data.get("quick_exit_on_staff_pages") in (False, "", None):
        data.pop("quick_exit_on_staff_pages", None)
    elif data.get("quick_exit_on_staff_pages") is True:
        data["quick_exit_on_staff_pages"] = "on"
    return data


def partnership_values(partnership: Partnership) -> dict[str, Any]:
    """Every stored field of the partnership, read fresh from the database."""
    fresh = Partnership.objects.get(pk=partnership.pk)
    return model_to_dict(fresh)


@pytest.fixture
def verb_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, audit_verbs.AuditVerb]:
    """The audit verb registry, as a copy that is thrown away after the test, so a verb
    a test registers is not left for the next."""
    scratch = dict(audit_verbs._registered)
    monkeypatch.setattr(audit_verbs, "_registered", scratch)
    return scratch


class Migrator:
    """Moves the test database to one of core's migrations and gives its historical
    models, as the migrations themselves see them."""

    def to(self, name: str) -> StateApps:
        executor = MigrationExecutor(connection)
        executor.migrate([("core", name)])
        return executor.loader.project_state([("core", name)]).apps

    def to_latest(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def migrator() -> Iterator[Migrator]:
    """A Migrator; the database is back on the latest migrations after the test, however
    it ends, for the tests that follow. Use with django_db(transaction=True)."""
    moves = Migrator()
    try:
        yield moves
    finally:
        moves.to_latest()


def old_entries_sealed(apps: StateApps, rows: list[tuple[str, str]]) -> list[Any]:
    """Write (action, target_type) entries as the trail held them before 0008, each
    chained to the last as AuditEntry.save did then."""
    OldEntry = apps.get_model("core", "AuditEntry")
    previous = GENESIS
    written = []
    for number, (action, target_type) in enumerate(rows):
        at = datetime(2026, 11, 1, 9, number, tzinfo=timezone.get_current_timezone())
        entry = OldEntry(
            at=at,
            action=action,
            target_type=target_type,
            target_id=str(number),
            target_label=f"old entry {number}",
            changes={"n": number},
        )
        fields = entry_fields(
            at=at,
            actor_id=None,
            actor_label="",
            action=action,
            target_type=target_type,
            target_id=str(number),
            target_label=f"old entry {number}",
            changes={"n": number},
            ip_address=None,
            user_agent="",
            path="",
        )
        entry.previous_hash = previous
        entry.entry_hash = previous = entry_digest(previous_hash=previous, fields=fields)
        entry.save()
        written.append(entry)
    return written


def tamper(sql: str, params: list[Any]) -> None:
    """What someone with the database file could do: lift the triggers and write."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked at commit by deferred triggers, and a table with
            # triggers pending cannot be altered: have them checked now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")
