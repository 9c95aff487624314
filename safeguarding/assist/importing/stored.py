"""A `Proposal` as it is kept in a `DocumentImport`, and read back.

`proposal_to_json` writes the dataclasses as plain JSON (the shape `dataclasses.asdict`
gives, which is also how proposals were kept before this module existed, so those read
back too). `proposal_from_json` reads it back into the dataclasses, checking every field:
stored data that is not a proposal (changed by hand, cut short, or from a later version
of the reader) raises `ProposalUnreadable`, whose message says where and what was
expected, rather than failing somewhere in the review screen.
"""

import dataclasses
import types
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

from safeguarding.assist.importing.proposal import (
    Proposal,
    ProposedLearningPoint,
    ProposedPlannedWork,
)
from safeguarding.governance.models import LearningPoint, PlannedWork

# The coded fields, and the codes each may hold.
CHOICES: dict[tuple[type[Any], str], set[str]] = {
    (ProposedPlannedWork, "kind"): set(PlannedWork.Kind.values),
    (ProposedLearningPoint, "expectation"): set(LearningPoint.Expectation.values),
}
# How a field's position is named in a message: priorities[2].title → "priority 3: title".
ITEM_NAMES = {
    "priorities": "priority",
    "strands": "strand",
    "planned_work": "planned work",
    "learning_points": "learning point",
    "warnings": "warning",
}


class ProposalUnreadable(ValueError):
    """A stored proposal that cannot be read back, with where and what was expected."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)


def proposal_to_json(proposal: Proposal) -> dict[str, Any]:
    """The proposal as JSON, to keep in `DocumentImport.proposal`."""
    return dataclasses.asdict(proposal)


def proposal_from_json(data: object) -> Proposal:
    """The proposal kept as `proposal_to_json` wrote it.

    Raises `ProposalUnreadable` for anything else: not an object, a field missing or of
    another kind, a field no proposal has, or a code that is not one of its choices.
    """
    return _read(Proposal, data, "")


def _read[T](cls: type[T], data: object, where: str) -> T:
    if not isinstance(data, dict):
        raise ProposalUnreadable(where, f"expected an object, found {_kind_of(data)}")
    fields = {field.name: field for field in dataclasses.fields(cast(Any, cls))}
    unknown = sorted(str(name) for name in data if name not in fields)
    if unknown:
        raise ProposalUnreadable(where, f"has no field called {', '.join(unknown)}")
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, field in fields.items():
        here = _join(where, name)
        if name not in data:
            if field.default is dataclasses.MISSING:
                raise ProposalUnreadable(here, "is missing")
            continue
        value = _value(hints[name], data[name], here)
        allowed = CHOICES.get((cls, name))
        if allowed is not None and value not in allowed:
            raise ProposalUnreadable(
                here, f"expected one of {', '.join(sorted(allowed))}, found {value!r}"
            )
        values[name] = value
    return cls(**values)


def _value(hint: Any, value: object, where: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = (arg for arg in args if arg is not type(None))
        return _value(inner, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise ProposalUnreadable(where, f"expected a list, found {_kind_of(value)}")
        (item,) = args
        return [_value(item, entry, _item(where, number)) for number, entry in enumerate(value)]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _read(hint, value, where)
    if hint is bool:
        if not isinstance(value, bool):
            raise ProposalUnreadable(where, f"expected true or false, found {_kind_of(value)}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ProposalUnreadable(where, f"expected text, found {_kind_of(value)}")
        return value
    raise TypeError(f"{where}: no reader for {hint!r}")  # a new field type: add it above


def _kind_of(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _join(where: str, name: str) -> str:
    return f"{where}, {name}" if where else name


def _item(where: str, number: int) -> str:
    """'priority 3' for the third of the priorities, naming the field it is in."""
    *before, last = where.split(", ")
    named = f"{ITEM_NAMES.get(last, last)} {number + 1}"
    return ", ".join([*before, named])
