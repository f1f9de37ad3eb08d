"""Answers to reviewer questions: routed, computed from the plan's coverage and/or quoted from the
knowledge base, written offline from catalog templates (optionally reworded by an LLM, checked).

    answer = ask(plan, "Mitkä osa-alueet ovat ilman toimenpiteitä?", kb=kb, spec=spec, language="fi")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.i18n import load_catalog
from assistant.i18n.catalog import Catalog
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.models import Hit
from assistant.retrieval.quote import quote
from assistant.review.compose import Writer
from assistant.review.compute import Calculator
from assistant.review.coverage import analyse, as_plan
from assistant.review.cues import load_facets, plain_matcher, words
from assistant.review.embedder import shared_embeddings
from assistant.review.interpret import OfflineInterpreter, QueryInterpreter
from assistant.review.models import Answer, AnswerKind, Citation, CoverageReport, Fact, FactItem
from assistant.review.passages import passages as find_passages
from assistant.review.query import Facet, ResultItem, ReviewQuery, ReviewResult
from assistant.review.router import Router, Vocabulary, load_vocabulary
from assistant.template.spec import TemplateSpec, load_template

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def _citation(hit: Hit, text: str) -> Citation:
    return Citation(
        chunk_id=hit.id,
        doc_id=hit.doc_id,
        title=hit.title,
        section=hit.section,
        page=hit.page,
        citation=hit.citation,
        quote=text,
        score=hit.score,
    )


class Composer:
    """Writes the offline answer text from facts and citations with the catalog's templates."""

    def __init__(self, catalog: Catalog, vocabulary: Vocabulary, *, max_items: int | None = -1) -> None:
        """`max_items`: items written out per fact (-1: the vocabulary's `max_items`; None: all)."""
        self.catalog = catalog
        self.vocabulary = vocabulary
        self.max_items = vocabulary.max_items if max_items == -1 else max_items

    def fact_lines(self, fact: Fact) -> list[str]:
        t = self.catalog.t
        key = f"review.fact.{fact.intent}"
        values = {"count": fact.count, **fact.values}
        if fact.values.get("available") is False:
            return [t(f"{key}.unavailable", **values)]
        if not fact.count:
            lines = [t(f"{key}.none", **values)]
        else:
            lines = [t(f"{key}.header", **values)]
            limit = len(fact.items) if self.max_items is None else self.max_items
            for item in fact.items[:limit]:
                line = f"- {item.label}"
                if item.detail:
                    line += f": {item.detail}"
                lines.append(line)
            if len(fact.items) > limit:
                lines.append(t("review.answer.more", count=len(fact.items) - limit))
        if fact.intent == "roadmap_unmatched" and fact.values.get("lost"):
            lines.append(t("review.fact.roadmap_alignment.lost", groups=fact.values["lost"]))
        return lines

    def knowledge_lines(self, citations: list[Citation]) -> list[str]:
        if not citations:
            return []
        shown = citations[: self.vocabulary.quotes]
        lines = [self.catalog.t("review.answer.knowledge_header")]
        for c in shown:
            lines.append(f"> {c.quote}")
            lines.append(f"— {c.citation}")
        rest = citations[len(shown) :]
        if rest:
            lines.append(
                self.catalog.t(
                    "review.answer.other_sources",
                    citations="; ".join(dict.fromkeys(c.citation for c in rest)),
                )
            )
        return lines


