"""What the reading of a document has found so far, and the proposal it makes at the end.

`propose` reads line by line and hands each item it finds here. An item is kept once: a
priority or an item of planned work whose words are the same as one already found is
not added again. A strand keeps the heading it was under until the end, when it is
linked to the priority that heading names, or a warning asks a person to choose.
"""

from dataclasses import dataclass, field

from safeguarding.assist.importing.golden_thread import golden, priorities_threaded
from safeguarding.assist.importing.learning import learning_point_warnings
from safeguarding.assist.importing.lines import Line, year_label
from safeguarding.assist.importing.planned_work import kind_of
from safeguarding.assist.importing.priority_headings import priority_named_by, same_words
from safeguarding.assist.importing.proposal import (
    Proposal,
    ProposedLearningPoint,
    ProposedPlannedWork,
    ProposedPriority,
    ProposedStrand,
)
from safeguarding.assist.importing.wording import as_title, fit
from safeguarding.governance.models import PlannedWork

Kind = PlannedWork.Kind
NOTHING_FOUND = (
    "No priorities, planned work, strands or learning points were found. Headings such as "
    "“Priorities”, “Planned work” or “Key learning”, with lists or paragraphs beneath them, "
    "show what the document holds."
)


@dataclass
class Findings:
    """Everything found so far, in the order found."""

    priorities: list[ProposedPriority] = field(default_factory=list)
    # (heading, title, priority, source, reason)
    strands: list[tuple[str, str, str | None, str, str]] = field(default_factory=list)
    planned: list[ProposedPlannedWork] = field(default_factory=list)
    learning: list[ProposedLearningPoint] = field(default_factory=list)
    statement: str | None = None  # the golden thread statement
    warnings: list[str] = field(default_factory=list)
    introducing: list[str] = field(default_factory=list)  # sentences introducing lists

    def priority_added(self, title: str, *, source: str, reason: str) -> str:
        """Keep a priority unless one of the same words is kept; its title as worded."""
        title = fit(as_title(title), "priority", self.warnings)
        if all(same_words(priority.title) != same_words(title) for priority in self.priorities):
            self.priorities.append(
                ProposedPriority(title, golden(title), source=source, reason=reason)
            )
        return title

    def planned_added(
        self, item: str, *, source: str, reason: str, kind: str | None = None
    ) -> None:
        """Keep an item of planned work, with its kind (from its words unless `kind` is
        given), unless one of the same words is kept."""
        title = fit(as_title(item), "planned work", self.warnings)
        if any(same_words(work.title) == same_words(title) for work in self.planned):
            return
        if kind is None:
            kind = kind_of(title)
            reason = f"{reason}; its kind, {Kind(kind).label.lower()}, from its words"
        else:
            reason = f"{reason}; so its kind is {Kind(kind).label.lower()}"
        self.planned.append(
            ProposedPlannedWork(title, kind, golden(title), source=source, reason=reason)
        )

    def learning_added(self, point: ProposedLearningPoint) -> None:
        """Keep a learning point, with what a person must settle about it."""
        self.learning.append(point)
        self.warnings.extend(learning_point_warnings(point))

    def priority_named_by(self, heading: str) -> str | None:
        """The priority found so far that `heading` names, by its words."""
        return priority_named_by(heading, [priority.title for priority in self.priorities])

    def proposal(self, lines: list[Line]) -> Proposal:
        """The proposal of everything found in the document's `lines`."""
        strands = []
        for heading, title, priority, source, reason in self.strands:
            linked = priority or self.priority_named_by(heading)
            if linked is None:
                self.warnings.append(
                    f"“{title}” under “{heading}” matches none of the priorities: "
                    "choose its priority."
                )
            strands.append(ProposedStrand(title, linked, source=source, reason=reason))
        priorities = priorities_threaded(self.priorities, self.statement)
        if not (priorities or strands or self.planned or self.learning):
            self.warnings.append(NOTHING_FOUND)
        return Proposal(
            priorities=priorities,
            strands=strands,
            planned_work=self.planned,
            learning_points=self.learning,
            year_label=year_label(lines, introducing=self.introducing),
            golden_thread_statement=self.statement,
            warnings=self.warnings,
        )
