"""Sentence-level dense scoring: the best sentence of a passage decides, as on the lexical side.

A long chunk's vector averages everything it says, so a question about one sentence of it scores low. Each
sentence of each chunk has its own passage vector; a chunk's sentence score is the best cosine of its
sentences with the query, and the chunks ranked by it are one more list in fusion (retrieval/hybrid.py).

Vectors are never computed at search time: the shipped corpus's sentence vectors come with it
(`knowledge/corpus/vectors/`, written by `python -m assistant.ingest.ship_vectors`), and a chunk without
them (an upload, a changed chunker) is represented by its own chunk vector, so it still takes part.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.ingest.chunking import sentences
from assistant.ingest.shipped import lookup


def sentence_texts(texts: list[str]) -> list[str]:
    """The sentences of the chunks that get their own vector (the lexical side's sentence units)."""
    return [s for text in texts for s in sentences(text)]


def build(
    texts: list[str],
    chunk_vectors: dict[int, np.ndarray],
    model: str,
    knowledge_dir: Path,
) -> tuple[np.ndarray, np.ndarray]:
    """(vectors, owner chunk position) of every chunk's shipped sentence vectors; a chunk with none of
    its sentences shipped gets its chunk vector (`chunk_vectors`: position -> vector) instead."""
    rows: list[np.ndarray] = []
    owner: list[int] = []
    for pos, text in enumerate(texts):
        found = [v for v in lookup(model, sentences(text), knowledge_dir) if v is not None]
        if not found and pos in chunk_vectors:
            found = [chunk_vectors[pos]]
        rows.extend(found)
        owner.extend([pos] * len(found))
    if not rows:
        return np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int32)
    return np.vstack(rows).astype(np.float32), np.asarray(owner, dtype=np.int32)


def best_cosine(vectors: np.ndarray, owner: np.ndarray, query: np.ndarray, size: int) -> np.ndarray:
    """Per chunk position, the best cosine of its sentence vectors with the (normalised) query vector;
    -1 for a chunk without any."""
    best = np.full(size, -1.0, dtype=np.float32)
    if len(owner) and vectors.shape[1] == query.shape[0]:
        np.maximum.at(best, owner, vectors @ query.astype(np.float32))
    return best
