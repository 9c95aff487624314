"""What each column of a return takes, in words and codes, and the rows it needs.

The prompts of the Excel template, its "How to fill it in" sheet, and the rows a
pre-filled template holds, all from the `ReturnSpec` the validator checks uploads
against. Pure functions of the spec: no Django and no database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from openpyxl.styles import Alignment, Font

from safeguarding.core.code_list_files import code_list_labels, code_list_title
from safeguarding.core.spreadsheet_cells import runs_as_formula
from safeguarding.returns.validation.checks_values import EXPECTS
from safeguarding.returns.validation.spec import (
    ALL,
    TOTAL,
    ColumnSpec,
    DependentCodes,
    ReturnSpec,
)

TOTAL_LABEL = "Total of the breakdown"
ALL_LABEL = "the headline, for every child (breakdown_value TOTAL only)"


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
    dependent = dependent_on(spec, name)
    if dependent is not None:
        order = [code for code, _ in column_codes(spec, dependent.depends_on)]
        order += sorted(set(dependent.code_lists) - set(order), key=natural)
        union: dict[str, str] = {}
        for kind in order:
            for code, _ in labelled(dependent.code_lists.get(kind, frozenset()), kind):
                union.setdefault(code, "")
        # TOTAL last, after the codes, as in each breakdown's own list.
        return sorted(union.items(), key=lambda item: item[0] == TOTAL)
    if column.code_list is None:
        return []
    if any(d.depends_on == name for d in spec.dependent_codes):
        # Breakdown types: label each by the title of the code list it breaks down by.
        return [
            (code, ALL_LABEL if code == ALL else _list_title(code))
            for code in sorted(column.code_list, key=lambda code: (code != ALL, natural(code)))
        ]
    return labelled(column.code_list, name)


def write_cell(sheet: Any, row: int, column: int, value: str | int | None) -> Any:
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
        if runs_as_formula(value):
            cell.quotePrefix = True
    return cell


def describe(spec: ReturnSpec, name: str, column: ColumnSpec) -> str:
    """What a column takes, in words, as the guidance sheet and prompts say it."""
    if column.kind == "code":
        dependent = dependent_on(spec, name)
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


def prompt_text(spec: ReturnSpec, name: str, column: ColumnSpec) -> str:
    return f"{required_text(spec, name, column)}: {describe(spec, name, column)}."


def required_text(spec: ReturnSpec, name: str, column: ColumnSpec) -> str:
    if column.required:
        return "Required"
    for group in spec.one_of:
        if name in group:
            others = " or ".join(other for other in group if other != name)
            return f"Required unless {others} is given"
    return "Optional"


def dependent_on(spec: ReturnSpec, name: str) -> DependentCodes | None:
    return next((d for d in spec.dependent_codes if d.column == name), None)


def natural(code: str) -> tuple[int, int, str]:
    """Sort key putting 2 before 10, and TOTAL after every code."""
    if code == TOTAL:
        return (2, 0, code)
    return (0, int(code), code) if code.isdigit() else (1, 0, code)


def labelled(codes: Iterable[str], name: str) -> list[tuple[str, str]]:
    """Codes with labels, in their core code list's order where the list matches."""
    wanted = set(codes)
    core = _core_labels(name.replace("_", "-"))
    if not wanted - {TOTAL} <= core.keys():
        core = {}  # a list of the same name but other codes: its labels would mislead
    known = [(code, label) for code, label in core.items() if code in wanted]
    rest = sorted(wanted - core.keys(), key=natural)
    return known + [(code, TOTAL_LABEL if code == TOTAL else "") for code in rest]


def _core_labels(slug: str) -> Mapping[str, str]:
    """A core code list's codes in file order, with their labels; empty if there is none."""
    try:
        return dict(code_list_labels(slug))
    except KeyError:
        return {}


def _list_title(name: str) -> str:
    """The title of the core code list a breakdown type is named after, if there is one."""
    slug = name.replace("_", "-")
    return code_list_title(slug) if _core_labels(slug) else ""


def _allowed(spec: ReturnSpec, name: str) -> str:
    """The allowed codes of a column, one "code: label" a line, for the guidance sheet."""
    dependent = dependent_on(spec, name)
    if dependent is not None:
        lines = []
        for kind, _ in column_codes(spec, dependent.depends_on):
            codes = labelled(dependent.code_lists.get(kind, frozenset()), kind)
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


