"""The lexical lists' fusion weight follows how many of the query's words the index knows."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.fusion import lexical_scale, matched_share


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(morphology="snowball")


def test_matched_share_counts_units_with_a_known_form() -> None:
    idf = {"a": 1.0, "b": 2.0}.get
    assert matched_share(
        [frozenset({"a"}), frozenset({"x", "b"}), frozenset({"y"})], lambda t: idf(t, 0.0)
    ) == (pytest.approx(2 / 3))
    assert matched_share([], lambda t: 0.0) == 1.0  # nothing to judge


def test_lexical_scale() -> None:
    assert lexical_scale(0.25, 1.0) == 0.25
    assert lexical_scale(0.25, 0.5) == pytest.approx(0.5)
    assert lexical_scale(0.25, 0.0) == 1.0  # off
    assert lexical_scale(1.5, 1.0) == 1.0


def test_a_finnish_question_keeps_full_weight_and_an_english_one_with_unknown_words_does_not(
    analyzer: Analyzer,
) -> None:
    corpus_text = (
        "Suunnitelmapohjassa kuvataan tietojohtamisen nykytila ja kehittämisen tavoitteet. "
        "Esimerkkitoimenpiteenä nimetään vastuuhenkilöt. Mallipohja ja tietojohtaminen."
    )
    known = set(analyzer.index_tokens(corpus_text))

    def share(query: str) -> float:
        units = [forms for forms, _ in analyzer.query_units(query)]
        return matched_share(units, lambda t: 1.0 if t in known else 0.0)

    assert share("Mitä suunnitelmapohjassa kuvataan tietojohtamisen nykytilasta?") == 1.0
    # Glossary terms (knowledge management, template) are known in Finnish; "appointing", "people" are not.
    english = share("What does the template say about appointing people for knowledge management?")
    assert 0.0 < english < 1.0
