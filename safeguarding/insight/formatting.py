"""Figures written for people, in the en-GB style: counts with thousands separators
(1,234), percentages with their sign (62.5%), and a dash where there is no figure.

Every page, panel, chart table and summary writes its figures through these, so a count
or a percentage reads the same wherever it is shown. Downloads keep their figures as
numbers, so a spreadsheet can add them up (`exports.py`).
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from safeguarding.insight.suppression import Cell
from safeguarding.returns.models import IndicatorVersion

DASH = "\u2013"  # where a table has no figure


class Figure(Protocol):
    """A period's published figure (`queries.Point`): its count and its value in a unit."""

    count: Cell
    value: float | None
    unit: str


def _rounded(value: float | Decimal, places: int) -> Decimal:
    # Halves up, as Django's floatformat rounds, rather than Python's halves to even.
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def count_text(value: int | None) -> str:
    """A count with thousands separators: 1234 → "1,234"."""
    return DASH if value is None else f"{value:,}"


def decimal_text(value: float | Decimal | None, places: int = 1) -> str:
    """A figure to a fixed number of decimal places, with thousands separators:
    1234.56 → "1,234.6" (a rate, a relative rate, days)."""
    return DASH if value is None else f"{_rounded(value, places):,.{places}f}"


def number_text(value: float | Decimal | None) -> str:
    """A figure to one decimal place at most, with thousands separators: 1234.0 → "1,234",
    62.5 → "62.5"."""
    return DASH if value is None else decimal_text(value, 1).removesuffix(".0")


def unit_text(value: float | Decimal | None, unit: str) -> str:
    """A figure in an indicator's unit: a percentage with its sign ("62.5%"), anything
    else as a number ("1,234")."""
    if value is None:
        return DASH
    text = number_text(value)
    return f"{text}%" if unit == IndicatorVersion.Unit.PERCENTAGE else text


def share_text(value: float | None) -> str:
    """A share from 0 to 1 as a percentage with one decimal place: 0.1234 → "12.3%"."""
    return DASH if value is None else f"{decimal_text(100 * value, 1)}%"


def figure_text(point: Figure) -> str:
    """A period's figure: its value in its unit, or its count (the policy's symbol where
    suppressed) where no value can be given."""
    return point.count.text if point.value is None else unit_text(point.value, point.unit)
