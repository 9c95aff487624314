"""Signing in, in a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from tests.conftest import PASSWORD, with_password

pytestmark = pytest.mark.django_db(transaction=True)


def test_wrong_password_shows_the_error_summary(
    page: Page, live_server: object, people: dict[str, User]
) -> None:
    practitioner = with_password(people[Role.PRACTITIONER])
    page.goto(str(live_server) + reverse("accounts:sign-in"))
    page.get_by_label("Email address").fill(practitioner.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    assert page.title().startswith("Error:")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Email address")).to_be_focused()
    assert page.problems.messages == []  # type: ignore[attr-defined]


def test_right_password_signs_in(page: Page, live_server: object, people: dict[str, User]) -> None:
    practitioner = with_password(people[Role.PRACTITIONER])
    page.goto(str(live_server) + reverse("accounts:sign-in"))
    page.get_by_label("Email address").fill(practitioner.email.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
