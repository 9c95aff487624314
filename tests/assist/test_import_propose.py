"""Proposing priorities, strands, planned work and learning from a partnership document: the
two seed sections of a real annual report (as text, Word and PDF) and the rules one by one."""

import html
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from safeguarding.assist.importing import (
    Proposal,
    ProposedLearningPoint,
    document_text,
    propose,
)
from safeguarding.assist.importing.wording import tidy
from safeguarding.demo.partnership import GROUPS
from safeguarding.governance.models import LearningPoint, PlannedWork
from tests.assist.conftest import docx_bytes, pdf_file, word_file
from tests.conftest import shared_path

GROUP_NAMES = [name for name, *_ in GROUPS]
COMING_YEAR = ("seeds", "000_61daec2912741026.txt")
KEY_LEARNING = ("seeds", "004_7c16db78dd9f212c.txt")
Expectation = LearningPoint.Expectation
PACKAGE = Path(__file__).resolve().parents[2] / "safeguarding" / "assist"


def seed(parts: tuple[str, str]) -> str:
    return shared_path(*parts).read_text(encoding="utf-8")


def as_word(text: str) -> bytes:
    return word_file(*text.splitlines())


def as_pdf(text: str) -> bytes:
    return pdf_file(
        "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    )


MARKED = re.compile(r"^\s*(?:•|(?P<number>\d+)\.)\s+(?P<item>.*)$")


def looks_like_a_heading(line: str) -> bool:
    return len(line) < 60 and not line.endswith((".", ":"))


def as_styled_word(text: str) -> bytes:
    """As an author writes it in Word: heading styles, list styles, no empty paragraphs."""
    document = docx.Document()
    for line in filter(None, (line.strip() for line in text.splitlines())):
        if marked := MARKED.match(line):
            style = "List Number" if marked.group("number") else "List Bullet"
            document.add_paragraph(marked.group("item"), style=style)
        elif looks_like_a_heading(line):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    return docx_bytes(document)


def as_styled_pdf(text: str) -> bytes:
    """Headings, real lists (markers drawn apart from items), wide lines, small gaps."""
    parts: list[str] = []
    items: list[str] = []
    for line in [*filter(None, (line.strip() for line in text.splitlines())), ""]:
        if marked := MARKED.match(line):
            items.append(f"<li>{html.escape(marked.group('item'))}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line and looks_like_a_heading(line):
            parts.append(f"<h2>{html.escape(line)}</h2>")
        elif line:
            parts.append(f"<p style='margin: 0.4em 0'>{html.escape(line)}</p>")
    return pdf_file("".join(parts), body_style="line-height: 1.5")


def proposed(text: str) -> Proposal:
    return propose(text, group_names=GROUP_NAMES)


def points_under(proposal: Proposal, theme: str) -> list[ProposedLearningPoint]:
    return [point for point in proposal.learning_points if point.theme == theme]


# --- "The coming year" ----------------------------------------------------------------


@pytest.fixture
def coming_year() -> Proposal:
    return proposed(seed(COMING_YEAR))


def test_the_four_priorities_all_carry_the_golden_thread(coming_year: Proposal) -> None:
    titles = [priority.title for priority in coming_year.priorities]
    assert len(titles) == 4
    for words, title in zip(
        ["National Reforms", "Domestic Abuse", "Safeguarding Teenagers", "Family Help"],
        titles,
        strict=True,
    ):
        assert words in title
    assert all(priority.golden_thread for priority in coming_year.priorities)
    assert not any(title.endswith(".") for title in titles)


def test_the_golden_thread_statement_and_the_year(coming_year: Proposal) -> None:
    statement = coming_year.golden_thread_statement or ""
    assert "golden thread" in statement
    assert "disproportionality" in statement
    assert coming_year.year_label == "2025-26"


def test_fifteen_items_of_planned_work_with_their_kinds(coming_year: Proposal) -> None:
    work = coming_year.planned_work
    assert len(work) == 15
    kinds = {item.title: item.kind for item in work}
    assert all(kind in PlannedWork.Kind.values for kind in kinds.values())

    def kind_of(words: str) -> str:
        return next(kind for title, kind in kinds.items() if words in title)

    assert kind_of("electively home educated") == PlannedWork.Kind.LEGAL_DUTY
    assert kind_of("mandatory reporting") == PlannedWork.Kind.LEGAL_DUTY
    assert kind_of("multi-agency audit") == PlannedWork.Kind.AUDIT
    assert kind_of("victims of domestic abuse") == PlannedWork.Kind.EVENT
    assert kind_of("self-assessment event") == PlannedWork.Kind.EVENT
    assert kind_of("use of AI") == PlannedWork.Kind.DEVELOPMENT
    racism = next(item for item in work if "racism" in item.title)
    assert racism.golden_thread
    assert sum(item.golden_thread for item in work) == 1


def test_the_four_national_reforms_are_strands_of_the_reforms_priority(
    coming_year: Proposal,
) -> None:
    strands = coming_year.strands
    assert len(strands) == 4
    for words, strand in zip(
        [
            "Family Help services",
            "Multi-Agency Child Protection Teams",
            "family network meetings or FGC",
            "Kinship care",
        ],
        strands,
        strict=True,
    ):
        assert words in strand.title
        assert strand.priority_title is not None
        assert "National Reforms" in strand.priority_title


def test_the_coming_year_has_no_learning_and_nothing_to_warn_about(coming_year: Proposal) -> None:
    assert coming_year.learning_points == []
    assert coming_year.warnings == []


# --- "Key learning" -------------------------------------------------------------------


@pytest.fixture
def key_learning() -> Proposal:
    return proposed(seed(KEY_LEARNING))


def test_learning_points_fall_under_each_theme_in_order(key_learning: Proposal) -> None:
    themes = list(dict.fromkeys(point.theme for point in key_learning.learning_points))
    assert themes == [
        "Poverty",
        "Children in Care and Care Leavers",
        "Early Help Systems",
        "Engaging and Supporting the Education Sector",
        "Children and exploitation",
        "The voice of children, young people, and families",
    ]
    # The introduction under "Key Learning" is not itself a point; "Quick leave" is furniture.
    everything = " ".join(point.detail for point in key_learning.learning_points)
    assert "brought forward and listed below" not in everything
    assert "Quick leave" not in everything
    assert key_learning.priorities == []
    assert key_learning.planned_work == []


def owners(points: list[ProposedLearningPoint]) -> list[tuple[str | None, str]]:
    return [(point.group_name, point.expectation) for point in points]


def test_poverty_and_care_leavers(key_learning: Proposal) -> None:
    assert owners(points_under(key_learning, "Poverty")) == [
        ("Children and Young People Partnership", Expectation.SEEK_ASSURANCE)
    ]
    [care] = points_under(key_learning, "Children in Care and Care Leavers")
    assert (care.group_name, care.expectation) == (
        "Performance Management Subgroup",
        Expectation.MONITOR,
    )
    assert care.named_group_text == "LSCP Performance Management Subgroup"
    assert "monitored" in care.summary


def test_early_help(key_learning: Proposal) -> None:
    # The board presents progress to the wider partnership: the board owns it, not the
    # partnership it reports to. The paragraph for all professionals names no group.
    assert owners(points_under(key_learning, "Early Help Systems")) == [
        ("Early Help Board", Expectation.PRESENT_PROGRESS),
        (None, Expectation.NOTE),
        ("Performance Management Subgroup", Expectation.SEEK_ASSURANCE),
    ]


def test_education(key_learning: Proposal) -> None:
    # The Executive has no education representative: a gap the Executive is asked to review.
    points = points_under(key_learning, "Engaging and Supporting the Education Sector")
    assert owners(points) == [
        ("Education Reference Group", Expectation.SEEK_ASSURANCE),
        ("Partnership Executive", Expectation.REVIEW),
    ]
    assert points[1].named_group_text == "LSCP Executive"
    assert points[1].summary.startswith("The LSCP Executive does not currently have")


def test_exploitation(key_learning: Proposal) -> None:
    points = points_under(key_learning, "Children and exploitation")
    assert owners(points) == [
        ("Multi-Agency Child Exploitation (MACE) arrangements", Expectation.MONITOR),
        (None, Expectation.NOTE),
        ("Risk and Vulnerability Subgroup", Expectation.PROMOTE),
        ("Risk and Vulnerability Subgroup", Expectation.REVIEW),
    ]
    assert points[0].named_group_text == "Multi Agency Child Exploitation (MACE) arrangements"
    assert points[2].named_group_text == "LSCP Risk and Vulnerability Strategic group"
    assert "risk assessment tools" in points[3].summary


def test_voice_asks_for_assurance_but_names_no_group(key_learning: Proposal) -> None:
    # "The Partnership" is the whole partnership, not one of its groups: a person chooses.
    [voice] = points_under(key_learning, "The voice of children, young people, and families")
    assert (voice.group_name, voice.named_group_text) == (None, None)
    assert voice.expectation == Expectation.SEEK_ASSURANCE
    assert "Section 11 audit" in voice.summary
    assert key_learning.warnings == [
        "The learning point under “The voice of children, young people, and families” asks "
        "to seek assurance but names no group: choose one."
    ]


def test_summaries_are_sentences_and_details_whole_paragraphs(key_learning: Proposal) -> None:
    text = seed(KEY_LEARNING)
    for point in key_learning.learning_points:
        assert 0 < len(point.summary) <= 300
        assert point.summary in point.detail
        assert point.detail in " ".join(text.split())
    [poverty] = points_under(key_learning, "Poverty")
    assert poverty.summary.startswith("The Leeds Children and Young People Partnership (LCYPP)")
    assert poverty.detail.startswith("Poverty is a re-occurring theme")


# --- the same seeds as Word and PDF ---------------------------------------------------


@pytest.mark.parametrize("parts", [COMING_YEAR, KEY_LEARNING], ids=["coming year", "learning"])
@pytest.mark.parametrize(
    ("name", "convert"),
    [
        ("seed.docx", as_word),
        ("seed.pdf", as_pdf),
        ("styled.docx", as_styled_word),
        ("styled.pdf", as_styled_pdf),
    ],
    ids=["docx", "pdf", "styled docx", "styled pdf"],
)
def test_word_and_pdf_give_the_same_proposal_as_the_text(
    parts: tuple[str, str], name: str, convert: Callable[[str], bytes]
) -> None:
    text = seed(parts)
    from_file = proposed(document_text(name=name, data=convert(text)))
    from_text = proposed(document_text(name="seed.txt", data=text.encode()))

    assert len(from_file.priorities) == len(from_text.priorities)
    assert len(from_file.planned_work) == len(from_text.planned_work)
    assert len(from_file.strands) == len(from_text.strands)
    assert len(from_file.learning_points) == len(from_text.learning_points)
    assert from_file == from_text


# --- the rules, on documents of other shapes ------------------------------------------


def test_numbered_priority_headings_hold_their_strands_and_unbulleted_lists() -> None:
    text = """Business plan 2024/25

Priorities

Our priorities are:
Neglect
Online safety

Priority 1: Neglect
- Roll out the neglect toolkit
- Train practitioners in the toolkit

Planned work
1) Safeguarding week conference
2) Audit of strategy discussions
3) Planning for the new duty under the Children's Wellbeing and Schools Act
"""
    proposal = proposed(text)

    assert [p.title for p in proposal.priorities] == ["Neglect", "Online safety"]
    assert [(s.title, s.priority_title) for s in proposal.strands] == [
        ("Roll out the neglect toolkit", "Neglect"),
        ("Train practitioners in the toolkit", "Neglect"),
    ]
    assert [w.kind for w in proposal.planned_work] == [
        PlannedWork.Kind.EVENT,
        PlannedWork.Kind.AUDIT,
        PlannedWork.Kind.OTHER,
    ]
    assert proposal.year_label == "2024-25"
    assert proposal.golden_thread_statement is None
    assert not any(p.golden_thread for p in proposal.priorities)


def test_a_heading_made_of_a_priorities_words_holds_its_strands() -> None:
    text = "Priorities\n\n• Tackling neglect\n\nNeglect\n\n• Launch the neglect strategy\n"

    [strand] = proposed(text).strands
    assert strand.priority_title == "Tackling neglect"


def test_hard_wrapped_lines_and_page_furniture() -> None:
    text = """Exit this page
Lessons learned

Domestic abuse
The Northgate Safeguarding Adults Board will seek assurance that
agencies share information about
perpetrators.
Page 2 of 9
"""
    [point] = proposed(text).learning_points

    assert point.detail == (
        "The Northgate Safeguarding Adults Board will seek assurance that agencies share "
        "information about perpetrators."
    )
    # A board that is not one of the partnership's groups is named, and flagged.
    assert (point.group_name, point.named_group_text) == (
        None,
        "Northgate Safeguarding Adults Board",
    )
    assert point.expectation == Expectation.SEEK_ASSURANCE


@pytest.mark.parametrize(
    ("paragraph", "group_name", "expectation"),
    [
        (
            "The Early Help Sub-group will keep the plan under review.",
            "Early Help Board",
            "monitor",
        ),
        ("The MACE will monitor the new strategy.", GROUP_NAMES[5], "monitor"),
        ("The Executive Board will champion the work.", "Partnership Executive", "promote"),
        ("The executive summary will monitor nothing.", None, "monitor"),
        (
            "Partners will report progress to the Children and Young People Partnership.",
            "Children and Young People Partnership",
            "present_progress",
        ),
        (
            "The Performance Management Board will report progress to the Executive.",
            "Performance Management Subgroup",
            "present_progress",
        ),
        ("Practice must follow the National Care Review.", None, "note"),
        (
            "The Partnership Executive has no lay member. The Executive will monitor this.",
            "Partnership Executive",
            "review",
        ),
    ],
)
def test_group_names_and_expectations_are_read_generally(
    paragraph: str, group_name: str | None, expectation: str
) -> None:
    [point] = proposed(f"Key learning\n\nTheme\n\n{paragraph}\n").learning_points
    assert (point.group_name, point.expectation) == (group_name, expectation)


def test_an_abbreviation_the_document_defines_names_the_group_later() -> None:
    text = """Key learning

Poverty

The city's Child Poverty Strategy is led by the Children and Young People Partnership (CYPPB).

Housing

The CYPPB will seek assurance that families in temporary accommodation are seen.
"""
    points = proposed(text).learning_points
    assert [point.group_name for point in points] == ["Children and Young People Partnership"] * 2
    assert points[1].named_group_text == "CYPPB"


def test_a_paragraph_that_points_back_continues_the_point_before() -> None:
    text = """Key learning

Neglect

The Education Reference Group will seek assurance on attendance.

Furthermore, schools told us that thresholds are unclear to staff.

Children missing from education are at greater risk of harm.
"""
    first, second = proposed(text).learning_points
    assert first.detail.endswith("schools told us that thresholds are unclear to staff.")
    # Without its full stop: the annual report adds one after each summary.
    assert first.summary == "The Education Reference Group will seek assurance on attendance"
    assert (second.group_name, second.expectation) == (None, Expectation.NOTE)


# Punctuation written twice, or a weaker mark before a stronger one; not an ellipsis.
DOUBLED = re.compile(r"(?<!\.)\.\s*\.(?!\.)|[,;:]\s*[.,;:!?]|[!?]\s*\.")


def test_wording_that_ends_in_punctuation_is_not_doubled() -> None:
    text = """Priorities

Our priorities are:
• Neglect:
• Online safety;
• Exploitation , .

Priority 2:: Online safety

• Teach children about online risks..

Planned work

• An audit of strategy discussions, .
• A conference on neglect ::

Key learning

Neglect \u2013

The Early Help Board will monitor attendance , .

Attendance

The Performance Management Subgroup will seek assurance on attendance. .

Voice

Are children heard?. The Education Reference Group will review this ,, and report.
"""
    proposal = proposed(text)

    assert [p.title for p in proposal.priorities] == ["Neglect", "Online safety", "Exploitation"]
    assert [s.title for s in proposal.strands] == ["Teach children about online risks"]
    assert [w.title for w in proposal.planned_work] == [
        "An audit of strategy discussions",
        "A conference on neglect",
    ]
    assert [(p.theme, p.summary) for p in proposal.learning_points] == [
        ("Neglect", "The Early Help Board will monitor attendance"),
        ("Attendance", "The Performance Management Subgroup will seek assurance on attendance"),
        ("Voice", "The Education Reference Group will review this, and report"),
    ]
    # As the platform prints them: "Title: …", "Theme: summary", "Summary. Owner will …".
    for printed in [
        *(f"{p.title}: reasons." for p in proposal.priorities),
        *(f"{p.theme}: {p.summary}." for p in proposal.learning_points),
    ]:
        assert DOUBLED.findall(printed) == [], printed


@pytest.mark.parametrize(
    ("written", "tidied"),
    [
        ("Seen..", "Seen."),
        ("Seen. .", "Seen."),
        ("Seen , .", "Seen."),
        ("Seen,.", "Seen."),
        ("Note:: this", "Note: this"),
        ("Seen;; then,, heard", "Seen; then, heard"),
        ("Heard?.", "Heard?"),
        ("Wait...", "Wait..."),  # an ellipsis is kept
        ("Grew by .5 per cent", "Grew by .5 per cent"),
    ],
)
def test_doubled_punctuation_is_written_once(written: str, tidied: str) -> None:
    assert tidy(written) == tidied


def test_a_summary_cut_to_fit_has_no_punctuation_before_its_ellipsis() -> None:
    sentence = "The Early Help Board will monitor " + "attendance, " * 30 + "and report."
    [point] = proposed(f"Key learning\n\nTheme\n\n{sentence}\n").learning_points

    assert len(point.summary) <= 300
    assert point.summary.endswith("attendance…")


def test_a_document_with_nothing_to_propose_says_so() -> None:
    proposal = proposed("Minutes of the meeting held on 4 March.\n\nApologies were received.")

    assert proposal == Proposal([], [], [], [], None, None, [proposal.warnings[0]])
    assert (
        "No priorities, planned work, strands or learning points were found"
        in (proposal.warnings[0])
    )


def test_a_list_heading_with_no_list_is_warned_about() -> None:
    proposal = proposed("Priorities\n\nThese are set out in our strategy.\n")
    assert any("“Priorities” heading but no list" in warning for warning in proposal.warnings)


def test_the_rules_do_not_contain_the_seed_sentences() -> None:
    source = " ".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    for parts in (COMING_YEAR, KEY_LEARNING):
        for sentence in re.split(r"(?<=[.:])\s+|\n+", seed(parts)):
            sentence = " ".join(sentence.split()).lstrip("• ")
            if len(sentence) > 40:
                assert sentence not in source
