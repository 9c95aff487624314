"""A paragraph under a theme of key learning, read as a learning point.

The owning group is the first group named that is not being reported to ("to the ...
Partnership"), else the group reported to; the expectation is read from that sentence
first, then the whole paragraph, earliest verb first: present progress (asked, not
"provided an update"), monitor (or oversee, or hold oversight: "weak oversight" is a
finding), seek (assurance), promote, encourage and advise, review. A sentence saying
the named group "does not have" something, and asking nothing, asks it to review that
gap. A paragraph naming no group and asking nothing is a point for all partners to
note. The summary is the sentence naming the group, else the one asking, else the first.

A paragraph that names no group, asks for nothing, and opens with a word that points
back ("Furthermore", "This", "These", "However"...) continues the point before it. A line
of fewer than `MIN_POINT_WORDS` words says too little to be a point: it names a session,
a tool or a topic ("Learning from Reviews Toolkit"), and is left out; so is a line ending
in a colon, which leads in to what follows ("…relating to this theme:").
"""

import dataclasses
import re

from safeguarding.assist.importing.golden_thread import golden
from safeguarding.assist.importing.groups import GroupMatcher
from safeguarding.assist.importing.lines import BULLET, sentence_at, split_sentences
from safeguarding.assist.importing.proposal import ProposedLearningPoint
from safeguarding.assist.importing.wording import as_summary, fit
from safeguarding.governance.models import LearningPoint

Expectation = LearningPoint.Expectation

# Earliest match wins; at one place, the first listed.
EXPECTATIONS = (
    # "Provided an update" says what was done; "updates will be brought to" is asked.
    (
        Expectation.PRESENT_PROGRESS,
        r"(?i:\b(?:present|report|provid|giv)(?!ed\b|d\b|en\b)\w*\b[^.]{0,30}?\b(?:progress|updates?)\b"
        r"|\b(?:progress|updates?)\b[^.]{0,30}?\b(?:will|to) be\s+(?:brought|presented|reported"
        r"|provided|given|taken)\b)",
    ),
    # Oversight as something held ("will have oversight"), not a finding ("weak oversight").
    (
        Expectation.MONITOR,
        r"(?i:\b(?:monitor\w*|oversee(?:s|ing)?|keep\w*\b[^.]{0,40}?\bunder review"
        r"|(?:have|has|having|keep\w*|maintain\w*|provid\w*|tak\w*|retain\w*)"
        r"\s+(?:\w+\s+)?oversight)\b)",
    ),
    (Expectation.SEEK_ASSURANCE, r"(?i:\b(?:seek|seeks|seeking|sought)\b(?!\s+to\b)|\bassur\w+)"),
    (
        Expectation.PROMOTE,
        r"(?i:\b(?:promot\w*|encourag\w*|champion\w*|raise awareness|advis(?:e|es|ed|ing))\b)",
    ),
    # As a verb asked for only: "the National Care Review" and "learning from the review"
    # name a report, and "have reviewed" says what was done.
    (
        Expectation.REVIEW,
        r"\b(?:to|will|should|must|shall|would|could|can|may|please|needs? to|asked to)"
        r"\s+(?:also\s+|now\s+|further\s+)?(?:review|evaluate|re-examine)\b"
        r"|^(?:Review|Evaluate)\b|\breview(?:ing)?\s+(?:how|whether|its|their)\b",
    ),
)
GAP = re.compile(r"\b(?:(?:does|do|did) not (?:currently |yet )?have|has no|have no|lacks?)\b")
POINTS_BACK = re.compile(
    r"^(?:Furthermore|Further|Additionally|In addition|Also|Moreover|This|These|It|They|Their"
    r"|Its|However|As a result|Therefore|Similarly|Likewise)\b"
)
# A group that seeks information seeks assurance; "Seek information from partner
# agencies", with no group named, asks a practitioner to, and only assurance is assurance.
SEEKS_ASSURANCE_UNOWNED = r"(?i:\b(?:seek|seeks|seeking|sought)\b[^.]{0,40}?\bassur\w+|\bassur\w+)"
MIN_POINT_WORDS = 6
INLINE_THEME = re.compile(
    r"^(?P<theme>[A-Z][\w'\u2019 ,&/-]{2,80}?)\s+[\u2013\u2014]\s+(?P<rest>[A-Z].+)$"
)
MAX_INLINE_THEME_WORDS = 8
# "How do we review practice and share learning?" asks about the partnership's ways;
# "What have we learned?" and "What did we find?" ask about its learning.
OUR_PROCESS = re.compile(r"\bwe\b", re.IGNORECASE)
OUR_LEARNING = re.compile(r"\b(?:learned|learnt|lessons?|found|find|know|heard)\b", re.I)


