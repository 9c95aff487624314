"""Download templates: the right shape for the validator, with drop-downs from the code lists.

The last tests fill a template in the way a partner would and upload it, which shows
that the template and the validator agree about what a return looks like.
"""

import codecs
import csv
import dataclasses
import io
import zipfile
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from safeguarding.returns.template_files import (
    GUIDE_SHEET,
    LISTS_SHEET,
    RETURN_SHEET,
    VALIDATED_ROWS,
    column_codes,
    expected_rows,
    template_csv,
    template_xlsx,
)
from safeguarding.returns.validation import (
    ColumnSpec,
    ReturnRefused,
    load_code_list,
    read_dates,
    read_table,
    validate,
)
from safeguarding.returns.validation.spec import ReturnSpec, aggregate_spec
from tests.returns.builders import (
    AGENCIES,
    EVENT_TYPES,
    INDICATORS,
    LOCALITIES,
    PERIOD_END,
    PERIOD_START,
    aggregate,
    aggregate_rows,
    child_rows,
    child_spec,
    csv_bytes,
)

SPECS = {"child_level": child_spec, "aggregate": aggregate}
ROWS = {"child_level": child_rows, "aggregate": aggregate_rows}


def workbook_of(spec: ReturnSpec, **options: Any) -> Any:
    """The spec's Excel template, opened with openpyxl."""
    data = template_xlsx(spec, title="Test return", **options)
    return openpyxl.load_workbook(io.BytesIO(data))


def letter(spec: ReturnSpec, name: str) -> str:
    return get_column_letter(list(spec.columns).index(name) + 1)


def validation_of(sheet: Any, column: str) -> Any:
    """The one data validation that covers a column's data rows."""
    found = [
        dv
        for dv in sheet.data_validations.dataValidation
        if f"{column}2" in dv.sqref and f"{column}{VALIDATED_ROWS + 1}" in dv.sqref
    ]
    assert len(found) == 1, f"column {column} has {len(found)} validations"
    return found[0]


def list_values(workbook: Any, formula: str) -> list[str]:
    """The values of the cells a list validation's range formula points at."""
    sheet_name, cells = formula.rsplit("!", 1)
    assert sheet_name.strip("'") == LISTS_SHEET, "drop-downs read the Lists sheet"
    assert ":" in cells and "," not in cells, "a range, not codes written inline"
    return [cell.value for row in workbook[LISTS_SHEET][cells.replace("$", "")] for cell in row]


def values_below_header(sheet: Any) -> list[Any]:
    """Every value under the header row (formatted empty cells are not values)."""
    return [value for row in sheet.iter_rows(min_row=2, values_only=True) for value in row if value]


def cell_texts(sheet: Any) -> list[str]:
    return [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value]


def failed_rules(frame: Any, spec: ReturnSpec) -> set[str]:
    return {result.code for result in validate(frame, spec).failed}


# CSV


@pytest.mark.parametrize("kind", SPECS)
def test_csv_template_is_the_header_and_nothing_else(kind: str) -> None:
    spec = SPECS[kind]()
    data = template_csv(spec)
    assert data.startswith(codecs.BOM_UTF8), "the byte order mark makes Excel read UTF-8"
    assert data.endswith(b"\r\n")
    text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [list(spec.columns)]

    # Sent back untouched, the reader refuses it: there is nothing to accept.
    with pytest.raises(ReturnRefused, match="has a header but no rows"):
        read_table(name="template.csv", data=data)


@pytest.mark.parametrize("kind", SPECS)
def test_csv_template_has_exactly_the_columns_the_rules_want(kind: str) -> None:
    spec = SPECS[kind]()
    rows = ROWS[kind]()
    body = csv_bytes([[row.get(name) for name in spec.columns] for row in rows])
    # Filled in under its header, it is a valid return.
    frame = read_table(name="filled.csv", data=template_csv(spec) + body)
    assert frame.columns == list(spec.columns)
    assert validate(frame, spec).is_valid
    # Without the rows (read_table refuses a header alone, so they are cleared here)
    # the template's columns break no rule but no_rows: none unknown, none missing.
    assert failed_rules(frame.clear(), spec) == {"no_rows"}


def test_csv_header_cannot_run_as_a_formula() -> None:
    spec = dataclasses.replace(
        child_spec(), columns={"=cmd|' /C calc'!A0": ColumnSpec("text"), "age": ColumnSpec("text")}
    )
    assert template_csv(spec) == codecs.BOM_UTF8 + b"'=cmd|' /C calc'!A0,age\r\n"


# Excel: shape


