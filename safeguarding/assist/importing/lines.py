"""A document's text as the lines `propose` reads: headings, list items and paragraphs.

Each line of the text is a paragraph (as `document_text` gives them). A line starting in
lower case continues the line before it (hard-wrapped text). Page furniture (a quick exit
such as "Quick leave" or "Exit this page", "Back to top", page numbers) is dropped. A
line starting with a bullet (•, -, *, a dash) or a number or letter ("1.", "a)") is a
list item, unless it numbers a section heading ("2. Planned work"). A short line (up to
12 words) starting with a capital (after any opening quotation mark) or a digit and not
ending in . : ; , ! is a heading. Anything else is a paragraph.

A line starting with `HEADING_MARK` (the control character U+0002, which plain text never
holds: `document_text` strips control characters from it) is a heading whatever its
shape: the document's own structure said so (a Word heading style, larger or bold type in
a PDF). The mark is removed from the line's text, and such a line neither joins the line
before it nor takes in a line after it.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

FURNITURE = re.compile(
    r"^(?:quick (?:exit|leave)|(?:exit|leave) (?:this )?(?:page|site|website)|hide (?:this )?page"
    r"|back to top|skip to (?:main )?content|(?:print|share) (?:this )?page"
    r"|page \d+(?: of \d+)?|\d{1,4})$",
    re.IGNORECASE,
)
BULLET = re.compile(
    r"^(?:[•●○◦▪■‣\u2043∙·*\-\u2013\u2014]|\(?(?P<number>\d{1,2})[.)]|\(?[a-z][.)])\s+"
    r"(?P<item>\S.*)$"
)
SECTIONS = (
    ("planned", r"\b(?:planned work|work ?plan|programme of work|work programme)\b"),
    ("learning", r"\b(?:learning|lessons?|key messages|(?:7|seven)[- ]minute briefings?)\b"),
    ("priorities", r"\bpriorit(?:y|ies)\b"),
    ("strands", r"\b(?:reforms?|strands?|work ?streams?)\b"),
)
# Where a heading's title ends and what it adds begins.
TITLE_PART = re.compile(r"\s[\u2013\u2014]\s|;\s")
# A heading may be a quotation: the title of a national review, say.
QUOTES = "\u201c\u2018\"'("
YEAR = re.compile(r"\b(20\d{2})\s*[-\u2013\u2014/]\s*(?:20)?(\d{2})\b")
# Put by `document_text` in front of a heading the document's structure marks, when its
# shape alone would not say it is one.
# Not one Python counts as white space or a line break, so no tidying of the text drops it.
HEADING_MARK = "\x02"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u201c\"\u2018(])")


@dataclass(frozen=True)
class Line:
    text: str
    kind: str  # "heading", "item" or "paragraph"
    blank_before: bool


def read_lines(text: str) -> list[Line]:
    """The document's logical lines, classified, without blank lines or page furniture."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    found: list[Line] = []
    blank = False
    for raw in text.split("\n"):
        marked = raw.lstrip(" \t").startswith(HEADING_MARK)
        raw = raw.replace(HEADING_MARK, " ")
        line = " ".join(raw.replace("\u00a0", " ").split())
        # ":-" is an older way of writing a colon that leads into a list.
        line = re.sub(r":\s*-$", ":", line)
        if not line:
            blank = True
            continue
        if FURNITURE.match(line):
            continue
        if marked:
            found.append(Line(line, "heading", blank))
            blank = False
            continue
        joins = found and found[-1].kind != "heading" and not blank
        if joins and line[0].islower() and not BULLET.match(line):
            previous = found.pop()
            line = f"{previous.text} {line}"
            blank = previous.blank_before
        found.append(Line(line, "", blank))
        blank = False
    return [
        line if line.kind else Line(line.text, kind_by_shape(line.text), line.blank_before)
        for line in found
    ]


def kind_by_shape(line: str) -> str:
    """What a line's shape alone makes it: "heading", "item" or "paragraph"."""
    bullet = BULLET.match(line)
    if bullet:
        item = bullet.group("item")
        if bullet.group("number") and is_heading(item) and section_of(item, at_start=True):
            return "heading"
        return "item"
    return "heading" if is_heading(line) else "paragraph"


def is_heading(line: str) -> bool:
    """Short, capitalised and without the punctuation that ends or leads into a sentence."""
    return (
        len(line.split()) <= 12
        and len(line) <= 90
        and (line.lstrip(QUOTES)[:1].isupper() or line[0].isdigit())
        and line[-1] not in ".:;,!"
        and re.search(r"[A-Za-z]{2}", line) is not None
    )


