"""Every date the platform asks for is written back into its box in the one format a
browser's date picker takes, so a saved date survives the next edit."""

from datetime import date

import pytest
from django import forms

from safeguarding.core.forms import DateInput
from tests.platform_forms import platform_forms

DATE_FIELDS = [
    pytest.param(form, name, id=f"{form.__module__}.{form.__name__}.{name}")
    for form in platform_forms()
    for name, field in getattr(form, "base_fields", {}).items()
    if isinstance(field, forms.DateField)
]


def test_the_platform_has_date_fields_to_check() -> None:
    assert len(DATE_FIELDS) >= 8


@pytest.mark.parametrize(("form", "name"), DATE_FIELDS)
def test_a_date_field_writes_its_value_as_an_iso_date(
    form: type[forms.BaseForm], name: str
) -> None:
    widget = form.base_fields[name].widget  # type: ignore[attr-defined]
    assert isinstance(widget, DateInput), f"{name} is not the platform's date picker"
    html = widget.render(name, date(2026, 11, 12))
    assert 'type="date"' in html
    assert 'value="2026-11-12"' in html


def test_a_british_locale_date_would_leave_the_picker_blank() -> None:
    # The fault this guards against: Django's own widget writes the locale's format.
    html = forms.DateInput(attrs={"type": "date"}).render("due_on", date(2026, 11, 12))
    assert 'value="12/11/2026"' in html
