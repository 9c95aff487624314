"""Property tests: malformed files never crash the validator and are never accepted.

Mangled CSVs start from a valid child-level return and apply mutations each of which
leaves a defect no later mutation can repair (a required value blanked, a cell garbled
with a character no code, date or id contains, a row repeated, a required column
dropped, a column renamed or added, a header repeated, a field added, every row
removed). Whatever the mix, the file must be refused or reported invalid.
"""

import io
import zipfile
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding.returns.validation import ReturnRefused, read_table, validate
from safeguarding.returns.validation.validate import ValidationReport
from tests.returns.builders import CHILD_COLUMNS, child_csv, child_spec, csv_bytes, xlsx_bytes

SPEC = child_spec()
REQUIRED = [name for name, column in SPEC.columns.items() if column.required]
DATA_ROWS = 6
# No code, date, number, postcode or pseudonymous id contains this character.
GARBLE = "\u00a7"

Rows = list[list[str | None]]
Mutation = Callable[[Rows], None]


def check(name: str, data: bytes) -> ValidationReport | None:
    """Read and validate; None when the file is refused. Anything else raised fails."""
    try:
        df = read_table(name=name, data=data)
    except ReturnRefused as refused:
        assert refused.message.startswith(name)
        return None
    return validate(df, SPEC)


def _column(rows: Rows, name: str) -> int | None:
    return rows[0].index(name) if name in rows[0] else None


def blank(row: int, name: str) -> Mutation:
    def mutate(rows: Rows) -> None:
        index = _column(rows, name)
        if index is not None and row < len(rows):
            rows[row][index] = ""

    return mutate


def garble(row: int, name: str, text: str) -> Mutation:
    def mutate(rows: Rows) -> None:
        index = _column(rows, name)
        if index is not None and row < len(rows):
            rows[row][index] = GARBLE + text

    return mutate


def duplicate_row(row: int) -> Mutation:
    def mutate(rows: Rows) -> None:
        if row < len(rows):
            rows.append(list(rows[row]))

    return mutate


def drop_column(name: str) -> Mutation:
    def mutate(rows: Rows) -> None:
        keep = [i for i, header in enumerate(rows[0]) if header != name]
        rows[:] = [[row[i] for i in keep if i < len(row)] for row in rows]

    return mutate


def rename_column(name: str, text: str) -> Mutation:
    def mutate(rows: Rows) -> None:
        index = _column(rows, name)
        if index is not None:
            rows[0][index] = GARBLE + text

    return mutate


def add_column(text: str, value: str) -> Mutation:
    def mutate(rows: Rows) -> None:
        rows[0].append(GARBLE + text)
        for row in rows[1:]:
            row.append(value)

    return mutate


def repeat_header(position: int) -> Mutation:
    def mutate(rows: Rows) -> None:
        index = position % len(rows[0])
        for row in rows:
            row.append(row[index] if index < len(row) else "")

    return mutate


def extra_field(row: int, value: str) -> Mutation:
    def mutate(rows: Rows) -> None:
        if row < len(rows):
            rows[row].append(value or "x")

    return mutate


def no_rows() -> Mutation:
    def mutate(rows: Rows) -> None:
        del rows[1:]

    return mutate


data_row = st.integers(1, DATA_ROWS)
any_column = st.sampled_from(CHILD_COLUMNS)
required = st.sampled_from(REQUIRED)
# Any text at all, including separators, quotes, line breaks and formula starts.
text = st.text(max_size=30)

mutations = st.one_of(
    st.builds(blank, data_row, required),
    st.builds(garble, data_row, any_column, text),
    st.builds(duplicate_row, data_row),
    st.builds(drop_column, required),
    st.builds(rename_column, any_column, text),
    st.builds(add_column, text, text),
    st.builds(repeat_header, st.integers(0, 20)),
    st.builds(extra_field, data_row, text),
    st.just(no_rows()),
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])


def encode(rows: Rows, encoding: str) -> bytes:
    try:
        return csv_bytes(rows, encoding)
    except UnicodeEncodeError:
        return csv_bytes(rows, "utf-8")


@settings(max_examples=40, deadline=None)
@given(encoding=encodings, line_ending=st.sampled_from(["\r\n", "\n"]))
def test_the_unchanged_return_is_valid(encoding: str, line_ending: str) -> None:
    data = encode(child_csv(DATA_ROWS), encoding).replace(b"\r\n", line_ending.encode())
    report = check("return.csv", data)
    assert report is not None and report.is_valid, report and report.counts


@settings(max_examples=40, deadline=None)
@given(
    endings=st.lists(
        st.sampled_from(["\r\n", "\n", "\r"]), min_size=DATA_ROWS + 1, max_size=DATA_ROWS + 1
    ),
    encoding=encodings,
)
def test_the_unchanged_return_with_mixed_line_endings_is_valid(
    endings: list[str], encoding: str
) -> None:
    # Each row ended as a file pasted together from several systems may end it.
    lines = encode(child_csv(DATA_ROWS), encoding).split(b"\r\n")[: DATA_ROWS + 1]
    data = b"".join(line + ending.encode() for line, ending in zip(lines, endings, strict=True))
    report = check("return.csv", data)
    assert report is not None and report.is_valid, report and report.counts
    assert report.rows == DATA_ROWS


@settings(max_examples=150, deadline=None)
@given(changes=st.lists(mutations, min_size=1, max_size=5), encoding=encodings)
def test_mangled_csv_is_never_accepted(changes: list[Mutation], encoding: str) -> None:
    rows = child_csv(DATA_ROWS)
    for change in changes:
        change(rows)
    report = check("return.csv", encode(rows, encoding))
    assert report is None or not report.is_valid


@settings(max_examples=250, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_crash_and_are_never_accepted(data: bytes) -> None:
    report = check("upload.csv", data)
    assert report is None or not report.is_valid


@settings(max_examples=100, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 2), st.binary(min_size=1, max_size=4)),
        min_size=1,
        max_size=6,
    )
)
def test_csv_with_bytes_inserted_deleted_or_replaced_never_crashes(
    edits: list[tuple[int, int, bytes]],
) -> None:
    data = bytearray(csv_bytes(child_csv(DATA_ROWS)))
    for position, action, value in edits:
        at = position % (len(data) + 1)
        if action == 0:
            data[at:at] = value
        elif action == 1:
            del data[at : at + len(value)]
        else:
            data[at : at + len(value)] = value
    check("return.csv", bytes(data))  # refused or reported, never an exception


@settings(max_examples=40, deadline=None)
@given(data=st.lists(st.lists(st.text(max_size=8), max_size=8), max_size=8))
def test_arbitrary_tables_never_crash(data: list[list[str]]) -> None:
    rows: Rows = [list(row) for row in data]
    report = check("table.csv", encode(rows, "utf-8"))
    assert report is None or not report.is_valid


VALID_XLSX = xlsx_bytes(child_csv(DATA_ROWS))


@settings(max_examples=60, deadline=None)
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_damaged_xlsx_never_crashes(flips: list[tuple[int, int]]) -> None:
    data = bytearray(VALID_XLSX)
    for position, value in flips:
        data[position] = value
    check("return.xlsx", bytes(data))


@settings(max_examples=60, deadline=None)
@given(sheet=st.binary(max_size=3000) | st.text(max_size=300).map(str.encode))
def test_xlsx_with_any_worksheet_xml_never_crashes(sheet: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(VALID_XLSX))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info, content)
    report = check("return.xlsx", buffer.getvalue())
    assert report is None or not report.is_valid