def expected_rows(spec: ReturnSpec) -> list[dict[str, str]]:
    """The rows an aggregate return needs, with everything but the figures filled in.

    For each indicator: its headline, then each breakdown type it is reported by
    (`breakdowns_by_indicator`, else every type) with every code of that type's list,
    in the list's order, and the type's TOTAL last; all for the period's last month, the
    month an aggregate return's period column names. Empty for a return without a total
    rule (a child-level return has a row per event, which no template can know).
    """
    rule = spec.total_rule
    if rule is None or not spec.period_columns:
        return []
    indicator_column = rule.group_by[0]
    period_column = spec.period_columns[0]
    dependent = dependent_on(spec, rule.breakdown_value)
    codes = dependent.code_lists if dependent is not None else {}
    by_indicator = dict(spec.breakdowns_by_indicator)
    every_kind = [
        kind for kind, _ in column_codes(spec, rule.breakdown_type) if kind != rule.headline_type
    ]
    indicators = list(by_indicator) or sorted(
        spec.columns[indicator_column].code_list or (), key=natural
    )
    period = f"{spec.period_end:%Y-%m}"
    rows = []
    for indicator in indicators:
        kinds = [rule.headline_type, *by_indicator.get(indicator, every_kind)]
        for kind in kinds:
            values = [code for code, _ in labelled(codes.get(kind, frozenset()), kind)]
            # TOTAL last, after the codes it totals (labelled puts unknown codes last).
            values.sort(key=lambda code: code == rule.total_value)
            for value in values or [rule.total_value]:
                rows.append(
                    {
                        indicator_column: indicator,
                        period_column: period,
                        rule.breakdown_type: kind,
                        rule.breakdown_value: value,
                    }
                )
    return rows


def _instructions(spec: ReturnSpec, *, prefilled: bool = False) -> list[str]:
    """The rules of the return that are not about one column, in plain words."""
    start, end = spec.period_start, spec.period_end
    period = f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    rule = spec.total_rule
    if prefilled and rule is not None:
        fill = (
            f"The Return sheet already has a row for every {', '.join(spec.key_columns)} "
            f"this return needs. Fill in {rule.count} on every row (0 where there were none), "
            "and do not delete rows: a corrected return without them would lose them."
        )
    else:
        fill = (
            "Fill in the Return sheet under its header row, one row for each "
            f"{', '.join(spec.key_columns)}: no two rows may have the same values in all "
            "of these."
        )
    lines = [
        f"{spec.title} for {period}.",
        fill,
        "Keep the header row as it is. Only the columns below are accepted, so do not add "
        "columns: notes, names and addresses must never be sent.",
        "Pick codes from the drop-down lists. Dates as YYYY-MM-DD, months as YYYY-MM.",
    ]
    lines += [f"Every row needs at least one of {', '.join(group)}." for group in spec.one_of]
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


def write_guide(
    guide: Any, spec: ReturnSpec, title: str, example_rows: int, *, prefilled: bool = False
) -> None:
    """The "How to fill it in" sheet: instructions, then one row per column."""
    write_cell(guide, 1, 1, title).font = Font(bold=True, size=14)
    row = 2
    for line in _instructions(spec, prefilled=prefilled):
        row += 1
        write_cell(guide, row, 1, line)
    row += 2
    headings = ("Column", "Required", "What to enter", "Allowed codes")
    for position, heading in enumerate(headings, start=1):
        write_cell(guide, row, position, heading).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, column in spec.columns.items():
        row += 1
        values = (
            name,
            required_text(spec, name, column),
            describe(spec, name, column),
            _allowed(spec, name),
        )
        for position, value in enumerate(values, start=1):
            write_cell(guide, row, position, value).alignment = wrap
    for letter, width in zip("ABCD", (22, 26, 50, 60), strict=True):
        guide.column_dimensions[letter].width = width

    if example_rows > 0:
        row += 2
        write_cell(guide, row, 1, "Example rows: made up, for illustration only").font = Font(
            bold=True
        )
        row += 1
        for position, name in enumerate(spec.columns, start=1):
            write_cell(guide, row, position, name).font = Font(bold=True)
        for example in _examples(spec, example_rows):
            row += 1
            for position, name in enumerate(spec.columns, start=1):
                write_cell(guide, row, position, example.get(name) or None)


def _examples(spec: ReturnSpec, count: int) -> list[dict[str, str]]:
    """Made-up rows of the right form; figures need not add up to their totals."""
    rows = []
    pairs = [
        (kind, code)
        for d in spec.dependent_codes
        for kind, _ in column_codes(spec, d.depends_on)
        for code, _ in labelled(d.code_lists.get(kind, frozenset()), kind)
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
