"""Loading reference data through its pages: population tables and published figures, by the
business unit or an analyst. A file with anything wrong is refused, says where and what is
wrong, and changes nothing."""

import csv
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_CREATED, RECORD_EXPORTED
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from safeguarding.insight.models import PopulationTable, PublishedFigure, PublishedFigureSet
from safeguarding.insight.services import published_figures_load
from safeguarding.returns.records import records_root
from tests.insight.records import POPULATION, InsightRecords, csv_bytes
from tests.pages import error_summary, one, page, text

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
FIGURES_HEADER = b"indicator,period,comparator,value\r\n"


@pytest.fixture
def figure_set(insight_records: InsightRecords, people: dict[str, User]) -> PublishedFigureSet:
    """A current set of published figures, for a refused file to leave alone."""
    return published_figures_load(
        actor=people[Role.BUSINESS_UNIT],
        name="first.csv",
        data=FIGURES_HEADER + b"told-in-time,2025-06,england,85.5\r\n",
        title="First benchmarks",
        source="Made up for tests",
        is_illustrative=True,
    )


def reference_state() -> dict[str, Any]:
    """Everything a refused file must leave as it was."""
    return {
        "population tables": PopulationTable.objects.count(),
        "current population": list(
            PopulationTable.objects.filter(is_current=True).values_list("pk", flat=True)
        ),
        "figure sets": PublishedFigureSet.objects.count(),
        "current set": list(
            PublishedFigureSet.objects.filter(is_current=True).values_list("pk", flat=True)
        ),
        "figures": PublishedFigure.objects.count(),
        "created": AuditEntry.objects.filter(action=RECORD_CREATED).count(),
        "files of record": sorted(str(p) for p in records_root().rglob("*") if p.is_file()),
    }


def upload_population(client: Client, data: bytes, name: str = "population.csv") -> Any:
    return client.post(
        reverse("insight:population"),
        {
            "upload": SimpleUploadedFile(name, data),
            "title": "Mid-year estimates 2025",
            "source": "ONS mid-year estimates",
            "year": "2025",
        },
    )


def upload_figures(client: Client, data: bytes, name: str = "figures.csv") -> Any:
    return client.post(
        reverse("insight:published_figures"),
        {
            "upload": SimpleUploadedFile(name, data),
            "title": "Children in need 2025",
            "source": "Department for Education",
        },
    )


def problems(response: Any) -> list[str]:
    """The page's list of what needs fixing, one problem a line."""
    return [text(item) for item in page(response).select(".govuk-inset-text li")]


def refused(response: Any, message: str) -> list[str]:
    """Check the page refused the file with `message` on the upload field; its problems."""
    assert response.status_code == 200
    assert error_summary(response) == {message: "id_upload"}
    assert text(one(page(response), "title")).startswith("Error: ")
    assert text(one(page(response), "#id_upload_error")).endswith(message)
    return problems(response)


# Population tables --------------------------------------------------------------------------


def doubled_population() -> bytes:
    """Twice as many children of each ethnicity as the records' table, by ethnicity only."""
    return csv_bytes([{"ethnicity": c, "children": n * 2} for c, n in POPULATION.items()])


