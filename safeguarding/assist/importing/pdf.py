"""A PDF page's text put back into paragraphs.

A PDF holds lines placed on a page, not paragraphs: a paragraph is wrapped over several
lines, and some PDF makers draw a list's bullets apart from its items. Reading where each
line sits lets the paragraphs and list items the author wrote be told apart again.
"""

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pypdf

from safeguarding.assist.importing.lines import BULLET

# Word puts its own bullet glyphs in the Symbol font's private-use area.
PRIVATE_BULLETS = str.maketrans(dict.fromkeys("\uf0b7\uf0a7\uf076\uf0d8\uf0fc", "•"))
MARKER = re.compile(r"^(?:[•●○◦▪■‣\u2043∙·*\-\u2013\u2014]|\(?\d{1,2}[.)]|\(?[a-z][.)])$")
# A line at most this far below the one before, in font heights, is the same row.
SAME_ROW = 0.6
# Wrapped lines sit the same distance apart; a paragraph break adds a little more.
PARAGRAPH_GAP = 1.1


@dataclass(frozen=True)
class PageLine:
    x: float
    y: float  # baseline, in page space (larger is higher up)
    height: float  # font size as drawn
    text: str


def page_lines(page: pypdf.PageObject) -> list[PageLine]:
    """The page's lines in the order they were drawn, each with where it sits."""
    lines: list[PageLine] = []
    parts: list[str] = []
    where: list[float] = []

    def visit(
        text: str, cm: Sequence[float], tm: Sequence[float], font: Any, font_size: float
    ) -> None:
        size = float(font_size or 0.0)
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        height = abs(size * (tm[2] * cm[1] + tm[3] * cm[3])) or size
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece.strip() and not where:
                where[:] = [x, y, height]
            parts.append(piece)
            if index < len(pieces) - 1:
                finish()

    def finish() -> None:
        text = " ".join("".join(parts).split()).translate(PRIVATE_BULLETS)
        if text and where:
            lines.append(PageLine(where[0], where[1], where[2], text))
        parts.clear()
        where.clear()

    page.extract_text(visitor_text=visit)
    finish()
    return _markers_on_their_items(lines)


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


def reflow(pages: list[list[PageLine]]) -> str:
    """Paragraphs of the pages' lines, with a blank line between paragraphs.

    A new paragraph starts where the gap above a line, in font heights, is clearly more
    than the page's tightest line spacing; where a line is not below the one before (a
    new column or table cell); where the font size changes (a heading); where a line
    starts with a bullet or number; or after a short line that ends a sentence. A
    paragraph that starts in lower case (carried over a page break) joins the one before.
    """
    paragraphs: list[str] = []
    for lines in pages:
        spacings = [
            (above.y - below.y) / max(below.height, 1.0)
            for above, below in itertools.pairwise(lines)
        ]
        tightest = min((spacing for spacing in spacings if spacing > SAME_ROW), default=math.inf)
        # A full line's length, ignoring the odd overlong one (a web address, a table row).
        lengths = sorted(len(line.text) for line in lines)
        full = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
        for index, line in enumerate(lines):
            if index == 0:
                _start(paragraphs, line.text)
                continue
            above, spacing = lines[index - 1], spacings[index - 1]
            new_paragraph = (
                spacing <= SAME_ROW
                or spacing > PARAGRAPH_GAP * tightest
                or abs(line.height - above.height) > 0.15 * max(line.height, above.height, 1.0)
                or BULLET.match(line.text) is not None
                or (len(above.text) < 0.7 * full and above.text[-1] in ".:;!?")
            )
            if new_paragraph:
                _start(paragraphs, line.text)
            else:
                paragraphs[-1] = _join(paragraphs[-1], line.text)
    return "\n\n".join(paragraphs)


def _start(paragraphs: list[str], text: str) -> None:
    if paragraphs and text[0].islower():
        paragraphs[-1] = _join(paragraphs[-1], text)
    else:
        paragraphs.append(text)


def _join(before: str, after: str) -> str:
    # A word broken over two lines keeps its hyphen but loses the line break.
    if re.search(r"[a-z]-$", before) and after[:1].islower():
        return before + after
    return f"{before} {after}"
