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

Messages from a meeting. A document that says it gives the key messages of a board's
meeting ("Key messages from the March meeting of the Board", "Things you should know")
writes one message under each heading, in as many paragraphs and lists as it needs: all
of a heading's lines are one point, whose summary is what it asks ("Future updates will
be brought to the Board"), else its first sentence.

Asked in prose. Outside key learning, a sentence that advises or recommends ("It is
advised for secondary settings to…", "The overall commentary was for local safeguarding
partners to review…") is a learning point under the heading above it; "partners were
asked to review…" says what was asked and done, and is not.
"""

import dataclasses
import re

from safeguarding.assist.importing.findings import Findings
from safeguarding.assist.importing.groups import GroupMatcher
from safeguarding.assist.importing.learning import (
    Reading,
    about_our_process,
    inline_theme,
    learning_point_continued,
    learning_point_of,
)
from safeguarding.assist.importing.lines import BULLET, TITLE_PART, Line
from safeguarding.assist.importing.proposal import ProposedLearningPoint
from safeguarding.assist.importing.wording import as_title, fit

MESSAGES = re.compile(
    r"\b(?:key )?messages from (?:the |our |a )?[^.]{0,60}?\b(?:meeting|board|partnership"
    r"|executive)\b|\bthings you should know\b|\bheadlines from (?:the |our )?[^.]{0,60}?"
    r"\bmeeting\b",
    re.IGNORECASE,
)
ASKED = re.compile(
    r"\bit is (?:strongly |also )?(?:advised|recommended|suggested)\b"
    r"|\b(?:commentary|recommendation|advice|ask|message|expectation) (?:was|is) for\b",
    re.IGNORECASE,
)
UNTITLED_THEME = "Key messages"


def gives_messages(text: str) -> bool:
    """Whether a document's title, or the paragraph below it, says it gives the key
    messages of a meeting."""
    return MESSAGES.search(text) is not None


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

    def theme_heading(self, heading: str) -> None:
        """A heading inside the section: the next theme, unless it asks how we work."""
        self.finish()
        self.inline, self.named_theme = False, None
        if about_our_process(heading):
            self.theme = None  # what follows says how the partnership works
        else:
            self.theme = fit(as_title(heading), "theme", self.found.warnings)

    def line(self, line: Line) -> None:
        """Read a paragraph or an item of the section."""
        if self.messages and self.theme is not None:
            match = BULLET.match(line.text)
            self.message.append(match.group("item") if match else line.text)
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
            why = "a message from the meeting: every line under its heading is one point"
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


def asked_in_prose(
    paragraph: str, *, heading: str, matcher: GroupMatcher
) -> ProposedLearningPoint | None:
    """The learning point a paragraph outside key learning makes by advising or
    recommending something, else None."""
    if ASKED.search(paragraph) is None:
        return None
    theme = fit(as_title(heading), "theme", []) if heading else UNTITLED_THEME
    point, _ = learning_point_of(
        paragraph, at=Reading(theme=theme, heading=heading), matcher=matcher, previous=None
    )
    if point is None:
        return None
    why = "outside key learning, it advises or recommends"
    return dataclasses.replace(point, reason=f"{point.reason}; {why}")
