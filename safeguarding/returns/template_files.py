"""Blank templates of a return to download: a CSV file and an Excel workbook.

Both are built from the same `ReturnSpec` the validator checks uploads against, so a
template filled in as its guidance says passes validation. Pure functions of the spec:
no Django and no database (the caller builds the spec, for example with
`services.return_spec(obligation)`).

The workbook has three sheets:

- "Return" (first, because only the first worksheet of an upload is read): the header
  row, frozen and bold, with a drop-down list on every coded column, whole-number and
  date checks, and a short prompt on every column;
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
import hashlib
import io
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from safeguarding.returns.validation.checks_values import EXPECTS
from safeguarding.returns.validation.spec import (
    ALL,
    CODE_LISTS_DIR,
    TOTAL,
    ColumnSpec,
    DependentCodes,
    ReturnSpec,
    code_list_title,
    load_code_list,
)

RETURN_SHEET = "Return"
GUIDE_SHEET = "How to fill it in"
LISTS_SHEET = "Lists"
# Rows under the header that carry the drop-downs and checks. A range costs nothing in
# the file (it is one reference), but Excel slows on sheets with huge validated ranges.
VALIDATED_ROWS = 2_000
# What a spreadsheet treats as the start of a formula (tab and CR too, as OWASP advises).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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
TOTAL_LABEL = "Total of the breakdown"
ALL_LABEL = "the headline, for every child (breakdown_value TOTAL only)"


def template_csv(spec: ReturnSpec) -> bytes:
    """The return's header row as CSV: UTF-8 with a byte order mark, CRLF line ending.

    Only the header, for child-level and aggregate returns alike: any row put here
    would be sent back as data (made-up examples could even pass validation), and
    `read_table` refuses a file with a header and no rows, so an untouched template
    cannot be submitted by mistake. The byte order mark makes Excel open it as UTF-8.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(_csv_safe(name) for name in spec.columns)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(
    spec: ReturnSpec,
    *,
    title: str,
    example_rows: int = 0,
    validated_rows: int = VALIDATED_ROWS,
) -> bytes:
    """The return as an Excel workbook to fill in, with drop-downs from the code lists.

    `title` heads the "How to fill it in" sheet and names the workbook. `example_rows`
    adds that many made-up rows to the guidance sheet (never to the Return sheet, where
    they would be submitted as data). Checks and drop-downs cover `validated_rows`
    rows under the header; rows beyond are still read, just not checked while typing.
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

    last_row = validated_rows + 1
    list_column = 0
    for position, (name, column) in enumerate(spec.columns.items(), start=1):
        letter = get_column_letter(position)
        cell = _write(sheet, 1, position, name)
        cell.font = Font(bold=True)
        codes = [code for code, _ in column_codes(spec, name)]
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(name, column, codes)
        if column.kind == "date":
            dimension.number_format = DATE_FORMAT
        elif column.kind != "integer":
            dimension.number_format = TEXT_FORMAT
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

    _write_guide(guide, spec, title, example_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_codes(spec: ReturnSpec, name: str) -> list[tuple[str, str]]:
    """The codes a column takes, in the order of their code list, with labels.

    Labels come from the core code list of the same name (deprivation_decile reads
    deprivation-decile.csv) when every code is in it; lists held in the database
    (localities, agencies, indicators) have no labels here. A column whose codes
    depend on another (breakdown_value) gets every code of every breakdown, unlabelled,
    since "1" means Male for sex and the most deprived tenth for deprivation decile.
    Returns an empty list for a column that is not coded.
    """
    column = spec.columns[name]
    dependent = _dependent(spec, name)
    if dependent is not None:
        order = [code for code, _ in column_codes(spec, dependent.depends_on)]
        order += sorted(set(dependent.code_lists) - set(order), key=_natural)
        union: dict[str, str] = {}
        for kind in order:
            for code, _ in _labelled(dependent.code_lists.get(kind, frozenset()), kind):
                union.setdefault(code, "")
        # TOTAL last, after the codes, as in each breakdown's own list.
        return sorted(union.items(), key=lambda item: item[0] == TOTAL)
    if column.code_list is None:
        return []
    if any(d.depends_on == name for d in spec.dependent_codes):
        # Breakdown types: label each by the title of the code list it breaks down by.
        return [
            (code, ALL_LABEL if code == ALL else _list_title(code))
            for code in sorted(column.code_list, key=lambda code: (code != ALL, _natural(code)))
        ]
    return _labelled(column.code_list, name)


def _csv_safe(text: str) -> str:
    """Text a spreadsheet opening the CSV will show as text, never run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _write(sheet: Any, row: int, column: int, value: str | int | None) -> Any:
    """Write a value as a plain cell that can never be a formula.

    openpyxl stores any string starting with "=" as a formula; a string cell in the
    file is never evaluated. A value that looks like a formula also gets Excel's quote
    prefix (the invisible leading ') so that editing the cell keeps it text. Unlike a
    visible ' this leaves the code itself unchanged, so the drop-down still puts in a
    value the validator accepts.
    """
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def _write_list(lists: Any, position: int, name: str, codes: list[str]) -> str:
    """Write a column's codes under its name on the Lists sheet; the range formula."""
    letter = get_column_letter(position)
    _write(lists, 1, position, name).font = Font(bold=True)
    for row, code in enumerate(codes, start=2):
        _write(lists, row, position, code)
    lists.column_dimensions[letter].width = _width(name, ColumnSpec("code"), codes)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(codes) + 1}"


