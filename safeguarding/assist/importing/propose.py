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
promises, in any section (`prose.py`). An item naming a numbered priority ("• Priority One
\u2013 Embedding Systemic Practice", in a contents list) is that priority, in any section.

Items. In the priorities section each item is a priority, unless it refers to
priorities by number ("Focus on Priorities 1 and 2"); in planned work, an item of planned
work, whose kind comes from its words; under strands, a strand, belonging to the priority
whose title holds every word of the strands' heading. Under a priority's own heading,
what a paragraph says the partnership "will" do is planned work (`planned_work.py`).

A line that is only a date, or says when a page was posted, changes no section or theme.

Key learning is read as `learning_section.py` describes: its themes, their points, key
messages, a practice briefing's headings, and what is advised or recommended outside
it. A date heading ("01 August 2025") is no theme. A document whose title, or a
paragraph at its top, says it gives key messages is key learning, read as messages,
from the start.

The golden thread is read as `golden_thread.py` describes; titles, themes and summaries
are worded as `wording.py` does.
"""

import dataclasses
from collections.abc import Mapping, Sequence

from safeguarding.assist.importing.findings import Findings
from safeguarding.assist.importing.golden_thread import (
    golden_statement,
)
from safeguarding.assist.importing.groups import GroupMatcher
from safeguarding.assist.importing.lead_ins import (
    PRIORITY_HEADING,
    LeadIn,
    introduces_no_priorities,
    lead_in_of,
    read_item,
)
from safeguarding.assist.importing.learning_section import (
    LearningReading,
    briefing_heading,
    gives_messages,
    laid_out_as_briefing,
    listed_learning,
)
from safeguarding.assist.importing.lines import (
    BULLET,
    DATE_ONLY,
    Line,
    read_lines,
    section_of,
)
from safeguarding.assist.importing.planned_work import names_event, work_committed
from safeguarding.assist.importing.priority_headings import (
    PRIORITY_ALONE,
    PRIORITY_REFERENCE,
    adults_only,
    may_title_a_priority,
    names_its_own,
)
from safeguarding.assist.importing.proposal import (
    Proposal,
)
from safeguarding.assist.importing.prose import promised_work_found, prose_read
from safeguarding.assist.importing.section_headings import (
    MEANINGS,
    HeadingReader,
    headings_over_lists,
)
from safeguarding.assist.importing.wording import as_title, fit

LIST_SECTIONS = ("priorities", "planned", "strands")
MAX_TITLE_LINE_WORDS = 20


def propose(
    text: str, *, group_names: Sequence[str], headings_read: HeadingReader | None = None
) -> Proposal:
    """Propose what `text` asks the partnership to do, by the rules in this module's docstring.

    `group_names` are the partnership's groups; each learning point names the best match
    among them, or None. `headings_read`, where the local model is at hand, says which
    section a heading with none of the section words starts, by its meaning; it is asked
    once, about the headings a list follows. Nothing is saved: the person importing
    decides.
    """
    return _Reader(text, group_names, headings_read).read()


@dataclasses.dataclass
class _Subheading:
    """A short heading under the priorities' heading: a priority if it has siblings."""

    title: str
    strands: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (title, source)


class _Reader:
    def __init__(
        self, text: str, group_names: Sequence[str], headings_read: HeadingReader | None
    ) -> None:
        self.lines = read_lines(text)
        self.by_meaning: Mapping[str, str] = (
            headings_read(headings_over_lists(self.lines)) if headings_read else {}
        )
        self.matcher = GroupMatcher(group_names, text)
        self.briefing = laid_out_as_briefing(self.lines)
        self.found = Findings()
        self.section = ""
        self.heading = ""
        self.read_as = ""  # how the local model read the heading, when it did
        self.title: str | None = None  # the first heading read
        self.headings_read = 0
        self.learning: LearningReading | None = None  # while in key learning
        self.strand_priority: str | None = None
        self.listing = ""  # "waiting" after a colon, then "spaced" or "tight"
        self.found_in_section = 0
        self.lead_in: LeadIn | None = None  # a list a sentence introduced
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
                # section's heading then has its list. Key learning goes on after it.
                self.found_in_section += 1
                if self.learning is None:
                    self._end_section()
                    self.section, self.strand_priority = "", None
                self.lead_in = lead_in
                self.found.introducing.append(lead_in.introduced_by)
                continue
            if line.kind == "heading" and self._in_unbulleted_list(line):
                line = Line(line.text, "item", line.blank_before)
            if line.kind == "heading":
                self._heading(line.text)
                continue
            self.found.statement = self.found.statement or golden_statement(line.text)
            self._body(line)
            if line.kind == "item" and self.listing == "waiting":
                self.listing = ""  # a bulleted list: its end is plain to see
            elif line.kind == "paragraph":
                self.listing = "waiting" if line.text.endswith(":") else ""
        self._end_section()
        return self.found.proposal(self.lines)

    def _lead_in_of(self, line: Line) -> LeadIn | None:
        """The list `line` introduces, unless the section it is in already reads it: a
        priorities heading's "Our priorities are:" is read as the heading's list."""
        lead_in = lead_in_of(line)
        if self.section == "learning":
            # Key learning reads its own lists, but for one a sentence says is of learning.
            return lead_in if lead_in is not None and lead_in.kind == "learning" else None
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
        if read.priority and lead.kind == "learning":
            point = listed_learning(
                read.priority,
                introduced_by=lead.introduced_by,
                heading=(self.learning and self.learning.theme) or self.heading,
                matcher=self.matcher,
            )
            if point is not None:
                self.found.learning_added(point)
        elif read.priority and lead.kind == "planned":
            self.found.planned_added(read.priority, source=line.text, reason=introduced)
        elif read.priority:
            self.found.priority_added(read.priority, source=line.text, reason=introduced)
        if read.strand:
            priority, strand = read.strand
            title = fit(as_title(strand), "strand", self.found.warnings)
            reason = f"{introduced}, beneath the priority “{priority}”, so one of its strands"
            self.found.strands.append((priority, title, priority, line.text, reason))
        return True

    def _priority_title(self, line: Line) -> bool:
        """Take the line after a "Priority One" heading as that priority's title."""
        alone, self.priority_alone = self.priority_alone, None
        if line.kind == "item" or len(line.text.split()) > MAX_TITLE_LINE_WORDS:
            return False
        title = self.found.priority_added(
            line.text, source=f"{alone}\n{line.text}", reason=f"The title under “{alone}”"
        )
        self._end_section()
        self.heading = alone or ""
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
        if DATE_ONLY.match(heading):
            return  # a date line (a briefing's, a post's) changes no section or theme
        section = section_of(heading)
        if section == "learning" and not self.headings_read and names_event(heading):
            section = None  # the event's subject, not a section of learning
        if not self.headings_read:
            self.title = heading
        self.headings_read += 1
        named_priority = PRIORITY_HEADING.match(heading)
        if self.briefing and self.learning is None and briefing_heading(heading):
            self._end_section()
            self.heading, self.strand_priority = heading, None
            self._learning_started(messages=False)
        if self.learning is not None and section in ("learning", None):
            self.learning.theme_heading(heading)
            return
        if (
            section in (None, "strands")
            and not named_priority
            and self._subheading(heading, section)
        ):
            return
        self._end_section()
        self.heading, self.strand_priority = heading, None
        self.read_as = ""
        self.event_heading = heading if section is None else None
        if PRIORITY_ALONE.match(heading):
            self.priority_alone, self.section = heading, ""
        elif named_priority:
            title = self.found.priority_added(
                named_priority.group("title"),
                source=heading,
                reason="A heading that names a priority",
            )
            self.section, self.strand_priority = "strands", title
        elif section is None and (priority := self.found.priority_named_by(heading)):
            self.section, self.strand_priority = "strands", priority
        elif section in LIST_SECTIONS and adults_only(heading):
            self.section = ""
        elif section is None and self.by_meaning.get(heading):
            self.section = self.by_meaning[heading]
            self.read_as = f", which the local model reads as {MEANINGS[self.section]}"
        else:
            self.section = section or ""
        if self.section == "learning":
            self._learning_started(messages=heading == self.title and gives_messages(heading))

    def _learning_started(self, *, messages: bool) -> None:
        self.section = "learning"
        self.learning = LearningReading(
            heading=self.heading, matcher=self.matcher, found=self.found, messages=messages
        )

    def _subheading(self, heading: str, section: str | None) -> bool:
        """Whether `heading` is a short heading straight under the priorities' heading,
        before any list there: a priority's title, kept if it has siblings."""
        if (
            self.section != "priorities"
            or self.found_in_section
            or self.strand_priority
            or not may_title_a_priority(heading)
            or (section == "strands" and not names_its_own(heading))
        ):
            return False
        self.subheadings.append(_Subheading(as_title(heading)))
        return True

    def _end_section(self) -> None:
        if self.learning is not None:
            self.learning.finish()
            self.learning = None
        subheadings, self.subheadings = self.subheadings, []
        if len(subheadings) >= 2:
            for subheading in subheadings:
                reason = f"One of the short headings under the heading “{self.heading}”"
                title = self.found.priority_added(
                    subheading.title, source=subheading.title, reason=reason
                )
                for strand, source in subheading.strands:
                    why = f"{reason}, beneath the priority “{title}”, so one of its strands"
                    self.found.strands.append((title, strand, title, source, why))
            self.found_in_section += len(subheadings)
        if self.section in LIST_SECTIONS and not self.found_in_section and not self.strand_priority:
            self.found.warnings.append(
                f"There is a “{self.heading}” heading but no list beneath it was found: "
                "add what it lists by hand."
            )
        self.found_in_section = 0
        self.listing = ""

    def _body(self, line: Line) -> None:
        if line.kind == "paragraph":
            promised_work_found(line.text, found=self.found)
        if self.learning is not None:
            self.learning.line(line)
            return
        if line.kind == "paragraph" and self.section == "" and self._opens_messages(line.text):
            self._learning_started(messages=True)
            return
        if (
            line.kind == "paragraph"
            and self.section in LIST_SECTIONS
            and introduces_no_priorities(line.text)
        ):
            self._end_section()
            self.section = ""  # what runs through the priorities is not one of them
            return
        if line.kind == "paragraph" and self.section == "strands" and self.strand_priority:
            for title in work_committed(line.text):
                reason = f"Under the priority “{self.strand_priority}”, what it will do"
                self.found.planned_added(title, source=line.text, reason=reason)
        if line.kind == "paragraph" and self.section not in LIST_SECTIONS:
            if prose_read(
                line.text,
                found=self.found,
                heading=self.heading,
                event=self.event_heading,
                matcher=self.matcher,
            ):
                self.event_heading = None  # any paragraph under it may say so; once is enough
            return
        match = BULLET.match(line.text)
        item = as_title(match.group("item") if match else line.text)
        if line.kind != "item" or not item:
            return
        if self.section not in LIST_SECTIONS:
            if named := PRIORITY_HEADING.match(item):
                # "• Priority One \u2013 Embedding Systemic Practice" in a contents list
                reason = "A list item naming a numbered priority"
                self.found.priority_added(named.group("title"), source=line.text, reason=reason)
            return
        self.found_in_section += 1
        where = f"An item of the list under the heading “{self.heading}”{self.read_as}"
        if self.section == "priorities" and self.subheadings:
            self.subheadings[-1].strands.append(
                (fit(item, "strand", self.found.warnings), line.text)
            )
        elif self.section == "priorities":
            if PRIORITY_REFERENCE.search(item):
                return  # it says what work serves priorities already listed
            named = PRIORITY_HEADING.match(item)
            title = named.group("title") if named else item
            self.found.priority_added(title, source=line.text, reason=where)
        elif self.section == "planned":
            self.found.planned_added(item, source=line.text, reason=where)
        else:
            strand = (self.heading, fit(item, "strand", self.found.warnings), self.strand_priority)
            if all(kept[:3] != strand for kept in self.found.strands):
                reason = where
                if self.strand_priority:
                    reason += f", which is the priority “{self.strand_priority}”"
                self.found.strands.append((*strand, line.text, f"{reason}, so one of its strands"))

    def _opens_messages(self, paragraph: str) -> bool:
        """Whether `paragraph`, at the top of the document or below its title, says the
        document gives key messages."""
        return self.headings_read <= 1 and not self.found_in_section and gives_messages(paragraph)