@pytest.mark.parametrize("role", [Role.BUSINESS_UNIT, Role.ANALYST])
def test_a_population_table_loaded_becomes_current(
    insight_records: InsightRecords, client_as: ClientAs, people: dict[str, User], role: str
) -> None:
    client = client_as(role)
    before = insight_records.population

    response = upload_population(client, doubled_population())

    assert response.status_code == 302
    assert response["Location"] == reverse("insight:population")
    table = PopulationTable.objects.get(is_current=True)
    assert table != before
    assert (table.title, table.source, table.year) == (
        "Mid-year estimates 2025",
        "ONS mid-year estimates",
        2025,
    )
    assert table.children == 2 * sum(POPULATION.values()) == 29_700
    assert table.row_count == 5
    assert table.dimensions == ["ethnicity"]
    assert table.loaded_by == people[role]
    assert not table.is_illustrative
    before.refresh_from_db()
    assert not before.is_current
    assert PopulationTable.objects.count() == 2
    assert (records_root() / before.record_path).is_file()
    assert (records_root() / table.record_path).is_file()
    entry = AuditEntry.objects.get(
        action=RECORD_CREATED, target_type="insight.populationtable", target_id=table.pk
    )
    assert entry.actor == people[role]
    assert entry.changes["children"] == [None, 29_700]

    shown = client.get(reverse("insight:population"))
    assert "Mid-year estimates 2025 is now the population table: 29,700 children" in text(shown)
    first = page(shown).select("table.govuk-table tbody tr")[0]
    assert text(first).startswith("Mid-year estimates 2025 (2025) Current")
    # Rates are worked out against it now: 54 Caribbean referrals in 3,600 children.
    rates = page(client.get(reverse("insight:disproportionality", args=["referrals"])))
    assert text(one(rates, "#groups-bcrb")).startswith("Caribbean 54 3,600 150.0 ")


