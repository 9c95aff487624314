"""Periods as people read them.

An aggregate return names each row's period by its last month (`YYYY-MM`); the calendar of
returns says which months the return covers, so `2026-09` of a quarterly return is read
"July to September 2026". A measure counted from child-level returns is counted by quarter
(`sql.event_series`), so its `2026-09` is that quarter too. `period_name` is the one place a
period is named: every page, panel, chart and download asks it, never showing `YYYY-MM`.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date

from safeguarding.returns.models import Indicator, ReturnObligation, ReturnTemplate

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# A partnership's business year, as its label is written ("2025-26").
YEAR_LABEL = re.compile(r"(\d{4})-(\d{2})")


def is_month(text: str) -> bool:
    """Whether text names a period as its last month, `YYYY-MM`."""
    return MONTH.fullmatch(text) is not None


def is_year_label(text: str) -> bool:
    """Whether text is a business year's label, such as 2025-26: two years running."""
    found = YEAR_LABEL.fullmatch(text)
    # "2011-12" is read as December 2011: every period in the returns is a last month, so
    # a month wins where the two could be confused.
    return found is not None and not is_month(text) and (int(found[1]) + 1) % 100 == int(found[2])


def _month(period: str) -> date:
    return date(int(period[:4]), int(period[5:]), 1)


def span_name(start: date, end: date) -> str:
    """The months from start to end: "July to September 2026", "April 2025 to March 2026"."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{end:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def quarter_name(period: str) -> str:
    """The three months ending in a period's last month: `2026-09` is "July to September
    2026"."""
    end = _month(period)
    months = end.year * 12 + end.month - 1 - 2
    return span_name(date(months // 12, months % 12 + 1, 1), end)


def calendar_names(indicators: Iterable[Indicator]) -> dict[int, dict[str, str]]:
    """The name of each period aggregate returns of each indicator are owed for, by its
    last month, from the calendar of returns: one query, however many indicators."""
    spans = (
        ReturnObligation.objects.filter(
            template__indicators__in=[indicator.pk for indicator in indicators],
            template__kind=ReturnTemplate.Kind.AGGREGATE,
        )
        .values_list("template__indicators", "period_start", "period_end")
        .distinct()
    )
    starts: dict[int, dict[str, set[date]]] = {}
    ends: dict[str, date] = {}
    for indicator, start, end in spans:
        starts.setdefault(indicator, {}).setdefault(f"{end:%Y-%m}", set()).add(start)
        ends[f"{end:%Y-%m}"] = end
    # Returns of different lengths ending in the same month (a quarter's and a year's)
    # leave the month's name to `period_name`.
    return {
        indicator: {
            month: span_name(next(iter(found)), ends[month])
            for month, found in months.items()
            if len(found) == 1
        }
        for indicator, months in starts.items()
    }


def period_names(
    indicator: Indicator,
    periods: Iterable[str] = (),
    *,
    calendar: Mapping[int, dict[str, str]] | None = None,
) -> dict[str, str]:
    """The name of each period of an indicator, by its last month.

    A measure counted from child-level returns is counted by quarter, so each of `periods`
    is named as its quarter. Otherwise each period aggregate returns of the indicator are
    owed for is named from the calendar of returns (`calendar_names`, read here unless
    given, as a page of many indicators does), and `periods` is not needed."""
    version = indicator.current
    if version is not None and version.event_type:
        return {period: quarter_name(period) for period in periods if is_month(period)}
    if calendar is None:
        calendar = calendar_names([indicator])
    return dict(calendar.get(indicator.pk, {}))


def period_name(period: str, names: Mapping[str, str]) -> str:
    """A period by its name where `names` (from `period_names`) gives one, else by its last
    month ("the period ending September 2026"); a business year's label as it is; any other
    text quoted as it was given."""
    if period in names:
        return names[period]
    if is_month(period):
        return f"the period ending {_month(period):%B %Y}"
    if is_year_label(period):
        return period
    return f"\u201c{period}\u201d"
