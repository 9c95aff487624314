"""What a heading says about the priorities around it, for `propose`.

- "Priority One" alone gives its priority's title on the next line (`PRIORITY_ALONE`).
- An item referring to priorities by number ("Focus on Priorities 1 (Early Help) and 2")
  says what work serves priorities already listed, and is not one (`PRIORITY_REFERENCE`).
- A heading naming adults and not children ("Adult's Priority Areas" of a joint board)
  lists another partnership's priorities (`adults_only`).
- A short heading straight under the priorities' heading may be a priority's title, but
  never one that opens a part of a page ("Introduction", "Our values") or names what
  runs through the priorities (`may_title_a_priority`), nor the ambitions or aims set
  beside them. A strands word in it ("Families First Social Care Reforms") does not stop
  it, if two more capitalised words name something of its own (`names_its_own`).
- Two titles name the same priority when their words are the same (`same_words`); a
  heading names a priority when its significant words are all among the priority's
  (`significant_words`), "priority", "plan", "work" and the like set aside.
"""

import re

from safeguarding.assist.importing.groups import tokens
from safeguarding.assist.importing.lead_ins import NOT_PRIORITIES, NUMBERS

PRIORITY_ALONE = re.compile(
    r"^priority\s+(?:\d{1,2}|" + "|".join(NUMBERS) + r")\s*[:.]?$", re.IGNORECASE
)
PRIORITY_REFERENCE = re.compile(r"\bpriorit(?:y|ies)\s+\d", re.IGNORECASE)
ADULTS = re.compile(r"\badult", re.IGNORECASE)
CHILDREN = re.compile(r"\b(?:child\w*|young people|famil\w*)", re.IGNORECASE)
NOT_TITLES = re.compile(
    r"^(?:introduction|background|overview|summary|contents|vision|values|our vision"
    r"|our values|purpose|context|foreword|structure|membership|contact us|our ambitions?"
    r"|ambitions?|our aims|aims)\b",
    re.IGNORECASE,
)
MAX_SUBHEADING_WORDS = 8
GENERIC_WORDS = frozenset({"priority", "our", "plan", "work", "year", "area", "for", "the"})
LINKING_WORDS = frozenset({"and", "of", "in", "to", "a", "an"})


STRANDS_WORDS = re.compile(r"\b(?:reforms?|strands?|work ?streams?)\b", re.IGNORECASE)


def names_its_own(heading: str) -> bool:
    """Whether a heading with a strands word names something of its own besides it."""
    rest = STRANDS_WORDS.sub(" ", heading).split()
    return sum(1 for word in rest if word[:1].isupper()) >= 2


def adults_only(heading: str) -> bool:
    """Whether `heading` names adults and not children."""
    return ADULTS.search(heading) is not None and CHILDREN.search(heading) is None


def may_title_a_priority(heading: str) -> bool:
    """Whether a short heading under the priorities' heading may be a priority's title."""
    return not (
        heading.endswith("?")
        or len(heading.split()) > MAX_SUBHEADING_WORDS
        or NOT_TITLES.match(heading)
        or NOT_PRIORITIES.search(heading)
    )


def same_words(text: str) -> str:
    """`text` as the words two titles must share to be the same: lower case, no marks."""
    return " ".join(token.norm for token in tokens(text))


def significant_words(text: str) -> set[str]:
    """The words of `text` that name what it is about, plurals made singular."""
    words = {token.norm for token in tokens(text) if not token.norm.isdigit()}
    return {
        word[:-1] if word.endswith("s") and len(word) > 3 else word
        for word in words - GENERIC_WORDS
        if word not in LINKING_WORDS
    }


def priority_named_by(heading: str, titles: list[str]) -> str | None:
    """The first of the priorities' `titles` that `heading` names, by its words."""
    words = significant_words(heading)
    for title in titles:
        if words and words <= significant_words(title):
            return title
    return None
