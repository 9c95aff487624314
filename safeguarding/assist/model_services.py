"""The local model's writes: embeddings computed and stored, once per text and model.

Apart from the document import's services so the background task can use it without
the import's services and the task depending on each other.
"""

from collections.abc import Sequence

from django.db import transaction

from safeguarding.assist import queries
from safeguarding.assist.embeddings import Vector, text_key, vector_bytes
from safeguarding.assist.model import DIMENSION, MODEL_NAME, embedder_load
from safeguarding.assist.models import Embedding


@transaction.atomic
def embeddings_compute(*, texts: Sequence[str]) -> dict[str, Vector]:
    """The local model's embedding of each text: those stored already, and the rest
    computed now and stored. Empty where the model is not installed.

    Embeddings are platform-made and hold no words, so storing them is not an action
    the audit trail records; the records whose words they are, are.
    """
    wanted = list(dict.fromkeys(text for text in texts if text.strip()))
    vectors = queries.embeddings_stored(texts=wanted)
    missing = [text for text in wanted if text not in vectors]
    embedder = embedder_load() if missing else None
    if embedder is None:
        return vectors
    computed = embedder.encode(missing)
    Embedding.objects.bulk_create(
        [
            Embedding(
                text_sha256=text_key(text),
                model_name=MODEL_NAME,
                dimension=DIMENSION,
                vector=vector_bytes(vector),
            )
            for text, vector in zip(missing, computed, strict=True)
        ],
        ignore_conflicts=True,  # another worker may have stored the same text meanwhile
    )
    vectors.update(zip(missing, computed, strict=True))
    return vectors
