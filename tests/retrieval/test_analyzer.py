"""Finnish analysis for BM25 and the cross-lingual glossary."""

from __future__ import annotations

import os
import sys

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.morphology import MorphologyUnavailableError, load_morphology


def _voikko_or_skip() -> None:
    if load_morphology("auto") is None:
        if os.environ.get("CI") == "true":  # .ci/run installs libvoikko1 and voikko-fi
            pytest.fail("Voikko is not installed on CI")
        pytest.skip("Voikko (libvoikko1, voikko-fi) is not installed on this machine")


def test_finnish_inflections_share_a_stem() -> None:
    a = Analyzer()
    assert a.tokens("tietosuoja")[0] == a.tokens("tietosuojan")[0] == a.tokens("tietosuojaa")[0]
    assert a.tokens("mittareiden")[0] == a.tokens("mittarit")[0]
    assert a.tokens("ja sekä että on") == []  # stop words


def test_swedish_and_english_terms_map_to_finnish_stems() -> None:
    a = Analyzer()
    fi = set(a.tokens("tietosuoja"))
    assert fi <= set(a.query_tokens("Hur beaktas dataskyddet i planen?"))
    assert fi <= set(a.query_tokens("How is data protection handled?"))
    sv = a.query_tokens("Vem ansvarar för åtgärderna?")
    assert set(a.tokens("toimenpide vastuuhenkilö")) <= set(sv)
    assert "åtgärderna" not in sv and "ansvarar" not in sv  # replaced, not kept as noise


def test_language_detection() -> None:
    a = Analyzer()
    assert a.detect_language("Mitä ohje sanoo master datasta?") == "fi"
    assert a.detect_language("Vad säger anvisningen om masterdata?") == "sv"
    assert a.detect_language("What does the guidance say about master data?") == "en"
    assert a.detect_language("tietosuoja") == "fi"


def test_voikko_adds_lemmas_and_compound_parts() -> None:
    _voikko_or_skip()
    a = Analyzer(morphology="voikko")
    tokens = a.index_tokens("suunnitelmapohjan")
    assert set(a.tokens("pohja")) <= set(tokens)  # a compound part
    assert set(a.tokens("suunnitelma")) <= set(tokens)
    assert a.stem("johto") not in a.tokens("johdon")[:1]  # Snowball alone: johdo vs johto
    assert a.stem("johto") in a.index_tokens("johdon")  # the lemma meets it
    assert a.tokens("suunnitelmapohjan") == [a.stem("suunnitelmapohjan")]  # matchers keep whole words
    assert a.signature.startswith("voikko")
    # The query side expands the same way, so a question's compound meets a passage's part.
    assert set(a.tokens("taulukot")) <= set(a.search_tokens("Mihin toimenpidetaulukot on jaettu?"))
    assert set(a.tokens("taulukot")).isdisjoint(a.query_tokens("Mihin toimenpidetaulukot on jaettu?"))
    # Swedish and English words mapped through the glossary are expanded too (färdplanen -> tiekartta).
    assert set(a.index_tokens("tiekartta")) <= set(a.search_tokens("Vad står i färdplanen?"))
    plain = a.query_tokens("Vad står i färdplanen?")
    assert set(a.tokens("tiekartta")) <= set(plain) and a.stem("kartta") not in plain


def test_snowball_mode_does_not_expand() -> None:
    a = Analyzer(morphology="snowball")
    assert a.index_tokens("suunnitelmapohjan") == [a.stem("suunnitelmapohjan")]
    assert a.signature.startswith("snowball") and a.signature != Analyzer().signature


def test_voikko_mode_fails_clearly_without_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "libvoikko", None)  # import fails as on a machine without it
    assert load_morphology("auto") is None
    with pytest.raises(MorphologyUnavailableError, match="libvoikko1 and voikko-fi"):
        load_morphology("voikko")


def test_hyphenated_glossary_phrases_match() -> None:
    a = Analyzer(morphology="snowball")
    assert a.stem("osatehtävä") in a.query_tokens("Which sub-tasks does the roadmap list?")


def test_function_words_of_a_swedish_or_english_question_are_left_out() -> None:
    """Untranslated words of no topic ("put", "together", "många") match nothing in Finnish text; they are
    not query tokens nor units (so they do not make the question look unknown to the corpus)."""
    a = Analyzer()
    english = a.query_tokens("When was the roadmap put together, and with whom?")
    assert "put" not in english and "together" not in english
    assert set(a.tokens("tiekartta")) <= set(english)
    swedish = a.query_tokens("Hur många förändringscoacher ska utbildas?")
    assert "många" not in swedish
    assert len(a.query_units("Hur många förändringscoacher ska utbildas?")) == len(
        a.query_units("förändringscoacher utbildas")
    )
    # a Finnish question keeps its words, even one that is an English function word elsewhere
    assert "put" in a.query_tokens("Mikä on put-optio?")


def test_corpus_vocabulary_terms_are_translated() -> None:
    """The glossary covers the corpus's frequent content words (deployment -> käyttöönotto, arbetsgrupp ->
    työryhmä), and an ambiguous short word is not one of them ("lagar" in "hur lagar man" is cooking)."""
    a = Analyzer()
    assert set(a.tokens("käyttöönotto")) <= set(a.query_tokens("What does the deployment require?"))
    assert set(a.tokens("työryhmä")) <= set(a.query_tokens("Vilka arbetsgrupper finns?"))
    assert not set(a.tokens("laki")) & set(a.query_tokens("Hur lagar man soppa?"))


def test_a_foreign_question_is_embedded_with_its_glossary_terms_in_finnish() -> None:
    a = Analyzer()
    assert a.embedding_text("What does the roadmap say about archiving?") == (
        "What does the roadmap say about archiving? (tiekartta, arkistointi)"
    )
    assert a.embedding_text("Mitä tiekartta sanoo arkistoinnista?") == "Mitä tiekartta sanoo arkistoinnista?"
    assert a.embedding_text("Who wrote it?") == "Who wrote it?"  # no glossary term: as it is