def section_of(heading: str, *, at_start: bool = False) -> str | None:
    """Which section a heading starts: "planned", "learning", "priorities", "strands".

    Only the heading's title counts, not what a dash or semicolon adds to it: a table's
    row "Monday Introducing \u2013 Learning from Reviews Toolkit" starts no learning.
    """
    heading = TITLE_PART.split(heading, maxsplit=1)[0]
    for section, pattern in SECTIONS:
        match = re.search(pattern, heading, re.IGNORECASE)
        if match and (not at_start or match.start() == 0):
            return section
    return None


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph whose spaces have been made single."""
    return SENTENCE_END.split(text)


def sentence_at(sentences: list[str], offset: int) -> str:
    """The sentence holding character `offset` of the paragraph they were split from."""
    position = 0
    for sentence in sentences:
        position += len(sentence) + 1
        if offset < position:
            return sentence
    return sentences[-1]


# How many lines open a document: its title, subtitle and date line.
TITLE_LINES = 3
TITLE_WORDS = 12
# How far down the text may name its own year.
OPENING_LINES = 8
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATED = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?P<month>" + "|".join(MONTHS) + r")[a-z]*\.?,?\s+"
    r"(?P<year>20\d{2})\b",
    re.IGNORECASE,
)
# The document naming its own year: "Annual Report 2021-22", "priorities for 2020/2021",
# "April 2021 to March 2022".
SELF_NAMED = re.compile(
    r"\b(?:annual report|business plan|strategic plan|plan|strategy|priorities)"
    r"(?:\s+(?:for|of))?(?:\s+the\s+year)?\s+(?=20\d{2}\s*[-\u2013\u2014/])",
    re.IGNORECASE,
)
# "Business Plan 24-25": a title naming its year in two digits.
SHORT_NAMED = re.compile(
    r"\b(?:annual report|business plan|strategic plan|plan|strategy|priorities)"
    r"\s+(\d{2})\s*[-\u2013/]\s*(\d{2})\b",
    re.IGNORECASE,
)
APRIL_TO_MARCH = re.compile(r"\bapril\s+(20\d{2})\s+(?:to|-|\u2013)\s+march\s+(20\d{2})\b", re.I)
# A line that is only a date, or says when something was posted: never a title or theme.
DATE_ONLY = re.compile(
    r"^(?:(?:date|dated|published|posted|issued)\b.*|(?:[a-z]+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?"
    r"\s+(?:" + "|".join(MONTHS) + r")[a-z]*\.?|(?:" + "|".join(MONTHS) + r")[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?),?\s+20\d{2})$",
    re.IGNORECASE,
)
# A line that dates the document itself, not one that mentions a date.
DATE_LINE = re.compile(r"^(?:date|dated|published|posted|issued)\b\s*:?", re.IGNORECASE)


def _first_label(text: str) -> str:
    """The year label a text starts with, or nothing."""
    found = YEAR.match(text)
    return found.group(0) if found else ""


def _labels(texts: Sequence[str]) -> str | None:
    counts: Counter[str] = Counter()
    for text in texts:
        for first, second in YEAR.findall(text):
            if (int(first) + 1) % 100 == int(second):
                counts[f"{first}-{second}"] += 1
    return counts.most_common(1)[0][0] if counts else None


def year_label(lines: list[Line], *, introducing: Sequence[str] = ()) -> str | None:
    """The business year ("2025-26") the document is about, from its title and headings,
    never from a year its text merely mentions. In order:

    - the year the headings name most;
    - one the opening lines name (a title or subtitle, of at most twelve words);
    - one the sentences `introducing` its lists of priorities name ("…three key
      priorities for 2022/2023:");
    - a span the headings name ("April 2021 to March 2022"), or a year they name in two
      digits after the document's kind ("Business Plan 24-25");
    - one the text near the top names as its own ("Annual Report 2021-22", "priorities
      for 2020/2021");
    - the business year (April to March) holding the date on a line that dates the
      document ("Date: Monday, 24th Jun 2024" is in 2024-25);
    - else none.
    """
    opening = [line.text for line in lines[:TITLE_LINES]]
    # A title is short; a paragraph near the top is text like any other.
    titles = [text for text in opening if len(text.split()) <= TITLE_WORDS]
    headings = [line.text for line in lines if line.kind == "heading"]
    # Near the top, the text naming its own year ("…agreed priorities for 2020/2021").
    near_top = [line.text for line in lines[:OPENING_LINES]]
    named = [text[match.end() :] for text in near_top for match in SELF_NAMED.finditer(text)]
    spans = [
        f"{first}-{second[2:]}"
        for text in headings + titles
        for first, second in APRIL_TO_MARCH.findall(text)
        if int(second) == int(first) + 1
    ]
    short = [
        f"20{first}-{second}"
        for text in headings + titles
        for first, second in SHORT_NAMED.findall(text)
        if int(second) == int(first) + 1
    ]
    named_first = [_first_label(text) for text in named]
    for texts in (headings, titles, introducing, spans, short, named_first):
        if label := _labels(texts):
            return label
    for text in opening:
        dated = DATED.search(text) if DATE_LINE.match(text) else None
        if dated:
            year = int(dated.group("year"))
            month = MONTHS.index(dated.group("month").lower()[:3]) + 1
            start = year if month >= 4 else year - 1
            return f"{start}-{(start + 1) % 100:02d}"
    return None