def test_a_population_table_can_be_an_excel_workbook(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ethnicity", "sex", "children"])
    sheet.append(["WBRI", "1", 4000])
    sheet.append(["WBRI", "2", 4100])
    sheet.append(["BCRB", "1", 900])
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload_population(client_as(Role.ANALYST), buffer.getvalue(), "population.xlsx")

    assert response.status_code == 302
    table = PopulationTable.objects.get(is_current=True)
    assert (table.children, table.row_count, table.dimensions) == (9000, 3, ["ethnicity", "sex"])
    assert table.original_name == "population.xlsx"


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
EXPECTED_FILE = "expected a CSV file or an Excel .xlsx workbook with a header row and rows of data"
ONE_PROBLEM = "population.csv has 1 problem: nothing was loaded"


@pytest.mark.parametrize(
    ("data", "message", "listed"),
    [
        pytest.param(b"", f"population.csv is empty: {EXPECTED_FILE}", [], id="empty"),
        pytest.param(
            PDF, f"population.csv looks like a PDF document: {EXPECTED_FILE}", [], id="pdf"
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            f"population.csv looks like a PNG image: {EXPECTED_FILE}",
            [],
            id="png",
        ),
        pytest.param(
            b"ethnicity,children\r\n",
            f"population.csv has a header but no rows: {EXPECTED_FILE}",
            [],
            id="header-only",
        ),
        pytest.param(
            b"children\r\n14850\r\n",
            "population.csv has no breakdown column: give at least one of ethnicity, sex, "
            "age_band, deprivation_decile, locality, beside the column children",
            [],
            id="no-breakdown",
        ),
        pytest.param(
            b"ethnicity,colour,children\r\nWBRI,red,9000\r\n",
            ONE_PROBLEM,
            [
                "Row 1, column colour: is not a column of this return (the columns are "
                "ethnicity, children)"
            ],
            id="unknown-column",
        ),
        pytest.param(
            b"ethnicity\r\nWBRI\r\n",
            ONE_PROBLEM,
            ["Row 1, column children: is required but the file has no such column"],
            id="no-children-column",
        ),
        pytest.param(
            b"ethnicity,children\r\nWBRI,9000\r\nXBRI,1800\r\n",
            ONE_PROBLEM,
            ["Row 3, column ethnicity: 'XBRI' is not a code in the Ethnicity list"],
            id="bad-ethnicity",
        ),
        pytest.param(
            b"ethnicity,age_band,children\r\nWBRI,1-4,10\r\nWBRI,5-9,20\r\nWBRI,1-4,30\r\n",
            ONE_PROBLEM,
            ["Row 4, column ethnicity, age_band: repeats row 2: the same ethnicity, age_band"],
            id="duplicate",
        ),
        pytest.param(
            b"ethnicity,children\r\nWBRI,9000\r\nBCRB,-10\r\n",
            ONE_PROBLEM,
            ["Row 3, column children: '-10' is negative: it cannot be below 0"],
            id="negative",
        ),
        pytest.param(
            b"ethnicity,children\r\nWBRI,9000.5\r\n",
            ONE_PROBLEM,
            ["Row 2, column children: '9000.5' is not a whole number, such as 12"],
            id="not-whole",
        ),
        pytest.param(
            b"ethnicity,children\r\nWBRI,lots\r\n",
            ONE_PROBLEM,
            ["Row 2, column children: 'lots' is not a whole number, such as 12"],
            id="not-a-number",
        ),
        pytest.param(
            b"age_band,children\r\n1-4,500\r\nUNB,20\r\n",
            ONE_PROBLEM,
            ["Row 3, column age_band: 'UNB' is not a code in the Age band list"],
            id="unborn",
        ),
    ],
)
def test_a_bad_population_file_is_refused_and_changes_nothing(
    insight_records: InsightRecords,
    figure_set: PublishedFigureSet,
    client_as: ClientAs,
    data: bytes,
    message: str,
    listed: list[str],
) -> None:
    before = reference_state()

    response = upload_population(client_as(Role.ANALYST), data)

    assert refused(response, message) == listed
    assert reference_state() == before
    assert PopulationTable.objects.get(is_current=True) == insight_records.population


def test_many_problems_are_counted_and_the_first_listed(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    rows = [{"ethnicity": f"X{n:03d}", "children": 10} for n in range(25)]
    before = reference_state()

    response = upload_population(client_as(Role.BUSINESS_UNIT), csv_bytes(rows))

    listed = refused(response, "population.csv has 25 problems: nothing was loaded")
    assert len(listed) == 20
    assert listed[0] == "Row 2, column ethnicity: 'X000' is not a code in the Ethnicity list"
    assert listed[-1] == "Row 21, column ethnicity: 'X019' is not a code in the Ethnicity list"
    assert reference_state() == before


def test_the_form_asks_for_what_is_missing(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    before = reference_state()

    response = client_as(Role.ANALYST).post(reverse("insight:population"), {"year": "1900"})

    assert error_summary(response) == {
        "Choose the file of the population table": "id_upload",
        "Enter a title, such as Mid-year estimates 2024": "id_title",
        "Enter where the figures come from": "id_source",
        "Enter a year from 2000": "id_year",
    }
    assert reference_state() == before


def test_a_downloaded_population_table_loads_again_unchanged(
    insight_records: InsightRecords, client_as: ClientAs, people: dict[str, User]
) -> None:
    client = client_as(Role.ANALYST)
    table = insight_records.population

    response = client.get(reverse("insight:population_download", args=[table.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="population-2024-{table.pk}.csv"'
    )
    downloaded = response.content
    rows = list(csv.DictReader(io.StringIO(downloaded.decode("utf-8-sig"))))
    assert list(rows[0]) == ["ethnicity", "age_band", "deprivation_decile", "children"]
    assert len(rows) == 45
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["ethnicity"]] = totals.get(row["ethnicity"], 0) + int(row["children"])
    assert totals == POPULATION
    assert AuditEntry.objects.filter(
        action=RECORD_EXPORTED,
        actor=people[Role.ANALYST],
        target_type="insight.populationtable",
        target_id=str(table.pk),
    ).exists()

    assert upload_population(client, downloaded, "population-again.csv").status_code == 302

    again = PopulationTable.objects.get(is_current=True)
    assert again != table
    assert (again.children, again.row_count, again.dimensions) == (
        table.children,
        table.row_count,
        table.dimensions,
    )
    assert again.children == sum(POPULATION.values())
    rates = page(client.get(reverse("insight:disproportionality", args=["referrals"])))
    assert text(one(rates, "#groups-bcrb")).startswith("Caribbean 54 1,800 300.0 ")


def test_an_unknown_population_table_is_not_found(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    missing = insight_records.population.pk + 1000
    response = client_as(Role.ANALYST).get(reverse("insight:population_download", args=[missing]))
    assert response.status_code == 404


# Published figures --------------------------------------------------------------------------


def test_published_figures_loaded_become_the_current_set(
    figure_set: PublishedFigureSet, client_as: ClientAs, people: dict[str, User]
) -> None:
    client = client_as(Role.ANALYST)
    data = FIGURES_HEADER + (
        b"told-in-time,2025-03,england,84\r\n"
        b'told-in-time,2025-06,england,"1,085.25"\r\n'
        b"told-in-time,2025-06,statistical_neighbours,82.5\r\n"
        b"referrals,2025-06,region,140\r\n"
    )

    response = upload_figures(client, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("insight:published_figures")
    loaded = PublishedFigureSet.objects.get(is_current=True)
    assert loaded != figure_set
    assert (loaded.title, loaded.row_count, loaded.loaded_by) == (
        "Children in need 2025",
        4,
        people[Role.ANALYST],
    )
    figure_set.refresh_from_db()
    assert not figure_set.is_current
    assert figure_set.figures.count() == 1
    assert sorted(
        loaded.figures.values_list("indicator_code", "period", "comparator", "value")
    ) == sorted(
        [
            ("told-in-time", "2025-03", "england", 84),
            ("told-in-time", "2025-06", "england", pytest.approx(1085.25)),
            ("told-in-time", "2025-06", "statistical_neighbours", pytest.approx(82.5)),
            ("referrals", "2025-06", "region", 140),
        ]
    )
    assert AuditEntry.objects.filter(
        action=RECORD_CREATED,
        target_type="insight.publishedfigureset",
        target_id=str(loaded.pk),
        actor=people[Role.ANALYST],
    ).exists()
    shown = client.get(reverse("insight:published_figures"))
    assert "Children in need 2025 loaded: 4 figures" in text(shown)
    first = page(shown).select("table.govuk-table tbody tr")[0]
    assert text(first).startswith("Children in need 2025 Current")


FIGURES_PROBLEM = "figures.csv has 1 problem: nothing was loaded"


@pytest.mark.parametrize(
    ("data", "message", "listed"),
    [
        pytest.param(
            b"indicator,period,value\r\ntold-in-time,2025-06,85\r\n",
            "figures.csv has no column comparator: expected the columns indicator, period, "
            "comparator, value",
            [],
            id="missing-column",
        ),
        pytest.param(
            FIGURES_HEADER + b"told-in-time,2025-06,england,85\r\nnot-a-code,2025-06,england,3\r\n",
            FIGURES_PROBLEM,
            [
                "Row 3, column indicator: 'not-a-code' is not an indicator in the catalogue; "
                "use its code, such as cl-eet"
            ],
            id="unknown-indicator",
        ),
        pytest.param(
            FIGURES_HEADER + b"told-in-time,Q1 2025,england,85\r\n",
            FIGURES_PROBLEM,
            [
                "Row 2, column period: 'Q1 2025' is not a month; give the last month the "
                "figure covers as YYYY-MM, such as 2025-03"
            ],
            id="period-not-a-month",
        ),
        pytest.param(
            FIGURES_HEADER + b"told-in-time,2025-13,england,85\r\n",
            FIGURES_PROBLEM,
            [
                "Row 2, column period: '2025-13' is not a month; give the last month the "
                "figure covers as YYYY-MM, such as 2025-03"
            ],
            id="month-13",
        ),
        pytest.param(
            FIGURES_HEADER + b"told-in-time,2025-06,wales,85\r\n",
            FIGURES_PROBLEM,
            [
                "Row 2, column comparator: 'wales' is not one of england, region, "
                "statistical_neighbours"
            ],
            id="unknown-comparator",
        ),
        pytest.param(
            FIGURES_HEADER + b"told-in-time,2025-06,england,eighty\r\n",
            FIGURES_PROBLEM,
            ["Row 2, column value: 'eighty' is not a number"],
            id="value-not-a-number",
        ),
        pytest.param(
            FIGURES_HEADER + b"told-in-time,2025-06,england,NaN\r\n",
            FIGURES_PROBLEM,
            ["Row 2, column value: 'NaN' is not a number"],
            id="value-nan",
        ),
        pytest.param(
            FIGURES_HEADER + b"told-in-time,2025-06,england,\r\n",
            FIGURES_PROBLEM,
            ["Row 2, column value: '' is not a number"],
            id="value-missing",
        ),
        pytest.param(
            FIGURES_HEADER
            + b"told-in-time,2025-06,england,85\r\ntold-in-time,2025-06,england,86\r\n",
            FIGURES_PROBLEM,
            ["Row 3: the same indicator, period and comparator as row 2"],
            id="duplicate",
        ),
        pytest.param(
            b"", "figures.csv is empty: expected a CSV file with a header", [], id="empty"
        ),
        pytest.param(
            FIGURES_HEADER, "figures.csv has a header but no figures", [], id="header-only"
        ),
        pytest.param(
            FIGURES_HEADER
            + "told-in-time,2025-06,england,85 \u2013 r\u00e9vis\u00e9\r\n".encode("cp1252"),
            "figures.csv is not a UTF-8 CSV file",
            [],
            id="not-utf-8",
        ),
        pytest.param(
            FIGURES_HEADER + b"cl-eet,2025,england,x\r\n",
            "figures.csv has 3 problems: nothing was loaded",
            [
                "Row 2, column indicator: 'cl-eet' is not an indicator in the catalogue; "
                "use its code, such as cl-eet",
                "Row 2, column period: '2025' is not a month; give the last month the figure "
                "covers as YYYY-MM, such as 2025-03",
                "Row 2, column value: 'x' is not a number",
            ],
            id="every-problem-of-a-row",
        ),
    ],
)
def test_bad_published_figures_are_refused_and_change_nothing(
    figure_set: PublishedFigureSet,
    client_as: ClientAs,
    data: bytes,
    message: str,
    listed: list[str],
) -> None:
    before = reference_state()

    response = upload_figures(client_as(Role.BUSINESS_UNIT), data)

    assert refused(response, message) == listed
    assert reference_state() == before
    assert PublishedFigureSet.objects.get(is_current=True) == figure_set


def test_a_problem_after_a_blank_line_names_the_row_of_the_file(
    figure_set: PublishedFigureSet, client_as: ClientAs
) -> None:
    data = FIGURES_HEADER + b"\r\ntold-in-time,2025-06,england,eighty\r\n"

    response = upload_figures(client_as(Role.ANALYST), data)

    assert refused(response, FIGURES_PROBLEM) == ["Row 3, column value: 'eighty' is not a number"]


# Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.PRACTITIONER, Role.SCRUTINEER])
def test_only_the_business_unit_and_analysts_load_reference_data(
    figure_set: PublishedFigureSet,
    insight_records: InsightRecords,
    client_as: ClientAs,
    role: str,
) -> None:
    client = client_as(role)
    before = reference_state()

    for name in ("insight:population", "insight:published_figures", "insight:settings"):
        assert client.get(reverse(name)).status_code == 403, name
    download = reverse("insight:population_download", args=[insight_records.population.pk])
    assert client.get(download).status_code == 403
    assert upload_population(client, doubled_population()).status_code == 403
    figures = FIGURES_HEADER + b"told-in-time,2025-06,england,90\r\n"
    assert upload_figures(client, figures).status_code == 403

    assert reference_state() == before
    assert not AuditEntry.objects.filter(action=RECORD_EXPORTED).exists()
    home = page(client.get(reverse("insight:home")))
    assert not home.select(f"a[href='{reverse('insight:population')}']")
