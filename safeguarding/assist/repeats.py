"""Proposed items that repeat what the partnership already holds.

A proposed priority, item of planned work or learning point repeats a record of the same
kind already held (in any year) when its words are the same once case, punctuation and
spacing are set aside, or, where the local model's embeddings of both are stored, when
they mean nearly the same (`REPEAT_SIMILARITY`). The review screen says which record it
repeats and in which year, so a person decides whether to bring it in again; nothing is
unticked for them.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from safeguarding.assist.embeddings import Vector, similarity

# Checked on typical pairs: "Tackling neglect" and "Neglect" are 0.89 alike, "Domestic
# abuse" and "Domestic violence and abuse" 0.90; "Mental health and wellbeing" and
# "Emotional health and wellbeing" 0.81, close but two priorities; "Neglect" and
# "Domestic abuse" 0.44.
REPEAT_SIMILARITY = 0.85
KINDS = ("priorities", "planned_work", "learning_points")


@dataclass(frozen=True)
class Held:
    """A record the partnership holds: its kind (as in `KINDS`), words and year."""

    kind: str
    text: str
    year: str


@dataclass(frozen=True)
class Proposed:
    """A proposed item: its kind, its place in its list, and its words."""

    kind: str
    index: int
    text: str


@dataclass(frozen=True)
class Repeat:
    """The held record a proposed item repeats; `similarity` None for the same words."""

    held: Held
    similarity: float | None

    @property
    def message(self) -> str:
        """What the review screen says."""
        how = "the same as" if self.similarity is None else "much like"
        return f"This is {how} “{self.held.text}”, already held in {self.held.year}."


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def repeats_found(
    proposed: Sequence[Proposed], held: Sequence[Held], vectors: Mapping[str, Vector]
) -> dict[tuple[str, int], Repeat]:
    """For each proposed item that repeats a held record, the closest such record."""
    found: dict[tuple[str, int], Repeat] = {}
    by_words = {(record.kind, _words(record.text)): record for record in held}
    for item in proposed:
        same = by_words.get((item.kind, _words(item.text)))
        if same is not None:
            found[(item.kind, item.index)] = Repeat(same, None)
            continue
        if item.text not in vectors:
            continue
        scored = [
            (similarity(vectors[item.text], vectors[record.text]), record)
            for record in held
            if record.kind == item.kind and record.text in vectors
        ]
        if scored:
            score, record = max(scored, key=lambda pair: pair[0])
            if score >= REPEAT_SIMILARITY:
                found[(item.kind, item.index)] = Repeat(record, round(score, 2))
    return found
