"""Which documents a question names: by the per-document and per-kind alias words in knowledge/corpus.yaml,
and the kind cues there (writing or filling in the plan points to the template).

A question that says "pohjassa", "the template" or "vägkartan" is about that document; the retriever then
prefers its passages and does not cap them for diversity. Words are compared on Snowball stems of whole
words (Finnish, Swedish and English stems all tried), phrases word by word in order; a long one-word alias
also with one slip ("vägkartn").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.datafile import read_yaml
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.labels import one_slip

ALIAS_SLIP_LENGTH = 7  # a one-word alias this long is recognised with one slip ("vägkartn")

if TYPE_CHECKING:  # the lexical index (bm25s, scipy) only for type checks: the aliases need neither
    import numpy as np

    from assistant.retrieval.lexical import LexicalIndex

_WORD = re.compile(r"[0-9a-zåäöéü]+", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentAliases:
    by_doc: dict[str, tuple[tuple[str, ...], ...]]  # doc_id -> alias phrases as stem sequences
    by_kind: dict[str, tuple[tuple[str, ...], ...]]
    exceptions: frozenset[str] = frozenset()  # surface words that never name a document
    cues: dict[str, tuple[tuple[str, ...], ...]] | None = None  # kind -> words that point to it (not names)
    context: frozenset[str] = frozenset()  # stems of names every document is about (the country)

    def stems(self, docs: set[str] | None = None) -> frozenset[str]:
        """Every alias word's stem (words that name a known document are known names); with `docs`,
        those of these documents' own aliases only. The context names are always among them: a question
        about "the Finnish template" is about no other country's."""
        if docs is None:
            phrases = [*self.by_doc.values(), *self.by_kind.values()]
        else:
            phrases = [self.by_doc.get(d, ()) for d in docs]
        return frozenset(w for group in phrases for phrase in group for w in phrase) | self.context

    def named(self, analyzer: Analyzer, query: str, docs: dict[str, str]) -> set[str]:
        """The doc_ids (of `docs`: doc_id -> kind) that the query names by their own or their kind's words."""
        words = [w.lower() for w in _WORD.findall(query)]
        if not words:
            return set()
        variants = [
            set()
            if w in self.exceptions
            else {analyzer.stem(w), *analyzer.foreign_stems([w], "sv"), *analyzer.foreign_stems([w], "en")}
            for w in words
        ]

        starts: dict[str, list[int]] = {}  # stem -> the word positions that have it (phrases start there)
        for i, forms in enumerate(variants):
            for form in forms:
                starts.setdefault(form, []).append(i)

        said = frozenset(starts)

        def says(phrases: tuple[tuple[str, ...], ...]) -> bool:
            for phrase in phrases:
                n = len(phrase)
                if n == 1 and one_slip(phrase[0], said, ALIAS_SLIP_LENGTH):
                    return True
                for i in starts.get(phrase[0], ()) if n else range(len(words) + 1):
                    if i + n <= len(words) and all(phrase[j] in variants[i + j] for j in range(1, n)):
                        return True
            return False

        cued = (self.cues or {}).items()
        kinds = {kind for kind, phrases in [*self.by_kind.items(), *cued] if says(phrases)}
        return {doc for doc, kind in docs.items() if kind in kinds or says(self.by_doc.get(doc, ()))}


def _phrases(analyzer: Analyzer, words: list[str]) -> tuple[tuple[str, ...], ...]:
    out = []
    for alias in words:
        parts = [w.lower() for w in _WORD.findall(str(alias))]
        if parts:
            out.append(tuple(analyzer.stem(w) for w in parts))
            for lang in ("sv", "en"):
                out.append(tuple(analyzer.foreign_stems(parts, lang)))
    return tuple(dict.fromkeys(out))


def load_aliases(knowledge_dir: Path, analyzer: Analyzer) -> DocumentAliases:
    path = knowledge_dir / "corpus.yaml"
    data = read_yaml(path) if path.exists() else {}
    data = data or {}
    by_doc = {
        d["doc_id"]: _phrases(analyzer, d.get("aliases") or [])
        for d in data.get("documents", [])
        if d.get("aliases")
    }
    by_kind = {k: _phrases(analyzer, v or []) for k, v in (data.get("kind_aliases") or {}).items()}
    exceptions = frozenset(str(w).lower() for w in data.get("alias_exceptions") or [])
    cues = {k: _phrases(analyzer, v or []) for k, v in (data.get("kind_cues") or {}).items()}
    context = frozenset(w for phrase in _phrases(analyzer, data.get("context_names") or []) for w in phrase)
    return DocumentAliases(by_doc, by_kind, exceptions, cues, context)


def diverse(candidates: list[str], corpus: LexicalIndex, k: int, cap: int, named: set[str]) -> list[str]:
    """At most `cap` of the first k hits from one document (a document the question names is not
    capped); the capped ones move down, after the others, so nothing is dropped."""
    if cap <= 0:
        return candidates
    taken: dict[str, int] = {}
    head: list[str] = []
    rest: list[str] = []
    for i in candidates:
        doc = str(corpus.metas[corpus.position[i]].get("doc_id", ""))
        if len(head) < k and (doc in named or taken.get(doc, 0) < cap):
            head.append(i)
            taken[doc] = taken.get(doc, 0) + 1
        else:
            rest.append(i)
    return head + rest


def own_passages(
    named: set[str], metas: list[dict[str, Any]], allowed: np.ndarray | None, scores: np.ndarray, n: int
) -> list[int]:
    """The positions of the named documents' passages (of those `allowed`), best `scores` first, at most
    n: a list of their own in fusion, so that a short passage of a small named document is a candidate
    even when no list over the whole corpus reaches it."""
    own = [p for p, m in enumerate(metas) if m.get("doc_id") in named and (allowed is None or allowed[p])]
    return sorted(own, key=lambda p: (-scores[p], p))[:n]
