"""The document import, insight's reference data and API keys, filled in and sent in
headless Chromium as a person would: a Word document chosen from disk and read, its
proposal corrected box by box on the review screen (a year named with its dates, a
priority reworded, a strand moved, work and learning given owners, an item left out),
a population table and published figures loaded from CSV files, the disclosure policy
changed, and an API key issued to an agency lead and shown once.

Each form is also sent once with a mistake a person makes (a box left empty, a file
not chosen, dates the wrong way round): the GOV.UK error summary says what, and nothing
is saved.

`FILLED_IN` names the test that fills in and submits each form class here; the check in
tests/browser/test_every_form.py reads it beside its own list.
"""

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import Role
from safeguarding.governance.models import (
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
)
from safeguarding.insight.models import (
    InsightSettings,
    PopulationTable,
    PublishedFigure,
    PublishedFigureSet,
)
from safeguarding.returns.models import ApiToken
from tests.assist.conftest import docx_bytes
from tests.browser.conftest import axe_violations, sign_in_as
from tests.conftest import PASSWORD, with_password
from tests.insight.records import POPULATION, InsightRecords, csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)

IMPORTING = "safeguarding.assist.forms"

# Form class → the test in this file that fills it in and submits it.
FILLED_IN: dict[str, str] = {
    f"{IMPORTING}.ImportUploadForm": (
        "test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected"
    ),
    f"{IMPORTING}.ReviewYearForm": (
        "test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected"
    ),
    f"{IMPORTING}.KeepForm": (
        "test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected"
    ),
    f"{IMPORTING}.ReviewPriorityForm": (
        "test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected"
    ),
    f"{IMPORTING}.ReviewStrandForm": (
        "test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected"
    ),
    f"{IMPORTING}.ReviewPlannedWorkForm": (
        "test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected"
    ),
    f"{IMPORTING}.ReviewLearningForm": (
        "test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected"
    ),
    "safeguarding.insight.forms.PopulationForm": "test_the_analyst_loads_a_population_table",
    "safeguarding.insight.forms.PublishedFiguresForm": ("test_the_analyst_loads_published_figures"),
    "safeguarding.insight.forms.DisclosurePolicyForm": (
        "test_the_business_unit_changes_the_disclosure_policy"
    ),
    "safeguarding.returns.forms.ApiKeyForm": (
        "test_the_business_unit_issues_an_api_key_to_an_agency_lead"
    ),
}


# Helpers -----------------------------------------------------------------------------------


def business_unit_at_1024(page: Page, live_server: Any, people: dict[str, User]) -> str:
    """Sign the business unit in, in a 1024 pixel window; the site's address."""
    base = str(live_server)
    signed_in(page, base, people[Role.BUSINESS_UNIT])
    page.set_viewport_size({"width": 1024, "height": 768})
    return base


def document_read(page: Page, base: str, path: Path) -> None:
    """Upload a document as the business unit does and wait for its review screen."""
    page.goto(base + reverse("assist:import"))
    box(page, "Document").set_input_files(str(path))
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the document proposes")


def signed_in(page: Page, base: str, person: User) -> Page:
    """`page`, signed in through the sign-in form (and the security code, where asked)."""
    sign_in_as(page, base, with_password(person).email, PASSWORD)
    return page


def box(page: Page, label: str) -> Locator:
    """The one field whose label is exactly this."""
    return page.get_by_label(label, exact=True)


def error_summary(page: Page) -> Locator:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    return summary


def no_error_summary(page: Page) -> None:
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


# Chromium logs a page answered with 400 as a console error: the import review answers a
# review with mistakes so (see ImportReviewView.post), and shows it as a person expects.
REFUSED_REVIEW = "Failed to load resource: the server responded with a status of 400"


def no_browser_problems(page: Page, *, expected: tuple[str, ...] = ()) -> None:
    """No console error, script error or Content Security Policy violation on the way,
    beyond those `expected` (the start of each)."""
    messages: list[str] = page.problems.messages  # type: ignore[attr-defined]
    assert [m for m in messages if not m.startswith(expected)] == []


