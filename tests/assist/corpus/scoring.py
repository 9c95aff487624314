"""Score a document import's proposal against a corpus document's hand-written expected result.

Both sides are a `Result`: priorities, strands, planned work and learning points as plain
values, so that any import method (the rule-based one today, a model-based one later) is
scored the same way once its proposal is turned into one.

Matching. Titles and summaries are normalised (lower case, curly quotes straightened, "&"
read as "and", anything in brackets dropped, punctuation to spaces, spaces collapsed) and
two texts match when their similarity is at least `THRESHOLD` (0.8): the higher of
difflib's ratio and the share of words they have in common (Jaccard). So "Domestic abuse
( joint with LSAB)" matches "Domestic abuse", and a changed word in a long title still
matches, but a title with its description left on ("Prepare - strengthen the
identification of...") does not match "Prepare".

- A priority or planned work matches on its title.
- A strand matches on its title, and only if its priority matches too (or both have none).
- A learning point matches on its summary; it also matches when the expected summary is
  found whole in the proposal's summary and detail (the proposal kept the sentence but
  summarised the point with another one).

Each expected item is matched to at most one proposed item and the other way round, the
most similar pairs first. Precision is matched / proposed and recall matched / expected;
with nothing proposed there is no precision, and with nothing expected no recall (None).
Over matched learning points, the owning group is right when both name the same group
(normalised) or both name none, and the expectation when the codes are equal; over matched
planned work, the kind when the codes are equal. Totals add up the counts over documents
(a micro average), so a document with many items weighs more.
"""

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeguarding.assist.importing import Proposal

THRESHOLD = 0.8
CORPUS = Path(__file__).resolve().parent
DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")
KINDS = ("priorities", "strands", "planned_work", "learning_points")
PLANNED_WORK_KINDS = frozenset({"audit", "event", "legal_duty", "development", "other"})
EXPECTATIONS = frozenset(
    {"seek_assurance", "monitor", "present_progress", "promote", "review", "note"}
)
SOURCE_KEYS = ("partnership", "title", "url", "retrieved")


@dataclass(frozen=True)
class Strand:
    title: str
    priority: str | None


@dataclass(frozen=True)
class Work:
    title: str
    kind: str


@dataclass(frozen=True)
class Point:
    summary: str
    owning_group: str | None
    expectation: str
    detail: str = ""


@dataclass(frozen=True)
class Result:
    priorities: tuple[str, ...] = ()
    strands: tuple[Strand, ...] = ()
    planned_work: tuple[Work, ...] = ()
    learning_points: tuple[Point, ...] = ()
    year: str | None = None


@dataclass(frozen=True)
class Expected:
    name: str  # the document's file name
    source: dict[str, str]
    result: Result


@dataclass
class Count:
    """How many of one kind were expected, proposed and matched."""

    expected: int = 0
    proposed: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None

    def add(self, other: "Count") -> None:
        self.expected += other.expected
        self.proposed += other.proposed
        self.matched += other.matched


@dataclass
class Share:
    """How many of `total` were right."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def add(self, other: "Share") -> None:
        self.right += other.right
        self.total += other.total


@dataclass
class Score:
    kinds: dict[str, Count] = field(default_factory=lambda: {kind: Count() for kind in KINDS})
    owning_group: Share = field(default_factory=Share)  # over matched learning points
    expectation: Share = field(default_factory=Share)  # over matched learning points
    work_kind: Share = field(default_factory=Share)  # over matched planned work
    owner_of_expected: Share = field(default_factory=Share)  # over all expected points
    year: Share = field(default_factory=Share)

    def add(self, other: "Score") -> None:
        for kind in KINDS:
            self.kinds[kind].add(other.kinds[kind])
        self.owning_group.add(other.owning_group)
        self.expectation.add(other.expectation)
        self.work_kind.add(other.work_kind)
        self.owner_of_expected.add(other.owner_of_expected)
        self.year.add(other.year)


def normalise(text: str | None) -> str:
    if not text:
        return ""
    text = text.casefold().translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    text = text.replace("&", " and ")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^\w']+|'(?!\w)|(?<!\w)'", " ", text)
    return " ".join(text.split())


def similarity(first: str | None, second: str | None) -> float:
    a, b = normalise(first), normalise(second)
    if not a or not b:
        return 1.0 if a == b else 0.0
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    words_a, words_b = set(a.split()), set(b.split())
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    return max(ratio, jaccard)


def matches[E, P](
    expected: Sequence[E], proposed: Sequence[P], how_alike: Callable[[E, P], float]
) -> list[tuple[int, int]]:
    """Pairs (expected index, proposed index), one-to-one, most alike first, at THRESHOLD."""
    scored = sorted(
        (
            (-alike, e, p)
            for e, wanted in enumerate(expected)
            for p, found in enumerate(proposed)
            if (alike := how_alike(wanted, found)) >= THRESHOLD
        ),
    )
    taken_e: set[int] = set()
    taken_p: set[int] = set()
    pairs = []
    for _, e, p in scored:
        if e not in taken_e and p not in taken_p:
            taken_e.add(e)
            taken_p.add(p)
            pairs.append((e, p))
    return sorted(pairs)


def _strand_alike(wanted: Strand, found: Strand) -> float:
    same_priority = (wanted.priority is None and found.priority is None) or similarity(
        wanted.priority, found.priority
    ) >= THRESHOLD
    return similarity(wanted.title, found.title) if same_priority else 0.0


def _point_alike(wanted: Point, found: Point) -> float:
    kept = normalise(wanted.summary) in normalise(f"{found.summary} {found.detail}")
    return max(similarity(wanted.summary, found.summary), 1.0 if kept else 0.0)


def score(expected: Result, proposed: Result) -> Score:
    """How well `proposed` matches `expected`, by the rules in this module's docstring."""
    result = Score()
    pairs_by_kind: dict[str, list[tuple[int, int]]] = {
        "priorities": matches(expected.priorities, proposed.priorities, similarity),
        "strands": matches(expected.strands, proposed.strands, _strand_alike),
        "planned_work": matches(
            expected.planned_work, proposed.planned_work, lambda e, p: similarity(e.title, p.title)
        ),
        "learning_points": matches(
            expected.learning_points, proposed.learning_points, _point_alike
        ),
    }
    for kind, pairs in pairs_by_kind.items():
        result.kinds[kind] = Count(
            len(getattr(expected, kind)), len(getattr(proposed, kind)), len(pairs)
        )
    for e, p in pairs_by_kind["planned_work"]:
        result.work_kind.total += 1
        result.work_kind.right += expected.planned_work[e].kind == proposed.planned_work[p].kind
    result.owner_of_expected.total = len(expected.learning_points)
    for e, p in pairs_by_kind["learning_points"]:
        wanted, found = expected.learning_points[e], proposed.learning_points[p]
        owner_right = normalise(wanted.owning_group) == normalise(found.owning_group)
        result.owning_group.total += 1
        result.owning_group.right += owner_right
        result.owner_of_expected.right += owner_right
        result.expectation.total += 1
        result.expectation.right += wanted.expectation == found.expectation
    result.year = Share(int(expected.year == proposed.year), 1)
    return result