def ask(
    plan: Any,
    question: str,
    *,
    kb: Any = None,
    spec: TemplateSpec | None = None,
    language: str = "fi",
    llm: BaseChatModel | None = None,
    llm_method: str = "auto",
    llm_timeout_s: float | None = 30.0,
    vocabulary: Vocabulary | None = None,
    interpreter: QueryInterpreter | None = None,
    facet: str | None = None,
    coverage: Callable[[bool, str], CoverageReport] | None = None,
) -> Answer:
    """Answer a reviewer's question about `plan` (a Plan model or its JSON dict).

    The question is interpreted into a typed `ReviewQuery` (offline unless an `interpreter` is given), the
    plan facet is computed (`ReviewResult`) and written so that the first sentence answers what was asked;
    guidance and mixed questions quote the knowledge base (`kb`: a `KnowledgeBase`, or None: then they are
    unanswerable). `language` is the UI language, used when the question's own language cannot be told.
    With `llm`, the text is reworded by the model but only kept when its figures and citations check out.
    `facet`: the reading the reviewer chose when asked back ("did you mean … or …?").
    `coverage(with_roadmap, language)` gives the plan's report (e.g. `CoverageCache.bind(...)`, computed
    once per plan version); without it the report is computed here."""
    spec = spec or load_template()
    vocabulary = vocabulary or load_vocabulary()
    retriever = getattr(kb, "retriever", None)
    analyzer = retriever.analyzer if retriever is not None else Analyzer()
    question = question.strip()
    if not question:
        catalog = load_catalog(language if language in ("fi", "sv", "en") else "fi")
        return Answer(
            question=question,
            language=catalog.language,
            kind="unanswerable",
            text=catalog.t("review.cli.empty_question"),
        )
    plan = as_plan(plan, spec)
    interpreter = interpreter or offline_interpreter(spec, analyzer, kb)
    query = interpreter.interpret(question, plan, ui_language=language)
    if facet is not None and facet in Facet.__args__:  # type: ignore[attr-defined]
        query = query.model_copy(update={"facet": facet, "clarify": False, "confidence": 1.0})
    catalog = load_catalog(query.language)
    writer = Writer(catalog, spec, query.language)
    if query.clarify:
        return _clarification(question, query, writer)

    lines: list[str] = []
    specific: str | None = None  # why the plan cannot answer, in the answer's first sentence
    facts: list[Fact] = []
    result: ReviewResult | None = None
    task_citations: list[Citation] = []
    if query.is_plan:
        roadmap = query.facet == "roadmap_alignment"
        if coverage is not None:
            report = coverage(roadmap, query.language)
        else:
            report = analyse(
                plan, spec=spec, retriever=retriever if roadmap else None, language=query.language
            )
        result = Calculator(plan, report, spec, load_facets(), analyzer, query.language).compute(query)
        asks_who = bool(plain_matcher().positions("who", words(question)))
        about_person = bool(query.filters.person or asks_who) and not query.yes_no
        if result.facet == "topic_mentioned" and not result.count and about_person:
            # a fact about a person (an e-mail address, a start date) or who holds a post, which the plan
            # does not hold: neither source answers it, said plainly instead of the person's mentions
            query = query.model_copy(update={"facet": "unanswerable"})
            result = None
        elif result.facet == "assessment" and "not_assessed" in result.values:
            # the area asked about has no result in the plan's assessment: said so, not another area's
            query = query.model_copy(update={"facet": "unanswerable"})
            specific, result = writer.t("not_assessed", area=result.values["not_assessed"]), None
        elif (
            result.facet == "topic_mentioned"
            and result.available
            and not result.count
            and not query.topic_asked
        ):
            # nothing found for words the question did not clearly ask about: ask back with the two likeliest
            # readings instead of claiming the plan does not mention them
            other = next((a for a in query.alternatives if a != "topic_mentioned"), "guidance")
            query = query.model_copy(update={"clarify": True, "alternatives": ["topic_mentioned", other]})
            return _clarification(question, query, writer)
        if result is not None:
            b = report.balance
            lines = writer.lines(query, result, (b.short_period, b.long_period))
            facts = [_fact(query, result, lines[0], writer)]
            task_citations = _roadmap_citations(report) if roadmap else []

    hits: list[Hit] = []
    reason: str | None = None
    wants_knowledge = query.facet == "guidance" or query.knowledge
    if wants_knowledge:
        if retriever is None:
            reason = catalog.t("review.answer.no_kb")
        else:
            text = query.knowledge_query or question
            route = Router(spec, analyzer, vocabulary).route(text, ui_language=query.language)
            hits, reason = find_passages(retriever, spec, query, text, route, vocabulary.passages, result)
    stems = set(analyzer.query_tokens(question))
    citations = [_citation(h, quote(h.text, stems, analyzer, vocabulary.quote_chars)) for h in hits]

    kind: AnswerKind
    if query.facet == "unanswerable" or (query.facet == "guidance" and not hits):
        kind = "unanswerable"
        lines = [specific] if specific else [writer.t("unanswerable")] + ([reason] if reason else [])
    elif query.facet == "guidance":
        kind = "knowledge"
        lines = [writer.t("guidance")]
        if query.unanswered:  # a part of the question neither source answers, said so first
            lines.insert(0, writer.t("part_unanswered", part=query.unanswered.rstrip("?. ")))
    else:
        kind = "mixed" if hits else "plan"
    if hits:
        # a mixed answer: the computed fact first, then what the sources say under their own header
        lines += Composer(catalog, vocabulary).knowledge_lines(citations)[0 if kind == "mixed" else 1 :]
    elif query.knowledge and kind == "plan":
        lines.append(reason or writer.t("guidance_none"))
    for c in task_citations:  # the roadmap passages of matched tasks
        if c.chunk_id not in {x.chunk_id for x in citations}:
            citations.append(c)

    answer = Answer(
        question=question,
        language=query.language,
        query=query,
        kind=kind,
        intents=[query.facet] if kind in ("plan", "mixed") else [],
        text="\n".join(lines),
        facts=facts,
        citations=citations if kind != "unanswerable" else [],
        result=result,
        notice=query.notice,
    )
    if llm is not None and kind not in ("unanswerable", "clarify"):
        passages = [(h.id, h.citation, h.text) for h in hits]
        from assistant.review.llm import word_answer  # the model layer, only with a model

        answer = word_answer(llm, answer, passages, method=llm_method, timeout_s=llm_timeout_s)
    return answer


