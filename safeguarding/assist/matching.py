"""The local model matching what a document names to the partnership's own groups, and
reading what a heading starts by its meaning.

The rules in `importing/groups.py` find a group however a document words its committee
("sub-group", "board", "strategic group"), but not a name written in other words: "QA and
Performance sub-group" for the Performance Management Subgroup. Where the rules found a
group named that is not one of the partnership's, the model proposes the partnership's
group whose name means nearest the same, if it is close enough (`GROUP_SIMILARITY`) and
clearly closer than the next (`GROUP_MARGIN`), and says so in the proposal's reason. The
person reviewing still sees and may change it; with no model, the rules stand alone.

Headings. The rules know a section by its words ("Priorities", "Planned work", "Key
learning"). A heading with none of them that a list follows ("Areas of focus", "What we
will do", "Our commitments for next year") starts the section whose typical headings
(`SECTION_HEADINGS`) it means nearest, if it is close enough (`SECTION_SIMILARITY`) and
clearly nearer than to any other kind, including the headings that start no section
("Our values", "Membership") (`SECTION_MARGIN`).
"""

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from safeguarding.assist.embeddings import Vector, nearest
from safeguarding.assist.importing.proposal import Proposal

# Checked on typical names: "the Education sub-group" is 0.68 from "Education
# Safeguarding Group", "Community Safety Partnership" only 0.59 from any board of ours.
GROUP_SIMILARITY = 0.62
GROUP_MARGIN = 0.03

# Typical headings of each section, and of none. Checked on typical headings: "What we
# will do" is 0.75 from planned work and 0.54 from the priorities; "Areas of focus" 0.85
# from the priorities; "Values" nearest no section at all.
SECTION_HEADINGS = {
    "priorities": (
        "Our priorities",
        "Strategic priorities",
        "Our areas of focus",
        "Key priority areas",
    ),
    "planned": (
        "Planned work for the year ahead",
        "What we will do next year",
        "Our work plan",
        "Next steps",
    ),
    "learning": (
        "Key learning",
        "Learning from reviews",
        "Lessons learned",
        "Key messages for practitioners",
    ),
    "": (
        "Our values",
        "Membership",
        "Introduction",
        "Contact us",
        "Our vision",
        "Governance structure",
    ),
}
SECTION_SIMILARITY = 0.6
SECTION_MARGIN = 0.1

type VectorsOf = Callable[[Sequence[str]], Mapping[str, Vector]]


def named_groups_to_match(proposal: Proposal) -> list[str]:
    """The group names a document uses that the rules could not match to a group."""
    return sorted(
        {
            point.named_group_text
            for point in proposal.learning_points
            if point.named_group_text and point.group_name is None
        }
    )


def groups_matched_by_model(
    proposal: Proposal, *, group_names: Sequence[str], vectors: Mapping[str, Vector]
) -> Proposal:
    """`proposal` with the model's match for each group the rules could not match, where
    the model is sure enough; `vectors` holds the embeddings of the names involved."""
    matched: dict[str, tuple[str, float]] = {}
    for named in named_groups_to_match(proposal):
        ranked = nearest(named, group_names, vectors)
        if not ranked or ranked[0][0] < GROUP_SIMILARITY:
            continue
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < GROUP_MARGIN:
            continue  # two groups are about as near: a person must choose
        matched[named] = (ranked[0][1], ranked[0][0])
    if not matched:
        return proposal
    points = []
    for point in proposal.learning_points:
        found = matched.get(point.named_group_text or "") if point.group_name is None else None
        if found is None:
            points.append(point)
            continue
        group, score = found
        reason = (
            f"{point.reason}; the local model reads “{point.named_group_text}” as the "
            f"{group} (similarity {score:.2f})"
        )
        points.append(dataclasses.replace(point, group_name=group, reason=reason))
    unmatched_warning = "which is not one of the partnership's groups"
    warnings = [
        warning
        for warning in proposal.warnings
        if not (unmatched_warning in warning and any(f"“{n}”" in warning for n in matched))
    ]
    return dataclasses.replace(proposal, learning_points=points, warnings=warnings)


def sections_by_meaning(headings: Sequence[str], *, vectors_of: VectorsOf) -> dict[str, str]:
    """The section each of `headings` starts by its meaning ("priorities", "planned" or
    "learning"), for those the model reads clearly; `vectors_of` gives embeddings."""
    if not headings:
        return {}
    typical = [text for texts in SECTION_HEADINGS.values() for text in texts]
    vectors = vectors_of([*typical, *headings])
    found: dict[str, str] = {}
    for heading in headings:
        if heading not in vectors:
            continue
        nearest_of = {
            section: max((score for score, text in nearest(heading, texts, vectors)), default=-1.0)
            for section, texts in SECTION_HEADINGS.items()
        }
        ranked = sorted(nearest_of.items(), key=lambda pair: -pair[1])
        (section, best), (_, second) = ranked[0], ranked[1]
        if section and best >= SECTION_SIMILARITY and best - second >= SECTION_MARGIN:
            found[heading] = section
    return found
