"""Every validation rule, in the order a report lists them.

Each rule is its own named, documented unit (see `rule.Rule`), defined in:

- `checks_columns`: no_rows, unknown_column, missing_column, required_value_missing;
- `checks_values`: free_text_refused, wrong_type, code_not_in_list,
  pseudonym_wrong_form, negative_count, number_out_of_range, date_outside_period;
- `checks_rows`: duplicate_key, breakdown_total_mismatch;
- `checks_minimise` (notices, which do not make a return invalid):
  date_of_birth_not_month, postcode_not_sector.
"""

from __future__ import annotations

from safeguarding.returns.validation.checks_columns import (
    missing_column,
    no_rows,
    required_value_missing,
    unknown_column,
)
from safeguarding.returns.validation.checks_minimise import (
    date_of_birth_not_month,
    postcode_not_sector,
)
from safeguarding.returns.validation.checks_rows import breakdown_total_mismatch, duplicate_key
from safeguarding.returns.validation.checks_values import (
    code_not_in_list,
    date_outside_period,
    free_text_refused,
    negative_count,
    number_out_of_range,
    pseudonym_wrong_form,
    wrong_type,
)
from safeguarding.returns.validation.rule import Rule

RULES: tuple[Rule, ...] = (
    no_rows,
    unknown_column,
    missing_column,
    required_value_missing,
    free_text_refused,
    wrong_type,
    code_not_in_list,
    pseudonym_wrong_form,
    negative_count,
    number_out_of_range,
    date_outside_period,
    duplicate_key,
    breakdown_total_mismatch,
    date_of_birth_not_month,
    postcode_not_sector,
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
