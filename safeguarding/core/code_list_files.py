"""The code-list files shipped in `safeguarding/core/code_lists/`, read in one place.

`index.csv` names each list's file, title and source. The core app loads them into the
database (`code_lists_load`) for pages and forms; validation, templates, insight and the
breakdown dimensions read them from here without Django, so each file is read once per
process and every reader agrees on what a list holds.
"""

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CODE_LISTS_DIR = Path(__file__).resolve().parent / "code_lists"
INDEX_COLUMNS = ("slug", "file", "title", "source", "description", "group_column", "merge_into")


class CodeListError(ValueError):
    """A code list file that cannot be loaded; the message says which file, row and column."""


def read_csv_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a code-list CSV file (UTF-8), refusing one without the columns needed."""
    if not path.is_file():
        raise CodeListError(f"{path.name}: file not found in {path.parent}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CodeListError(_where_not_utf8(path.name, raw, error)) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [name for name in required if name not in columns]
    if missing:
        raise CodeListError(
            f"{path.name}, row 1: missing column {', '.join(missing)}; "
            f"the header row must include {', '.join(required)}"
        )
    return list(reader)


def _where_not_utf8(name: str, raw: bytes, error: UnicodeDecodeError) -> str:
    """Name the row and column holding the first byte that is not UTF-8."""
    row = raw.count(b"\n", 0, error.start) + 1
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    header = raw.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip().split(",")
    position = raw.count(b",", line_start, error.start)
    column = header[position] if position < len(header) else f"number {position + 1}"
    return (
        f"{name}, row {row}, column {column}: not UTF-8 text "
        f"(byte 0x{raw[error.start]:02x}); save the file as UTF-8"
    )


def read_code_rows(path: Path) -> list[dict[str, str]]:
    """A code list's rows: each with a code, unique in the file, and a label."""
    rows = read_csv_rows(path, ("code", "label"))
    first_seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if not code:
            raise CodeListError(
                f"{path.name}, row {number}, column code: empty; every row needs a code"
            )
        if not (row.get("label") or "").strip():
            raise CodeListError(f"{path.name}, row {number}, column label: empty for code {code}")
        if code in first_seen:
            raise CodeListError(
                f"{path.name}, row {number}, column code: {code} is already "
                f"on row {first_seen[code]}"
            )
        first_seen[code] = number
    return rows


def read_index(directory: Path = CODE_LISTS_DIR) -> list[dict[str, str]]:
    """The rows of a directory's `index.csv`, one per code list."""
    return read_csv_rows(directory / "index.csv", INDEX_COLUMNS)


@dataclass(frozen=True)
class CodeListFile:
    """One list of `index.csv`. A list with `merge_into` only adds attributes to
    another list's codes (the ethnicity crosswalk) and has no codes of its own."""

    slug: str
    file: str
    title: str
    source: str
    description: str
    group_column: str
    merge_into: str


@cache
def code_list_files() -> dict[str, CodeListFile]:
    """Every list the platform ships, by slug."""
    return {
        row["slug"]: CodeListFile(**{name: row[name] or "" for name in INDEX_COLUMNS})
        for row in read_index()
    }


def code_list_file(slug: str) -> CodeListFile:
    """The list with this slug; `KeyError` naming index.csv if it is not one with codes."""
    entry = code_list_files().get(slug)
    if entry is None or entry.merge_into:
        raise KeyError(f"{slug} is not a code list in {CODE_LISTS_DIR / 'index.csv'}")
    return entry


@cache
def code_list_rows(slug: str) -> tuple[dict[str, str], ...]:
    """A list's rows as its file has them (code, label and any attributes), in order."""
    return tuple(read_code_rows(CODE_LISTS_DIR / code_list_file(slug).file))


def code_list_codes(slug: str) -> frozenset[str]:
    """The codes of one list. Raises `KeyError` for a slug index.csv does not list."""
    return frozenset(row["code"].strip() for row in code_list_rows(slug))


def code_list_labels(slug: str) -> list[tuple[str, str]]:
    """(code, label) for each code of a list, in the file's order."""
    return [(row["code"].strip(), row["label"].strip()) for row in code_list_rows(slug)]


def code_list_title(slug: str) -> str:
    """The title index.csv gives a list, for messages ("the Ethnicity list"); the slug
    itself for a list it does not know."""
    entry = code_list_files().get(slug)
    return entry.title if entry else slug
