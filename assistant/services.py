"""Wiring: build the components from settings. Callers own the objects (no module-level singletons)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.embeddings import NamedEmbeddings, embeddings_from_settings
from assistant.ingest.pipeline import Indexer
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import Settings
from assistant.vectorstore.chroma import ChromaStore, make_client


@dataclass
class KnowledgeBase:
    settings: Settings
    embeddings: NamedEmbeddings
    store: ChromaStore
    indexer: Indexer
    retriever: HybridRetriever


def build_store(settings: Settings, embeddings: NamedEmbeddings, recreate: bool = False) -> ChromaStore:
    client = make_client(settings.chroma_dir, settings.chroma_host, settings.chroma_port)
    return ChromaStore(client, settings.chroma_collection, embeddings.name, embeddings.dim, recreate=recreate)


def build_knowledge_base(
    settings: Settings, embeddings: NamedEmbeddings | None = None, *, rebuild: bool = False
) -> KnowledgeBase:
    """`rebuild=True` drops the existing index first (e.g. after changing the embedding model)."""
    embeddings = embeddings or embeddings_from_settings(settings)
    store = build_store(settings, embeddings, recreate=rebuild)
    return KnowledgeBase(
        settings=settings,
        embeddings=embeddings,
        store=store,
        indexer=Indexer(settings, store, embeddings),
        retriever=HybridRetriever(store, embeddings, settings),
    )
