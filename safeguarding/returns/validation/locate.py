"""Where something is in a CSV upload: its row and column, as the person's file numbers them.

Used only once a file is already being refused (a NUL byte, a byte that no encoding we
read defines), to say where to look. It reads the file the way Python's csv module does
(a row ends at \\r\\n, \\n or \\r outside quotes; quoted values may hold line breaks), so
the row it names is the row a spreadsheet shows, not a count of line breaks.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A cell of the file: the header is row 1, and columns count from 1."""

    row: int
    column: int
    column_name: str | None

    def __str__(self) -> str:
        named = f" ({self.column_name})" if self.column_name else ""
        return f"row {self.row}, column {self.column}{named}"


def locate(data: bytes, characters: str) -> Place | None:
    """The first cell that holds any of `characters` (each standing for one byte), or
    None if no cell does or the file cannot be walked as CSV at all.

    The bytes are read as Latin-1, which maps every byte to one character, so a byte
    that is not text in any encoding can still be found; commas, quotes and line
    breaks are the same bytes in UTF-8 and Windows-1252.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    wanted = re.compile("[" + re.escape(characters) + "]")
    reader = csv.reader(io.StringIO(data.decode("latin-1"), newline=""))
    header: list[str] = []
    try:
        for row, record in enumerate(reader, start=1):
            if row == 1:
                header = record
            # One search a row, not one a cell: only the row that has it is looked into.
            if not wanted.search("\x1f".join(record)):
                continue
            for column, value in enumerate(record, start=1):
                if wanted.search(value):
                    name = header[column - 1] if row > 1 and column <= len(header) else None
                    return Place(row, column, _shown(name))
    except csv.Error:
        return None
    return None


def _shown(name: str | None) -> str | None:
    """A header cell read as Latin-1, as the text it was (UTF-8, else Windows-1252)."""
    if not name:
        return None
    raw = name.encode("latin-1")
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding).strip() or None
        except UnicodeDecodeError:
            continue
    return None
