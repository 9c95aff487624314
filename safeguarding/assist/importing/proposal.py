"""What document import proposes: priorities, strands, planned work and learning points,
each with the passage it came from and why it was read so. Nothing here is saved: a
person checks the proposal and decides; `stored.py` keeps it while they do."""

from dataclasses import dataclass, field
from typing import Any

from safeguarding.governance.models import LearningPoint, PlannedWork

Kind = PlannedWork.Kind
Expectation = LearningPoint.Expectation


# Each proposed item keeps the passage it came from (`source`) and why it was read so
# (`reason`), for the review screen. Neither is compared: the same items found another
# way are the same proposal.
def _why() -> Any:
    return field(default="", compare=False)


@dataclass(frozen=True)
class ProposedPriority:
    title: str
    golden_thread: bool = False
    source: str = _why()
    reason: str = _why()


@dataclass(frozen=True)
class ProposedStrand:
    title: str
    priority_title: str | None = None
    source: str = _why()
    reason: str = _why()


@dataclass(frozen=True)
class ProposedPlannedWork:
    title: str
    kind: str = Kind.OTHER
    golden_thread: bool = False
    source: str = _why()
    reason: str = _why()


@dataclass(frozen=True)
class ProposedLearningPoint:
    theme: str
    summary: str
    detail: str
    group_name: str | None
    named_group_text: str | None
    expectation: str
    golden_thread: bool = False
    source: str = _why()
    reason: str = _why()


@dataclass(frozen=True)
class Proposal:
    priorities: list[ProposedPriority]
    strands: list[ProposedStrand]
    planned_work: list[ProposedPlannedWork]
    learning_points: list[ProposedLearningPoint]
    year_label: str | None
    golden_thread_statement: str | None
    warnings: list[str]
