"""Reshaping the proposal on the review screen: an item made another kind, merged into
the one before it, or split in two.

Like marking up (markup.py), it changes only what the review screen sends back, so every
correction already made is kept and nothing is stored or created until the person
accepts. An action the screen did not offer is refused, naming the item and what was
expected, and changes nothing.
"""

import copy
import re
from dataclasses import dataclass

from django.http import QueryDict

from safeguarding.assist.forms import PriorityFormSet
from safeguarding.assist.importing.lines import Line
from safeguarding.assist.importing.proposal import Proposal
from safeguarding.assist.importing.wording import LIMITS, fit
from safeguarding.assist.markup import MARKABLE, heading_above
from safeguarding.assist.origins import ORIGIN, origin_sent, proposed_item
from safeguarding.assist.splitting import split_at_words, split_where_joined

# One item's fields as the screen sent them: name (without the form's prefix) → values.
Row = dict[str, list[str]]


@dataclass(frozen=True)
class ItemKind:
    """A kind of item on the review screen: its formset's prefix and the words used."""

    key: str
    prefix: str
    what: str
    a_what: str
    plural: str
    # The field an item's words are in, and its length limit's name in LIMITS.
    field: str
    limit: str
    defaults: tuple[tuple[str, str], ...] = ()
    has_golden_thread: bool = True

    def called(self, index: int) -> str:
        """How the screen names item `index`: "learning point 3"."""
        return f"{self.what} {index + 1}"

    def field_id(self, index: int, name: str = "") -> str:
        """The id of a field of item `index`, its words' field unless `name` is given."""
        return f"id_{self.prefix}-{index}-{name or self.field}"


KINDS = {
    "priority": ItemKind(
        "priority", "priorities", "priority", "a priority", "priorities", "title", "priority"
    ),
    "strand": ItemKind(
        "strand",
        "strands",
        "strand",
        "a strand",
        "strands",
        "title",
        "strand",
        has_golden_thread=False,
    ),
    "planned_work": ItemKind(
        "planned_work",
        "work",
        "planned work",
        "planned work",
        "items of planned work",
        "title",
        "planned work",
        MARKABLE["planned_work"].defaults,
    ),
    "learning_point": ItemKind(
        "learning_point",
        "learning",
        "learning point",
        "a learning point",
        "learning points",
        "summary",
        "summary",
        MARKABLE["learning_point"].defaults,
    ),
}
# Where a refusal about no item in particular takes the person: the proposals' column.
PROPOSALS = "proposals"


class ReshapeRefused(ValueError):
    """The item or the action asked for is not one the screen offered."""

    def __init__(self, message: str, target: str = PROPOSALS) -> None:
        super().__init__(message)
        self.message = message
        # The id of what the error summary's link goes to.
        self.target = target


@dataclass(frozen=True)
class Reshaped:
    """The review screen's data reshaped, what was done, and the item to check."""

    data: QueryDict
    message: str
    item: str
    field_id: str


