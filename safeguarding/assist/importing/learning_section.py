"""Key learning as `propose` reads it: themes, and the points their paragraphs make.

Every heading inside key learning is a theme, except a question about the partnership's
own ways ("How do we review multi agency practice and share learning?"), under which
nothing is a point. Paragraphs (and items) before the first theme are its introduction
and skipped, except one naming the theme the section's heading gives after a dash
("Thematic Learning from Case Reviews \u2013 Our Roles in Safeguarding"): that paragraph
is the theme's point. Under a theme each paragraph is a learning point, as `learning.py`
describes. A paragraph that starts with a short title and a dash ("Professional
curiosity \u2013 This has been a recurring theme…") is a theme written inline: the rest of
it is a point, and the paragraphs after it continue that point until the next heading or
inline theme.

Key messages. A document that says it gives key messages ("Key messages from the March
meeting of the Board", "The Board would like to convey the following key messages",
"Things you should know") writes them under headings (a meeting's items, or the
audiences spoken to). A bulleted item that is a whole sentence is a message of its own;
the heading's paragraphs, and items that are fragments of them ("• Think Family"), are
one message together, whose summary is what it asks ("Future updates will be brought to
the Board"), else its first sentence.

A briefing. A document laid out as a practice briefing (a seven-minute briefing after a
review) may name no learning at all: its headings are the format's own ("Background",
"Incident", "Why it matters", "What should you do"). Two or more of them, "Background"
among them, make each of those headings a theme of key learning. The paragraphs under a
heading that tells the case's story ("Incident", "The case", "What happened") are one
point together, as a message's are: the story is one.

Not learning, in key learning or messages: signposting, a line of one or two sentences
one of which tells the reader where to go ("Let us know…", "Contact…", "Visit…", "Look
at the website…", "Use the Greater Manchester Policies and Procedures…", "…can be
downloaded here") or that gives a telephone number; and a line about the briefings
themselves ("Seven minute briefings are based on…").

Listed learning. A sentence introducing a list of learning ("Key themes identified
include:", as `lead_ins.py` reads it) makes each item a point, however short ("Young
carers."), under the heading above it.

Asked in prose. Outside key learning, a sentence that advises or recommends ("It is
advised for secondary settings to…", "The overall commentary was for local safeguarding
partners to review…") is a learning point under the heading above it; "partners were
asked to review…" says what was asked and done, and is not.
"""

import dataclasses
import re
from collections.abc import Sequence

from safeguarding.assist.importing.findings import Findings
from safeguarding.assist.importing.groups import GroupMatcher
from safeguarding.assist.importing.learning import (
    MIN_POINT_WORDS,
    Reading,
    about_our_process,
    inline_theme,
    learning_point_continued,
    learning_point_of,
    without_bullet,
)
from safeguarding.assist.importing.lines import QUOTES, TITLE_PART, Line, split_sentences
from safeguarding.assist.importing.proposal import ProposedLearningPoint
from safeguarding.assist.importing.wording import as_title, fit

MESSAGES = re.compile(
    r"\bkey messages\b|\bmessages from (?:the |our |a )?[^.]{0,60}?\b(?:meeting|board"
    r"|partnership|executive)\b|\bthings you should know\b|\bheadlines from (?:the |our )?"
    r"[^.]{0,60}?\bmeeting\b",
    re.IGNORECASE,
)
SIGNPOST = re.compile(
    r"^(?i:let us know|contact|visit|look at|follow us|call|phone|ring|email|sign up|find out"
    r"|click|download)\b|\b0\d{2,4}\s?\d{3}\s?\d{3,4}\b"
    r"|^(?i:use|see|read|refer to|go to) (?:the|our) [A-Z][^.]{0,60}?"
    r"\b(?i:polic(?:y|ies)|procedures?|website|guidance|toolkit)\b"
    r"|\b(?i:(?:can be (?:downloaded|found|accessed|read)|click|available) here)\b"
)
MAX_SIGNPOST_SENTENCES = 2
ABOUT_THE_BRIEFINGS = re.compile(
    r"^(?:(?:seven|7)[- ]minute|safer ?7) briefings? (?:are|is|were|was)\b", re.IGNORECASE
)
BRIEFING_HEADINGS = re.compile(
    r"^(?:background|incident|the incident|the case|case summary|what happened|why it matters"
    r"|information|research|key findings|findings|reflect\w*|questions(?: to consider)?"
    r"|what (?:should|can|do) (?:i|you|we) do\??|what you should do|actions? for practitioners"
    r"|further information|resources)$",
    re.IGNORECASE,
)
CASE_STORY = re.compile(
    r"^(?:incident|the incident|the case|case summary|what happened)$", re.IGNORECASE
)
MIN_BRIEFING_HEADINGS = 2
ASKED = re.compile(
    r"\bit is (?:strongly |also )?(?:advised|recommended|suggested)\b"
    r"|\b(?:commentary|recommendation|advice|ask|message|expectation) (?:was|is) for\b",
    re.IGNORECASE,
)
UNTITLED_THEME = "Key messages"
LISTED_THEME = "Key learning"


def gives_messages(text: str) -> bool:
    """Whether a document's title, or the paragraph below it, says it gives key
    messages."""
    return MESSAGES.search(text) is not None


def signposts(text: str) -> bool:
    """Whether a line tells the reader where to go rather than what was learned."""
    sentences = split_sentences(without_bullet(text.strip()))
    return len(sentences) <= MAX_SIGNPOST_SENTENCES and any(
        SIGNPOST.search(sentence) for sentence in sentences
    )


