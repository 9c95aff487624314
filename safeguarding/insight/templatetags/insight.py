"""Formatting for insight figures."""

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A share from 0 to 1 as a percentage with one decimal place: 0.1234 → 12.3%."""
    if value is None:
        return "\u2013"
    return f"{100 * value:.1f}%"
