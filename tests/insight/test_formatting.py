"""How insight writes figures and periods for people (formatting.py, periods.py): counts
with thousands separators, percentages with "%", periods in words, never `YYYY-MM`."""

from datetime import date
from decimal import Decimal

import pytest

from safeguarding.core.models import Agency
from safeguarding.insight.formatting import (
    DASH,
    count_text,
    decimal_text,
    figure_text,
    number_text,
    share_text,
    unit_text,
)
from safeguarding.insight.periods import period_name, period_names, quarter_name
from safeguarding.insight.suppression import DFE, publish_cell
from safeguarding.insight.trends import Point
from safeguarding.returns.models import (
    Indicator,
    IndicatorVersion,
    ReturnObligation,
    ReturnTemplate,
)

PERCENTAGE = IndicatorVersion.Unit.PERCENTAGE
COUNT = IndicatorVersion.Unit.COUNT


def point(count: int, value: float | None, unit: str) -> Point:
    return Point(
        period="2026-09",
        name="July to September 2026",
        count=publish_cell(count, DFE),
        denominator=None,
        value=value,
        unit=unit,
    )


# Figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (999, "999"), (1234, "1,234"), (1234567, "1,234,567"), (None, DASH)],
)
def test_a_count_has_thousands_separators(value: int | None, expected: str) -> None:
    assert count_text(value) == expected


def test_decimals_keep_their_places_and_round_halves_up() -> None:
    assert decimal_text(1234.56, 1) == "1,234.6"
    assert decimal_text(100.0, 1) == "100.0"
    assert decimal_text(3.0, 2) == "3.00"
    # As Django's floatformat: halves up, not to even.
    assert decimal_text(380.5, 0) == "381"
    assert decimal_text(Decimal("0.125"), 2) == "0.13"
    assert decimal_text(None) == DASH


def test_a_number_drops_a_needless_decimal() -> None:
    assert number_text(1234.0) == "1,234"
    assert number_text(62.5) == "62.5"
    assert number_text(Decimal("150.00")) == "150"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (62.5, PERCENTAGE, "62.5%"),
        (80.0, PERCENTAGE, "80%"),
        (0.0, PERCENTAGE, "0%"),
        (Decimal("90.00"), PERCENTAGE, "90%"),
        (1234.0, COUNT, "1,234"),
        (12.5, IndicatorVersion.Unit.DAYS, "12.5"),
        (1500.0, IndicatorVersion.Unit.RATE_PER_10000, "1,500"),
    ],
)
def test_a_figure_is_written_in_its_unit(value: float, unit: str, expected: str) -> None:
    assert unit_text(value, unit) == expected


def test_a_share_is_a_percentage_with_one_place() -> None:
    assert share_text(0.1234) == "12.3%"
    assert share_text(1.0) == "100.0%"
    assert share_text(None) == DASH


def test_a_periods_figure_is_its_value_in_its_unit_or_its_count() -> None:
    assert figure_text(point(625, 62.5, PERCENTAGE)) == "62.5%"
    assert figure_text(point(12345, 12345.0, COUNT)) == "12,345"
    # No value (its count hidden, or no denominator): the count as published.
    assert figure_text(point(3, None, COUNT)) == "c"
    assert figure_text(point(1234, None, PERCENTAGE)) == "1,234"


# Periods ------------------------------------------------------------------------------------


def test_a_quarter_is_named_by_its_months() -> None:
    assert quarter_name("2026-09") == "July to September 2026"
    assert quarter_name("2026-03") == "January to March 2026"
    # A quarter that crosses the new year names both years.
    assert quarter_name("2026-02") == "December 2025 to February 2026"


def test_period_name_uses_the_calendar_then_falls_back_to_words() -> None:
    names = {"2026-09": "July to September 2026"}
    assert period_name("2026-09", names) == "July to September 2026"
    assert period_name("2026-10", names) == "the period ending October 2026"
    # A business year's label as it is; "2011-12" is a month, December 2011.
    assert period_name("2025-26", {}) == "2025-26"
    assert period_name("2011-12", {}) == "the period ending December 2011"
    assert period_name("2025-27", {}) == "\u201c2025-27\u201d"
    assert period_name("nonsense", {}) == "\u201cnonsense\u201d"


@pytest.mark.django_db
def test_period_names_come_from_the_calendar_or_the_quarter_counted(
    agencies: dict[str, Agency],
) -> None:
    monthly = Indicator.objects.create(code="monthly", title="Monthly")
    IndicatorVersion.objects.create(indicator=monthly, definition="d", numerator="n")
    yearly = Indicator.objects.create(code="yearly", title="Yearly")
    IndicatorVersion.objects.create(indicator=yearly, definition="d", numerator="n")
    events = Indicator.objects.create(code="events", title="Events")
    IndicatorVersion.objects.create(
        indicator=events, definition="d", numerator="n", event_type="referral"
    )
    for code, indicator, start, end in (
        ("m", monthly, date(2026, 9, 1), date(2026, 9, 30)),
        ("y", yearly, date(2025, 4, 1), date(2026, 3, 31)),
    ):
        template = ReturnTemplate.objects.create(
            code=code, title=code, kind=ReturnTemplate.Kind.AGGREGATE
        )
        template.indicators.set([indicator])
        ReturnObligation.objects.create(
            agency=agencies["council"],
            template=template,
            period_start=start,
            period_end=end,
            due_on=end,
        )

    assert period_names(monthly) == {"2026-09": "September 2026"}
    assert period_names(yearly) == {"2026-03": "April 2025 to March 2026"}
    # Counted from child-level returns by quarter, whatever the calendar says.
    assert period_names(events, ["2026-09", "2026-03"]) == {
        "2026-09": "July to September 2026",
        "2026-03": "January to March 2026",
    }
