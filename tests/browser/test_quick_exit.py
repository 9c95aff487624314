"""The quick exit leaves at once, by button and by Shift pressed 3 times, and Back does
not return to the page that was left."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from safeguarding.core.models import Partnership
from safeguarding.demo import factories
from tests.browser.conftest import NeutralSite

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partnership_leaving_to(neutral_site: NeutralSite) -> Partnership:
    return factories.partnership(quick_exit_url=neutral_site.url)


def open_home_after_another_page(page: Page, live_server_url: str) -> str:
    page.goto(live_server_url + reverse("core:cover-your-tracks"))
    home = live_server_url + reverse("core:home")
    page.goto(home)
    # The enhanced button is ready once GOV.UK Frontend has initialised it.
    page.wait_for_selector("[data-sp-quick-exit-init]", state="attached")
    return home


def test_button_leaves_and_back_does_not_return(
    page: Page, live_server: object, partnership_leaving_to: Partnership, neutral_site: NeutralSite
) -> None:
    home = open_home_after_another_page(page, str(live_server))
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(neutral_site.url)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()

    page.go_back()
    assert page.url != home
    assert page.url.endswith(reverse("core:cover-your-tracks"))
    assert page.problems.messages == []  # type: ignore[attr-defined]


def test_three_shift_presses_leave_and_back_does_not_return(
    page: Page, live_server: object, partnership_leaving_to: Partnership, neutral_site: NeutralSite
) -> None:
    home = open_home_after_another_page(page, str(live_server))
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert page.url == home, "two presses must not leave yet"
    page.keyboard.press("Shift")
    page.wait_for_url(neutral_site.url)

    page.go_back()
    assert page.url != home
    assert page.url.endswith(reverse("core:cover-your-tracks"))


def test_shift_presses_spread_out_do_not_leave(
    page: Page, live_server: object, partnership_leaving_to: Partnership
) -> None:
    home = open_home_after_another_page(page, str(live_server))
    page.keyboard.press("Shift")
    page.keyboard.type("a")  # another key in between resets the count
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == home


def test_button_is_a_working_link_without_javascript(
    browser: Browser,
    live_server: object,
    partnership_leaving_to: Partnership,
    neutral_site: NeutralSite,
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(str(live_server) + reverse("core:home"))
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(neutral_site.url)
    context.close()


def test_every_public_page_offers_the_exit(
    page: Page, live_server: object, partnership_leaving_to: Partnership
) -> None:
    for name in ("core:home", "core:cover-your-tracks", "core:accessibility", "accounts:sign-in"):
        page.goto(str(live_server) + reverse(name))
        expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
