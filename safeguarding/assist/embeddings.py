"""Embeddings as the platform keeps them: keyed by their text's hash, stored as bytes,
compared by cosine similarity. Nothing here reads or writes the database: queries.py
reads stored embeddings, services.py stores new ones, tasks.py computes them in the
background."""

import hashlib
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from safeguarding.assist.model import DIMENSION

type Vector = npt.NDArray[np.float32]


def text_key(text: str) -> str:
    """The key a text's embedding is kept under: the SHA-256 of its words, spaces made single."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def vector_bytes(vector: Vector) -> bytes:
    """A vector as stored: little-endian 32-bit floats."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_of(stored: bytes | memoryview, dimension: int = DIMENSION) -> Vector:
    """A stored vector read back."""
    vector: Vector = np.frombuffer(bytes(stored), dtype="<f4").astype(np.float32)
    if vector.shape != (dimension,):
        raise ValueError(f"A stored embedding has {vector.size} numbers, not {dimension}")
    return vector


def similarity(first: Vector, second: Vector) -> float:
    """Cosine similarity of two of the model's vectors (which are of unit length)."""
    return float(np.dot(first, second))


def nearest(
    text: str, candidates: Iterable[str], vectors: Mapping[str, Vector]
) -> list[tuple[float, str]]:
    """`candidates` by how close each is to `text`, closest first; those without a vector
    (or when `text` has none) are left out."""
    if text not in vectors:
        return []
    found = [
        (similarity(vectors[text], vectors[candidate]), candidate)
        for candidate in candidates
        if candidate in vectors
    ]
    return sorted(found, key=lambda pair: -pair[0])
