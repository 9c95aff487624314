"""Templates of a return to download: a CSV file and an Excel workbook.

Both are built from the same `ReturnSpec` the validator checks uploads against, so a
template filled in as its guidance says passes validation. Pure functions of the spec:
no Django and no database (the caller builds the spec, for example with
`services.return_spec(obligation)`). What each column takes, in words, and the rows a
return needs are in `template_guide`.

An aggregate return's template can come pre-filled (`rows=expected_rows(spec)`): a row
for every indicator, breakdown type and code of the period, with the counts left empty,
so that an agency fills in figures rather than building the table, and no breakdown is
left out by mistake. A child-level return has no such rows: it is one row per event.

The workbook has three sheets:

- "Return" (first, because only the first worksheet of an upload is read): the header
  row, frozen and bold, with a drop-down list on every coded column, whole-number and
  date checks, and a short prompt on every column. Every cell of a code, text or month
  column under it is formatted as text, so that Excel keeps 2026-09 as typed rather
  than making it a date;
- "How to fill it in": what each column takes, whether it is required, and its codes
  with their labels from the core code lists;
- "Lists" (hidden): the codes the drop-downs read. A drop-down written inline is limited
  to 255 characters and breaks on commas in codes, so every list is a cell range.

Excel's checks only help while typing: pasted values skip them, and the validator
remains the judge of what is accepted.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from safeguarding.core.spreadsheet_cells import spreadsheet_safe
from safeguarding.returns.template_guide import (
    column_codes,
    describe,
    expected_rows,
    prompt_text,
    write_cell,
    write_guide,
)
from safeguarding.returns.validation.spec import ColumnSpec, ReturnSpec

__all__ = ["column_codes", "expected_rows", "template_csv", "template_xlsx"]

RETURN_SHEET = "Return"
GUIDE_SHEET = "How to fill it in"
LISTS_SHEET = "Lists"
# Rows under the header that carry the drop-downs and checks. A range costs nothing in
# the file (it is one reference), but Excel slows on sheets with huge validated ranges.
VALIDATED_ROWS = 2_000
# Excel's limits on a data validation's prompt and error texts.
MAX_PROMPT_TITLE = 32
MAX_PROMPT = 255
# Codes as text ("@"): Excel would otherwise turn 1-4 into a date, 2025-05 into 1 May,
# drop leading zeros, and show a hex pseudonym such as 1e5... in scientific notation.
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
# Columns no wider than this, so a long code list does not push the sheet off screen.
MAX_WIDTH = 70
KIND_WIDTH = {"date": 12, "month": 10, "integer": 8, "postcode": 10, "pseudonym": 66}


def template_csv(spec: ReturnSpec, *, rows: Sequence[Mapping[str, str]] = ()) -> bytes:
    """The return's header row as CSV, then `rows` if given: UTF-8 with a byte order
    mark, CRLF line endings.

    Without rows, only the header: made-up examples would be sent back as data (and
    could even pass validation), and `read_table` refuses a file with a header and no
    rows, so an untouched template cannot be submitted by mistake. Pre-filled rows
    leave the counts empty, which validation refuses, for the same reason. The byte
    order mark makes Excel open it as UTF-8.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spreadsheet_safe(name) for name in spec.columns)
    writer.writerows(
        [spreadsheet_safe(row.get(name) or "") for name in spec.columns] for row in rows
    )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(
    spec: ReturnSpec,
    *,
    title: str,
    rows: Sequence[Mapping[str, str]] = (),
    example_rows: int = 0,
    validated_rows: int = VALIDATED_ROWS,
) -> bytes:
    """The return as an Excel workbook to fill in, with drop-downs from the code lists.

    `title` heads the "How to fill it in" sheet and names the workbook. `rows` are
    written on the Return sheet under the header, as text (see `expected_rows`).
    `example_rows` adds that many made-up rows to the guidance sheet (never to the
    Return sheet, where they would be submitted as data). Checks, drop-downs and the
    text format cover `validated_rows` rows under the header, or every given row and
    as many again if that is more; rows beyond are still read, just not checked while
    typing.
    """
    workbook = Workbook()
    workbook.properties.title = title
    sheet = workbook.active
    assert sheet is not None
    sheet.title = RETURN_SHEET
    guide = workbook.create_sheet(GUIDE_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    # Hidden, not "very hidden": someone curious can still unhide it and see the lists.
    lists.sheet_state = "hidden"

    last_row = max(validated_rows, 2 * len(rows)) + 1
    list_column = 0
    for position, (name, column) in enumerate(spec.columns.items(), start=1):
        letter = get_column_letter(position)
        cell = write_cell(sheet, 1, position, name)
        cell.font = Font(bold=True)
        codes = [code for code, _ in column_codes(spec, name)]
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(name, column, codes)
        number_format = _number_format(column)
        if number_format is not None:
            dimension.number_format = number_format
            # Every cell too, not only the column: a column's format is not the cell's
            # own, and Excel and LibreOffice read a typed value by the cell's format.
            for row in range(2, last_row + 1):
                sheet.cell(row=row, column=position).number_format = number_format
        for row, values in enumerate(rows, start=2):
            if values.get(name):
                write_cell(sheet, row, position, values[name])
        cells = f"{letter}2:{letter}{last_row}"
        if codes:
            list_column += 1
            source = _write_list(lists, list_column, name, codes)
            validation = _validation(
                spec, name, column, type="list", formula1=source, errorStyle="stop"
            )
        else:
            validation = _kind_validation(spec, name, column)
        validation.add(cells)
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    write_guide(guide, spec, title, example_rows, prefilled=bool(rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number_format(column: ColumnSpec) -> str | None:
    """The cell format a column's values need: dates as dates, numbers left to Excel's
    General, and everything else (codes, months, text, pseudonyms) as text."""
    if column.kind == "date":
        return DATE_FORMAT
    if column.kind == "integer":
        return None
    return TEXT_FORMAT


def _write_list(lists: Any, position: int, name: str, codes: list[str]) -> str:
    """Write a column's codes under its name on the Lists sheet; the range formula."""
    letter = get_column_letter(position)
    write_cell(lists, 1, position, name).font = Font(bold=True)
    for row, code in enumerate(codes, start=2):
        write_cell(lists, row, position, code)
    lists.column_dimensions[letter].width = _width(name, ColumnSpec("code"), codes)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(codes) + 1}"


def _validation(spec: ReturnSpec, name: str, column: ColumnSpec, **kwargs: Any) -> DataValidation:
    """A data validation with the column's prompt, and an error message if it checks."""
    checks = kwargs.get("type") is not None
    return DataValidation(
        allow_blank=True,  # emptiness is the validator's call (required, one of)
        showInputMessage=True,
        promptTitle=name[:MAX_PROMPT_TITLE],
        prompt=_shorten(prompt_text(spec, name, column)),
        showErrorMessage=checks,
        errorTitle=name[:MAX_PROMPT_TITLE] if checks else None,
        error=_shorten(f"Expected {describe(spec, name, column)}.") if checks else None,
        **kwargs,
    )


def _kind_validation(spec: ReturnSpec, name: str, column: ColumnSpec) -> DataValidation:
    """The check Excel can make for a column that has no drop-down."""
    if column.kind == "integer":
        low, high = column.minimum, column.maximum
        if low is not None and high is not None:
            bounds: dict[str, Any] = {
                "operator": "between",
                "formula1": str(low),
                "formula2": str(high),
            }
        elif low is not None:
            bounds = {"operator": "greaterThanOrEqual", "formula1": str(low)}
        elif high is not None:
            bounds = {"operator": "lessThanOrEqual", "formula1": str(high)}
        else:
            bounds = {"operator": "between", "formula1": "-999999999", "formula2": "999999999"}
        return _validation(spec, name, column, type="whole", errorStyle="stop", **bounds)
    if column.kind == "date":
        # A warning, not a stop: a date kept as text (2025-05-01 in a text cell) is
        # accepted by the validator but is not a date to Excel.
        start, end = (
            (spec.period_start, spec.period_end)
            if name in spec.period_columns
            else (date(1900, 1, 1), date(9999, 12, 31))
        )
        return _validation(
            spec,
            name,
            column,
            type="date",
            operator="between",
            formula1=_excel_date(start),
            formula2=_excel_date(end),
            errorStyle="warning",
        )
    if column.kind == "month":
        longest = 10 if column.accepts_full_date else 7
        return _validation(
            spec,
            name,
            column,
            type="textLength",
            operator="between",
            formula1="7",
            formula2=str(longest),
            errorStyle="warning",
        )
    # Text, pseudonyms and postcodes: longer than max_length is refused as free text.
    return _validation(
        spec,
        name,
        column,
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(column.max_length),
        errorStyle="stop",
    )


def _excel_date(day: date) -> str:
    """A date as a formula Excel and LibreOffice read the same in every locale."""
    return f"DATE({day.year},{day.month},{day.day})"


def _shorten(text: str, limit: int = MAX_PROMPT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _width(name: str, column: ColumnSpec, codes: list[str]) -> float:
    widest = max([len(name), KIND_WIDTH.get(column.kind, 10), *map(len, codes)])
    return min(widest + 2, MAX_WIDTH)
