"""The local model's embeddings: stored once per text and model, computed in the
background for a document import, matching groups a document names in other words, and
finding proposals that repeat what the partnership already holds."""

from collections.abc import Callable, Iterator
from datetime import date

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.assist import model, model_services, queries, services
from safeguarding.assist.embeddings import text_key, vector_bytes, vector_of
from safeguarding.assist.importing.stored import proposal_from_json
from safeguarding.assist.models import DocumentImport, Embedding
from safeguarding.assist.tasks import document_import_embed
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from safeguarding.governance.models import PartnershipYear, Priority
from tests.pages import page, text

pytestmark = pytest.mark.django_db

GROUP_IN_OTHER_WORDS = (
    "Key learning\n\n"
    "Performance\n\n"
    "The Practice Learning Subgroup will seek assurance that partners share their "
    "early help data each quarter.\n"
)


@pytest.fixture
def embedder() -> model.Embedder:
    loaded = model.embedder_load()
    if loaded is None:
        pytest.skip(f"the local model is not installed here: {model.embedder_status()}")
    return loaded


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(services, "embedder_load", lambda: None)
    monkeypatch.setattr(model_services, "embedder_load", lambda: None)
    monkeypatch.setattr(services, "embedder_status", lambda: "The local model is not installed")
    yield


@pytest.fixture
def performance_groups(db: None) -> list[PartnershipGroup]:
    return [
        factories.group("Learning and Improvement Subgroup"),
        factories.group("Education Reference Group", PartnershipGroup.Kind.REFERENCE_GROUP),
        factories.group("Partnership Executive", PartnershipGroup.Kind.EXECUTIVE),
    ]


def document_read(people: dict[str, User], text: str, *, name: str) -> DocumentImport:
    """A document read by the business unit's service call, as an upload makes it."""
    return services.document_import_read(
        actor=people[Role.BUSINESS_UNIT], name=name, data=text.encode()
    )


def upload(client: Client, name: str, text: str) -> DocumentImport:
    response = client.post(
        reverse("assist:import"), {"document": SimpleUploadedFile(name, text.encode())}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return DocumentImport.objects.get(original_name=name)


def test_a_text_is_embedded_once_per_model_and_read_back_the_same(
    embedder: model.Embedder,
) -> None:
    texts = ["Neglect", "Domestic abuse", "Neglect"]
    first = model_services.embeddings_compute(texts=texts)
    assert set(first) == {"Neglect", "Domestic abuse"}
    assert Embedding.objects.count() == 2
    again = model_services.embeddings_compute(texts=["  Neglect ", "Neglect"])
    assert Embedding.objects.count() == 2  # the same words, however spaced, are one text
    assert np.allclose(again["Neglect"], embedder.encode(["Neglect"])[0], atol=1e-6)
    stored = queries.embeddings_stored(texts=["Neglect", "Transitions"])
    assert list(stored) == ["Neglect"]
    assert Embedding.objects.get(text_sha256=text_key("Neglect")).model_name == model.MODEL_NAME


def test_an_embedding_of_another_model_is_never_read_as_this_ones() -> None:
    Embedding.objects.create(
        text_sha256=text_key("Neglect"),
        model_name="another-model",
        dimension=model.DIMENSION,
        vector=vector_bytes(np.ones(model.DIMENSION, dtype=np.float32)),
    )
    assert queries.embeddings_stored(texts=["Neglect"]) == {}


def test_a_stored_vector_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="has 3 numbers, not 384"):
        vector_of(np.ones(3, dtype="<f4").tobytes())


def test_without_the_model_nothing_is_embedded_and_nothing_fails(no_model: None) -> None:
    assert model_services.embeddings_compute(texts=["Neglect"]) == {}
    assert Embedding.objects.count() == 0


