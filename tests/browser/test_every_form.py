"""Every form of the platform, filled in and submitted in headless Chromium as a person
would: typing into text and date boxes, choosing radios, boxes and lists, attaching
files. A test-client POST proves only that a view takes a dictionary; a date box that
the browser leaves blank, or a field a person cannot reach, passes it.

`FILLED_IN` names, for each form class, the browser test that fills it in and submits
it. Like the permission matrix for URLs, `test_every_form_is_filled_in_somewhere` fails
when a form is added without one.
"""

import importlib
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from safeguarding.accounts.models import GroupMembership, PartnershipGroup, User
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.roles import Role
from safeguarding.governance.models import (
    Action,
    LearningPoint,
    Milestone,
    OutcomeMeasure,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
    RepresentationWanted,
)
from tests.browser.conftest import sign_in_as
from tests.conftest import PASSWORD, with_password
from tests.governance.records import GovernanceRecords
from tests.platform_forms import platform_forms
from tests.returns.records import ReturnsRecords

pytestmark = pytest.mark.django_db(transaction=True)

HERE = "tests/browser/test_every_form.py"
IMPORTS = "tests/browser/test_forms_import_and_reference.py"

# Form class → the browser test (path::name) that fills it in and submits it.
FILLED_IN: dict[str, str] = {
    "safeguarding.accounts.forms.SignInForm": f"{HERE}::test_a_person_signs_in_with_a_code",
    "safeguarding.accounts.forms.TwoFactorCodeForm": (
        f"{HERE}::test_a_person_signs_in_with_a_code"
    ),
    "safeguarding.accounts.forms.PasswordResetRequestForm": (
        f"{HERE}::test_a_person_asks_for_a_password_reset_link"
    ),
    "safeguarding.accounts.forms.PersonForm": (
        f"{HERE}::test_the_business_unit_adds_a_person_and_puts_them_on_a_group"
    ),
    "safeguarding.accounts.forms.MembershipForm": (
        f"{HERE}::test_the_business_unit_adds_a_person_and_puts_them_on_a_group"
    ),
    "safeguarding.core.forms.PartnershipForm": (
        f"{HERE}::test_the_business_unit_keeps_the_partnership_and_its_agencies"
    ),
    "safeguarding.core.forms.AgencyForm": (
        f"{HERE}::test_the_business_unit_keeps_the_partnership_and_its_agencies"
    ),
    "safeguarding.core.audit_views.AuditSearchForm": (
        f"{HERE}::test_the_business_unit_searches_the_audit_trail_by_date"
    ),
    "safeguarding.governance.plan.forms.YearForm": f"{HERE}::test_the_business_unit_edits_the_year",
    "safeguarding.governance.plan.forms.PriorityForm": (
        f"{HERE}::test_the_business_unit_builds_a_priority"
    ),
    "safeguarding.governance.plan.forms.StrandForm": (
        f"{HERE}::test_the_business_unit_builds_a_priority"
    ),
    "safeguarding.governance.plan.forms.OutcomeMeasureForm": (
        f"{HERE}::test_the_business_unit_builds_a_priority"
    ),
    "safeguarding.governance.plan.forms.PlannedWorkForm": (
        f"{HERE}::test_the_business_unit_plans_work_with_a_milestone"
    ),
    "safeguarding.governance.plan.forms.MilestoneForm": (
        f"{HERE}::test_the_business_unit_plans_work_with_a_milestone"
    ),
    "safeguarding.governance.plan.forms.LearningPointForm": (
        f"{HERE}::test_the_business_unit_records_learning_and_its_action"
    ),
    "safeguarding.governance.plan.forms.ActionForm": (
        f"{HERE}::test_the_business_unit_records_learning_and_its_action"
    ),
    "safeguarding.governance.plan.forms.ActionProgressForm": (
        f"{HERE}::test_a_group_member_records_an_actions_progress"
    ),
    "safeguarding.governance.plan.forms.RepresentationForm": (
        f"{HERE}::test_the_business_unit_says_which_agencies_a_group_wants"
    ),
    "safeguarding.governance.assurance.forms.AssuranceRequestForm": (
        "tests/browser/test_assurance.py::"
        "test_chair_asks_agency_lead_answers_with_a_file_chair_judges"
    ),
    "safeguarding.governance.assurance.forms.AssuranceResponseForm": (
        "tests/browser/test_assurance.py::"
        "test_chair_asks_agency_lead_answers_with_a_file_chair_judges"
    ),
    "safeguarding.governance.assurance.forms.JudgementForm": (
        "tests/browser/test_assurance.py::"
        "test_chair_asks_agency_lead_answers_with_a_file_chair_judges"
    ),
    "safeguarding.returns.forms.CalendarFilterForm": (
        f"{HERE}::test_the_business_unit_narrows_the_returns_calendar"
    ),
    "safeguarding.returns.forms.SubmissionForm": (
        "tests/browser/test_returns.py::test_agency_lead_sends_a_return_and_the_analyst_sees_it"
    ),
}

