"""One field list per record: what its form shows is what its service audits."""

import inspect

import pytest
from django import forms

from safeguarding.core.forms import PlatformModelForm
from safeguarding.governance.assurance import forms as assurance_forms
from safeguarding.governance.plan import forms as plan_forms

MODEL_FORMS = [
    form
    for module in (plan_forms, assurance_forms)
    for _, form in inspect.getmembers(module, inspect.isclass)
    if issubclass(form, PlatformModelForm) and form.__module__ == module.__name__
]


def test_every_governance_model_form_is_checked() -> None:
    assert len(MODEL_FORMS) >= 9


@pytest.mark.parametrize("form_class", MODEL_FORMS, ids=lambda form: form.__name__)
def test_a_form_shows_only_fields_its_service_audits(form_class: type[forms.ModelForm]) -> None:  # type: ignore[type-arg]
    model = form_class._meta.model
    shown = set(form_class.base_fields)
    assert shown <= set(model.AUDITED), (
        f"{form_class.__name__} shows {sorted(shown - set(model.AUDITED))}, "
        f"which {model.__name__}.AUDITED does not list, so a change to them would not be "
        "recorded"
    )
    assert set(model.EDITABLE) <= set(model.AUDITED)


@pytest.mark.parametrize("form_class", MODEL_FORMS, ids=lambda form: form.__name__)
def test_a_form_takes_its_fields_from_its_model(form_class: type[forms.ModelForm]) -> None:  # type: ignore[type-arg]
    model = form_class._meta.model
    fields = tuple(form_class._meta.fields or ())
    assert fields in (model.EDITABLE, getattr(model, "PROGRESS", None)), (
        f"{form_class.__name__} lists its own fields instead of {model.__name__}.EDITABLE"
    )
