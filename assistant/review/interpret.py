"""Reviewer question → `ReviewQuery`, offline: e5 similarity to the facet examples (data), plus rules on cue
words, plus the filters found in the words (names of the template, persons of the plan, numbers).

    interpreter = OfflineInterpreter(spec, embeddings=...)
    query = interpreter.interpret("Millä osa-alueella kypsyys on alle 2,5?", plan, ui_language="fi")

The rules add a bonus to the facets their cue words support (a strong bonus when they are decisive); the best
score wins. When the two best facets are close and neither is a clear match, the query asks back (`clarify`)
with both readings instead of guessing.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from assistant.embeddings.base import NamedEmbeddings
from assistant.retrieval.analyzer import Analyzer
from assistant.review.classifier import FacetClassifier
from assistant.review.clauses import loose_sources, source_statement, verbless
from assistant.review.cues import CueMatcher, FacetVocabulary, load_facets, words
from assistant.review.decompose import Decomposer, read_mixed
from assistant.review.facet_model import FacetModel
from assistant.review.facet_rules import rule_bonuses
from assistant.review.query import Filters, ReviewQuery
from assistant.review.readings import (
    ALTERNATIVE,
    CLAUSE,
    NOUN_GROUPS,
    about_plan,
    asked_sources,
    base_forms,
    choice_question,
    detect_language,
    function_word,
    having_actions,
    morphology_cues,
    no_nouns,
    not_norms_or_sources,
    period_years,
    restore_dots,
    superlative_metric,
    verb_first_sv,
)
from assistant.review.roles import named_person, named_post
from assistant.review.router import load_vocabulary
from assistant.review.slots import (
    NameResolver,
    PersonFinder,
    TextFieldFinder,
    concept,
    number_words,
    numbers,
    sections,
    template_stems,
)
from assistant.template.spec import TemplateSpec

__all__ = ["OfflineInterpreter", "QueryInterpreter", "detect_language", "period_years"]

_DOTTED = re.compile("[äöåÄÖÅ]")
# whether a topic is mentioned is asked of the plan: by a mention word or by naming the plan or a part of it
_POINTS_AT_PLAN = frozenset({"mention", "plan_ref", "region", "action_noun", "section_noun"})


class QueryInterpreter(Protocol):
    def interpret(self, question: str, plan: Any, *, ui_language: str = "fi") -> ReviewQuery: ...


class OfflineInterpreter:
    def __init__(
        self,
        spec: TemplateSpec,
        *,
        embeddings: NamedEmbeddings | None,
        analyzer: Analyzer | None = None,
        vocabulary: FacetVocabulary | None = None,
    ) -> None:
        self.spec = spec
        self.analyzer = analyzer or Analyzer()
        self.vocabulary = vocabulary or load_facets()
        self.cues = CueMatcher(self.vocabulary, base_forms(self.analyzer))
        self.names = NameResolver(spec, self.analyzer, self.vocabulary.area_aliases)
        self.text_fields = TextFieldFinder(spec, self.analyzer, load_vocabulary().plan_reference)
        self.classifier = FacetClassifier(embeddings, self.vocabulary) if embeddings is not None else None
        self.model = FacetModel(self.analyzer, self.signals)
        self.decomposer = Decomposer(self.cues, self.analyzer)
        self.back_references = frozenset(load_vocabulary().back_references)
        self.generic = template_stems(spec, self.analyzer)  # words of every question, no one's role
        self.non_topic = frozenset(w for ws in load_vocabulary().non_topic_words.values() for w in ws)

    def read_hits(self, ws: list[str], plan: Any, language: str) -> dict[str, list[int]]:
        """Cue groups hit by the words, the plan's periods named by their years, and (Finnish) the cues
        read from word forms."""
        hits = self.cues.hits(ws)
        for period, positions in period_years(ws, plan).items():  # "2022–2025" for the long term
            hits.setdefault(period, positions)
        loose_sources(self.analyzer, ws, hits)  # "Sanotaanko …?", "laskea mukaan": no source named
        documents = self.decomposer.names.positions(ws)
        if documents:  # a document of the knowledge base named ("Soiten hankesuunnitelmassa", "färdplanen")
            hits["document"] = documents
        # "suunnitelmapohja", "Soiten suunnitelma": the template or another document, not the plan
        named_source = {*hits.get("source", []), *documents, *(i + 1 for i in documents)}
        if "plan_ref" in hits and named_source:
            kept = [i for i in hits["plan_ref"] if i not in named_source]
            if kept:
                hits["plan_ref"] = kept
            else:
                del hits["plan_ref"]
        region = [w for w in words(getattr(getattr(plan, "meta", None), "region", "") or "") if len(w) >= 5]
        named = [i for i, w in enumerate(ws) if any(w.startswith(r[:5]) for r in region)]
        if named:  # the plan's region (inflected): the plan is meant, not a source
            hits["region"] = named
            # "Kivikosken alueella": the region's area, not a development area
            kept = [i for i in hits.get("area_noun", []) if i - 1 not in named]
            if kept:
                hits["area_noun"] = kept
            else:
                hits.pop("area_noun", None)
        not_norms_or_sources(hits)  # "Tuleeko X esiin?", "enligt bedömningen"
        if language == "fi":  # a noun cue needs a noun: "Kuka toimii …?" has no actions
            for group in NOUN_GROUPS:
                kept = [i for i in hits.get(group, []) if i not in no_nouns(self.analyzer, ws, [i])]
                if kept:
                    hits[group] = kept
                else:
                    hits.pop(group, None)
        if language == "fi":  # word forms: the abessive ("toimenpiteittä") is a "without"
            for group, positions in morphology_cues(self.analyzer, ws).items():
                hits[group] = sorted({*hits.get(group, []), *positions})
        return hits

    def signals(
        self,
        question: str,
        plan: Any = None,
        hits: dict[str, list[int]] | None = None,
        f: Filters | None = None,
    ) -> list[str]:
        """What the rules read in a question, as tokens for the facet model: the cue groups hit, the kinds
        of filter found (an area, a person, a threshold, …) and whether it opens as a yes/no question."""
        if hits is None:
            language = detect_language(question, self.analyzer, "fi")
            hits = self.read_hits(words(question), plan, language)
        if f is None:
            f = self.filters(question, plan, hits)
        out = [f"#{group}" for group in hits]
        found = ("area", "target", "person", "metric", "order", "concept", "section", "text_field", "period")
        out += [f"#f_{name}" for name in found if getattr(f, name)]
        if f.threshold is not None:
            out.append("#f_threshold")
        if f.field:
            out.append(f"#f_{f.field}")
        return out

    # --- filters --------------------------------------------------------------------------------------
    def filters(self, question: str, plan: Any, hits: dict[str, list[int]]) -> Filters:
        f = Filters()
        areas, targets = self.names.resolve(question)
        f.area = areas[0] if len(areas) == 1 else None
        f.target = targets[0] if len(targets) == 1 else None
        responsibles = [a.vastuuhenkilo for a in getattr(plan, "toimenpiteet", []) if a.vastuuhenkilo]
        f.person = PersonFinder(responsibles, self.analyzer, self.generic).find(question)
        if not f.person and hits.keys() & {"action_noun", "responsibility", "responsible"}:
            # a post or a person no one in the plan is: none of their actions
            f.person = named_post(question) or named_person(question, self.analyzer.morphology)
        short, long = "short" in hits, "long" in hits
        if "schedule" in hits or short or long:
            if short != long and "any_schedule" in hits and "without" in hits and "only" not in hits:
                # "no long-term schedule at all": the period named is what is missing
                f.field = "schedule_short" if short else "schedule_long"
            elif "any_schedule" in hits or (short and long and ("all" in hits or "without" in hits)):
                f.field = "schedule_any"
            elif short or long:  # "only for the short term": the other period is what is missing
                f.field = "schedule_short" if short != ("only" in hits) else "schedule_long"
            else:
                f.field = "schedule"
        if "responsible" in hits and not f.person:
            f.field = "responsible"
        elif {"who", "responsibility"} <= hits.keys() and hits.keys() & {"all", "without"} and not f.person:
            f.field = "responsible"  # "is it marked for every action who answers for it"
        if "prerequisites" in hits:
            f.field = "prerequisites"
        f.period = "short" if short and not long else "long" if long and not short else None
        superlative = superlative_metric(self.analyzer, self.cues, question)
        if "maturity" in hits:
            f.metric = "maturity"
        elif "satisfaction" in hits:
            f.metric = "satisfaction"
        elif superlative:
            f.metric = superlative[0]
        if "lowest" in hits:
            f.order = "lowest"
        elif "highest" in hits:
            f.order = "highest"
        elif superlative and superlative[0] == f.metric:
            f.order = superlative[1]
        figures = numbers(question) or number_words(words(question), self.vocabulary, self.cues.lemmas)
        if figures and ("below" in hits or "above" in hits):
            f.threshold = figures[0]
            f.comparison = "below" if "below" in hits else "above"
            f.order = None
        found = sections(question, self.spec)
        f.section = found[0] if len(found) == 1 else None
        named_fields = self.text_fields.find(question)
        if (
            not named_fields
            and not f.section
            and hits.keys() & {"filled", "empty", "mention", "section_noun"}
        ):
            named_fields = self.text_fields.by_word(question)  # "onko seurannan kohta täytetty?"
        if len(named_fields) == 1:  # "nykytilan kuvaus": one text field of chapter 3, in its section
            f.section, f.text_field = f.section or named_fields[0][0], named_fields[0][1]
            ws = words(question)  # "yhteistyön mallissa": a word of the field's name, not the template
            for group in ("source", "document"):
                kept = [
                    i for i in hits.get(group, []) if not self.text_fields.names_word(ws[i], f.text_field)
                ]
                hits.update({group: kept}) if kept else hits.pop(group, None)
        f.concept = concept(question, self.vocabulary)
        self.names.own_words(hits, words(question), f.target)  # "… strategi och mål": no target noun
        return f

    def topic_words(self, question: str, hits: dict[str, list[int]], plan: Any) -> list[str]:
        """The question's own topic words: not a cue word, not a stop word, not the plan's region."""
        ws = words(question)
        used = {i for pos in hits.values() for i in pos}
        region = {w for w in words(getattr(getattr(plan, "meta", None), "region", "") or "")}
        out = []
        for i, w in enumerate(ws):
            if i in used or w in self.analyzer.stopwords or w in self.non_topic or len(w) < 3:
                continue
            if any(c.isdigit() for c in w):
                continue
            if function_word(self.analyzer, w):
                continue
            if any(w.startswith(r[:5]) for r in region if len(r) >= 5):
                continue
            out.append(w)
        return out

    def bonuses(self, hits: dict[str, list[int]], f: Filters) -> dict[str, float]:
        return rule_bonuses(hits, f, self.vocabulary)

    def interpret(
        self, question: str, plan: Any, *, ui_language: str = "fi", split: bool = True
    ) -> ReviewQuery:
        """The typed query of `question`; `split`: try reading it as two questions (plan + sources)."""
        question = " ".join(question.split())
        if not _DOTTED.search(question) and detect_language(question, self.analyzer, ui_language) == "fi":
            question = restore_dots(self.analyzer, question)  # typed without ä/ö: "tiedon kaytossa"
        mixed = read_mixed(self, question, plan, ui_language) if split else None
        if mixed is not None:
            return mixed
        language = detect_language(question, self.analyzer, ui_language)
        ws = words(question)
        hits = self.read_hits(ws, plan, language)
        f = self.filters(question, plan, hits)
        scores = self.classifier.scores(question) if self.classifier else {}
        probabilities = self.model.probabilities(question, self.signals(question, plan, hits, f))
        for facet, p in probabilities.items():
            scores[facet] = scores.get(facet, 0.0) + self.vocabulary.model_weight * p
        bonuses = self.bonuses(asked_sources(question, hits), f)
        for facet, bonus in bonuses.items():
            scores[facet] = scores.get(facet, 0.0) + bonus
        ranked = sorted(scores, key=lambda k: -scores[k])
        if not ranked:
            ranked = ["guidance"]
            scores = {"guidance": 0.0}
        best = ranked[0]
        second = ranked[1] if len(ranked) > 1 else best
        gap = scores[best] - scores[second]
        confidence = max(0.0, min(1.0, scores[best]))
        query = ReviewQuery(
            facet=best,
            filters=f,
            language=language,
            confidence=round(confidence, 3),
            alternatives=[best, second],
        )
        unsure = gap < self.vocabulary.margin and scores[best] < self.vocabulary.unsure and best != second
        # the model is sure of the facet and no source is named: the plan is asked in words no rule knows
        sure = probabilities.get(best, 0.0) >= self.vocabulary.model_sure and not (
            hits.keys() & {"source", "document", "roadmap", "modal", "where_when"}
        )  # "Onko kaikki tekstikohdat täytetty?", "Onko X:stä mitään?"
        if best == "unanswerable" and second == "guidance" and "unanswerable" not in bonuses:
            # no rule says the plan and the sources lack it (a person's post, the survey's statements):
            # the search of the knowledge base decides, and says so when it finds nothing relevant
            query.facet = "guidance"
        elif (
            best == "unanswerable"
            and second == "topic_mentioned"
            and "unanswerable" not in bonuses
            and hits.keys() & _POINTS_AT_PLAN
            and language == "fi"
            and verbless(self.analyzer, ws)
        ):
            # a fragment naming the plan ("Entä X suunnitelmassa?") and no rule says the plan cannot hold
            # the answer: whether it mentions the topic is as likely, so the reviewer is asked
            query.facet, query.alternatives = "topic_mentioned", ["topic_mentioned", "unanswerable"]
            query.clarify = True
        elif unsure and ({best, second} == {"guidance", "unanswerable"} or not bonuses):
            # nothing of the plan's vocabulary, or only sources in question: the search of the knowledge
            # base decides (nothing relevant found is said so), no need to ask back
            query.facet = "guidance"
        elif unsure:
            query.clarify = True
        elif best == "topic_mentioned" and not (
            hits.keys() & _POINTS_AT_PLAN or f.section or f.text_field or sure
        ):
            query.facet = "guidance"  # "Mistä löytyy materiaalia X:stä?": no mention word, the plan unnamed
        elif query.is_plan and not bonuses and not sure and not about_plan(question, hits, f, plan):
            # no word of the plan's vocabulary (its actions, areas, fields, measures, the plan itself) and
            # no rule: a plan figure would answer something not asked; the knowledge base is searched
            query.facet = "guidance"
        self._finish(query, question, hits, plan)
        return query

    def _finish(self, query: ReviewQuery, question: str, hits: dict[str, list[int]], plan: Any) -> None:
        f = query.filters
        if query.facet == "area_actions":  # the actions of an area are counted and every one is listed
            query.facet = "count_actions"
        has = hits.__contains__
        clauses = [c for c in CLAUSE.split(question) if c.strip()]
        asked = next(
            (c for c in reversed(clauses) if c.rstrip().endswith("?")), clauses[-1] if clauses else ""
        )
        first = words(asked)[:1]  # the asking clause's first word ("Ohjeen mukaan … . Onko se …?")
        yn = {"fi": "yes_no_fi", "sv": "yes_no_sv", "en": "yes_no_en"}[query.language]
        asks_figure = bool(self.cues.positions("count", words(asked)[:2]))  # montako, paljonko
        asked_words = words(asked)
        original = asked.split()
        # the -ko/-kö clitic on one of the clause's first words ("Entä onko …", "Kaikillako …") or opening
        # a part after a comma ("… ja mietin, onko kaikilla …": an indirect yes/no question)
        openers = asked_words[:3] + [p[0] for p in (words(x) for x in asked.split(",")[1:]) if p]
        clitic = query.language == "fi" and bool(morphology_cues(self.analyzer, openers).get("question"))
        query.yes_no = (
            bool(first)
            and not asks_figure
            and (
                bool(self.cues.positions(yn, first))
                or (query.language == "fi" and (first[0].endswith("ko") or first[0].endswith("kö") or clitic))
                or (query.language == "sv" and verb_first_sv(asked_words, original))
            )
        )
        if query.yes_no and choice_question(self.cues, asked_words, yn):
            query.yes_no = False  # "short or long term?": which one, not yes or no
        # "do all have …" — also a yes/no question about an action field that names no lack ("Onko
        # toimenpiteillä aikataulu?"): yes means none is missing
        # "Puuttuuko …, vai onko kaikki täytetty?": two alternatives; yes and no answer the first one
        ws = words(question)
        alt = next(
            (
                i
                for i, w in enumerate(ws[1:-1], 1)
                if w in ALTERNATIVE and self.cues.positions(yn, ws[i + 1 : i + 2])
            ),
            len(ws),
        )
        first_alt = {g for g, pos in hits.items() if any(i < alt for i in pos)}.__contains__
        filled = query.facet == "empty_sections" and first_alt("filled")
        # "is it filled (in)?": yes = filled; a word of both groups ("filled", "ifyllt") is the filled one
        both = set(hits.get("filled", []))
        empty = any(i < alt and i not in both for i in hits.get("empty", []))
        filled = filled and not (first_alt("without") or empty)
        query.all_polarity = (
            first_alt("all")
            or filled
            or (
                query.yes_no  # "Onko X:n kohteille kirjattu toimenpiteitä?": yes = none is without
                and query.facet
                in ("actions_missing_field", "targets_without_actions", "areas_without_actions")
                and not (first_alt("without") or first_alt("empty"))
            )
        )
        if query.facet == "topic_mentioned" or (query.facet == "guidance" and not f.concept):
            named = [n[:5] for n in words(f.person or "") if len(n) >= 3]  # the person: a filter
            f.topic = [w for w in self.topic_words(question, hits, plan) if not any(map(w.startswith, named))]
            if f.text_field:  # the words naming the part searched ("seurantaosiossa") are no topic
                f.topic = [w for w in f.topic if not self.text_fields.names_word(w, f.text_field)]
        query.topic_asked = has("mention") or bool(f.concept)
        if query.facet == "empty_sections" and has("others") and f.text_field:
            f.section = f.text_field = None  # "… and list the other empty ones too": every section
        if query.facet == "assessment" and f.metric is None:
            f.metric = "maturity"
        if query.facet == "assessment" and "without" in hits and "action_noun" in hits:
            f.with_actions = False
        elif query.facet == "assessment" and ("with_actions" in hits or having_actions(hits)):
            f.with_actions = True
        if query.facet == "assessment" and f.order is None and f.threshold is None and not f.area:
            f.order = "lowest"  # an area named without an order or a figure: that area's result is asked
        if query.facet == "actions_missing_field" and f.field is None:
            f.field = "responsible" if has("responsibility") else "schedule"
        if query.facet not in ("count_actions", "actions_missing_field", "area_actions", "topic_mentioned"):
            f.target = None  # a topic may be a target's name: its actions mention it
        if query.is_plan and (said := source_statement(self.cues, self.analyzer, question, query.facet)):
            query.knowledge, query.knowledge_query = True, said  # what a source says: a mixed question
        if query.facet == "guidance":
            query.knowledge_query = question
