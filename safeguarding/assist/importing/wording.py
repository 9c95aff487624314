"""The wording `propose` gives what it takes from a document: tidied, ended and fitted.

A document's text is kept as its author wrote it, except its punctuation. A mark with a
space before it loses the space (not one starting a number: ".5"); a mark written twice
(",,", "::", "..", but not an ellipsis "...") is written once; a comma, colon or semicolon
before a full stop, question or exclamation mark is dropped; a full stop after a question
or exclamation mark is dropped (", ." becomes ".", ". ." becomes ".").

Titles (priorities, strands, planned work) and themes neither start nor end with a full
stop, comma, colon or semicolon, nor end with a dash or a list joiner ("; and"). A
learning point's summary ends without a full stop, comma, colon or semicolon, as
summaries typed on the platform do: the annual report adds the full stop after each
summary, so one kept from the document would be printed twice ("seen.."). A question or
exclamation mark is kept, since dropping it would change what is said.

Text longer than its model field is cut at a word and ends in "…", with any punctuation
before the cut taken off first (never ",…").
"""

import re

# The model's field lengths, so a proposal can be saved as it stands.
LIMITS = {"priority": 200, "strand": 300, "planned work": 400, "theme": 200, "summary": 300}

# Not before a mark that starts a word or number: ".5", ".docx".
SPACE_BEFORE_MARK = re.compile(r"\s+(?=[,.;:!?](?!\w))")
REPEATED = re.compile(r"([,;:!?])(?:\s*\1)+")
MIXED_PAUSES = re.compile(r"([,;:])(?:\s*[,;:])+")
TWO_STOPS = re.compile(r"(?<!\.)\.\.(?!\.)")
PAUSE_BEFORE_END = re.compile(r"[,;:]+(?=[.!?])")
STOP_AFTER_END = re.compile(r"([!?])\.+")
TITLE_EDGES = re.compile(r"^[\s.;,:]+|(?:[\s.;,:]+|\s+(?:and|or)|\s+[-\u2013\u2014])+$")
SUMMARY_END = re.compile(r"[\s.;,:]+$")


def tidy(text: str) -> str:
    """`text` with single spaces and no doubled punctuation, by the rules above."""
    text = " ".join(text.split())
    text = SPACE_BEFORE_MARK.sub("", text)
    text = REPEATED.sub(r"\1", text)
    text = MIXED_PAUSES.sub(r"\1", text)
    text = PAUSE_BEFORE_END.sub("", text)
    text = STOP_AFTER_END.sub(r"\1", text)
    return TWO_STOPS.sub(".", text)


def as_title(text: str) -> str:
    """A list item or heading as a title or theme: tidied, nothing trailing or leading."""
    return TITLE_EDGES.sub("", tidy(text))


def as_summary(sentence: str) -> str:
    """A sentence as a learning point's summary: tidied, without its closing full stop."""
    return SUMMARY_END.sub("", tidy(sentence))


def fit(text: str, what: str, warnings: list[str]) -> str:
    """`text` cut to the length of the field for `what`, saying so in `warnings` if cut."""
    limit = LIMITS[what]
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" .,;:") + "…"
    warnings.append(f"A {what} was longer than {limit} characters and was shortened: “{cut}”.")
    return cut