# Document import ---------------------------------------------------------------------------

PLANNED_WORK = [
    "Safeguarding week conference",
    "Audit of strategy discussions",
    "Planning for the new duty under the Children's Wellbeing and Schools Act",
]


def business_plan(path: Path) -> Path:
    """A Word document as an author writes one: a list of priorities, the strands of one,
    planned work, and key learning under two themes, one naming a group."""
    document = docx.Document()
    document.add_paragraph("Business plan 2024/25")
    document.add_heading("Priorities", level=2)
    document.add_paragraph("Our priorities are:")
    for priority in ("Neglect", "Online safety"):
        document.add_paragraph(priority, style="List Bullet")
    document.add_heading("Priority 1: Neglect", level=2)
    for strand in ("Roll out the neglect toolkit", "Train practitioners in the toolkit"):
        document.add_paragraph(strand, style="List Bullet")
    document.add_heading("Planned work", level=2)
    for work in PLANNED_WORK:
        document.add_paragraph(work, style="List Bullet")
    document.add_heading("Key learning", level=2)
    document.add_heading("Poverty", level=3)
    document.add_paragraph(
        "The Performance Subgroup will seek assurance that families in temporary "
        "accommodation are seen."
    )
    document.add_heading("Housing", level=3)
    document.add_paragraph("Practice must follow the National Care Review.")
    path.write_bytes(docx_bytes(document))
    return path


def nothing_created() -> bool:
    return not (
        PartnershipYear.objects.exists()
        or Priority.objects.exists()
        or PriorityStrand.objects.exists()
        or PlannedWork.objects.exists()
        or LearningPoint.objects.exists()
    )


