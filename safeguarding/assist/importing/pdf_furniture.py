"""Page furniture in a PDF: running headers and footers, and page numbers, taken away.

Only lines in a page's margin bands (the top and bottom eighth of the page) can be
furniture. Among them, a line is furniture when:

- it is a page number ("7", "Page 7", "Page 7 of 20", "7 of 20", "- 7 -");
- its text, with every number in it made alike, is in the same band (top or bottom) on
  at least two pages and on at least two in five of the document's pages: a running
  header or footer ("Annual Report 2024-25 | Page 3");
- it is in smaller type than the page's body text and no body-sized or larger line is
  further out towards that edge of the page: a running header on a document of one page.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from safeguarding.assist.importing.pdf import Page, PageLine, body_text

BAND = 1 / 8
PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-\u2013(]?\s*\d{1,4}\s*[-\u2013)]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
NUMBERS = re.compile(r"\d+")
SHARE_OF_PAGES = 0.4
SMALLER = 0.95


def without_furniture(pages: Sequence[Page]) -> list[Page]:
    """The pages without their running headers, footers and page numbers."""
    bands = [_bands(page) for page in pages]
    seen: Counter[tuple[str, str]] = Counter()
    for found in bands:
        seen.update({(band, _alike(line.text)) for line, band in found.items()})
    needed = max(2, SHARE_OF_PAGES * len(pages))
    kept = []
    for page, found in zip(pages, bands, strict=True):
        size, _ = body_text(page.lines)
        removed = {
            id(line)
            for line, band in found.items()
            if PAGE_NUMBER.match(line.text)
            or seen[(band, _alike(line.text))] >= needed
            or _outside_the_body(line, band, page.lines, size)
        }
        lines = [line for line in page.lines if id(line) not in removed]
        kept.append(replace(page, lines=lines))
    return kept


def _bands(page: Page) -> dict[PageLine, str]:
    """The page's lines in its margin bands, each with "top" or "bottom"."""
    height = page.top - page.bottom
    found = {}
    for line in page.lines:
        if line.y >= page.top - BAND * height:
            found[line] = "top"
        elif line.y <= page.bottom + BAND * height:
            found[line] = "bottom"
    return found


def _alike(text: str) -> str:
    return NUMBERS.sub("#", text.casefold())


def _outside_the_body(line: PageLine, band: str, lines: Sequence[PageLine], size: float) -> bool:
    if not size or line.height >= SMALLER * size:
        return False
    body = [other for other in lines if other.height >= SMALLER * size]
    if band == "top":
        return all(other.y < line.y for other in body)
    return all(other.y > line.y for other in body)
