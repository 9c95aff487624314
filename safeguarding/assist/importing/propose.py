"""Propose a year's priorities, strands, planned work and learning from a document's text.

Rule-based, so a person can see why each suggestion was made; nothing is saved here.

Lines are read as `lines.read_lines` describes: headings, list items and paragraphs.

Sections. A heading with "planned work", "work plan", "work programme" or "programme of
work" starts planned work; "learning" or "lessons", key learning; "priority" or
"priorities", the priorities; "reforms", "strands" or "workstreams", strands. A heading
such as "Priority 2: Domestic abuse" is itself a priority, and the items beneath it are
its strands, as are the items beneath a heading made only of a priority's own words.
Outside key learning, any other heading ends the section. Items under a heading that
follow a line ending in a colon may be written without bullets; such a list ends where
its spacing changes. Outside any section, a sentence that introduces a list of
priorities ("The priorities for 2017/18 are:") starts one, as `lead_ins.py` describes.

Items. In the priorities section each item is a priority; in planned work, an item of
planned work, whose kind comes from its words (a legal duty, then event, then audit or
review, then development work, else other); under strands, a strand, belonging to the
priority whose title holds every word of the strands' heading.

Key learning. Every heading inside it is a theme. Paragraphs (and items) before the
first theme are its introduction and skipped. Under a theme each paragraph is a learning
point, except one that names no group, asks for nothing, and opens with a word that
points back ("Furthermore", "This", "These", "However"...): that continues the point
before it. The owning group is the first group named that is not being reported to
("to the ... Partnership"); the expectation is read from that sentence first, then the
whole paragraph, earliest verb first: present progress, monitor, seek (assurance), promote
and encourage, review. A sentence saying the named group "does not have" something, and
asking nothing, asks it to review that gap. A paragraph naming no group and asking nothing
is a point for all partners to note. The summary is the sentence naming the group, else
the one asking, else the first.

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

from safeguarding.assist.importing.groups import GroupMatcher, tokens
from safeguarding.assist.importing.lead_ins import (
    PRIORITY_HEADING,
    LeadIn,
    lead_in_of,
    read_item,
)
from safeguarding.assist.importing.lines import (
    BULLET,
    Line,
    read_lines,
    section_of,
    sentence_at,
    split_sentences,
    year_label,
)
from safeguarding.assist.importing.proposal import (
    Proposal,
    ProposedLearningPoint,
    ProposedPlannedWork,
    ProposedPriority,
    ProposedStrand,
)
from safeguarding.assist.importing.wording import as_summary, as_title, fit, tidy
from safeguarding.governance.models import LearningPoint, PlannedWork

Expectation = LearningPoint.Expectation
Kind = PlannedWork.Kind


KINDS = (
    (Kind.LEGAL_DUTY, r"legislat\w*|legal (?:duty|duties|requirements?)|statutory|mandatory"),
    (Kind.EVENT, r"events?|conferences?|workshops?|seminars?|roadshows?|learning (?:week|day)s?"),
    (Kind.AUDIT, r"audits?|reviews?|self-assessments?|inspections?|scrutiny|evaluat\w*"),
    (
        Kind.DEVELOPMENT,
        r"develop\w*|improv\w*|implement\w*|explor\w*|research|consider\w*|understanding"
        r"|strateg\w*|model|framework|training|visibility|profile|work with|pilot\w*",
    ),
)
# Earliest match wins; at one place, the first listed.
EXPECTATIONS = (
    (
        Expectation.PRESENT_PROGRESS,
        r"(?i:\b(?:present|report|provide|give)\w*\b[^.]{0,30}?\b(?:progress|updates?)\b)",
    ),
    (Expectation.MONITOR, r"(?i:\b(?:monitor\w*|oversight|keep\w*\b[^.]{0,40}?\bunder review)\b)"),
    (Expectation.SEEK_ASSURANCE, r"(?i:\b(?:seek|seeks|seeking|sought)\b(?!\s+to\b)|\bassur\w+)"),
    (Expectation.PROMOTE, r"(?i:\b(?:promot\w*|encourag\w*|champion\w*|raise awareness)\b)"),
    # Lower case only: "the National Care Review" names a report, it asks for nothing.
    (Expectation.REVIEW, r"\b(?:review|reviews|reviewed|reviewing|evaluate)\b"),
)
GAP = re.compile(r"\b(?:(?:does|do|did) not (?:currently |yet )?have|has no|have no|lacks?)\b")
POINTS_BACK = re.compile(
    r"^(?:Furthermore|Further|Additionally|In addition|Also|Moreover|This|These|It|They|Their"
    r"|Its|However|As a result|Therefore|Similarly|Likewise)\b"
)
GOLDEN = re.compile(
    r"\b(?:(?:in)?equalit(?:y|ies)|diversity|disproportional\w*|disproportionate\w*|racism"
    r"|racist|race|ethnic\w*|discriminat\w*|protected characteristics)\b",
    re.IGNORECASE,
)
GENERIC_WORDS = frozenset({"priority", "our", "plan", "work", "year", "area", "for", "the"})
LIST_SECTIONS = ("priorities", "planned", "strands")


def propose(text: str, *, group_names: Sequence[str]) -> Proposal:
    """Propose what `text` asks the partnership to do, by the rules in this module's docstring.

    `group_names` are the partnership's groups; each learning point names the best match
    among them, or None. Nothing is saved: the person importing decides.
    """
    return _Reader(text, group_names).read()


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
        self.lead_in: LeadIn | None = None  # a list of priorities a sentence introduced
        self.introducing: list[str] = []  # the sentences that introduced such lists

    def read(self) -> Proposal:
        for line in self.lines:
            if self.lead_in is not None and self._lead_in_read(self.lead_in, line):
                continue
            if self.section not in LIST_SECTIONS and self.section != "learning":
                self.lead_in = lead_in_of(line)
                if self.lead_in is not None:
                    self.introducing.append(self.lead_in.introduced_by)
                    continue
            if line.kind == "heading" and self._in_unbulleted_list(line):
                line = Line(line.text, "item", line.blank_before)
            if line.kind == "heading":
                self._heading(line.text)
                continue
            self.statement = self.statement or _golden_statement(line.text)
            self._body(line)
            if line.kind == "item" and self.listing == "waiting":
                self.listing = ""  # a bulleted list: its end is plain to see
            elif line.kind == "paragraph":
                self.listing = "waiting" if line.text.endswith(":") else ""
        self._end_section()
        return self._proposal()

    def _lead_in_read(self, lead: LeadIn, line: Line) -> bool:
        """Read a line of a list a sentence introduced; False once the list has ended."""
        read = read_item(lead, line)
        if read.ended:
            self.lead_in = None
            return False
        introduced = f"An item of the list introduced by “{lead.introduced_by}”"
        if read.priority:
            self._add_priority(read.priority, source=line.text, reason=introduced)
        if read.strand:
            priority, strand = read.strand
            title = fit(as_title(strand), "strand", self.warnings)
            reason = f"{introduced}, beneath the priority “{priority}”, so one of its strands"
            self.strands.append((priority, title, priority, line.text, reason))
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
            self.theme = fit(as_title(heading), "theme", self.warnings)
            return
        self._end_section()
        self.heading, self.theme, self.strand_priority = heading, None, None
        if named_priority:
            title = self._add_priority(
                named_priority.group("title"),
                source=heading,
                reason="A heading that names a priority",
            )
            self.section, self.strand_priority = "strands", title
        elif section is None and (priority := self._priority_named_by(heading)):
            self.section, self.strand_priority = "strands", priority
        else:
            self.section = section or ""

    def _end_section(self) -> None:
        if self.section in LIST_SECTIONS and not self.found_in_section and not self.strand_priority:
            self.warnings.append(
                f"There is a “{self.heading}” heading but no list beneath it was found: "
                "add what it lists by hand."
            )
        self.found_in_section = 0
        self.listing = ""

    def _body(self, line: Line) -> None:
        if self.section == "learning":
            if self.theme is not None:
                self._learning_point(line.text)
            return
        match = BULLET.match(line.text)
        if line.kind != "item" or self.section not in LIST_SECTIONS:
            return
        item = as_title(match.group("item") if match else line.text)
        if not item:
            return
        self.found_in_section += 1
        if self.section == "priorities":
            named = PRIORITY_HEADING.match(item)
            self._add_priority(
                named.group("title") if named else item,
                source=line.text,
                reason=f"An item of the list under the heading “{self.heading}”",
            )
        elif self.section == "planned":
            title = fit(item, "planned work", self.warnings)
            if all(_key(work.title) != _key(title) for work in self.planned):
                kind = _kind(title)
                reason = (
                    f"An item of the list under the heading “{self.heading}”; "
                    f"its kind, {Kind(kind).label.lower()}, from its words"
                )
                self.planned.append(
                    ProposedPlannedWork(
                        title, kind, _golden(title), source=line.text, reason=reason
                    )
                )
        else:
            strand = (self.heading, fit(item, "strand", self.warnings), self.strand_priority)
            if all(kept[:3] != strand for kept in self.strands):
                reason = f"An item of the list under the heading “{self.heading}”"
                if self.strand_priority:
                    reason += f", which is the priority “{self.strand_priority}”"
                self.strands.append((*strand, line.text, f"{reason}, so one of its strands"))

    def _add_priority(self, title: str, *, source: str, reason: str) -> str:
        title = fit(as_title(title), "priority", self.warnings)
        if all(_key(priority.title) != _key(title) for priority in self.priorities):
            self.priorities.append(
                ProposedPriority(title, _golden(title), source=source, reason=reason)
            )
        return title

    def _priority_named_by(self, heading: str) -> str | None:
        words = _significant(heading)
        for priority in self.priorities:
            if words and words <= _significant(priority.title):
                return priority.title
        return None

    def _learning_point(self, paragraph: str) -> None:
        assert self.theme is not None
        paragraph = _clean_paragraph(paragraph)
        owner = self.matcher.owner(paragraph)
        sentences = split_sentences(paragraph)
        ask = sentence_at(sentences, owner.start) if owner else None
        expectation, asking = _expectation(ask, paragraph, has_owner=owner is not None)
        previous = self.learning[-1] if self.learning else None
        if (
            owner is None
            and expectation == Expectation.NOTE
            and previous is not None
            and previous.theme == self.theme
            and POINTS_BACK.match(paragraph)
        ):
            detail = f"{previous.detail}\n\n{paragraph}"
            self.learning[-1] = dataclasses.replace(
                previous,
                detail=detail,
                golden_thread=_golden(detail),
                source=f"{previous.source}\n\n{paragraph}",
                reason=f"{previous.reason}; the paragraph after it points back to it",
            )
            return
        summary = ask or asking or sentences[0]
        reason = f"A paragraph under the theme “{self.theme}” of the heading “{self.heading}”"
        if owner:
            reason += f"; it names {owner.text}, so its owner"
        asks = Expectation(expectation).label.lower()
        reason += f"; what it asks: {asks}" if asking else "; it asks nothing, so all note it"
        point = ProposedLearningPoint(
            theme=self.theme,
            summary=fit(as_summary(summary), "summary", []),
            detail=paragraph,
            group_name=owner.group_name if owner else None,
            named_group_text=owner.text if owner else None,
            expectation=expectation,
            golden_thread=_golden(paragraph),
            source=paragraph,
            reason=reason,
        )
        self.learning.append(point)
        self._warn_about(point)

    def _warn_about(self, point: ProposedLearningPoint) -> None:
        where = f"The learning point under “{point.theme}”"
        if point.named_group_text and point.group_name is None:
            self.warnings.append(
                f"{where} names “{point.named_group_text}”, which is not one of the "
                "partnership's groups: choose the group, or add it first."
            )
        elif point.group_name is None and point.expectation != Expectation.NOTE:
            label = Expectation(point.expectation).label.lower()
            self.warnings.append(f"{where} asks to {label} but names no group: choose one.")

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


def _clean_paragraph(paragraph: str) -> str:
    match = BULLET.match(paragraph)
    return match.group("item") if match else paragraph


def _key(text: str) -> str:
    return " ".join(token.norm for token in tokens(text))


def _significant(text: str) -> set[str]:
    words = {token.norm for token in tokens(text) if not token.norm.isdigit()}
    return {
        word[:-1] if word.endswith("s") and len(word) > 3 else word
        for word in words - GENERIC_WORDS
        if word not in {"and", "of", "in", "to", "a", "an"}
    }


def _kind(title: str) -> str:
    for kind, pattern in KINDS:
        if re.search(rf"\b(?:{pattern})\b", title, re.IGNORECASE):
            return kind
    return Kind.OTHER


def _golden(text: str) -> bool:
    return GOLDEN.search(text) is not None


def _golden_statement(text: str) -> str | None:
    for sentence in split_sentences(text):
        if re.search(r"golden thread", sentence, re.IGNORECASE) and _golden(sentence):
            return tidy(BULLET.sub(r"\g<item>", sentence))
    return None


def _expectation(ask: str | None, paragraph: str, *, has_owner: bool) -> tuple[str, str | None]:
    """The expectation and the sentence that asks it.

    The owner's own sentence comes first: what it asks, or a gap it states; then what the
    rest of the paragraph asks.
    """
    for text in (ask, paragraph):
        if not text:
            continue
        if text is paragraph and has_owner and ask and GAP.search(ask):
            return Expectation.REVIEW, ask
        found = [
            (match.start(), order, expectation)
            for order, (expectation, pattern) in enumerate(EXPECTATIONS)
            if (match := re.search(pattern, text))
        ]
        if found:
            start, _, expectation = min(found)
            sentences = split_sentences(text)
            return expectation, sentence_at(sentences, start)
    return Expectation.NOTE, None
