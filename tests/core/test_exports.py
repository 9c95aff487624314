"""CSV downloads: safe to open in a spreadsheet, readable by Excel, and the code list files."""

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.core.exports import csv_response
from safeguarding.core.models import Code, CodeList
from safeguarding.core.spreadsheet_cells import spreadsheet_safe

BOM = "\ufeff".encode()


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM), "a CSV download starts with a byte order mark for Excel"
    assert not content[len(BOM) :].startswith(BOM), "only one byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- spreadsheet_safe ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("https://evil.example","Click")',
        "+44 20 7946 0000",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_is_neutralised(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["", "White British", "a=b", "1+1", "'=already quoted", "Zoë", 0, 5, -3, 2.5, None, True],
)
def test_other_values_are_left_alone(value: Any) -> None:
    result = spreadsheet_safe(value)

    assert result == value
    assert type(result) is type(value)


# --- csv_response -------------------------------------------------------------------------


def test_csv_response_is_an_excel_friendly_download() -> None:
    response = csv_response(
        filename="figures.csv",
        header=["area", "count", "note"],
        rows=[
            ["Testford North", 12, "=2+2"],
            ["Testford, South", -3, 'said "no"\non two lines'],
            ["Zoë's area", None, "@risk"],
        ],
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="figures.csv"'
    assert read_csv(response.content) == [
        ["area", "count", "note"],
        ["Testford North", "12", "'=2+2"],
        ["Testford, South", "-3", 'said "no"\non two lines'],
        ["Zoë's area", "", "'@risk"],
    ]


def test_csv_response_with_no_rows_has_the_header() -> None:
    response = csv_response(filename="empty.csv", header=["code", "label"], rows=iter([]))

    assert read_csv(response.content) == [["code", "label"]]


# --- Code list downloads ------------------------------------------------------------------


def download(client: Client, slug: str) -> list[list[str]]:
    response = client.get(reverse("core:code-list-download", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
    return read_csv(response.content)


@pytest.mark.django_db
def test_ethnicity_download_has_groups_and_crosswalk(practitioner_client: Client) -> None:
    rows = download(practitioner_client, "ethnicity")

    assert rows[0] == [
        "code",
        "label",
        "group",
        "kind",
        "nhs",
        "note",
        "ons_2021",
        "police_self_defined",
    ]
    assert len(rows) == 21
    assert rows[1] == [
        "WBRI",
        "White British",
        "White",
        "group",
        "A",
        "",
        "White: English/Welsh/Scottish/Northern Irish/British",
        "W1",
    ]
    assert [row[0] for row in rows[-2:]] == ["REFU", "NOBT"]
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.django_db
def test_sex_download_is_code_label_group(practitioner_client: Client) -> None:
    assert download(practitioner_client, "sex") == [
        ["code", "label", "group"],
        ["1", "Male", ""],
        ["2", "Female", ""],
        ["0", "Not known", ""],
        ["9", "Not specified", ""],
    ]


@pytest.mark.django_db
def test_age_band_download_has_its_ages(practitioner_client: Client) -> None:
    rows = download(practitioner_client, "age-band")

    assert rows[0] == ["code", "label", "group", "max_age", "min_age"]
    assert rows[1] == ["UNB", "Unborn", "", "", ""]
    assert rows[3] == ["1-4", "1 to 4", "", "4", "1"]


@pytest.mark.django_db
def test_code_list_download_is_formula_safe(practitioner_client: Client) -> None:
    sex = CodeList.objects.get(slug="sex")
    Code.objects.create(
        code_list=sex, code="X", label="=cmd|'/C calc'!A0", group="+g", sort_order=99
    )

    rows = download(practitioner_client, "sex")

    assert rows[-1] == ["X", "'=cmd|'/C calc'!A0", "'+g"]


@pytest.mark.django_db
def test_code_list_download_needs_sign_in(partnership: object) -> None:
    response = Client().get(reverse("core:code-list-download", args=["sex"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