class Items:
    """The review screen's items of each kind, as the screen sent them, to move about."""

    def __init__(self, data: QueryDict) -> None:
        self.data = data
        self.rows: dict[str, list[Row]] = {}

    def of(self, kind: ItemKind) -> list[Row]:
        """The items of `kind` (read once, then changed in place)."""
        if kind.prefix not in self.rows:
            self.rows[kind.prefix] = self._read(kind.prefix)
        return self.rows[kind.prefix]

    def _read(self, prefix: str) -> list[Row]:
        total = self.data.get(f"{prefix}-TOTAL_FORMS", "")
        if not total.isdigit() or int(total) > PriorityFormSet.absolute_max:
            raise ReshapeRefused(
                "The review screen's items were lost. Reload the page and try again"
            )
        rows: list[Row] = [{} for _ in range(int(total))]
        field = re.compile(rf"^{re.escape(prefix)}-(\d+)-(.+)$")
        for key, values in self.data.lists():
            if (found := field.match(key)) and int(found[1]) < len(rows):
                rows[int(found[1])][found[2]] = list(values)
        for index, row in enumerate(rows):
            # Items are about to move: each must say which it is (see origins.py).
            row.setdefault(ORIGIN, [origin_sent(None, prefix, index)])
        return rows

    def written(self) -> QueryDict:
        """The screen's data with every kind read here written back as it now is."""
        changed = self.data.copy()
        for prefix, rows in self.rows.items():
            field = re.compile(rf"^{re.escape(prefix)}-\d+-")
            for key in [key for key in changed if field.match(key)]:
                del changed[key]
            for index, row in enumerate(rows):
                for name, values in row.items():
                    changed.setlist(f"{prefix}-{index}-{name}", values)
            changed[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
            # Every item counts as one shown from the start, so none is passed over as
            # an extra form left blank when its words happen to match a proposed one.
            changed[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        return changed


def value(row: Row, name: str) -> str:
    """The value an item's field was sent with (the last, as Django reads it)."""
    values = row.get(name) or [""]
    return values[-1]


def reshaped(*, data: QueryDict, action: str, proposal: Proposal, passages: list[Line]) -> Reshaped:
    """The review data with `action` done: "kind:priority:2:learning_point" makes the
    third priority a learning point, "merge:strand:1" merges the second strand into the
    first, "split:planned_work:0" splits the first item of planned work in two.

    Refuses (ReshapeRefused) an action, kind or item the screen did not offer.
    """
    verb, kind, number, rest = parsed(action)
    items = Items(data)
    rows = items.of(kind)
    if not number.isdigit() or int(number) >= len(rows):
        called = f"{kind.what} {int(number) + 1}" if number.isdigit() else f"such {kind.what}"
        shown = f"{len(rows)} {kind.plural}" if rows else f"no {kind.plural}"
        raise ReshapeRefused(
            f"There is no {called}: the screen shows {shown}. Reload the page and choose again",
            f"review-{kind.prefix}",
        )
    index = int(number)
    if verb == "kind":
        return kind_changed(items, kind, index, rest, proposal, passages)
    if verb == "merge":
        return merged(items, kind, index)
    words = data.get(f"split-{kind.key}-{index}", "").strip()
    return split(items, kind, index, words)


def parsed(action: str) -> tuple[str, ItemKind, str, str]:
    """(verb, kind, item's index as sent, the kind asked for) of an action."""
    verb, _, rest = action.partition(":")
    if verb not in ("kind", "merge", "split"):
        raise ReshapeRefused(
            f"The review screen has no action \u201c{verb}\u201d: choose Make it, Merge or "
            "Split beside an item. Reload the page and choose again"
        )
    key, _, rest = rest.partition(":")
    kind = KINDS.get(key)
    if kind is None:
        raise ReshapeRefused(
            f"\u201c{key}\u201d is not a kind of item on the review screen: it has "
            "priorities, strands, planned work and learning points. Reload the page and "
            "choose again"
        )
    number, _, rest = rest.partition(":")
    return verb, kind, number, rest


def kind_changed(
    items: Items,
    kind: ItemKind,
    index: int,
    target_key: str,
    proposal: Proposal,
    passages: list[Line],
) -> Reshaped:
    """Item `index` of `kind` moved to the end of the items of the kind asked for, its
    words carried into that kind's field, ticked to be kept."""
    target = KINDS.get(target_key)
    called = kind.called(index).capitalize()
    if target is None or target is kind:
        expected = ", ".join(k.a_what for k in KINDS.values() if k is not kind)
        problem = f"is already {kind.a_what}" if target is kind else "cannot be made that"
        raise ReshapeRefused(
            f"{called} {problem}: choose what it should be ({expected})",
            kind.field_id(index),
        )
    rows = items.of(kind)
    row = rows[index]
    words = value(row, kind.field).strip()
    moved: Row = {"keep": ["on"], ORIGIN: row[ORIGIN]}
    # Cut to fit: the passage is shown whole beside, and any cut is there to see.
    moved[target.field] = [fit(words, target.limit, [])]
    moved.update({name: [default] for name, default in target.defaults})
    if target.has_golden_thread and value(row, "golden_thread"):
        moved["golden_thread"] = ["on"]
    if target.key == "learning_point":
        moved["theme"] = [fit(theme_for(row, words, proposal, passages), "theme", [])]
        if len(words) > LIMITS[target.limit]:
            moved["detail"] = [words]
    note = ""
    if kind.key == "priority":
        note = orphans_note(items, index)
    if target.key == "strand":
        # A priority made a strand most likely belongs to the priority before it.
        before = index - 1 if kind.key == "priority" and index else None
        moved["priority"] = [str(before) if before is not None else ""]
        if before is None:
            note += " Choose the priority it belongs to."
    del rows[index]
    target_rows = items.of(target)
    target_rows.append(moved)
    new = len(target_rows) - 1
    focus = "theme" if target.key == "learning_point" else ""
    return Reshaped(
        data=items.written(),
        message=f"{called} is now {target.called(new)}.{note}",
        item=target.called(new),
        field_id=target.field_id(new, focus),
    )


def theme_for(row: Row, words: str, proposal: Proposal, passages: list[Line]) -> str:
    """A new learning point's theme: the heading above the passage the item came from
    (or the first passage with its words), if the document has one."""
    found = proposed_item(proposal, value(row, ORIGIN))
    source = (found[1].source if found else "").strip(" \u2022-*\t")
    for number, passage in enumerate(passages):
        text = passage.text
        if (source and (text == source or source in text)) or (words and words in text):
            return heading_above(passages, number)
    return ""


def strands_repointed(items: Items, moved: dict[int, int | None], after: int, by: int) -> None:
    """Each strand's priority renumbered as the priorities moved: those in `moved` to
    where they went (None for no priority), those after `after` by `by`."""
    for row in items.of(KINDS["strand"]):
        chosen = value(row, "priority")
        if not chosen.isdigit():
            continue
        number = int(chosen)
        if number in moved:
            now = moved[number]
            row["priority"] = [str(now) if now is not None else ""]
        elif number > after:
            row["priority"] = [str(number + by)]


def orphans_note(items: Items, index: int) -> str:
    """Priority `index` is leaving: its strands are left to choose another, and say so."""
    strands = KINDS["strand"]
    orphans = [
        strands.called(number)
        for number, row in enumerate(items.of(strands))
        if value(row, "priority") == str(index)
    ]
    strands_repointed(items, {index: None}, after=index, by=-1)
    if not orphans:
        return ""
    names = " and ".join([", ".join(orphans[:-1]), orphans[-1]] if len(orphans) > 1 else orphans)
    its = "their" if len(orphans) > 1 else "its"
    return f" {names.capitalize()} belonged to it: choose {its} priority."


def merged(items: Items, kind: ItemKind, index: int) -> Reshaped:
    """Item `index` of `kind` merged into the one before it: the first's words (and
    choices) kept, a learning point's passages joined."""
    called = kind.called(index).capitalize()
    if index == 0:
        raise ReshapeRefused(
            f"{called} is the first {kind.what}: there is no {kind.what} before it to merge "
            "it into",
            kind.field_id(index),
        )
    rows = items.of(kind)
    first, second = rows[index - 1], rows[index]
    first["keep"] = ["on"]
    if value(second, "golden_thread"):
        first["golden_thread"] = ["on"]
    # A choice left empty on the first is taken from the second.
    for name in ("theme", "owner_group", "owning_group"):
        if name in second and not value(first, name):
            first[name] = second[name]
    if kind.key == "learning_point":
        passages = [value(row, "detail") or value(row, "summary") for row in (first, second)]
        first["detail"] = ["\n\n".join(passage for passage in passages if passage)]
    if kind.key == "priority":
        strands_repointed(items, {index: index - 1}, after=index, by=-1)
    del rows[index]
    return Reshaped(
        data=items.written(),
        message=f"{called} is merged into {kind.called(index - 1)}.",
        item=kind.called(index - 1),
        field_id=kind.field_id(index - 1),
    )


def split(items: Items, kind: ItemKind, index: int, words: str) -> Reshaped:
    """Item `index` of `kind` split in two where `words` start, or (none given) at the
    end of its first sentence, else at its first "; " or " and ". A learning point whose
    summary cannot be split is split by what the document says, its detail."""
    called = kind.called(index).capitalize()
    rows = items.of(kind)
    row = rows[index]
    parts = two_parts(value(row, kind.field), words)
    details = None
    if kind.key == "learning_point" and (detail := value(row, "detail")):
        if parts is None:
            details = two_parts(detail, words)
            if details is not None:
                parts = (fit(details[0], "summary", []), fit(details[1], "summary", []))
        else:
            # What the document says is divided too, where the second part's words begin.
            start = detail.find(parts[1].rstrip("\u2026")[:40], 1)
            details = (detail[:start].strip(), detail[start:].strip()) if start > 0 else None
    if parts is None:
        if words:
            problem = (
                f"does not have \u201c{words}\u201d after its first word: type the words "
                f"from it that the second {kind.what} starts with"
            )
        else:
            problem = (
                "has no second sentence, \u201c; \u201d or \u201c and \u201d to split at: type "
                f"the words the second {kind.what} starts with"
            )
        raise ReshapeRefused(f"{called} {problem}", kind.field_id(index))
    other = copy.deepcopy(row)
    row[kind.field], other[kind.field] = [parts[0]], [parts[1]]
    row["keep"] = other["keep"] = ["on"]
    if details:
        row["detail"], other["detail"] = [details[0]], [details[1]]
    if kind.key == "priority":
        strands_repointed(items, {}, after=index, by=1)
    rows.insert(index + 1, other)
    return Reshaped(
        data=items.written(),
        message=(f"{called} is split in two: {kind.called(index)} and {kind.called(index + 1)}."),
        item=kind.called(index + 1),
        field_id=kind.field_id(index + 1),
    )


def two_parts(text: str, words: str) -> tuple[str, str] | None:
    """`text` in two where `words` start, or where it is joined if no words are given."""
    text = " ".join(text.split())
    return split_at_words(text, words) if words else split_where_joined(text)
