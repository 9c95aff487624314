"""Lists of priorities a sentence introduces, with no heading above them, on small
documents of the project's own: bullets with descriptions, nested strands, titles
ending in a colon with their descriptions below, and short lines a count introduces."""

from safeguarding.assist.importing import propose
from safeguarding.assist.importing.lead_ins import LeadIn, lead_in_of
from safeguarding.assist.importing.lines import read_lines


def priorities(text: str) -> list[str]:
    return [priority.title for priority in propose(text, group_names=[]).priorities]


def test_bullets_with_descriptions_after_a_sentence_are_priorities() -> None:
    text = (
        "Our plan\n\n"
        "The priorities for 2026/27 are:\n"
        "• Early help: families get help before problems grow\n"
        "• Exploitation \u2013 children at risk outside the home are seen\n"
        "• Neglect\n\n"
        "We will report on them each quarter.\n"
    )
    assert priorities(text) == ["Early help", "Exploitation", "Neglect"]


def test_a_bulleted_priority_ending_in_a_colon_takes_the_items_below_as_its_strands() -> None:
    text = (
        "Our priorities are:\n"
        "• Transitions: moving to adult services safely\n"
        "• Neglect:\n"
        "- Every child's basic needs are met\n"
        "- Practitioners use the neglect toolkit\n"
    )
    proposal = propose(text, group_names=[])
    assert [p.title for p in proposal.priorities] == ["Transitions", "Neglect"]
    assert [(s.title, s.priority_title) for s in proposal.strands] == [
        ("Every child's basic needs are met", "Neglect"),
        ("Practitioners use the neglect toolkit", "Neglect"),
    ]


def test_titles_ending_in_a_colon_with_descriptions_below_stop_at_the_count_named() -> None:
    text = (
        "These priorities reflect what partners told us, in three key areas:\n"
        "Family wellbeing (early intervention and prevention):\n"
        "Families told us help comes too late.\n"
        "Inclusion:\n"
        "Children with additional needs are missing from school.\n"
        "Neglect and parental factors:\n"
        "Neglect remains the most common category of plan.\n"
        "What happens next:\n"
        "The Executive will agree a delivery plan.\n"
    )
    assert priorities(text) == ["Family wellbeing", "Inclusion", "Neglect and parental factors"]


def test_short_lines_are_a_list_only_when_the_sentence_counts_them() -> None:
    counted = "Partners agreed four areas of focus:\nNeglect\nExploitation\nEarly help\nSEND\n"
    uncounted = "Partners agreed areas of focus:\nNeglect\nExploitation\n"
    assert priorities(counted) == ["Neglect", "Exploitation", "Early help", "SEND"]
    assert priorities(uncounted) == []


def test_a_long_sentence_ending_in_a_colon_introduces_no_priorities() -> None:
    text = (
        "By having a joint plan the partners can give one response and make sure they meet "
        "their overarching priority and achieve thematic priorities for the year that:\n"
        "• mental health is considered across all of them;\n"
        "• partners are challenged against each priority\n"
    )
    assert priorities(text) == []


def test_a_year_is_not_taken_for_a_count() -> None:
    [line] = read_lines("The priorities for 2017/18 are:")
    assert lead_in_of(line) == LeadIn(count=None)
    [line] = read_lines("We have one joint area and three key areas to focus on:")
    assert lead_in_of(line) == LeadIn(count=4)


def test_a_numbered_paragraph_leads_in_to_numbered_priorities() -> None:
    text = (
        "Summary\n\n"
        "2. The focus of this report is on the current priority areas set out in the plan:\n"
        "· Priority One: Prevention and early help\n"
        "· Priority Two: Child exploitation\n\n"
        "Background\n"
    )
    assert priorities(text) == ["Prevention and early help", "Child exploitation"]


def test_a_lead_in_that_only_points_back_is_read_with_the_sentence_before() -> None:
    text = (
        "Our plan\n\n"
        "The partnership agreed its priorities for 2026-27 in March. They are:\n"
        "\u2022 Neglect\n"
        "\u2022 Children missing from education\n"
    )
    assert priorities(text) == ["Neglect", "Children missing from education"]
    # Pointing back at a sentence that names no priorities introduces nothing.
    assert priorities(text.replace("agreed its priorities", "met")) == []