# Bases every form derives from, not forms of a page.
BASES = {"safeguarding.core.forms.PlatformForm", "safeguarding.core.forms.PlatformModelForm"}


def form_name(form: type) -> str:
    return f"{form.__module__}.{form.__qualname__}"


def imported_entries() -> dict[str, str]:
    """The entries the import and reference-data module keeps beside its own tests."""
    try:
        module = importlib.import_module(IMPORTS.removesuffix(".py").replace("/", "."))
    except ModuleNotFoundError:
        return {}
    return {name: f"{IMPORTS}::{test}" for name, test in module.FILLED_IN.items()}


def test_every_form_is_filled_in_somewhere() -> None:
    entries = {**FILLED_IN, **imported_entries()}
    forms = {form_name(form) for form in platform_forms()} - BASES
    missing = sorted(forms - set(entries))
    assert not missing, f"forms no browser test fills in: {missing}"
    assert not sorted(set(entries) - forms), "entries for forms that no longer exist"


@pytest.mark.parametrize("test", sorted({*FILLED_IN.values(), *imported_entries().values()}))
def test_every_entry_is_a_browser_test(test: str) -> None:
    path, name = test.split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert callable(getattr(module, name, None)), f"{test} does not exist"
    assert path.startswith("tests/browser/")


# Filling in ---------------------------------------------------------------------------


def fill(page: Page, values: dict[str, Any]) -> None:
    """Put each value in the field of that name as a person would: type into a box
    (dates as the browser's picker takes them), choose a radio or box by its value,
    pick a list item by the words it shows."""
    for name, value in values.items():
        field = page.locator(f'[name="{name}"]')
        kind = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind in ("input:radio", "input:checkbox") and not isinstance(value, bool):
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "input:checkbox":
            field.set_checked(bool(value))
        elif kind.startswith("select"):
            field.select_option(label=str(value))
        elif isinstance(value, date):
            field.fill(value.isoformat())
        else:
            field.fill(str(value))


def save(page: Page, button: str = "Save") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def no_errors(page: Page) -> None:
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def signed_in(browser: Browser, base: str, person: User) -> Page:
    page = browser.new_context(locale="en-GB").new_page()
    sign_in_as(page, base, with_password(person).email, PASSWORD)
    return page


@pytest.fixture
def base(live_server: Any) -> str:
    return str(live_server)


@pytest.fixture
def business_unit(browser: Browser, base: str, people: dict[str, User]) -> Page:
    return signed_in(browser, base, people[Role.BUSINESS_UNIT])


# Signing in -------------------------------------------------------------------------------


