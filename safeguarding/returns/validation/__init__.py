"""Validation engine for data returns: read an upload, check it rule by rule, report.

Plain Python and Polars only (no Django), so it runs anywhere the data does:

    spec = child_level_spec(start, end, event_types)
    df = read_dates(read_table(name="return.csv", data=upload_bytes), spec)  # or ReturnRefused
    report = validate(df, spec)
    if report.is_valid:
        stored = minimise(df, spec)
        loss = what_is_lost(accepted_before, stored, spec)  # what replacing it would lose
    else:
        download = error_file(report)
"""

from safeguarding.returns.validation.compare import Loss, what_is_lost
from safeguarding.returns.validation.dates import read_dates
from safeguarding.returns.validation.errors import ReturnRefused
from safeguarding.returns.validation.minimise import minimise
from safeguarding.returns.validation.read import read_table
from safeguarding.returns.validation.rule import Rule
from safeguarding.returns.validation.rules import RULES, RULES_BY_CODE
from safeguarding.returns.validation.spec import (
    ColumnSpec,
    Coverage,
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
    "Coverage",
    "Loss",
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
    "read_dates",
    "read_table",
    "validate",
    "what_is_lost",
]
