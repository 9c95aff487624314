"""Read an uploaded return (CSV or Excel .xlsx) into a frame of text columns.

Every column comes back as text, so a wrong type is a rule's finding rather than a
crash. Anything that is not a readable table is refused with `ReturnRefused`, whose
message names the file, says what is wrong and what is expected. The cheap checks
(size, magic bytes, column count on the header line) come before any parsing, so a
hostile file is refused quickly and without building a frame.

Decisions:
- The file type is decided by content, never by the file name.
- CSV is comma-separated. UTF-8 (with or without a byte order mark) is read as is;
  a file that is not valid UTF-8 is read as Windows-1252; anything else (UTF-16,
  bytes Windows-1252 does not define, NUL bytes) is refused, naming the row and
  column of the first such byte.
- A row ends at \r\n, \n or \r, as in Python's csv module, even when one file mixes
  them (files pasted together from several systems do).
- Headers are trimmed, lower-cased and have spaces and hyphens turned into
  underscores ("Event Date" → event_date). Two columns with the same name are refused.
- Values are trimmed; an empty value is missing (null).
- Blank rows at the end (Excel leaves many) are dropped; blank rows in the middle are
  kept, so that row numbers match the file: the header is row 1, data starts on row 2.
- A header with no rows below it is refused ("has no rows").
- A row with more fields than the header is refused, naming the row; a row with fewer
  fields has its missing values left empty (the rules then report them).
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import polars as pl

from safeguarding.returns.validation.errors import EXPECTED, ReturnRefused, size_text
from safeguarding.returns.validation.locate import locate
from safeguarding.returns.validation.xlsx import read_xlsx

MAX_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 200
MAX_ROWS = 2_000_000

# Leading bytes of files people upload by mistake, and what to call them.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an Excel 97-2003 .xls workbook or a password-protected file",
    ),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Byte order marks of encodings we do not read (UTF-32 LE first: it starts like UTF-16 LE).
FOREIGN_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
MARKUP = re.compile(rb"^\s*<(\?xml|!doctype|html|table)", re.IGNORECASE)
CHUNK = 4 * 1024 * 1024
# A carriage return that is not the start of \r\n (an old Mac line ending), and the
# same outside quoted values, which keep their line breaks as they are.
BARE_CR = re.compile(rb"\r(?!\n)")
BARE_CR_OR_QUOTED = re.compile(rb'"[^"]*"|\r(?!\n)')
# Bytes Windows-1252 leaves undefined: in a file that is not UTF-8, one of them is why
# the file cannot be read as text.
UNDEFINED_IN_1252 = "\x81\x8d\x8f\x90\x9d"


def read_table(
    *,
    name: str,
    data: bytes,
    max_bytes: int = MAX_BYTES,
    max_columns: int = MAX_COLUMNS,
    max_rows: int = MAX_ROWS,
) -> pl.DataFrame:
    """Read a CSV or .xlsx upload into a frame whose columns are all text.

    Raises `ReturnRefused` for an empty file, a file over `max_bytes`, a file that is
    not CSV or .xlsx, an unreadable encoding, a header with more than `max_columns`
    fields, more than `max_rows` rows, ragged rows and zip bombs.
    """
    if not data:
        raise ReturnRefused(f"{name} is empty: {EXPECTED}")
    if len(data) > max_bytes:
        raise ReturnRefused(
            f"{name} is {size_text(len(data))}, over the limit of {size_text(max_bytes)}: "
            "split the return or remove columns that are not asked for"
        )
    if data.startswith(ZIP_MAGIC):
        header, body = read_xlsx(name, data, max_columns=max_columns, max_rows=max_rows)
    else:
        _refuse_binary(name, data)
        header, body = _read_csv(name, data, max_columns=max_columns)
    if body.height > max_rows:
        raise ReturnRefused(f"{name} has {body.height:,} rows, more than the {max_rows:,} allowed")
    return _tidy(name, header, body)


def _refuse_binary(name: str, data: bytes) -> None:
    """Refuse files that are plainly not CSV text, naming what they look like."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise ReturnRefused(f"{name} looks like {what}: {EXPECTED}")
    for bom, encoding in FOREIGN_BOMS:
        if data.startswith(bom):
            raise ReturnRefused(
                f"{name} is in {encoding}: save it as CSV UTF-8 (or Windows-1252), or as .xlsx"
            )
    if MARKUP.match(data[:1024]):
        raise ReturnRefused(
            f"{name} looks like a web page or XML (some systems save those as .xls): {EXPECTED}"
        )
    # NUL never appears in CSV text. Many of them mark binary data or UTF-16 without a
    # BOM; a few, a damaged export, whose place is worth naming.
    if b"\x00" in data:
        head = data[:4096]
        place = None if head.count(b"\x00") * 4 >= len(head) else locate(data, "\x00")
        if place is None:
            raise ReturnRefused(
                f"{name} contains binary data (or is UTF-16 text): {EXPECTED}, "
                "in UTF-8 or Windows-1252"
            )
        raise ReturnRefused(
            f"{name}, {place}: holds a NUL byte (character code 0), which CSV text never "
            "has: remove it, or export the file again as CSV UTF-8"
        )