def test_a_person_signs_in_with_a_code(
    browser: Browser, base: str, people: dict[str, User]
) -> None:
    page = browser.new_context().new_page()
    person = with_password(people[Role.ANALYST])
    page.goto(base + reverse("accounts:sign-in"))
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill("not the password")
    save(page, "Sign in")
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    sign_in_as(page, base, person.email, PASSWORD)

    expect(page).to_have_url(base + reverse("core:staff-home"))
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def test_a_person_asks_for_a_password_reset_link(
    browser: Browser, base: str, people: dict[str, User]
) -> None:
    person = with_password(people[Role.PRACTITIONER])
    page = browser.new_context().new_page()
    page.goto(base + reverse("accounts:password-reset"))
    page.get_by_label("Email address").fill("not an email")
    save(page, "Send the link")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert mail.outbox == []

    page.get_by_label("Email address").fill(person.email)
    save(page, "Send the link")

    expect(page).to_have_url(base + reverse("accounts:password-reset-sent"))
    assert [message.to for message in mail.outbox] == [[person.email]]


# People, the partnership and the audit trail -----------------------------------------------


def test_the_business_unit_adds_a_person_and_puts_them_on_a_group(
    business_unit: Page, base: str, agencies: dict[str, Agency], group: PartnershipGroup
) -> None:
    page = business_unit
    page.goto(base + reverse("accounts:person-create"))
    save(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    fill(
        page,
        {
            "full_name": "Sam Okafor",
            "email": "sam.okafor@testford.example",
            "job_title": "Designated safeguarding lead",
            "agency": agencies["school"].name,
            "role": Role.AGENCY_LEAD,
        },
    )
    save(page)

    no_errors(page)
    expect(page.get_by_text("Sam Okafor added and sent an invitation")).to_be_visible()
    person = User.objects.get(email="sam.okafor@testford.example")
    assert person.agency == agencies["school"] and person.role == Role.AGENCY_LEAD

    page.goto(base + reverse("accounts:group-detail", args=[group.slug]))
    fill(page, {"person": f"{person.full_name}", "is_chair": True})
    save(page, "Add to group")

    expect(page.get_by_text(f"Sam Okafor is now on {group.name}")).to_be_visible()
    assert GroupMembership.objects.get(user=person, group=group).is_chair


def test_the_business_unit_keeps_the_partnership_and_its_agencies(
    business_unit: Page, base: str, partnership: Partnership
) -> None:
    page = business_unit
    page.goto(base + reverse("core:partnership-edit"))
    fill(page, {"quick_exit_url": "not a web address"})
    save(page, "Save settings")
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    fill(page, {"quick_exit_url": "https://www.bbc.co.uk/weather", "area": "Testford"})
    save(page, "Save settings")

    expect(page.get_by_text("Partnership details saved")).to_be_visible()
    partnership.refresh_from_db()
    assert partnership.area == "Testford"

    page.goto(base + reverse("core:agency-create"))
    fill(
        page,
        {
            "name": "Testford Youth Justice Service",
            "slug": "testford-yjs",
            "kind": Agency.Kind.choices[0][0],
            "website": "https://yjs.testford.example",
        },
    )
    save(page, "Save agency")

    no_errors(page)
    expect(page.get_by_text("Testford Youth Justice Service added")).to_be_visible()
    assert Agency.objects.filter(slug="testford-yjs").exists()


def test_the_business_unit_searches_the_audit_trail_by_date(business_unit: Page, base: str) -> None:
    page = business_unit
    today = timezone.localdate()
    page.goto(base + reverse("core:audit-list"))
    fill(page, {"date_from": today + timedelta(days=1), "date_to": today})
    save(page, "Search")
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    fill(page, {"date_from": today - timedelta(days=1), "date_to": today})
    save(page, "Search")

    no_errors(page)
    # The dates chosen stay in their boxes, in the form the picker shows.
    expect(page.locator('[name="date_from"]')).to_have_value(
        (today - timedelta(days=1)).isoformat()
    )
    expect(page.locator("tbody tr").first).to_be_visible()


# The plan -----------------------------------------------------------------------------


def test_the_business_unit_edits_the_year(
    business_unit: Page, base: str, governance_records: GovernanceRecords
) -> None:
    year = governance_records.year
    page = business_unit
    page.goto(base + reverse("governance:year-edit", args=[year.pk]))

    # The dates already saved are in their boxes, so saving keeps them.
    expect(page.locator('[name="starts_on"]')).to_have_value("2025-04-01")
    expect(page.locator('[name="ends_on"]')).to_have_value("2026-03-31")
    fill(page, {"ends_on": date(2025, 3, 1)})
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The last day must be after the first day"
    )

    # A "/" would break the annual report's address: refused, with what to use.
    fill(page, {"ends_on": date(2026, 3, 31), "label": "2025/26"})
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("like 2025-26")
    assert PartnershipYear.objects.get(pk=year.pk).label == "2025-26"

    fill(page, {"label": "2025-26 revised"})
    save(page)

    no_errors(page)
    expect(page.get_by_text("Year 2025-26 revised saved")).to_be_visible()
    year.refresh_from_db()
    assert (year.label, year.starts_on, year.ends_on) == (
        "2025-26 revised",
        date(2025, 4, 1),
        date(2026, 3, 31),
    )


