"""Lists of priorities that a sentence introduces, with no heading above them.

Many partnerships write "The priorities for 2017/18 are:" or "…in four key areas:" and
then list them: as bullets ("• Transitions: moving from childhood to adulthood"), or as
a title ending in a colon with its description in the paragraph below. The rules here:

- A lead-in is a paragraph (or a numbered paragraph) ending in a colon whose last
  sentence (at most 25 words, so a long sentence that happens to end in a colon is not
  one) names priorities or key or focus areas. A count it names ("four key areas", "one
  joint area and three key areas") is how many items it introduces. A last sentence that
  only points back ("They are:") is read with the sentence before it.
- What runs through the priorities is not one of them: a lead-in naming cross-cutting
  themes, threads, values or principles, or what "underpins" or "runs through" the
  priorities, introduces no priorities (`NOT_PRIORITIES`).
- A lead-in ending "…priorities to:" or "we will:" introduces work to be done, each item
  an action ("Provide…", "Reviewing…"): planned work, not priorities. So does one naming
  areas for development, next steps or planned work.
- Its list is bullets, or titles each ending in a colon with description paragraphs
  between, or (only when a count is named) short lines. Whichever the first item is,
  the list keeps to it, and ends at the first line of another kind, or at the count.
- A lead-in naming themes, learning, lessons or findings that a list includes ("Key
  themes identified include:") introduces learning, each item a point to note; its list is
  bullets, or short lines of one sentence each, and a short label between its parts
  ("Child LB:") does not end it. A lead-in of verbs alone ("Deliver and evaluate:")
  introduces work. A short paragraph ending in a semicolon ("The Priorities are;") is
  read as one ending in a colon, and a year's aims or objectives ("…the following aims for
  2017/18:") are its priorities.
- An item "Title: description" or "Title - description" (any dash) is the priority
  "Title", and "Priority One: Prevention" is "Prevention"; a bracket closing a title
  ("Family Wellbeing (Early Intervention and Prevention)") is left out, and so is what a
  semicolon adds to say why ("…; to ensure continuous improvement"). A bulleted item
  ending in a colon, followed by items with another bullet, is a priority whose strands
  they are.
"""

import re
from dataclasses import dataclass, field

from safeguarding.assist.importing.lines import BULLET, Line, split_sentences

