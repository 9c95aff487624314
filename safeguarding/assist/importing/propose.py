"""Propose a year's priorities, strands, planned work and learning from a document's text.

Rule-based, so a person can see why each suggestion was made; nothing is saved here.

Lines are read as `lines.read_lines` describes: headings, list items and paragraphs.

Sections. A heading with "planned work", "work plan", "work programme" or "programme of
work" starts planned work; "learning" or "lessons", key learning; "priority" or
"priorities", the priorities; "reforms", "strands" or "workstreams", strands. A heading
naming adults and not children ("Adult's Priority Areas" of a joint board) starts no
section: those are another partnership's. A heading such as "Priority 2: Domestic abuse"
is itself a priority, and the items beneath it are its strands, as are the items beneath
a heading made only of a priority's own words. A heading "Priority One" alone gives its
title on the next line. Outside key learning, any other heading ends the section, except
short headings straight under the priorities' heading, each with its description: two or
more of those are the priorities themselves. Items under a heading that follow a line
ending in a colon may be written without bullets; such a list ends where its spacing
changes. A line ending in a colon that names what runs through the priorities
(cross-cutting themes, threads, values) ends the section: its list is not of priorities.
Outside any section, a sentence that introduces a list ("The priorities for 2017/18
are:", "…two business priorities to:") starts one, as `lead_ins.py` describes, and a
list inside a sentence is read as `sentence_lists.py` describes. A heading naming an
event that its paragraph says is to come is planned work, and so is new work a sentence
promises, in any section but a list's (`planned_work.py`).

Items. In the priorities section each item is a priority, unless it refers to
priorities by number ("Focus on Priorities 1 and 2"); in planned work, an item of planned
work, whose kind comes from its words; under strands, a strand, belonging to the priority
whose title holds every word of the strands' heading.

Key learning. Every heading inside it is a theme, except a date ("01 August 2025").
Paragraphs (and items) before the first theme are its introduction and skipped. Under a
theme each paragraph is a learning point, as `learning.py` describes.

Golden thread. The sentence calling equality, diversity or disproportionality a golden
thread is kept; if it runs through the priorities, every priority carries the thread.
Otherwise anything whose words name equality, diversity, disproportionality, race or
discrimination carries it.

Wording. Titles, themes, summaries and the golden thread statement are worded as
`wording.py` describes: no doubled punctuation, titles and themes without a closing full
stop, comma, colon or semicolon, summaries without a closing full stop (the annual report
adds one).
"""

import dataclasses
import re
from collections.abc import Sequence

from safeguarding.assist.importing.golden_thread import golden, golden_statement
from safeguarding.assist.importing.groups import GroupMatcher, tokens
from safeguarding.assist.importing.lead_ins import (
    NOT_PRIORITIES,
    NUMBERS,
    PRIORITY_HEADING,
    LeadIn,
    lead_in_of,
    read_item,
)
from safeguarding.assist.importing.learning import (
    Reading,
    learning_point_of,
    learning_point_warnings,
)
from safeguarding.assist.importing.lines import (
    BULLET,
    DATE_ONLY,
    Line,
    read_lines,
    section_of,
    year_label,
)
from safeguarding.assist.importing.planned_work import announces_event, kind_of, work_promised
from safeguarding.assist.importing.proposal import (
    Proposal,
    ProposedLearningPoint,
    ProposedPlannedWork,
    ProposedPriority,
    ProposedStrand,
)
from safeguarding.assist.importing.sentence_lists import sentence_lists
from safeguarding.assist.importing.wording import as_title, fit
from safeguarding.governance.models import PlannedWork

Kind = PlannedWork.Kind

GENERIC_WORDS = frozenset({"priority", "our", "plan", "work", "year", "area", "for", "the"})
LIST_SECTIONS = ("priorities", "planned", "strands")
# "Priority One" alone: its title is the next line.
PRIORITY_ALONE = re.compile(
    r"^priority\s+(?:\d{1,2}|" + "|".join(NUMBERS) + r")\s*[:.]?$", re.IGNORECASE
)
PRIORITY_REFERENCE = re.compile(r"\bpriorit(?:y|ies)\s+\d", re.IGNORECASE)
ADULTS_ONLY = re.compile(r"\badult", re.IGNORECASE)
CHILDREN = re.compile(r"\b(?:child\w*|young people|famil\w*)", re.IGNORECASE)
# Headings that open a part of a page, never a priority's title.
NOT_TITLES = re.compile(
    r"^(?:introduction|background|overview|summary|contents|vision|values|our vision"
    r"|our values|purpose|context|foreword|structure|membership|contact us)\b",
    re.IGNORECASE,
)
MAX_SUBHEADING_WORDS = 8
MAX_TITLE_LINE_WORDS = 20


