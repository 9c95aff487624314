"""The partnership's localities are listed beside the code lists."""

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import Role
from safeguarding.core.models import Partnership
from safeguarding.demo import factories

pytestmark = pytest.mark.django_db


def test_localities_are_listed_in_name_order(
    partnership: Partnership, client_as: Callable[[str], Client]
) -> None:
    factories.locality("Outer South", "OS")
    factories.locality("City Centre", "CC")
    response = client_as(Role.PRACTITIONER).get(reverse("core:code-list-list"))
    page = BeautifulSoup(response.content, "html.parser")
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in page.select("h2:-soup-contains('Localities') ~ table tbody tr")
    ]
    assert rows == [["CC", "City Centre"], ["OS", "Outer South"]]


def test_no_localities_says_so(
    partnership: Partnership, client_as: Callable[[str], Client]
) -> None:
    response = client_as(Role.PRACTITIONER).get(reverse("core:code-list-list"))
    assert "No localities have been set up." in response.content.decode()