def _clarification(question: str, query: ReviewQuery, writer: Writer) -> Answer:
    """The question asked back with its two likeliest readings ("did you mean … or …?"); nothing computed."""
    return Answer(
        question=question,
        language=query.language,
        query=query,
        kind="clarify",
        text=writer.clarify(query),
        notice=query.notice,
    )


def _fact(query: ReviewQuery, result: ReviewResult, title: str, writer: Writer) -> Fact:
    """The computed result as a `Fact` (what the LLM wording and the UI's details rely on)."""
    partial = [ResultItem(**i) for i in result.values.get("partial", [])]  # one period's schedule missing
    worded = writer.worded(
        result.items + partial, "balance_parts" if query.facet == "period_balance" else "schedule_parts"
    )
    items = [FactItem(label=i.label, path=i.link, id=i.key, detail=i.detail) for i in worded]
    listed = {k: v for k, v in result.values.items() if k not in ("ranking", "partial")}
    return Fact(
        intent=query.facet,
        title=writer.t(f"readings.{query.facet}").capitalize(),
        count=result.count if result.available else None,
        items=items,
        values={"first_sentence": title, **listed},
    )


_INTERPRETERS: dict[tuple[int, int], OfflineInterpreter] = {}


def offline_interpreter(spec: TemplateSpec, analyzer: Analyzer, kb: Any = None) -> OfflineInterpreter:
    """One offline interpreter per template and analyzer (the example vectors load once)."""
    key = (id(spec), id(analyzer))
    if key not in _INTERPRETERS:
        embeddings = getattr(kb, "embeddings", None) or shared_embeddings()
        _INTERPRETERS.clear() if len(_INTERPRETERS) > 8 else None
        _INTERPRETERS[key] = OfflineInterpreter(spec, embeddings=embeddings, analyzer=analyzer)
    return _INTERPRETERS[key]


def _roadmap_citations(report: Any) -> list[Citation]:
    out: list[Citation] = []
    for row in report.roadmap.matched if report.roadmap.available else []:
        t = row.task
        out.append(
            Citation(
                chunk_id=t.chunk_id,
                doc_id=t.doc_id,
                title=t.title,
                section=t.section,
                page=t.page,
                citation=t.citation,
                quote=t.heading,
                score=row.matches[0].score,
            )
        )
    return out
