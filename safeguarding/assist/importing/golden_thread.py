"""The golden thread of equality, diversity and disproportionality in a document's words.

The sentence calling equality, diversity or disproportionality a golden thread is kept;
if it runs through the priorities, every priority carries the thread. Otherwise anything
whose words name equality, diversity, disproportionality, race or discrimination carries
it.
"""

import dataclasses
import re
from collections.abc import Sequence

from safeguarding.assist.importing.lines import BULLET, split_sentences
from safeguarding.assist.importing.proposal import ProposedPriority
from safeguarding.assist.importing.wording import tidy

GOLDEN = re.compile(
    r"\b(?:(?:in)?equalit(?:y|ies)|diversity|disproportional\w*|disproportionate\w*|racism"
    r"|racist|race|ethnic\w*|discriminat\w*|protected characteristics)\b",
    re.IGNORECASE,
)


def golden(text: str) -> bool:
    """Whether `text` names equality, diversity, disproportionality, race or discrimination."""
    return GOLDEN.search(text) is not None


def golden_statement(text: str) -> str | None:
    """The sentence of `text` calling equality or disproportionality a golden thread."""
    for sentence in split_sentences(text):
        if re.search(r"golden thread", sentence, re.IGNORECASE) and golden(sentence):
            return tidy(BULLET.sub(r"\g<item>", sentence))
    return None


def priorities_threaded(
    priorities: Sequence[ProposedPriority], statement: str | None
) -> list[ProposedPriority]:
    """`priorities`, each carrying the golden thread when `statement` runs it through the
    priorities (or all or every part of the work)."""
    everywhere = bool(statement and re.search(r"priorit|\ball\b|\bevery", statement, re.I))
    return [
        dataclasses.replace(priority, golden_thread=True) if everywhere else priority
        for priority in priorities
    ]
