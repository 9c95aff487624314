"""Find the partnership's groups where a document names them, however it words them.

A report rarely uses a group's exact name: "the LSCP Risk and Vulnerability Strategic
group" is the "Risk and Vulnerability Subgroup", "Multi Agency Child Exploitation (MACE)
arrangements" the "Multi-Agency Child Exploitation (MACE) arrangements", "the LSCP
Executive" the "Partnership Executive". Names are compared as lower-case words, with
hyphens and punctuation dropped, the partnership's own abbreviation (LSCP, NSCP, LSCB)
read as "partnership", and any committee word (subgroup, sub-group, strategic group,
board, arrangements...) standing for any other. An abbreviation in the group's name, or
one the document defines after a group's full name, counts wherever it appears.

Two names stand for a group without its words. "The (local) safeguarding partners" are
the three statutory partners, whose leaders are the partnership's executive: the group
with "Executive" in its name. The partnership's own abbreviation alone ("the ESCB",
"the LSCP") is the partnership's board: the group whose name is only the partnership's
words and a committee word ("Safeguarding Partnership Board"), where there is one, when
something is brought or reported to it ("updates will be brought to the ESCB"): "the
LSCP completed an audit", "this LSCP briefing" and "the HSCP Engagement Guidance" speak
of the whole partnership or its things. "The Board", "this Board" and the board's full
name ("Stockport Safeguarding Children Board") are that board too. A
group followed by "members" or "partners" names those who sit on it, not the group
acting.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

COMMITTEE_WORDS = frozenset(
    {"subgroup", "group", "board", "committee", "panel", "forum", "arrangements", "arrangement"}
)
# Words that may sit between a group's name and its committee word: "Strategic group".
QUALIFIERS = frozenset({"strategic", "steering", "operational", "reference", "partnership"})
STOPWORDS = frozenset({"and", "of", "the", "for", "in", "on", "to", "&"})
# "Executive" alone is a group only as "the Executive", never "the executive summary".
NOT_AFTER_EXECUTIVE = frozenset(
    {"summary", "director", "directors", "officer", "officers", "team", "lead", "leads"}
)
# A group named after these words is being reported to, not asked to act.
RECIPIENT_WORDS = frozenset({"to", "with", "into", "from", "across", "than"})
PARTNERSHIP_ABBREVIATION = re.compile(r"^[a-z]?s[a-z]?c[pb]$")
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")
NAME_WORD = r"(?:[A-Z][\w\u2019'-]*|\([A-Z]{2,}\))"
CAPITALISED_RUN = re.compile(
    rf"{NAME_WORD}(?:\s+(?:(?:and|of|for|&)\s+)?{NAME_WORD})*"
    r"(?:\s+(?:sub-?group|group|board|committee|forum|panel|arrangements))?"
)
UNKNOWN_ENDINGS = ("subgroup", "sub-group", "group", "board", "committee", "forum", "panel")
LEADING_FILLER = re.compile(r"^(?:(?:The|For|That|A|An|Our|This)\s+)+")
SAFEGUARDING_PARTNERS = re.compile(
    r"\b(?:(?:local|statutory|three|lead)\s+)*safeguarding\s+partners\b(?!hip)", re.IGNORECASE
)
PARTNERSHIP_WORDS = frozenset({"safeguarding", "partnership", "children", "local", "board"})
MEMBERS = re.compile(r"\s+(?:members?|partners)\b")
REPORTED_TO = re.compile(r"\bto\s+(?:the\s+)?$")
# "the Board", "this Board", "the Safeguarding Board", "Stockport Safeguarding Children
# Board": the partnership's own board, however the document names it.
OWN_BOARD = re.compile(
    r"\b(?:(?:the|this|our)\s+(?:Safeguarding\s+)?|(?!(?:The|This|Our|Adults?)\b)[A-Z][a-z]+"
    r"\s+Safeguarding\s+)(?:Children(?:['\u2019]s)?\s+)?(?:Partnership\s+)?Board\b"
)
NAME_FOLLOWS = re.compile(r"\s+[A-Z0-9]")  # "the HSCP Engagement Guidance" names a thing


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int
    original: str


@dataclass(frozen=True)
class Mention:
    """Where a paragraph names a group: `group_name` is None for a group not on the list."""

    group_name: str | None
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Words of `text` as compared for matching, with where each sits in the text."""
    found: list[Token] = []
    for match in WORD.finditer(text):
        original = match.group()
        norm = re.sub(r"['\u2019]s$", "", original.lower())
        if PARTNERSHIP_ABBREVIATION.match(norm):
            norm = "partnership"
        if norm == "group" and found and found[-1].norm == "sub":
            last = found.pop()
            found.append(Token("subgroup", last.start, match.end(), text[last.start : match.end()]))
            continue
        found.append(Token(norm, match.start(), match.end(), original))
    return found


@dataclass(frozen=True)
class _Pattern:
    group_name: str
    core: tuple[str, ...]
    needs_committee_word: bool
    abbreviations: frozenset[str]


def _pattern(name: str) -> _Pattern:
    abbreviations = set(re.findall(r"\(([A-Z][A-Za-z]{1,9})\)", name))
    words = [token.norm for token in tokens(re.sub(r"\([^)]*\)", " ", name))]
    while words and words[0] in {"the", "partnership"} and len(words) > 1:
        words = words[1:]
    needs_committee_word = len(words) > 1 and words[-1] in COMMITTEE_WORDS
    core = tuple(words[:-1] if needs_committee_word else words)
    initials = "".join(word[0] for word in words if word not in STOPWORDS).upper()
    if len(initials) >= 3:
        abbreviations.add(initials)
    return _Pattern(name, core, needs_committee_word, frozenset(abbreviations))


