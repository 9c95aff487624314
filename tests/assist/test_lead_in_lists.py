"""Lists a sentence introduces, in the forms other partnerships write them, on small
documents of the project's own: a year's aims, a colon typed as a semicolon, a lead-in of
verbs alone, and a list of learning themes inside key learning with labels between its
parts; with the dated news items and download links around them."""

import pytest

from safeguarding.assist.importing import Proposal, propose
from safeguarding.assist.importing.lines import DATE_ONLY


def read(text: str) -> Proposal:
    return propose(text, group_names=["Partnership Executive"])


def test_a_years_aims_are_its_priorities() -> None:
    proposal = read(
        "Annual report\n\n"
        "The report directs the board towards the following aims for 2026/27:\n\n"
        "1. Tackling neglect\n"
        "2. Safeguarding adolescents at risk of exploitation\n"
    )
    assert [priority.title for priority in proposal.priorities] == [
        "Tackling neglect",
        "Safeguarding adolescents at risk of exploitation",
    ]


def test_aims_named_with_no_year_are_not_priorities() -> None:
    proposal = read("About us\n\nOur aims are:\n\n  • To be kind\n  • To listen\n")
    assert proposal.priorities == []


def test_a_short_paragraph_ending_in_a_semicolon_leads_in_like_a_colon() -> None:
    proposal = read(
        "Business plan\n\nThe Priorities are;\n\n1. Neglect\n2. Early help\n"
        "Plans are reviewed every quarter by the executive.\n"
    )
    assert [priority.title for priority in proposal.priorities] == ["Neglect", "Early help"]


def test_an_item_ending_in_a_semicolon_leads_in_to_nothing() -> None:
    proposal = read(
        "The priorities for 2026/27 are:\n\n"
        "  • Neglect\n"
        "  • health needs are considered across all of the priorities;\n"
        "  • they support each other\n"
    )
    # The list's own items, not a list within it.
    assert [priority.title for priority in proposal.priorities] == [
        "Neglect",
        "health needs are considered across all of the priorities",
        "they support each other",
    ]


def test_a_lead_in_of_verbs_alone_introduces_work() -> None:
    proposal = read(
        "Quality Assurance Subgroup\n\nDeliver and evaluate:\n\n"
        "  - Multi-agency Audit Programme\n"
        "  - Neglect Training Programme\n"
    )
    assert [item.title for item in proposal.planned_work] == [
        "Multi-agency Audit Programme",
        "Neglect Training Programme",
    ]


def test_a_list_of_learning_themes_in_key_learning_keeps_going_past_its_labels() -> None:
    proposal = read(
        "Learning from two reviews\n\n"
        "Thursday, March 4, 2027\n\n"
        "The learning briefs have been written with the agencies involved. Key themes "
        "highlighted include, but are not limited to:\n\n"
        "Child A:\n\n"
        "  • Voice of the child\n"
        "  • Neglect\n\n"
        "Child B:\n\n"
        "  • Working with fathers\n\n"
        "The learning briefs can be downloaded here.\n"
    )
    assert [point.summary for point in proposal.learning_points] == [
        "Voice of the child",
        "Neglect",
        "Working with fathers",
    ]
    # The date under the title is no theme.
    assert {point.theme for point in proposal.learning_points} == {"Learning from two reviews"}


@pytest.mark.parametrize(
    "line",
    ["Thursday, January 12, 2017", "12 January 2017", "January 12th, 2017", "Date: 1 May 2026"],
)
def test_a_date_line_in_either_order_is_only_a_date(line: str) -> None:
    assert DATE_ONLY.match(line)


def test_a_line_naming_a_month_in_a_title_is_not_only_a_date() -> None:
    assert not DATE_ONLY.match("January 2017 Board Meeting")


def test_what_a_semicolon_adds_to_say_why_is_not_part_of_the_title() -> None:
    proposal = read(
        "The priorities for 2026/27 are:\n\n"
        "1. Acting on learning; to ensure continuous improvement across the partnership\n"
        "2. Improving the board; working with the adults board\n"
    )
    assert [priority.title for priority in proposal.priorities] == [
        "Acting on learning",
        "Improving the board; working with the adults board",
    ]
