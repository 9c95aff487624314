"""More layouts, on small documents of the project's own: the key messages of a board's
meeting, advice and recommendations in prose, a learning page whose title names its theme,
the launch of new resources, qualified priority headings ("Shared Priority - …"), and the
names that stand for a group without its words (the safeguarding partners, the
partnership's abbreviation, a group's members)."""

import pytest

from safeguarding.assist.importing import Proposal, propose
from safeguarding.assist.importing.groups import GroupMatcher
from safeguarding.assist.importing.learning_section import gives_messages

GROUPS = ["Safeguarding Partnership Board", "Executive Group", "Education Safeguarding Group"]


def read(text: str) -> Proposal:
    return propose(text, group_names=GROUPS)


def points(proposal: Proposal) -> list[tuple[str, str, str | None, str]]:
    return [
        (point.theme, point.summary, point.group_name, point.expectation)
        for point in proposal.learning_points
    ]


BOARD_MESSAGES = (
    "Board Bulletin June 2026\n\n"
    "Key messages from the June 2026 meeting of Westshire Safeguarding Children Board.\n\n"
    "Neglect Strategy\n\n"
    "The board heard how the neglect strategy is being put into practice. It has three "
    "strands;\n\n"
    "  • Early recognition\n"
    "  • Consistent assessment\n"
    "  • Support that lasts\n\n"
    "A new screening tool has been tested in two localities with good results.\n\n"
    "Progress reports will be brought to the WSCB every quarter.\n\n"
    "Inspection of the youth offending service\n\n"
    "The inspection rated the service as requiring improvement. It identified weak "
    "management oversight of cases where children went missing. WSCB members from the "
    "service gave an account of the improvement plan.\n"
)


def test_each_heading_of_a_meetings_key_messages_is_one_point() -> None:
    proposal = read(BOARD_MESSAGES)
    assert points(proposal) == [
        (
            "Neglect Strategy",
            "Progress reports will be brought to the WSCB every quarter",
            "Safeguarding Partnership Board",
            "present_progress",
        ),
        (
            "Inspection of the youth offending service",
            "The inspection rated the service as requiring improvement",
            None,
            "note",
        ),
    ]
    first = proposal.learning_points[0]
    # Every line under the heading is in the point, its list included.
    assert "Early recognition" in first.detail
    assert "good results" in first.detail
    assert "one message: every line under its heading" in first.reason
    # The strategy's strands are the board's message, not the partnership's strands.
    assert proposal.strands == []
    assert proposal.priorities == []


def test_an_update_given_at_the_meeting_is_done_not_asked() -> None:
    proposal = read(BOARD_MESSAGES)
    # "Members from the service gave an account": the members are people, not the board
    # being asked to act, and what they gave was done at the meeting.
    assert proposal.learning_points[1].group_name is None
    assert proposal.learning_points[1].expectation == "note"


@pytest.mark.parametrize(
    "text",
    [
        "Key messages from the Partnership Board",
        "Things you should know: March 2026",
        "Headlines from the July meeting of the executive",
        "Key messages from our autumn Board meeting",
    ],
)
def test_what_names_a_meetings_messages(text: str) -> None:
    assert gives_messages(text)


@pytest.mark.parametrize(
    "text",
    ["Key learning from reviews", "Messages for practitioners", "Seven minute briefing"],
)
def test_what_does_not_name_a_meetings_messages(text: str) -> None:
    assert not gives_messages(text)


def test_a_document_without_the_messages_intro_reads_its_headings_as_before() -> None:
    proposal = read(BOARD_MESSAGES.replace("Key messages from", "Notes of"))
    assert proposal.learning_points == []


def test_advice_and_recommendations_in_prose_are_learning_points() -> None:
    proposal = read(
        "Partners met in the spring term. All safeguarding partners were asked to check "
        "their winter plans, and they did so at the meeting.\n"
        "The recommendation was for the safeguarding partners to review how schools are "
        "told of police notifications.\n"
        "It is advised for primary schools to refresh their staff on the local escalation "
        "policy before September.\n"
        "Attendance improved across the year.\n"
    )
    assert points(proposal) == [
        (
            "Key messages",
            "The recommendation was for the safeguarding partners to review how schools are "
            "told of police notifications",
            "Executive Group",
            "review",
        ),
        (
            "Key messages",
            "It is advised for primary schools to refresh their staff on the local "
            "escalation policy before September",
            None,
            "promote",
        ),
    ]
    assert "advises or recommends" in proposal.learning_points[0].reason