class GroupMatcher:
    """Finds mentions of `group_names` in paragraphs of one document."""

    def __init__(self, group_names: Sequence[str], document: str = "") -> None:
        self.patterns = [_pattern(name) for name in group_names if name.strip()]
        self.abbreviations: dict[str, str] = {
            abbreviation: pattern.group_name
            for pattern in self.patterns
            for abbreviation in pattern.abbreviations
        }
        self.executive = next(
            (pattern.group_name for pattern in self.patterns if "executive" in pattern.core), None
        )
        self.board = next(
            (
                pattern.group_name
                for pattern in self.patterns
                if pattern.needs_committee_word and set(pattern.core) <= PARTNERSHIP_WORDS
            ),
            None,
        )
        # "Full Name (ABBR)" anywhere in the document lets "ABBR" alone name the group later.
        for match in re.finditer(r"\(([A-Z][A-Z0-9]{1,9})\)", document):
            window = document[max(0, match.start() - 200) : match.start()].rstrip()
            named = self._known(window)
            if named and named[-1].end == len(window) and named[-1].group_name:
                self.abbreviations.setdefault(match.group(1), named[-1].group_name)

    def mentions(self, paragraph: str) -> list[Mention]:
        """Every group named in `paragraph`, in order; unknown committee names included."""
        known = self._known(paragraph)
        for match in re.finditer(r"\b[A-Z][A-Z0-9]{2,9}\b", paragraph):
            group_name = self.abbreviations.get(match.group())
            if (
                group_name is None
                and PARTNERSHIP_ABBREVIATION.match(match.group().lower())
                and REPORTED_TO.search(paragraph, 0, match.start())
                and not NAME_FOLLOWS.match(paragraph, match.end())
            ):
                group_name = self.board
            if group_name and not _overlaps(match.start(), match.end(), known):
                known.append(Mention(group_name, match.group(), match.start(), match.end()))
        # Names that stand for a group without its words, where the partnership has it.
        for standing_for, group_name in (
            (OWN_BOARD, self.board),
            (SAFEGUARDING_PARTNERS, self.executive),
        ):
            for match in standing_for.finditer(paragraph) if group_name else ():
                if not _overlaps(match.start(), match.end(), known):
                    known.append(Mention(group_name, match.group(), match.start(), match.end()))
        unknown = [
            mention
            for mention in _unknown(paragraph)
            if not _overlaps(mention.start, mention.end, known)
        ]
        return sorted(known + unknown, key=lambda mention: mention.start)

    def owner(self, paragraph: str) -> Mention | None:
        """The group asked to act: the first one named that is not being reported to."""
        found = self.mentions(paragraph)
        words = tokens(paragraph)
        for mention in found:
            if MEMBERS.match(paragraph, mention.end):
                continue
            before = [w.norm for w in words if w.end <= mention.start][-3:]
            while before and before[-1] in {"the", "partnership", "city"}:
                before.pop()
            if not before or before[-1] not in RECIPIENT_WORDS:
                return mention
        return found[0] if found else None

    def _known(self, text: str) -> list[Mention]:
        words = tokens(text)
        best: list[Mention] = []
        for index in range(len(words)):
            for pattern in self.patterns:
                end = self._match_at(words, index, pattern)
                if end is None:
                    continue
                start = index
                # Keep "LSCP" or "Partnership" with the name, as the document wrote it.
                while (
                    start > 0
                    and words[start - 1].original[:1].isupper()
                    and words[start - 1].norm == "partnership"
                ):
                    start -= 1
                stop = words[end - 1].end
                bracket = re.match(r"\s*\([A-Z][A-Za-z]{1,9}\)", text[stop:])
                if bracket:
                    stop += bracket.end()
                mention = Mention(
                    pattern.group_name, text[words[start].start : stop], words[start].start, stop
                )
                clash = [m for m in best if _overlaps(mention.start, mention.end, [m])]
                if all(len(m.text) < len(mention.text) for m in clash):
                    best = [m for m in best if m not in clash] + [mention]
        return sorted(best, key=lambda mention: mention.start)

    @staticmethod
    def _match_at(words: list[Token], index: int, pattern: _Pattern) -> int | None:
        """The index after the match of `pattern` starting at `index`, or None."""
        core = pattern.core
        if not core or [w.norm for w in words[index : index + len(core)]] != list(core):
            return None
        end = index + len(core)
        # Skip the group's abbreviation and qualifiers: "Exploitation (MACE) arrangements".
        after = end
        while after < len(words) and (
            (words[after].original.isupper() and len(words[after].original) > 1)
            or words[after].norm in QUALIFIERS
        ):
            after += 1
        has_committee_word = after < len(words) and words[after].norm in COMMITTEE_WORDS
        if pattern.needs_committee_word:
            return after + 1 if has_committee_word else None
        if len(core) == 1:
            previous = words[index - 1].norm if index > 0 else ""
            following = words[end].norm if end < len(words) else ""
            if (
                not words[index].original[:1].isupper()
                or previous not in {"the", "partnership"}
                or following in NOT_AFTER_EXECUTIVE
            ):
                return None
        return after + 1 if has_committee_word else end


def _overlaps(start: int, end: int, mentions: Sequence[Mention]) -> bool:
    return any(start < mention.end and mention.start < end for mention in mentions)


def _unknown(paragraph: str) -> list[Mention]:
    """Capitalised names ending in a committee word that match none of the groups."""
    found: list[Mention] = []
    for match in CAPITALISED_RUN.finditer(paragraph):
        text = LEADING_FILLER.sub("", match.group())
        words = text.split()
        if len(words) >= 2 and words[-1].lower() in UNKNOWN_ENDINGS:
            start = match.end() - len(text)
            found.append(Mention(None, text, start, match.end()))
    return found
