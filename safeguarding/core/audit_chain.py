"""The audit trail as a hash chain: each entry carries the hash of the one before it and
a hash of itself with that, so deleting, editing or inserting an entry, even with the
database file in hand and its triggers dropped, breaks the chain at that point.

`verify_chain` walks the trail in order and reports the first entry where it breaks;
`safeguarding verify_audit` runs it and records the result, which the audit trail's page
shows to those who read it. Deleting entries from the end leaves a shorter, still valid
chain: keep the head hash the command prints somewhere else (a log, an email) to catch
that too.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The hash before the first entry.
GENESIS = "0" * 64
# How the entries' fields are written out to be hashed. Never change it: every hash
# already stored depends on it.
FORMAT = "spp-audit-1"
# One lock for everyone appending to the trail (PostgreSQL advisory lock key): the chain
# has one head, so entries are appended one at a time. SQLite's immediate transactions
# already let only one writer in at a time.
CHAIN_LOCK = 0x5350_4155_4449_54


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_digest(*, previous_hash: str, fields: dict[str, Any]) -> str:
    """The hash of one entry: its fields and the hash of the entry before it."""
    body = {"format": FORMAT, "previous": previous_hash, **fields}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def entry_fields(
    *,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    target_label: str,
    changes: Any,
    ip_address: str | None,
    user_agent: str,
    path: str,
) -> dict[str, Any]:
    """What is hashed of an entry, as the database gives it back."""
    return {
        "at": canonical_time(at),
        "actor": actor_id,
        "actor_label": actor_label,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_label": target_label,
        # Round-tripped through JSON, as the database stores it.
        "changes": json.loads(json.dumps(changes or {})),
        "ip_address": ip_address,
        "user_agent": user_agent,
        "path": path,
    }


@dataclass(frozen=True)
class ChainReport:
    """What a walk along the chain found."""

    entries: int
    head_hash: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_rows(rows: Any) -> ChainReport:
    """Walk (id, previous_hash, entry_hash, fields) rows in order along the chain."""
    previous = GENESIS
    count = 0
    for entry_id, previous_hash, entry_hash, fields in rows:
        count += 1
        if previous_hash != previous:
            return ChainReport(
                count,
                previous,
                broken_at=entry_id,
                problem=(
                    f"entry {entry_id} does not follow the entry before it: an entry was "
                    "deleted or inserted just before it"
                ),
            )
        if entry_digest(previous_hash=previous_hash, fields=fields) != entry_hash:
            return ChainReport(
                count,
                previous,
                broken_at=entry_id,
                problem=f"entry {entry_id} has been changed since it was written",
            )
        previous = entry_hash
    return ChainReport(count, previous)
