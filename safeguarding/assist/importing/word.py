"""A Word document's body as lines of text: one paragraph, list item or table row a line.

Paragraphs are read in document order, including those inside content controls (w:sdt,
common in report templates), which python-docx's own iteration would skip.

Headings. A paragraph is a heading when it has an outline level of 1 to 9 (w:outlineLvl 0
to 8, set on the paragraph or on its style), or its style, or a style it is based on, is
"Title" or "Heading 1" to "Heading 9". A heading is never a list item, even when Word
numbers it, and its number is left out. A heading that `lines.read_lines` would not read
as one by its shape (long, ending in a colon, starting in lower case, starting with a
number) is written with `HEADING_MARK` in front.

Lists. A paragraph Word numbers (w:numPr on the paragraph or its style), or whose style
is a "List…" style, is a list item. Its marker comes from the numbering definition for
its level: a decimal number is written "3. ", a lower-case letter "c) ", counting as Word
counts (from the level's start, or an override's, each deeper level starting again
after a shallower one); bullets, and every other format, "\u2022 ".

Tables are read row by row as `tables.table_lines` says. The first row is a header row
when Word repeats it on every page (w:tblHeader) or all of its text is bold while the
next row's is not. A cell holding a table of its own is read paragraph by paragraph.
"""

import re
from collections.abc import Iterator
from typing import Any

from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from safeguarding.assist.importing.lines import BULLET, HEADING_MARK, kind_by_shape
from safeguarding.assist.importing.pdf import PRIVATE_BULLETS
from safeguarding.assist.importing.tables import table_lines

HEADING_STYLE = re.compile(r"^(?:title|heading [1-9])$", re.IGNORECASE)
# Word's outline levels count from 0; 9 is body text.
BODY_LEVEL = 9
MAX_STYLE_DEPTH = 20


def word_lines(document: Any) -> list[str]:
    """The lines of a python-docx `document`'s body, by the rules in the module docstring."""
    return list(_Reader(document).lines(document.element.body, document))


class _Reader:
    def __init__(self, document: Any) -> None:
        self.numbering = _Numbering(document)

    def lines(self, container: Any, parent: Any) -> Iterator[str]:
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                yield self.paragraph_line(Paragraph(child, parent))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.lines(content, parent)
            elif child.tag == qn("w:tbl"):
                yield from self.table(Table(child, parent))

    def table(self, table: Table) -> Iterator[str]:
        rows: list[list[list[str]]] = []
        nested = False
        for row in table.rows:
            cells: list[list[str]] = []
            seen: set[int] = set()
            for cell in row.cells:
                # A merged cell is returned once for every grid column it spans.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                nested = nested or cell._tc.find(qn("w:tbl")) is not None
                cells.append(list(self.lines(cell._tc, cell)))
            rows.append(cells)
        if nested:
            # A table inside a cell is a layout, not a list: keep every paragraph as it is.
            yield from (line for row in rows for cell in row for line in cell)
            return
        yield from table_lines(rows, header=_has_header_row(table))

    def paragraph_line(self, paragraph: Paragraph) -> str:
        text = " ".join(paragraph.text.replace("\t", " ").split()).translate(PRIVATE_BULLETS)
        if not text:
            return ""
        styles = _style_chain(paragraph)
        if _is_heading(paragraph, styles):
            return text if kind_by_shape(text) == "heading" else f"{HEADING_MARK}{text}"
        numbered = self.numbering.marker(paragraph, styles)
        listed = any((style.name or "").startswith("List") for style in styles[:1])
        # Word keeps list numbers and bullets outside the text; keep the fact it is a list item.
        if (numbered or listed) and not BULLET.match(text):
            marker = numbered or "\u2022"
            return f"{marker} {text}"
        return text


def _style_chain(paragraph: Paragraph) -> list[Any]:
    """The paragraph's style and the styles it is based on, nearest first."""
    chain: list[Any] = []
    style = paragraph.style
    while style is not None and len(chain) < MAX_STYLE_DEPTH:
        chain.append(style)
        style = style.base_style
    return chain


def _outline_level(element: Any) -> int | None:
    properties = element.find(qn("w:pPr"))
    level = properties.find(qn("w:outlineLvl")) if properties is not None else None
    value = level.get(qn("w:val")) if level is not None else None
    return int(value) if value is not None and value.isdigit() else None


def _is_heading(paragraph: Paragraph, styles: list[Any]) -> bool:
    level = _outline_level(paragraph._p)
    if level is not None:
        return level < BODY_LEVEL
    for style in styles:
        if HEADING_STYLE.match(style.name or ""):
            return True
        level = _outline_level(style.element)
        if level is not None:
            return level < BODY_LEVEL
    return False


def _has_header_row(table: Table) -> bool:
    rows = table.rows
    if not rows:
        return False
    properties = rows[0]._tr.trPr
    if properties is not None and properties.find(qn("w:tblHeader")) is not None:
        return True
    return len(rows) > 1 and _all_bold(rows[0]) and not _all_bold(rows[1])


def _all_bold(row: Any) -> bool:
    runs = [
        run
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    ]
    return bool(runs) and all(run.bold or (run.style and run.style.font.bold) for run in runs)


class _Numbering:
    """Word's numbering definitions, counting each list as Word does."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {
            definition.get(qn("w:abstractNumId")): _levels(definition)
            for definition in numbering.findall(qn("w:abstractNum"))
        }
        for num in numbering.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            link = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(link.get(qn("w:val")) if link is not None else None, {}))
            for override in num.findall(qn("w:lvlOverride")):
                level = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and level in levels:
                    levels[level] = (levels[level][0], int(start.get(qn("w:val"), "1")))
            for level, found in levels.items():
                self.formats[(num_id or "", level)] = found

    def marker(self, paragraph: Paragraph, styles: list[Any]) -> str:
        """The list marker Word shows before the paragraph, or "" if it is not numbered."""
        num_id, level = _numbering_of(paragraph._p)
        for style in styles:
            if num_id is not None:
                break
            num_id, style_level = _numbering_of(style.element)
            level = level if level is not None else style_level
        if num_id is None or num_id == "0":
            return ""
        level = level or 0
        number_format, start = self.formats.get((num_id, level), ("bullet", 1))
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= level:
            counts.append(0)
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = 0
        count = counts[level]
        if number_format == "decimal" and 0 < count < 100:
            return f"{count}."
        if number_format == "lowerLetter" and 0 < count <= 26:
            return f"{chr(ord('a') + count - 1)})"
        return "\u2022"


def _levels(definition: Any) -> dict[int, tuple[str, int]]:
    levels = {}
    for level in definition.findall(qn("w:lvl")):
        number_format = level.find(qn("w:numFmt"))
        start = level.find(qn("w:start"))
        levels[int(level.get(qn("w:ilvl"), "0"))] = (
            number_format.get(qn("w:val"), "bullet") if number_format is not None else "bullet",
            int(start.get(qn("w:val"), "1")) if start is not None else 1,
        )
    return levels


def _numbering_of(element: Any) -> tuple[str | None, int | None]:
    properties = element.find(qn("w:pPr"))
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    if numbering is None:
        return None, None
    num_id = numbering.find(qn("w:numId"))
    level = numbering.find(qn("w:ilvl"))
    return (
        num_id.get(qn("w:val")) if num_id is not None else None,
        int(level.get(qn("w:val"), "0")) if level is not None else None,
    )
