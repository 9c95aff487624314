"""Background work of assist: the local model reading a document import, so the upload
answers at once and the review screen shows what the model found when it has."""

from typing import Any

from django.tasks import task

from safeguarding.assist import queries
from safeguarding.assist.model_services import embeddings_compute


@task
def document_import_embed(document_id: int) -> dict[str, Any]:
    """Embed a document import's passages, proposals and the records already held, and
    store the embeddings; how many texts there were and how many the model has."""
    document = queries.document_import_for_work(pk=document_id)
    if document is None:
        return {"texts": 0, "embedded": 0}  # discarded and deleted before the worker came
    texts = queries.document_import_texts_to_embed(document=document)
    vectors = embeddings_compute(texts=texts)
    return {"texts": len(texts), "embedded": len(vectors)}
