"""A PDF page's text put back into paragraphs, headings and table rows.

A PDF holds lines placed on a page, not paragraphs: a paragraph is wrapped over several
lines, and some PDF makers draw a list's bullets apart from its items. Reading where each
line sits, how large and whether in bold it is drawn, and the ruled lines drawn around
it, lets the paragraphs, headings, list items and tables the author wrote be told apart
again. `read_page` reads a page once for all of that; `pdf_furniture` then drops running
headers, footers and page numbers, `pdf_tables` finds ruled tables, and `reflow` puts the
rest back into paragraphs.

A line is bold when most of its characters are in a font whose name says bold (Bold,
Black, Heavy, Semibold, Demibold) or whose descriptor weighs 600 or more. A page's body
text is the size (to half a point) most of its characters are drawn at, and bold if most
of the characters at that size are.
"""

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pypdf

from safeguarding.assist.importing.lines import BULLET, HEADING_MARK, kind_by_shape

# Word puts its own bullet glyphs in the Symbol font's private-use area.
PRIVATE_BULLETS = str.maketrans(dict.fromkeys("\uf0b7\uf0a7\uf076\uf0d8\uf0fc", "•"))
MARKER = re.compile(r"^(?:[•●○◦▪■‣\u2043∙·*\-\u2013\u2014]|\(?\d{1,2}[.)]|\(?[a-z][.)])$")
# A line at most this far below the one before, in font heights, is the same row.
SAME_ROW = 0.6
# Wrapped lines sit the same distance apart; a paragraph break adds a little more.
PARAGRAPH_GAP = 1.1
# Type this much larger than the page's body text is a heading's.
LARGER = 1.15
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
BOLD_WEIGHT = 600
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A heading in larger type wraps over a few lines at most; more is a larger paragraph.
MAX_HEADING_LINES = 3


@dataclass(frozen=True)
class PageLine:
    x: float
    y: float  # baseline, in page space (larger is higher up)
    height: float  # font size as drawn
    text: str
    bold: bool = False
    # What each drawing of text on the line put there: where it starts, its text, whether
    # in bold. A table's row can come as one line; its parts say which cell holds what.
    parts: tuple[tuple[float, str, bool], ...] = ()


@dataclass(frozen=True)
class Rule:
    """A ruled line drawn on the page: a table's border, say."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    lines: list[PageLine]
    rules: list[Rule] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    # What `pdf_tables` made of ruled tables: (index of the line it comes before, lines).
    tables: list[tuple[int, list[str]]] = field(default_factory=list)


def read_page(page: pypdf.PageObject) -> Page:
    """The page's lines in the order they were drawn, each with where it sits, how large
    and whether in bold, and the straight lines drawn on it."""
    lines: list[PageLine] = []
    parts: list[str] = []
    where: list[float] = []
    weights: list[int] = []  # characters drawn so far on the line: all, in bold
    drawn: list[tuple[float, str, bool]] = []
    rules: list[Rule] = []
    path: list[tuple[float, float]] = []

    def visit(
        text: str, cm: Sequence[float], tm: Sequence[float], font: Any, font_size: float
    ) -> None:
        size = float(font_size or 0.0)
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        height = abs(size * (tm[2] * cm[1] + tm[3] * cm[3])) or size
        bold = _is_bold(font)
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece.strip() and not where:
                where[:] = [x, y, height]
                weights[:] = [0, 0]
            if where:
                count = len(piece.strip())
                weights[0] += count
                weights[1] += count if bold else 0
                drawn.append((x, piece, bold))
            parts.append(piece)
            if index < len(pieces) - 1:
                finish()

    def finish() -> None:
        text = " ".join(CONTROL.sub("", "".join(parts)).split()).translate(PRIVATE_BULLETS)
        if text and where:
            bold = weights[1] * 2 > weights[0]
            lines.append(PageLine(where[0], where[1], where[2], text, bold, tuple(drawn)))
        parts.clear()
        where.clear()
        drawn.clear()

    def draw(operator: bytes, operands: Sequence[Any], cm: Sequence[float], tm: Any) -> None:
        # Only straight lines and rectangles matter: a table's borders and cell edges.
        if operator == b"m" and len(operands) == 2:
            path[:] = [_on_page(cm, operands[0], operands[1])]
        elif operator == b"l" and len(operands) == 2 and path:
            end = _on_page(cm, operands[0], operands[1])
            rules.append(Rule(path[-1][0], path[-1][1], end[0], end[1]))
            path.append(end)
        elif operator == b"re" and len(operands) == 4:
            x, y, width, height = (float(value) for value in operands)
            (x0, y0), (x1, y1) = _on_page(cm, x, y), _on_page(cm, x + width, y + height)
            rules.append(Rule(x0, y0, x1, y1))

    page.extract_text(visitor_text=visit, visitor_operand_before=draw)
    finish()
    box = page.mediabox
    return Page(_markers_on_their_items(lines), rules, float(box.top), float(box.bottom))


def _on_page(cm: Sequence[float], x: Any, y: Any) -> tuple[float, float]:
    x, y = float(x), float(y)
    return (x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5])


def _is_bold(font: Any) -> bool:
    if not font:
        return False
    try:
        if BOLD_FONT.search(str(font.get("/BaseFont", ""))):
            return True
        descriptor = font.get("/FontDescriptor")
        weight = descriptor.get("/FontWeight") if descriptor else None
        return weight is not None and float(weight) >= BOLD_WEIGHT
    except (AttributeError, TypeError, ValueError):
        return False


def body_text(lines: Sequence[PageLine]) -> tuple[float, bool]:
    """The size most of the page's characters are drawn at, and whether they are bold."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.height * 2) / 2] += len(line.text)
    if not sizes:
        return 0.0, False
    size = sizes.most_common(1)[0][0]
    at_size = [line for line in lines if round(line.height * 2) / 2 == size]
    bold = sum(len(line.text) for line in at_size if line.bold)
    return size, bold * 2 > sum(len(line.text) for line in at_size)


