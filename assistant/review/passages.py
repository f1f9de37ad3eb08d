"""The knowledge-base passages of a reviewer answer: the hybrid search (restricted to the source kinds the
question names, its topic searched apart from the framing words), and the template's own text where the
search alone misses it:

- a mixed question whose plan part checks a rule of the template ("the template requires a responsible
  person for every action; which actions lack one?") cites the template's instruction that states the
  rule first (`rules.yaml` `instruction_passages`: facet → instruction keys of `knowledge/template.yaml`),
  and so does one about a known topic that has an instruction of its own (data protection);
- a question about what to write in a part of the template that names the part (an area such as HYÖDYT)
  and for which the search finds nothing relevant cites that part of the template.

    hits, reason = passages(retriever, spec, query, text, route, k=5)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.models import Hit
from assistant.review.config import load_rules
from assistant.review.cues import plain_matcher
from assistant.review.decompose import SourceNames, source_names
from assistant.review.query import ReviewQuery, ReviewResult
from assistant.review.router import Route, load_vocabulary, words
from assistant.template.spec import TemplateSpec

TEMPLATE_KIND = "template"


def _search(retriever: Any, query: str, route: Route, k: int) -> tuple[list[Hit], str | None]:
    """Hybrid search with the relevance floor, restricted to the source kinds the question names (all
    documents when that finds nothing, or when it also names a document of another kind by its name:
    "the news item on the template" is the news item, which the search itself prefers)."""
    kinds = route.kinds or None
    if kinds and _names(retriever).kinds(query) - set(kinds):
        kinds = None
    result = retriever.search(query, k=k, kinds=kinds, language=route.language)
    if not result.hits and route.kinds:
        result = retriever.search(query, k=k, language=route.language)
    return result.hits, result.reason


def retrieve(retriever: Any, question: str, route: Route, k: int) -> tuple[list[Hit], str | None]:
    """Passages for a question. When the question is framed ("what does the guidance say about ...", "does
    the plan cover ..."), its topic alone (`route.query`) is searched too, and the two result lists are
    interleaved by rank, the topic's first: the framing words otherwise dilute the search."""
    hits, reason = _search(retriever, question, route, k)
    query = route.query.strip()
    if not query or query == " ".join(words(question)):
        return hits, reason
    topic_hits, topic_reason = _search(retriever, query, route, k)
    merged: list[Hit] = []
    for rank in range(k):
        for hit in (*topic_hits[rank : rank + 1], *hits[rank : rank + 1]):
            if hit.id not in {h.id for h in merged}:
                merged.append(hit)
    return merged[:k], (reason if not merged else None) or (topic_reason if not merged else None)


def instruction_hits(retriever: Any, spec: TemplateSpec, query: ReviewQuery) -> list[Hit]:
    """The template's passages holding the instructions that state the rule the plan facet checks (found
    by their own Finnish text, the language of the template document)."""
    keys = list(load_rules().instruction_passages.get(query.facet, [])) if query.knowledge else []
    concept = query.filters.concept
    if query.knowledge and concept in spec.instructions and concept not in keys:
        keys.append(concept)  # a known topic with an instruction of its own (data protection)
    out: list[Hit] = []
    for key in keys:
        text = spec.instructions[key].fi if key in spec.instructions else ""
        if not text:
            continue
        result = retriever.search(text, k=1, kinds=[TEMPLATE_KIND], apply_floor=False)
        out += [h for h in result.hits[:1] if h.id not in {o.id for o in out}]
    return out


@lru_cache(maxsize=1)
def _default_analyzer() -> Analyzer:
    return Analyzer()


def _names(retriever: Any) -> SourceNames:
    """The knowledge base's document names, stemmed by the retriever's analyzer."""
    return source_names(getattr(retriever, "analyzer", None) or _default_analyzer())


def _asks_template(retriever: Any, text: str, route: Route, hits: dict[str, list[int]]) -> bool:
    """The question names the template or its instructions, and no other document."""
    if _names(retriever).kinds(text) - {TEMPLATE_KIND}:
        return False
    return TEMPLATE_KIND in route.kinds or "source" in hits


def section_hits(
    retriever: Any, spec: TemplateSpec, query: ReviewQuery, text: str, route: Route
) -> list[Hit]:
    """A guidance question on what the template asks in a part of its chapter 3 that it names (a section,
    or a text field by its name): that part's own text, at most two passages."""
    f = query.filters
    if query.facet != "guidance" or not (f.section or f.text_field) or not hasattr(retriever, "find"):
        return []
    if not _asks_template(retriever, text, route, plain_matcher().hits(words(text))):
        return []
    ids = [
        group.id if f.text_field else section.id
        for section in spec.sections
        for group in section.groups
        if (f.text_field and any(x.key == f.text_field for x in group.fields))
        or (not f.text_field and section.key == f.section and group is section.groups[0])
    ]
    parts = [re.compile(rf"(?:^|> ){re.escape(i)}(?: |$)") for i in ids]
    chunks = retriever.find(kind=TEMPLATE_KIND)
    return [c for c in chunks if any(p.search(c.section or "") for p in parts)][:2]


def rule_hits(retriever: Any, spec: TemplateSpec, query: ReviewQuery, text: str, route: Route) -> list[Hit]:
    """The template's passages stating a rule the question's source part asks about (`rules.yaml`
    `rule_passages`): a mixed question's second question, or a guidance question that names the template
    or its instructions and no other document ("What periods does the template use?")."""
    if not (query.knowledge or query.facet == "guidance"):
        return []
    hits = plain_matcher().hits(words(text))
    if query.facet == "guidance" and not _asks_template(retriever, text, route, hits):
        return []
    out: list[Hit] = []
    for rule in load_rules().rule_passages.values():
        if not (hits.keys() & set(rule.cues) or (query.knowledge and query.facet in rule.facets)):
            continue
        texts = [spec.instructions[k].fi for k in rule.instructions if k in spec.instructions]
        for sentence in [*texts, rule.text] if rule.text else texts:
            result = retriever.search(sentence, k=1, kinds=[TEMPLATE_KIND], apply_floor=False)
            out += [h for h in result.hits[:1] if h.id not in {o.id for o in out}]
    return out


def named_part_hits(retriever: Any, query: ReviewQuery, k: int) -> list[Hit]:
    """The template's text of the area a guidance question names (nothing for other questions)."""
    area = query.filters.area
    if query.facet != "guidance" or not area or not hasattr(retriever, "find"):
        return []
    return list(retriever.find(kind=TEMPLATE_KIND, area=area))[:k]


def pointed_hits(
    retriever: Any, query: ReviewQuery, result: ReviewResult | None, text: str, k: int
) -> list[Hit]:
    """A mixed question's sources part pointing back at the listed targets or areas ("…, and what does the
    template suggest for them?"): the template's own rows of those targets (or areas), at most k. Not when
    the part names another document than the template (the roadmap's text is not per target)."""
    if not (query.knowledge and result is not None and result.items and hasattr(retriever, "find")):
        return []
    if result.facet not in ("targets_without_actions", "areas_without_actions"):
        return []
    if not set(words(text)) & set(load_vocabulary().back_references) or _names(retriever).kinds(text) - {
        TEMPLATE_KIND
    }:
        return []
    key = "target" if result.facet == "targets_without_actions" else "area"
    out: list[Hit] = []
    for item in result.items:
        value = item.value if key == "target" else item.key
        out += [
            h
            for h in retriever.find(kind=TEMPLATE_KIND, **{key: value})[:1]
            if h.id not in {o.id for o in out}
        ]
        if len(out) >= k:
            break
    return out


def passages(
    retriever: Any,
    spec: TemplateSpec,
    query: ReviewQuery,
    text: str,
    route: Route,
    k: int,
    result: ReviewResult | None = None,
) -> tuple[list[Hit], str | None]:
    """The cited passages of an answer and, when there are none, why (the search's reason)."""
    hits, reason = retrieve(retriever, text, route, k)
    pointed = pointed_hits(retriever, query, result, text, k)
    if pointed:
        hits = [*pointed, *(h for h in hits if h.id not in {p.id for p in pointed})][:k]
        return hits, None
    first = instruction_hits(retriever, spec, query)
    for extra in (
        rule_hits(retriever, spec, query, text, route),
        section_hits(retriever, spec, query, text, route),
    ):
        first += [h for h in extra if h.id not in {f.id for f in first}]
    if first and query.knowledge and _names(retriever).kinds(text) - {TEMPLATE_KIND}:
        # a mixed question's sources part names another document ("what does the roadmap recommend",
        # "Soite's project plan"): its passages come first, the template's rules after them
        hits = [*hits, *(h for h in first if h.id not in {x.id for x in hits})][:k]
    elif first:
        hits = [*first, *(h for h in hits if h.id not in {f.id for f in first})][:k]
    if not hits:
        hits = named_part_hits(retriever, query, k)
    return hits, None if hits else reason
