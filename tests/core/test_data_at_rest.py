"""What is on disk, or in a copy of the database, gives nothing away without the keys:
authenticator secrets, evidence and rejected returns' error files are encrypted, the
files are the platform's user's alone, and keys can be rotated."""

import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from safeguarding.accounts.models import AuthenticatorApp, User
from safeguarding.core.encryption import DecryptionFailed, decrypt
from safeguarding.core.roles import Role
from safeguarding.core.services import sqlite_files_make_private
from safeguarding.demo import factories
from safeguarding.governance.models import EvidenceFile
from safeguarding.returns.services import error_file_name, error_file_read
from tests.conftest import AUTHENTICATOR_KEY, current_code, sign_in_with_password, with_password
from tests.governance.records import PDF_BYTES, GovernanceRecords
from tests.returns.records import ReturnsRecords

pytestmark = pytest.mark.django_db


def raw_row(device: AuthenticatorApp) -> str:
    """The device's row as the database holds it, as a copy of it would read."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_authenticatorapp WHERE id = %s", [device.pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_authenticator_secrets_are_encrypted_in_the_database(people: dict[str, User]) -> None:
    device = AuthenticatorApp.objects.get(user=people[Role.BUSINESS_UNIT])
    assert device.key == AUTHENTICATOR_KEY
    row = raw_row(device)
    assert AUTHENTICATOR_KEY not in row
    assert bytes.fromhex(AUTHENTICATOR_KEY).decode() not in row


def test_a_copy_of_the_database_without_the_key_gives_no_codes(
    people: dict[str, User], settings: Any
) -> None:
    device = AuthenticatorApp.objects.get(user=people[Role.BUSINESS_UNIT])
    settings.DATA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionFailed):
        decrypt(device.key_encrypted.encode())


def test_evidence_is_encrypted_on_disk_and_read_back_whole(
    governance_records: GovernanceRecords,
) -> None:
    evidence = EvidenceFile.objects.get(pk=governance_records.evidence.pk)
    on_disk = Path(evidence.file.path).read_bytes()
    assert on_disk != PDF_BYTES and b"%PDF" not in on_disk
    with evidence.file.open("rb") as opened:
        assert opened.read() == PDF_BYTES
    assert stat.S_IMODE(Path(evidence.file.path).stat().st_mode) == 0o600


def test_an_error_file_of_child_level_values_is_encrypted_on_disk(
    returns_records: ReturnsRecords, media_root: Path
) -> None:
    on_disk = (media_root / error_file_name(returns_records.rejected)).read_bytes()
    readable = error_file_read(returns_records.rejected)
    assert readable is not None and b"row" in readable.lower()
    assert readable not in on_disk


def test_files_of_record_are_the_platforms_alone(returns_records: ReturnsRecords) -> None:
    from safeguarding.returns.records import records_root

    path = records_root() / returns_records.accepted.record_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0


def test_the_sqlite_database_and_its_journal_are_made_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "platform.sqlite3"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.touch(mode=0o644)
        path.chmod(0o644)

    class Opened:
        vendor = "sqlite"
        settings_dict = {"NAME": str(database)}

    sqlite_files_make_private(sender=None, connection=Opened())

    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keys_rotate_without_losing_anything(
    settings: Any,
    people: dict[str, User],
    governance_records: GovernanceRecords,
    returns_records: ReturnsRecords,
) -> None:
    old = list(settings.DATA_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.DATA_ENCRYPTION_KEYS = [new, *old]
    out = StringIO()

    call_command("rotate_encryption_keys", stdout=out)

    assert "authenticator secrets: " in out.getvalue()
    assert "evidence files: 1 encrypted again" in out.getvalue()
    assert "error files of rejected returns: 1 encrypted again" in out.getvalue()
    settings.DATA_ENCRYPTION_KEYS = [new]  # the old key is gone
    device = AuthenticatorApp.objects.get(user=people[Role.BUSINESS_UNIT])
    assert device.key == AUTHENTICATOR_KEY
    with EvidenceFile.objects.get(pk=governance_records.evidence.pk).file.open("rb") as opened:
        assert opened.read() == PDF_BYTES
    assert error_file_read(returns_records.rejected) is not None
    person = with_password(people[Role.BUSINESS_UNIT])
    client = Client()
    sign_in_with_password(client, person.email)
    verified = client.post("/two-factor/", {"code": current_code(device), "next": "/staff/"})
    assert verified.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_devices_from_before_are_moved_and_encrypted_by_the_migration() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0002_initial")])
    old_apps = executor.loader.project_state(
        [("accounts", "0002_initial"), ("otp_totp", "0003_add_timestamps")]
    ).apps
    person = factories.person("old.device@testford.example", Role.BUSINESS_UNIT)
    OldDevice = old_apps.get_model("otp_totp", "TOTPDevice")
    OldDevice.objects.create(user_id=person.pk, name="Phone", key=AUTHENTICATOR_KEY, confirmed=True)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = AuthenticatorApp.objects.get(user=person)
    assert moved.key == AUTHENTICATOR_KEY and moved.confirmed and moved.name == "Phone"
    assert AUTHENTICATOR_KEY not in raw_row(moved)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM otp_totp_totpdevice")
        assert cursor.fetchone()[0] == 0
