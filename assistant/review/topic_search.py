"""Is a topic mentioned in the plan: the search behind the `topic_mentioned` facet (a mixin of the
`Calculator`, `compute.py`). A known topic is searched by its listed terms; a topic in the question's own
words by their stems, matched as a word's beginning (up to a typo), stem, lemma or compound part (Voikko), and
by their glossary translations when the question is in another language than the plan's Finnish. Words
that have no equivalent in the plan's language are never reported "not mentioned": the answer says so."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.quote import snippet
from assistant.review.cues import FacetVocabulary, term_in, typo_prefix, words
from assistant.review.query import ResultItem, ReviewQuery, ReviewResult

ACTION_TEXT_FIELDS = ("toimenpide", "lyhyt_aikavali", "pitka_aikavali", "vastuuhenkilo", "edellytykset")


class TopicSearch(ABC):
    """Mixed into the Calculator: the topic search over the plan's text fields and actions."""

    plan: Any
    spec: Any
    vocabulary: FacetVocabulary
    analyzer: Analyzer
    language: str

    @abstractmethod
    def _text_fields(self) -> Iterator[tuple[Any, Any, Any, str]]:
        """(section, group, field, text) of every filled text field of the plan."""

    @abstractmethod
    def _field_item(self, section: Any, group: Any, field: Any, detail: str = "") -> ResultItem:
        """A text field as an answer's item."""

    @abstractmethod
    def action_item(self, action: Any, detail: str = "") -> ResultItem:
        """An action as an answer's item."""

    @abstractmethod
    def target_key(self, action: Any) -> str | None:
        """The key of the action's development target."""

    def topic_terms(self, q: ReviewQuery) -> tuple[list[str], list[str]]:
        """(terms searched, the words to name in the answer)."""
        f = q.filters
        if f.concept:
            topic = self.vocabulary.topics[f.concept]
            return topic.terms, [topic.names.get(self.language) or topic.names["fi"]]

        stems = [self.analyzer.stem(w) for w in f.topic]
        return [s for s in stems if len(s) >= 3], [self._base_form(w) for w in f.topic]

    def _base_form(self, word: str) -> str:
        """A Finnish topic word in its base form ("raportointialustasta" -> "raportointialusta")."""
        morphology = self.analyzer.morphology
        if morphology is None or self.language != "fi":
            return word
        # a noun's reading first, the shortest base form of those ("kokonaisarkkitehtuurista" is a noun's
        # elative, not an adjective "kokonaisarkkitehtuurinen")
        readings = sorted(
            morphology.analyze(word),
            key=lambda r: (r.get("CLASS") != "nimisana", len(r.get("BASEFORM") or "")),
        )
        return next((r["BASEFORM"] for r in readings if r.get("BASEFORM")), word)

    def _translated(self, terms: list[str], shown: list[str]) -> list[str]:
        """Glossary translations (Finnish stems) of topic words asked in another language than the plan's
        Finnish ("training" -> koulutus): the plan's own words are searched too."""
        plan_language = getattr(getattr(self.plan, "meta", None), "language", "fi")
        if self.language == plan_language or plan_language != "fi":
            return []
        return [t for w in shown for t in self.analyzer.translations(w) if t not in terms]

    def topic_mentioned(self, q: ReviewQuery) -> ReviewResult:
        terms, shown = self.topic_terms(q)
        if not terms:
            return ReviewResult(facet=q.facet, available=False, values={"searched": []})
        known = bool(q.filters.concept)
        if not known:
            terms = terms + self._translated(terms, shown)
        items = self._topic_items(terms, known)
        scope = self._scope(q)
        plan_language = getattr(getattr(self.plan, "meta", None), "language", "fi")
        concept = self.vocabulary.topics[q.filters.concept].words if known else None  # type: ignore[index]
        # words asked in another language than the plan's, with no known equivalent: not finding them says
        # nothing about the plan; the answer says what was searched and asks for the plan's word
        unknown_language = not known and self.language != plan_language
        if scope is not None:  # "Mainitaanko seurantaosiossa …?": that part of the plan only
            if not items and unknown_language:
                return self._other_language(q, shown, plan_language)
            inside = [i for i in items if i.key in scope[1]]
            extra = {"scope": scope[0], "elsewhere": len(items) - len(inside)}
            words = shown if concept is None else concept
            return self._result(q, inside, {"searched": shown, "words": words, **extra})
        by_target = self._target_items(q, {i.key for i in items})
        if by_target and not any(self._found(terms, i.label, known) for i in items):
            shown = [self._target_label(q.filters.target)]  # the topic is the target's name
        items += by_target
        if not items and unknown_language:
            return self._other_language(q, shown, plan_language)
        return self._result(q, items, {"searched": shown, "words": shown if concept is None else concept})

    @staticmethod
    def _other_language(q: ReviewQuery, shown: list[str], plan_language: str) -> ReviewResult:
        return ReviewResult(
            facet=q.facet, available=False, values={"searched": shown, "other_language": plan_language}
        )

    @staticmethod
    def _result(q: ReviewQuery, items: list[Any], values: dict[str, Any]) -> ReviewResult:
        """The places the topic was found in, with a yes/no (`values`: what was searched, and where)."""
        return ReviewResult(
            facet=q.facet, count=len(items), items=items, yes_no="yes" if items else "no", values=values
        )

    def _scope(self, q: ReviewQuery) -> tuple[str, set[str]] | None:
        """(its name, its text fields' keys) of the part of chapter 3 the question names, if any."""
        f = q.filters
        if not (f.text_field or f.section):
            return None
        fields = [
            (section, group, field)
            for section, group, field, _ in self._text_fields()
            if field.key == f.text_field or (not f.text_field and section.key == f.section)
        ]
        if not fields:
            return None
        section, group, field = fields[0]
        if f.text_field and len(group.fields) > 1:  # a field of a group: its own label, numbered
            name = self._field_item(section, group, field).label
        else:
            title = group.title if f.text_field else section.title
            name = f"{group.id if f.text_field else section.id} {title.get(self.language)}"
        return name, {x.key for _, _, x in fields}

    def _topic_items(self, terms: list[str], known: bool) -> list[ResultItem]:
        items: list[ResultItem] = []
        for section, group, field, text in self._text_fields():
            if text and self._found(terms, text, known):
                items.append(self._field_item(section, group, field, self._snippet(terms, text)))
        for action in self.plan.toimenpiteet:
            texts = [getattr(action, k) for k in ACTION_TEXT_FIELDS]
            hit = next((t for t in texts if t and self._found(terms, t, known)), None)
            if hit is not None:
                items.append(self.action_item(action, self._snippet(terms, hit)))
        return items

    def _target_items(self, q: ReviewQuery, listed: set[str | None]) -> list[ResultItem]:
        """The actions of the development target the topic names ("enterprise architecture" is the
        target Kokonaisarkkitehtuuri in any language): they are about the topic."""
        if not q.filters.target:
            return []
        return [
            self.action_item(a)
            for a in self.plan.toimenpiteet
            if self.target_key(a) == q.filters.target and self.action_item(a).key not in listed
        ]

    def _target_label(self, key: str | None) -> str:
        target = next((t for t in self.spec.targets if t.key == key), None)
        if target is None:
            return key or ""
        return getattr(target.label, self.language, None) or target.name

    def _found(self, terms: list[str], text: str, known: bool) -> bool:
        if known:
            return any(term_in(t, text) for t in terms)
        tokens = words(text)
        # a word of the plan holds the term: as its beginning (up to a typo), as its stem, or as the stem of
        # its lemma or of a compound part (Voikko: "tiedonhallintamalli" holds "hallin")
        present = {
            t
            for t in terms
            if any(
                typo_prefix(t, w) or self.analyzer.stem(w) == t or t in self.analyzer.expand(w)
                for w in tokens
            )
        }
        return len(present) >= max(1, (len(terms) + 1) // 2)

    def _snippet(self, terms: list[str], text: str) -> str:
        lowered = text.lower()
        positions = [lowered.find(t.lstrip("=")) for t in terms if t.lstrip("=") in lowered]
        start = min(positions) if positions else 0
        return snippet(text, start, start, 160)
