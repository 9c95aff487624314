"""Layouts other partnerships use, on small documents of the project's own: lists inside a
sentence, "Priority One" headings with the title below, short headings under the
priorities' heading, lists that are not priorities (cross-cutting themes, an adults'
board's areas), work introduced as "…priorities to:", events a newsletter announces, and
learning written as briefings with dates, lead-in lines and short session names."""

import pytest

from safeguarding.assist.importing import Proposal, propose
from safeguarding.assist.importing.lead_ins import title_of
from safeguarding.assist.importing.sentence_lists import sentence_lists


def read(text: str) -> Proposal:
    return propose(text, group_names=["Performance Subgroup", "Partnership Executive"])


def titles(proposal: Proposal) -> list[str]:
    return [priority.title for priority in proposal.priorities]


def work(proposal: Proposal) -> list[tuple[str, str]]:
    return [(item.title, item.kind) for item in proposal.planned_work]


# --- Lists inside a sentence ------------------------------------------------------


def test_priorities_marked_i_ii_iii_in_a_sentence_are_read() -> None:
    proposal = read(
        "Annual report\n\n"
        "The chair reported progress on the three key priorities; (i) neglect, (ii) "
        "exploitation outside the home and (iii) making the system work. Partners asked "
        "questions.\n"
    )
    assert titles(proposal) == [
        "Neglect",
        "Exploitation outside the home",
        "Making the system work",
    ]
    assert "Named in the sentence" in proposal.priorities[0].reason


def test_priorities_in_a_plain_sentence_with_a_count_are_read() -> None:
    found = sentence_lists("Our two priorities are early help and neglect.")
    assert [(item.kind, item.items) for item in found] == [
        ("priorities", ("Early help", "Neglect"))
    ]


def test_work_still_to_do_in_a_sentence_is_planned_work_with_its_kind() -> None:
    proposal = read(
        "Summary\n\n"
        "The report outlines areas for development including embedding the neglect "
        "toolkit, reviewing the training offer and holding a practitioner conference.\n"
    )
    assert work(proposal) == [
        ("Embedding the neglect toolkit", "development"),
        ("Reviewing the training offer", "audit"),
        ("Holding a practitioner conference", "event"),
    ]
    assert proposal.priorities == []


def test_quoted_outcomes_a_sentence_counts_are_priorities() -> None:
    found = sentence_lists(
        "It identified two outcomes “Children are safe” and “Partners work well”."
    )
    assert found[0].items == ("Children are safe", "Partners work well")


@pytest.mark.parametrize(
    "sentence",
    [
        # A comma opens no list.
        "We reported progress on priorities, performance, learning and audits.",
        # What is done with the priorities is not a list of them.
        "Both the priorities and cross-cutting themes are picked up by the sub-groups, "
        "as outlined in the plan and below.",
        "The priorities are picked up by the sub-groups, the executive and the board.",
        # The count names three; the commas give two.
        "The three priorities are neglect and exploitation, and transitions.",
        # Two items with nothing marking or counting them are too few to be sure of.
        "Our priorities are neglect and exploitation.",
    ],
)
def test_sentences_that_list_no_priorities_give_none(sentence: str) -> None:
    assert sentence_lists(sentence) == []


# --- Headings ----------------------------------------------------------------------


def test_a_priority_heading_alone_takes_its_title_from_the_next_line() -> None:
    proposal = read(
        "Business strategy\n\n"
        "Priority One\n"
        "Prevent abuse\n"
        "Priority Two\n"
        "Put learning into practice.\n"
        "• Run a learning week\n"
    )
    assert titles(proposal) == ["Prevent abuse", "Put learning into practice"]
    assert [(s.title, s.priority_title) for s in proposal.strands] == [
        ("Run a learning week", "Put learning into practice")
    ]


def test_short_headings_with_descriptions_under_the_priorities_heading_are_priorities() -> None:
    proposal = read(
        "What are our priorities?\n\n"
        "Exploitation\n\n"
        "The aim is for children to be free from the risk of exploitation.\n\n"
        "Neglect\n\n"
        "The aim is to reduce neglect and its impact.\n\n"
        "What are we trying to achieve?\n\n"
        "Children tell us they feel safer.\n"
    )
    assert titles(proposal) == ["Exploitation", "Neglect"]
    assert proposal.warnings == []


