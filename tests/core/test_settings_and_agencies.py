"""The partnership settings form and the agency forms: clear errors that change nothing,
saves that are recorded, and refusals for everyone but the business unit."""

from collections.abc import Callable
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import Role, User
from safeguarding.core.models import Agency, AuditEntry, Partnership
from tests.conftest import ROLES
from tests.core.conftest import partnership_form_data, partnership_values
from tests.core.markup import Element, parse

pytestmark = pytest.mark.django_db

SETTINGS_URL = "core:partnership-edit"


def error_summary_links(page: Element) -> list[tuple[str, str]]:
    """(href, text) of every link in the page's one error summary."""
    summaries = page.find_all("div", cls="govuk-error-summary")
    assert len(summaries) == 1, f"expected one error summary, found {len(summaries)}"
    assert "There is a problem" in summaries[0].text()
    return [(a.attrs["href"], a.text()) for a in summaries[0].find_all("a")]


def assert_link_targets_exist(page: Element, links: list[tuple[str, str]]) -> None:
    for href, _ in links:
        assert page.find_all(id=href.removeprefix("#")), f"nothing on the page has id {href}"


def agency_data(**fields: Any) -> dict[str, Any]:
    data = {
        "name": "Testford Housing Trust",
        "slug": "testford-housing",
        "kind": Agency.Kind.HOUSING.value,
        "is_active": "on",
        "website": "https://housing.example.org",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def agency_values() -> list[dict[str, Any]]:
    return [model_to_dict(a) for a in Agency.objects.order_by("pk")]


# --- Partnership settings -----------------------------------------------------------------


def test_settings_form_shows_the_current_values(
    partnership: Partnership, business_unit_client: Client
) -> None:
    response = business_unit_client.get(reverse(SETTINGS_URL))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("input", id="id_name").attrs["value"] == partnership.name
    assert page.find("input", id="id_quick_exit_url").attrs["value"] == partnership.quick_exit_url
    labels = {label.attrs.get("for"): label.text() for label in page.find_all("label")}
    assert labels["id_quick_exit_url"] == "Quick exit destination"


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"quick_exit_url": "not a url"},
            "id_quick_exit_url",
            "Enter the quick exit destination as a full web address, "
            "like https://www.bbc.co.uk/weather",
        ),
        (
            {"quick_exit_url": "javascript:alert(1)"},
            "id_quick_exit_url",
            "Enter the quick exit destination as a full web address, "
            "like https://www.bbc.co.uk/weather",
        ),
        (
            {"quick_exit_url": "ftp://weather.example.org/"},
            "id_quick_exit_url",
            "Enter a web address that starts with https://",
        ),
        (
            {"quick_exit_url": ""},
            "id_quick_exit_url",
            "Enter the web address the Exit this page button goes to",
        ),
        ({"name": ""}, "id_name", "Enter the partnership's name"),
        ({"name": "   "}, "id_name", "Enter the partnership's name"),
        (
            {"short_name": ""},
            "id_short_name",
            "Enter a short name, such as the partnership's initials",
        ),
        (
            {"contact_email": "not-an-email"},
            "id_contact_email",
            "Enter an email address in the correct format, like name@example.org",
        ),
    ],
    ids=[
        "not-a-url",
        "javascript",
        "ftp",
        "empty-url",
        "empty-name",
        "blank-name",
        "empty-short-name",
        "bad-email",
    ],
)
def test_bad_settings_are_explained_and_change_nothing(
    changes: dict[str, str],
    field_id: str,
    message: str,
    partnership: Partnership,
    business_unit_client: Client,
) -> None:
    before = partnership_values(partnership)
    entries = AuditEntry.objects.count()
    data = partnership_form_data(partnership, area="Somewhere else entirely", **changes)

    response = business_unit_client.post(reverse(SETTINGS_URL), data)

    assert response.status_code == 200
    page = parse(response.content)
    links = error_summary_links(page)
    assert links == [(f"#{field_id}", message)]
    assert_link_targets_exist(page, links)
    assert page.find("p", id=f"{field_id}_error").text() == f"Error: {message}"
    assert partnership_values(partnership) == before
    assert AuditEntry.objects.count() == entries


def test_every_problem_is_in_one_summary_in_page_order(
    partnership: Partnership, business_unit_client: Client
) -> None:
    before = partnership_values(partnership)
    data = partnership_form_data(partnership, name="", quick_exit_url="not a url")

    response = business_unit_client.post(reverse(SETTINGS_URL), data)

    assert response.status_code == 200
    links = error_summary_links(parse(response.content))
    assert [href for href, _ in links] == ["#id_name", "#id_quick_exit_url"]
    assert partnership_values(partnership) == before


