"""Downloads of the insight tables (CSV and Excel) and charts (SVG and PNG), through real
HTTP: suppressed exactly as the pages are, safe to open in a spreadsheet, and recorded."""

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_EXPORTED
from safeguarding.core.models import Agency, AuditEntry, Locality
from safeguarding.core.roles import Role
from safeguarding.insight.services import disclosure_policy_set, published_figures_load
from safeguarding.returns.models import Indicator, ReturnObligation, ReturnTemplate, Submission
from safeguarding.returns.services import submission_receive
from tests.insight.records import InsightRecords, csv_bytes
from tests.pages import page, text

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A locality named to run as a formula in whatever spreadsheet opens the download.
FORMULA = '=HYPERLINK("http://attacker.example/","North")'


@pytest.fixture
def formula_locality(db: None) -> Locality:
    """Locality N, made before the records are, so the returns' N rows are labelled with it."""
    return Locality.objects.create(code="N", name=FORMULA)


@pytest.fixture
def records(formula_locality: Locality, insight_records: InsightRecords) -> InsightRecords:
    assert Locality.objects.get(code="N").name == FORMULA
    return insight_records


@pytest.fixture
def analyst(client_as: ClientAs) -> Client:
    return client_as(Role.ANALYST)


def csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_sheet(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return book.active


def xlsx_rows(response: Any) -> list[list[Any]]:
    return [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]


def by_code(rows: list[list[Any]]) -> dict[Any, list[Any]]:
    """Rows of a disproportionality table by their code column (the first table's, where
    stage tables follow it)."""
    found: dict[Any, list[Any]] = {}
    for row in rows[1:]:
        if len(row) > 1 and row[1]:
            found.setdefault(row[1], row)
    return found


def exports_logged(user: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(action=RECORD_EXPORTED, actor=user, target_type="insight.table")
        .order_by("pk")
        .values_list("target_label", flat=True)
    )


def download(client: Client, name: str, *args: str, query: str = "") -> Any:
    return client.get(reverse(f"insight:{name}", args=list(args)) + query)


# The disproportionality table ---------------------------------------------------------------


def test_disproportionality_csv_is_suppressed_as_the_page_is(
    records: InsightRecords, analyst: Client, people: dict[str, User]
) -> None:
    response = download(analyst, "disproportionality_download", "referrals", "csv")

    assert response["Content-Disposition"] == (
        'attachment; filename="referrals-ethnicity-disproportionality.csv"'
    )
    rows = csv_rows(response)
    assert rows[0][:4] == ["Group", "Code", "Count", "Population"]
    groups = by_code(rows)
    assert list(groups) == ["WBRI", "WIRI", "WROM", "AIND", "BCRB", "CHNE", "TOTAL"]
    assert groups["BCRB"][:4] == ["Caribbean", "BCRB", "54", "1800"]
    assert groups["BCRB"][7:11] == ["3.0", "2.14", "4.2", "higher"]
    assert groups["AIND"][10] == "lower"
    assert groups["WBRI"][7] == "Reference"
    for code in ("WIRI", "CHNE"):
        row = groups[code]
        assert row[2] == "c"
        assert row[4:11] == [""] * 7, "no rate or relative rate may give the count away"
        assert "3" not in row and "8" not in row
        assert row[-1] == "Count suppressed: no rate shown"
    assert groups["TOTAL"][:3] == ["All", "TOTAL", "164"]
    assert exports_logged(people[Role.ANALYST]) == ["Referrals by ethnicity (csv)"]


def test_disproportionality_excel_is_suppressed_as_the_page_is(
    records: InsightRecords, analyst: Client, people: dict[str, User]
) -> None:
    response = download(analyst, "disproportionality_download", "referrals", "xlsx")

    assert response["Content-Disposition"] == (
        'attachment; filename="referrals-ethnicity-disproportionality.xlsx"'
    )
    sheet = xlsx_sheet(response)
    assert sheet.title == "Referrals by ethnicity"
    groups = by_code([list(row) for row in sheet.iter_rows(values_only=True)])
    # Shown counts are numbers a spreadsheet can add up; hidden ones are the symbol.
    assert groups["BCRB"][2:4] == [54, 1800]
    assert groups["BCRB"][7] == 3.0
    for code in ("WIRI", "CHNE"):
        assert groups[code][2] == "c"
        assert 3 not in groups[code] and 8 not in groups[code]
        assert "3" not in groups[code] and "8" not in groups[code]
    assert exports_logged(people[Role.ANALYST]) == ["Referrals by ethnicity (xlsx)"]


def test_the_download_follows_the_choices_on_the_page(
    records: InsightRecords, analyst: Client
) -> None:
    rows = csv_rows(
        download(
            analyst, "disproportionality_download", "referrals", "csv", query="?reference=others"
        )
    )

    assert rows[0][7] == "Relative rate against all other children"
    groups = by_code(rows)
    assert groups["WBRI"][7:11] == ["0.79", "0.58", "1.08", "not significant"]
    assert groups["WIRI"][2] == "c"


def test_a_child_level_download_holds_the_stage_tables_suppressed(
    records: InsightRecords, analyst: Client
) -> None:
    rows = csv_rows(download(analyst, "disproportionality_download", "children-referred", "csv"))

    assert by_code(rows)["WBRI"][2] == "c"
    assert ["Referral to assessment"] in rows
    assert ["Assessment to plan"] in rows
    stage = rows[rows.index(["Referral to assessment"]) + 2]
    assert stage[:4] == ["White British", "WBRI", "0", "c"]
    # Four White British children were referred: the 4 is never written out.
    assert not [row for row in rows if len(row) > 3 and row[1] == "WBRI" and "4" in row[2:4]]


def test_the_nhs_policy_applies_to_downloads_too(
    records: InsightRecords, analyst: Client, people: dict[str, User]
) -> None:
    disclosure_policy_set(actor=people[Role.BUSINESS_UNIT], policy="nhs")

    groups = by_code(csv_rows(download(analyst, "disproportionality_download", "referrals", "csv")))

    assert groups["WIRI"][2] == groups["CHNE"][2] == "*"
    assert groups["BCRB"][2] == "55"
    assert groups["AIND"][2] == "10"
    assert groups["TOTAL"][2] == "165"


# Formula-safe -------------------------------------------------------------------------------


def test_a_label_that_looks_like_a_formula_is_made_safe(
    records: InsightRecords, analyst: Client
) -> None:
    query = "?breakdown=locality"
    rows = csv_rows(
        download(analyst, "disproportionality_download", "referrals", "csv", query=query)
    )
    assert by_code(rows)["N"][:3] == ["'" + FORMULA, "N", "100"]
    assert not [cell for row in rows for cell in row if cell.startswith("=")]

    sheet = xlsx_sheet(
        download(analyst, "disproportionality_download", "referrals", "xlsx", query=query)
    )
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    label = next(cell for cell in cells if str(cell.value).endswith('"North")'))
    assert label.value == "'" + FORMULA
    assert label.data_type == TYPE_STRING
    assert not [cell for cell in cells if cell.data_type == TYPE_FORMULA]

    outcomes = csv_rows(download(analyst, "outcomes_download", "csv", query=query))
    assert "'" + FORMULA in [row[3] for row in outcomes[1:]]
    assert not [cell for row in outcomes for cell in row if cell.startswith("=")]


# The trend and linked outcomes --------------------------------------------------------------


def test_trend_downloads(records: InsightRecords, analyst: Client, people: dict[str, User]) -> None:
    rows = csv_rows(download(analyst, "indicator_download", "told-in-time", "csv"))
    # Each period by name and by its last month; a percentage's figure column says so.
    assert rows == [
        ["Period", "Period ending", "Who", "Count", "Out of", "Figure (%)"],
        ["April to June 2025", "2025-06", "Partnership", "40", "50", "80.0"],
        ["April to June 2025", "2025-06", "Testford Council", "40", "50", "80.0"],
    ]
    excel = xlsx_rows(download(analyst, "indicator_download", "told-in-time", "xlsx"))
    assert excel[1] == ["April to June 2025", "2025-06", "Partnership", 40, 50, 80.0]

    # A child-level measure's trend is suppressed too: four children referred in 2025-26.
    referred = csv_rows(download(analyst, "indicator_download", "children-referred", "csv"))
    assert referred[0][-1] == "Figure"
    figures, notes = referred[1:-1], referred[-1]
    assert [row[3] for row in figures] == ["c"] * len(figures)
    # Every figure hidden: the download says so, as the page does.
    assert notes == [
        "Note: Every figure for this indicator is below the disclosure threshold, so none is shown."
    ]
    assert exports_logged(people[Role.ANALYST]) == [
        "Schools told in time (csv)",
        "Schools told in time (xlsx)",
        "Children referred (csv)",
    ]


def test_the_trend_download_holds_the_published_figures_beside_it(
    records: InsightRecords, analyst: Client, people: dict[str, User]
) -> None:
    published_figures_load(
        actor=people[Role.ANALYST],
        name="benchmarks.csv",
        data=b"indicator,period,comparator,value\r\ntold-in-time,2025-06,england,85.5\r\n",
        title="Benchmarks",
        source="Made up for tests",
        is_illustrative=False,
    )

    rows = csv_rows(download(analyst, "indicator_download", "told-in-time", "csv"))

    assert rows[-1] == ["April to June 2025", "2025-06", "England (published)", "", "", "85.5"]


def test_linked_outcome_downloads_are_suppressed(
    records: InsightRecords, analyst: Client, people: dict[str, User]
) -> None:
    response = download(analyst, "outcomes_download", "csv")

    assert response["Content-Disposition"] == 'attachment; filename="linked-outcomes-ethnicity.csv"'
    rows = csv_rows(response)
    assert rows[0][:7] == [
        "Outcome",
        "Window",
        "By",
        "Group",
        "Children",
        "With the outcome",
        "Percentage",
    ]
    after_early_help = [row for row in rows[1:] if row[0].startswith("Referred")]
    # 3 of the council's 6 and 1 of the school's 4: all four counts hidden, no percentage.
    assert [row[2:7] for row in after_early_help] == [
        ["Group", "White British", "10", "c", ""],
        ["Lead agency", "Testford Council", "c", "c", ""],
        ["Lead agency", "Testford Academy", "c", "c", ""],
    ]
    for row in rows[1:]:
        assert not {"1", "3", "4", "6"} & set(row[4:6]), row
    excel = xlsx_rows(download(analyst, "outcomes_download", "xlsx"))
    assert [row[3:6] for row in excel[1:4]] == [
        ["White British", 10, "c"],
        ["Testford Council", "c", "c"],
        ["Testford Academy", "c", "c"],
    ]
    assert exports_logged(people[Role.ANALYST]) == [
        "Linked outcomes (csv)",
        "Linked outcomes (xlsx)",
    ]


# Charts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [("indicator_download", "referrals"), ("disproportionality_download", "referrals")],
)
def test_charts_download_as_svg_and_png(
    records: InsightRecords, analyst: Client, name: str, code: str
) -> None:
    svg = download(analyst, name, code, "svg")
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"].startswith("attachment; filename=")
    assert "<svg" in svg.content.decode()
    assert "Referrals" in svg.content.decode()

    png = download(analyst, name, code, "png")
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("name", ["indicator_download", "disproportionality_download"])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_no_chart_for_an_indicator_with_nothing_to_draw(
    records: InsightRecords, analyst: Client, name: str, fmt: str
) -> None:
    assert download(analyst, name, "no-returns", fmt).status_code == 404


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_no_chart_where_no_group_can_be_compared(
    records: InsightRecords, analyst: Client, fmt: str
) -> None:
    # The population table has no locality column: counts only, no relative rate to draw.
    query = "?breakdown=locality"
    response = download(analyst, "disproportionality_download", "referrals", fmt, query=query)
    assert response.status_code == 404


