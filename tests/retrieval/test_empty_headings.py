"""Headings with nothing under them: found in reading order, and a question about one is refused."""

from __future__ import annotations

import pytest

from assistant.container import KnowledgeBase
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.empty_headings import empty_group_lines, names_empty_heading

ROADMAP_META = {"kind": "roadmap", "doc_id": "tiekartta"}
TEXTS = [
    "Talouden tiekartta\nA. Konsernitalous\nB. Hankinnat",  # both groups empty (A then B, B then a title)
    "Henkilöstön tiekartta\nC. Tietohallinnon organisointi",  # C has tasks in the next chunk
    "1. Siirron valmistelu\n1.1. Sopimusten siirto\nD. Viestintä\nE. Asianhallinta",
    "Kaikki alueet päivittävät tiekarttaa säännöllisesti.",
]


def _metas(kind: str = "roadmap") -> list[dict[str, object]]:
    return [{**ROADMAP_META, "kind": kind, "position": n} for n in range(len(TEXTS))]


def test_groups_followed_by_another_group_or_a_title_are_empty() -> None:
    empty = empty_group_lines(TEXTS, _metas())
    assert empty[0] == {"A. Konsernitalous", "B. Hankinnat"}
    assert 1 not in empty  # its group opens the numbered tasks of the next chunk
    assert empty[2] == {"D. Viestintä"}  # followed by a group: empty; E is followed by a sentence
    assert 3 not in empty


def test_only_roadmaps_are_read_this_way() -> None:
    assert empty_group_lines(TEXTS, _metas("template")) == {}


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(morphology="snowball")


def _asks(analyzer: Analyzer, query: str, shown: list[int]) -> str | None:
    empty = empty_group_lines(TEXTS, _metas())
    units = [(u, whole, 2.0) for u, whole in analyzer.query_units(query)]
    return names_empty_heading(units, shown, TEXTS, empty, analyzer, lambda t: 2.0)


def test_a_question_about_an_empty_group_names_its_heading(analyzer: Analyzer) -> None:
    assert _asks(analyzer, "Mitä tehtäviä konsernitalous sisältää?", [0, 1]) == "A. Konsernitalous"
    # A group with tasks, a question naming no group, or no empty heading among the shown passages.
    assert _asks(analyzer, "Mitä tietohallinnon organisointiin kuuluu?", [1, 2]) is None
    assert _asks(analyzer, "Mitä tehtäväkokonaisuuksia talouden tiekartassa on?", [0]) is None
    assert _asks(analyzer, "Mitä tehtäviä konsernitalous sisältää?", [1, 3]) is None


def test_a_line_that_says_more_about_the_topic_may_answer(analyzer: Analyzer) -> None:
    texts = [*TEXTS, "Konsernitalous ja sen tehtävät kuvataan erikseen talousohjeessa."]
    empty = empty_group_lines(texts, [*_metas(), {"kind": "plan", "doc_id": "ohje", "position": 0}])
    query = "Mitä tehtäviä konsernitalous sisältää?"
    units = [(u, whole, 2.0) for u, whole in analyzer.query_units(query)]
    assert names_empty_heading(units, [0, 4], texts, empty, analyzer, lambda t: 2.0) is None


def test_the_roadmap_groups_whose_tables_were_lost_are_refused(corpus_kb: KnowledgeBase) -> None:
    retriever = corpus_kb.retriever
    refused = retriever.search("Mitä osatehtäviä konsernitalouden tehtäväkokonaisuus sisältää tiekartassa?")
    assert refused.hits == [] and refused.reason
    # The groups as a list, and a group whose tasks are in the corpus, are answered.
    listed = retriever.search(
        "Mitkä tehtäväkokonaisuudet hallinnon, talouden ja tukipalveluiden tiekartassa on?"
    )
    assert any("B. Konsernitalous" in h.text for h in listed.hits)
    tasks = retriever.search("Mitä tehtäviä tietohallinnon organisointiin kuuluu tiekartassa?")
    assert any("Tietohallinnon alueellinen järjestäminen" in h.text for h in tasks.hits)