def test_the_business_unit_builds_a_priority(
    business_unit: Page, base: str, governance_records: GovernanceRecords
) -> None:
    page = business_unit
    year = governance_records.year
    page.goto(base + reverse("governance:priority-create", args=[year.pk]))
    save(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    fill(
        page,
        {
            "title": "Tackling neglect",
            "statement": "Children living with neglect are seen and helped sooner.",
            "position": "2",
            "golden_thread": True,
        },
    )
    save(page)
    no_errors(page)
    expect(page.get_by_text("Priority saved")).to_be_visible()
    priority = Priority.objects.get(title="Tackling neglect")
    assert priority.golden_thread and priority.year == year

    page.goto(base + reverse("governance:strand-create", args=[priority.pk]))
    fill(page, {"title": "Use the neglect toolkit in every locality"})
    save(page)
    no_errors(page)
    assert PriorityStrand.objects.filter(priority=priority).count() == 1

    page.goto(base + reverse("governance:measure-create", args=[priority.pk]))
    fill(
        page,
        {
            "description": "Fewer children on a plan for neglect for a second time",
            "indicator_code": "CP-REPEAT",
        },
    )
    save(page)
    no_errors(page)
    assert OutcomeMeasure.objects.get(priority=priority).indicator_code == "CP-REPEAT"


def test_the_business_unit_plans_work_with_a_milestone(
    business_unit: Page,
    base: str,
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
    agencies: dict[str, Agency],
) -> None:
    page = business_unit
    year = governance_records.year
    page.goto(base + reverse("governance:planned-work-create", args=[year.pk]))
    fill(
        page,
        {
            "title": "A multi-agency audit of neglect cases",
            "description": "Ten cases, every agency's records.",
            "kind": PlannedWork.Kind.AUDIT,
            "priority": governance_records.priority.title,
            "owner_group": group.name,
            "lead_agency": agencies["council"].name,
            "status": "in_progress",
            "evidence_of_completion": "The audit report to the Board",
        },
    )
    save(page)
    no_errors(page)
    expect(page.get_by_text("Planned work saved")).to_be_visible()
    work = PlannedWork.objects.get(title="A multi-agency audit of neglect cases")
    assert (work.kind, work.owner_group, work.status) == ("audit", group, "in_progress")

    page.goto(base + reverse("governance:milestone-create", args=[work.pk]))
    fill(page, {"title": "", "due_on": date(2026, 5, 1)})
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the milestone")
    milestones_before = Milestone.objects.count()
    fill(page, {"title": "Cases chosen", "due_on": date(2026, 5, 1)})
    save(page)
    no_errors(page)
    assert Milestone.objects.count() == milestones_before + 1
    assert Milestone.objects.get(planned_work=work).due_on == date(2026, 5, 1)


def test_the_business_unit_records_learning_and_its_action(
    business_unit: Page,
    base: str,
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
    agencies: dict[str, Agency],
) -> None:
    page = business_unit
    page.goto(base + reverse("governance:learning-create"))
    save(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    fill(
        page,
        {
            "theme": "Neglect",
            "summary": "Practitioners need to see the home, not only the child",
            "source": LearningPoint.Source.PRACTICE_REVIEW,
            "owning_group": group.name,
            "expectation": LearningPoint.Expectation.SEEK_ASSURANCE,
        },
    )
    save(page)
    no_errors(page)
    expect(page.get_by_text("Learning point saved")).to_be_visible()
    point = LearningPoint.objects.get(theme="Neglect")

    page.goto(base + reverse("governance:action-create", args=[point.pk]))
    due = timezone.localdate() + timedelta(days=60)
    fill(
        page,
        {
            "title": "Add home visits to the neglect toolkit",
            "owner_group": group.name,
            "lead_agency": agencies["council"].name,
            "due_on": due,
            "status": "not_started",
        },
    )
    save(page)
    no_errors(page)
    expect(page.get_by_text("Action added")).to_be_visible()
    action = Action.objects.get(title="Add home visits to the neglect toolkit")
    assert action.due_on == due

    # The saved action opens with its date in the box, and saves again unchanged.
    page.goto(base + reverse("governance:action-edit", args=[action.pk]))
    expect(page.locator('[name="due_on"]')).to_have_value(due.isoformat())
    fill(page, {"progress_note": "The toolkit is being redrafted."})
    save(page)
    no_errors(page)
    expect(page.get_by_text("Action saved")).to_be_visible()
    action.refresh_from_db()
    assert (action.due_on, action.progress_note) == (due, "The toolkit is being redrafted.")


def test_a_group_member_records_an_actions_progress(
    browser: Browser, base: str, people: dict[str, User], governance_records: GovernanceRecords
) -> None:
    action = governance_records.action
    page = signed_in(browser, base, people[Role.GROUP_MEMBER])
    page.goto(base + reverse("governance:action-detail", args=[action.pk]))
    page.get_by_role("link", name="Update this action").click()
    # Those who report progress cannot move the action: no owner or date to change.
    expect(page.locator('[name="due_on"]')).to_have_count(0)
    fill(page, {"status": "in_progress", "progress_note": "Measures drafted with the police."})
    save(page)

    no_errors(page)
    expect(page.get_by_text("Action saved")).to_be_visible()
    action.refresh_from_db()
    assert (action.status, action.progress_note) == (
        "in_progress",
        "Measures drafted with the police.",
    )


def test_the_business_unit_says_which_agencies_a_group_wants(
    business_unit: Page, base: str, group: PartnershipGroup
) -> None:
    page = business_unit
    page.goto(base + reverse("governance:representation-edit", args=[group.slug]))
    first_kind = page.locator('[name="agency_kinds"]').first.get_attribute("value")
    fill(page, {"agency_kinds": first_kind})
    save(page)

    no_errors(page)
    expect(page.get_by_text("Agencies wanted saved")).to_be_visible()
    assert [w.agency_kind for w in RepresentationWanted.objects.filter(group=group)] == [first_kind]


def test_no_year_is_lost_by_a_second_save(
    business_unit: Page, base: str, governance_records: GovernanceRecords
) -> None:
    """Opening a saved year and saving it straight away changes nothing."""
    year = governance_records.year
    page = business_unit
    page.goto(base + reverse("governance:year-edit", args=[year.pk]))
    save(page)
    no_errors(page)
    after = PartnershipYear.objects.get(pk=year.pk)
    assert (after.starts_on, after.ends_on) == (year.starts_on, year.ends_on)


def test_the_business_unit_narrows_the_returns_calendar(
    business_unit: Page, base: str, returns_records: ReturnsRecords
) -> None:
    page = business_unit
    page.goto(base + reverse("returns:calendar"))
    expect(page.locator("tbody tr")).to_have_count(1)

    fill(page, {"status": "Late"})
    save(page, "Show returns")
    expect(page.get_by_text("No return you can open matches what you chose.")).to_be_visible()

    fill(page, {"status": "Accepted", "agency": returns_records.obligation.agency.name})
    save(page, "Show returns")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text(returns_records.obligation.template.title)
    assert "status=accepted" in page.url
