"""Swedish compounds read as their glossary parts (the retriever's query only)."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.compounds import part_table, split


def test_a_compound_is_wholly_made_of_parts_with_linking_letters_and_an_ending() -> None:
    table = part_table(
        [("mognad", "M"), ("enkät", "E"), ("tjänst", "T"), ("klassificering", "K"), ("plan", "P")]
    )
    assert split("mognadsenkäten", table) == ["M", "E"]  # linking s, ending -en
    assert split("tjänsteklassificeringen", table) == ["T", "K"]  # linking e
    assert split("mognadsenkät", table) == ["M", "E"]
    assert split("enkätplanerna", table) == ["E", "P"]  # ending -erna
    assert split("mognadsrapporten", table) is None  # "rapport" is no part: not wholly made of parts
    assert split("enkäten", table) is None  # one part is no compound (the glossary reads it)
    assert split("planenkät", part_table([("plan", "P")])) is None


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(morphology="snowball")


def test_a_swedish_question_finds_the_finnish_terms_of_its_compound(analyzer: Analyzer) -> None:
    question = "Vad säger åtgärdsplanen om enkätresultaten?"
    tokens = analyzer.search_tokens(question)
    assert {analyzer.stem(w) for w in ("toimenpide", "suunnitelma", "kysely", "tulos")} <= set(tokens)
    assert "suunnitelma" in analyzer.embedding_text(question)
    # The review matchers compare whole words: their tokens do not split compounds.
    assert analyzer.stem("suunnitelma") not in analyzer.query_tokens(question)
    # A Finnish or English question is never split.
    assert analyzer.search_tokens("Mitä kypsyyskysely kertoo?") == analyzer.query_tokens(
        "Mitä kypsyyskysely kertoo?"
    )
