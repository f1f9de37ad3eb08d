"""The lexical index: BM25 (bm25s) over chunks and over their sentences, persisted beside the vector index.

Two BM25 indexes share one analyser: one over each chunk with its title and heading path, one over each
sentence of each chunk (the best sentence scores its chunk). Query coverage (the share of the query's IDF
mass a chunk matches) is the lexical relevance signal of the floor.

The index, with the chunk texts and metadata it was built from, is saved under
`<data_dir>/lexical/<key>/`, keyed by the collection, the store's version and the analyser, so a process
loads it instead of reading the whole collection and re-analysing it; a new version (another process
changed the index) gives a new key and a rebuild. Writes go to a temporary folder renamed into place, so a
reader never sees half an index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.ingest.chunking import sentences
from assistant.retrieval.empty_headings import empty_group_lines

if TYPE_CHECKING:  # bm25s (and SciPy under it, about 0.4 s) is imported when an index is built or loaded
    import bm25s

FORMAT = 2  # bump when what is saved or how it is analysed changes
K1, B = 1.2, 0.75


_NOTHING = "\x00"  # the one token of an index with no words (bm25s needs a vocabulary); never queried


def _bm25(docs: list[list[str]]) -> bm25s.BM25:
    import bm25s

    index = bm25s.BM25(k1=K1, b=B, method="lucene")
    if not any(docs):  # an empty index, or chunks with no words or no sentences
        docs = [[_NOTHING]]
    index.index(docs, show_progress=False)
    return index


@dataclass
class LexicalIndex:
    version: str
    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]
    chunks: bm25s.BM25
    sentences: bm25s.BM25
    sentence_chunk: np.ndarray  # sentence unit -> chunk position
    # Dense sentence vectors (retrieval/sentence_vectors.py) and their chunk positions.
    sentence_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    sentence_vector_chunk: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    def __post_init__(self) -> None:
        self.position = {i: n for n, i in enumerate(self.ids)}
        indptr = self.chunks.scores["indptr"]
        n = len(self.ids)
        self._df = {
            t: int(indptr[v + 1] - indptr[v])
            for t, v in self.chunks.vocab_dict.items()
            if t and t != _NOTHING
        }
        self._idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in self._df.items() if df}
        self._unknown_idf = math.log(1 + (n + 0.5) / 0.5) if n else 1.0
        # Headings with nothing under them (roadmap groups whose tables were lost), by chunk position.
        self.empty_headings = empty_group_lines(self.texts, self.metas)
        self._sentence_tokens: dict[int, list[frozenset[str]]] = {}

    def sentence_tokens(self, position: int, tokenize: Any) -> list[frozenset[str]]:
        """The analysed tokens of each sentence of a chunk (analysed once per chunk, then kept)."""
        found = self._sentence_tokens.get(position)
        if found is None:
            found = [frozenset(tokenize(s)) for s in sentences(self.texts[position], min_chars=1)]
            self._sentence_tokens[position] = found
        return found

    # --- building ------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        version: str,
        ids: list[str],
        texts: list[str],
        metas: list[dict[str, Any]],
        chunk_tokens: list[list[str]],
        tokenize: Any,
    ) -> LexicalIndex:
        sent_tokens: list[list[str]] = []
        owner: list[int] = []
        for pos, text in enumerate(texts):
            for sentence in sentences(text):
                tokens = tokenize(sentence)
                if tokens:
                    sent_tokens.append(tokens)
                    owner.append(pos)
        return cls(
            version,
            ids,
            texts,
            metas,
            _bm25(chunk_tokens),
            _bm25(sent_tokens),
            np.asarray(owner, dtype=np.int32),
        )

    # --- scoring -------------------------------------------------------------------------------
    def knows(self, term: str) -> bool:
        """The analysed term occurs in some chunk."""
        return term in self._df

    def mentions(self, positions: list[int], term: str) -> bool:
        """Some of the chunks at these positions (their text, title or heading path) holds the term."""
        v = self.chunks.vocab_dict.get(term)
        if v is None or term == _NOTHING:
            return False
        indptr, indices = self.chunks.scores["indptr"], self.chunks.scores["indices"]
        return bool(np.isin(indices[indptr[v] : indptr[v + 1]], positions).any())

    def idf(self, term: str) -> float:
        return self._idf.get(term, 0.0)

    def _scores(self, index: bm25s.BM25, terms: list[str], size: int) -> np.ndarray:
        token_ids = [index.vocab_dict[t] for t in terms if t in index.vocab_dict and t and t != _NOTHING]
        if not token_ids or not self.ids:
            return np.zeros(size, dtype=np.float32)
        return np.asarray(index.get_scores_from_ids(token_ids), dtype=np.float32)[:size]

    def search(self, query: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per chunk: BM25 score, best-sentence BM25 score, coverage of the query's IDF mass."""
        terms = list(dict.fromkeys(query))
        n = len(self.ids)
        chunk = self._scores(self.chunks, terms, n)
        best = np.zeros(n, dtype=np.float32)
        if len(self.sentence_chunk):
            sent = self._scores(self.sentences, terms, len(self.sentence_chunk))
            np.maximum.at(best, self.sentence_chunk, sent)
        coverage = np.zeros(n, dtype=np.float32)
        total = sum(self._idf.get(t, self._unknown_idf) for t in terms) or 1.0
        indptr, indices = self.chunks.scores["indptr"], self.chunks.scores["indices"]
        for t in terms:
            v = self.chunks.vocab_dict.get(t)
            if v is None or t not in self._idf:
                continue
            docs = indices[indptr[v] : indptr[v + 1]]
            coverage[docs[docs < n]] += self._idf[t] / total
        return chunk, best, coverage

    # --- persistence ---------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            self.chunks.save(str(tmp / "chunks"), show_progress=False)
            self.sentences.save(str(tmp / "sentences"), show_progress=False)
            np.save(tmp / "sentence_chunk.npy", self.sentence_chunk)
            np.save(tmp / "sentence_vectors.npy", self.sentence_vectors)
            np.save(tmp / "sentence_vector_chunk.npy", self.sentence_vector_chunk)
            corpus = {"format": FORMAT, "version": self.version, "ids": self.ids, "texts": self.texts}
            corpus["metas"] = self.metas
            (tmp / "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
            try:
                os.rename(tmp, folder)  # atomic; fails when another process saved it first
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The saved index, or None when it is absent, of another format or unreadable."""
        import bm25s

        try:
            corpus = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
            if corpus.get("format") != FORMAT:
                return None
            chunks = bm25s.BM25.load(str(folder / "chunks"), show_progress=False, verbosity=0)
            sents = bm25s.BM25.load(str(folder / "sentences"), show_progress=False, verbosity=0)
            owner = np.load(folder / "sentence_chunk.npy")
            vectors = np.load(folder / "sentence_vectors.npy")
            vector_owner = np.load(folder / "sentence_vector_chunk.npy")
        except (OSError, ValueError, KeyError):
            return None
        return cls(
            corpus["version"],
            corpus["ids"],
            corpus["texts"],
            corpus["metas"],
            chunks,
            sents,
            owner,
            vectors,
            vector_owner,
        )


def index_folder(root: Path, collection: str, version: str, signature: str) -> Path:
    """Where the lexical index of one version of a collection is saved."""
    key = hashlib.sha256(f"{collection}\x1f{signature}\x1f{FORMAT}".encode()).hexdigest()[:12]
    return root / f"{key}-{version}"


def prune(root: Path, keep: Path) -> None:
    """Drop indexes of older versions of the same collection (best effort: a reader may hold one)."""
    prefix = keep.name.rsplit("-", 1)[0] + "-"
    for old in root.glob(f"{prefix}*"):
        if old != keep:
            with contextlib.suppress(OSError):
                shutil.rmtree(old)
