"""A document's text as the lines `propose` reads: headings, list items and paragraphs.

Each line of the text is a paragraph (as `document_text` gives them). A line starting in
lower case continues the line before it (hard-wrapped text). Page furniture (a quick exit
such as "Quick leave" or "Exit this page", "Back to top", page numbers) is dropped. A
line starting with a bullet (•, -, *, a dash) or a number or letter ("1.", "a)") is a
list item, unless it numbers a section heading ("2. Planned work"). A short line (up to
12 words) starting with a capital or a digit and not ending in . : ; , ! is a heading.
Anything else is a paragraph.
"""

import re
from collections import Counter
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
    ("learning", r"\b(?:learning|lessons?)\b"),
    ("priorities", r"\bpriorit(?:y|ies)\b"),
    ("strands", r"\b(?:reforms?|strands?|work ?streams?)\b"),
)
YEAR = re.compile(r"\b(20\d{2})\s*[-\u2013\u2014/]\s*(?:20)?(\d{2})\b")
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
        line = " ".join(raw.replace("\u00a0", " ").split())
        if not line:
            blank = True
            continue
        if FURNITURE.match(line):
            continue
        if found and not blank and line[0].islower() and not BULLET.match(line):
            previous = found.pop()
            line = f"{previous.text} {line}"
            blank = previous.blank_before
        found.append(Line(line, "", blank))
        blank = False
    return [Line(line.text, _kind_of_line(line.text), line.blank_before) for line in found]


def _kind_of_line(line: str) -> str:
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
        and (line[0].isupper() or line[0].isdigit())
        and line[-1] not in ".:;,!"
        and re.search(r"[A-Za-z]{2}", line) is not None
    )


def section_of(heading: str, *, at_start: bool = False) -> str | None:
    """Which section a heading starts: "planned", "learning", "priorities", "strands"."""
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


def year_label(lines: list[Line]) -> str | None:
    """The business year ("2025-26") the document is about: the one headings name most."""
    for wanted in ("heading", None):
        counts: Counter[str] = Counter()
        for line in lines:
            if wanted and line.kind != wanted:
                continue
            for first, second in YEAR.findall(line.text):
                if (int(first) + 1) % 100 == int(second):
                    counts[f"{first}-{second}"] += 1
        if counts:
            return counts.most_common(1)[0][0]
    return None