@pytest.mark.parametrize("kind", SPECS)
def test_xlsx_sheets_header_and_frozen_pane(kind: str) -> None:
    spec = SPECS[kind]()
    workbook = workbook_of(spec)
    assert workbook.sheetnames == [RETURN_SHEET, GUIDE_SHEET, LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert workbook[GUIDE_SHEET].sheet_state == "visible"
    assert workbook.properties.title == "Test return"
    sheet = workbook[RETURN_SHEET]
    assert [cell.value for cell in sheet[1]] == list(spec.columns)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert values_below_header(sheet) == [], "no rows that would be sent back as data"
    for name in spec.columns:
        assert sheet.column_dimensions[letter(spec, name)].width >= len(name)


def test_xlsx_drop_downs_hold_the_child_level_code_lists() -> None:
    spec = child_spec()
    workbook = workbook_of(spec)
    sheet = workbook[RETURN_SHEET]
    expected = {
        "event_type": EVENT_TYPES,
        "sex": load_code_list("sex"),
        "ethnicity": load_code_list("ethnicity"),
        "locality": LOCALITIES,
        "deprivation_decile": load_code_list("deprivation-decile"),
        "lead_agency": AGENCIES,
    }
    for name, codes in expected.items():
        validation = validation_of(sheet, letter(spec, name))
        assert validation.type == "list"
        assert validation.errorStyle == "stop"
        values = list_values(workbook, validation.formula1)
        assert len(values) == len(set(values))
        assert set(values) == codes, name
    ethnicity = validation_of(sheet, letter(spec, "ethnicity"))
    assert set(list_values(workbook, ethnicity.formula1)) == load_code_list("ethnicity")
    # In the order of the code list file, not sorted.
    assert list_values(workbook, validation_of(sheet, letter(spec, "sex")).formula1) == [
        "1",
        "2",
        "0",
        "9",
    ]
    # Codes are text in the sheet, so Excel keeps 1-4 and 05 as typed.
    for name in (*expected, "pseudonymous_id", "postcode", "date_of_birth"):
        assert sheet.column_dimensions[letter(spec, name)].number_format == "@", name


def test_xlsx_drop_downs_hold_the_aggregate_code_lists() -> None:
    spec = aggregate()
    workbook = workbook_of(spec)
    sheet = workbook[RETURN_SHEET]

    def values(name: str) -> list[str]:
        return list_values(workbook, validation_of(sheet, letter(spec, name)).formula1)

    assert set(values("indicator")) == INDICATORS
    assert set(values("breakdown_type")) == {"all", "sex", "deprivation_decile"}
    # Breakdown values depend on the type; the drop-down offers every one, TOTAL last.
    expected = load_code_list("sex") | load_code_list("deprivation-decile") | {"TOTAL"}
    assert set(values("breakdown_value")) == expected
    assert values("breakdown_value")[-1] == "TOTAL"
    assert values("breakdown_value")[:10] == [str(decile) for decile in range(1, 11)]


def test_xlsx_long_code_lists_are_ranges_not_inline_lists() -> None:
    # Excel refuses an inline list over 255 characters; 300 locality codes are 3,600.
    localities = frozenset(f"LOCALITY_{number:03d}" for number in range(300))
    spec = dataclasses.replace(
        child_spec(),
        columns={**child_spec().columns, "locality": ColumnSpec("code", code_list=localities)},
    )
    workbook = workbook_of(spec)
    validation = validation_of(workbook[RETURN_SHEET], letter(spec, "locality"))
    assert set(list_values(workbook, validation.formula1)) == localities


def test_xlsx_number_and_date_checks() -> None:
    spec = aggregate()
    count = validation_of(workbook_of(spec)[RETURN_SHEET], letter(spec, "count"))
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")

    spec = child_spec()
    sheet = workbook_of(spec)[RETURN_SHEET]
    age = validation_of(sheet, letter(spec, "age"))
    assert (age.type, age.operator, age.formula1, age.formula2) == ("whole", "between", "0", "25")
    event_date = validation_of(sheet, letter(spec, "event_date"))
    assert event_date.type == "date"
    assert (event_date.formula1, event_date.formula2) == ("DATE(2025,4,1)", "DATE(2026,3,31)")
    assert "YYYY-MM-DD" in event_date.prompt
    assert sheet.column_dimensions[letter(spec, "event_date")].number_format == "yyyy-mm-dd"
    date_of_birth = validation_of(sheet, letter(spec, "date_of_birth"))
    assert "YYYY-MM" in date_of_birth.prompt
    # Every column prompts for what it takes, and says whether it is required.
    for name in spec.columns:
        validation = validation_of(sheet, letter(spec, name))
        assert validation.showInputMessage
        assert validation.prompt.startswith(("Required", "Optional")), name
        assert len(validation.prompt) <= 255


# Excel: guidance


@pytest.mark.parametrize("kind", SPECS)
def test_guidance_sheet_explains_every_column(kind: str) -> None:
    spec = SPECS[kind]()
    guide = workbook_of(spec)[GUIDE_SHEET]
    texts = cell_texts(guide)
    assert texts[0] == "Test return"
    column_a = [row[0] for row in guide.iter_rows(values_only=True)]
    for name in spec.columns:
        assert name in column_a, name
    assert "Column" in column_a and "Allowed codes" in texts


def test_guidance_sheet_labels_codes_from_the_core_lists() -> None:
    spec = child_spec()
    texts = cell_texts(workbook_of(spec)[GUIDE_SHEET])
    assert any(text.startswith("WBRI: White British\n") for text in texts)
    assert any(text.startswith("1: Male\n2: Female\n0: Not known") for text in texts)
    assert "Required unless date_of_birth is given" in texts
    assert column_codes(spec, "deprivation_decile")[0] == ("1", "1 (most deprived 10%)")

    aggregate_texts = cell_texts(workbook_of(aggregate())[GUIDE_SHEET])
    assert any("when breakdown_type is sex: 1: Male; 2: Female" in text for text in aggregate_texts)
    assert any("must equal the sum" in text for text in aggregate_texts)


def test_example_rows_go_on_the_guidance_sheet_only() -> None:
    spec = child_spec()
    workbook = workbook_of(spec, example_rows=3)
    assert values_below_header(workbook[RETURN_SHEET]) == []
    rows = list(workbook[GUIDE_SHEET].iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if str(row[0]).startswith("Example rows"))
    assert list(rows[start + 1][: len(spec.columns)]) == list(spec.columns)
    assert len(rows) == start + 2 + 3


# Excel: formula safety


def test_codes_that_look_like_formulas_stay_text() -> None:
    risky = frozenset({"=1+1", "+44", "-x", "@SUM(A1)", '=HYPERLINK("http://x")'})
    spec = aggregate_spec(PERIOD_START, PERIOD_END, risky, {"sex": load_code_list("sex")})
    data = template_xlsx(spec, title="=risky title")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    validation = validation_of(workbook[RETURN_SHEET], letter(spec, "indicator"))
    # The codes themselves, unchanged (a visible ' would make them fail validation).
    assert set(list_values(workbook, validation.formula1)) == risky
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), f"{name} holds a formula"
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


