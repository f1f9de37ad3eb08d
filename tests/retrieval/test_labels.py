"""The template's area and target names said in Swedish or English: strictly (the review matchers) and
loosely (the retriever's query: one slip, a glossary term for some of the name's words)."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.labels import Label, one_slip


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(morphology="snowball")


def _label(**changes: object) -> Label:
    base: dict[str, object] = {
        "language": "en",
        "stems": frozenset({"knowledg", "manag", "strategi"}),
        "finnish": "Tietojohtamisen strategia",
        "fi_stems": ("tietojohtamis", "strategi"),
        "expanded": ("tietojohtamis", "strategi"),
        "glossed": ((frozenset({"knowledg", "manag"}), frozenset({"tietojohtamin"})),),
    }
    return Label(**(base | changes))  # type: ignore[arg-type]


def test_one_slip_only_in_long_stems() -> None:
    assert one_slip("commit", {"comit"})  # a letter left out
    assert one_slip("commit", {"cmomit"}) is False  # two edits
    assert one_slip("manag", {"mana"}) is False  # too short to guess
    assert one_slip("strategi", set()) is False


def test_a_name_is_said_strictly_by_most_of_its_words() -> None:
    label = _label()
    assert label.said({"knowledg", "manag", "strategi"})
    assert not label.said({"strategi"})
    # A slip or a glossary term counts only the loose way.
    assert not label.said({"knowledg", "manag", "stratgi"})
    assert label.said({"knowledg", "manag", "stratgi"}, set())
    assert not label.said({"km", "strategi"}, set())
    assert label.said({"km", "strategi"}, {frozenset({"tietojohtamin"})})
    # A glossary term the question has must be the same term, not one sharing a generic stem.
    assert not label.said({"km", "strategi"}, {frozenset({"tietojohtamin", "tiedo"})})


def test_a_foreign_question_naming_a_target_loosely_gets_its_finnish_name(analyzer: Analyzer) -> None:
    question = "Which actions concern employee comitment?"  # one letter missing
    assert analyzer.embedding_text(question).endswith("Työntekijöiden sitoutuminen)")
    assert analyzer.stem("sitoutuminen") in analyzer.search_tokens(question)
    # The review matchers' tokens keep the strict way: a misspelt name is not theirs.
    assert analyzer.stem("sitoutuminen") not in analyzer.query_tokens(question)


def test_a_glossary_abbreviation_stands_for_the_words_of_a_name(analyzer: Analyzer) -> None:
    question = "Which sample actions concern the strategy and goals of KM?"
    finnish = analyzer.embedding_text(question)
    assert "Tietojohtamisen strategia ja tavoitteet" in finnish
    assert "Tiedon hankinta" not in finnish  # "data" shares a Finnish stem with KM's terms: not a name
    # A Finnish question is embedded as it is.
    assert analyzer.embedding_text("Mitä strategiasta sanotaan?") == "Mitä strategiasta sanotaan?"