@dataclasses.dataclass(frozen=True)
class Reading:
    """Where a paragraph of learning sits: its theme and the heading above the themes."""

    theme: str
    heading: str


def learning_point_of(
    paragraph: str,
    *,
    at: Reading,
    matcher: GroupMatcher,
    previous: ProposedLearningPoint | None,
    min_words: int = MIN_POINT_WORDS,
) -> tuple[ProposedLearningPoint | None, bool]:
    """The learning point `paragraph` makes, and whether it continues `previous` (the
    point returned then replaces it); None when the line is too short to be a point (an
    item of a list of learning may be as short as `min_words`) or leads in to a list."""
    paragraph = without_bullet(paragraph)
    if len(paragraph.split()) < min_words or paragraph.endswith(":"):
        return None, False
    owner = matcher.owner(paragraph)
    sentences = split_sentences(paragraph)
    ask = sentence_at(sentences, owner.start) if owner else None
    expectation, asking = _expectation(ask, paragraph, has_owner=owner is not None)
    if (
        owner is None
        and expectation == Expectation.NOTE
        and previous is not None
        and previous.theme == at.theme
        and POINTS_BACK.match(paragraph)
    ):
        why = "the paragraph after it points back to it"
        return learning_point_continued(previous, paragraph, why), True
    summary = ask or asking or sentences[0]
    reason = f"A paragraph under the theme “{at.theme}” of the heading “{at.heading}”"
    if owner:
        reason += f"; it names {owner.text}, so its owner"
    asks = Expectation(expectation).label.lower()
    reason += f"; what it asks: {asks}" if asking else "; it asks nothing, so all note it"
    point = ProposedLearningPoint(
        theme=at.theme,
        summary=fit(as_summary(summary), "summary", []),
        detail=paragraph,
        group_name=owner.group_name if owner else None,
        named_group_text=owner.text if owner else None,
        expectation=expectation,
        golden_thread=golden(paragraph),
        source=paragraph,
        reason=reason,
    )
    return point, False


def learning_point_continued(
    point: ProposedLearningPoint, paragraph: str, why: str
) -> ProposedLearningPoint:
    """`point` with `paragraph` added to what it says, and `why` to its reason."""
    detail = f"{point.detail}\n\n{paragraph}"
    return dataclasses.replace(
        point,
        detail=detail,
        golden_thread=golden(detail),
        source=f"{point.source}\n\n{paragraph}",
        reason=f"{point.reason}; {why}",
    )


def inline_theme(paragraph: str) -> tuple[str, str] | None:
    """(theme, the rest) of a paragraph that starts with its theme and a dash
    ("Professional curiosity \u2013 This has been a recurring theme…"), else None."""
    found = INLINE_THEME.match(paragraph)
    if found is None or len(found.group("theme").split()) > MAX_INLINE_THEME_WORDS:
        return None
    return found.group("theme"), found.group("rest")


def about_our_process(heading: str) -> bool:
    """Whether a heading asks how the partnership itself works, rather than what it
    learned: a question with "we" in it and nothing of learning found."""
    return (
        heading.rstrip().endswith("?")
        and OUR_PROCESS.search(heading) is not None
        and OUR_LEARNING.search(heading) is None
    )


def learning_point_warnings(point: ProposedLearningPoint) -> list[str]:
    """What the person importing must settle about `point`: a group named that the
    partnership does not have, or an ask with no group to own it."""
    where = f"The learning point under “{point.theme}”"
    if point.named_group_text and point.group_name is None:
        return [
            f"{where} names “{point.named_group_text}”, which is not one of the "
            "partnership's groups: choose the group, or add it first."
        ]
    if point.group_name is None and point.expectation != Expectation.NOTE:
        label = Expectation(point.expectation).label.lower()
        return [f"{where} asks to {label} but names no group: choose one."]
    return []


def without_bullet(paragraph: str) -> str:
    """A line's words without the bullet or number a list item starts with."""
    match = BULLET.match(paragraph)
    return match.group("item") if match else paragraph


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
            if (match := re.search(_unowned(expectation, pattern, has_owner), text))
        ]
        if found:
            start, _, expectation = min(found)
            sentences = split_sentences(text)
            return expectation, sentence_at(sentences, start)
    return Expectation.NOTE, None


def _unowned(expectation: str, pattern: str, has_owner: bool) -> str:
    if expectation == Expectation.SEEK_ASSURANCE and not has_owner:
        return SEEKS_ASSURANCE_UNOWNED
    return pattern
