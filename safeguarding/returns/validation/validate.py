"""Run every rule over a return and report: counts, first examples, an error file.

Each rule is a lazy Polars query over the whole frame, collected in turn. The report
keeps every problem in one frame (for the error file) and the first few of each rule
as plain Python (for the page).
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from safeguarding.core.spreadsheet_cells import FORMULA_START_PATTERN
from safeguarding.returns.validation.rule import PROBLEM_SCHEMA, Rule, Severity
from safeguarding.returns.validation.rules import RULES
from safeguarding.returns.validation.spec import ReturnSpec

EXAMPLES = 10
MAX_PROBLEMS = 1_000_000
ERROR_FILE_COLUMNS = ("rule", "row", "column", "value", "message")

# A plain number such as -3 is left alone: a spreadsheet reads it as the number it is
# (as core.exports leaves numbers alone), and a negative count must stay readable.
PLAIN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"


@dataclass(frozen=True)
class Problem:
    """One problem: which rule, where in the file, the value and what is wrong."""

    rule: str
    row: int
    column: str | None
    value: str | None
    message: str


@dataclass(frozen=True)
class RuleResult:
    """One rule's outcome: how many problems, and the first few of them."""

    rule: Rule
    count: int
    examples: tuple[Problem, ...]

    @property
    def code(self) -> str:
        """The rule's code, such as `wrong_type`."""
        return self.rule.code

    @property
    def severity(self) -> Severity:
        """`error` (the return cannot be accepted) or `notice` (it is minimised)."""
        return self.rule.severity


@dataclass(frozen=True)
class ValidationReport:
    """What validation found in one return.

    `problems` holds every error, one per row, with the columns rule, row, column,
    value and message. Notices are counted in `results`, with examples, but not kept
    one by one: they are all "this will be minimised".
    """

    title: str
    rows: int
    results: tuple[RuleResult, ...]
    problems: pl.DataFrame

    @property
    def total_problems(self) -> int:
        """The number of errors (notices are not problems)."""
        return sum(result.count for result in self.results if result.severity == "error")

    @property
    def total_notices(self) -> int:
        """The number of values that minimising will cut down."""
        return sum(result.count for result in self.results if result.severity == "notice")

    @property
    def problems_not_kept(self) -> int:
        """Errors counted but left out of `problems` (and the error file) for memory."""
        return self.total_problems - self.problems.height

    @property
    def is_valid(self) -> bool:
        """True when the return has rows and no errors, so it can be accepted."""
        return self.rows > 0 and self.total_problems == 0

    @property
    def counts(self) -> dict[str, int]:
        """Problems per rule code, for every rule that ran."""
        return {result.code: result.count for result in self.results}

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        """The results of rules that found something, errors before notices."""
        found = [result for result in self.results if result.count]
        return tuple(sorted(found, key=lambda result: result.severity != "error"))


def validate(
    df: pl.DataFrame,
    spec: ReturnSpec,
    *,
    rules: Sequence[Rule] = RULES,
    examples: int = EXAMPLES,
    max_problems: int = MAX_PROBLEMS,
) -> ValidationReport:
    """Check a frame (all text columns, as `read_table` gives) against a return's spec.

    Every rule's count is exact. At most `max_problems` errors are kept for the error
    file, so that a file in which every cell is wrong cannot exhaust memory; the
    report's `problems_not_kept` says how many more there were.
    """
    codes = pl.Enum([rule.code for rule in rules])
    results = []
    errors = [pl.DataFrame(schema={"rule": codes, **PROBLEM_SCHEMA})]
    budget = max_problems
    # One rule at a time: each already runs its columns in parallel, and collecting
    # all rules at once holds every rule's intermediate columns in memory together.
    for rule in rules:
        # Notices are counted, not kept: a file of full dates of birth would
        # otherwise build a million identical notices only to drop them.
        keep = examples if rule.severity == "notice" else budget
        frame = rule.failures(df, spec, limit=keep + 1)
        count = frame.height if frame.height <= keep else rule.count(df, spec)
        frame = frame.head(keep)
        if rule.severity == "error" and frame.height:
            budget -= frame.height
            errors.append(frame.select(pl.lit(rule.code, dtype=codes).alias("rule"), pl.all()))
        head = frame.head(examples).to_dicts()
        results.append(
            RuleResult(rule, count, tuple(Problem(rule=rule.code, **row) for row in head))
        )
    # The rule code as an enum and no rechunk: the report costs little more than the
    # rule frames that already hold the problems.
    problems = pl.concat(errors, rechunk=False)
    return ValidationReport(
        title=spec.title, rows=df.height, results=tuple(results), problems=problems
    )


def spreadsheet_safe(expr: pl.Expr) -> pl.Expr:
    """Text that a spreadsheet would run as a formula, with a quote put in front."""
    risky = expr.str.contains(FORMULA_START_PATTERN) & ~expr.str.contains(PLAIN_NUMBER)
    return pl.when(risky).then(pl.lit("'") + expr).otherwise(expr)


def error_file(report: ValidationReport) -> bytes:
    """Every error as CSV (rule, row, column, value, message), safe to open in Excel.

    UTF-8 with a byte order mark so that Excel reads it right. Notices are left out:
    they are not problems to fix. Every text cell is neutralised against formulas,
    including column names, which come from the uploaded header.
    """
    errors = report.problems.select(
        pl.col("rule").cast(pl.String),
        pl.col("row"),
        *(spreadsheet_safe(pl.col(name)).alias(name) for name in ("column", "value", "message")),
    )
    if report.problems_not_kept:
        note = f"and {report.problems_not_kept:,} more problems: fix these and upload again"
        errors = pl.concat(
            [errors, pl.DataFrame({"rule": ["more"], "message": [note]})], how="diagonal_relaxed"
        )
    buffer = io.BytesIO()
    buffer.write(codecs.BOM_UTF8)
    errors.write_csv(buffer)
    return buffer.getvalue()
