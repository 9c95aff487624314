"""Periods as people read them.

An aggregate return names each row's period by its last month (`YYYY-MM`); the calendar of
returns says which months the return covers, so `2026-09` of a quarterly return is read
"July to September 2026".
"""

import re
from datetime import date

from safeguarding.returns.models import Indicator, ReturnObligation, ReturnTemplate

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def is_month(text: str) -> bool:
    """Whether text names a period as its last month, `YYYY-MM`."""
    return MONTH.fullmatch(text) is not None


def span_name(start: date, end: date) -> str:
    """The months from start to end: "July to September 2026", "April 2025 to March 2026"."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{end:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def period_names(indicator: Indicator) -> dict[str, str]:
    """The name of each period aggregate returns of the indicator are owed for, by its
    last month, from the calendar of returns."""
    spans = (
        ReturnObligation.objects.filter(
            template__indicators=indicator, template__kind=ReturnTemplate.Kind.AGGREGATE
        )
        .values_list("period_start", "period_end")
        .distinct()
    )
    starts: dict[str, set[date]] = {}
    ends: dict[str, date] = {}
    for start, end in spans:
        starts.setdefault(f"{end:%Y-%m}", set()).add(start)
        ends[f"{end:%Y-%m}"] = end
    # Returns of different lengths ending in the same month (a quarter's and a year's)
    # leave the month's name to `period_name`.
    return {
        month: span_name(next(iter(found)), ends[month])
        for month, found in starts.items()
        if len(found) == 1
    }


def period_name(period: str, names: dict[str, str]) -> str:
    """A period by its name where the calendar gives one, else by its last month; text
    that is not a period is quoted as it was given."""
    if period in names:
        return names[period]
    if is_month(period):
        return f"the period ending {date(int(period[:4]), int(period[5:]), 1):%B %Y}"
    return f"\u201c{period}\u201d"
