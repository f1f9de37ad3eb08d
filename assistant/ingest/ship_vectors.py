"""Maintenance command: write the shipped passage vectors of the default corpus (see `shipped`).

python -m assistant.ingest.ship_vectors       # or: make vectors
"""

from __future__ import annotations

from assistant.ingest.pipeline import ORIGIN_CORPUS, Indexer
from assistant.ingest.shipped import write


def corpus_texts(indexer: Indexer) -> list[str]:
    """The chunk texts of the shipped corpus as `indexer` would index them now."""
    texts: list[str] = []
    for source in indexer.sources():
        if source.origin == ORIGIN_CORPUS:
            texts += [c.text for c in indexer.chunks_for(source, indexer.load(source))]
    return texts


def main() -> None:  # pragma: no cover - a maintenance command
    from assistant.container import Container
    from assistant.settings import Settings

    container = Container(Settings(), "offline")
    texts = corpus_texts(container.indexer)
    path = write(container.embedder, texts, container.settings.knowledge_dir)
    print(f"{path}: {len(set(texts))} vectors")


if __name__ == "__main__":
    main()