def test_one_short_heading_under_the_priorities_heading_is_not_taken_as_a_priority() -> None:
    proposal = read(
        "Our priorities\n\n"
        "Introduction\n\n"
        "This page explains how the partnership chose its work.\n\n"
        "Background\n\n"
        "Partners met in May.\n"
    )
    assert titles(proposal) == []


def test_an_adults_boards_priority_areas_are_not_the_childrens_partnerships() -> None:
    proposal = read(
        "Children's priority areas\n"
        "• Neglect\n"
        "• Child sexual abuse\n"
        "Adult's priority areas\n"
        "• Mental capacity\n"
        "• Self-neglect\n"
    )
    assert titles(proposal) == ["Neglect", "Child sexual abuse"]


def test_cross_cutting_themes_after_the_priorities_are_not_priorities() -> None:
    proposal = read(
        "Our priorities\n\n"
        "The priorities for 2026-28 are:\n"
        "1. Early help\n"
        "2. Neglect\n\n"
        "The cross-cutting themes for 2026-28 are:\n"
        "• Think family\n"
        "• Addressing disproportionality\n\n"
        "• Focus on Priorities 1 (Early help) and 2 (Neglect)\n"
    )
    assert titles(proposal) == ["Early help", "Neglect"]


def test_threads_running_through_the_priorities_are_not_priorities() -> None:
    proposal = read(
        "Priorities\n"
        "• Prevent abuse\n"
        "Please note that the following key threads run through all priorities:-\n"
        "• ensure that our work is child centred\n"
        "• promote multi-agency working\n"
    )
    assert titles(proposal) == ["Prevent abuse"]


# --- Lead-ins to work --------------------------------------------------------------


def test_priorities_to_do_something_are_planned_work() -> None:
    proposal = read(
        "Our strategy\n\n"
        "The strategy also identifies two business priorities to:-\n"
        "• Provide positive transitional arrangements for local safeguarding;\n"
        "• Ensure the child's voice influences local arrangements.\n"
    )
    assert [title for title, _ in work(proposal)] == [
        "Provide positive transitional arrangements for local safeguarding",
        "Ensure the child's voice influences local arrangements",
    ]
    assert proposal.priorities == []


def test_what_a_strategy_wants_families_to_do_is_neither_work_nor_priorities() -> None:
    proposal = read(
        "Family resilience\n\n"
        "The strategy recognises that we want families to:\n"
        "• be resilient and thrive\n"
        "• live free of crime and domestic abuse\n"
    )
    assert proposal.planned_work == [] and proposal.priorities == []


def test_a_title_whose_colon_is_followed_by_a_short_name_keeps_it() -> None:
    assert title_of("Improvement and Learning: JTAI and National Review") == (
        "Improvement and Learning: JTAI and National Review"
    )
    assert title_of("Transitions: moving from childhood to adulthood") == "Transitions"


# --- Events a newsletter announces -------------------------------------------------


def test_an_event_a_paragraph_says_is_to_come_is_planned_work() -> None:
    proposal = read(
        "Board newsletter\n\n"
        "Practitioner networking event\n\n"
        "A networking event has been scheduled on 8 April from 9am at the civic centre.\n\n"
        "Annual conference\n\n"
        "The conference was held in March and 200 people came.\n"
    )
    assert work(proposal) == [("Practitioner networking event", "event")]


# --- Learning written as briefings ---------------------------------------------------


def test_briefings_with_dates_give_one_point_each_and_no_date_themes() -> None:
    proposal = read(
        "7 Minute Briefings\n\n"
        "These briefings share what we have learnt.\n\n"
        "01 August 2025\n\n"
        "Responding to physical abuse\n\n"
        "In June the partnership completed an audit of responses to children who "
        "disclose physical harm.\n\n"
        "This briefing summarises the key findings from the review and what we will do next.\n\n"
        "24 April 2025\n\n"
        "\u201cIt\u2019s Silent\u201d: race and safeguarding\n\n"
        "In March the national panel published its review of race and racism in "
        "safeguarding.\n"
    )
    points = proposal.learning_points
    assert [point.theme for point in points] == [
        "Responding to physical abuse",
        "\u201cIt\u2019s Silent\u201d: race and safeguarding",
    ]
    # "the review" names a report: nothing is asked, and the paragraph after continues it.
    assert [point.expectation for point in points] == ["note", "note"]
    assert "what we will do next" in points[0].detail