def propose(text: str, *, group_names: Sequence[str]) -> Proposal:
    """Propose what `text` asks the partnership to do, by the rules in this module's docstring.

    `group_names` are the partnership's groups; each learning point names the best match
    among them, or None. Nothing is saved: the person importing decides.
    """
    return _Reader(text, group_names).read()


@dataclasses.dataclass
class _Subheading:
    """A short heading under the priorities' heading: a priority if it has siblings."""

    title: str
    strands: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (title, source)


class _Reader:
    def __init__(self, text: str, group_names: Sequence[str]) -> None:
        self.lines = read_lines(text)
        self.matcher = GroupMatcher(group_names, text)
        self.priorities: list[ProposedPriority] = []
        # (heading, title, priority, source, reason)
        self.strands: list[tuple[str, str, str | None, str, str]] = []
        self.planned: list[ProposedPlannedWork] = []
        self.learning: list[ProposedLearningPoint] = []
        self.statement: str | None = None
        self.warnings: list[str] = []
        self.section = ""
        self.heading = ""
        self.theme: str | None = None
        self.strand_priority: str | None = None
        self.listing = ""  # "waiting" after a colon, then "spaced" or "tight"
        self.found_in_section = 0
        self.lead_in: LeadIn | None = None  # a list a sentence introduced
        self.introducing: list[str] = []  # the sentences that introduced such lists
        self.priority_alone: str | None = None  # a "Priority One" heading awaiting its title
        self.subheadings: list[_Subheading] = []
        self.event_heading: str | None = None

    def read(self) -> Proposal:
        for line in self.lines:
            if self.lead_in is not None and self._lead_in_read(self.lead_in, line):
                continue
            if self.priority_alone is not None and self._priority_title(line):
                continue
            if (lead_in := self._lead_in_of(line)) is not None:
                # A sentence introducing a list starts it, inside a section or not; the
                # section's heading then has its list.
                self.found_in_section += 1
                self._end_section()
                self.section, self.strand_priority, self.lead_in = "", None, lead_in
                self.introducing.append(lead_in.introduced_by)
                continue
            if line.kind == "heading" and self._in_unbulleted_list(line):
                line = Line(line.text, "item", line.blank_before)
            if line.kind == "heading":
                self._heading(line.text)
                continue
            self.statement = self.statement or golden_statement(line.text)
            self._body(line)
            if line.kind == "item" and self.listing == "waiting":
                self.listing = ""  # a bulleted list: its end is plain to see
            elif line.kind == "paragraph":
                self.listing = "waiting" if line.text.endswith(":") else ""
        self._end_section()
        return self._proposal()

    def _lead_in_of(self, line: Line) -> LeadIn | None:
        """The list `line` introduces, unless the section it is in already reads it: a
        priorities heading's "Our priorities are:" is read as the heading's list."""
        if self.section == "learning":
            return None
        lead_in = lead_in_of(line)
        if lead_in is None or self.section in ("", "strands") or lead_in.kind != self.section:
            return lead_in
        return None

    def _lead_in_read(self, lead: LeadIn, line: Line) -> bool:
        """Read a line of a list a sentence introduced; False once the list has ended."""
        read = read_item(lead, line)
        if read.ended:
            self.lead_in = None
            return False
        introduced = f"An item of the list introduced by “{lead.introduced_by}”"
        if read.priority and lead.kind == "planned":
            self._add_planned(read.priority, source=line.text, reason=introduced)
        elif read.priority:
            self._add_priority(read.priority, source=line.text, reason=introduced)
        if read.strand:
            priority, strand = read.strand
            title = fit(as_title(strand), "strand", self.warnings)
            reason = f"{introduced}, beneath the priority “{priority}”, so one of its strands"
            self.strands.append((priority, title, priority, line.text, reason))
        return True

    def _priority_title(self, line: Line) -> bool:
        """Take the line after a "Priority One" heading as that priority's title."""
        alone, self.priority_alone = self.priority_alone, None
        if line.kind == "item" or len(line.text.split()) > MAX_TITLE_LINE_WORDS:
            return False
        title = self._add_priority(
            line.text, source=f"{alone}\n{line.text}", reason=f"The title under “{alone}”"
        )
        self._end_section()
        self.heading, self.theme = alone or "", None
        self.section, self.strand_priority = "strands", title
        return True

    def _in_unbulleted_list(self, line: Line) -> bool:
        """Whether a heading-like line is an item of a list a colon introduced, unbulleted.

        Such a list keeps the spacing its first item has; a change of spacing ends it.
        """
        if not self.listing or self.section not in LIST_SECTIONS or section_of(line.text):
            return False
        spacing = "spaced" if line.blank_before else "tight"
        if self.listing == "waiting":
            self.listing = spacing
        if spacing != self.listing:
            self.listing = ""
            return False
        return True

    def _heading(self, heading: str) -> None:
        section = section_of(heading)
        named_priority = PRIORITY_HEADING.match(heading)
        if self.section == "learning" and section in ("learning", None):
            if not DATE_ONLY.match(heading):  # a briefing's date is not its theme
                self.theme = fit(as_title(heading), "theme", self.warnings)
            return
        if section is None and not named_priority and self._subheading(heading):
            return
        self._end_section()
        self.heading, self.theme, self.strand_priority = heading, None, None
        self.event_heading = heading if section is None else None
        if PRIORITY_ALONE.match(heading):
            self.priority_alone, self.section = heading, ""
        elif named_priority:
            title = self._add_priority(
                named_priority.group("title"),
                source=heading,
                reason="A heading that names a priority",
            )
            self.section, self.strand_priority = "strands", title
        elif section is None and (priority := self._priority_named_by(heading)):
            self.section, self.strand_priority = "strands", priority
        elif section in LIST_SECTIONS and ADULTS_ONLY.search(heading):
            self.section = "" if not CHILDREN.search(heading) else section
        else:
            self.section = section or ""

    def _subheading(self, heading: str) -> bool:
        """Whether `heading` is a short heading straight under the priorities' heading,
        before any list there: a priority's title, kept if it has siblings."""
        if (
            self.section != "priorities"
            or self.found_in_section
            or self.strand_priority
            or heading.endswith("?")
            or len(heading.split()) > MAX_SUBHEADING_WORDS
            or NOT_TITLES.match(heading)
            or NOT_PRIORITIES.search(heading)
        ):
            return False
        self.subheadings.append(_Subheading(as_title(heading)))
        return True

    def _end_section(self) -> None:
        subheadings, self.subheadings = self.subheadings, []
        if len(subheadings) >= 2:
            for subheading in subheadings:
                reason = f"One of the short headings under the heading “{self.heading}”"
                title = self._add_priority(subheading.title, source=subheading.title, reason=reason)
                for strand, source in subheading.strands:
                    why = f"{reason}, beneath the priority “{title}”, so one of its strands"
                    self.strands.append((title, strand, title, source, why))
            self.found_in_section += len(subheadings)
        if self.section in LIST_SECTIONS and not self.found_in_section and not self.strand_priority:
            self.warnings.append(
                f"There is a “{self.heading}” heading but no list beneath it was found: "
                "add what it lists by hand."
            )
        self.found_in_section = 0
        self.listing = ""

    def _body(self, line: Line) -> None:
        event, self.event_heading = self.event_heading, None
        if line.kind == "paragraph" and self.section not in LIST_SECTIONS:
            for title in work_promised(line.text):
                reason = "A sentence promising new work, or saying it is being planned"
                self._add_planned(title, source=line.text, reason=reason)
        if self.section == "learning":
            if self.theme is not None:
                self._learning_point(line.text)
            return
        if line.kind == "paragraph" and self._introduces_no_priorities(line.text):
            self._end_section()
            self.section = ""  # what runs through the priorities is not one of them
            return
        if line.kind == "paragraph" and self.section not in LIST_SECTIONS:
            if event and announces_event(event, line.text):
                reason = "A heading naming an event that the paragraph beneath says is to come"
                self._add_planned(event, source=f"{event}\n{line.text}", reason=reason)
            self._sentence_lists(line.text)
            return
        match = BULLET.match(line.text)
        if line.kind != "item" or self.section not in LIST_SECTIONS:
            return
        item = as_title(match.group("item") if match else line.text)
        if not item:
            return
        self.found_in_section += 1
        where = f"An item of the list under the heading “{self.heading}”"
        if self.section == "priorities" and self.subheadings:
            self.subheadings[-1].strands.append((fit(item, "strand", self.warnings), line.text))
        elif self.section == "priorities":
            if PRIORITY_REFERENCE.search(item):
                return  # it says what work serves priorities already listed
            named = PRIORITY_HEADING.match(item)
            title = named.group("title") if named else item
            self._add_priority(title, source=line.text, reason=where)
        elif self.section == "planned":
            self._add_planned(item, source=line.text, reason=where)
        else:
            strand = (self.heading, fit(item, "strand", self.warnings), self.strand_priority)
            if all(kept[:3] != strand for kept in self.strands):
                reason = where
                if self.strand_priority:
                    reason += f", which is the priority “{self.strand_priority}”"
                self.strands.append((*strand, line.text, f"{reason}, so one of its strands"))

    def _introduces_no_priorities(self, paragraph: str) -> bool:
        return (
            self.section in LIST_SECTIONS
            and paragraph.endswith(":")
            and NOT_PRIORITIES.search(paragraph) is not None
        )

    def _sentence_lists(self, paragraph: str) -> None:
        for found in sentence_lists(paragraph):
            reason = f"Named in the sentence “{found.sentence}”"
            for item in found.items:
                if found.kind == "planned":
                    self._add_planned(item, source=paragraph, reason=reason)
                else:
                    self._add_priority(item, source=paragraph, reason=reason)

    def _add_priority(self, title: str, *, source: str, reason: str) -> str:
        title = fit(as_title(title), "priority", self.warnings)
        if all(_key(priority.title) != _key(title) for priority in self.priorities):
            self.priorities.append(
                ProposedPriority(title, golden(title), source=source, reason=reason)
            )
        return title

    def _add_planned(self, item: str, *, source: str, reason: str) -> None:
        title = fit(as_title(item), "planned work", self.warnings)
        if any(_key(work.title) == _key(title) for work in self.planned):
            return
        kind = kind_of(title)
        reason = f"{reason}; its kind, {Kind(kind).label.lower()}, from its words"
        self.planned.append(
            ProposedPlannedWork(title, kind, golden(title), source=source, reason=reason)
        )

    def _priority_named_by(self, heading: str) -> str | None:
        words = _significant(heading)
        for priority in self.priorities:
            if words and words <= _significant(priority.title):
                return priority.title
        return None

    def _learning_point(self, paragraph: str) -> None:
        assert self.theme is not None
        previous = self.learning[-1] if self.learning else None
        point, continues = learning_point_of(
            paragraph,
            at=Reading(theme=self.theme, heading=self.heading),
            matcher=self.matcher,
            previous=previous,
        )
        if point is None:
            return
        if continues:
            self.learning[-1] = point
            return
        self.learning.append(point)
        self.warnings.extend(learning_point_warnings(point))

    def _proposal(self) -> Proposal:
        statement = self.statement
        everywhere = bool(statement and re.search(r"priorit|\ball\b|\bevery", statement, re.I))
        priorities = [
            dataclasses.replace(priority, golden_thread=True) if everywhere else priority
            for priority in self.priorities
        ]
        strands = []
        for heading, title, priority, source, reason in self.strands:
            linked = priority or self._priority_named_by(heading)
            if linked is None:
                self.warnings.append(
                    f"“{title}” under “{heading}” matches none of the priorities: "
                    "choose its priority."
                )
            strands.append(ProposedStrand(title, linked, source=source, reason=reason))
        if not (priorities or strands or self.planned or self.learning):
            self.warnings.append(
                "No priorities, planned work, strands or learning points were found. Headings "
                "such as “Priorities”, “Planned work” or “Key learning”, with lists or "
                "paragraphs beneath them, show what the document holds."
            )
        return Proposal(
            priorities=priorities,
            strands=strands,
            planned_work=self.planned,
            learning_points=self.learning,
            year_label=year_label(self.lines, introducing=self.introducing),
            golden_thread_statement=statement,
            warnings=self.warnings,
        )


def _key(text: str) -> str:
    return " ".join(token.norm for token in tokens(text))


def _significant(text: str) -> set[str]:
    words = {token.norm for token in tokens(text) if not token.norm.isdigit()}
    return {
        word[:-1] if word.endswith("s") and len(word) > 3 else word
        for word in words - GENERIC_WORDS
        if word not in {"and", "of", "in", "to", "a", "an"}
    }
