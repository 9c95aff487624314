"""Values of the audit trail and of history panels, in the words people use.

An entry stores what changed as JSON (lists, true/false, codes); a person reads "Testford
Police and Testford Academy", "Yes", "(blank)", and the kind of record by its name.
"""

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist


def in_words(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "(blank)"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list | tuple):
        names = [in_words(item) for item in value]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if isinstance(value, dict):
        return "; ".join(f"{key}: {in_words(item)}" for key, item in value.items())
    return str(value)


def record_kind_name(target_type: str) -> str:
    """The kind of record ("governance.assurancerequest") by its name ("Assurance
    request"); a kind no model has any more keeps its code."""
    if not target_type:
        return ""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return target_type
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def _field(target_type: str, name: str) -> Any:
    try:
        return apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, ValueError, AttributeError, FieldDoesNotExist):
        return None


def field_in_words(target_type: str, name: str) -> str:
    """A changed field ("quick_exit_on_staff_pages") by the name its model gives it
    ("Show Exit this page on staff pages"); notes stored under a phrase keep it."""
    field = _field(target_type, name)
    label = str(getattr(field, "verbose_name", "") or name.replace("_", " "))
    return label[:1].upper() + label[1:]


def value_in_words(target_type: str, name: str, value: Any) -> str:
    """A stored value of a field, a choice by its label ("Not started", not
    "not_started")."""
    field = _field(target_type, name)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return in_words(value)