def test_advice_under_a_heading_takes_the_heading_as_its_theme() -> None:
    proposal = read(
        "Elective home education\n\n"
        "Numbers have doubled in two years. It is recommended that settings tell the "
        "local authority of every child removed from the roll.\n"
    )
    assert [point.theme for point in proposal.learning_points] == ["Elective home education"]


def test_a_learning_pages_title_names_the_theme_its_paragraph_is_about() -> None:
    proposal = read(
        "Learning from Reviews \u2013 Working with Fathers\n\n"
        "The partnership shares a learning theme every month with staff in every agency.\n\n"
        "This month the focus is on Working with Fathers, as men in the household were "
        "unseen in four of our recent reviews.\n\n"
        "Useful resources\n\n"
        "Practitioners should record who lives in the home and speak to each adult.\n"
    )
    assert [(point.theme, point.summary) for point in proposal.learning_points] == [
        (
            "Working with Fathers",
            "This month the focus is on Working with Fathers, as men in the household were "
            "unseen in four of our recent reviews",
        ),
        (
            "Useful resources",
            "Practitioners should record who lives in the home and speak to each adult",
        ),
    ]


def test_the_launch_of_new_resources_is_development_work_each() -> None:
    proposal = read(
        "Practice Week\n\n"
        "With the launch of a new Neglect Screening Tool and Graded Care Profile Guide, "
        "practitioners will have what they need to act early. We launched a new Website "
        "last year.\n"
    )
    assert [(item.title, item.kind) for item in proposal.planned_work] == [
        ("Neglect Screening Tool", "development"),
        ("Graded Care Profile Guide", "development"),
    ]


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (
            "Cross Cutting Shared Priority \u2013 Transitions to adulthood",
            "Transitions to adulthood",
        ),
        ("Joint Priority: Domestic abuse", "Domestic abuse"),
        ("Strategic Priority 3: Neglect", "Neglect"),
    ],
)
def test_a_qualified_priority_heading_names_its_priority(heading: str, title: str) -> None:
    proposal = read(f"Business plan\n\n{heading}\n\nThis is shared with the adults board.\n")
    assert [priority.title for priority in proposal.priorities] == [title]


def test_the_partnerships_abbreviation_is_its_board_only_when_reported_to() -> None:
    matcher = GroupMatcher(GROUPS)
    reported = matcher.owner("Updates will be brought to the LSCP in March.")
    assert reported is not None and reported.group_name == "Safeguarding Partnership Board"
    assert matcher.owner("The LSCP completed an audit of strategy meetings.") is None
    assert matcher.owner("Staff should refer to the LSCP Escalation Policy.") is None


def test_the_safeguarding_partners_are_the_executive() -> None:
    matcher = GroupMatcher(GROUPS)
    owner = matcher.owner("The local safeguarding partners will seek assurance on this.")
    assert owner is not None and owner.group_name == "Executive Group"
    # A partnership without an executive group has no group the phrase names.
    assert (
        GroupMatcher(["Safeguarding Partnership Board"]).owner(
            "The safeguarding partners will seek assurance on this."
        )
        is None
    )
    # "Safeguarding partnership" is not the partners.
    assert matcher.owner("The safeguarding partnership will seek assurance on this.") is None


def test_key_messages_as_bullets_under_audiences_are_one_point_each() -> None:
    proposal = read(
        "The Board would like to share the following key messages.\n\n"
        "For practitioners\n\n"
        "  • Remember what our reviews keep finding:\n"
        "  • Chronologies \u2013 keep one for every child open to you for more than a month\n"
        "  • You are required to assure the Board that your supervision policy is applied.\n"
        "  • Let us know if you would like a copy of the slides.\n"
        "  • Look at the Board website for the full report.\n"
        "  • Protecting children is everyone's job. If worried, call 0161 555 0199\n"
        "  • Use the Westshire Child Protection Procedures for every referral.\n"
    )
    assert points(proposal) == [
        (
            "For practitioners",
            "Chronologies \u2013 keep one for every child open to you for more than a month",
            None,
            "note",
        ),
        (
            "For practitioners",
            "You are required to assure the Board that your supervision policy is applied",
            "Safeguarding Partnership Board",
            "seek_assurance",
        ),
    ]
    # A lead-in about "key areas" inside key messages introduces no priorities.
    assert proposal.priorities == []


