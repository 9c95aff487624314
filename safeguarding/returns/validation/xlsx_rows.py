"""Stream the rows of one worksheet's XML as {column number: text}.

The worksheet is read in batches of whole rows (cut after the last </row> in each
4 MB piece), each parsed at once by the C XML parser and walked with plain loops:
about four times faster than openpyxl's cell objects for the same rows. Values are
given as a CSV export of the sheet would show them: shared and inline strings as they
are, formulas by their saved values, dates as YYYY-MM-DD, whole numbers without ".0".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any
from xml.etree.ElementTree import Element

from openpyxl.utils.datetime import from_excel

# openpyxl's XML parser: defusedxml's where that is installed, else the standard library's
# (whose expat refuses entity expansion bombs); DTDs are refused before parsing anyway.
from openpyxl.xml.functions import fromstring

INTEGER = re.compile(r"-?[0-9]{1,15}")
WORKSHEET = re.compile(rb"<((?:[\w.-]+:)?worksheet)\b[^>]*>")
SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
BATCH_BYTES = 4 * 1024 * 1024
MAX_ROW_XML = 64 * 1024 * 1024
# Column letters to numbers, for Excel's own columns.
_COLUMNS: dict[str, int] = {}


def _text(value: Any) -> str | None:
    """A cell value as the text a CSV export of the same sheet would hold."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _column(letters: str) -> int:
    """The column number of a reference's letters, such as AB (A is 1).

    Remembered for Excel's own columns (up to XFD), so the cache cannot grow without
    bound on a hostile file's made-up references.
    """
    if not letters:
        raise ValueError("a cell reference without a column")
    number = 0
    for letter in letters.upper():
        if not "A" <= letter <= "Z":
            raise ValueError(f"{letters} is not a column")
        number = number * 26 + ord(letter) - 64
    if len(letters) <= 3:
        _COLUMNS[letters] = number
    return number


@dataclass(frozen=True)
class _Sheet:
    """What turning a <c> element into text needs to know about the workbook."""

    namespace: str
    shared: Any
    dates: set[int]
    durations: set[int]
    epoch: datetime


def _child_text(element: Element, tag: str) -> str | None:
    """The text of the first child with this tag.

    A loop over the children, not Element.find: with a namespaced tag find goes through
    ElementPath and costs ten times as much, which matters a million cells over.
    """
    for child in element:
        if child.tag == tag:
            return child.text or ""
    return None


def _value(cell: Element, sheet: _Sheet) -> str | None:
    """The text of one <c> element: shared, inline or formula string, number or date."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        # <is><t>text</t></is>, or runs of rich text, joined only when there are some.
        for holder in cell:
            if holder.tag == sheet.namespace + "is":
                text = _child_text(holder, sheet.namespace + "t")
                return text if text is not None and len(holder) == 1 else "".join(holder.itertext())
        return None
    raw = _child_text(cell, sheet.namespace + "v")
    if not raw:
        return None
    if kind == "s":
        return str(sheet.shared[int(raw)])
    if kind == "b":
        return "TRUE" if raw.strip() == "1" else "FALSE"
    if kind == "d":
        return raw.removesuffix("T00:00:00")
    if kind != "n":
        return raw  # a formula's string ("str") or an error such as #N/A ("e")
    style = int(cell.get("s", 0))
    if style in sheet.dates:
        return _text(from_excel(float(raw), sheet.epoch, timedelta=style in sheet.durations))
    return raw if INTEGER.fullmatch(raw) else _text(float(raw))


def _batches(source: IO[bytes]) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(worksheet start tag, rows' XML, worksheet end tag) in batches of whole rows.

    The sheet is read in 4 MB pieces cut after the last complete row, and each batch
    is wrapped in the worksheet's own start tag so that its namespaces still apply.
    Parsing a batch at once is twice as fast as an event per element.
    """
    buffer = b""
    opening = closing = row_end = b""
    finished = False
    while not finished:
        chunk = source.read(BATCH_BYTES)
        finished = not chunk
        buffer += chunk
        if not opening:
            found = SHEET_DATA.search(buffer)
            if found is None:
                if finished or len(buffer) > MAX_ROW_XML:
                    raise ValueError("the worksheet has no sheetData")
                continue
            root = WORKSHEET.search(buffer, 0, found.start())
            if root is None or found.group(2):
                return  # not a worksheet, or <sheetData/>: no rows
            opening, closing = root.group(0), b"</" + root.group(1) + b">"
            row_end = b"</" + found.group(1) + b"row>"
            data_end = b"</" + found.group(1) + b"sheetData>"
            buffer = buffer[found.end() :]
        end = buffer.find(data_end)
        if end >= 0:
            yield opening, buffer[:end], closing
            return
        cut = buffer.rfind(row_end)
        if cut >= 0:
            cut += len(row_end)
            yield opening, buffer[:cut], closing
            buffer = buffer[cut:]
        elif len(buffer) > MAX_ROW_XML:
            raise ValueError("a row too large to read")
    if buffer.strip():
        raise ValueError("the worksheet ends inside its rows")


def sheet_rows(source: IO[bytes], **workbook: Any) -> Iterator[tuple[int, dict[int, str]]]:
    """(row number, {column number: text}) for each row of the sheet, streaming."""
    number = 0
    sheet: _Sheet | None = None
    for opening, rows, closing in _batches(source):
        tree = fromstring(opening + rows + closing)
        if sheet is None:
            namespace = tree.tag.rpartition("}")[0] + "}" if "}" in tree.tag else ""
            sheet = _Sheet(namespace=namespace, **workbook)
        row_tag, cell_tag = sheet.namespace + "row", sheet.namespace + "c"
        for row in tree:
            if row.tag != row_tag:
                continue
            reference = row.get("r")
            number = int(reference) if reference else number + 1
            values: dict[int, str] = {}
            column = 0
            for cell in row:
                if cell.tag != cell_tag:
                    continue
                reference = cell.get("r")
                if reference:
                    # The cache first: a function call per cell is a cost worth avoiding.
                    letters = reference.rstrip("0123456789")
                    column = _COLUMNS.get(letters) or _column(letters)
                else:
                    column += 1
                text = _value(cell, sheet)
                if text:
                    values[column] = text
            yield number, values
