"""The partnership settings form and the agency forms: clear errors that change nothing,
saves that are recorded, and refusals for everyone but the business unit."""

from collections.abc import Callable
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED
from safeguarding.core.models import Agency, AuditEntry, Partnership
from safeguarding.core.roles import Role
from tests.conftest import ROLES
from tests.core.conftest import partnership_form_data, partnership_values
from tests.pages import error_summary, one, page, text

pytestmark = pytest.mark.django_db

SETTINGS_URL = "core:partnership-edit"


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
    document = page(response)
    assert one(document, "input#id_name")["value"] == partnership.name
    assert one(document, "input#id_quick_exit_url")["value"] == partnership.quick_exit_url
    labels = {label.get("for"): text(label) for label in document.select("label")}
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
    assert error_summary(response) == {message: field_id}
    assert text(one(response, f"p#{field_id}_error")) == f"Error: {message}"
    assert partnership_values(partnership) == before
    assert AuditEntry.objects.count() == entries


def test_every_problem_is_in_one_summary_in_page_order(
    partnership: Partnership, business_unit_client: Client
) -> None:
    before = partnership_values(partnership)
    data = partnership_form_data(partnership, name="", quick_exit_url="not a url")

    response = business_unit_client.post(reverse(SETTINGS_URL), data)

    assert response.status_code == 200
    assert list(error_summary(response).values()) == ["id_name", "id_quick_exit_url"]
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
    document = page(response)
    assert "Partnership details saved" in text(one(document, "main"))
    history = one(document, "ol.sp-history")
    entry = one(history, "li.sp-history__entry")
    assert f"Changed by {people[Role.BUSINESS_UNIT].full_name}" in text(entry)
    changes = [text(li) for li in entry.select("li")]
    assert (
        "Name: Testford Safeguarding Children Partnership → Testford Children Partnership"
        in changes
    )
    assert "Show Exit this page on staff pages: No → Yes" in changes
    # The setting takes effect: this staff page now carries the quick exit.
    assert one(document, "a.govuk-js-exit-this-page-skiplink")["href"] == (
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
    title = text(one(response, "title"))
    assert title.startswith("Error: "), f"title is {title!r}"


# --- Agencies -----------------------------------------------------------------------------


def test_kind_of_agency_is_gov_uk_radios(
    agencies: dict[str, Agency], business_unit_client: Client
) -> None:
    response = business_unit_client.get(reverse("core:agency-create"))

    assert response.status_code == 200
    document = page(response)
    radios = one(document, "div.govuk-radios")
    assert radios["data-module"] == "govuk-radios"
    fieldset = one(document, "fieldset.govuk-fieldset")
    assert text(one(fieldset, "legend.govuk-fieldset__legend")) == "Kind of agency"
    inputs = radios.select('input[type="radio"][name="kind"]')
    assert all("govuk-radios__input" in i.get_attribute_list("class") for i in inputs)
    labels = {str(label["for"]): text(label) for label in radios.select("label")}
    for radio in inputs:
        assert radio["id"] in labels, "every radio has a label"
    # One radio per kind of agency, and no empty "select an option" choice.
    assert [i["value"] for i in inputs] == [kind.value for kind in Agency.Kind]
    assert [labels[str(i["id"])] for i in inputs] == [kind.label for kind in Agency.Kind]


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

    listing = business_unit_client.get(reverse("core:agency-list"))
    link = one(listing, f'a[href="{reverse("core:agency-detail", args=[agency.slug])}"]')
    assert text(link) == "Testford Housing Trust"

    entry = AuditEntry.objects.get(action=RECORD_CREATED, target_type="core.agency")
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
    assert error_summary(response) == {message: field_id}
    assert agency_values() == before
    assert AuditEntry.objects.count() == entries


def test_editing_an_agency_records_what_changed(
    agencies: dict[str, Agency], people: dict[str, User], business_unit_client: Client
) -> None:
    police = agencies["police"]
    url = reverse("core:agency-edit", args=[police.slug])
    form = business_unit_client.get(url)
    assert one(form, "input#id_name")["value"] == "Testshire Police"

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
    entry = AuditEntry.objects.get(action=RECORD_CHANGED, target_type="core.agency")
    assert entry.target_id == str(police.pk)
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.changes == {
        "name": ["Testshire Police", "Testshire Constabulary"],
        "website": ["", "https://police.example.org"],
    }
    history = one(response, "ol.sp-history")
    assert "Name: Testshire Police → Testshire Constabulary" in text(history)


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
    assert error_summary(response) == {"An agency with this name already exists": "id_name"}
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
    assert text(one(response, "h1")) == "You do not have permission to see this page"
    assert partnership_values(partnership) == before
    assert not AuditEntry.objects.filter(action=RECORD_CHANGED).exists()


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
