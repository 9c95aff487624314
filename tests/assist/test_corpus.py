"""The document import corpus: complete, well formed, readable, and scored as its README says."""

import dataclasses
import json
from pathlib import Path

import pytest

from safeguarding.assist.importing import document_text, propose
from safeguarding.governance.models import LearningPoint, PlannedWork
from tests.assist.corpus import build, scoring
from tests.assist.corpus.scoring import Point, Result, Strand, Work

CORPUS = scoring.CORPUS
DOCUMENTS = scoring.documents()
MAX_CORPUS_BYTES = 1_500_000


def test_the_corpus_has_enough_documents_of_each_format_from_different_partnerships() -> None:
    by_format = {
        suffix: [p for p in DOCUMENTS if p.suffix == suffix] for suffix in (".txt", ".docx", ".pdf")
    }
    assert all(len(found) >= 5 for found in by_format.values()), by_format
    partnerships = {scoring.load_expected(path).source["partnership"] for path in DOCUMENTS}
    assert len(partnerships) >= 15


def test_every_document_has_its_expected_result_and_every_expected_result_its_document() -> None:
    for path in DOCUMENTS:
        assert scoring.expected_path(path).is_file(), path.name
    stems = {path.stem for path in DOCUMENTS}
    for expected in CORPUS.glob("*.expected.json"):
        assert expected.name.removesuffix(".expected.json") in stems, expected.name


def test_the_scoring_knows_the_models_codes() -> None:
    assert set(PlannedWork.Kind.values) == scoring.PLANNED_WORK_KINDS
    assert set(LearningPoint.Expectation.values) == scoring.EXPECTATIONS


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_each_expected_result_is_well_formed(path: Path) -> None:
    data = json.loads(scoring.expected_path(path).read_text(encoding="utf-8"))
    assert scoring.problems(data, scoring.group_names()) == []
    assert data["source"]["url"].startswith(("http://", "https://"))


def test_a_badly_formed_expected_result_is_caught() -> None:
    data = json.loads(scoring.expected_path(DOCUMENTS[0]).read_text(encoding="utf-8"))
    data.update(
        priorities=[],
        strands=[{"priority": "Nothing expected", "title": "A strand"}],
        planned_work=[{"title": "A conference", "kind": "party"}],
        learning_points=[
            {"summary": "A point", "owning_group": "No such group", "expectation": "note"}
        ],
    )
    found = scoring.problems(data, scoring.group_names())
    assert len(found) == 3
    assert scoring.problems({**data, "strands": [], "planned_work": [], "learning_points": []}) == [
        "expects nothing: at least one item is needed"
    ]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_the_import_can_read_each_document(path: Path) -> None:
    text = document_text(name=path.name, data=path.read_bytes())
    assert len(text.split()) > 40


def test_the_word_documents_are_what_the_build_script_makes() -> None:
    for document in build.WORD:
        assert (CORPUS / f"{document.name}.docx").read_bytes() == build.word_bytes(document)
    assert {f"{d.name}.pdf" for d in build.PDF} == {p.name for p in DOCUMENTS if p.suffix == ".pdf"}


def test_the_corpus_stays_small() -> None:
    size = sum(path.stat().st_size for path in CORPUS.iterdir() if path.is_file())
    assert size < MAX_CORPUS_BYTES


EXPECTED = Result(
    priorities=("Neglect", "Child Exploitation (including contextual safeguarding)"),
    strands=(Strand("Prevent exploitation", "Child Exploitation"),),
    planned_work=(
        Work("Review the neglect strategy", "audit"),
        Work("Annual safeguarding conference", "event"),
    ),
    learning_points=(
        Point(
            "The Quality Assurance Subgroup will seek assurance",
            "Quality Assurance Subgroup",
            "seek_assurance",
        ),
        Point("Practitioners should share information in a timely way", None, "note"),
    ),
    year="2023-24",
)


def all_scores(score: scoring.Score) -> list[float | None]:
    figures: list[float | None] = []
    for count in score.kinds.values():
        figures += [count.precision, count.recall]
    return [*figures, score.owning_group.value, score.expectation.value, score.work_kind.value]


def test_a_proposal_equal_to_the_expected_result_scores_one_everywhere() -> None:
    score = scoring.score(EXPECTED, EXPECTED)
    assert all_scores(score) == [1.0] * 11
    assert score.year.value == 1.0


