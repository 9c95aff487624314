"""The shared building blocks in core, each with its one reader: roles, code-list files,
breakdown dimensions and age bands, the spreadsheet-formula guard, and email."""

from pathlib import Path

import duckdb
import pytest
from django.core import mail
from django.test import override_settings

from safeguarding.accounts.models import User
from safeguarding.core import code_list_files
from safeguarding.core.code_list_files import (
    CODE_LISTS_DIR,
    code_list_codes,
    code_list_labels,
    code_list_title,
)
from safeguarding.core.dimensions import DIMENSIONS, age_bands, dimension, oldest_age
from safeguarding.core.mail import absolute, send_to_people
from safeguarding.core.models import Agency
from safeguarding.core.roles import (
    Role,
    is_agency_lead,
    is_agency_lead_of,
    is_analyst,
    led_agency_id,
    reads_everything,
)
from safeguarding.core.spreadsheet_cells import (
    FORMULA_START_PATTERN,
    runs_as_formula,
    spreadsheet_safe,
)
from safeguarding.insight.sql import age_band_case

# --- roles -----------------------------------------------------------------------------------


def test_an_agency_lead_leads_for_their_own_agency_only(
    people: dict[str, User], agencies: dict[str, Agency]
) -> None:
    lead = people[Role.AGENCY_LEAD]
    assert is_agency_lead(lead)
    assert is_agency_lead_of(lead, lead.agency)
    assert is_agency_lead_of(lead, lead.agency_id)
    assert not is_agency_lead_of(lead, agencies["police"])
    assert not is_agency_lead_of(lead, None)
    assert led_agency_id(lead) == lead.agency_id
    for role in (Role.BUSINESS_UNIT, Role.PRACTITIONER, Role.ANALYST):
        assert not is_agency_lead_of(people[role], people[role].agency_id)
        assert led_agency_id(people[role]) is None


def test_an_agency_lead_without_an_agency_or_no_longer_active_leads_for_none(
    people: dict[str, User],
) -> None:
    lead = people[Role.AGENCY_LEAD]
    agency_id = lead.agency_id
    lead.is_active = False
    assert not is_agency_lead_of(lead, agency_id)
    lead.is_active, lead.agency_id = True, None
    assert not is_agency_lead(lead)


def test_role_predicates(people: dict[str, User]) -> None:
    assert is_analyst(people[Role.ANALYST]) and not is_analyst(people[Role.BUSINESS_UNIT])
    readers = {role for role, person in people.items() if reads_everything(person)}
    assert readers == {Role.BUSINESS_UNIT, Role.SCRUTINEER}


# --- code-list files -------------------------------------------------------------------------


def test_every_code_list_is_read_once_by_one_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    code_list_files.code_list_rows.cache_clear()
    reads: list[Path] = []
    real = code_list_files.read_code_rows

    def counted(path: Path) -> list[dict[str, str]]:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(code_list_files, "read_code_rows", counted)
    for _ in range(3):
        code_list_codes("sex")
        code_list_labels("sex")
    assert reads == [CODE_LISTS_DIR / "sex.csv"]
    code_list_files.code_list_rows.cache_clear()


def test_code_lists_as_their_files_give_them() -> None:
    assert code_list_codes("sex") == {"0", "1", "2", "9"}
    assert code_list_labels("age-band")[0] == ("UNB", "Unborn")
    assert code_list_title("deprivation-decile") == "Deprivation decile"
    assert code_list_title("no-such-list") == "no-such-list"
    with pytest.raises(KeyError, match="no-such-list is not a code list"):
        code_list_codes("no-such-list")
    with pytest.raises(KeyError, match="ethnicity-crosswalk is not a code list"):
        code_list_codes("ethnicity-crosswalk")


# --- dimensions and age bands ----------------------------------------------------------------


def test_dimensions_take_their_titles_and_codes_from_the_code_lists() -> None:
    assert [d.name for d in DIMENSIONS] == [
        "ethnicity",
        "sex",
        "age_band",
        "deprivation_decile",
        "locality",
    ]
    assert [d.title for d in DIMENSIONS] == [
        "Ethnicity",
        "Sex",
        "Age band",
        "Deprivation decile",
        "Locality",
    ]
    assert dimension("age_band").codes() == code_list_codes("age-band")
    assert dimension("locality").list_title == "locality"
    with pytest.raises(KeyError, match="from the database"):
        dimension("locality").codes()
    with pytest.raises(ValueError, match="'shoe_size' is not a breakdown: use one of ethnicity"):
        dimension("shoe_size")


def test_age_bands_come_from_the_age_band_file() -> None:
    bands = age_bands()
    assert [b.code for b in bands] == ["UNB", "0", "1-4", "5-9", "10-15", "16+"]
    assert bands[0].unborn and not bands[1].unborn
    assert (bands[3].youngest, bands[3].oldest) == (5, 9)
    assert oldest_age() == 25


@pytest.mark.parametrize(
    ("months_old", "band"),
    [
        (None, None),
        (-1, "UNB"),
        (0, "0"),
        (11, "0"),
        (12, "1-4"),
        (59, "1-4"),
        (60, "5-9"),
        (191, "10-15"),
        (192, "16+"),
        (400, "16+"),
    ],
)
def test_the_analytical_age_band_follows_the_bands(months_old: int | None, band: str) -> None:
    # The SQL is the platform's own, built from age-band.csv; the age is a parameter.
    query = f"SELECT {age_band_case('m')} FROM (SELECT CAST(? AS INTEGER) AS m)"  # noqa: S608
    assert duckdb.execute(query, [months_old]).fetchone() == (band,)


# --- the spreadsheet-formula guard -----------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_is_quoted(text: str) -> None:
    assert runs_as_formula(text)
    assert spreadsheet_safe(text) == "'" + text
    assert duckdb.execute("SELECT regexp_matches(?, ?)", [text, FORMULA_START_PATTERN]).fetchone()


@pytest.mark.parametrize("value", ["White British", "a=b", "", 5, -3, None])
def test_other_values_are_left_alone(value: object) -> None:
    assert spreadsheet_safe(value) == value


# --- email -----------------------------------------------------------------------------------


@override_settings(SITE_URL="https://partnership.example/")
def test_links_in_emails_are_full_addresses() -> None:
    assert absolute("/returns/") == "https://partnership.example/returns/"


def test_each_person_is_emailed_once(people: dict[str, User]) -> None:
    lead = people[Role.AGENCY_LEAD]
    sent = send_to_people(
        subject="A test",
        template="governance/email/action_chased.txt",
        context={"action": None, "link": "https://partnership.example/"},
        to=[lead, lead, people[Role.GROUP_CHAIR]],
    )
    assert sent == 2
    (message,) = mail.outbox
    assert sorted(message.to) == sorted([lead.email, people[Role.GROUP_CHAIR].email])
    assert send_to_people(subject="None", template="x.txt", context={}, to=[]) == 0