def test_the_business_unit_imports_a_word_document_and_accepts_it_as_corrected(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    group: PartnershipGroup,
    tmp_path: Path,
) -> None:
    base = str(live_server)
    signed_in(page, base, people[Role.BUSINESS_UNIT])
    page.goto(base + reverse("assist:import"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a partnership document")

    # Read the document with none chosen: refused, and nothing is kept.
    page.get_by_role("button", name="Read the document").click()
    expect(error_summary(page)).to_contain_text("Choose the document to read")
    expect(page).to_have_title(re.compile(r"^Error: Import a partnership document"))
    assert not DocumentImport.objects.exists()

    box(page, "Document").set_input_files(str(business_plan(tmp_path / "business-plan.docx")))
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the document proposes")
    no_error_summary(page)
    document = DocumentImport.objects.get()
    assert document.status == DocumentImport.Status.PROPOSED
    assert document.original_name == "business-plan.docx"
    assert nothing_created()
    for heading in ("Priorities (2)", "Strands (2)", "Planned work (3)", "Learning points (2)"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(box(page, "Priority of priority 1")).to_have_value("Neglect")
    expect(box(page, "Owner of learning point 1")).to_have_value(str(group.pk))

    # The year: a new one, named, with its dates (the last day, by mistake, too early).
    # They are needed for a new year, so not called optional.
    expect(page.locator("#id_year-new_label_helptext")).to_have_text("Needed for a new year")
    box(page, "Add them to (optional)").select_option(label="A new year")
    box(page, "Name of the new year").fill("2024-25 plan")
    box(page, "First day of the new year").fill("2024-04-01")
    box(page, "Last day of the new year").fill("2024-03-01")
    # A priority reworded (left empty at first, by mistake), the other on the golden thread.
    box(page, "Priority of priority 1").fill("")
    box(page, "Golden thread of priority 2").check()
    # A strand reworded and moved to the other priority.
    box(page, "Strand of strand 2").fill("Train every practitioner in the toolkit")
    box(page, "Priority it belongs to of strand 2").select_option(label="Online safety")
    # The audit is not wanted; the new duty is reworded, its kind and owner chosen.
    box(page, "Keep planned work 2").uncheck()
    box(page, "Planned work of planned work 3").fill(
        "Prepare for the duty to share information about children"
    )
    box(page, "Kind of planned work 3").select_option(label="New legal duty")
    box(page, "Owner of planned work 3").select_option(label=group.name)
    box(page, "Golden thread of planned work 3").check()
    # A learning point given to the group to monitor, with its words put better.
    box(page, "Theme of learning point 2").fill("Housing and care")
    box(page, "Learning of learning point 2").fill("Practitioners follow the National Care Review.")
    box(page, "Owner of learning point 2").select_option(label=group.name)
    box(page, "The owner must of learning point 2").select_option(label="Monitor")

    page.get_by_role("button", name="Accept and create").click()
    summary = error_summary(page)
    expect(summary).to_contain_text("Year: The last day must be after the first day")
    expect(summary).to_contain_text("Priority 1: Enter the priority")
    expect(summary.get_by_role("link", name="Priority 1: Enter the priority")).to_have_attribute(
        "href", "#id_priorities-0-title"
    )
    assert nothing_created()
    document.refresh_from_db()
    assert document.status == DocumentImport.Status.PROPOSED

    # What was corrected is still there; put the two mistakes right and accept.
    expect(box(page, "Strand of strand 2")).to_have_value("Train every practitioner in the toolkit")
    expect(box(page, "Keep planned work 2")).not_to_be_checked()
    expect(box(page, "Owner of learning point 2")).to_have_value(str(group.pk))
    box(page, "Last day of the new year").fill("2025-03-31")
    box(page, "Priority of priority 1").fill("Tackling neglect")
    page.get_by_role("button", name="Accept and create").click()

    no_error_summary(page)
    expect(
        page.get_by_text(
            "Created 2 priorities, 2 strands, 2 planned work, 2 learning points in 2024-25 plan"
        )
    ).to_be_visible()
    expect(page.get_by_text("Tackling neglect").first).to_be_visible()

    year = PartnershipYear.objects.get()
    assert (year.label, year.starts_on, year.ends_on) == (
        "2024-25 plan",
        date(2024, 4, 1),
        date(2025, 3, 31),
    )
    assert list(
        Priority.objects.filter(year=year)
        .order_by("position")
        .values_list("title", "golden_thread")
    ) == [("Tackling neglect", False), ("Online safety", True)]
    assert sorted(PriorityStrand.objects.values_list("title", "priority__title")) == [
        ("Roll out the neglect toolkit", "Tackling neglect"),
        ("Train every practitioner in the toolkit", "Online safety"),
    ]
    assert list(
        PlannedWork.objects.filter(year=year)
        .order_by("position")
        .values_list("title", "kind", "owner_group", "golden_thread")
    ) == [
        ("Safeguarding week conference", PlannedWork.Kind.EVENT, None, False),
        (
            "Prepare for the duty to share information about children",
            PlannedWork.Kind.LEGAL_DUTY,
            group.pk,
            True,
        ),
    ]
    assert not PlannedWork.objects.filter(title="Audit of strategy discussions").exists()
    learning = {point.theme: point for point in LearningPoint.objects.filter(year=year)}
    assert sorted(learning) == ["Housing and care", "Poverty"]
    housing = learning["Housing and care"]
    assert housing.summary == "Practitioners follow the National Care Review."
    assert (housing.owning_group, housing.expectation) == (
        group,
        LearningPoint.Expectation.MONITOR,
    )
    poverty = learning["Poverty"]
    assert (poverty.owning_group, poverty.expectation) == (
        group,
        LearningPoint.Expectation.SEEK_ASSURANCE,
    )
    assert {(p.source, p.source_reference) for p in learning.values()} == {
        (LearningPoint.Source.ANNUAL_REPORT, "business-plan.docx")
    }
    document.refresh_from_db()
    assert (document.status, document.year) == (DocumentImport.Status.ACCEPTED, year)
    no_browser_problems(page, expected=(REFUSED_REVIEW,))


def test_the_business_unit_imports_into_a_year_it_chooses(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    group: PartnershipGroup,
    tmp_path: Path,
) -> None:
    chosen = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    base = str(live_server)
    signed_in(page, base, people[Role.BUSINESS_UNIT])
    document_read(page, base, business_plan(tmp_path / "plan.docx"))

    box(page, "Add them to (optional)").select_option(label="2025-26")
    box(page, "Keep learning point 2").uncheck()
    page.get_by_role("button", name="Accept and create").click()

    no_error_summary(page)
    expect(
        page.get_by_text(
            "Created 2 priorities, 2 strands, 3 planned work, 1 learning points in 2025-26"
        )
    ).to_be_visible()
    assert list(PartnershipYear.objects.all()) == [chosen]
    assert Priority.objects.filter(year=chosen).count() == 2
    assert PlannedWork.objects.filter(year=chosen).count() == 3
    assert list(LearningPoint.objects.values_list("theme", "year")) == [("Poverty", chosen.pk)]
    assert DocumentImport.objects.get().year == chosen
    no_browser_problems(page)


LONG_GROUP = "Multi-Agency Child Exploitation and Missing Children (MACE) Strategic Subgroup"
UNKNOWN_GROUP = "Youth Justice Management Board"


def long_names_plan(path: Path) -> Path:
    """A Word document whose wording runs long: a priority, its strand, planned work, and
    a learning point owned by a group the platform does not have."""
    document = docx.Document()
    document.add_heading("Priorities", level=2)
    document.add_paragraph(
        "Safeguarding teenagers from serious youth violence and exploitation, in and out of "
        "the home, online and in the community",
        style="List Bullet",
    )
    document.add_heading("Priority 1: Safeguarding teenagers", level=2)
    document.add_paragraph(
        "Initiation of Multi-Agency Child Protection Teams across every locality in the city",
        style="List Bullet",
    )
    document.add_heading("Planned work", level=2)
    document.add_paragraph(
        "Implementation of or planning for the legislative requirement of mandatory reporting "
        "by named and designated safeguarding leads of child sexual abuse concerns",
        style="List Bullet",
    )
    document.add_heading("Key learning", level=2)
    document.add_heading("Children and exploitation", level=3)
    document.add_paragraph(
        f"The {UNKNOWN_GROUP} will review the city's exploitation risk assessment tools, "
        "including those used with children who go missing from home or care."
    )
    path.write_bytes(docx_bytes(document))
    return path


def scrolls_sideways(page: Page) -> bool:
    width = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    return bool(page.evaluate(width))


def test_the_review_fits_a_1024_pixel_window_and_asks_who_owns_an_unknown_group(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    group: PartnershipGroup,
    tmp_path: Path,
) -> None:
    # A group whose long name is a choice in every owner list.
    PartnershipGroup.objects.create(
        name=LONG_GROUP, slug="mace", kind=PartnershipGroup.Kind.SUBGROUP
    )
    year = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    base = business_unit_at_1024(page, live_server, people)
    document_read(page, base, long_names_plan(tmp_path / "plan.docx"))
    expect(page.get_by_role("heading", name="Learning points (1)")).to_be_visible()
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []

    # The group the document names is not on the platform: nothing is chosen for it.
    not_a_group = (
        f"“{UNKNOWN_GROUP}” is not a group on the platform: choose the group that owns "
        "this, or All partners"
    )
    owner = box(page, "Owner of learning point 1")
    expect(owner).to_have_value("")
    expect(owner).to_have_accessible_description(not_a_group)
    box(page, "Add them to (optional)").select_option(label="2025-26")
    page.get_by_role("button", name="Accept and create").click()
    expect(error_summary(page)).to_contain_text(f"Learning point 1: {not_a_group}")
    assert not scrolls_sideways(page)  # nor with the error messages shown
    assert axe_violations(page) == []
    assert not LearningPoint.objects.exists()

    # All partners, chosen on purpose, is accepted.
    box(page, "Owner of learning point 1").select_option(label="All partners")
    page.get_by_role("button", name="Accept and create").click()
    no_error_summary(page)
    point = LearningPoint.objects.get()
    assert (point.year, point.owning_group) == (year, None)
    no_browser_problems(page, expected=(REFUSED_REVIEW,))


def test_the_business_unit_marks_up_a_missed_paragraph_as_a_learning_point(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    group: PartnershipGroup,
    tmp_path: Path,
) -> None:
    """Nothing in these notes is under a heading the reading knows: the document is kept,
    shown whole, and the paragraph that is learning becomes a learning point."""
    year = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "Notes of the March meeting\n\nAttendance\n\n"
        "The group heard that children missing education are not always known to health "
        "visitors, and agreed to ask each partner how it finds them.\n",
        encoding="utf-8",
    )
    base = str(live_server)
    signed_in(page, base, people[Role.BUSINESS_UNIT])
    document_read(page, base, notes)
    expect(page.get_by_text("Nothing was found to propose in this document")).to_be_visible()
    expect(page.get_by_role("heading", name="Learning points (0)")).to_be_visible()
    assert axe_violations(page) == []

    box(page, "Add them to (optional)").select_option(label="2025-26")
    passage = page.locator(".sp-document__passage", has_text="children missing education")
    passage.get_by_role("button", name=re.compile(r"^Add as learning point")).click()

    expect(page.get_by_role("heading", name="Learning points (1)")).to_be_visible()
    expect(page.get_by_text("The passage is now learning point 1")).to_be_visible()
    no_error_summary(page)
    # The year chosen before marking up is still chosen.
    expect(box(page, "Add them to (optional)")).to_have_value(str(year.pk))
    expect(box(page, "Theme of learning point 1")).to_have_value("Attendance")
    expect(box(page, "Learning of learning point 1")).to_have_value(
        re.compile(r"^The group heard that children missing education")
    )
    assert not LearningPoint.objects.exists()
    box(page, "Owner of learning point 1").select_option(label=group.name)
    box(page, "The owner must of learning point 1").select_option(label="Monitor")
    page.get_by_role("button", name="Accept and create").click()

    no_error_summary(page)
    expect(page.get_by_text("Created 1 learning points in 2025-26")).to_be_visible()
    point = LearningPoint.objects.get()
    assert (point.year, point.owning_group, point.theme) == (year, group, "Attendance")
    assert point.expectation == LearningPoint.Expectation.MONITOR
    no_browser_problems(page)


def reshaping(page: Page, item: str) -> Locator:
    """The folded controls that change, merge or split `item` ("priority 2"), opened."""
    controls = page.locator("details", has=page.get_by_text(f"Change, merge or split {item}"))
    controls.locator("summary").click()
    return controls


def reshape_button(controls: Locator, words: str, item: str) -> Locator:
    """The button `words` for `item`, which a screen reader hears as "Split in two:
    planned work 1" (Chromium may put a space before the colon)."""
    name = re.compile(rf"^{re.escape(words)}\s*:\s*{re.escape(item)}$")
    return controls.get_by_role("button", name=name)


def test_the_business_unit_changes_merges_and_splits_proposals_then_accepts(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    group: PartnershipGroup,
    tmp_path: Path,
) -> None:
    """A priority that is really learning is made a learning point, a paragraph that
    continues the one before is merged into it, and work read as one is split in two;
    each keeps what was corrected before it, and only Accept creates anything."""
    year = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    base = business_unit_at_1024(page, live_server, people)
    document_read(page, base, business_plan(tmp_path / "business-plan.docx"))
    box(page, "Add them to (optional)").select_option(label="2025-26")
    box(page, "Strand of strand 1").fill("Roll out the neglect toolkit to schools")

    # Another kind: the second priority becomes a learning point.
    controls = reshaping(page, "priority 2")
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    reshape_button(controls, "Make it a learning point", "priority 2").click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Priority 2 is now learning point 3.")
    no_error_summary(page)
    expect(page.get_by_role("heading", name="Priorities (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Learning points (3)")).to_be_visible()
    expect(box(page, "Learning of learning point 3")).to_have_value("Online safety")
    expect(box(page, "Keep learning point 3")).to_be_checked()
    expect(box(page, "Add them to (optional)")).to_have_value(str(year.pk))
    expect(box(page, "Strand of strand 1")).to_have_value("Roll out the neglect toolkit to schools")
    banner.get_by_role("link", name="Check learning point 3").click()
    expect(box(page, "Theme of learning point 3")).to_be_focused()
    box(page, "Theme of learning point 3").fill("Online safety")
    box(page, "Owner of learning point 3").select_option(label="All partners")

    # Merged: the housing paragraph joins the learning point before it.
    controls = reshaping(page, "learning point 2")
    reshape_button(controls, "Merge into learning point 1", "learning point 2").click()
    expect(banner).to_contain_text("Learning point 2 is merged into learning point 1.")
    expect(page.get_by_role("heading", name="Learning points (2)")).to_be_visible()
    expect(box(page, "Theme of learning point 2")).to_have_value("Online safety")
    expect(box(page, "Owner of learning point 2")).to_have_value("all")

    # Split: the conference, reworded to take in a review, becomes two items of work.
    box(page, "Planned work of planned work 1").fill(
        "Safeguarding week conference and a review of the front door"
    )
    controls = reshaping(page, "planned work 1")
    reshape_button(controls, "Split in two", "planned work 1").click()
    expect(banner).to_contain_text(
        "Planned work 1 is split in two: planned work 1 and planned work 2."
    )
    expect(box(page, "Planned work of planned work 1")).to_have_value(
        "Safeguarding week conference"
    )
    expect(box(page, "Planned work of planned work 2")).to_have_value("A review of the front door")
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    assert not (
        Priority.objects.exists() or PlannedWork.objects.exists() or LearningPoint.objects.exists()
    )

    page.get_by_role("button", name="Accept and create").click()
    no_error_summary(page)
    expect(
        page.get_by_text("Created 1 priorities, 2 strands, 4 planned work, 2 learning points")
    ).to_be_visible()
    assert list(Priority.objects.values_list("title", flat=True)) == ["Neglect"]
    assert sorted(PriorityStrand.objects.values_list("title", "priority__title")) == [
        ("Roll out the neglect toolkit to schools", "Neglect"),
        ("Train practitioners in the toolkit", "Neglect"),
    ]
    work = PlannedWork.objects.filter(year=year).order_by("position")
    assert list(work.values_list("title", flat=True)) == [
        "Safeguarding week conference",
        "A review of the front door",
        PLANNED_WORK[1],
        PLANNED_WORK[2],
    ]
    # Both halves of the split keep the kind the conference was read as.
    assert {item.kind for item in work[:2]} == {PlannedWork.Kind.EVENT}
    learning = {point.theme: point for point in LearningPoint.objects.filter(year=year)}
    assert sorted(learning) == ["Online safety", "Poverty"]
    poverty = learning["Poverty"]
    assert poverty.owning_group == group
    assert poverty.detail.endswith("Practice must follow the National Care Review.")
    assert (learning["Online safety"].summary, learning["Online safety"].owning_group) == (
        "Online safety",
        None,
    )
    no_browser_problems(page)


# Insight reference data --------------------------------------------------------------------


def test_the_analyst_loads_a_population_table(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    insight_records: InsightRecords,
    tmp_path: Path,
) -> None:
    before = insight_records.population
    doubled = tmp_path / "population-2025.csv"
    doubled.write_bytes(
        csv_bytes([{"ethnicity": code, "children": n * 2} for code, n in POPULATION.items()])
    )
    base = str(live_server)
    signed_in(page, base, people[Role.ANALYST])
    page.goto(base + reverse("insight:population"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Population tables")

    # Everything but the title: refused, and the table in use stays in use.
    box(page, "Population table").set_input_files(str(doubled))
    box(page, "Source").fill("ONS mid-year estimates")
    box(page, "Year the estimates are for").fill("2025")
    box(page, "These are illustrative figures, not real estimates").check()
    page.get_by_role("button", name="Load the table").click()
    expect(error_summary(page)).to_contain_text("Enter a title, such as Mid-year estimates 2024")
    expect(page).to_have_title(re.compile(r"^Error: Population tables"))
    assert list(PopulationTable.objects.all()) == [before]
    assert PopulationTable.objects.get(is_current=True) == before

    # A browser does not keep a chosen file across a page: choose it again.
    box(page, "Population table").set_input_files(str(doubled))
    box(page, "Title").fill("Mid-year estimates 2025")
    expect(box(page, "Source")).to_have_value("ONS mid-year estimates")
    page.get_by_role("button", name="Load the table").click()

    no_error_summary(page)
    expect(
        page.get_by_text("Mid-year estimates 2025 is now the population table: 29,700 children")
    ).to_be_visible()
    first = page.locator("table.govuk-table tbody tr").first
    expect(first).to_contain_text("Mid-year estimates 2025 (2025)")
    expect(first.locator(".govuk-tag", has_text="Current")).to_be_visible()
    expect(first.locator(".govuk-tag", has_text="Illustrative")).to_be_visible()
    table = PopulationTable.objects.get(is_current=True)
    assert table != before
    assert (table.title, table.source, table.year, table.is_illustrative) == (
        "Mid-year estimates 2025",
        "ONS mid-year estimates",
        2025,
        True,
    )
    assert (table.children, table.row_count, table.dimensions) == (29_700, 5, ["ethnicity"])
    assert (table.original_name, table.loaded_by) == (
        "population-2025.csv",
        people[Role.ANALYST],
    )
    before.refresh_from_db()
    assert not before.is_current
    no_browser_problems(page)


FIGURES = (
    b"indicator,period,comparator,value\r\n"
    b"told-in-time,2025-03,england,84\r\n"
    b"told-in-time,2025-06,england,85.5\r\n"
    b"referrals,2025-06,statistical_neighbours,140\r\n"
)


def test_the_analyst_loads_published_figures(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    insight_records: InsightRecords,
    tmp_path: Path,
) -> None:
    base = str(live_server)
    signed_in(page, base, people[Role.ANALYST])
    page.goto(base + reverse("insight:published_figures"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Published figures")

    # Titled, but no file chosen: refused.
    box(page, "Title").fill("Children in need 2025")
    box(page, "Source").fill("Department for Education")
    page.get_by_role("button", name="Load the figures").click()
    expect(error_summary(page)).to_contain_text("Choose the CSV file of published figures")
    assert not PublishedFigureSet.objects.exists()

    # A file with an indicator not in the catalogue: refused, saying which row.
    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes(FIGURES + b"not-a-code,2025-06,england,3\r\n")
    box(page, "Published figures").set_input_files(str(wrong))
    page.get_by_role("button", name="Load the figures").click()
    expect(error_summary(page)).to_contain_text("wrong.csv has 1 problem: nothing was loaded")
    expect(page.get_by_text("Row 5, column indicator: 'not-a-code'")).to_be_visible()
    assert not PublishedFigureSet.objects.exists()
    assert not PublishedFigure.objects.exists()

    figures = tmp_path / "children-in-need.csv"
    figures.write_bytes(FIGURES)
    box(page, "Published figures").set_input_files(str(figures))
    box(page, "Title").fill("Children in need 2025")
    box(page, "Source").fill("Department for Education")
    page.get_by_role("button", name="Load the figures").click()

    no_error_summary(page)
    expect(page.get_by_text("Children in need 2025 loaded: 3 figures")).to_be_visible()
    first = page.locator("table.govuk-table tbody tr").first
    expect(first).to_contain_text("Children in need 2025")
    expect(first.locator(".govuk-tag", has_text="Current")).to_be_visible()
    expect(first.locator(".govuk-tag", has_text="Illustrative")).to_have_count(0)
    loaded = PublishedFigureSet.objects.get()
    assert (loaded.title, loaded.source, loaded.is_current, loaded.is_illustrative) == (
        "Children in need 2025",
        "Department for Education",
        True,
        False,
    )
    assert (loaded.row_count, loaded.loaded_by) == (3, people[Role.ANALYST])
    stored = loaded.figures.values_list("indicator_code", "period", "comparator", "value")
    assert sorted(
        (code, period, comparator, float(value)) for code, period, comparator, value in stored
    ) == [
        ("referrals", "2025-06", "statistical_neighbours", 140),
        ("told-in-time", "2025-03", "england", 84),
        ("told-in-time", "2025-06", "england", 85.5),
    ]
    no_browser_problems(page)


NHS = "NHS: 1 to 7 shown as *, others rounded to the nearest 5, with secondary suppression"
DFE = "Department for Education: 1 to 5 shown as c, with secondary suppression"


def test_the_business_unit_changes_the_disclosure_policy(
    page: Page, live_server: Any, people: dict[str, User]
) -> None:
    # A radio already chosen cannot be unchosen by a person, so this form has no
    # mistake to make in a browser; its refusals are tested with the test client.
    base = str(live_server)
    signed_in(page, base, people[Role.BUSINESS_UNIT])
    page.goto(base + reverse("insight:settings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Disclosure policy")
    expect(box(page, DFE)).to_be_checked()

    box(page, NHS).check()
    page.get_by_role("button", name="Save").click()

    no_error_summary(page)
    expect(page.get_by_text("The disclosure policy has been saved")).to_be_visible()
    expect(box(page, NHS)).to_be_checked()
    expect(box(page, DFE)).not_to_be_checked()
    saved = InsightSettings.objects.get()
    assert (saved.disclosure_policy, saved.updated_by) == ("nhs", people[Role.BUSINESS_UNIT])
    no_browser_problems(page)


# API keys ----------------------------------------------------------------------------------


def test_the_business_unit_issues_an_api_key_to_an_agency_lead(
    page: Page, live_server: Any, people: dict[str, User]
) -> None:
    lead = people[Role.AGENCY_LEAD]
    base = str(live_server)
    signed_in(page, base, people[Role.BUSINESS_UNIT])
    page.goto(base + reverse("returns:api-keys"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
    expect(page.get_by_text("No keys have been issued.")).to_be_visible()

    # Nothing chosen or typed: refused, and no key is made.
    page.get_by_role("button", name="Issue key").click()
    summary = error_summary(page)
    expect(summary).to_contain_text("Select the agency lead the key is for")
    expect(summary).to_contain_text("Enter what will use the key")
    expect(page.locator(".sp-secret-key")).to_have_count(0)
    assert not ApiToken.objects.exists()

    box(page, "Agency lead").select_option(label=str(lead))
    box(page, "What will use it").fill("Council case management system")
    page.get_by_role("button", name="Issue key").click()

    no_error_summary(page)
    expect(
        page.get_by_role("heading", name="Key for Council case management system")
    ).to_be_visible()
    expect(page.get_by_text("It will not be shown again")).to_be_visible()
    key = page.locator(".sp-secret-key").inner_text().strip()
    assert key.startswith("spp_") and len(key) > 40
    token = ApiToken.objects.get()
    assert (token.person, token.agency, token.role, token.name) == (
        lead,
        lead.agency,
        Role.AGENCY_LEAD,
        "Council case management system",
    )
    assert token.key_sha256 == hashlib.sha256(key.encode()).hexdigest()
    assert token.revoked_at is None and token.last_used_at is None
    row = page.locator("tbody tr", has_text="Council case management system")
    expect(row).to_contain_text(f"{lead}, {lead.agency}")
    expect(row).to_contain_text("Never")

    # Shown once: the page opened again lists the key but never shows it.
    page.goto(base + reverse("returns:api-keys"))
    expect(page.locator("tbody tr", has_text="Council case management system")).to_be_visible()
    expect(page.locator(".sp-secret-key")).to_have_count(0)
    assert key not in page.content()
    no_browser_problems(page)
