"""Reading uploads: every refusal says why, quickly; CSV and .xlsx are read as text."""

import codecs
import csv
import io
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime

import pytest

from safeguarding.returns.validation import ReturnRefused, read_table, validate
from safeguarding.returns.validation import xlsx as xlsx_module
from tests.returns.builders import (
    child_csv,
    child_spec,
    csv_bytes,
    replace_in_zip,
    xlsx_bytes,
)

VALID = b"indicator,count\r\nREFERRALS,12\r\n"


def refusal(data: bytes, name: str = "return.csv", **limits: int) -> str:
    """The message of the refusal `read_table` must raise for this file."""
    with pytest.raises(ReturnRefused) as raised:
        read_table(name=name, data=data, **limits)
    assert raised.value.message.startswith(name), "the message names the file"
    return raised.value.message


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- refusals -----------------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    assert "is empty" in refusal(b"")
    assert "is empty" in refusal(b"\r\n \n")


def test_header_without_rows_is_refused() -> None:
    assert "no rows" in refusal(b"indicator,count\r\n")
    assert "no rows" in refusal(b"indicator,count\r\n,\r\n\r\n")


def test_file_over_the_size_limit_is_refused_naming_the_limit() -> None:
    message = refusal(VALID * 100, max_bytes=1024)
    assert "over the limit of 1 KB" in message


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ".xls"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "web page"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_by_content(data: bytes, what: str) -> None:
    message = refusal(data, name="return.xlsx")
    assert what in message
    assert "CSV" in message and ".xlsx" in message, "says what is expected"


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    assert "not an Excel workbook" in refusal(zip_of({"hello.txt": b"hi"}), name="r.xlsx")
    ods = zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert "OpenDocument spreadsheet" in refusal(ods, name="r.ods")
    assert "Word document" in refusal(zip_of({"word/document.xml": b"<w/>"}), name="r.docx")


def test_truncated_xlsx_is_refused() -> None:
    data = xlsx_bytes(child_csv(20))
    assert "damaged or truncated" in refusal(data[: len(data) // 2], name="r.xlsx")


def test_xlsx_with_a_broken_sheet_is_refused() -> None:
    data = replace_in_zip(xlsx_bytes([["a"], [1]]), "xl/worksheets/sheet1.xml", b"<not xml")
    assert "cannot be read as an Excel .xlsx workbook" in refusal(data, name="r.xlsx")


def test_zip_bomb_xlsx_is_refused_before_it_is_unpacked() -> None:
    # 32 MB of zeros compress to about 32 KB: a thousand to one.
    bomb = replace_in_zip(xlsx_bytes([["a"], [1]]), "xl/worksheets/sheet1.xml", zeros=32 << 20)
    started = time.perf_counter()
    message = refusal(bomb, name="r.xlsx")
    assert time.perf_counter() - started < 0.5
    assert "zip bomb" in message


def test_xlsx_that_unpacks_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_module, "MAX_UNCOMPRESSED", 1000)
    assert "unpacks to" in refusal(xlsx_bytes(child_csv(20)), name="r.xlsx")


def test_million_column_csv_header_is_refused_fast() -> None:
    header = b",".join(b"c%d" % number for number in range(1_000_000))
    data = header + b"\r\n" + b"1" * 10 + b"\r\n"
    started = time.perf_counter()
    message = refusal(data)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.2, f"took {elapsed:.3f} s"
    assert "more than 200 columns" in message


def test_million_column_header_with_quotes_is_refused_fast() -> None:
    header = b'"a,b",' + b",".join(b"c" for _ in range(1_000_000))
    started = time.perf_counter()
    message = refusal(header + b"\r\n1\r\n")
    assert time.perf_counter() - started < 0.5
    assert "more than 200 columns" in message


def test_header_with_quoted_commas_under_the_limit_is_read() -> None:
    data = b'"a,' + b"," * 300 + b'",b\r\n1,2\r\n'
    assert read_table(name="r.csv", data=data).width == 2


def test_million_column_xlsx_header_is_refused_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    # A header this repetitive is also a zip bomb by its ratio; lift that check to
    # show that the header count alone refuses it, before openpyxl parses a cell.
    monkeypatch.setattr(xlsx_module, "MAX_RATIO", 10_000)
    cells = b"".join(b'<c t="inlineStr"><is><t>c</t></is></c>' for _ in range(1_000_000))
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"
    )
    data = replace_in_zip(xlsx_bytes([["a"], [1]]), "xl/worksheets/sheet1.xml", sheet)
    started = time.perf_counter()
    message = refusal(data, name="r.xlsx")
    assert time.perf_counter() - started < 0.5
    assert "more than 200 columns" in message