PRACTICE_BRIEFING = (
    "Background\n\n"
    "A rapid review found that staff did not always ask who else lived in the home.\n\n"
    "Seven minute briefings are based on a technique used to share learning quickly.\n\n"
    "Incident\n\n"
    "A baby was seen at a clinic with a mark on the arm.\n\n"
    "No record was made of the conversation with the father.\n\n"
    "What should you do?\n\n"
    "Ask about every adult in the household at each visit and record what you are told.\n"
)


def test_a_practice_briefings_headings_are_themes_and_the_case_is_one_point() -> None:
    proposal = read(PRACTICE_BRIEFING)
    assert [(point.theme, point.summary) for point in proposal.learning_points] == [
        (
            "Background",
            "A rapid review found that staff did not always ask who else lived in the home",
        ),
        ("Incident", "A baby was seen at a clinic with a mark on the arm"),
        (
            "What should you do?",
            "Ask about every adult in the household at each visit and record what you are told",
        ),
    ]
    assert "No record was made" in proposal.learning_points[1].detail
    assert "the case's story" in proposal.learning_points[1].reason


def test_background_alone_does_not_make_a_briefing() -> None:
    proposal = read("Background\n\nThe partnership was formed in 2019 by the three partners.\n")
    assert proposal.learning_points == []


def test_a_priority_heading_with_a_reforms_word_under_the_priorities_is_a_priority() -> None:
    proposal = read(
        "Our Priorities\n\n"
        "Families First Social Care Reforms\n\n"
        "This priority follows the national reforms and the local programme.\n\n"
        "Children missing education\n\n"
        "This priority is about children not on a school roll.\n"
    )
    assert [priority.title for priority in proposal.priorities] == [
        "Families First Social Care Reforms",
        "Children missing education",
    ]
    assert proposal.strands == []


def test_a_sentence_introducing_learning_themes_makes_each_line_a_point() -> None:
    proposal = read(
        "The national panel's report draws on reviews from across England. Key themes "
        "identified include:\n"
        "Recognising the vulnerability of babies.\n"
        "Young carers.\n"
        "Children with complex mental health needs.\n"
        "This long paragraph is not a theme: it goes on to say how the partnership will share "
        "the report with practitioners and managers in every agency over the coming months, "
        "and what it expects of them.\n"
    )
    assert [(point.theme, point.summary) for point in proposal.learning_points] == [
        ("Key learning", "Recognising the vulnerability of babies"),
        ("Key learning", "Young carers"),
        ("Key learning", "Children with complex mental health needs"),
    ]
    assert "Key themes identified include:" in proposal.learning_points[0].reason


def test_themes_running_through_the_priorities_are_not_a_list_of_learning() -> None:
    proposal = read("The cross-cutting themes are:\n\n  • Equality\n  • The voice of the child\n")
    assert proposal.learning_points == []


def test_a_contents_list_naming_numbered_priorities_gives_them() -> None:
    proposal = read(
        "Business Plan 25-26\n\n"
        "Contents\n\n"
        "  • Priority One \u2013 Neglect\n"
        "  • Priority Two \u2013 Exploitation outside the home\n"
        "  • Introduction from the chair\n"
    )
    assert [priority.title for priority in proposal.priorities] == [
        "Neglect",
        "Exploitation outside the home",
    ]
    # "Business Plan 25-26" names its year in two digits.
    assert proposal.year_label == "2025-26"


def test_what_the_partnership_will_do_under_a_priority_heading_is_planned_work() -> None:
    proposal = read(
        "Priority 1: Neglect\n\n"
        "The partnership will launch the neglect toolkit in every locality by June. We will "
        "continue to fund the training. The board will be kept informed.\n"
    )
    assert [item.title for item in proposal.planned_work] == [
        "Launch the neglect toolkit in every locality by June"
    ]
    assert "Under the priority “Neglect”" in proposal.planned_work[0].reason