def test_an_upload_books_the_model_to_read_it_in_the_background(
    client_as: Callable[[str], Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        document = upload(client_as(Role.BUSINESS_UNIT), "plan.txt", "Priorities\n• Neglect\n")
    booked = DBTaskResult.objects.get(task_path="safeguarding.assist.tasks.document_import_embed")
    assert booked.args_kwargs["args"] == [document.pk]
    assert booked.status == "READY"


def test_the_background_task_stores_what_the_review_screen_compares(
    embedder: model.Embedder, people: dict[str, User]
) -> None:
    text = "Priorities\n\u2022 Tackling neglect\n\u2022 Transitions"
    document = document_read(people, text, name="plan.txt")
    assert not queries.document_import_embedded(proposal=proposal_from_json(document.proposal))
    result = document_import_embed.call(document.pk)
    # The heading and the two items as passages, and the two priorities proposed.
    assert result == {"texts": 5, "embedded": 5}
    assert queries.document_import_embedded(proposal=proposal_from_json(document.proposal))
    assert document_import_embed.call(10**9) == {"texts": 0, "embedded": 0}


def test_a_group_named_in_other_words_is_matched_by_the_model(
    embedder: model.Embedder, people: dict[str, User], performance_groups: object
) -> None:
    document = document_read(people, GROUP_IN_OTHER_WORDS, name="learning.txt")
    (point,) = proposal_from_json(document.proposal).learning_points
    assert point.named_group_text == "Practice Learning Subgroup"
    assert point.group_name == "Learning and Improvement Subgroup"
    assert "the local model reads “Practice Learning Subgroup”" in point.reason
    assert not any(
        "not one of the partnership's groups" in w for w in document.proposal["warnings"]
    )


def test_without_the_model_the_rules_stand_and_the_proposal_says_so(
    no_model: None, people: dict[str, User], performance_groups: object
) -> None:
    document = document_read(people, GROUP_IN_OTHER_WORDS, name="learning.txt")
    proposal = proposal_from_json(document.proposal)
    assert proposal.learning_points[0].group_name is None
    assert any(
        w.startswith("The local model is not installed, so groups named in other words")
        for w in proposal.warnings
    )


def test_a_name_the_model_cannot_place_is_left_for_a_person(
    embedder: model.Embedder, people: dict[str, User], performance_groups: object
) -> None:
    text = GROUP_IN_OTHER_WORDS.replace("Practice Learning Subgroup", "Community Safety Board")
    document = document_read(people, text, name="learning.txt")
    (point,) = proposal_from_json(document.proposal).learning_points
    assert point.named_group_text == "Community Safety Board"
    assert point.group_name is None


def test_proposals_repeating_what_is_held_are_found_by_words_then_by_meaning(
    embedder: model.Embedder, people: dict[str, User]
) -> None:
    year = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    Priority.objects.create(year=year, position=0, title="Neglect")
    Priority.objects.create(year=year, position=1, title="Domestic violence and abuse")
    text = "Priorities\n\u2022 neglect.\n\u2022 Domestic abuse\n\u2022 Transitions\n"
    document = document_read(people, text, name="plan.txt")
    before = queries.document_import_repeats(proposal=proposal_from_json(document.proposal))
    assert {key: repeat.similarity for key, repeat in before.items()} == {("priorities", 0): None}
    assert (
        before[("priorities", 0)].message
        == "This is the same as “Neglect”, already held in 2025-26."
    )
    document_import_embed.call(document.pk)
    after = queries.document_import_repeats(proposal=proposal_from_json(document.proposal))
    assert set(after) == {("priorities", 0), ("priorities", 1)}
    assert after[("priorities", 1)].held.text == "Domestic violence and abuse"
    assert after[("priorities", 1)].message.startswith("This is much like “Domestic violence")


def test_the_review_screen_marks_repeats_and_says_what_the_model_is_doing(
    embedder: model.Embedder, client_as: Callable[[str], Client]
) -> None:
    year = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    Priority.objects.create(year=year, position=0, title="Neglect")
    Priority.objects.create(year=year, position=1, title="Domestic violence and abuse")
    client = client_as(Role.BUSINESS_UNIT)
    document = upload(
        client,
        "plan.txt",
        "Priorities\n\u2022 Neglect\n\u2022 Domestic abuse\n\u2022 Transitions\n",
    )
    review = reverse("assist:import-review", args=[document.pk])
    before = page(client.get(review))
    notice = before.select_one("#model-notice")
    assert notice is not None
    assert "The local model is still reading this document" in text(notice)
    warnings = [text(w) for w in before.select("#proposals .govuk-warning-text__text")]
    same = "Warning (priority 1): This is the same as “Neglect”, already held in 2025-26."
    assert warnings == [same]
    document_import_embed.call(document.pk)
    after = page(client.get(review))
    assert after.select_one("#model-notice") is None
    warnings = [text(w) for w in after.select("#proposals .govuk-warning-text__text")]
    assert warnings == [
        same,
        "Warning (priority 2): This is much like “Domestic violence and abuse”, already held "
        "in 2025-26.",
    ]


def test_without_the_model_the_review_screen_says_repeats_are_found_by_words_only(
    no_model: None, client_as: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from safeguarding.assist import views

    monkeypatch.setattr(views, "embedder_load", lambda: None)
    monkeypatch.setattr(views, "embedder_status", lambda: "The local model is not installed")
    client = client_as(Role.BUSINESS_UNIT)
    document = upload(client, "plan.txt", "Priorities\n\u2022 Neglect\n")
    shown = page(client.get(reverse("assist:import-review", args=[document.pk])))
    notice = shown.select_one("#model-notice")
    assert notice is not None
    assert text(notice) == (
        "The local model is not installed: repeats are found by the same words only."
    )


HEADINGS_WITHOUT_SECTION_WORDS = (
    "Our plan\n\n"
    "Areas of focus\n"
    "\u2022 Neglect\n"
    "\u2022 Exploitation outside the home\n\n"
    "What we will do\n"
    "\u2022 Audit of strategy discussions\n\n"
    "Our values\n"
    "\u2022 Respectful challenge\n"
)


def test_headings_with_no_section_words_are_read_by_their_meaning(
    embedder: model.Embedder, people: dict[str, User]
) -> None:
    document = document_read(people, HEADINGS_WITHOUT_SECTION_WORDS, name="plan.txt")
    proposal = proposal_from_json(document.proposal)
    assert [p.title for p in proposal.priorities] == ["Neglect", "Exploitation outside the home"]
    assert [w.title for w in proposal.planned_work] == ["Audit of strategy discussions"]
    assert proposal.planned_work[0].reason.startswith(
        "An item of the list under the heading “What we will do”, which the local model "
        "reads as planned work"
    )
    # The typical headings and the three read are stored for the next document.
    assert len(queries.embeddings_stored(texts=["Areas of focus", "Our values"])) == 2


def test_without_the_model_such_headings_start_nothing(
    no_model: None, people: dict[str, User]
) -> None:
    document = document_read(people, HEADINGS_WITHOUT_SECTION_WORDS, name="plan.txt")
    proposal = proposal_from_json(document.proposal)
    assert proposal.priorities == [] and proposal.planned_work == []
