"""One field list per record: what its form shows is what its service saves and audits.

Every model form lists its fields from its model (`EDITABLE`, or `PROGRESS` for a form
that records only progress), and the service saves `AUDITED` (or `EDITABLE` where the page
sets nothing else), so a field added to a form cannot be saved without being recorded.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import safeguarding
from safeguarding.core.forms import PlatformModelForm


def _form_modules() -> list[str]:
    return [
        module.name
        for module in pkgutil.walk_packages(safeguarding.__path__, "safeguarding.")
        if module.name.endswith(".forms")
    ]


MODEL_FORMS = [
    form
    for name in _form_modules()
    for _, form in inspect.getmembers(importlib.import_module(name), inspect.isclass)
    if issubclass(form, PlatformModelForm)
    and form is not PlatformModelForm
    and form.__module__ == name
]


def test_every_model_form_is_checked() -> None:
    names = {form.__name__ for form in MODEL_FORMS}
    assert {"PersonForm", "AgencyForm", "PartnershipForm", "PriorityForm", "ActionForm"} <= names


@pytest.mark.parametrize("form_class", MODEL_FORMS, ids=lambda form: form.__name__)
def test_a_form_takes_its_fields_from_its_model(form_class: type[forms.ModelForm]) -> None:  # type: ignore[type-arg]
    model = form_class._meta.model
    fields = tuple(form_class._meta.fields or ())
    assert fields in (getattr(model, "EDITABLE", None), getattr(model, "PROGRESS", None)), (
        f"{form_class.__name__} lists its own fields instead of {model.__name__}.EDITABLE"
    )


@pytest.mark.parametrize("form_class", MODEL_FORMS, ids=lambda form: form.__name__)
def test_a_form_shows_only_fields_its_service_audits(form_class: type[forms.ModelForm]) -> None:  # type: ignore[type-arg]
    model = form_class._meta.model
    audited = set(getattr(model, "AUDITED", model.EDITABLE))
    shown = set(form_class._meta.fields or ())
    assert shown <= audited, (
        f"{form_class.__name__} shows {sorted(shown - audited)}, which {model.__name__} does "
        "not audit, so a change to them would not be recorded"
    )
