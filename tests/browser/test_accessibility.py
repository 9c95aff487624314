"""axe-core finds no serious or critical accessibility problem on key pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from safeguarding.accounts.models import User
from safeguarding.core.models import Partnership
from safeguarding.core.roles import Role
from tests.browser.conftest import axe_violations, sign_in_as
from tests.conftest import PASSWORD, with_password

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "name", ["core:home", "accounts:sign-in", "core:cover-your-tracks", "core:accessibility"]
)
def test_public_pages(page: Page, live_server: object, partnership: Partnership, name: str) -> None:
    page.goto(str(live_server) + reverse(name))
    assert axe_violations(page) == []
    assert page.problems.messages == []  # type: ignore[attr-defined]


def test_sign_in_page_with_errors(
    page: Page, live_server: object, partnership: Partnership
) -> None:
    page.goto(str(live_server) + reverse("accounts:sign-in"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", ["core:staff-home", "core:agency-list", "accounts:group-list"])
def test_staff_pages(page: Page, live_server: object, people: dict[str, User], name: str) -> None:
    analyst = with_password(people[Role.ANALYST])
    sign_in_as(page, str(live_server), analyst.email, PASSWORD)
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    page.goto(str(live_server) + reverse(name))
    assert axe_violations(page) == []
    assert page.problems.messages == []  # type: ignore[attr-defined]