def _markers_on_their_items(lines: list[PageLine]) -> list[PageLine]:
    """Put a bullet or number drawn on its own back in front of the item on its row."""
    kept = [line for line in lines if not MARKER.match(line.text)]
    for marker in (line for line in lines if MARKER.match(line.text)):
        row = [
            (line.x, index)
            for index, line in enumerate(kept)
            if line.x > marker.x
            and abs(line.y - marker.y) <= 0.3 * max(line.height, marker.height, 1.0)
            and not BULLET.match(line.text)
        ]
        if row:
            _, index = min(row)
            kept[index] = replace(kept[index], text=f"{marker.text} {kept[index].text}")
    return kept


def reflow(pages: list[Page]) -> str:
    """Paragraphs of the pages' lines, with a blank line between paragraphs.

    A new paragraph starts where the gap above a line, in font heights, is clearly more
    than the page's tightest line spacing; where a line is not below the one before (a
    new column or table cell); where the font size changes (a heading), or bold type
    starts or stops; where a line starts with a bullet or number; or after a short line
    that ends a sentence, unless both lines are in a heading's type (a heading wrapped
    after a colon). A paragraph that starts in lower case (carried over a page break)
    joins the one before, unless either is a heading or a table's row. A page's tables
    (`Page.tables`) come in where they were drawn, each of their lines a paragraph.

    A paragraph is a heading when every line of it is drawn in type larger than the
    page's body text (up to three lines), or it is one line in bold where the body text
    is not, not starting with a bullet and not ending in . , or ;. A heading that
    `read_lines` would not read as one by its shape is written with `HEADING_MARK` in
    front.
    """
    paragraphs: list[_Paragraph] = []
    for page in pages:
        lines = page.lines
        body = body_text(lines)
        spacings = [
            (above.y - below.y) / max(below.height, 1.0)
            for above, below in itertools.pairwise(lines)
        ]
        tightest = min((spacing for spacing in spacings if spacing > SAME_ROW), default=math.inf)
        # A full line's length, ignoring the odd overlong one (a web address, a table row).
        lengths = sorted(len(line.text) for line in lines)
        full = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
        tables = sorted(page.tables, key=lambda table: table[0])
        after_table = True
        for index, line in enumerate(lines):
            while tables and tables[0][0] <= index:
                paragraphs.extend(_Paragraph(text, "table") for text in tables.pop(0)[1])
                after_table = True
            style = _type_of(line, body)
            if index == 0 or after_table:
                _start(paragraphs, line.text, style)
                after_table = False
                continue
            above, spacing = lines[index - 1], spacings[index - 1]
            same_heading = style != "" and style == _type_of(above, body)
            new_paragraph = (
                spacing <= SAME_ROW
                or spacing > PARAGRAPH_GAP * tightest
                or abs(line.height - above.height) > 0.15 * max(line.height, above.height, 1.0)
                or line.bold != above.bold
                or BULLET.match(line.text) is not None
                or (not same_heading and len(above.text) < 0.7 * full and above.text[-1] in ".:;!?")
            )
            if new_paragraph:
                _start(paragraphs, line.text, style)
            else:
                paragraphs[-1].text = _join(paragraphs[-1].text, line.text)
                paragraphs[-1].lines += 1
        for _, rows in tables:
            paragraphs.extend(_Paragraph(text, "table") for text in rows)
    return "\n\n".join(paragraph.written() for paragraph in paragraphs)


@dataclass
class _Paragraph:
    text: str
    style: str  # the type of its first line: "larger", "bold" or ""; "table" for a row
    lines: int = 1

    def is_heading(self) -> bool:
        if BULLET.match(self.text):
            return False
        if self.style == "larger":
            return self.lines <= MAX_HEADING_LINES
        return self.style == "bold" and self.lines == 1 and self.text[-1] not in ".,;"

    def written(self) -> str:
        if self.is_heading() and kind_by_shape(self.text) != "heading":
            return f"{HEADING_MARK}{self.text}"
        return self.text


def _type_of(line: PageLine, body: tuple[float, bool]) -> str:
    """ "larger" or "bold" for type that stands out from the page's body text, else ""."""
    size, bold = body
    if size and line.height >= LARGER * size:
        return "larger"
    return "bold" if line.bold and not bold else ""


def _start(paragraphs: list[_Paragraph], text: str, style: str) -> None:
    previous = paragraphs[-1] if paragraphs else None
    if (
        previous is not None
        and text[0].islower()
        and not style
        and previous.style != "table"
        and not previous.is_heading()
    ):
        previous.text = _join(previous.text, text)
        previous.lines += 1
    else:
        paragraphs.append(_Paragraph(text, style))


def _join(before: str, after: str) -> str:
    # A word broken over two lines keeps its hyphen but loses the line break.
    if re.search(r"[a-z]-$", before) and after[:1].islower():
        return before + after
    return f"{before} {after}"