def laid_out_as_briefing(lines: Sequence[Line]) -> bool:
    """Whether a document's headings are a practice briefing's, "Background" among them."""
    found = {
        line.text.lower()
        for line in lines
        if line.kind == "heading" and BRIEFING_HEADINGS.match(line.text)
    }
    return "background" in found and len(found) >= MIN_BRIEFING_HEADINGS


def briefing_heading(heading: str) -> bool:
    """Whether a heading is one of a practice briefing's own."""
    return BRIEFING_HEADINGS.match(heading) is not None


def _whole_sentence(item: str) -> bool:
    """Whether a list item is a message in itself, not a fragment of a paragraph's."""
    words = item.split()
    return (
        len(words) >= MIN_POINT_WORDS
        and item.lstrip(QUOTES)[:1].isupper()
        and not item.endswith(":")
    )


class LearningReading:
    """One section of key learning being read, its points handed to `found`."""

    def __init__(
        self, *, heading: str, matcher: GroupMatcher, found: Findings, messages: bool = False
    ) -> None:
        self.heading = heading
        self.matcher = matcher
        self.found = found
        self.messages = messages
        self.theme: str | None = None
        # The theme the section's heading names after a dash, until a heading is read.
        parts = TITLE_PART.split(heading, maxsplit=1)
        self.named_theme = as_title(parts[1]) if len(parts) == 2 else None
        self.inline = False
        self.message: list[str] = []  # the lines of the message being read
        self.story = False  # under a heading telling a case's story

    def theme_heading(self, heading: str) -> None:
        """A heading inside the section: the next theme, unless it asks how we work."""
        self.finish()
        self.inline, self.named_theme = False, None
        self.story = CASE_STORY.match(heading) is not None
        if about_our_process(heading):
            self.theme = None  # what follows says how the partnership works
        else:
            self.theme = fit(as_title(heading), "theme", self.found.warnings)

    def line(self, line: Line) -> None:
        """Read a paragraph or an item of the section."""
        if signposts(line.text) or ABOUT_THE_BRIEFINGS.match(line.text):
            return
        if self.story and self.theme is not None and line.kind == "paragraph":
            self.message.append(line.text)
            return
        if self.messages and self.theme is not None:
            text = without_bullet(line.text)
            if line.kind == "item" and _whole_sentence(text):
                self._point(text, theme=self.theme)
            else:
                self.message.append(text)
            return
        inline = inline_theme(line.text) if line.kind == "paragraph" else None
        if inline:
            self.theme = fit(as_title(inline[0]), "theme", self.found.warnings)
            self.inline = True
            self._point(inline[1], theme=self.theme)
        elif self.inline and self.found.learning and line.kind == "paragraph":
            why = "the paragraphs after it, under the same theme, continue it"
            self.found.learning[-1] = learning_point_continued(
                self.found.learning[-1], line.text, why
            )
        elif self.theme is not None:
            self._point(line.text, theme=self.theme)
        elif (
            self.named_theme
            and line.kind == "paragraph"
            and self.named_theme.lower() in line.text.lower()
        ):
            self._point(line.text, theme=self.named_theme)

    def finish(self) -> None:
        """End the message being read, if any: all its lines are one point."""
        lines, self.message = self.message, []
        if not lines or self.theme is None:
            return
        point, _ = learning_point_of(
            " ".join(lines),
            at=Reading(theme=self.theme, heading=self.heading),
            matcher=self.matcher,
            previous=None,
        )
        if point is not None:
            detail = "\n\n".join(lines)
            why = (
                "the case's story: every paragraph under its heading is one point"
                if self.story
                else "one message: every line under its heading that is not a message itself"
            )
            self.found.learning_added(
                dataclasses.replace(
                    point, detail=detail, source=detail, reason=f"{point.reason}; {why}"
                )
            )

    def _point(self, paragraph: str, *, theme: str) -> None:
        previous = self.found.learning[-1] if self.found.learning else None
        point, continues = learning_point_of(
            paragraph,
            at=Reading(theme=theme, heading=self.heading),
            matcher=self.matcher,
            previous=previous,
        )
        if point is None:
            return
        if continues:
            self.found.learning[-1] = point
            return
        self.found.learning_added(point)


def listed_learning(
    item: str, *, introduced_by: str, heading: str, matcher: GroupMatcher
) -> ProposedLearningPoint | None:
    """The learning point an item of a list of learning makes ("Key themes identified
    include:" and the themes below it), however short."""
    why = f"an item of the list of learning introduced by “{introduced_by}”"
    return _point_under(
        item, heading=heading, untitled=LISTED_THEME, matcher=matcher, why=why, min_words=1
    )


def asked_in_prose(
    paragraph: str, *, heading: str, matcher: GroupMatcher
) -> ProposedLearningPoint | None:
    """The learning point a paragraph outside key learning makes by advising or
    recommending something, else None."""
    if ASKED.search(paragraph) is None:
        return None
    why = "outside key learning, it advises or recommends"
    return _point_under(
        paragraph, heading=heading, untitled=UNTITLED_THEME, matcher=matcher, why=why
    )


def _point_under(
    text: str,
    *,
    heading: str,
    untitled: str,
    matcher: GroupMatcher,
    why: str,
    min_words: int = MIN_POINT_WORDS,
) -> ProposedLearningPoint | None:
    """The point `text` makes on its own, its theme the heading above it (else
    `untitled`), with `why` added to its reason."""
    theme = fit(as_title(heading), "theme", []) if heading else untitled
    point, _ = learning_point_of(
        text,
        at=Reading(theme=theme, heading=heading),
        matcher=matcher,
        previous=None,
        min_words=min_words,
    )
    if point is None:
        return None
    return dataclasses.replace(point, reason=f"{point.reason}; {why}")
