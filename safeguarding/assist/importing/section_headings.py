"""Headings whose section the local model decides, by their meaning.

`propose` knows a section by its words. Where the model is at hand, it is asked once,
about the headings with none of those words that a list follows, which section each
starts (`HeadingReader`); the reason shown beside each item then says the model read
its heading so (`MEANINGS`).
"""

import itertools
from collections.abc import Callable, Mapping, Sequence

from safeguarding.assist.importing.lead_ins import PRIORITY_HEADING
from safeguarding.assist.importing.lines import Line, section_of

# What reads headings by their meaning: given headings, the section each one starts
# ("priorities", "planned" or "learning"), for those it can tell.
type HeadingReader = Callable[[Sequence[str]], Mapping[str, str]]

MEANINGS = {"priorities": "the priorities", "planned": "planned work", "learning": "key learning"}


def headings_over_lists(lines: Sequence[Line]) -> list[str]:
    """The headings with none of the section words that a list follows: the ones whose
    meaning decides what their list is."""
    return [
        line.text
        for line, after in itertools.pairwise(lines)
        if line.kind == "heading"
        and after.kind == "item"
        and section_of(line.text) is None
        and not PRIORITY_HEADING.match(line.text)
    ]