def test_good_settings_are_saved_and_shown_in_the_history(
    partnership: Partnership, people: dict[str, User], business_unit_client: Client
) -> None:
    data = partnership_form_data(
        partnership,
        name="Testford Children Partnership",
        quick_exit_url="https://www.example.org/weather",
        quick_exit_on_staff_pages=True,
        contact_email="help@testford.example",
    )

    response = business_unit_client.post(reverse(SETTINGS_URL), data, follow=True)

    assert response.redirect_chain == [(reverse(SETTINGS_URL), 302)]
    stored = Partnership.objects.get(pk=partnership.pk)
    assert stored.name == "Testford Children Partnership"
    assert stored.quick_exit_url == "https://www.example.org/weather"
    assert stored.quick_exit_on_staff_pages is True
    assert stored.contact_email == "help@testford.example"
    page = parse(response.content)
    assert "Partnership details saved" in page.find("main").text()
    history = page.find("ol", cls="sp-history")
    entry = history.find("li", cls="sp-history__entry")
    assert f"Changed by {people[Role.BUSINESS_UNIT].email}" in entry.text()
    changes = [li.text() for li in entry.find_all("li")]
    assert (
        "name: Testford Safeguarding Children Partnership → Testford Children Partnership"
        in changes
    )
    assert "quick_exit_on_staff_pages: False → True" in changes
    # The setting takes effect: this staff page now carries the quick exit.
    assert page.find("a", cls="govuk-js-exit-this-page-skiplink").attrs["href"] == (
        "https://www.example.org/weather"
    )


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        (SETTINGS_URL, {"name": ""}),
        ("core:agency-create", {"name": ""}),
    ],
    ids=["settings", "agency"],
)
def test_page_title_says_there_is_an_error(
    url_name: str,
    data: dict[str, str],
    partnership: Partnership,
    agencies: dict[str, Agency],
    business_unit_client: Client,
) -> None:
    # GOV.UK pattern (as the sign-in page does): "Error: " starts the title, so a screen
    # reader announces the problem as the page loads.
    posted = (
        partnership_form_data(partnership, **data)
        if url_name == SETTINGS_URL
        else agency_data(**data)
    )

    response = business_unit_client.post(reverse(url_name), posted)

    assert response.status_code == 200
    title = parse(response.content).find("title").text()
    assert title.startswith("Error: "), f"title is {title!r}"


# --- Agencies -----------------------------------------------------------------------------


def test_kind_of_agency_is_gov_uk_radios(
    agencies: dict[str, Agency], business_unit_client: Client
) -> None:
    response = business_unit_client.get(reverse("core:agency-create"))

    assert response.status_code == 200
    page = parse(response.content)
    radios = page.find("div", cls="govuk-radios")
    assert radios.attrs["data-module"] == "govuk-radios"
    fieldset = page.find("fieldset", cls="govuk-fieldset")
    assert fieldset.find("legend", cls="govuk-fieldset__legend").text() == "Kind of agency"
    inputs = radios.find_all("input", type="radio", name="kind")
    assert all("govuk-radios__input" in i.classes for i in inputs)
    labels = {label.attrs["for"]: label.text() for label in radios.find_all("label")}
    for radio in inputs:
        assert radio.attrs["id"] in labels, "every radio has a label"
    # One radio per kind of agency, and no empty "select an option" choice.
    assert [i.attrs["value"] for i in inputs] == [kind.value for kind in Agency.Kind]
    assert [labels[i.attrs["id"]] for i in inputs] == [kind.label for kind in Agency.Kind]


def test_an_agency_is_created_listed_and_recorded(
    agencies: dict[str, Agency], people: dict[str, User], business_unit_client: Client
) -> None:
    response = business_unit_client.post(reverse("core:agency-create"), agency_data())

    agency = Agency.objects.get(slug="testford-housing")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:agency-detail", args=[agency.slug])
    assert agency.name == "Testford Housing Trust"
    assert agency.kind == Agency.Kind.HOUSING
    assert agency.is_active is True
    assert agency.is_safeguarding_partner is False

    listing = parse(business_unit_client.get(reverse("core:agency-list")).content)
    link = listing.find("a", href=reverse("core:agency-detail", args=[agency.slug]))
    assert link.text() == "Testford Housing Trust"

    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, target_type="core.agency")
    assert entry.target_id == str(agency.pk)
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.changes["name"] == [None, "Testford Housing Trust"]
    assert entry.changes["kind"] == [None, "housing"]


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"name": "Testford Council"}, "id_name", "An agency with this name already exists"),
        (
            {"slug": "testshire-police"},
            "id_slug",
            "Another agency already uses this short name",
        ),
        (
            {"slug": "Not A Slug"},
            "id_slug",
            "Use only lower-case letters, numbers and hyphens in the short name",
        ),
        ({"name": ""}, "id_name", "Enter the agency's name"),
        ({"kind": None}, "id_kind_0", "Select the kind of agency"),
        (
            {"website": "not a website"},
            "id_website",
            "Enter the website as a full web address, like https://…",
        ),
    ],
    ids=["duplicate-name", "duplicate-slug", "bad-slug", "no-name", "no-kind", "bad-website"],
)
def test_bad_agency_is_explained_and_changes_nothing(
    fields: dict[str, Any],
    field_id: str,
    message: str,
    agencies: dict[str, Agency],
    business_unit_client: Client,
) -> None:
    before = agency_values()
    entries = AuditEntry.objects.count()

    response = business_unit_client.post(reverse("core:agency-create"), agency_data(**fields))

    assert response.status_code == 200
    page = parse(response.content)
    links = error_summary_links(page)
    assert links == [(f"#{field_id}", message)]
    assert_link_targets_exist(page, links)
    assert agency_values() == before
    assert AuditEntry.objects.count() == entries


