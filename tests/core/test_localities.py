"""The partnership's localities are listed beside the code lists."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.core.models import Partnership
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from tests.pages import page, text

pytestmark = pytest.mark.django_db


def test_localities_are_listed_in_name_order(
    partnership: Partnership, client_as: Callable[[str], Client]
) -> None:
    factories.locality("Outer South", "OS")
    factories.locality("City Centre", "CC")
    response = client_as(Role.PRACTITIONER).get(reverse("core:code-list-list"))
    rows = [
        [text(cell) for cell in row.select("td")]
        for row in page(response).select("h2:-soup-contains('Localities') ~ table tbody tr")
    ]
    assert rows == [["CC", "City Centre"], ["OS", "Outer South"]]


def test_no_localities_says_so(
    partnership: Partnership, client_as: Callable[[str], Client]
) -> None:
    response = client_as(Role.PRACTITIONER).get(reverse("core:code-list-list"))
    assert "No localities have been set up." in text(response)
