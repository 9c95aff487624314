"""Validation engine for data returns: read an upload, check it rule by rule, report.

Plain Python and Polars only (no Django), so it runs anywhere the data does:

    df = read_table(name="return.csv", data=upload_bytes)   # or raises ReturnRefused
    report = validate(df, child_level_spec(start, end, event_types))
    if report.is_valid:
        stored = minimise(df, spec)
    else:
        download = error_file(report)
"""

from safeguarding.returns.validation.errors import ReturnRefused
from safeguarding.returns.validation.minimise import minimise
from safeguarding.returns.validation.read import read_table
from safeguarding.returns.validation.rule import Rule
from safeguarding.returns.validation.rules import RULES, RULES_BY_CODE
from safeguarding.returns.validation.spec import (
    ColumnSpec,
    ReturnSpec,
    aggregate_spec,
    child_level_spec,
    load_code_list,
)
from safeguarding.returns.validation.validate import (
    Problem,
    RuleResult,
    ValidationReport,
    error_file,
    validate,
)

__all__ = [
    "RULES",
    "RULES_BY_CODE",
    "ColumnSpec",
    "Problem",
    "ReturnRefused",
    "ReturnSpec",
    "Rule",
    "RuleResult",
    "ValidationReport",
    "aggregate_spec",
    "child_level_spec",
    "error_file",
    "load_code_list",
    "minimise",
    "read_table",
    "validate",
]
