"""Hybrid search: dense (Chroma) + BM25 over chunks and over their sentences (bm25s), fused by weighted
reciprocal rank fusion, with a preference for the documents a question names and a per-document cap.

Fusion happens here and only here. Four ranked lists are fused: dense cosine of the chunk, dense cosine of
its best sentence (retrieval/sentence_vectors.py), BM25 of the chunk with its title and heading path, and
BM25 of the chunk's best sentence (so one precise sentence in a long chunk is not diluted). A question
that names a document ("pohjassa", "the roadmap", "Soiten") adds a bonus to that document's passages
and a fifth list, its own passages ranked by their best sentence's cosine; otherwise no document holds
more than `max_hits_per_document` of the top hits. A relevance floor drops candidates that neither method
finds relevant; when nothing is left the result is empty and carries the reason, instead of returning
noise.
"""

from __future__ import annotations

import shutil
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embeddings.base import NamedEmbeddings
from assistant.i18n import load_catalog
from assistant.ingest.models import Chunk
from assistant.ingest.pipeline import lexical_text
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.answer_type import quantity_first
from assistant.retrieval.answerability import Answerability
from assistant.retrieval.documents import diverse, load_aliases, own_passages
from assistant.retrieval.fusion import lexical_scale, matched_share
from assistant.retrieval.lexical import LexicalIndex, index_folder, prune
from assistant.retrieval.models import Hit, Mode, Ranked, SearchResult
from assistant.retrieval.sentence_vectors import best_cosine
from assistant.retrieval.sentence_vectors import build as build_sentence_vectors
from assistant.settings import Settings
from assistant.vectorstore.chroma import ChromaStore

QUERY_VECTOR_CACHE_SIZE = 1024