def test_too_many_columns_in_xlsx_is_refused() -> None:
    data = xlsx_bytes([[f"c{n}" for n in range(30)], list(range(30))])
    assert "more than 20 columns" in refusal(data, name="r.xlsx", max_columns=20)


def test_utf16_is_refused_with_or_without_a_byte_order_mark() -> None:
    text = "indicator,count\r\nREFERRALS,12\r\n"
    assert "UTF-16" in refusal(text.encode("utf-16"))
    assert "UTF-16" in refusal(text.encode("utf-16-le"))


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused() -> None:
    message = refusal(b"indicator,count\r\nREF\x81,12\r\n")
    assert "row 2, column 1 (indicator)" in message and "0x81" in message


def test_ragged_row_is_refused_naming_the_row() -> None:
    message = refusal(b"indicator,count\r\nA,1\r\nB,2,3\r\nC,4\r\n")
    assert "row 3" in message and "3 fields" in message


def test_unclosed_quote_is_refused_naming_the_row() -> None:
    message = refusal(b'indicator,count\r\nA,1\r\n"B,2\r\n')
    assert "row 3" in message or "row 4" in message


def test_ragged_xlsx_row_is_refused_naming_the_row() -> None:
    data = xlsx_bytes([["indicator", "count"], ["A", 1], ["B", 2, "extra"]])
    message = refusal(data, name="r.xlsx")
    assert "row 3" in message and "column C" in message


def test_semicolon_separated_file_is_refused() -> None:
    assert "semicolons" in refusal(b"indicator;count\r\nREFERRALS;12\r\n")


def test_duplicate_and_unnamed_columns_are_refused() -> None:
    assert "appears twice" in refusal(b"count,Count\r\n1,2\r\n")
    assert "no name" in refusal(b"indicator,,count\r\nA,x,1\r\n")


def test_too_many_rows_is_refused() -> None:
    assert "rows" in refusal(b"a\n" + b"1\n" * 20, max_rows=10)
    assert "rows" in refusal(xlsx_bytes([["a"]] + [[1]] * 20), name="r.xlsx", max_rows=10)


# --- reading ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252"],
)
def test_utf8_bom_and_windows_1252_are_read(encode: Callable[[str], bytes]) -> None:
    text = "Locality,Count\r\nSt Anne\u2019s £ café,12\r\n"
    df = read_table(name="r.csv", data=encode(text))
    assert df.columns == ["locality", "count"]
    assert df.row(0) == ("St Anne\u2019s £ café", "12")


def test_values_are_text_trimmed_and_empty_means_missing() -> None:
    df = read_table(name="r.csv", data=b"Event Date , count\n 2025-05-01 ,  \n,007\n")
    assert df.columns == ["event_date", "count"]
    assert df.dtypes == [df.dtypes[0]] * 2 and str(df.dtypes[0]) == "String"
    assert df.rows() == [("2025-05-01", None), (None, "007")]


def test_blank_rows_are_kept_in_the_middle_and_dropped_at_the_end() -> None:
    df = read_table(name="r.csv", data=b"a,b\n1,2\n\n3,4\n,\n\n")
    assert df.rows() == [("1", "2"), (None, None), ("3", "4")], "row numbers match the file"


def test_unnamed_empty_columns_are_dropped() -> None:
    assert read_table(name="r.csv", data=b"a,b,\n1,2,\n").columns == ["a", "b"]


def test_old_mac_line_endings_are_read() -> None:
    assert read_table(name="r.csv", data=b"a,b\r1,2\r3,4\r").height == 2


def test_short_rows_leave_values_missing() -> None:
    assert read_table(name="r.csv", data=b"a,b\n1\n").row(0) == ("1", None)