def _validation(spec: ReturnSpec, name: str, column: ColumnSpec, **kwargs: Any) -> DataValidation:
    """A data validation with the column's prompt, and an error message if it checks."""
    checks = kwargs.get("type") is not None
    return DataValidation(
        allow_blank=True,  # emptiness is the validator's call (required, one of)
        showInputMessage=True,
        promptTitle=name[:MAX_PROMPT_TITLE],
        prompt=_shorten(_prompt(spec, name, column)),
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


def describe(spec: ReturnSpec, name: str, column: ColumnSpec) -> str:
    """What a column takes, in words, as the guidance sheet and prompts say it."""
    if column.kind == "code":
        dependent = _dependent(spec, name)
        if dependent is not None:
            return f"a code from the list for the row's {dependent.depends_on}"
        return f"a code from the {column.code_list_title or name.replace('_', ' ')} list"
    if column.kind == "text":
        return f"a short value of at most {column.max_length} characters"
    if column.kind == "integer":
        bounds = []
        if column.minimum is not None:
            bounds.append(f"{column.minimum} or more")
        if column.maximum is not None:
            bounds.append(f"at most {column.maximum}")
        return EXPECTS["integer"] + (f" ({', '.join(bounds)})" if bounds else "")
    if column.kind == "date" and name in spec.period_columns:
        return EXPECTS["date"] + f", from {spec.period_start} to {spec.period_end}"
    if column.kind == "month":
        text = EXPECTS["month"]
        if name in spec.period_columns:
            text += f", from {spec.period_start:%Y-%m} to {spec.period_end:%Y-%m}"
        return text + (" (or a date as YYYY-MM-DD)" if column.accepts_full_date else "")
    return EXPECTS[column.kind]


def _prompt(spec: ReturnSpec, name: str, column: ColumnSpec) -> str:
    return f"{_required(spec, name, column)}: {describe(spec, name, column)}."


def _required(spec: ReturnSpec, name: str, column: ColumnSpec) -> str:
    if column.required:
        return "Required"
    for group in spec.one_of:
        if name in group:
            others = " or ".join(other for other in group if other != name)
            return f"Required unless {others} is given"
    return "Optional"


def _shorten(text: str, limit: int = MAX_PROMPT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dependent(spec: ReturnSpec, name: str) -> DependentCodes | None:
    return next((d for d in spec.dependent_codes if d.column == name), None)


def _natural(code: str) -> tuple[int, int, str]:
    """Sort key putting 2 before 10, and TOTAL after every code."""
    if code == TOTAL:
        return (2, 0, code)
    return (0, int(code), code) if code.isdigit() else (1, 0, code)


def _labelled(codes: Iterable[str], name: str) -> list[tuple[str, str]]:
    """Codes with labels, in their core code list's order where the list matches."""
    wanted = set(codes)
    core = _core_labels(name.replace("_", "-"))
    if not wanted - {TOTAL} <= core.keys():
        core = {}  # a list of the same name but other codes: its labels would mislead
    known = [(code, label) for code, label in core.items() if code in wanted]
    rest = sorted(wanted - core.keys(), key=_natural)
    return known + [(code, TOTAL_LABEL if code == TOTAL else "") for code in rest]


@cache
def _core_labels(slug: str) -> Mapping[str, str]:
    """A core code list's codes in file order, with their labels; empty if there is none."""
    try:
        load_code_list(slug)  # raises KeyError unless index.csv lists it with codes
    except KeyError:
        return {}
    index = pl.read_csv(CODE_LISTS_DIR / "index.csv", infer_schema=False)
    file = index.filter(pl.col("slug") == slug)["file"][0]
    frame = pl.read_csv(CODE_LISTS_DIR / file, infer_schema=False)
    labels = frame["label"] if "label" in frame.columns else pl.Series([None] * frame.height)
    return {
        code: label or ""
        for code, label in zip(frame["code"], labels, strict=True)
        if code is not None
    }


def _list_title(name: str) -> str:
    """The title of the core code list a breakdown type is named after, if there is one."""
    slug = name.replace("_", "-")
    return code_list_title(slug) if _core_labels(slug) else ""


def _width(name: str, column: ColumnSpec, codes: list[str]) -> float:
    widest = max([len(name), KIND_WIDTH.get(column.kind, 10), *map(len, codes)])
    return min(widest + 2, MAX_WIDTH)


def _allowed(spec: ReturnSpec, name: str) -> str:
    """The allowed codes of a column, one "code: label" a line, for the guidance sheet."""
    dependent = _dependent(spec, name)
    if dependent is not None:
        lines = []
        for kind, _ in column_codes(spec, dependent.depends_on):
            codes = _labelled(dependent.code_lists.get(kind, frozenset()), kind)
            listed = "; ".join(_shown(code, label) for code, label in codes)
            lines.append(f"when {dependent.depends_on} is {kind}: {listed}")
        return "\n".join(lines)
    codes = column_codes(spec, name)
    if not codes and spec.columns[name].kind == "code":
        return "(no codes are set up yet)"
    return "\n".join(_shown(code, label) for code, label in codes)


def _shown(code: str, label: str) -> str:
    """A code with its label, once: "1: Male", but "1 (most deprived 10%)" and "2"."""
    if not label or label == code:
        return code
    return label if label.startswith(f"{code} ") else f"{code}: {label}"


def _instructions(spec: ReturnSpec) -> list[str]:
    """The rules of the return that are not about one column, in plain words."""
    start, end = spec.period_start, spec.period_end
    period = f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    lines = [
        f"{spec.title} for {period}.",
        "Fill in the Return sheet under its header row, one row for each "
        f"{', '.join(spec.key_columns)}: no two rows may have the same values in all of these.",
        "Keep the header row as it is. Only the columns below are accepted, so do not add "
        "columns: notes, names and addresses must never be sent.",
        "Pick codes from the drop-down lists. Dates as YYYY-MM-DD, months as YYYY-MM.",
    ]
    lines += [f"Every row needs at least one of {', '.join(group)}." for group in spec.one_of]
    rule = spec.total_rule
    if rule is not None:
        lines.append(
            f"For each {' and '.join(rule.group_by)}, the row with {rule.breakdown_value} "
            f"{rule.total_value} must equal the sum of its {rule.breakdown_type}'s other rows, "
            f"and every {rule.breakdown_type}'s {rule.total_value} must equal the headline "
            f"({rule.breakdown_type} {rule.headline_type})."
        )
    if spec.minimise:
        lines.append(
            "A full date of birth is cut to its month, and a full postcode to its sector, "
            "before the return is kept."
        )
    lines.append(
        "Save as an Excel workbook (.xlsx) or as CSV UTF-8, and upload it. Only the first "
        "sheet is read."
    )
    return lines


def _write_guide(guide: Any, spec: ReturnSpec, title: str, example_rows: int) -> None:
    """The "How to fill it in" sheet: instructions, then one row per column."""
    _write(guide, 1, 1, title).font = Font(bold=True, size=14)
    row = 2
    for line in _instructions(spec):
        row += 1
        _write(guide, row, 1, line)
    row += 2
    headings = ("Column", "Required", "What to enter", "Allowed codes")
    for position, heading in enumerate(headings, start=1):
        _write(guide, row, position, heading).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, column in spec.columns.items():
        row += 1
        values = (
            name,
            _required(spec, name, column),
            describe(spec, name, column),
            _allowed(spec, name),
        )
        for position, value in enumerate(values, start=1):
            _write(guide, row, position, value).alignment = wrap
    for letter, width in zip("ABCD", (22, 26, 50, 60), strict=True):
        guide.column_dimensions[letter].width = width

    if example_rows > 0:
        row += 2
        _write(guide, row, 1, "Example rows: made up, for illustration only").font = Font(bold=True)
        row += 1
        for position, name in enumerate(spec.columns, start=1):
            _write(guide, row, position, name).font = Font(bold=True)
        for example in _examples(spec, example_rows):
            row += 1
            for position, name in enumerate(spec.columns, start=1):
                _write(guide, row, position, example.get(name) or None)


def _examples(spec: ReturnSpec, count: int) -> list[dict[str, str]]:
    """Made-up rows of the right form; figures need not add up to their totals."""
    rows = []
    pairs = [
        (kind, code)
        for d in spec.dependent_codes
        for kind, _ in column_codes(spec, d.depends_on)
        for code, _ in _labelled(d.code_lists.get(kind, frozenset()), kind)
    ]
    for number in range(count):
        row = {name: _example(spec, name, column, number) for name, column in spec.columns.items()}
        for d in spec.dependent_codes[:1]:
            if pairs:
                row[d.depends_on], row[d.column] = pairs[number % len(pairs)]
        rows.append(row)
    return rows


def _example(spec: ReturnSpec, name: str, column: ColumnSpec, number: int) -> str:
    """A made-up value of the form a column takes."""
    codes = [code for code, _ in column_codes(spec, name)]
    if codes:
        return codes[number % len(codes)]
    if column.kind == "integer":
        low = column.minimum if column.minimum is not None else 0
        high = column.maximum if column.maximum is not None else low + 99
        return str(low + (number * 7 + 5) % (high - low + 1))
    if column.kind == "date":
        day = min(spec.period_start + timedelta(days=number * 9), spec.period_end)
        return day.isoformat()
    if column.kind == "month":
        if name in spec.period_columns:
            return f"{spec.period_start:%Y-%m}"
        return f"{spec.period_start.year - 5 - number % 10}-{1 + number % 12:02d}"
    if column.kind == "pseudonym":
        return hashlib.sha256(f"example {number}".encode()).hexdigest()
    if column.kind == "postcode":
        return f"AB{1 + number % 9} {number % 10}"
    return ""