def test_every_corpus_expected_result_scores_one_against_itself() -> None:
    for path in DOCUMENTS:
        expected = scoring.load_expected(path).result
        figures = all_scores(scoring.score(expected, expected))
        assert {figure for figure in figures if figure is not None} == {1.0}, path.name


def test_small_changes_of_wording_still_match() -> None:
    proposed = dataclasses.replace(
        EXPECTED,
        priorities=("neglect.", "Child exploitation"),
        planned_work=(Work("Review of the neglect strategy", "audit"), *EXPECTED.planned_work[1:]),
        learning_points=(
            Point(
                "Assurance is needed",
                "quality assurance subgroup",
                "seek_assurance",
                "The Quality Assurance Subgroup will seek assurance. Assurance is needed.",
            ),
            EXPECTED.learning_points[1],
        ),
    )
    assert all_scores(scoring.score(EXPECTED, proposed)) == [1.0] * 11


def test_a_known_miss_scores_less() -> None:
    proposed = Result(
        priorities=("Neglect", "Domestic abuse", "Early help"),  # one found, two wrong
        strands=(Strand("Prevent exploitation", "Neglect"),),  # under the wrong priority
        planned_work=(
            Work("Review the neglect strategy", "development"),  # the wrong kind
            Work("Annual safeguarding conference and a learning week in the spring", "event"),
        ),
        learning_points=(
            Point("The Quality Assurance Subgroup will seek assurance", None, "monitor"),
            Point("Practitioners should share information in a timely way", None, "note"),
        ),
    )
    score = scoring.score(EXPECTED, proposed)
    priorities, strands = score.kinds["priorities"], score.kinds["strands"]
    assert priorities.precision == pytest.approx(1 / 3)
    assert priorities.recall == 0.5
    assert (strands.precision, strands.recall) == (0.0, 0.0)
    assert score.kinds["planned_work"].recall == 0.5
    assert score.work_kind.value == 0.0
    assert score.kinds["learning_points"].recall == 1.0
    assert (score.owning_group.value, score.expectation.value) == (0.5, 0.5)
    assert score.year.value == 0.0


def test_one_proposal_matches_one_expected_item_only() -> None:
    expected = Result(priorities=("Neglect", "Neglect of teenagers"))
    score = scoring.score(expected, Result(priorities=("Neglect",)))
    assert (score.kinds["priorities"].precision, score.kinds["priorities"].recall) == (1.0, 0.5)


def test_a_title_with_its_description_left_on_does_not_match() -> None:
    assert (
        scoring.similarity("Prepare", "Prepare \u2013 strengthen the identification of risk") < 0.8
    )
    assert scoring.similarity("Domestic abuse ( joint with LSAB)", "Domestic Abuse") == 1.0


def test_totals_add_up_the_counts() -> None:
    perfect = scoring.score(EXPECTED, EXPECTED)
    nothing = scoring.score(EXPECTED, Result())
    overall = scoring.total([perfect, nothing])
    assert overall.kinds["priorities"].recall == 0.5
    assert overall.kinds["priorities"].precision == 1.0
    assert nothing.kinds["priorities"].precision is None
    assert overall.owner_of_expected.value == 0.5


# What the rule-based import reached on the corpus when these floors were set: a change
# of rules that loses any of it fails here, and bench/document_import.py shows where.
FLOORS = {
    ("priorities", "precision"): 0.95,
    ("priorities", "recall"): 0.9,
    ("planned_work", "precision"): 0.9,
    ("planned_work", "recall"): 0.65,
    ("learning_points", "precision"): 0.9,
    ("learning_points", "recall"): 0.7,
}


def test_the_rule_based_import_keeps_its_figures_on_the_corpus() -> None:
    groups = scoring.group_names()
    scores = []
    for path in DOCUMENTS:
        proposal = propose(
            document_text(name=path.name, data=path.read_bytes()), group_names=groups
        )
        scores.append(
            scoring.score(scoring.load_expected(path).result, scoring.as_result(proposal))
        )
    overall = scoring.total(scores)
    reached = {
        (kind, measure): getattr(overall.kinds[kind], measure) or 0.0 for kind, measure in FLOORS
    }
    fallen = {key: round(value, 2) for key, value in reached.items() if value < FLOORS[key]}
    assert fallen == {}
    assert (overall.owner_of_expected.value or 0.0) >= 0.65
