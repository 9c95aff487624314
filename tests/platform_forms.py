"""Every form class the platform defines, for tests that hold a rule over all of them."""

import importlib
import pkgutil

from django import forms

import safeguarding


def platform_forms() -> list[type[forms.BaseForm]]:
    """Each form class defined in a `safeguarding` module (forms and views are imported
    first, so a form defined anywhere in them is found)."""
    for module in pkgutil.walk_packages(safeguarding.__path__, "safeguarding."):
        if module.name.endswith(("forms", "views")) and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("safeguarding.") and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
