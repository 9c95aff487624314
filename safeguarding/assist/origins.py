"""Which proposed item each item on the review screen came from.

Every item carries its origin ("learning-2": the third learning point proposed) in a
hidden field, so the passage and the reason shown beside it, and the group its document
named, stay with the item when it is made another kind, merged or split and the items
after it move up or down. An item added by hand has none.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from safeguarding.assist.importing.proposal import Proposal

# The hidden field's name in each review form.
ORIGIN = "origin"

# What each formset's prefix held when the document was read, in the reason's words.
PROPOSED_AS = {
    "priorities": "a priority",
    "strands": "a strand",
    "work": "planned work",
    "learning": "a learning point",
}

ADDED_BY_HAND = "Added by hand from the document"


def origin_of(prefix: str, index: int) -> str:
    """The origin of the proposal's item `index` in the formset `prefix`."""
    return f"{prefix}-{index}"


def origin_sent(data: Mapping[str, Any] | None, prefix: str, index: int) -> str:
    """The origin the screen sent for its item `index`.

    A screen drawn before items carried an origin sends none; its items are still in the
    proposal's order, so each item's own place is its origin.
    """
    key = f"{prefix}-{index}-{ORIGIN}"
    if data is None or key not in data:
        return origin_of(prefix, index)
    return str(data[key])


def proposed_index(origin: str, prefix: str) -> int | None:
    """The index in the proposal's `prefix` items that `origin` names, if it names one."""
    came_from, _, number = origin.rpartition("-")
    return int(number) if came_from == prefix and number.isdigit() else None


def _proposed(proposal: Proposal) -> dict[str, Sequence[Any]]:
    return {
        "priorities": proposal.priorities,
        "strands": proposal.strands,
        "work": proposal.planned_work,
        "learning": proposal.learning_points,
    }


def proposed_item(proposal: Proposal, origin: str) -> tuple[str, Any] | None:
    """(prefix, item) of the proposed item `origin` names; None for one added by hand or
    an origin the screen did not draw."""
    for prefix, items in _proposed(proposal).items():
        index = proposed_index(origin, prefix)
        if index is not None and index < len(items):
            return prefix, items[index]
    return None


def provenance(proposal: Proposal, origin: str, prefix: str) -> tuple[str, str]:
    """(the passage it came from, why it was proposed) for an item now in `prefix`."""
    found = proposed_item(proposal, origin)
    if found is None:
        return "", ADDED_BY_HAND
    came_from, item = found
    if came_from == prefix:
        return item.source, item.reason
    changed = f"proposed as {PROPOSED_AS[came_from]} and changed by hand"
    return item.source, f"{item.reason}; {changed}" if item.reason else changed.capitalize()
