"""Public pages, staff pages and error pages: the quick exit, security headers, no inline code."""

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core import views
from safeguarding.core.models import DEFAULT_QUICK_EXIT_URL, Partnership
from safeguarding.core.roles import Role
from tests.conftest import sign_in_with_password, with_password
from tests.pages import Response, one, page, text

pytestmark = pytest.mark.django_db

# An address with a query string, so the test also sees it written into the page correctly.
QUICK_EXIT_URL = "https://www.example.org/weather?place=testford&units=metric"

PUBLIC_PAGES: list[tuple[str, dict[str, Any]]] = [
    ("core:home", {}),
    ("core:cover-your-tracks", {}),
    ("core:accessibility", {}),
    ("accounts:sign-in", {}),
    ("accounts:password-reset", {}),
    ("accounts:password-reset-sent", {}),
    ("accounts:password-reset-complete", {}),
    ("accounts:password-reset-confirm", {"uidb64": "MQ", "token": "not-a-real-token"}),
]
STAFF_PAGES = ["core:staff-home", "core:agency-list", "core:code-list-list", "accounts:account"]


@pytest.fixture
def quick_exit_partnership(partnership: Partnership) -> Partnership:
    partnership.quick_exit_url = QUICK_EXIT_URL
    partnership.save()
    return partnership


def public_page_urls() -> list[str]:
    return [reverse(name, kwargs=kwargs) for name, kwargs in PUBLIC_PAGES]


def assert_quick_exit(document: BeautifulSoup, url: str) -> None:
    """The Exit this page button and its skip link, both going to `url`."""
    container = one(document, "div.govuk-exit-this-page")
    assert container.get("data-module") == "sp-quick-exit"
    button = one(container, "a.govuk-exit-this-page__button")
    assert button["href"] == url
    assert "govuk-js-exit-this-page-button" in button.get_attribute_list("class")
    assert "Exit this page" in text(button)
    skip_link = one(document, "a.govuk-js-exit-this-page-skiplink")
    assert skip_link["href"] == url
    assert "govuk-skip-link" in skip_link.get_attribute_list("class")


def assert_no_quick_exit(document: BeautifulSoup) -> None:
    assert document.select(".govuk-exit-this-page") == []
    assert document.select(".govuk-js-exit-this-page-skiplink") == []
    assert document.select('[data-module="sp-quick-exit"]') == []


# --- Quick exit -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES, ids=[n for n, _ in PUBLIC_PAGES])
def test_public_page_carries_the_quick_exit(
    name: str, kwargs: dict[str, Any], quick_exit_partnership: Partnership
) -> None:
    response = Client().get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200
    assert_quick_exit(page(response), QUICK_EXIT_URL)


def test_quick_exit_goes_to_the_default_before_a_partnership_is_set_up(db: None) -> None:
    assert not Partnership.objects.exists()

    response = Client().get(reverse("core:home"))

    assert response.status_code == 200
    assert_quick_exit(page(response), DEFAULT_QUICK_EXIT_URL)


def test_public_page_carries_the_quick_exit_for_staff_too(
    quick_exit_partnership: Partnership, practitioner_client: Client
) -> None:
    response = practitioner_client.get(reverse("core:cover-your-tracks"))

    assert_quick_exit(page(response), QUICK_EXIT_URL)


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_have_no_quick_exit_by_default(
    name: str, quick_exit_partnership: Partnership, practitioner_client: Client
) -> None:
    response = practitioner_client.get(reverse(name))

    assert response.status_code == 200
    assert_no_quick_exit(page(response))


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_carry_the_quick_exit_when_the_partnership_asks(
    name: str, quick_exit_partnership: Partnership, practitioner_client: Client
) -> None:
    quick_exit_partnership.quick_exit_on_staff_pages = True
    quick_exit_partnership.save()

    response = practitioner_client.get(reverse(name))

    assert response.status_code == 200
    assert_quick_exit(page(response), QUICK_EXIT_URL)


def test_settings_page_follows_the_staff_page_setting(
    quick_exit_partnership: Partnership, business_unit_client: Client
) -> None:
    url = reverse("core:partnership-edit")
    assert_no_quick_exit(page(business_unit_client.get(url)))

    quick_exit_partnership.quick_exit_on_staff_pages = True
    quick_exit_partnership.save()

    assert_quick_exit(page(business_unit_client.get(url)), QUICK_EXIT_URL)


