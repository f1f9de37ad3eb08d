"""Maintenance command: write the shipped passage vectors of the default corpus, of its chunks' sentences
(sentence-level dense scoring, `retrieval/sentence_vectors.py`) and of its roadmap's tasks (see `shipped`).

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


def roadmap_task_texts(indexer: Indexer) -> list[str]:
    """The texts the reviewer embeds for the shipped roadmap's tasks (`review.roadmap.task_text`), from
    the roadmap's chunks in index order, so a new index of the default corpus embeds no task either."""
    from assistant.retrieval.models import Hit
    from assistant.review.config import load_rules
    from assistant.review.roadmap import extract_tasks, task_text

    rules = load_rules().roadmap
    chunks = [
        chunk
        for source in indexer.sources()
        if source.origin == ORIGIN_CORPUS
        for chunk in indexer.chunks_for(source, indexer.load(source))
        if chunk.kind == rules.kind
    ]
    chunks.sort(key=lambda c: (c.doc_id, c.position, c.id))  # the retriever's order (`find`)
    hits = [Hit.model_validate({**c.model_dump(), "score": 0.0}) for c in chunks]
    tasks, _ = extract_tasks(hits, rules.group_stems)
    return [task_text(t, rules.context) for t in tasks]


def main() -> None:  # pragma: no cover - a maintenance command
    from assistant.container import Container
    from assistant.settings import Settings

    container = Container(Settings(), "offline")
    from assistant.retrieval.sentence_vectors import sentence_texts

    chunks = corpus_texts(container.indexer)
    texts = chunks + sentence_texts(chunks) + roadmap_task_texts(container.indexer)
    path = write(container.embedder, texts, container.settings.knowledge_dir)
    print(f"{path}: {len(set(texts))} vectors")


if __name__ == "__main__":
    main()