def test_lead_in_lines_and_short_names_under_a_theme_are_not_learning_points() -> None:
    proposal = read(
        "Key learning\n\n"
        "Strategies and pathways\n\n"
        "We would like to share with you the pathways relating to this theme:\n"
        "• Learning from reviews toolkit\n"
        "• Theme overview pack\n\n"
        "Professional curiosity is exploring what is happening with a child rather than "
        "taking things at face value.\n"
    )
    assert [point.summary for point in proposal.learning_points] == [
        "Professional curiosity is exploring what is happening with a child rather than "
        "taking things at face value"
    ]


@pytest.mark.parametrize(
    ("paragraph", "expectation"),
    [
        ("The Performance Subgroup will review how the neglect toolkit is used.", "review"),
        ("The Performance Subgroup have reviewed the audit and found it sound.", "note"),
        ("The Performance Subgroup heard the learning from the case review.", "note"),
        ("Seek information from partner agencies before the meeting.", "note"),
        (
            "The Performance Subgroup will seek assurance that the toolkit is used.",
            "seek_assurance",
        ),
    ],
)
def test_an_expectation_is_read_from_what_is_asked_not_from_nouns(
    paragraph: str, expectation: str
) -> None:
    proposal = read(f"Key learning\n\nNeglect\n\n{paragraph}\n")
    assert [point.expectation for point in proposal.learning_points] == [expectation]


# --- Work a sentence promises ------------------------------------------------------


def test_new_work_a_sentence_promises_is_planned_work_titled_as_an_action() -> None:
    proposal = read(
        "Learning themes\n\n"
        "Discussions have taken place about why this theme recurs. In 2026-27, alongside "
        "the adults board, a video will be developed to support practitioners. The strategy "
        "will be reviewed as planned. Colleagues are now planning future workshops for "
        "schools.\n"
    )
    assert work(proposal) == [
        ("Develop a video to support practitioners", "development"),
        ("Future workshops for schools", "event"),
    ]


def test_a_semicolon_after_areas_for_development_opens_no_list_unless_items_are_marked() -> None:
    assert (
        sentence_lists(
            "A workshop found areas for development for the cohort; representation from "
            "schools, settings and partners was significant."
        )
        == []
    )


def test_a_theme_written_inline_takes_the_paragraphs_after_it_into_its_point() -> None:
    proposal = read(
        "Learning themes\n\n"
        "Learning from all cases is overseen by the review group with updates to the "
        "executive.\n\n"
        "Professional curiosity \u2013 This has been a recurring theme in reviews and work "
        "has taken place across the partnership.\n\n"
        "A decision has been made that further work is required to embed the learning.\n\n"
        "Neglect\n\n"
        "Practitioners should use the neglect toolkit at every assessment.\n"
    )
    points = proposal.learning_points
    assert [(point.theme, point.summary) for point in points] == [
        (
            "Professional curiosity",
            "This has been a recurring theme in reviews and work has taken place across the "
            "partnership",
        ),
        ("Neglect", "Practitioners should use the neglect toolkit at every assessment"),
    ]
    assert "further work is required to embed the learning" in points[0].detail


def test_a_title_naming_an_event_is_planned_work_and_its_learning_word_starts_nothing() -> None:
    proposal = read(
        "Safeguarding Practice Week: Learning from Reviews\n\n"
        "Date: Monday, 24th Jun 2024\n\n"
        "The partnership is delighted to announce the launch of its practice week for "
        "multi-agency professionals.\n\n"
        "Monday Introducing \u2013 Learning from Reviews Toolkit; Theme Overview Pack\n\n"
        "Safeguarding children is complex and reliant on many services working together.\n"
    )
    assert work(proposal) == [("Safeguarding Practice Week: Learning from Reviews", "event")]
    assert proposal.learning_points == []


def test_a_question_about_how_the_partnership_works_is_no_theme_of_learning() -> None:
    proposal = read(
        "Key learning\n\n"
        "How do we review multi agency practice and share learning?\n\n"
        "The partnership seeks to promote a culture of continuous improvement.\n\n"
        "What have we learned?\n\n"
        "Professional curiosity means asking what is happening for the child.\n"
    )
    assert [point.theme for point in proposal.learning_points] == ["What have we learned?"]
