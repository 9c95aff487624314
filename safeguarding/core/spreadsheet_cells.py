"""The guard against spreadsheet formulas in text the platform writes out (CSV and
Excel downloads, templates, error files), in one place and without Django.

A cell whose text starts with one of these is run as a formula by spreadsheet programs
(tab and carriage return too, as OWASP advises), so text that does is written with a
quote in front and shows as the text it is.
"""

import re
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The same, for a regular-expression engine (Polars' `str.contains`).
FORMULA_START_PATTERN = "^[" + "".join(re.escape(p) for p in FORMULA_PREFIXES) + "]"


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would take this text as the start of a formula."""
    return text.startswith(FORMULA_PREFIXES)


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, with a quote put in front.

    Numbers are left alone, so a negative count stays a number.
    """
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value
