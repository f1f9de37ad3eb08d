"""Finnish analysis for BM25 and the cross-lingual glossary."""

from __future__ import annotations

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.bm25 import BM25Index


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


def test_bm25_ranks_and_reports_coverage() -> None:
    a = Analyzer()
    docs = [
        "Tietosuoja on läpileikkaava teema.",
        "Mittarit kuvaavat toimintaa.",
        "Tietosuojan riskit arvioidaan.",
    ]
    index = BM25Index([a.tokens(d) for d in docs])
    found = index.search(a.query_tokens("tietosuojan riskit"))
    assert set(found) == {0, 2}
    assert found[2][0] > found[0][0]  # matches more of the query
    assert 0 < found[0][1] < found[2][1] <= 1.0
    assert index.search(a.query_tokens("jalkapallo")) == {}
    assert set(index.search(a.query_tokens("tietosuoja"), allowed={2})) == {2}