def _header_field_count(line: bytes) -> int:
    """Fields on (the start of) the header line, without parsing the rest of the file.

    Counting commas is exact when the line has no quotes; with quotes it parses just
    this line, which is cheap next to the file.
    """
    if b'"' not in line:
        return line.count(b",") + 1
    text = line.decode("utf-8", errors="replace")
    return len(next(csv.reader([text]), []))


def _check_header_line(name: str, data: bytes, max_columns: int) -> None:
    """Refuse a header with too many fields, too long, or with another separator, early.

    Only the first `max_columns` KB are looked at: no header of real column names is
    longer, and a hostile one is refused without reading (or copying) the rest.
    """
    limit = max_columns * 1024
    end = data.find(b"\n", 0, limit)
    scope = end if end >= 0 else min(len(data), limit)
    # An upper bound first, then an exact count of what is there: a million-column
    # header is refused before any parsing.
    commas = data.count(b",", 0, scope)
    if commas + 1 > max_columns and _header_field_count(data[:scope]) > max_columns:
        raise ReturnRefused(
            f"{name} has more than {max_columns} columns in its header (row 1): "
            "a return has a few named columns"
        )
    if end < 0 and len(data) > limit:
        raise ReturnRefused(
            f"{name}: the header (row 1) is longer than {size_text(limit)}: {EXPECTED}"
        )
    if not commas:
        for separator, what in ((b";", "semicolons"), (b"\t", "tabs")):
            if data.find(separator, 0, scope) >= 0:
                raise ReturnRefused(
                    f"{name} is separated by {what}: save it as CSV (comma-separated)"
                )


