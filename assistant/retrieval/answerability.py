"""Answerability checks of a search: whether the passages that would be shown can answer the question.

Each check is for people's questions only (the retriever applies them with the relevance floor):
- names the knowledge base never mentions, or that the shown passages do not (retrieval/floor.py);
- a heading with nothing under it that the question is about (retrieval/empty_headings.py);
- an answer type (a quantity, a frequency, a person in a role) that the shown passages do not hold
  (retrieval/answer_type.py).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.answer_type import MIN_IDF, unanswered_type
from assistant.retrieval.documents import DocumentAliases
from assistant.retrieval.empty_headings import names_empty_heading
from assistant.retrieval.floor import (
    name_forms,
    name_in_context,
    question_names,
    ungrounded_names,
    unknown_names,
)
from assistant.retrieval.lexical import LexicalIndex


class Answerability(ABC):
    """Mixed into the retriever: needs its analyser, document aliases and lexical index."""

    analyzer: Analyzer
    aliases: DocumentAliases

    @abstractmethod
    def _load_corpus(self) -> LexicalIndex:
        """The lexical index of the whole corpus (the retriever loads it once)."""

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