# A year's aims or objectives are its priorities: "…the following aims for 2017/18:".
LEAD_IN_WORDS = re.compile(
    r"\b(?:priorit(?:y|ies)|(?:key|focus|priority|strategic) areas?|areas? (?:of|to) focus"
    r"|(?:aims|objectives) for (?:the (?:coming |next )?year|20\d{2}))\b",
    re.IGNORECASE,
)
# "Key themes identified include:", "The key learning points are:": a list of learning.
LEARNING_LEAD_IN = re.compile(
    r"\b(?:themes|learning(?: points)?|lessons(?: learned| learnt)?|findings)\b[^.:]{0,60}?"
    r"\b(?:include[sd]?(?:,? but (?:are|is) not limited to)?|are|were|identified|emerged"
    r"|highlighted)\s*:$",
    re.IGNORECASE,
)
# "Deliver and evaluate:": the verbs alone lead in to the work they are done to.
WORK_VERBS = (
    r"(?:deliver|develop|implement|undertake|complete|evaluate|review|monitor|produce"
    r"|publish|launch|embed|commission)"
)
VERBS_LEAD_IN = re.compile(
    rf"^{WORK_VERBS}(?:\s*,\s*{WORK_VERBS})*(?:\s+(?:and|&)\s+{WORK_VERBS})?\s*:$",
    re.IGNORECASE,
)
# A short label between a list's parts ("Child LB:"), which the list goes on after.
MAX_LABEL_WORDS = 4
# What runs through every priority, which a list of learning themes is not; with who the
# partners are, not a priority either.
RUNS_THROUGH_WORDS = r"cross[- ]cutting|threads?|values|principles|underpin\w*|run\w* thr?o?ugh"
RUNS_THROUGH = re.compile(rf"\b(?:{RUNS_THROUGH_WORDS})\b", re.IGNORECASE)
NOT_PRIORITIES = re.compile(
    rf"\b(?:{RUNS_THROUGH_WORDS}|themes?|partners (?:for|are)|members(?:hip)?)\b",
    re.IGNORECASE,
)
# A list of things to do: "…two business priorities to:", "Over the next year we will:".
WORK_LEAD_IN = re.compile(
    r"\b(?:(?:priorit(?:y|ies)|plans?|commit\w*|we (?:plan|intend|aim)) to|will)\s*:$"
    r"|\b(?:areas? (?:of|for) (?:development|improvement)"
    r"|next steps|planned work|work ?(?:plan|programme)|programme of work)\b",
    re.IGNORECASE,
)
# A short last sentence pointing back at the one before: "They are:", "These are:".
POINTING_BACK = re.compile(
    r"^(?:they|these|those|which|the \w+) (?:are|will be|include)\s*:$", re.IGNORECASE
)
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# A count, not part of a year ("2017/18", "2024-26").
NUMBER = re.compile(
    r"(?<![\d/\u2013-])\b(?:" + "|".join(NUMBERS) + r"|\d{1,2})\b(?![/\u2013-]?\d)",
    re.IGNORECASE,
)
# "Title: description" or "Title - description" (any dash); the title at most ten words.
TITLED = re.compile(
    r"^(?P<title>[^:\u2013\u2014]{2,120}?)\s*(?::|\s[\u2013\u2014-])\s+(?P<rest>\S.*)$"
)
# "Priority 2: Domestic abuse", "Priority One - Prevention", "Strategic Priority 3: …":
# the title after the number; "Cross Cutting Shared Priority - …", with no number,
# has the title after the dash or colon.
PRIORITY_QUALIFIERS = r"(?:shared|joint|cross[- ]cutting|strategic|partnership|key|overarching)"
PRIORITY_HEADING = re.compile(
    rf"^(?:{PRIORITY_QUALIFIERS}\s+){{0,3}}priority"
    r"(?:\s+(?:\d{1,2}|" + "|".join(NUMBERS) + r"|[a-z])\b\s*[:.\-\u2013\u2014]?"
    r"|\s*[:\-\u2013\u2014])\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
CLOSING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")
# "Taking robust action following learning; to ensure continuous improvement": why.
PURPOSE = re.compile(r"\s*;\s+(?:to|in order to|so that)\s.*$", re.IGNORECASE)
MAX_LEAD_IN_WORDS = 25
MAX_MISTYPED_WORDS = 8
MAX_TITLE_WORDS = 20


@dataclass
class LeadIn:
    """A list a sentence introduced, as it is read: its style once its first item is."""

    count: int | None
    kind: str = "priorities"  # or "planned" or "learning": what each item is
    # The sentence that introduced the list, for the review screen to say why.
    introduced_by: str = field(default="", compare=False)
    style: str = ""  # "bullets", "titles" or "lines"
    found: int = 0
    bullet: str = ""
    parent: str | None = None  # the priority the strands below belong to

    @property
    def full(self) -> bool:
        return self.count is not None and self.found >= self.count


def lead_in_of(line: Line) -> LeadIn | None:
    """The list this paragraph introduces, or None if it introduces no list of priorities."""
    if line.kind not in ("paragraph", "item") or line.text[-1:] not in (":", ";"):
        return None
    if line.text.endswith(";"):
        # "The Priorities are;" is a colon mistyped; an item ending in one is in a list.
        if line.kind != "paragraph" or len(line.text.split()) > MAX_MISTYPED_WORDS:
            return None
        line = Line(f"{line.text[:-1]}:", line.kind, line.blank_before)
    if VERBS_LEAD_IN.match(line.text):
        return LeadIn(count=None, kind="planned", introduced_by=line.text)
    # A numbered paragraph ("2. The focus of this report is…:") leads in as well.
    bullet = BULLET.match(line.text)
    text = bullet.group("item") if bullet and line.kind == "item" else line.text
    sentences = split_sentences(text)
    last = sentences[-1]
    if len(sentences) > 1 and POINTING_BACK.match(last):
        # "…agreed its priorities for 2026-27 in March. They are:" names them before.
        last = f"{sentences[-2]} {last}"
    if len(last.split()) > MAX_LEAD_IN_WORDS:
        return None
    if LEARNING_LEAD_IN.search(last) and not RUNS_THROUGH.search(last):
        return LeadIn(count=None, kind="learning", introduced_by=last)
    if NOT_PRIORITIES.search(last):
        return None
    work = WORK_LEAD_IN.search(last)
    if not (work or LEAD_IN_WORDS.search(last)):
        return None
    numbers = [NUMBERS.get(n.lower(), 0) or int(n) for n in NUMBER.findall(last)]
    kind = "planned" if work else "priorities"
    return LeadIn(count=sum(numbers) or None, kind=kind, introduced_by=last)


def introduces_no_priorities(paragraph: str) -> bool:
    """Whether a paragraph leads in to what runs through the priorities, not to them."""
    return paragraph.endswith(":") and NOT_PRIORITIES.search(paragraph) is not None


def title_of(item: str) -> str:
    """The priority an item names: the title of "Title: description", without a bracket
    closing it."""
    numbered = PRIORITY_HEADING.match(item)
    if numbered:
        item = numbered.group("title")
    titled = TITLED.match(item)
    if titled and len(titled.group("title").split()) <= 10 and not _names(titled.group("rest")):
        item = titled.group("title")
    return CLOSING_BRACKET.sub("", PURPOSE.sub("", item).rstrip(" :")).strip()


def _names(rest: str) -> bool:
    """Whether what follows a title's colon is a short name, part of the title
    ("Improvement and Learning: JTAI and National Review"), not a description."""
    words = rest.rstrip(" .;").split()
    return len(words) <= 6 and all(
        word[0].isupper() or word.lower() in ("and", "of", "the", "for", "in", "&")
        for word in words
    )


@dataclass(frozen=True)
class Read:
    """What one line of a lead-in's list is: a priority, a strand of one, a description
    (read and left), or the end of the list."""

    priority: str | None = None
    strand: tuple[str, str] | None = None  # (priority, strand)
    ended: bool = False


def read_item(lead: LeadIn, line: Line) -> Read:
    """Read the next line of the list `lead` introduced."""
    if lead.kind == "learning":
        return _learning_item(lead, line)
    bullet = BULLET.match(line.text) if line.kind == "item" else None
    if bullet:
        marker = "1" if bullet.group("number") else line.text[0]
        item = bullet.group("item")
        if lead.style in ("", "bullets") and lead.parent and lead.bullet and marker != lead.bullet:
            return Read(strand=(lead.parent, item.strip().rstrip(".;")))
        if lead.style not in ("", "bullets") or lead.full:
            return Read(ended=True)
        lead.style, lead.bullet = "bullets", lead.bullet or marker
        lead.found += 1
        title = title_of(item.rstrip(";"))
        lead.parent = title if item.rstrip().endswith(":") else None
        return Read(priority=title)
    words = len(line.text.split())
    if line.text.endswith(":") and words <= MAX_TITLE_WORDS and lead.style in ("", "titles"):
        if lead.full:
            return Read(ended=True)
        lead.style = "titles"
        lead.found += 1
        return Read(priority=title_of(line.text))
    if line.kind == "paragraph" and lead.style == "titles":
        return Read()  # the description of the title above
    if line.kind == "heading" and lead.count and lead.style in ("", "lines") and not lead.full:
        lead.style = "lines"
        lead.found += 1
        return Read(priority=title_of(line.text))
    return Read(ended=True)


def _learning_item(lead: LeadIn, line: Line) -> Read:
    """A line of a list of learning: a bullet, or a short line of one sentence (the
    themes of a national report, one a line); the list keeps to its first item's kind."""
    bullet = BULLET.match(line.text) if line.kind == "item" else None
    text = bullet.group("item") if bullet else line.text
    style = "bullets" if bullet else "lines"
    if text.endswith(":") and len(text.split()) <= MAX_LABEL_WORDS:
        return Read()  # "Child LD:", a label over the list's next part
    short = len(text.split()) <= MAX_TITLE_WORDS and len(split_sentences(text)) == 1
    if lead.style not in ("", style) or not (bullet or short) or text.endswith(":"):
        return Read(ended=True)
    lead.style = style
    lead.found += 1
    return Read(priority=text)
