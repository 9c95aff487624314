"""A table's rows as lines of text that a person and `propose` can read.

Word and PDF tables alike reach here as rows of cells, each cell its paragraphs in order
(as `document_text` gives paragraphs: list items start with a bullet, a heading may carry
`HEADING_MARK`). The rules:

- A header row naming the columns is not content: when the document marks the first row
  as a header (the caller says so), it is left out.
- Rows with no text in any cell are left out, as are empty cells.
- A table of one column, or of a single row with no header row, lays out boxes of text
  rather than rows of a list: every paragraph of every cell is its own line, in reading
  order (row by row, left to right), keeping its bullet or heading mark.
- Otherwise each row is one line. A cell's paragraphs are joined into one text, without
  their bullets or heading marks, with "; " between them (or a space after a paragraph
  that already ends in . : ; ! or ?). With two columns the row reads "Title \u2013
  description"; wider rows "First \u2013 second; third; …". The first cell loses a
  closing colon ("Rationale:" is a label). A row with text in one cell only is that text.
- Such a row is a list item ("\u2022 " in front) when every cell after the first is a
  single paragraph that is not itself a list item. A row whose cells hold lists or
  several paragraphs is a labelled passage, not an entry of a list: it has no bullet,
  and `read_lines` reads it by its shape.
"""

from collections.abc import Sequence

from safeguarding.assist.importing.lines import BULLET, HEADING_MARK

Cell = Sequence[str]
Row = Sequence[Cell]


def table_lines(rows: Sequence[Row], *, header: bool) -> list[str]:
    """The table's lines by the rules in this module's docstring; `header` says that the
    document marks its first row as naming the columns."""
    if header and len(rows) > 1:
        rows = rows[1:]
    rows = [row for row in rows if any(_cell_text(cell) for cell in row)]
    columns = max((len(row) for row in rows), default=0)
    if columns <= 1 or (len(rows) == 1 and not header):
        return [paragraph for row in rows for cell in row for paragraph in cell if paragraph]
    lines = []
    for row in rows:
        cells = [cell for cell in row if _cell_text(cell)]
        texts = [_cell_text(cell) for cell in cells]
        text = (
            texts[0]
            if len(texts) == 1
            else f"{texts[0].rstrip(' :')} \u2013 {'; '.join(texts[1:])}"
        )
        listed = all(_is_plain_paragraph(cell) for cell in cells[1:])
        lines.append(f"\u2022 {text}" if listed else text)
    return lines


def _is_plain_paragraph(cell: Cell) -> bool:
    paragraphs = [paragraph for paragraph in cell if paragraph.strip()]
    return len(paragraphs) == 1 and not BULLET.match(paragraphs[0].strip())


def _cell_text(cell: Cell) -> str:
    """A cell's paragraphs as one text, without bullets or heading marks."""
    text = ""
    for raw in cell:
        paragraph = " ".join(raw.replace(HEADING_MARK, " ").split())
        bullet = BULLET.match(paragraph)
        if bullet and not bullet.group("number"):
            paragraph = bullet.group("item")
        if not paragraph:
            continue
        if not text:
            text = paragraph
        elif text[-1] in ".:;!?":
            text = f"{text} {paragraph}"
        else:
            text = f"{text}; {paragraph}"
    return text