def test_editing_an_agency_records_what_changed(
    agencies: dict[str, Agency], people: dict[str, User], business_unit_client: Client
) -> None:
    police = agencies["police"]
    url = reverse("core:agency-edit", args=[police.slug])
    form = parse(business_unit_client.get(url).content)
    assert form.find("input", id="id_name").attrs["value"] == "Testshire Police"

    data = agency_data(
        name="Testshire Constabulary",
        slug=police.slug,
        kind=police.kind,
        is_safeguarding_partner="on",
        website="https://police.example.org",
    )
    response = business_unit_client.post(url, data, follow=True)

    assert response.status_code == 200
    stored = Agency.objects.get(pk=police.pk)
    assert stored.name == "Testshire Constabulary"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE, target_type="core.agency")
    assert entry.target_id == str(police.pk)
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.changes == {
        "name": ["Testshire Police", "Testshire Constabulary"],
        "website": ["", "https://police.example.org"],
    }
    history = parse(response.content).find("ol", cls="sp-history")
    assert "name: Testshire Police → Testshire Constabulary" in history.text()


def test_editing_an_agency_to_another_agencys_name_is_refused(
    agencies: dict[str, Agency], business_unit_client: Client
) -> None:
    police = agencies["police"]
    before = agency_values()

    response = business_unit_client.post(
        reverse("core:agency-edit", args=[police.slug]),
        agency_data(name="Testford Council", slug=police.slug, kind=police.kind),
    )

    assert response.status_code == 200
    assert error_summary_links(parse(response.content)) == [
        ("#id_name", "An agency with this name already exists")
    ]
    assert agency_values() == before


# --- Only the business unit may change anything -------------------------------------------


OTHER_ROLES = [role for role in ROLES if role != Role.BUSINESS_UNIT]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_change_settings_or_agencies(
    role: str,
    partnership: Partnership,
    agencies: dict[str, Agency],
    people: dict[str, User],
    client_as: Callable[[str], Client],
) -> None:
    client = client_as(role)
    settings_before = partnership_values(partnership)
    agencies_before = agency_values()
    entries = AuditEntry.objects.count()
    police = agencies["police"]

    attempts = [
        client.post(
            reverse(SETTINGS_URL),
            partnership_form_data(
                partnership, name="Taken over", quick_exit_url="https://evil.example"
            ),
        ),
        client.post(reverse("core:agency-create"), agency_data()),
        client.post(
            reverse("core:agency-edit", args=[police.slug]),
            agency_data(name="Renamed", slug=police.slug, kind=police.kind),
        ),
    ]

    assert [response.status_code for response in attempts] == [403, 403, 403]
    assert partnership_values(partnership) == settings_before
    assert agency_values() == agencies_before
    assert AuditEntry.objects.count() == entries


def test_scrutineer_is_refused_with_the_styled_page(
    partnership: Partnership, agencies: dict[str, Agency], scrutineer_client: Client
) -> None:
    before = partnership_values(partnership)

    response = scrutineer_client.post(
        reverse(SETTINGS_URL), partnership_form_data(partnership, name="Changed by scrutineer")
    )

    assert response.status_code == 403
    page = parse(response.content)
    assert page.find("h1").text() == "You do not have permission to see this page"
    assert partnership_values(partnership) == before
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CHANGE).exists()


def test_not_signed_in_is_sent_to_sign_in_and_changes_nothing(
    partnership: Partnership, agencies: dict[str, Agency]
) -> None:
    before = partnership_values(partnership)
    agencies_before = agency_values()

    response = Client().post(reverse(SETTINGS_URL), partnership_form_data(partnership, name="X"))
    created = Client().post(reverse("core:agency-create"), agency_data())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert created.status_code == 302
    assert partnership_values(partnership) == before
    assert agency_values() == agencies_before
