"""Roadmap alignment: the task list read from the roadmap's chunks (synthetic chunks, then the real
index), matching actions to tasks with the calibrated threshold, and what is reported when it cannot."""

from __future__ import annotations

from assistant.retrieval.models import Hit
from assistant.review import analyse
from assistant.review.config import load_rules
from assistant.review.roadmap import extract_tasks, lexical_coverage, task_text
from tests.review.plans import action, make_plan

STEMS = ["tietohallin", "ict", "tiedolla johtami"]


def chunk(n: int, section: str, text: str) -> Hit:
    return Hit(
        id=f"c{n}", text=text, doc_id="roadmap", title="Tiekartta", kind="roadmap", section=section, score=0
    )


CHUNKS = [
    chunk(
        0,
        "Hallinnon tiekartta",
        "Hallinnon tiekartta\nA. Konsernitalous\n1. Budjetti\n1.1. Laaditaan talousarvio",
    ),
    chunk(
        1,
        "Hallinnon tiekartta",
        "G. Asianhallinta\nH. Tietohallinnon organisointi\n1. Siirron valmistelu\n1.1. ICT muutossuunnitelma",
    ),
    # overlapping chunk: repeats 1.1, continues with 1.2 and task 2 without sub-tasks
    chunk(
        2,
        "Hallinnon tiekartta > H. Tietohallinnon organisointi",
        "1.1. ICT muutossuunnitelma\n1.2. Sopimusten siirto\n2. Omavalvontasuunnitelman laatiminen",
    ),
    chunk(
        3,
        "Johtamisen tiekartta",
        "Johtamisen tiekartta\nA. Kyvykkyydet\nD. Tiedolla johtaminen ja tietopohjat",
    ),
    chunk(
        4,
        "ICT tiekartta",
        "ICT tiekartta\nA. Hallinnolliset tehtävät\nC. Järjestelmät\n1. Potilastietojärjestelmät\n"
        "- 1.1. Kirjaamiskäytäntöjen yhtenäistäminen",
    ),
]


def test_tasks_are_read_from_the_chunks_of_matching_task_groups() -> None:
    tasks, without = extract_tasks(CHUNKS, STEMS)
    got = [(t.group, t.number, t.heading, t.chunk_id) for t in tasks]
    assert got == [
        ("H. Tietohallinnon organisointi", "1.1", "1.1. ICT muutossuunnitelma", "c1"),
        ("H. Tietohallinnon organisointi", "1.2", "1.2. Sopimusten siirto", "c2"),
        ("H. Tietohallinnon organisointi", "2", "2. Omavalvontasuunnitelman laatiminen", "c2"),
        ("C. Järjestelmät", "1.1", "- 1.1. Kirjaamiskäytäntöjen yhtenäistäminen", "c4"),
    ]
    assert tasks[0].parent == "1. Siirron valmistelu"
    assert tasks[0].section == "Hallinnon tiekartta > H. Tietohallinnon organisointi > 1. Siirron valmistelu"
    assert tasks[0].citation.startswith("Tiekartta, Hallinnon tiekartta > H. Tietohallinnon")
    assert without == [
        "Johtamisen tiekartta > D. Tiedolla johtaminen ja tietopohjat",
        "ICT tiekartta > A. Hallinnolliset tehtävät",
    ]
    assert task_text(tasks[0], True) == "Siirron valmistelu: ICT muutossuunnitelma"
    assert task_text(tasks[0], False) == "ICT muutossuunnitelma"


def test_no_matching_group_gives_no_tasks() -> None:
    assert extract_tasks(CHUNKS, ["olematon"]) == ([], [])


def test_the_real_roadmap_tasks_and_a_matching_plan(corpus_kb, spec) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(
        [
            action("kirjaus", "Tiedon integraatio", "Yhtenäistämme kirjaamiskäytännöt koko alueella."),
            action(
                "ict",
                "Resurssit",
                "Laadimme hyvinvointialueen ICT-muutossuunnitelman ja valtionavustushakemuksen.",
            ),
            action("mittarit", "Mittareiden kattavuus", "Karsimme ns. turhat mittarit"),
            action("tyhja", "Resurssit", ""),
        ]
    )
    roadmap = analyse(plan, spec=spec, retriever=corpus_kb.retriever).roadmap
    rules = load_rules().roadmap
    assert roadmap.available and roadmap.threshold == rules.threshold
    assert roadmap.doc_id == "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"
    assert roadmap.actions_compared == 3  # the action without text is not compared
    headings = [t.task.heading for t in roadmap.tasks]
    assert "2.3. Rekisterinpidon muutosten selvittäminen" in headings
    assert "1.8. Kirjaamiskäytäntöjen alueellinen yhtenäistäminen" in headings
    assert any("Tiedolla johtaminen ja tietopohjat" in g for g in roadmap.groups_without_tasks)
    matched = {t.task.heading: [m.action_id for m in t.matches] for t in roadmap.matched}
    assert matched["1.8. Kirjaamiskäytäntöjen alueellinen yhtenäistäminen"][0] == "kirjaus"
    assert matched["1.1. ICT muutossuunnitelman ja ICT valtionavustushakemuksen valmistelu"][0] == "ict"
    assert all("mittarit" not in ids for ids in matched.values())
    for row in roadmap.tasks:
        assert row.best is not None and row.matched == (row.best.score >= rules.threshold)
        assert all(m.score >= rules.threshold for m in row.matches) and len(row.matches) <= rules.max_matches
    assert roadmap.unmatched and all(not t.matches for t in roadmap.unmatched)


def test_lexical_coverage_counts_inflected_and_graded_stems(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    rules = load_rules().roadmap

    def cover(action: str, task: str) -> float:
        return lexical_coverage(corpus_kb.retriever, action, task, rules)

    assert cover("Päivitämme rekisterinpitäjyyden", "Rekisterinpidon") == 1.0  # gradation: t ~ d
    assert cover("Yhtenäistämme kirjaamiskäytännöt", "Kirjaamiskäytäntöjen yhtenäistäminen") > 0.4
    assert (
        cover("Parannamme tiedon laatua", "Tiedontoimitusvelvoitteiden huomioiminen") == 0.0
    )  # not a compound
    assert cover("Karsimme turhat mittarit", "Rekisterinpidon muutosten selvittäminen") == 0.0


def test_without_a_roadmap_document_the_alignment_says_so(corpus_kb, spec) -> None:  # type: ignore[no-untyped-def]
    rules = load_rules().model_copy(
        update={"roadmap": load_rules().roadmap.model_copy(update={"kind": "none"})}
    )
    roadmap = analyse(
        make_plan([action("a", "Resurssit")]), spec=spec, retriever=corpus_kb.retriever, rules=rules
    ).roadmap
    assert roadmap.available is False and roadmap.reason == "tietopohjassa ei ole tiekarttaa"