def _where(kinds: Sequence[str] | None, doc_ids: Sequence[str] | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if kinds:
        clauses.append({"kind": {"$in": list(kinds)}})
    if doc_ids:
        clauses.append({"doc_id": {"$in": list(doc_ids)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _ranked(scores: np.ndarray, allowed: np.ndarray | None, n: int) -> list[int]:
    """Positions of the n best positive scores (ties by position, so every process ranks alike)."""
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    order = np.lexsort((np.arange(len(scores)), -scores))[:n]
    return [int(i) for i in order if scores[i] > 0]


class HybridRetriever(Answerability):
    def __init__(
        self,
        store: ChromaStore,
        embeddings: NamedEmbeddings,
        settings: Settings,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.store = store
        self.embeddings = embeddings
        self.settings = settings
        self.analyzer = analyzer or Analyzer(settings.knowledge_dir, settings.morphology)
        self.aliases = load_aliases(settings.knowledge_dir, self.analyzer)
        self._corpus: LexicalIndex | None = None
        self._lock = threading.Lock()
        # Query vectors by query text: the drafting engine asks the same hint and proposal queries for
        # every user, and embedding is most of a search's cost. Bounded LRU; the model never changes.
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._vectors_lock = threading.Lock()
        self._warm = False  # warm_up done: the app's pre-warm and its first page share one

    # --- the lexical index follows the store's version ---------------------------------------
    def _index_root(self) -> Path:
        return self.settings.data_dir / "lexical"

    def _load_corpus(self) -> LexicalIndex:
        version = self.store.version()
        corpus = self._corpus
        if corpus is not None and corpus.version == version:
            return corpus
        with self._lock:
            if self._corpus is not None and self._corpus.version == version:
                return self._corpus
            folder = index_folder(self._index_root(), self._store_key(), version, self.analyzer.signature)
            loaded = LexicalIndex.load(folder)
            if loaded is None or loaded.version != version:
                if folder.exists():  # complete (written by rename) yet unreadable: replace it
                    shutil.rmtree(folder, ignore_errors=True)
                loaded = self._build(version)
                try:
                    loaded.save(folder)
                    prune(self._index_root(), folder)
                except OSError:  # a read-only data folder: search from memory
                    pass
            self._corpus = loaded
            return loaded

    def _store_key(self) -> str:
        s = self.settings
        where = f"{s.chroma_host}:{s.chroma_port}" if s.chroma_host else "embedded"
        return f"{where}/{self.store.name}/{self.store.embedding_model}"

    def _build(self, version: str) -> LexicalIndex:
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        tokens: list[list[str]] = []
        # A fixed order (the store's own order differs between the writing process and a reader),
        # so ties break the same way everywhere.
        records = sorted(
            self.store.iter_all(),
            key=lambda r: (str(r.metadata.get("doc_id", "")), int(r.metadata.get("position", 0)), r.id),
        )
        for rec in records:
            chunk = Chunk.model_validate({"id": rec.id, "text": rec.text, **_chunk_fields(rec.metadata)})
            ids.append(rec.id)
            texts.append(rec.text)
            metas.append(rec.metadata)
            tokens.append(self.analyzer.index_tokens(lexical_text(chunk)))
        index = LexicalIndex.build(version, ids, texts, metas, tokens, self.analyzer.index_tokens)
        chunk_vectors = self.store.get_embeddings(ids) if ids else {}
        by_position = {n: chunk_vectors[i] for n, i in enumerate(ids) if i in chunk_vectors}
        index.sentence_vectors, index.sentence_vector_chunk = build_sentence_vectors(
            texts, by_position, self.embeddings.name, self.settings.knowledge_dir
        )
        return index

    def passage(self, chunk_id: str) -> Hit | None:
        """One indexed chunk as a hit (score 0), e.g. to cite a known source."""
        corpus = self._load_corpus()
        if chunk_id not in corpus.position:
            return None
        return self._hit(corpus, chunk_id, 0.0, None, None, None)

    def find(self, **metadata: str) -> list[Hit]:
        """Indexed chunks whose metadata equal the given values (no search), e.g. target="Resurssit"."""
        corpus = self._load_corpus()
        return [
            self._hit(corpus, i, 0.0, None, None, None)
            for i, meta in zip(corpus.ids, corpus.metas, strict=True)
            if all(meta.get(k) == v for k, v in metadata.items())
        ]

    @property
    def hint_floor(self) -> float:
        """The cosine a passage needs to be shown as a drafting hint (Settings.hint_min_dense)."""
        return self.settings.hint_min_dense

    def idf(self, stem: str) -> float:
        """Inverse document frequency of an analysed term in the current index (0 when unknown)."""
        return self._load_corpus().idf(stem)

    def warm_up(self) -> None:
        """Load models and the lexical index now (app start-up), not on the first question; once."""
        if self._warm:
            return
        self._load_corpus()
        self.embeddings.embed_query_vector("lämmittely")
        self._warm = True

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding (of `Analyzer.embedding_text`: a Swedish or English question with its
        glossary terms' Finnish words), from a bounded LRU cache (the same text gives the same vector)."""
        with self._vectors_lock:
            cached = self._vectors.get(query)
            if cached is not None:
                self._vectors.move_to_end(query)
                return cached
        vector = self.embeddings.embed_query_vector(self.analyzer.embedding_text(query))
        vector.setflags(write=False)  # shared between callers
        with self._vectors_lock:
            self._vectors[query] = vector
            while len(self._vectors) > QUERY_VECTOR_CACHE_SIZE:
                self._vectors.popitem(last=False)
        return vector

    # --- methods ---------------------------------------------------------------------------------
    def _dense(self, vector: np.ndarray, n: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        return self.store.query(vector, n, where)

    def _missing_dense(self, ids: list[str], vectors: list[np.ndarray]) -> dict[str, float]:
        """Cosine of lexical-only candidates (vectors are normalised), the best over the query vectors."""
        if not ids:
            return {}
        got = self.store.get_embeddings(ids)
        return {i: max(float(np.dot(v, q)) for q in vectors) for i, v in got.items()}

    # --- search ----------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 5,
        *,
        kinds: Sequence[str] | None = None,
        doc_ids: Sequence[str] | None = None,
        mode: Mode = "hybrid",
        language: str = "fi",
        apply_floor: bool = True,
        query_vector: np.ndarray | None = None,
        refuse_unknown: bool = True,
    ) -> SearchResult:
        """`query_vector` may be passed when the same query is searched several times (e.g. with
        different filters), to embed it once. `refuse_unknown=False`: a query the engine composes itself
        (a target's name and examples, to ground proposals) is judged by the relevance floor alone, not
        by the answerability decision for people's questions (retrieval/answerability.py)."""
        catalog = load_catalog(language)
        query = query.strip()
        if not query:
            return SearchResult(query=query, hits=[], reason=catalog.t("search.empty_query"))
        corpus = self._load_corpus()
        if not corpus.ids:
            return SearchResult(query=query, hits=[], reason=catalog.t("search.empty_index"))
        ranked = self._rank(query, k, kinds, doc_ids, mode, query_vector, corpus)
        if apply_floor:
            candidates = self.floored(ranked, k, corpus, people=refuse_unknown)
        else:
            candidates = diverse(
                ranked.candidates, corpus, k, self.settings.max_hits_per_document, ranked.named
            )
        hits = [
            self._hit(
                corpus,
                i,
                ranked.fused[i],
                ranked.dense.get(i),
                ranked.bm25.get(i),
                ranked.coverage.get(i),
            )
            for i in candidates[:k]
        ]
        reason = None if hits else self.refusal_reason(ranked, corpus, catalog, floor=apply_floor)
        return SearchResult(query=query, hits=hits, reason=reason)

    def rank_question(self, query: str, k: int = 5) -> Ranked:
        """A person's question ranked over the whole corpus (hybrid), before the floor."""
        return self._rank(query.strip(), k, None, None, "hybrid", None, self._load_corpus())

    def _rank(
        self,
        query: str,
        k: int,
        kinds: Sequence[str] | None,
        doc_ids: Sequence[str] | None,
        mode: Mode,
        query_vector: np.ndarray | None,
        corpus: LexicalIndex,
    ) -> Ranked:
        """Every candidate of the four lists in fused order, with the scores the floor reads."""
        s = self.settings
        n = max(s.retrieval_candidates, k)
        vector = None
        if mode != "bm25":
            vector = query_vector if query_vector is not None else self.query_vector(query)
        where = _where(kinds, doc_ids)
        vectors = [vector] if vector is not None else []
        dense = self._dense(vector, n, where) if vector is not None else []
        # Another process may have added chunks not yet published by a version bump: not searchable yet.
        dense = [(i, score) for i, score in dense if i in corpus.position]

        allowed = None
        if kinds or doc_ids:
            allowed = np.array(
                [
                    (not kinds or m.get("kind") in kinds) and (not doc_ids or m.get("doc_id") in doc_ids)
                    for m in corpus.metas
                ]
            )
        chunk_bm25 = best_sentence = coverage_all = None
        lexical: list[int] = []
        sentence_ranked: list[int] = []
        if mode != "dense":
            chunk_bm25, best_sentence, coverage_all = corpus.search(self.analyzer.search_tokens(query))
            lexical = _ranked(chunk_bm25, allowed, n)
            sentence_ranked = _ranked(best_sentence, allowed, n)

        dense_score = dict(dense)
        ids = corpus.ids
        bm25_score = {ids[p]: float(chunk_bm25[p]) for p in lexical} if chunk_bm25 is not None else {}
        coverage = (
            {ids[p]: float(coverage_all[p]) for p in {*lexical, *sentence_ranked}}
            if coverage_all is not None
            else {}
        )
        best = None
        if vector is not None and len(corpus.sentence_vector_chunk):
            best = best_cosine(corpus.sentence_vectors, corpus.sentence_vector_chunk, vector, len(ids))
        # Documents the question names (by kind or title words) are preferred and not capped, and their
        # own passages are ranked among themselves by their best sentence (a short passage of a small
        # named document is then a candidate even when no corpus-wide list reaches it).
        docs = {str(m.get("doc_id", "")): str(m.get("kind", "")) for m in corpus.metas}
        named = self.aliases.named(self.analyzer, query, docs) if s.named_document_bonus else set()
        within: list[int] = []
        if named and len(named) < len(docs) and best is not None and s.named_document_weight:
            within = own_passages(named, corpus.metas, allowed, best, n)
        if vectors:
            lexical_ids = {ids[p] for p in (*lexical, *sentence_ranked, *within)}
            dense_score.update(self._missing_dense([i for i in lexical_ids if i not in dense_score], vectors))

        crosslingual = self.analyzer.detect_language(query) != "fi"
        fused: dict[str, float] = {}
        if mode in ("hybrid", "dense"):
            for rank, (i, _) in enumerate(dense):
                fused[i] = fused.get(i, 0.0) + s.dense_weight / (s.rrf_k + rank + 1)
        if mode in ("hybrid", "bm25"):
            scale = 1.0
            if mode == "hybrid" and crosslingual:  # as much as the query's words are known (fusion.py)
                share = matched_share((u[0] for u in self.analyzer.query_units(query)), corpus.idf)
                scale = lexical_scale(share, s.lexical_match_exponent)
            for weight, ranked in (
                (s.bm25_weight * scale, lexical),
                (s.sentence_weight * scale, sentence_ranked),
            ):
                for rank, p in enumerate(ranked):
                    fused[ids[p]] = fused.get(ids[p], 0.0) + weight / (s.rrf_k + rank + 1)

        sentence_dense: dict[str, float] = {}
        if best is not None:
            top = _ranked(np.maximum(best, 0.0), allowed, n)
            sentence_dense = {ids[p]: float(best[p]) for p in top}
            if s.sentence_dense_weight:
                for rank, p in enumerate(top):
                    fused[ids[p]] = fused.get(ids[p], 0.0) + s.sentence_dense_weight / (s.rrf_k + rank + 1)
        for rank, p in enumerate(within):
            sentence_dense.setdefault(ids[p], float(best[p]) if best is not None else 0.0)
            fused[ids[p]] = fused.get(ids[p], 0.0) + s.named_document_weight / (s.rrf_k + rank + 1)
        if named and len(named) < len(docs):
            bonus = s.named_document_bonus / (s.rrf_k + 1)
            for i in fused:
                if corpus.metas[corpus.position[i]].get("doc_id") in named:
                    fused[i] += bonus

        candidates = sorted(fused, key=lambda i: (-fused[i], i))
        head = candidates[: s.answer_type_rerank]
        order = quantity_first(
            query, [corpus.texts[corpus.position[i]] for i in head], self.analyzer, corpus.idf
        )
        if order is not None:  # "how many": passages holding a number by the question's terms first
            candidates = [head[n] for n in order] + candidates[len(head) :]
        return Ranked(
            query,
            mode,
            crosslingual,
            candidates,
            fused,
            dense_score,
            sentence_dense,
            bm25_score,
            coverage,
            named,
            vector,
        )

    def _hit(
        self,
        corpus: LexicalIndex,
        chunk_id: str,
        score: float,
        dense: float | None,
        bm25: float | None,
        coverage: float | None,
    ) -> Hit:
        pos = corpus.position[chunk_id]
        meta = corpus.metas[pos]
        return Hit(
            id=chunk_id,
            text=corpus.texts[pos],
            doc_id=str(meta.get("doc_id", "")),
            title=str(meta.get("title", "")),
            kind=str(meta.get("kind", "")),
            section=str(meta.get("section", "")),
            page=meta.get("page"),
            target=meta.get("target"),
            area=meta.get("area"),
            score=round(score, 6),
            dense_score=None if dense is None else round(dense, 4),
            bm25_score=None if bm25 is None else round(bm25, 4),
            bm25_coverage=None if coverage is None else round(coverage, 4),
        )


_CHUNK_FIELDS = set(Chunk.model_fields) - {"id", "text"}


def _chunk_fields(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k in _CHUNK_FIELDS}
