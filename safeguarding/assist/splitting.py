"""Where an item's words divide in two, for splitting it on the review screen."""

import re

# The end of a sentence: a stop, perhaps a closing quote, then a capital or a number.
SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*(\s+)(?=[\"\u201c\u2018(]?[A-Z0-9])")
# What joins the first part to the second, left at the end of the first when cut there.
TRAILING_JOIN = re.compile(r"(?:[\s,;:\u2013\u2014-]+|\s+(?:and|or|but))+$", re.IGNORECASE)


def split_at_words(text: str, words: str) -> tuple[str, str] | None:
    """`text` in two where `words` first start (not at its start), matched in any case."""
    found = re.compile(re.escape(" ".join(words.split())), re.IGNORECASE).search(text, 1)
    return parts_of(text[: found.start()], text[found.start() :]) if found else None


def split_where_joined(text: str) -> tuple[str, str] | None:
    """`text` in two at the end of its first sentence, else at "; ", else at " and "."""
    if found := SENTENCE_END.search(text):
        return parts_of(text[: found.start(1)], text[found.end() :])
    for joint in ("; ", " and "):
        if (start := text.find(joint)) > 0:
            return parts_of(text[:start], text[start + len(joint) :])
    return None


def parts_of(first: str, second: str) -> tuple[str, str] | None:
    """The two parts tidied (the joining word or mark left off, the second starting with
    a capital), or None when either is left empty."""
    first = TRAILING_JOIN.sub("", first.strip())
    second = second.strip(" ,;:")
    if not first or not second:
        return None
    return first, second[0].upper() + second[1:]