def total(scores: Iterable[Score]) -> Score:
    overall = Score()
    for one in scores:
        overall.add(one)
    return overall


def documents(folder: Path = CORPUS) -> list[Path]:
    """The corpus's documents, in name order."""
    return sorted(path for path in folder.iterdir() if path.suffix in DOCUMENT_SUFFIXES)


def expected_path(document: Path) -> Path:
    return document.with_name(f"{document.stem}.expected.json")


def problems(data: Any, group_names: Sequence[str] = ()) -> list[str]:
    """What is wrong with an expected result's JSON, or [] when it is well formed."""
    found: list[str] = []
    if not isinstance(data, dict):
        return ["not a JSON object"]
    source = data.get("source")
    if not isinstance(source, dict) or any(
        not isinstance(source.get(key), str) or not source[key] for key in SOURCE_KEYS
    ):
        found.append(f"source must give {', '.join(SOURCE_KEYS)}")
    year = data.get("year")
    if year is not None and not (isinstance(year, str) and re.fullmatch(r"20\d\d-\d\d", year)):
        found.append(f"year {year!r} is not like 2023-24 or null")
    for kind in KINDS:
        if not isinstance(data.get(kind), list):
            found.append(f"{kind} must be a list")
    if found:
        return found
    lists: dict[str, list[Any]] = {kind: data[kind] for kind in KINDS}
    if not any(lists.values()):
        found.append("expects nothing: at least one item is needed")
    for title in lists["priorities"]:
        if not isinstance(title, str) or not title.strip():
            found.append(f"priority {title!r} is not a title")
    for strand in lists["strands"]:
        if not _has_text(strand, "title") or not _has_text(strand, "priority"):
            found.append(f"strand {strand!r} needs a title and a priority")
        elif not any(similarity(strand["priority"], p) >= THRESHOLD for p in lists["priorities"]):
            found.append(f"strand {strand['title']!r} belongs to no expected priority")
    for work in lists["planned_work"]:
        if not _has_text(work, "title") or work.get("kind") not in PLANNED_WORK_KINDS:
            found.append(f"planned work {work!r} needs a title and a valid kind")
    for point in lists["learning_points"]:
        if not _has_text(point, "summary") or point.get("expectation") not in EXPECTATIONS:
            found.append(f"learning point {point!r} needs a summary and a valid expectation")
        elif point.get("owning_group") is not None and point["owning_group"] not in group_names:
            found.append(f"owning group {point['owning_group']!r} is not one of the groups")
    return found


def _has_text(item: Any, key: str) -> bool:
    return isinstance(item, dict) and isinstance(item.get(key), str) and bool(item[key].strip())


def result_from_json(data: dict[str, Any]) -> Result:
    return Result(
        priorities=tuple(data["priorities"]),
        strands=tuple(Strand(s["title"], s["priority"]) for s in data["strands"]),
        planned_work=tuple(Work(w["title"], w["kind"]) for w in data["planned_work"]),
        learning_points=tuple(
            Point(p["summary"], p.get("owning_group"), p["expectation"])
            for p in data["learning_points"]
        ),
        year=data.get("year"),
    )


def load_expected(document: Path) -> Expected:
    data = json.loads(expected_path(document).read_text(encoding="utf-8"))
    return Expected(document.name, data["source"], result_from_json(data))


def group_names(folder: Path = CORPUS) -> list[str]:
    """The fixed list of typical group names every method is given."""
    names = json.loads((folder / "groups.json").read_text(encoding="utf-8"))
    assert isinstance(names, list)
    return [str(name) for name in names]


def as_result(proposal: "Proposal") -> Result:
    """A document import's proposal as the plain values the scoring compares."""
    return Result(
        priorities=tuple(priority.title for priority in proposal.priorities),
        strands=tuple(Strand(s.title, s.priority_title) for s in proposal.strands),
        planned_work=tuple(Work(w.title, str(w.kind)) for w in proposal.planned_work),
        learning_points=tuple(
            Point(p.summary, p.group_name, str(p.expectation), p.detail)
            for p in proposal.learning_points
        ),
        year=proposal.year_label,
    )