def test_real_xlsx_is_read_as_text() -> None:
    rows: list[list[object]] = [
        ["Pseudonymous ID", "Event Date", "Age", "Score", "Flag", "When"],
        ["abc", datetime(2025, 5, 1), 12, 2.5, True, datetime(2025, 5, 1, 9, 30)],
        [None, None, None, None, None, None],
        ["def", date(2025, 6, 2), 7.0, None, False, None],
        [None, None, None, None, None, None],
    ]
    df = read_table(name="r.xlsx", data=xlsx_bytes(rows))
    assert df.columns == ["pseudonymous_id", "event_date", "age", "score", "flag", "when"]
    assert df.rows() == [
        ("abc", "2025-05-01", "12", "2.5", "TRUE", "2025-05-01 09:30:00"),
        (None, None, None, None, None, None),
        ("def", "2025-06-02", "7", None, "FALSE", None),
    ]


def test_valid_child_level_xlsx_and_csv_validate() -> None:
    for name, data in [
        ("r.xlsx", xlsx_bytes(child_csv(10))),
        ("r.csv", csv_bytes(child_csv(10))),
    ]:
        report = validate(read_table(name=name, data=data), child_spec())
        assert report.is_valid, report.counts


def test_xlsx_with_empty_first_row_is_refused() -> None:
    rows: list[list[object]] = [[None], ["a"], [1]]
    assert "row 1" in refusal(xlsx_bytes(rows), name="r.xlsx")


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PACKAGE = "application/vnd.openxmlformats-package"


def handmade_xlsx(sheet: str) -> bytes:
    """A workbook as Excel writes one: shared strings, a date style, a namespace prefix."""
    return zip_of(
        {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Default Extension="rels" ContentType="{PACKAGE}.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                + "".join(
                    f'<Override PartName="/xl/{part}.xml" ContentType="{TYPE}.{kind}+xml"/>'
                    for part, kind in [
                        ("workbook", "sheet.main"),
                        ("worksheets/sheet1", "worksheet"),
                        ("sharedStrings", "sharedStrings"),
                        ("styles", "styles"),
                    ]
                )
                + "</Types>"
            ).encode(),
            "_rels/.rels": (
                f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": (
                f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
                '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'<Relationships xmlns="{RELS}">'
                f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
                f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
                f'<Relationship Id="rId3" Type="{DOC}/styles" Target="styles.xml"/></Relationships>'
            ).encode(),
            "xl/styles.xml": (
                f'<styleSheet xmlns="{MAIN}"><cellXfs count="2">'
                '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
            ).encode(),
            "xl/sharedStrings.xml": (
                f'<sst xmlns="{MAIN}"><si><t>Event Date</t></si><si><t>Lead Agency</t></si>'
                "<si><r><t>POL</t></r><r><t>ICE</t></r></si><si><t>Count</t></si>"
                "<si><t>Flag</t></si><si><t>Check</t></si></sst>"
            ).encode(),
            "xl/worksheets/sheet1.xml": sheet.encode(),
        }
    )


def test_excel_style_workbook_with_shared_strings_and_dates_is_read() -> None:
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
        '<x:c r="C1" t="s"><x:v>3</x:v></x:c><x:c r="D1" t="s"><x:v>4</x:v></x:c>'
        '<x:c r="E1" t="s"><x:v>5</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" s="1"><x:v>45778</x:v></x:c><x:c r="B2" t="s"><x:v>2</x:v></x:c>'
        '<x:c r="C2"><x:v>12</x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c>'
        '<x:c r="E2" t="e"><x:v>#N/A</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="C4"><x:f>C2*2</x:f><x:v>24</x:v></x:c>'
        '<x:c r="E4" t="str"><x:f>"=x"</x:f><x:v>=x</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    df = read_table(name="excel.xlsx", data=handmade_xlsx(sheet))
    assert df.columns == ["event_date", "lead_agency", "count", "flag", "check"]
    assert df.rows() == [
        ("2025-05-01", "POLICE", "12", "TRUE", "#N/A"),
        (None, None, None, None, None),
        (None, None, "24", None, "=x"),
    ]


def test_worksheet_declaring_entities_is_refused() -> None:
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&a;</t></is></c></row></sheetData></worksheet>"
    )
    assert "XML entities" in refusal(handmade_xlsx(sheet), name="r.xlsx")


