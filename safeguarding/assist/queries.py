"""Every read assist's pages need, through the visible-to querysets in permissions.py."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from safeguarding.accounts.models import User
from safeguarding.assist.embeddings import Vector, text_key, vector_of
from safeguarding.assist.importing.lines import Line, read_lines
from safeguarding.assist.importing.proposal import Proposal
from safeguarding.assist.importing.stored import ProposalUnreadable, proposal_from_json
from safeguarding.assist.model import MODEL_NAME
from safeguarding.assist.models import DocumentImport, Embedding
from safeguarding.assist.permissions import document_imports_visible_to
from safeguarding.assist.repeats import Held, Proposed, Repeat, repeats_found
from safeguarding.governance.models import LearningPoint, PartnershipYear, PlannedWork, Priority


def document_imports_recent(*, user: User, limit: int = 20) -> QuerySet[DocumentImport]:
    """The documents read most recently, newest first, for the upload page."""
    imports = document_imports_visible_to(user).select_related("created_by", "year")
    return imports[:limit]


def document_import_get(*, user: User, pk: int) -> DocumentImport:
    """One document import this person may open; 404 for any other."""
    return get_object_or_404(document_imports_visible_to(user).select_related("year"), pk=pk)


def document_import_for_work(*, pk: int) -> DocumentImport | None:
    """A document import for background work, which acts for no one; None once gone."""
    return DocumentImport.objects.filter(pk=pk).first()


def year_labelled(label: str) -> PartnershipYear | None:
    """The year a document names, if the partnership has one called that."""
    return PartnershipYear.objects.filter(label=label).first() if label else None


def document_passages(*, document: DocumentImport) -> list[Line]:
    """The document as the review screen shows it beside the proposals: its headings, list
    items and paragraphs in order, without page furniture, each of which a person can
    turn into a priority, planned work or a learning point."""
    return read_lines(document.text)


def embeddings_stored(*, texts: Iterable[str]) -> dict[str, Vector]:
    """The local model's stored embedding of each of `texts` that has one."""
    wanted: dict[str, list[str]] = {}
    for text in texts:
        if text.strip():
            wanted.setdefault(text_key(text), []).append(text)
    stored = Embedding.objects.filter(model_name=MODEL_NAME, text_sha256__in=list(wanted))
    found: dict[str, Vector] = {}
    for row in stored.only("text_sha256", "vector", "dimension"):
        vector = vector_of(row.vector, row.dimension)
        found.update((text, vector) for text in wanted[row.text_sha256])
    return found


def records_held() -> list[Held]:
    """The priorities, planned work and learning points the partnership holds, in every
    year, as document import compares its proposals with them."""
    held = [
        Held("priorities", title, year)
        for title, year in Priority.objects.values_list("title", "year__label")
    ]
    held += [
        Held("planned_work", title, year)
        for title, year in PlannedWork.objects.values_list("title", "year__label")
    ]
    held += [
        Held("learning_points", summary, year)
        for summary, year in LearningPoint.objects.values_list("summary", "year__label")
    ]
    return held


def proposed_items(proposal: Proposal) -> list[Proposed]:
    """A proposal's priorities, planned work and learning points, as repeats compares them."""
    return (
        [Proposed("priorities", i, item.title) for i, item in enumerate(proposal.priorities)]
        + [Proposed("planned_work", i, item.title) for i, item in enumerate(proposal.planned_work)]
        + [
            Proposed("learning_points", i, item.summary)
            for i, item in enumerate(proposal.learning_points)
        ]
    )


def document_import_texts_to_embed(*, document: DocumentImport) -> list[str]:
    """Every text the local model reads for a document import: its passages, what it
    proposes, and what the partnership already holds, each once."""
    texts = [line.text for line in read_lines(document.text)]
    texts += [item.text for item in _proposed_of(document)]
    texts += [record.text for record in records_held()]
    return list(dict.fromkeys(text for text in texts if text.strip()))


def document_import_repeats(*, proposal: Proposal) -> dict[tuple[str, int], Repeat]:
    """Which items of a document's proposal repeat a record already held: by their words
    always, and by their meaning once the background task has stored the embeddings."""
    proposed = proposed_items(proposal)
    held = records_held()
    vectors = embeddings_stored(texts=[item.text for item in proposed] + [r.text for r in held])
    return repeats_found(proposed, held, vectors)


def document_import_embedded(*, proposal: Proposal) -> bool:
    """Whether the local model has read everything a document's proposal holds."""
    texts = {item.text for item in proposed_items(proposal) if item.text.strip()}
    return len(embeddings_stored(texts=texts)) == len(texts)


def _proposed_of(document: DocumentImport) -> list[Proposed]:
    try:
        return proposed_items(proposal_from_json(document.proposal))
    except ProposalUnreadable:
        return []  # the review screen reports the unreadable proposal itself
