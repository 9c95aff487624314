"""Read the first worksheet of an Excel .xlsx upload, without trusting the file.

An .xlsx file is a zip of XML. Before openpyxl opens it we check what the zip holds
(an OpenDocument spreadsheet, a Word document or any other zip is refused by name)
and what it says it unpacks to: Python's zipfile never inflates an entry past its
declared size, so refusing large declared sizes and extreme compression ratios is
enough to stop a zip bomb. Every part is then looked at before any is parsed: a
macro-enabled workbook is refused, and so is any part that declares a DTD (where XML
entities, and so entity-expansion bombs, are defined), which no workbook needs. The
header row is counted in the raw XML before parsing, so a million-column sheet is
refused without building a million cells.

openpyxl finds the first worksheet, its shared strings and which styles are dates;
the rows are then streamed by `xlsx_rows` and gathered here into Polars blocks of
50,000 rows, so memory stays near the size of the data, not of Python objects.
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import IO

import polars as pl
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter

from safeguarding.returns.validation.errors import EXPECTED, ReturnRefused, size_text
from safeguarding.returns.validation.xlsx_rows import sheet_rows

MAX_UNCOMPRESSED = 1024 * 1024 * 1024
# Shared strings of a million distinct pseudonymous ids take about 90 MB.
MAX_PART = 128 * 1024 * 1024
MAX_RATIO = 200  # sheet XML compresses about 10:1; 200:1 and beyond is a bomb
MAX_ENTRIES = 10_000
MAX_HEADER_XML = 16 * 1024 * 1024
ROWS_PER_BLOCK = 50_000
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
CELL = re.compile(rb"<" + _NS + rb"c[\s/>]")
ROW_START = re.compile(rb"<" + _NS + rb"row[\s/>]")
ROW_END = re.compile(rb"</" + _NS + rb"row>")

# How much of each part is read to find its root element: real parts have a short
# XML declaration there, so a longer prolog is itself a reason to refuse.
PROLOG_BYTES = 16 * 1024
# What may come before a part's root element: white space, the XML declaration,
# processing instructions and comments. A DOCTYPE may too, and is what is refused.
PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# A workbook with macros: by its name, its VBA project part, or its declared type.
MACRO_NAMES = (".xlsm", ".xltm", ".xlam")
MACRO_PART = "vbaproject.bin"
MACRO_TYPE = b"macroenabled"
MACROS_REFUSED = (
    "is a macro-enabled workbook, which is not accepted (macros can run code on the "
    "machines that open it): save it as an Excel Workbook (.xlsx) or as CSV UTF-8, and "
    "upload that"
)

# Zip archives that are not workbooks, recognised by an entry they always have.
OTHER_ZIPS = (
    ("xl/workbook.bin", "an Excel binary workbook (.xlsb)"),
    ("word/document.xml", "a Word document"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
)


def read_xlsx(
    name: str, data: bytes, *, max_columns: int, max_rows: int
) -> tuple[list[str | None], pl.DataFrame]:
    """The header row and the data rows (as text) of the first worksheet."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ReturnRefused(
            f"{name} is a damaged or truncated zip file, so not a readable Excel workbook: "
            f"{EXPECTED}"
        ) from None
    with archive:
        _check_contents(name, archive)
        _check_not_bomb(name, archive)
        try:
            _check_macros(name, archive)
            _check_declarations(name, archive)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about styles we never use
                return _read_first_sheet(name, data, archive, max_columns, max_rows)
        except ReturnRefused:
            raise
        # A damaged workbook can fail anywhere in zipfile, the XML parser or openpyxl;
        # whatever the failure, the answer to the person uploading is the same.
        except Exception:
            raise ReturnRefused(
                f"{name} cannot be read as an Excel .xlsx workbook (it may be damaged or "
                f"truncated): {EXPECTED}"
            ) from None


