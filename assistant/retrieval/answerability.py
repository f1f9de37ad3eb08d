"""Answerability of a search: whether the passages that would be shown can answer the question.

Every search (unless asked for all candidates) passes the relevance floor: some candidate must be close in
meaning (cosine) or match most of the question's words (coverage). A person's question must then pass each
check below, and (Settings.answerability = "model"; "typed": only a question asking for a typed answer,
a quantity, a person, a date, listed items) the answerability model (retrieval/refusal_model.py):
a combination, trained on questions written blind, of similarity, how much of the question's specific
words the passages and their best sentences hold, the kind of answer asked for against what those
sentences hold, and the checks' outcomes. The checks, for people's questions only:
- names the knowledge base never mentions, or that the shown passages do not (retrieval/floor.py);
- a heading with nothing under it that the question is about (retrieval/empty_headings.py);
- an answer type (a quantity, a frequency, a person in a role, an assessment's profiles or scores) that
  the shown passages do not hold (retrieval/answer_type.py);
- how something turned out later, or a day or a law's article the best sentences do not hold
  (retrieval/refusal_features.py `unmet_detail`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from assistant.embeddings.base import NamedEmbeddings
from assistant.i18n.catalog import Catalog
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.answer_type import MIN_IDF, unanswered_type
from assistant.retrieval.documents import DocumentAliases, diverse
from assistant.retrieval.empty_headings import names_empty_heading
from assistant.retrieval.floor import (
    name_forms,
    name_in_context,
    question_names,
    ungrounded_names,
    unknown_names,
)
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.models import Ranked
from assistant.retrieval.refusal_features import features, typed_answer, unmet_detail
from assistant.retrieval.refusal_model import shipped
from assistant.settings import Settings

SOURCES_NAMED = 2  # documents a refusal names as the closest ones
GROUNDING_HITS = 5  # a question's names must be in one of this many top hits (or k, when larger)


def relevant(ranked: Ranked, i: str, s: Settings, margin: float = 0.0) -> bool:
    """The relevance floor of one candidate: strong semantic similarity or a good lexical match. For a
    Swedish or English question the multilingual model's cosines run lower, so weaker semantic and lexical
    (glossary) evidence count when they agree."""
    cov = ranked.coverage.get(i, 0.0)
    if ranked.mode == "bm25":  # no dense evidence: lexical coverage alone decides
        return cov >= s.min_bm25_coverage
    cos = ranked.dense.get(i, 0.0) + margin
    if cos >= s.min_dense_score or cov >= s.min_bm25_coverage:
        return True
    return ranked.crosslingual and (
        (cos >= s.min_dense_score_crosslingual and cov > 0)
        or (cos >= s.crosslingual_joint_dense and cov >= s.crosslingual_joint_coverage)
    )


class Answerability(ABC):
    """Mixed into the retriever: needs its analyser, document aliases and lexical index."""

    analyzer: Analyzer
    aliases: DocumentAliases
    settings: Settings
    embeddings: NamedEmbeddings

    @abstractmethod
    def _load_corpus(self) -> LexicalIndex:
        """The lexical index of the whole corpus (the retriever loads it once)."""

    @abstractmethod
    def rank_question(self, query: str, k: int = 5) -> Ranked:
        """A person's question ranked over the whole corpus (hybrid), before the floor."""

    def answerability_inputs(self, query: str, k: int = 5) -> tuple[dict[str, float], np.ndarray | None]:
        """What the answerability model reads of a question: its features (retrieval/refusal_features.py)
        and its embedding (retrieval/refusal_build.py trains on both)."""
        ranked = self.rank_question(query, k)
        return self.features(ranked, k, self._load_corpus()), ranked.vector

    def answerability_features(self, query: str, k: int = 5) -> dict[str, float]:
        """The answerability decision's features of a question (retrieval/refusal_features.py)."""
        return self.answerability_inputs(query, k)[0]

    def answerable_probability(self, query: str, k: int = 5) -> float | None:
        """The shipped answerability model's probability that the question is answerable from the
        passages found (None without a model); the rule checks are not applied."""
        model = shipped()
        if model is None:
            return None
        features, vector = self.answerability_inputs(query, k)
        return model.probability(features, vector, self.embeddings.name)

    def floored(self, ranked: Ranked, k: int, corpus: LexicalIndex, *, people: bool) -> list[str]:
        """The candidates to show, in order, after the floor; empty when the question is refused.
        `people`: a person's question (the checks and the answerability model apply), not one the engine
        composed."""
        s = self.settings
        candidates = self._ruled(ranked, k, corpus, people=people)
        judged = s.answerability == "model" or (s.answerability == "typed" and typed_answer(ranked.query))
        model = shipped() if people and judged and ranked.mode == "hybrid" else None
        if (
            candidates
            and model is not None
            and model.probability(self.features(ranked, k, corpus), ranked.vector, self.embeddings.name)
            < s.answerable_min_probability
        ):
            return []
        return candidates

    def _ruled(self, ranked: Ranked, k: int, corpus: LexicalIndex, *, people: bool) -> list[str]:
        """The relevance floor, and for people's questions the checks of names, empty headings and answer
        types, each of which refuses alone."""
        s = self.settings
        query, named = ranked.query, ranked.named
        names = people and s.refuse_unknown_names
        if names and self.unknown_names(query, corpus):
            return []
        # The question is answerable when some candidate clears the floor; then weaker hits are kept down
        # to a margin below it, and clear noise is dropped.
        if not any(relevant(ranked, i, s) for i in ranked.candidates):
            return []
        kept = [i for i in ranked.candidates if relevant(ranked, i, s, s.hit_floor_margin)]
        candidates = diverse(kept, corpus, k, s.max_hits_per_document, named)
        shown = candidates[: max(k, GROUNDING_HITS)]
        if names and shown and self.ungrounded_names(query, shown, named, corpus):
            return []
        if names and shown and self.empty_heading(query, shown, corpus):
            return []
        if people and shown and self.unanswered_type(query, shown, named, corpus):
            return []
        if people and shown and self.unmet_detail(query, shown, corpus):
            return []
        return candidates

    def refusal_reason(self, ranked: Ranked, corpus: LexicalIndex, catalog: Catalog, *, floor: bool) -> str:
        """Why a search has no hits, in words: nothing near the question, or passages on its topic that do
        not answer it (named by their documents)."""
        near = [i for i in ranked.candidates if relevant(ranked, i, self.settings)] if floor else []
        titles = list(dict.fromkeys(str(corpus.metas[corpus.position[i]].get("title", "")) for i in near))
        titles = [t for t in titles if t][:SOURCES_NAMED]
        if not titles:
            return catalog.t("search.no_relevant")
        return catalog.t("search.no_answer", sources="; ".join(titles))

    def features(self, ranked: Ranked, k: int, corpus: LexicalIndex) -> dict[str, float]:
        """The answerability model's features (retrieval/refusal_features.py) of a ranked search: over the
        hits that would be shown (diversified, before the floor), with the rule checks as flags."""
        s = self.settings
        order = diverse(ranked.candidates, corpus, k, s.max_hits_per_document, ranked.named)
        shown: Sequence[str] = order[: max(k, GROUNDING_HITS)]
        query, named = ranked.query, ranked.named
        rules = {
            "unknown_names": bool(self.unknown_names(query, corpus)),
            "ungrounded_names": bool(shown and self.ungrounded_names(query, list(shown), named, corpus)),
            "empty_heading": bool(shown and self.empty_heading(query, list(shown), corpus)),
            "unanswered_type": bool(shown and self.unanswered_type(query, list(shown), named, corpus)),
            "unmet_detail": bool(shown and self.unmet_detail(query, list(shown), corpus)),
            "floor": not any(relevant(ranked, i, s) for i in ranked.candidates),
        }
        return features(ranked, shown, corpus, self.analyzer, rules)

    def unknown_names(self, query: str, corpus: LexicalIndex | None = None) -> list[str]:
        """Names in the query (capitalised words, abbreviations, years) that the knowledge base never
        mentions: such a question cannot be answered from it (see retrieval/floor.py)."""
        corpus = corpus or self._load_corpus()
        alias_stems = self.aliases.stems()
        return unknown_names(query, self.analyzer, lambda t: corpus.knows(t) or t in alias_stems)

    def ungrounded_names(
        self, query: str, ids: list[str], named: set[str], corpus: LexicalIndex | None = None
    ) -> list[str]:
        """Names in the query that none of these hits mentions (nor the aliases of a document the question
        names): the passages are about something else (see retrieval/floor.py)."""
        corpus = corpus or self._load_corpus()
        positions = [corpus.position[i] for i in ids]
        alias_stems = self.aliases.stems(named)
        texts = [corpus.texts[p] for p in positions]
        other = self._other_terms(query, corpus)

        def grounded(forms: set[str]) -> bool:
            if forms & alias_stems:
                return True
            if not any(corpus.mentions(positions, f) for f in forms):
                return False
            return name_in_context(forms, other, texts, self.analyzer)

        return ungrounded_names(query, self.analyzer, grounded)

    def _other_terms(self, query: str, corpus: LexicalIndex) -> list[frozenset[str]]:
        """The query's specific nouns besides its names, by their whole-word forms (what a name must be
        mentioned with: "alueet" near "Lapin" is not "Lapin hyvinvointialueen")."""
        names = {f for n in question_names(query, self.analyzer) for f in name_forms(self.analyzer, n)}
        return [
            whole
            for forms, whole in self.analyzer.query_units(query, nouns_only=True)
            if not whole & names and max(map(corpus.idf, forms)) >= MIN_IDF
        ]

    def empty_heading(self, query: str, ids: list[str], corpus: LexicalIndex | None = None) -> str | None:
        """The heading with nothing under it (see retrieval/empty_headings.py) that the query asks about,
        of these hits: its content is not in the knowledge base."""
        corpus = corpus or self._load_corpus()
        units = [
            (u, whole, w) for u, whole in self.analyzer.query_units(query) if (w := max(map(corpus.idf, u)))
        ]
        positions = [corpus.position[i] for i in ids]
        return names_empty_heading(
            units, positions, corpus.texts, corpus.empty_headings, self.analyzer, corpus.idf
        )

    def unmet_detail(self, query: str, ids: list[str], corpus: LexicalIndex | None = None) -> str | None:
        """A later outcome, or a day or a law's article that the best sentences of these hits do not
        hold (see retrieval/refusal_features.py)."""
        corpus = corpus or self._load_corpus()
        return unmet_detail(query, [corpus.position[i] for i in ids], corpus, self.analyzer)

    def unanswered_type(
        self, query: str, ids: list[str], named: set[str], corpus: LexicalIndex | None = None
    ) -> str | None:
        """The answer type (a quantity, a frequency, a person in a role) the query asks for that these hits
        do not hold (see retrieval/answer_type.py)."""
        corpus = corpus or self._load_corpus()
        positions = [corpus.position[i] for i in ids]
        texts = [corpus.texts[p] for p in positions]
        alias_stems = self.aliases.stems(named)

        def grounded(word: str) -> bool:
            forms = name_forms(self.analyzer, word)
            return bool(forms & alias_stems) or any(corpus.mentions(positions, f) for f in forms)

        return unanswered_type(query, texts, self.analyzer, corpus.idf, grounded)