def _to_utf8(name: str, data: bytes) -> bytes:
    """The file as UTF-8 bytes: BOM removed, or Windows-1252 converted.

    UTF-8 is checked in chunks so that a 100 MB file is not held twice as text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), CHUNK):
            decoder.decode(view[start : start + CHUNK], final=start + CHUNK >= len(data))
        return data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as error:
        place = locate(data, UNDEFINED_IN_1252)
        where = f", {place}" if place else ""
        raise ReturnRefused(
            f"{name}{where}: byte 0x{data[error.start]:02x} is neither UTF-8 nor "
            "Windows-1252 text: save the file as CSV UTF-8"
        ) from None


def _read_csv(name: str, data: bytes, *, max_columns: int) -> tuple[list[str | None], pl.DataFrame]:
    """Parse CSV bytes with Polars: the header row, then the data rows as text."""
    if data.count(b"\r") != data.count(b"\r\n"):
        # Polars ends rows at \n only (dropping the \r of \r\n), so a bare \r, whether
        # the whole file's line ending or mixed with others, becomes \n: the rows Python's
        # csv module would read. Same length, so every byte keeps its place.
        data = _bare_cr_as_lf(data)
    _check_header_line(name, data, max_columns)
    data = _to_utf8(name, data)
    if data.isspace():  # stops at the first character that is not (strip would copy)
        raise ReturnRefused(f"{name} is empty: {EXPECTED}")
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=False,
            raise_if_empty=True,
        )
    # Polars raises its own errors and, on some malformed input, a Rust panic, which
    # derives from BaseException; either way the file is refused, never a crash.
    except (Exception, pl.exceptions.PanicException) as error:
        raise _csv_problem(name, data, str(error)) from None
    if frame.width > max_columns:
        raise ReturnRefused(
            f"{name} has {frame.width} columns, more than the {max_columns} allowed"
        )
    header = list(frame.row(0))
    return header, frame.slice(1)


def _bare_cr_as_lf(data: bytes) -> bytes:
    """Every \r that is not part of \r\n, outside quoted values, as \n."""
    if b'"' not in data:
        return BARE_CR.sub(b"\n", data)
    return BARE_CR_OR_QUOTED.sub(
        lambda found: found[0] if found[0].startswith(b'"') else b"\n", data
    )


def _csv_problem(name: str, data: bytes, polars_message: str) -> ReturnRefused:
    """Find the row Polars choked on with Python's csv module (slow, but only on failure)."""
    reader = csv.reader(
        io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""), strict=True
    )
    width = None
    try:
        for number, record in enumerate(reader, start=1):
            if width is None:
                width = len(record)
            elif len(record) > width:
                return ReturnRefused(
                    f"{name}, row {number}: has {len(record)} fields but the header has {width}"
                )
    except (csv.Error, UnicodeDecodeError) as error:
        return ReturnRefused(f"{name}, row {reader.line_num}: cannot be read as CSV ({error})")
    first_line = polars_message.strip().splitlines()[0] if polars_message.strip() else ""
    return ReturnRefused(f"{name} cannot be read as CSV ({first_line}): {EXPECTED}")


def column_name(raw: str | None) -> str:
    """A header as a column name: trimmed, lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", (raw or "").strip()).lower()


def _tidy(name: str, header: list[str | None], body: pl.DataFrame) -> pl.DataFrame:
    """Name the columns from the header, trim values, drop trailing blank rows."""
    # Trim only the columns that need it: rewriting every column would hold a second
    # copy of a large file in memory for nothing.
    padded = body.select(pl.col(c).str.contains(r"^\s|\s$").any() for c in body.columns).row(0)
    body = body.with_columns(
        pl.when(pl.col(c).str.strip_chars().str.len_bytes() > 0)
        .then(pl.col(c).str.strip_chars())
        .alias(c)
        for c, needs_trim in zip(body.columns, padded, strict=True)
        if needs_trim
    )
    names = [column_name(raw) for raw in header]
    keep: list[str] = []
    seen: dict[str, int] = {}
    for position, (column, new_name) in enumerate(zip(body.columns, names, strict=True), start=1):
        if not new_name:
            if body[column].null_count() == body.height:
                continue  # an empty, unnamed column: trailing commas or formatted cells
            raise ReturnRefused(
                f"{name}, column {position}: has values but no name in the header (row 1)"
            )
        if new_name in seen:
            raise ReturnRefused(
                f"{name}: the column {new_name} appears twice in the header "
                f"(columns {seen[new_name]} and {position})"
            )
        seen[new_name] = position
        keep.append(column)
    if not keep:
        raise ReturnRefused(f"{name} has no column names in its header (row 1): {EXPECTED}")
    body = body.select(pl.col(c).alias(n) for c, n in zip(keep, seen, strict=True))
    filled = body.select(pl.any_horizontal(pl.all().is_not_null()).alias("filled"))["filled"]
    last = filled.arg_true()
    if last.len() == 0:
        raise ReturnRefused(f"{name} has a header but no rows: {EXPECTED}")
    return body.head(int(last[-1]) + 1)
