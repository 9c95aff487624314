"""The verbs of the audit trail: what a person did, as a namespaced code with its words.

The list is open: `core` registers its own verbs here, and every app above it registers
its verbs in its own `audit_verbs.py` (imported from its AppConfig.ready), as panels are
registered in panels.py. A code is stored as it is, so a new verb needs no migration.
`log_action` refuses a code nobody registered, so a typo cannot enter the trail.

Codes are `app_label.what` or `app_label.thing.what`, lower case (`core.record.created`,
`governance.assurance.judged`). Entries written before a verb was retired keep their code,
and the trail shows the code itself where no label is registered.
"""

import re
from dataclasses import dataclass

CODE_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


@dataclass(frozen=True)
class AuditVerb:
    """One registered verb: its code as stored, and the words the trail shows."""

    code: str
    label: str


_registered: dict[str, AuditVerb] = {}


def register(*, code: str, label: str) -> str:
    """Register a verb and return its code, so a module can name it as a constant.

    Registering the same code with the same label again changes nothing (modules are
    imported again in tests); the same code with other words is refused, since two apps
    would then mean different things by one code.
    """
    if not CODE_PATTERN.match(code):
        raise ValueError(
            f"Audit verb {code!r} is not namespaced: write it as app_label.what, in lower case"
        )
    if not label.strip():
        raise ValueError(f"Audit verb {code!r} needs the words the audit trail shows")
    existing = _registered.get(code)
    if existing is not None and existing.label != label:
        raise ValueError(
            f"Audit verb {code!r} is already registered as {existing.label!r}, not {label!r}"
        )
    _registered[code] = AuditVerb(code=code, label=label)
    return code


def is_registered(code: str) -> bool:
    """Whether some app registered this verb."""
    return code in _registered


def label_of(code: str) -> str:
    """The words for a verb; a code nobody registers any more is shown as it is."""
    verb = _registered.get(code)
    return verb.label if verb is not None else code


def verbs() -> list[AuditVerb]:
    """Every registered verb, by its words, for the audit trail's search filter."""
    return sorted(_registered.values(), key=lambda verb: (verb.label, verb.code))


# Core's own verbs. Any app may use the generic record verbs for its records.
RECORD_CREATED = register(code="core.record.created", label="Created")
RECORD_CHANGED = register(code="core.record.changed", label="Changed")
RECORD_DELETED = register(code="core.record.deleted", label="Deleted")
RECORD_VIEWED = register(code="core.record.viewed", label="Viewed")
RECORD_EXPORTED = register(code="core.record.exported", label="Exported")
REMINDER_SENT = register(code="core.reminder.sent", label="Sent a reminder")
AUDIT_RESEALED = register(code="core.audit.resealed", label="Resealed the audit trail")
