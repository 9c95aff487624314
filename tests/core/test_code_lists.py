"""Code lists: loaded after migrate, loaded again without duplicates, and refused whole when a
file is wrong, with a message that says where."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safeguarding.core.code_list_files import CODE_LISTS_DIR, CodeListError
from safeguarding.core.models import Code, CodeList
from safeguarding.core.services import code_lists_load
from tests.conftest import shared_path
from tests.pages import one, text

pytestmark = pytest.mark.django_db

SHARED_FILES = [
    "category-of-abuse.csv",
    "cin-assessment-factors.csv",
    "disability.csv",
    "ethnicity-crosswalk.csv",
    "ethnicity.csv",
    "primary-need.csv",
    "referral-source.csv",
]


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def index_entries() -> list[dict[str, str]]:
    with (CODE_LISTS_DIR / "index.csv").open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def relabel_white_british(directory: Path, label: str) -> None:
    """Give WBRI a new label in the ethnicity list of a copy of the code list files."""
    ethnicity = directory / "ethnicity.csv"
    rows = ethnicity.read_text(encoding="utf-8")
    assert "WBRI,White British," in rows
    ethnicity.write_text(rows.replace("WBRI,White British,", f"WBRI,{label},"), encoding="utf-8")


def codes(slug: str) -> list[Code]:
    return list(Code.objects.filter(code_list__slug=slug).order_by("sort_order"))


def database_state() -> tuple[list[Any], list[Any]]:
    """Every code list and every code, as stored."""
    return (
        list(CodeList.objects.order_by("pk").values_list()),
        list(Code.objects.order_by("pk").values_list()),
    )


# --- After migrate ----------------------------------------------------------------------


def test_ethnicity_has_twenty_codes_with_major_groups() -> None:
    ethnicity = codes("ethnicity")

    assert len(ethnicity) == 20
    assert [c.code for c in ethnicity[:2]] == ["WBRI", "WIRI"]
    assert all(c.group for c in ethnicity)
    assert {c.group for c in ethnicity} == {
        "White",
        "Mixed",
        "Asian",
        "Black",
        "Chinese or other",
        "Not known",
    }
    assert Code.objects.get(code_list__slug="ethnicity", code="BCRB").group == "Black"


def test_ethnicity_crosswalk_is_merged_into_ethnicity() -> None:
    white_british = Code.objects.get(code_list__slug="ethnicity", code="WBRI")

    assert white_british.label == "White British"
    assert white_british.group == "White"
    assert white_british.attributes == {
        "kind": "group",
        "ons_2021": "White: English/Welsh/Scottish/Northern Irish/British",
        "nhs": "A",
        "police_self_defined": "W1",
    }
    # A note only where the crosswalk has one.
    assert "note" in Code.objects.get(code_list__slug="ethnicity", code="WROM").attributes
    # The crosswalk is merged, not a list of its own.
    assert not CodeList.objects.filter(slug="ethnicity-crosswalk").exists()


def test_sex_age_band_and_deprivation_decile_are_present() -> None:
    assert [(c.code, c.label) for c in codes("sex")] == [
        ("1", "Male"),
        ("2", "Female"),
        ("0", "Not known"),
        ("9", "Not specified"),
    ]
    age_bands = codes("age-band")
    assert [c.code for c in age_bands] == ["UNB", "0", "1-4", "5-9", "10-15", "16+"]
    assert age_bands[0].attributes == {}  # empty cells are not kept as attributes
    assert age_bands[2].attributes == {"min_age": "1", "max_age": "4"}
    deciles = codes("deprivation-decile")
    assert [c.code for c in deciles] == [str(n) for n in range(1, 11)]
    assert deciles[0].label == "1 (most deprived 10%)"
    assert deciles[-1].label == "10 (least deprived 10%)"


@pytest.mark.parametrize(
    "entry", [e for e in index_entries() if not e["merge_into"]], ids=lambda e: e["slug"]
)
def test_every_list_in_the_index_is_loaded_whole(entry: dict[str, str]) -> None:
    code_list = CodeList.objects.get(slug=entry["slug"])
    rows = read_rows(CODE_LISTS_DIR / entry["file"])

    assert code_list.title == entry["title"]
    assert code_list.source == entry["source"]
    assert [(c.code, c.label) for c in codes(entry["slug"])] == [(r[0], r[1]) for r in rows[1:]]


def test_loading_again_changes_nothing() -> None:
    before = database_state()

    loaded = code_lists_load()
    loaded_again = code_lists_load()

    assert loaded == loaded_again == Code.objects.count()
    assert database_state() == before


def test_loading_again_updates_labels_in_place_and_keeps_codes_that_left(
    code_lists_copy: Path,
) -> None:
    white_british = Code.objects.get(code_list__slug="ethnicity", code="WBRI")
    not_specified = Code.objects.get(code_list__slug="sex", code="9")
    relabel_white_british(code_lists_copy, "White: British")
    sex = code_lists_copy / "sex.csv"
    sex.write_text("code,label\n1,Male\n2,Female\n0,Not known\n", encoding="utf-8")
    count = Code.objects.count()

    code_lists_load(directory=code_lists_copy)

    assert Code.objects.count() == count
    updated = Code.objects.get(pk=white_british.pk)
    assert updated.label == "White: British"
    assert updated.attributes["nhs"] == "A"
    assert Code.objects.filter(pk=not_specified.pk).exists()


def test_load_code_lists_command() -> None:
    before = database_state()
    out = io.StringIO()

    call_command("load_code_lists", stdout=out)

    assert f"{Code.objects.count()} codes loaded" in out.getvalue()
    assert database_state() == before


# --- The shipped copies are the shared ones -----------------------------------------------


@pytest.mark.parametrize("name", SHARED_FILES)
def test_shipped_copy_matches_shared_data(name: str) -> None:
    shared = shared_path("data", "code-lists", name)

    assert read_rows(CODE_LISTS_DIR / name) == read_rows(shared)


def test_every_shared_code_list_is_shipped() -> None:
    shared = shared_path("data", "code-lists")

    assert {p.name for p in shared.glob("*.csv")} == set(SHARED_FILES)
    assert {p.name for p in CODE_LISTS_DIR.glob("*.csv")} >= set(SHARED_FILES)


# --- Bad files ----------------------------------------------------------------------------


@pytest.fixture
def changed_copy(code_lists_copy: Path) -> Path:
    """A copy whose ethnicity list (loaded first) has a new label, so a load that stopped
    halfway would leave that label behind."""
    relabel_white_british(code_lists_copy, "Label from a half-done load")
    return code_lists_copy


def load_and_fail(directory: Path) -> str:
    """Load `directory`, which must fail; the message, after checking nothing changed."""
    before = database_state()
    with pytest.raises(CodeListError) as failure:
        code_lists_load(directory=directory)
    assert database_state() == before
    assert Code.objects.get(code_list__slug="ethnicity", code="WBRI").label == "White British"
    return str(failure.value)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "sex.csv",
            b"code,name\n1,Male\n2,Female\n0,Not known\n9,Not specified\n",
            ["row 1", "column label"],
        ),
        (
            "sex.csv",
            b"code,label\n1,Male\n2,Female\n0,Not known\n9,Not specified\n2,Female again\n",
            # The row of the repeat, and the row where the code was first.
            ["row 6", "column code", "row 3"],
        ),
        (
            "sex.csv",
            b"code,label\n1,Male\n ,Unknown\n0,Not known\n",
            ["row 3", "column code", "empty"],
        ),
        ("sex.csv", b"code,label\n1,Male\n2,\n", ["row 3", "column label"]),
        (
            # "é" in Latin-1, on the third row, in the label column.
            "sex.csv",
            b"code,label\n1,Male\n2,F\xe9male\n0,Not known\n9,Not specified\n",
            ["UTF-8", "row 3", "column label"],
        ),
        (
            # The crosswalk is merged last, when every other list has been written.
            "ethnicity-crosswalk.csv",
            b"code,ons_2021,nhs\nWBRI,White British,A\n",
            ["row 1", "column dfe"],
        ),
    ],
    ids=[
        "missing-label-column",
        "duplicate-code",
        "empty-code",
        "empty-label",
        "not-utf8",
        "bad-crosswalk-after-every-list-was-read",
    ],
)
def test_a_bad_file_is_refused_saying_where(
    name: str, content: bytes, expected: list[str], changed_copy: Path
) -> None:
    (changed_copy / name).write_bytes(content)

    message = load_and_fail(changed_copy)

    for part in [name, *expected]:
        assert part in message, f"{part!r} is not in the message {message!r}"


def test_missing_file(changed_copy: Path) -> None:
    (changed_copy / "sex.csv").unlink()

    message = load_and_fail(changed_copy)

    assert "sex.csv" in message
    assert "not found" in message


# --- Pages -------------------------------------------------------------------------------


def test_code_list_pages_show_the_lists_and_their_codes(practitioner_client: Client) -> None:
    listing = practitioner_client.get(reverse("core:code-list-list"))
    assert listing.status_code == 200
    links = {a["href"] for a in one(listing, "main").select("a")}
    assert reverse("core:code-list-detail", args=["ethnicity"]) in links
    assert reverse("core:code-list-detail", args=["deprivation-decile"]) in links

    detail = practitioner_client.get(reverse("core:code-list-detail", args=["ethnicity"]))
    assert detail.status_code == 200
    cells = [text(td) for td in one(detail, "main").select("td")]
    assert "WBRI" in cells
    assert "White British" in cells
    assert "Chinese or other" in cells