def _check_contents(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse zips that are not .xlsx workbooks, saying what they are."""
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return
    for entry, what in OTHER_ZIPS:
        if entry in names:
            raise ReturnRefused(f"{name} is {what}: {EXPECTED}")
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        mimetype = archive.read("mimetype")
        if b"opendocument.spreadsheet" in mimetype:
            raise ReturnRefused(
                f"{name} is an OpenDocument spreadsheet (.ods): save it as Excel .xlsx or CSV"
            )
    raise ReturnRefused(f"{name} is a zip archive, not an Excel workbook: {EXPECTED}")


def _check_not_bomb(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose entries declare too much data or compress implausibly well."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ReturnRefused(f"{name} holds {len(entries):,} files, far more than a workbook has")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED:
        raise ReturnRefused(
            f"{name} unpacks to {size_text(total)}, over the limit of "
            f"{size_text(MAX_UNCOMPRESSED)} (it may be a zip bomb): {EXPECTED}"
        )
    for entry in entries:
        # Everything but the worksheets (shared strings, styles) is read whole into
        # Python objects, so each part has a limit of its own.
        if entry.file_size > MAX_PART and not entry.filename.startswith("xl/worksheets/"):
            raise ReturnRefused(
                f"{name}: {entry.filename} unpacks to {size_text(entry.file_size)}, over the "
                f"limit of {size_text(MAX_PART)}: {EXPECTED}"
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise ReturnRefused(
                f"{name}: {entry.filename} is compressed {ratio:,.0f} to 1, which only a "
                f"zip bomb does: {EXPECTED}"
            )


def _check_macros(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a macro-enabled workbook (.xlsm and its kin), however it was renamed."""
    if name.lower().endswith(MACRO_NAMES):
        raise ReturnRefused(f"{name} {MACROS_REFUSED}")
    if any(entry.lower().rsplit("/", 1)[-1] == MACRO_PART for entry in archive.namelist()):
        raise ReturnRefused(f"{name} {MACROS_REFUSED}")
    if "[Content_Types].xml" in archive.namelist():
        with archive.open("[Content_Types].xml") as types:
            if MACRO_TYPE in types.read(1024 * 1024).lower():
                raise ReturnRefused(f"{name} {MACROS_REFUSED}")


def _check_declarations(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a workbook any of whose parts declares a DTD or an entity.

    Every part, not only the worksheet: shared strings, styles, relationships and the
    content types are all parsed as XML, by openpyxl or by us. Only the start of each
    part is read, since a DTD can only come before the root element.
    """
    for entry in archive.infolist():
        if entry.is_dir():
            continue
        with archive.open(entry) as part:
            head = part.read(PROLOG_BYTES)
        if _declares(head):
            raise ReturnRefused(
                f"{name}: {entry.filename} declares XML entities (a DOCTYPE), which no "
                f"workbook needs: {EXPECTED}"
            )


def _declares(head: bytes) -> bool:
    """True if the start of a part declares a DTD or an entity, or hides its root
    element behind a prolog longer than any real part has."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, errors="ignore").encode()
    # UTF-16 without its byte order mark, which XML parsers recognise by "<" and a NUL.
    for start, encoding in ((b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if head.startswith(start):
            head = head.decode(encoding, errors="ignore").encode()
    head = head.removeprefix(codecs.BOM_UTF8)
    if DECLARATION.search(head):
        return True
    position = 0
    while (item := PROLOG_ITEM.match(head, position)) is not None:
        position = item.end()
    # What is left starts with the root element, or with a comment, an instruction or a
    # declaration that did not end within PROLOG_BYTES: refused, as nothing real does that.
    return head.startswith((b"<!", b"<?"), position)


def _read_first_sheet(
    name: str, data: bytes, archive: zipfile.ZipFile, max_columns: int, max_rows: int
) -> tuple[list[str | None], pl.DataFrame]:
    """The first worksheet, read with the parts of openpyxl that do not touch it.

    `openpyxl.load_workbook` would size every sheet, which for a sheet without a
    <dimension> element means parsing all of it before our checks could run.
    """
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    paths = [
        rel.target.lstrip("/")
        for _, rel in reader.parser.find_sheets()
        if "chartsheet" not in rel.Type and rel.target in reader.valid_files
    ]
    if not paths:
        raise ReturnRefused(f"{name} has no worksheet with data: {EXPECTED}")
    workbook = reader.wb
    with archive.open(paths[0]) as source:
        _check_header_width(name, source, max_columns)
    with archive.open(paths[0]) as source:
        rows = sheet_rows(
            source,
            shared=reader.shared_strings,
            dates=workbook._date_formats,
            durations=workbook._timedelta_formats,
            epoch=workbook.epoch,
        )
        return _gather(name, rows, max_columns, max_rows)


def _check_header_width(name: str, source: IO[bytes], max_columns: int) -> None:
    """Count the cells of the first row in the raw XML, stopping past the limit.

    Also refuses a worksheet that declares a DTD (which holds XML entities).
    """
    buffer = bytearray()
    start: int | None = None
    while len(buffer) <= MAX_HEADER_XML:
        chunk = source.read(1024 * 1024)
        if not buffer and re.search(rb"<!(DOCTYPE|ENTITY)", chunk, re.IGNORECASE):
            # A worksheet never needs a DTD; entity definitions are how XML bombs work.
            raise ReturnRefused(f"{name}: the worksheet declares XML entities: {EXPECTED}")
        buffer += chunk
        if start is None:
            found = ROW_START.search(buffer)
            start = found.start() if found else None
        if start is not None:
            end = ROW_END.search(buffer, start)
            stop = end.start() if end else len(buffer)
            cells = 0
            for cells, _ in enumerate(CELL.finditer(buffer, start, stop), start=1):
                if cells > max_columns:
                    raise ReturnRefused(
                        f"{name} has more than {max_columns} columns in its header (row 1): "
                        "a return has a few named columns"
                    )
            if end:
                return
        if not chunk:
            return
    raise ReturnRefused(f"{name}: the first row is too large to be a header row: {EXPECTED}")


def _gather(
    name: str, rows: Iterator[tuple[int, dict[int, str]]], max_columns: int, max_rows: int
) -> tuple[list[str | None], pl.DataFrame]:
    """Header and body from (row number, values) pairs, in Polars blocks.

    Only the cells present in the XML are looked at, so a sheet whose dimension claims
    16,384 columns costs no more than its real cells.
    """
    header: list[str | None] = []
    width = 0
    names: list[str] = []
    schema: dict[str, type[pl.String]] = {}
    columns: list[list[str | None]] = []
    blocks: list[pl.DataFrame] = []
    expected = 1
    pending_blank = 0

    def flush() -> None:
        nonlocal pending_blank
        if columns and columns[0]:
            blocks.append(pl.DataFrame(dict(zip(names, columns, strict=True)), schema=schema))
            for column in columns:
                column.clear()
        if pending_blank:
            blocks.append(
                pl.select(pl.repeat(None, pending_blank, dtype=pl.String).alias(n) for n in names)
            )
            pending_blank = 0

    for number, values in rows:
        if number < expected:
            raise ReturnRefused(f"{name}, row {number}: appears twice or out of order")
        if number - 1 > max_rows:
            raise ReturnRefused(f"{name} has more than the {max_rows:,} rows allowed")
        if not width:
            if number != 1 or not values:
                raise ReturnRefused(f"{name}: row 1 should be the header row, but it is empty")
            width = max(values)
            if width > max_columns:
                raise ReturnRefused(
                    f"{name} has more than {max_columns} columns in its header (row 1)"
                )
            header = [values.get(column) for column in range(1, width + 1)]
            names = [f"column_{column}" for column in range(1, width + 1)]
            schema = dict.fromkeys(names, pl.String)
            columns = [[] for _ in names]
            expected = 2
            continue
        pending_blank += number - expected
        expected = number + 1
        if not values:
            pending_blank += 1
            continue
        if max(values) > width:
            raise ReturnRefused(
                f"{name}, row {number}: has a value in column {get_column_letter(max(values))} "
                f"but the header has {width} columns"
            )
        if pending_blank:
            flush()
        for column, values_of_column in enumerate(columns, start=1):
            values_of_column.append(values.get(column))
        if len(columns[0]) >= ROWS_PER_BLOCK:
            flush()
    if not width:
        raise ReturnRefused(f"{name} has an empty first worksheet: {EXPECTED}")
    pending_blank = 0  # blank rows at the end are not data
    flush()
    body = pl.concat(blocks) if blocks else pl.DataFrame(schema=schema)
    return header, body
