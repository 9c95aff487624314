"""Marking up the document by hand on the review screen: a passage the rules missed
becomes a new priority, item of planned work or learning point among the proposals.

It changes only what the review screen sends back, so every correction already made on
the screen is kept and nothing is stored or created until the person accepts.
"""

from dataclasses import dataclass

from django.http import QueryDict

from safeguarding.assist.importing.lines import Line
from safeguarding.assist.importing.wording import LIMITS, fit
from safeguarding.assist.origins import ORIGIN
from safeguarding.governance.models import LearningPoint, PlannedWork


@dataclass(frozen=True)
class Markable:
    """A kind of record a passage can become: its formset's prefix and the words used."""

    prefix: str
    what: str
    # The field the passage's words go in, and its length limit's name in LIMITS.
    field: str
    limit: str
    defaults: tuple[tuple[str, str], ...] = ()


MARKABLE = {
    "priority": Markable("priorities", "priority", "title", "priority"),
    "planned_work": Markable(
        "work", "planned work", "title", "planned work", (("kind", PlannedWork.Kind.OTHER),)
    ),
    "learning_point": Markable(
        "learning",
        "learning point",
        "summary",
        "summary",
        (("expectation", LearningPoint.Expectation.SEEK_ASSURANCE),),
    ),
}


class MarkUpRefused(ValueError):
    """The passage or the kind asked for is not one the screen offered."""


@dataclass(frozen=True)
class MarkedUp:
    """The review screen's data with the new item, and where the new item is."""

    data: QueryDict
    what: str
    number: int
    first_field_id: str


def heading_above(passages: list[Line], index: int) -> str:
    """The nearest heading before a passage: a learning point's theme to start from."""
    for line in reversed(passages[:index]):
        if line.kind == "heading":
            return line.text
    return ""


def passage_marked(*, data: QueryDict, passages: list[Line], mark: str) -> MarkedUp:
    """The review data with passage `mark` ("learning_point:12") added as a new item.

    Refuses (MarkUpRefused) a kind or passage the screen did not offer, and a screen
    whose counts were lost, naming what to do.
    """
    kind, _, number = mark.partition(":")
    markable = MARKABLE.get(kind)
    if markable is None or not number.isdigit() or int(number) >= len(passages):
        raise MarkUpRefused(
            "That passage is not in this document. Reload the page and choose again"
        )
    index = int(number)
    passage = passages[index]
    total_key = f"{markable.prefix}-TOTAL_FORMS"
    total = data.get(total_key, "")
    if not total.isdigit():
        raise MarkUpRefused("The review screen's items were lost. Reload the page and try again")
    new = int(total)
    marked = data.copy()
    field = f"{markable.prefix}-{new}-"
    marked[f"{field}keep"] = "on"
    # Proposed by no rule: an origin left empty says so, wherever the item moves to.
    marked[f"{field}{ORIGIN}"] = ""
    # Cut to fit, it is shown whole beside: nothing needs saying of the cut.
    marked[f"{field}{markable.field}"] = fit(passage.text, markable.limit, [])
    for name, value in markable.defaults:
        marked[f"{field}{name}"] = value
    if kind == "learning_point":
        marked[f"{field}theme"] = fit(heading_above(passages, index), "theme", [])
        if len(passage.text) > LIMITS[markable.limit]:
            marked[f"{field}detail"] = passage.text
    marked[total_key] = str(new + 1)
    return MarkedUp(
        data=marked,
        what=markable.what,
        number=new + 1,
        first_field_id=f"id_{field}{'theme' if kind == 'learning_point' else markable.field}",
    )
