"""Questions that name a document (corpus.yaml aliases), names the corpus never mentions, diversity."""

from __future__ import annotations

import pytest

from assistant.paths import KNOWLEDGE_DIR
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.documents import load_aliases
from assistant.retrieval.floor import unknown_names
from assistant.retrieval.hybrid import _diverse
from assistant.retrieval.lexical import LexicalIndex

TEMPLATE = "template_tietojohtamisen_kehittamissuunnitelma_2020"
ROADMAP = "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"
PLAN = "plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020"
DOCS = {TEMPLATE: "template", ROADMAP: "roadmap", PLAN: "plan", "upload-1": "upload", "my-plan": "plan"}


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(morphology="snowball")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mitä pohjassa sanotaan aikataulusta?", {TEMPLATE}),
        ("Mihin vuoteen asti mallipohjan toimenpiteet ajoitetaan?", {TEMPLATE}),
        ("Vad säger mallen om ansvarspersoner?", {TEMPLATE}),
        ("Which tasks does the roadmap list for ICT?", {ROADMAP}),
        ("Vilka uppgifter finns i vägkartan?", {ROADMAP}),
        ("Mitä Soiten suunnitelmassa sanotaan kustannuksista?", {PLAN}),
        ("Mitä hankesuunnitelmassa sanotaan?", {PLAN, "my-plan"}),  # a kind word: every plan
        ("Mitä tietosuojasta pitää huomioida?", set()),
        ("Miten arviointimallin kysely tehdään?", set()),  # "arviointimalli" is not "malli"
        ("Mitä kierroksen pohjalta suositeltiin?", set()),  # "pohjalta" = "based on", not the template
    ],
)
def test_questions_name_documents(analyzer: Analyzer, query: str, expected: set[str]) -> None:
    aliases = load_aliases(KNOWLEDGE_DIR, analyzer)
    assert aliases.named(analyzer, query, DOCS) == expected


def test_unknown_names(analyzer: Analyzer) -> None:
    vocabulary = {analyzer.stem(w) for w in ("soite", "kanta", "ict", "2020", "tietojohtaminen")}

    def names(q: str) -> list[str]:
        return unknown_names(q, analyzer, vocabulary.__contains__)

    assert names("Mitä Pirkanmaan suunnitelmassa sanotaan?") == ["Pirkanmaan"]
    assert names("Milloin julkaistaan versio kaudelle 2026–2029?") == ["2026", "2029"]
    assert names("Mitä GDPR vaatii?") == ["GDPR"]
    assert names("Mitä Soite tekee Kanta-arkistoinnin ja ICT:n kanssa vuonna 2020?") == []
    assert names("Mitä tietojohtamisesta sanotaan?") == []  # the first word is not a name
    assert names("Tietojohtaminen? Mitä siitä sanotaan?") == []  # nor the first word of a sentence


def test_diversity_caps_a_document_unless_the_question_names_it() -> None:
    ids = [f"c{i}" for i in range(8)]
    metas = [{"doc_id": "big"}] * 6 + [{"doc_id": "small"}] * 2
    corpus = LexicalIndex.build("1", ids, ["x"] * 8, metas, [["x"]] * 8, lambda t: [t])
    out = _diverse(ids, corpus, 5, 3, set())
    assert out[:5] == ["c0", "c1", "c2", "c6", "c7"]
    assert sorted(out) == sorted(ids)  # nothing dropped: capped hits move down
    assert _diverse(ids, corpus, 5, 3, {"big"}) == ids  # named: no cap
    assert _diverse(ids, corpus, 5, 0, set()) == ids  # cap off
