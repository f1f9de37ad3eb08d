"""What a question names decides what it asks: a document of the knowledge base named instead of the plan asks
that document (never a plan figure); a plan section named by a word only its field has is that section; an
area named as lacking actions is answered for that area; verb particles are never a topic; a mixed question
whose both parts name the same source is still split."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.review import ask
from assistant.review.cues import CueMatcher, load_facets
from assistant.review.decompose import Decomposer
from assistant.review.passages import pointed_hits
from assistant.review.query import ResultItem, ReviewQuery, ReviewResult
from assistant.review.slots import PersonFinder
from tests.review.plans import action, make_plan


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action(
                "a1", "Tietojohtamisen strategia ja tavoitteet", "Laadimme tietosuojaohjeen raportoinnille."
            ),
            action("a2", "Mittareiden kattavuus", "Karsimme päällekkäiset mittarit."),
        ],
        arviointi={"seuranta_ja_arviointi": ""},
    )


@pytest.mark.parametrize(
    "question",
    [
        "Mainitaanko tiekartassa tietoaltaat?",
        "Does the roadmap mention data lakes?",
        "Nämns dataskydd i färdplanen?",
        "Mitä Soiten hankesuunnitelmassa sanotaan tietoaltaista?",
    ],
)
def test_a_document_named_instead_of_the_plan_asks_that_document(interpreter, plan, question: str) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(question, plan)
    assert query.facet == "guidance", query
    assert query.knowledge_query == question


@pytest.mark.parametrize(
    ("question", "facet"),
    [
        ("Mainitaanko suunnitelmassa tietosuoja?", "topic_mentioned"),  # the plan named: its text
        ("Kattaako suunnitelma tiekartan tehtävät?", "roadmap_alignment"),  # both named: compared
    ],
)
def test_the_plan_named_is_still_the_plan(interpreter, plan, question: str, facet: str) -> None:  # type: ignore[no-untyped-def]
    assert interpreter.interpret(question, plan).facet == facet


@pytest.mark.parametrize(
    "question",
    [
        "Onko alue täyttänyt seurannan kohdan?",
        "Har regionen fyllt i avsnittet om uppföljning?",
        "Has the follow-up section been filled in?",
    ],
)
def test_a_section_named_by_one_word_of_its_name(interpreter, plan, question: str) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(question, plan)
    assert query.facet == "empty_sections" and query.yes_no and query.all_polarity, query
    assert query.filters.text_field == "seuranta_ja_arviointi"
    answer = ask(plan, question, kb=None)
    assert answer.result is not None and answer.result.yes_no == "no"  # the section is empty
    filled = plan.model_copy(deep=True)
    filled.arviointi.seuranta_ja_arviointi = "Seuraamme toimenpiteitä puolivuosittain."
    assert ask(filled, question, kb=None).result.yes_no == "yes"  # type: ignore[union-attr]


def test_a_word_shared_by_fields_names_none(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    assert interpreter.text_fields.by_word("Onko arvioinnin kohta täytetty?") == []
    assert interpreter.text_fields.by_word("Onko suunnitelmassa tyhjiä kohtia?") == []


@pytest.mark.parametrize(
    ("question", "yes_no", "first"),
    [
        ("Puuttuuko mittareilta toimenpiteet?", "no", "Ei. Osa-alueella Mittarit on 1 toimenpide."),
        ("Puuttuuko tiedon jakamiselta toimenpiteet?", "yes", "Kyllä. Osa-alueella Tiedon jakaminen ei ole"),
    ],
)
def test_an_area_named_as_lacking_actions_is_answered_for_that_area(
    plan, question: str, yes_no, first
) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan, question, kb=None)
    assert answer.result is not None and answer.result.facet == "areas_without_actions"
    assert answer.result.yes_no == yes_no and answer.result.values["total"] == 1
    assert answer.text.startswith(first)


def test_swedish_verb_particles_are_no_topic(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret("Tas ledningens rapportering upp någonstans i planen?", plan)
    assert query.facet == "topic_mentioned" and query.yes_no
    assert query.filters.topic == ["ledningens", "rapportering"]


def test_both_parts_naming_the_roadmap_are_split_where_one_asks_what_it_says() -> None:
    decomposer = Decomposer(CueMatcher(load_facets()), Analyzer())
    parts = decomposer.split(
        "Mitkä kehittämiskohteet ovat ilman toimenpiteitä tiekartan näkökulmasta, ja mitä tiekartta "
        "suosittelee niille?"
    )
    assert parts is not None and parts.sources == "mitä tiekartta suosittelee niille?"
    assert decomposer.without_sources(parts.plan + "?") == (
        "mitkä kehittämiskohteet ovat ilman toimenpiteitä näkökulmasta?"
    )
    # both parts ask what a source says: no plan part
    assert decomposer.split("Mitä tiekartta sanoo tietosuojasta? Entä mitä pohja sanoo siitä?") is None


def test_the_mixed_plan_part_is_computed_without_the_sources_name(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(
        "Mitkä kehittämiskohteet ovat ilman toimenpiteitä tiekartan näkökulmasta, ja mitä tiekartta "
        "suosittelee niille?",
        plan,
    )
    assert query.facet == "targets_without_actions" and query.knowledge
    assert query.knowledge_query.startswith("mitä tiekartta suosittelee niille?")


def test_a_plan_part_pointing_back_takes_the_field_named_in_the_sources_part(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(
        "What does the template require about prerequisites, and which actions lack them?", plan
    )
    assert query.facet == "actions_missing_field" and query.knowledge
    assert query.filters.field == "prerequisites"


def test_roadmap_alignment_with_a_source_asked_is_mixed(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    for question, asked in [
        (
            "Which roadmap tasks does the plan cover, and what does the news item say about the template?",
            "what does the news item say",
        ),
        (
            "Mitkä tiekartan tehtävät puuttuvat suunnitelmasta, ja mitä tiekartta kertoo niistä?",
            "mitä tiekartta",
        ),
    ]:
        query = interpreter.interpret(question, plan)
        assert query.facet == "roadmap_alignment" and query.knowledge, question
        assert query.knowledge_query.startswith(asked)
    # a second part that asks nothing of a source is the alignment's own
    only = interpreter.interpret("Mitkä tiekartan tehtävät suunnitelma kattaa, ja mitkä puuttuvat?", plan)
    assert only.facet == "roadmap_alignment" and not only.knowledge
    # the roadmap's tasks missing: from the plan, not what the roadmap says
    assert interpreter.interpret("Mitkä tiekartan tehtävät puuttuvat?", plan).facet == "roadmap_alignment"


def test_a_word_of_the_domain_in_a_role_names_no_one(interpreter) -> None:  # type: ignore[no-untyped-def]
    people = ["Riikka Salo, tietojohtamisen kehittämispäällikkö", "Johanna Sjöberg, chef för kunskapsledning"]
    finder = PersonFinder(people, interpreter.analyzer, interpreter.generic)
    assert finder.find("Mitä tietojohtaminen tarkoittaa?") is None
    assert finder.find("Vad säger mallen om kunskapsledning?") is None
    assert finder.find("Mitkä toimenpiteet ovat kehittämispäällikön vastuulla?") == "Riikka Salo"
    assert finder.find("Vilka åtgärder ansvarar Sjöberg för?") == "Johanna Sjöberg"


def test_a_topic_asked_of_one_part_of_the_plan_is_searched_there(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    written = plan.model_copy(deep=True)
    written.arviointi.seuranta_ja_arviointi = "Johtoryhmä seuraa toimenpiteitä puolivuosittain."
    written.nykytila.nykytilan_kuvaus = "Raportit kootaan tietoaltaaseen."
    query = interpreter.interpret("Mainitaanko seurantaosiossa johtoryhmä?", written)
    assert query.facet == "topic_mentioned" and query.filters.text_field == "seuranta_ja_arviointi"
    assert query.filters.topic == ["johtoryhmä"]  # the words naming the part are no topic
    found = ask(written, "Mainitaanko seurantaosiossa johtoryhmä?", kb=None)
    assert found.text.startswith("Kyllä. Johtoryhmä mainitaan kohdassa 3.5 Seuranta ja arviointi")
    # mentioned elsewhere only: no, and where else it is
    elsewhere = ask(written, "Mainitaanko nykytilan kuvauksessa johtoryhmä?", kb=None)
    assert elsewhere.result is not None and elsewhere.result.yes_no == "no"
    assert "Muualla suunnitelmassa aihe mainitaan 1 kohdassa." in elsewhere.text


def test_a_field_name_made_only_of_area_and_plan_words_names_no_field(interpreter) -> None:  # type: ignore[no-untyped-def]
    finder = interpreter.text_fields
    assert finder.find("Mitkä hallintorakenteen ja organisoinnin kohteet puuttuvat suunnitelmasta?") == []
    assert finder.find("Onko nykytilan kuvaus täytetty?") == [("nykytila", "nykytilan_kuvaus")]


class _Rows:
    """A retriever stub that holds one template row per target (find by metadata only)."""

    def __init__(self) -> None:
        self.asked: list[dict[str, str]] = []

    def find(self, **meta: str) -> list[object]:
        self.asked.append(meta)
        return [type("Row", (), {"id": f"row:{meta.get('target') or meta.get('area')}"})()]


def test_a_sources_part_pointing_back_cites_the_template_rows_of_the_listed_targets() -> None:
    result = ReviewResult(
        facet="targets_without_actions",
        items=[ResultItem(label=n, value=n) for n in ("Mittareiden kattavuus", "Tiedon integraatio")],
    )
    query = ReviewQuery(facet="targets_without_actions", knowledge=True)
    rows = _Rows()
    hits = pointed_hits(rows, query, result, "mitä mallipohja ehdottaa niille? Mitkä kohteet", k=5)
    assert [h.id for h in hits] == ["row:Mittareiden kattavuus", "row:Tiedon integraatio"]
    assert rows.asked[0] == {"kind": "template", "target": "Mittareiden kattavuus"}
    # no pointing back, or another document asked: the search decides
    assert pointed_hits(rows, query, result, "mitä mallipohja sanoo aikatauluista?", k=5) == []
    assert pointed_hits(rows, query, result, "mitä tiekartta sanoo niistä?", k=5) == []