# Figures that are easy to lose --------------------------------------------------------------


def test_excel_download_of_an_indicator_whose_title_has_a_colon(
    records: InsightRecords, analyst: Client
) -> None:
    # Excel refuses : / \\ ? * [ ] in a sheet's name.
    Indicator.objects.filter(code="referrals").update(title="Referrals: children's [social] care")

    sheet = xlsx_sheet(download(analyst, "indicator_download", "referrals", "xlsx"))

    assert not set(":/\\?*[]") & set(sheet.title)
    assert len(sheet.title) <= 31
    assert sheet.title.startswith("Referrals")
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][:4] == ["April to June 2025", "2025-06", "Partnership", 164]


def test_a_zero_figure_is_downloaded_as_zero(
    records: InsightRecords, analyst: Client, people: dict[str, User], agencies: dict[str, Agency]
) -> None:
    obligation = ReturnObligation.objects.create(
        agency=agencies["council"],
        template=ReturnTemplate.objects.get(code="testford-quarterly"),
        period_start=date(2025, 7, 1),
        period_end=date(2025, 9, 30),
        due_on=date(2025, 9, 30),
    )
    rows: list[dict[str, object]] = [
        {
            "indicator": "told-in-time",
            "period": "2025-09",
            "breakdown_type": kind,
            "breakdown_value": value,
            "count": 0,
            "denominator": denominator,
        }
        for kind, value, denominator in (
            ("all", "TOTAL", 50),
            ("sex", "1", 25),
            ("sex", "2", 25),
            ("sex", "TOTAL", 50),
        )
    ]
    submission = submission_receive(
        actor=people[Role.BUSINESS_UNIT],
        obligation=obligation,
        name="q2.csv",
        data=csv_bytes(rows),
        narrative="No school was told in time this quarter.",
    )
    assert submission.status == Submission.Status.ACCEPTED
    shown = page(analyst.get(reverse("insight:indicator", args=["told-in-time"])))
    latest = shown.select(".govuk-summary-list__row")[0]
    assert text(latest) == "Latest figure (July to September 2025)0%"

    downloaded = csv_rows(download(analyst, "indicator_download", "told-in-time", "csv"))

    assert ["July to September 2025", "2025-09", "Partnership", "0", "50", "0.0"] in downloaded


def test_a_population_of_zero_is_downloaded_as_zero(
    records: InsightRecords, analyst: Client
) -> None:
    groups = by_code(csv_rows(download(analyst, "disproportionality_download", "referrals", "csv")))

    # Gypsy/Roma: none referred, and none in the population table, as the page shows.
    assert groups["WROM"][2:4] == ["0", "0"]
