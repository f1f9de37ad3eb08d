"""Passage vectors of the shipped corpus, computed once when the corpus changes and shipped beside it.

The first index build of a new installation embeds the five default documents (about 200 chunks) with the
same model and the same chunk texts on every machine: 35–60 s of CPU on two cores for a result that is
known in advance. `knowledge/corpus/vectors/<model>.npz` holds those vectors, keyed by a hash of the model
name and the chunk text, and `embed` takes a vector from it when the text and model match exactly;
anything else (an upload, a changed chunker, another model) is embedded as usual. A stale file is never
wrong, only slower. Regenerate it after changing the corpus or the chunker:

    python -m assistant.ingest.ship_vectors       # writes knowledge/corpus/vectors/<model>.npz
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.embeddings.base import NamedEmbeddings

SUBDIR = Path("corpus") / "vectors"


def _key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def vectors_path(knowledge_dir: Path, model: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model)
    return knowledge_dir / SUBDIR / f"{safe}.npz"


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError):
        return {}  # unreadable: embed as usual
    return {str(k): v for k, v in zip(keys, vectors, strict=True)}


def embed(embeddings: NamedEmbeddings, texts: list[str], knowledge_dir: Path) -> np.ndarray:
    """(n, dim) float32 passage vectors of `texts`: shipped ones where they exist, the rest embedded."""
    shipped = _load(vectors_path(knowledge_dir, embeddings.name))
    keys = [_key(embeddings.name, t) for t in texts]
    missing = [i for i, k in enumerate(keys) if k not in shipped or shipped[k].shape != (embeddings.dim,)]
    if len(missing) == len(texts):
        return embeddings.embed_passages(texts)
    out = np.empty((len(texts), embeddings.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        if key in shipped:
            out[i] = shipped[key]
    if missing:
        out[missing] = embeddings.embed_passages([texts[i] for i in missing])
    return out


def lookup(model: str, texts: list[str], knowledge_dir: Path) -> list[np.ndarray | None]:
    """The shipped vector of each text (None where there is none): no embedding."""
    shipped = _load(vectors_path(knowledge_dir, model))
    return [shipped.get(_key(model, t)) for t in texts]


def coverage(embeddings_name: str, texts: list[str], knowledge_dir: Path) -> float:
    """Share of `texts` with a shipped vector (1.0: the first build embeds none of them)."""
    shipped = _load(vectors_path(knowledge_dir, embeddings_name))
    return sum(_key(embeddings_name, t) in shipped for t in texts) / len(texts) if texts else 1.0


def write(embeddings: NamedEmbeddings, texts: list[str], knowledge_dir: Path) -> Path:
    """Embed `texts` and write them as the shipped vectors of `embeddings`' model (texts already in the
    file keep their vector: the same model and text give the same vector)."""
    path = vectors_path(knowledge_dir, embeddings.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    unique = sorted(set(texts))
    vectors = embed(embeddings, unique, knowledge_dir).astype(np.float32)  # the file's own are reused
    keys = np.array([_key(embeddings.name, t) for t in unique])
    with path.open("wb") as fh:
        np.savez_compressed(fh, keys=keys, vectors=vectors)
    _load.cache_clear()
    return path