SIMPLE_SHEET = (
    f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>3</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12</v></c></row>'
    "</sheetData></worksheet>"
)
DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "POLICE">]>'


def test_the_handmade_workbook_is_read_as_it_is() -> None:
    df = read_table(name="r.xlsx", data=handmade_xlsx(SIMPLE_SHEET))
    assert df.rows() == [("POLICE", "12")]


@pytest.mark.parametrize(
    "part",
    [
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "_rels/.rels",
        "[Content_Types].xml",
        "xl/worksheets/sheet1.xml",
    ],
)
def test_an_entity_declaration_in_any_part_is_refused_naming_the_part(part: str) -> None:
    data = handmade_xlsx(SIMPLE_SHEET)
    original = zipfile.ZipFile(io.BytesIO(data)).read(part)
    message = refusal(replace_in_zip(data, part, DTD + original), name="r.xlsx")
    assert f"{part} declares XML entities" in message


def test_shared_strings_that_use_an_entity_are_refused() -> None:
    strings = (
        DTD
        + f'<sst xmlns="{MAIN}"><si><t>x</t></si><si><t>Lead Agency</t></si>'
        "<si><t>&a;</t></si><si><t>Count</t></si></sst>".encode()
    )
    data = replace_in_zip(handmade_xlsx(SIMPLE_SHEET), "xl/sharedStrings.xml", strings)
    assert "xl/sharedStrings.xml declares XML entities" in refusal(data, name="r.xlsx")


@pytest.mark.parametrize(
    "prolog",
    [
        b'\xef\xbb\xbf<?xml version="1.0"?>\r\n<!-- a comment -->\n<!doctype x>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x>'.encode("utf-16"),
        b"<!--" + b" " * 20_000 + b"--><!DOCTYPE x>",  # hidden past what is read
    ],
    ids=["after a comment", "in UTF-16", "after a long comment"],
)
def test_a_declaration_however_it_is_written_is_refused(prolog: bytes) -> None:
    data = handmade_xlsx(SIMPLE_SHEET)
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml")
    assert "declares XML entities" in refusal(
        replace_in_zip(data, "xl/styles.xml", prolog + styles), name="r.xlsx"
    )


def test_a_macro_enabled_workbook_is_refused_by_name_part_or_type() -> None:
    data = handmade_xlsx(SIMPLE_SHEET)
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    macro_type = types.replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    for name, workbook in [
        ("r.xlsm", data),
        ("r.xlsx", replace_in_zip(data, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA")),
        ("r.xlsx", replace_in_zip(data, "[Content_Types].xml", macro_type)),
    ]:
        message = refusal(workbook, name=name)
        assert "is a macro-enabled workbook" in message
        assert "save it as an Excel Workbook (.xlsx) or as CSV" in message


# --- CSV line endings and unreadable bytes --------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\r\n1,2\r3,4\n5,6\r\n",
        b"a,b\n1,2\r3,4\r5,6\n",
        b"a,b\r1,2\r\n3,4\r5,6",
        b'a,b\r\n"1","2"\r"3",4\n5,"6"\r\n',
        b'a,b\n"x\ry",2\r3,4\r\n5,6\n',  # a line break inside quotes stays in the value
    ],
)
def test_mixed_line_endings_are_read_as_pythons_csv_module_reads_them(data: bytes) -> None:
    expected = list(csv.reader(io.StringIO(data.decode(), newline="")))
    df = read_table(name="mixed.csv", data=data)
    assert [list(row) for row in df.rows()] == expected[1:]
    assert df.columns == expected[0]


def test_a_nul_byte_is_refused_naming_its_row_and_column() -> None:
    message = refusal(b"indicator,count\r\nA,1\r\nB,\x002\r\nC,3\r\n")
    assert "row 3, column 2 (count)" in message and "NUL" in message


def test_a_nul_byte_after_a_quoted_line_break_is_placed_by_row_not_line() -> None:
    message = refusal(b'indicator,count\n"A\nstill A",1\rB\x00,2\n')
    assert "row 3, column 1 (indicator)" in message


def test_a_byte_no_encoding_defines_is_placed_by_row_and_column() -> None:
    message = refusal(b'indicator,count\rA,1\r\nB,2\n"C\nC",\x8f3\r\n')
    assert "row 4, column 2 (count)" in message and "0x8f" in message
