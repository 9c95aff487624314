"""Fixtures for the core app's tests: signed-in clients, form data and code list copies."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from safeguarding.core.code_list_files import CODE_LISTS_DIR
from safeguarding.core.models import Partnership
from safeguarding.core.roles import Role
from safeguarding.core.services import PARTNERSHIP_FIELDS


@pytest.fixture
def business_unit_client(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.BUSINESS_UNIT)


@pytest.fixture
def scrutineer_client(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.SCRUTINEER)


@pytest.fixture
def practitioner_client(client_as: Callable[[str], Client]) -> Client:
    return client_as(Role.PRACTITIONER)


@pytest.fixture
def code_lists_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped code list files, for a test to change or break."""
    return Path(shutil.copytree(CODE_LISTS_DIR, tmp_path / "code_lists"))


def partnership_form_data(partnership: Partnership, **changes: Any) -> dict[str, Any]:
    """What the settings form would post back unchanged, with `changes` applied.

    A checkbox that is off is left out, as a browser leaves it out.
    """
    data: dict[str, Any] = {
        name: ("" if value is None else value)
        for name, value in model_to_dict(partnership, fields=PARTNERSHIP_FIELDS).items()
    }
    data.update(changes)
    if data.get("quick_exit_on_staff_pages") in (False, "", None):
        data.pop("quick_exit_on_staff_pages", None)
    elif data.get("quick_exit_on_staff_pages") is True:
        data["quick_exit_on_staff_pages"] = "on"
    return data


def partnership_values(partnership: Partnership) -> dict[str, Any]:
    """Every stored field of the partnership, read fresh from the database."""
    fresh = Partnership.objects.get(pk=partnership.pk)
    return model_to_dict(fresh)
