"""The local model matching what a document names to the partnership's own groups.

The rules in `importing/groups.py` find a group however a document words its committee
("sub-group", "board", "strategic group"), but not a name written in other words: "QA and
Performance sub-group" for the Performance Management Subgroup. Where the rules found a
group named that is not one of the partnership's, the model proposes the partnership's
group whose name means nearest the same, if it is close enough (`GROUP_SIMILARITY`) and
clearly closer than the next (`GROUP_MARGIN`), and says so in the proposal's reason. The
person reviewing still sees and may change it; with no model, the rules stand alone.
"""

import dataclasses
from collections.abc import Mapping, Sequence

from safeguarding.assist.embeddings import Vector, nearest
from safeguarding.assist.importing.proposal import Proposal

# Checked on typical names: "the Education sub-group" is 0.68 from "Education
# Safeguarding Group", "Community Safety Partnership" only 0.59 from any board of ours.
GROUP_SIMILARITY = 0.62
GROUP_MARGIN = 0.03


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
