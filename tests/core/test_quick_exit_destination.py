"""The quick exit must leave the platform: its destination cannot be one of its own pages."""

from collections.abc import Callable

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from safeguarding.core.models import Partnership
from safeguarding.core.roles import Role
from tests.core.conftest import partnership_form_data
from tests.pages import error_summary

pytestmark = pytest.mark.django_db


@override_settings(ALLOWED_HOSTS=["platform.example", ".partnership.example", "testserver"])
@pytest.mark.parametrize(
    "url",
    [
        "https://platform.example/",
        "http://PLATFORM.example/weather",
        "https://www.partnership.example/x",
    ],
)
def test_a_destination_on_this_platform_is_refused(
    partnership: Partnership, client_as: Callable[[str], Client], url: str
) -> None:
    before = partnership.quick_exit_url
    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("core:partnership-edit"), partnership_form_data(partnership, quick_exit_url=url)
    )
    assert response.status_code == 200
    assert error_summary(response) == {
        "Enter the address of another website: the quick exit must leave this one": (
            "id_quick_exit_url"
        )
    }
    partnership.refresh_from_db()
    assert partnership.quick_exit_url == before


@override_settings(ALLOWED_HOSTS=["platform.example"])
def test_another_website_is_accepted(
    partnership: Partnership, client_as: Callable[[str], Client]
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("core:partnership-edit"),
        partnership_form_data(partnership, quick_exit_url="https://weather.example/today"),
        HTTP_HOST="platform.example",
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.quick_exit_url == "https://weather.example/today"