# Template and validator agree


def fill(spec: ReturnSpec, rows: list[dict[str, str | None]]) -> bytes:
    """The Excel template filled in as a person would: numbers and dates as Excel's own."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(spec, title="Test return")))
    sheet = workbook[RETURN_SHEET]
    for number, row in enumerate(rows, start=2):
        for position, (name, column) in enumerate(spec.columns.items(), start=1):
            text = row.get(name)
            value: str | int | date | None = text
            if text is not None and column.kind == "integer":
                value = int(text)
            elif text is not None and column.kind == "date":
                value = date.fromisoformat(text)
            sheet.cell(row=number, column=position, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", SPECS)
def test_filled_xlsx_template_is_a_valid_return(kind: str) -> None:
    spec = SPECS[kind]()
    rows = ROWS[kind]()
    frame = read_table(name="filled.xlsx", data=fill(spec, rows))
    assert frame.columns == list(spec.columns)
    assert frame.height == len(rows)
    report = validate(frame, spec)
    assert report.is_valid, report.failed


def test_untouched_xlsx_template_is_refused() -> None:
    data = template_xlsx(child_spec(), title="Test return", example_rows=2)
    with pytest.raises(ReturnRefused, match="has a header but no rows"):
        read_table(name="template.xlsx", data=data)


# Excel: cells as text, and the rows a return needs


@pytest.mark.parametrize("kind", SPECS)
def test_every_cell_of_a_code_text_or_month_column_is_text(kind: str) -> None:
    spec = SPECS[kind]()
    sheet = workbook_of(spec)[RETURN_SHEET]
    for name, column in spec.columns.items():
        expected = {"date": "yyyy-mm-dd", "integer": "General"}.get(column.kind, "@")
        for row in (2, 3, VALIDATED_ROWS + 1):
            cell = sheet[f"{letter(spec, name)}{row}"]
            assert cell.number_format == expected, f"{name} row {row}"


def counts_filled(spec: ReturnSpec, rows: list[dict[str, str]]) -> list[dict[str, str | None]]:
    """Expected rows with counts a person would type: each breakdown's children all in its
    first code, so that every TOTAL adds up."""
    seen = set()
    filled: list[dict[str, str | None]] = []
    for row in rows:
        breakdown = (row["indicator"], row["breakdown_type"])
        first = breakdown not in seen
        seen.add(breakdown)
        count = "7" if first or row["breakdown_value"] == "TOTAL" else "0"
        filled.append({**row, "count": count})
    return filled


def test_expected_rows_are_every_indicator_by_every_breakdown_code() -> None:
    spec = aggregate()
    rows = expected_rows(spec)
    assert {row["period"] for row in rows} == {"2026-03"}, "the period's last month"
    sex = load_code_list("sex")
    deciles = load_code_list("deprivation-decile")
    assert len(rows) == len(INDICATORS) * (1 + len(sex) + 1 + len(deciles) + 1)
    referrals = [
        (r["breakdown_type"], r["breakdown_value"]) for r in rows if r["indicator"] == "REFERRALS"
    ]
    assert referrals[0] == ("all", "TOTAL")
    assert [value for kind, value in referrals if kind == "sex"] == ["1", "2", "0", "9", "TOTAL"]
    assert [value for kind, value in referrals if kind == "deprivation_decile"][-1] == "TOTAL"
    assert expected_rows(child_spec()) == [], "a child-level return is a row per event"


def test_expected_rows_follow_the_catalogue_for_each_indicator() -> None:
    spec = aggregate_spec(
        PERIOD_START,
        PERIOD_END,
        INDICATORS,
        {"sex": load_code_list("sex"), "deprivation_decile": load_code_list("deprivation-decile")},
        breakdowns_by_indicator={"REFERRALS": ["sex"], "CP_PLANS": []},
    )
    rows = [
        (r["indicator"], r["breakdown_type"], r["breakdown_value"]) for r in expected_rows(spec)
    ]
    assert rows == [
        ("REFERRALS", "all", "TOTAL"),
        *(("REFERRALS", "sex", code) for code in ("1", "2", "0", "9", "TOTAL")),
        ("CP_PLANS", "all", "TOTAL"),
    ]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_prefilled_template_with_its_counts_filled_in_is_a_valid_return(form: str) -> None:
    spec = aggregate()
    rows = expected_rows(spec)
    if form == "csv":
        template = template_csv(spec, rows=rows).decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(template)))
        assert lines[0] == list(spec.columns) and len(lines) == len(rows) + 1
        data = csv_bytes(
            [lines[0]] + [[row.get(n) for n in spec.columns] for row in counts_filled(spec, rows)]
        )
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(spec, title="T", rows=rows)))
        sheet = workbook[RETURN_SHEET]
        count = list(spec.columns).index("count") + 1
        for number, row in enumerate(counts_filled(spec, rows), start=2):
            assert sheet.cell(row=number, column=1).value == row["indicator"]
            sheet.cell(row=number, column=count, value=int(row["count"] or 0))
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    frame = read_table(name=f"filled.{form}", data=data)
    assert frame.height == len(rows)
    report = validate(read_dates(frame, spec), spec)
    assert report.is_valid, report.failed

    # Sent back untouched, every count is missing: nothing is accepted by mistake.
    untouched = template_csv(spec, rows=rows)
    report = validate(read_table(name="untouched.csv", data=untouched), spec)
    assert report.counts["required_value_missing"] == len(rows)


def test_a_prefilled_workbook_says_to_fill_in_the_counts() -> None:
    spec = aggregate()
    texts = cell_texts(workbook_of(spec, rows=expected_rows(spec))[GUIDE_SHEET])
    assert any("already has a row for every" in text and "count" in text for text in texts)


def test_months_excel_made_into_dates_are_read_as_their_months() -> None:
    """Typed into a General cell, 2025-05 becomes the date 1 May 2025, shown as May-25."""
    spec = aggregate()
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(spec, title="Test return")))
    sheet = workbook[RETURN_SHEET]
    rows = aggregate_rows()
    for number, row in enumerate(rows, start=2):
        for position, name in enumerate(spec.columns, start=1):
            value: object = row.get(name)
            if name == "count":
                value = int(str(value))
            if name == "period":
                value = datetime(2025, 5, 1)
            cell = sheet.cell(row=number, column=position, value=value)
            if name == "period":
                cell.number_format = "mmm-yy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    frame = read_table(name="excel.xlsx", data=buffer.getvalue())
    assert set(frame["period"]) == {"2025-05-01"}, "a date cell, as Excel saved it"
    assert failed_rules(frame, spec) == {"wrong_type"}, "as a date, every row is wrong"
    months = read_dates(frame, spec)
    assert set(months["period"]) == {"2025-05"}
    assert validate(months, spec).is_valid