# --- Error pages --------------------------------------------------------------------------


def assert_error_page(response: Response, heading: str, quick_exit_url: str) -> BeautifulSoup:
    """The styled error page: its heading and the quick exit."""
    document = page(response)
    assert text(one(document, "h1.govuk-heading-l")) == heading
    assert_quick_exit(document, quick_exit_url)
    return document


def test_page_not_found_is_styled_and_carries_the_quick_exit(
    quick_exit_partnership: Partnership,
) -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    document = assert_error_page(response, "Page not found", QUICK_EXIT_URL)
    assert text(one(document, "title")).startswith("Page not found")
    assert document.select('link[rel="stylesheet"]')
    one(document, "main#main-content")


def test_permission_denied_is_styled_and_carries_the_quick_exit(
    quick_exit_partnership: Partnership, practitioner_client: Client
) -> None:
    response = practitioner_client.get(reverse("core:partnership-edit"))

    assert response.status_code == 403
    assert_error_page(response, "You do not have permission to see this page", QUICK_EXIT_URL)


def test_server_error_page_carries_the_quick_exit_without_the_database(db: None) -> None:
    # Rendered without the request, because the database may be what failed.
    response = views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert_error_page(
        response, "Sorry, there is a problem with the service", DEFAULT_QUICK_EXIT_URL
    )


# --- Content ------------------------------------------------------------------------------


def test_cover_your_tracks_explains_private_browsing_and_history(partnership: Partnership) -> None:
    response = Client().get(reverse("core:cover-your-tracks"))

    main = text(one(response, "main"))
    assert "Cover your tracks online" in main
    assert "private browsing" in main.lower()
    assert "history" in main.lower()
    assert "Shift" in main


def test_home_lists_the_safeguarding_partners(
    agencies: dict[str, Any], partnership: Partnership
) -> None:
    response = Client().get(reverse("core:home"))

    main = text(one(response, "main"))
    assert "Testford Council" in main
    assert "Testshire Police" in main


def test_healthz_says_ok() -> None:
    response = Client().get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


# --- Security -----------------------------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("url", public_page_urls())
def test_content_security_policy_allows_only_own_scripts(
    url: str, partnership: Partnership
) -> None:
    response = Client().get(url)

    header = response["Content-Security-Policy"]
    directives = csp_directives(header)
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header


def test_other_security_headers(partnership: Partnership) -> None:
    response = Client().get(reverse("core:home"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    # Browsers ignore HSTS over plain HTTP; Django sends it over HTTPS only.
    assert "Strict-Transport-Security" not in response


def test_hsts_on_a_secure_request(partnership: Partnership) -> None:
    assert not settings.DEBUG

    response = Client().get(reverse("core:home"), secure=True)

    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 31_536_000
    assert "includeSubDomains" in hsts


def test_session_and_csrf_cookies_are_secure_after_sign_in(people: dict[str, User]) -> None:
    person = with_password(people[Role.PRACTITIONER])
    client = Client()

    form = client.get(reverse("accounts:sign-in"))
    assert form.cookies[settings.CSRF_COOKIE_NAME]["secure"]
    response = sign_in_with_password(client, person.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:staff-home")
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session.value
    assert session["secure"]
    assert session["httponly"]
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf.value
    assert csrf["secure"]


@pytest.mark.parametrize("url", [*public_page_urls(), "/no-such-page/"])
def test_no_inline_script_or_style(url: str, partnership: Partnership) -> None:
    response = Client().get(url)

    document = page(response)
    scripts = document.select("script")
    assert scripts, "the page loads its scripts"
    for script in scripts:
        assert script.get("src"), f"inline <script> on {url}"
        assert script.get_text().strip() == "", f"<script src> with code inside on {url}"
    # The policy refuses inline styles and event handlers too.
    assert document.select("style") == []
    for element in document.find_all(True):
        assert "style" not in element.attrs, f"inline style on <{element.name}> on {url}"
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert not handlers, f"inline event handler {handlers} on <{element.name}> on {url}"
