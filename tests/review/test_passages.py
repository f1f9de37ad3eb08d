"""The template's own passages in reviewer answers: the instruction stating the rule a mixed question's
plan part checks is cited first; a guidance question naming an area that the search misses cites that
area's part of the template."""

from __future__ import annotations

from typing import Any

from assistant.retrieval.models import Hit, SearchResult
from assistant.review.config import load_rules
from assistant.review.passages import passages
from assistant.review.query import Filters, ReviewQuery
from assistant.review.router import Route
from assistant.template.spec import load_template


def hit(i: str, text: str, area: str | None = None) -> Hit:
    return Hit(id=i, text=text, doc_id="template", title="Malli", kind="template", score=1.0, area=area)


class Retriever:
    """Finds a passage by its text; the question's own search finds only `found`."""

    def __init__(self, chunks: list[Hit], found: list[Hit]) -> None:
        self.chunks, self.found = chunks, found

    def search(self, query: str, k: int = 5, **_: Any) -> SearchResult:
        same = [c for c in self.chunks if query[:40] in c.text]
        return SearchResult(
            query=query, hits=same or self.found, reason=None if same or self.found else "none"
        )

    def find(self, **meta: str) -> list[Hit]:
        return [c for c in self.chunks if c.area == meta.get("area")]


SPEC = load_template()
TABLE = hit("table", "Taulukon täyttöohjeet: " + SPEC.instructions["table"].fi)
HYODYT = hit("hyodyt", "3.5 Kehittämisen osa-alue: HYÖDYT. Kuvaa, kuinka hyödynnämme kyvykkyyttä.", "hyodyt")
OTHER = hit("other", "Esimerkki: nimeämme vastuuhenkilöt.")
PRIVACY = hit("privacy", "Ohjeistus: " + SPEC.instructions["data_protection"].fi)
ROUTE = Route(kind="knowledge", language="fi")


def test_the_rule_of_the_template_is_cited_first_in_a_mixed_question() -> None:
    r = Retriever([TABLE, HYODYT, OTHER], [OTHER])
    mixed = ReviewQuery(facet="actions_missing_field", filters=Filters(field="responsible"), knowledge=True)
    hits, reason = passages(r, SPEC, mixed, "Malli vaatii vastuuhenkilön.", ROUTE, 5)
    assert [h.id for h in hits][:2] == ["table", "other"] and reason is None
    plain = mixed.model_copy(update={"knowledge": False})
    assert [h.id for h in passages(r, SPEC, plain, "Malli vaatii vastuuhenkilön.", ROUTE, 5)[0]] == ["other"]


def test_a_named_area_of_the_template_is_cited_when_the_search_finds_nothing() -> None:
    r = Retriever([TABLE, HYODYT], [])
    guidance = ReviewQuery(facet="guidance", filters=Filters(area="hyodyt"))
    hits, reason = passages(r, SPEC, guidance, "Mitä HYÖDYT-osaan kirjoitetaan?", ROUTE, 5)
    assert [h.id for h in hits] == ["hyodyt"] and reason is None
    unnamed = ReviewQuery(facet="guidance")
    hits, reason = passages(r, SPEC, unnamed, "Mitä tähän kirjoitetaan?", ROUTE, 5)
    assert hits == [] and reason == "none"


def test_a_known_topic_with_an_instruction_of_its_own_cites_it_first() -> None:
    r = Retriever([TABLE, PRIVACY, OTHER], [OTHER])
    mixed = ReviewQuery(facet="topic_mentioned", filters=Filters(concept="data_protection"), knowledge=True)
    hits, _ = passages(r, SPEC, mixed, "Vad säger mallen om dataskydd?", ROUTE, 5)
    assert [h.id for h in hits] == ["privacy", "other"]


PERIODS = hit(
    "periods",
    "1 Johdanto Sote-maakunta laatii suunnitelman, jonka tavoitteena on tuottaa käsitys, "
    + load_rules().rule_passages["periods"].text,
)
SECTION = Hit(
    id="s31",
    text="3.1 Kuvaus sote-maakunnasta: a) Sote-maakunta b) Järjestämisvastuulliset organisaatiot",
    doc_id="template",
    title="Malli",
    kind="template",
    score=1.0,
    section="3 Kehittämissuunnitelma > 3.1 Kuvaus sote-maakunnasta > 3.1.1 Sote-maakunta",
)


def test_a_rule_the_template_states_is_cited_first_when_its_guidance_is_asked() -> None:
    r = Retriever([TABLE, PERIODS, OTHER], [OTHER])
    guidance = ReviewQuery(facet="guidance")
    template = Route(kind="knowledge", language="en", kinds=["template"])
    question = "What short and long term periods does the template use?"
    assert [h.id for h in passages(r, SPEC, guidance, question, template, 5)[0]][:2] == ["periods", "other"]
    # the news item named: its text, not the template's rule
    news = "What does the news item say about the short and long term?"
    assert [h.id for h in passages(r, SPEC, guidance, news, ROUTE, 5)[0]] == ["other"]
    # a mixed question whose plan part is the period balance cites the rule without naming the periods
    mixed = ReviewQuery(facet="period_balance", knowledge=True)
    assert passages(r, SPEC, mixed, "what did the template set?", ROUTE, 5)[0][0].id == "periods"


def test_a_part_of_the_template_that_the_question_names_is_cited() -> None:
    r = Retriever([SECTION, OTHER], [OTHER])
    named = ReviewQuery(facet="guidance", filters=Filters(section="kuvaus"))
    hits, _ = passages(r, SPEC, named, "What should section 3.1 contain according to the template?", ROUTE, 5)
    assert sorted(h.id for h in hits) == ["other", "s31"]
    unnamed = ReviewQuery(facet="guidance")
    hits, _ = passages(
        r, SPEC, unnamed, "What should section 3.1 contain according to the template?", ROUTE, 5
    )
    assert [h.id for h in hits] == ["other"]
