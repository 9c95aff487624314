"""Lists written inside one sentence, with no bullets or lines of their own.

Annual reports and covering reports often name a partnership's priorities, or the work
still to do, in the run of a sentence: "…progress on the three key priorities; (i)
neglect, (ii) contextual safeguarding and (iii) making the system work", "Our priorities
are early help, neglect and exploitation", "…continued areas of development including
further embedding the voice of the child strategy, reviewing training arrangements and
overseeing…", "…identification of two outcomes “…” and “…”". The rules:

- The sentence names what it lists: priorities (priorities, key or focus areas, areas of
  focus, strategic aims, and outcomes or ambitions when their items are quoted), or work
  to come (areas of development or for development, next steps, planned work, a work
  plan or programme, "we will focus on").
- Within six words after that name comes what opens the list: a colon, semicolon or
  dash, or "are", "were", "include", "including", "namely", "as follows", "being" (a
  semicolon only when the items are marked or counted). A
  comma never opens one, since "progress on priorities, performance and learning" lists
  nothing, nor does "are" before what is done with them ("…are picked up by the
  sub-groups"), nor a name joined to what runs through it ("the priorities and
  cross-cutting themes are…").
- The items are split at their markers when there are two or more ("(i)", "(a)", "1)"),
  else at quotation marks when two or more items are quoted, else at semicolons, else at
  commas and the last "and". Each has at most sixteen words; a list has at least two
  items, and at least three when nothing marks or counts them.
- A count named just before the name ("the three key priorities") must equal the number
  of items, so a sentence whose commas do not separate items is left alone.
"""

import re
from dataclasses import dataclass

from safeguarding.assist.importing.lead_ins import NOT_PRIORITIES, NUMBERS
from safeguarding.assist.importing.lines import split_sentences

PRIORITY_NAMES = (
    r"priorit(?:y|ies)|(?:key|focus|priority|strategic) (?:areas|aims|objectives)"
    r"|areas of focus|strategic aims"
)
QUOTED_NAMES = r"outcomes|ambitions|aims"
WORK_NAMES = (
    r"areas? (?:of|for) (?:development|improvement)|development areas|next steps|planned work"
    r"|work ?(?:plan|programme)|programme of work|we will (?:also )?focus on"
)
NAMED = re.compile(
    rf"\b(?:(?P<count>{'|'.join(NUMBERS)}|\d{{1,2}})\s+(?:\w+\s+){{0,2}}?)?"
    rf"(?:(?P<priorities>{PRIORITY_NAMES})|(?P<quoted>{QUOTED_NAMES})|(?P<work>{WORK_NAMES}))\b",
    re.IGNORECASE,
)
OPENS = re.compile(
    r"^(?P<gap>(?:\s+[\w/\u2013-]+){0,6}?)\s*(?P<opener>[:;]|\s[\u2013\u2014-]|\s(?:are|were"
    r"|include|includes|including|namely|as follows|being)\b:?)\s*(?P<list>\S.*)$",
    re.IGNORECASE,
)
MARKER = re.compile(r"\((?:[ivx]{1,4}|[a-h]|\d{1,2})\)\s*|(?<!\w)(?:[ivx]{1,4}|[a-h]|\d{1,2})\)\s+")
# Some documents close a quotation with an opening mark: take either.
QUOTED = re.compile(r"[\u201c\"]\s*([^\u201c\u201d\"]{2,120}?)\s*[\u201c\u201d\"]")
PASSIVE = re.compile(r"^(?:\w+ed|being|also|not|set out|shown|given|taken|known)\b", re.I)
JOINERS = re.compile(r"^(?:and|or|as well as)\s+|[\s,;]+(?:and|or)?\s*$", re.IGNORECASE)
MAX_ITEM_WORDS = 16


@dataclass(frozen=True)
class SentenceList:
    """What one sentence lists: "priorities" or "planned" work, its items as written,
    and the sentence, for the review screen to say why."""

    kind: str
    items: tuple[str, ...]
    sentence: str


def sentence_lists(paragraph: str) -> list[SentenceList]:
    """The lists the sentences of `paragraph` hold, by the rules in this module's docstring."""
    found = []
    for sentence in split_sentences(paragraph):
        read = _list_in(sentence.rstrip(" ."))
        if read is not None:
            found.append(read)
    return found


def _list_in(sentence: str) -> SentenceList | None:
    for named in NAMED.finditer(sentence):
        rest = sentence[named.end() :]
        opened = OPENS.match(rest)
        if named.group("quoted"):
            # Quoted items need nothing to open them: "two outcomes “…” and “…”".
            items, marked = _items(rest, quoted_only=True)
        elif opened is None or NOT_PRIORITIES.search(opened.group("gap")):
            continue  # "the priorities and cross-cutting themes are…" lists neither
        elif PASSIVE.match(opened.group("list")):
            continue  # "…are picked up by the sub-groups" says what is done with them
        else:
            items, marked = _items(opened.group("list"), quoted_only=False)
        count = named.group("count")
        expected = (NUMBERS.get(count.lower()) or int(count)) if count else None
        if (
            len(items) < 2
            # "…areas for development for the cohort; representation from schools, settings
            # and partners was significant": a semicolon opens a list only when its items
            # are marked or counted.
            or (opened is not None and opened.group("opener") == ";" and not (marked or count))
            or (expected is not None and len(items) != expected)
            or (expected is None and not marked and len(items) < 3)
            or any(len(item.split()) > MAX_ITEM_WORDS for item in items)
        ):
            continue
        kind = "planned" if named.group("work") else "priorities"
        return SentenceList(kind, tuple(items), sentence)
    return None


def _items(text: str, *, quoted_only: bool) -> tuple[list[str], bool]:
    """The items of a list's text, and whether markers or quotation marks set them apart."""
    quoted = QUOTED.findall(text)
    if quoted_only or len(quoted) >= 2:
        return [item.strip(" ,;") for item in quoted], True
    marked = len(MARKER.findall(text)) >= 2
    if marked:
        parts = MARKER.split(text)[1:]  # what comes before the first marker opens the list
    else:
        parts = re.split(r"\s*;\s*", text) if ";" in text else _commas(text)
    items = [JOINERS.sub("", JOINERS.sub("", part.strip())) for part in parts]
    return [item[:1].upper() + item[1:] for item in items if item], marked


def _commas(text: str) -> list[str]:
    head, _, last = text.rpartition(" and ")
    if not head:
        return [text]
    return [*re.split(r"\s*,\s*", head), last]
