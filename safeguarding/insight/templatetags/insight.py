"""Formatting for insight figures in templates: each filter is one of `formatting.py`'s,
so a page writes a figure exactly as its chart table and summary do."""

from decimal import Decimal

from django import template

from safeguarding.insight import formatting

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A share from 0 to 1 as a percentage with one decimal place: 0.1234 → 12.3%."""
    return formatting.share_text(value)


@register.filter
def count(value: int | None) -> str:
    """A count with thousands separators: 1234 → 1,234."""
    return formatting.count_text(value)


@register.filter
def decimal(value: float | Decimal | None, places: int = 1) -> str:
    """A figure to a fixed number of places with thousands separators: 1234.56 → 1,234.6."""
    return formatting.decimal_text(value, int(places))


@register.filter
def figure(point: formatting.Figure) -> str:
    """A period's figure in its indicator's unit ("62.5%", "1,234"), or its count."""
    return formatting.figure_text(point)


@register.filter
def in_unit(value: float | Decimal | None, unit: str) -> str:
    """A figure in an indicator's unit, such as its target: "90%", "1,500"."""
    return formatting.unit_text(value, unit)
