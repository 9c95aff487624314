"""Every text box has a length limit, checked on the server with a message that names
the box; nothing over it is stored."""

import pytest
from django import forms

from safeguarding.core.forms import PlatformForm, PlatformModelForm, TextLengthLimit, TextLimits
from safeguarding.core.text_limits import LONG_TEXT, SHORT_TEXT
from tests.platform_forms import platform_forms

# Forms that are bases, not pages.
BASES = {PlatformForm, PlatformModelForm}

FORMS_WITH_TEXT = [
    pytest.param(form, id=f"{form.__module__}.{form.__qualname__}")
    for form in platform_forms()
    if form not in BASES
    and any(isinstance(f, forms.CharField) for f in getattr(form, "base_fields", {}).values())
]


def test_the_platform_has_text_boxes_to_check() -> None:
    assert len(FORMS_WITH_TEXT) >= 15


@pytest.mark.parametrize("form", FORMS_WITH_TEXT)
def test_every_form_with_text_limits_its_length(form: type[forms.BaseForm]) -> None:
    assert issubclass(form, TextLimits), (
        f"{form.__qualname__} takes text without a limit: derive it from PlatformForm, "
        "PlatformModelForm or TextLimits"
    )


class Note(PlatformForm):
    title = forms.CharField(label="Title")
    body = forms.CharField(label="What happened", widget=forms.Textarea)
    code = forms.CharField(label="Code", max_length=7)


def test_a_long_box_takes_up_to_its_limit() -> None:
    form = Note(data={"title": "t" * SHORT_TEXT, "body": "b" * LONG_TEXT, "code": "1234567"})
    assert form.is_valid(), form.errors


def test_text_over_the_limit_is_refused_naming_the_box_and_the_length() -> None:
    form = Note(data={"title": "t", "body": "b" * (LONG_TEXT + 1), "code": "1234567"})

    assert not form.is_valid()
    assert form.errors["body"] == [
        f"“What happened” must be {LONG_TEXT:,} characters or fewer. It has {LONG_TEXT + 1:,}"
    ]


def test_a_short_box_and_a_field_of_its_own_limit_are_refused_too() -> None:
    form = Note(data={"title": "t" * (SHORT_TEXT + 1), "body": "", "code": "12345678"})

    assert not form.is_valid()
    assert form.errors["title"] == ["“Title” must be 500 characters or fewer. It has 501"]
    assert form.errors["code"] == ["“Code” must be 7 characters or fewer. It has 8"]


def test_the_browser_is_not_told_to_cut_pasted_text_off() -> None:
    html = str(Note())
    assert "maxlength" not in html


def test_the_limit_is_the_one_validator() -> None:
    field = Note().fields["code"]
    limits = [v for v in field.validators if isinstance(v, TextLengthLimit)]
    assert len(limits) == 1 and limits[0].limit_value == 7
