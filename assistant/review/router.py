"""The retrieval route of a reviewer question: which kinds of source documents it names (template, roadmap,
guidance...) and its topic without the framing words ("what does the guidance say about ..."), so that the
knowledge-base search is not diluted.

What the question asks is decided by the typed interpretation (`assistant.review.interpret`, a
`ReviewQuery`); this router's plan intents are kept only for callers of `Route` (the vocabulary is data:
`assistant/review/vocabulary.yaml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.datafile import read_yaml
from assistant.retrieval.analyzer import Analyzer
from assistant.review.models import AnswerKind
from assistant.template.spec import TemplateSpec

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
_WORD = re.compile(r"[0-9a-zåäöéü]+(?:['’\-][0-9a-zåäöéü]+)*")
WEAK_INTENTS = ("area_actions", "topic")


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intents: dict[str, list[str]]
    specific: list[str]
    action_words: list[str]
    plan_reference: list[str]
    not_plan_reference: list[str]
    knowledge_cues: list[str]
    sources: dict[str, list[str]]
    generic_words: dict[str, list[str]]
    language_hints: dict[str, list[str]]
    back_references: list[str] = Field(default_factory=list)
    non_topic_words: dict[str, list[str]] = Field(
        default_factory=dict, description="Verb particles and auxiliaries that are never a topic (sv/en)."
    )
    question_openers: dict[str, list[str]] = Field(default_factory=dict)
    max_items: int = Field(ge=1)
    passages: int = Field(ge=1)
    quotes: int = Field(ge=0)
    quote_chars: int = Field(ge=40)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    vocabulary = Vocabulary.model_validate(read_yaml(path))
    unknown = [i for i in vocabulary.specific if i not in vocabulary.intents]
    if unknown:
        raise ValueError(f"{path.name}: 'specific' names unknown intents {unknown}")
    return vocabulary


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


# --- patterns ---------------------------------------------------------------------------------------
Alternative = tuple[str, ...]  # consecutive words ("how+many"); "=x" = exactly x


def _word_matches(spec: str, word: str) -> bool:
    return word == spec[1:] if spec.startswith("=") else word.startswith(spec)


@dataclass(frozen=True)
class Pattern:
    slots: tuple[tuple[Alternative, ...], ...]

    @classmethod
    def parse(cls, text: str) -> Pattern:
        slots = tuple(
            tuple(tuple(part.split("+")) for part in slot.split("|")) for slot in text.lower().split()
        )
        if not slots or any(not alt or any(not w for w in alt) for slot in slots for alt in slot):
            raise ValueError(f"empty slot or word in vocabulary pattern {text!r}")
        return cls(slots)

    def match(self, ws: list[str]) -> set[int] | None:
        """Word positions used by the match, or None when the pattern does not match."""
        used: set[int] = set()
        for slot in self.slots:
            found = _find_slot(slot, ws)
            if found is None:
                return None
            used |= found
        return used


def _find_slot(slot: tuple[Alternative, ...], ws: list[str]) -> set[int] | None:
    for alternative in slot:
        n = len(alternative)
        for i in range(len(ws) - n + 1):
            if all(_word_matches(alternative[k], ws[i + k]) for k in range(n)):
                return set(range(i, i + n))
    return None


def _compile(patterns: list[str]) -> list[Pattern]:
    return [Pattern.parse(p) for p in patterns]


def _each_word(patterns: list[Pattern], ws: list[str]) -> set[int]:
    """Positions of every word that one of the (one-word) patterns matches on its own."""
    return {i for i, w in enumerate(ws) if _any(patterns, [w]) is not None}


def _any(patterns: list[Pattern], ws: list[str]) -> set[int] | None:
    used: set[int] | None = None
    for pattern in patterns:
        found = pattern.match(ws)
        if found is not None:
            used = (used or set()) | found
    return used


# --- the route --------------------------------------------------------------------------------------
class Route(BaseModel):
    kind: AnswerKind
    language: str
    intents: list[str] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list, description="Area keys named in the question.")
    targets: list[str] = Field(default_factory=list, description="Target keys named in the question.")
    kinds: list[str] = Field(default_factory=list, description="Document kinds to search (empty = all).")
    topic: list[str] = Field(default_factory=list, description="Analysed stems of the question's topic.")
    query: str = Field(
        default="", description="The question without its source, cue and plan words (a second search query)."
    )
    plan_reference: bool = False
    knowledge_cue: bool = False

    @property
    def wants_plan(self) -> bool:
        return self.kind in ("plan", "mixed")

    @property
    def wants_knowledge(self) -> bool:
        return self.kind in ("knowledge", "mixed")


class Router:
    def __init__(
        self, spec: TemplateSpec, analyzer: Analyzer | None = None, vocabulary: Vocabulary | None = None
    ) -> None:
        self.spec = spec
        self.analyzer = analyzer or Analyzer()
        self.vocabulary = vocabulary or load_vocabulary()
        v = self.vocabulary
        self._intents = {name: _compile(patterns) for name, patterns in v.intents.items()}
        self._action = _compile(v.action_words)
        self._plan_ref = _compile(v.plan_reference)
        self._not_plan_ref = _compile(v.not_plan_reference)
        self._cues = _compile(v.knowledge_cues)
        self._sources = {kind: _compile(patterns) for kind, patterns in v.sources.items()}
        self._generic = {
            stem for ws in v.generic_words.values() for w in ws for stem in self.analyzer.query_tokens(w)
        }
        self._areas = {
            area.key: self._phrases([area.name, area.label.fi, area.label.sv, area.label.en])
            for area in spec.areas
        }
        self._targets = {t.key: self._phrases([t.name, t.label.sv, t.label.en]) for t in spec.targets}

    def _phrases(self, texts: list[str | None]) -> list[frozenset[str]]:
        out = [frozenset(self.analyzer.query_tokens(t)) for t in texts if t]
        return [p for p in out if p]

    # --- parts --------------------------------------------------------------------------------------
    def language(self, question: str, fallback: str) -> str:
        """The question's language (the retrieval analyzer's guess), or `fallback` without evidence."""
        detected = self.analyzer.detect_language(question)
        ws = set(words(question))
        hints = {lang: len(ws & set(hint)) for lang, hint in self.vocabulary.language_hints.items()}
        if detected != "fi" or hints.get("fi") or any(ch in question.lower() for ch in "äö"):
            return detected
        others = {lang: n for lang, n in hints.items() if lang != "fi" and n}
        if others:
            return max(others, key=lambda lang: (others[lang], lang))
        return fallback if fallback in ("fi", "sv", "en") else "fi"

    def entities(self, question: str) -> tuple[list[str], list[str]]:
        """Area keys and target keys named in the question (a target's own area is not repeated)."""
        stems = set(self.analyzer.query_tokens(question))
        targets = [k for k, phrases in self._targets.items() if any(p <= stems for p in phrases)]
        covered = {
            self.spec.area_of_target(t.name).key  # type: ignore[union-attr]
            for t in self.spec.targets
            if t.key in targets
        }
        areas = [
            k for k, phrases in self._areas.items() if any(p <= stems for p in phrases) and k not in covered
        ]
        return areas, targets

    def topic(self, question: str) -> list[str]:
        return [s for s in dict.fromkeys(self.analyzer.query_tokens(question)) if s not in self._generic]

    # --- decision -----------------------------------------------------------------------------------
    def route(self, question: str, *, ui_language: str = "fi") -> Route:
        ws = words(question)
        language = self.language(question, ui_language)
        intents = [name for name, patterns in self._intents.items() if _any(patterns, ws) is not None]
        if any(i in self.vocabulary.specific for i in intents) and "action_counts" in intents:
            intents.remove("action_counts")
        excluded = _any(self._not_plan_ref, ws) or set()
        cue_words = _each_word(self._cues, ws)
        cue = bool(cue_words)
        source_words: set[int] = set()
        kinds: list[str] = []
        for kind, patterns in self._sources.items():
            if found := _each_word(patterns, ws):
                kinds.append(kind)
                source_words |= found
        ref_words = _each_word(self._plan_ref, ws) - excluded
        framing = cue_words | source_words | ref_words | excluded
        areas, targets = self.entities(question)
        plan_ref = bool(ref_words)
        about_source = cue or (bool(kinds) and not plan_ref)

        route = Route(
            kind="knowledge",
            language=language,
            areas=areas,
            targets=targets,
            kinds=kinds,
            query=" ".join(w for i, w in enumerate(ws) if i not in framing),
            plan_reference=plan_ref,
            knowledge_cue=cue,
        )
        if intents:
            route.intents = intents
            route.kind = "mixed" if cue and plan_ref else ("knowledge" if cue else "plan")
        elif (areas or targets) and _any(self._action, ws) is not None:
            route.intents = ["area_actions"]
            route.kind = "knowledge" if about_source and not plan_ref else "plan"
        elif plan_ref and (topic := self.topic(question)):
            route.intents = ["topic"]
            route.topic = topic
            route.kind = "mixed" if cue or kinds else "plan"
        if route.kind == "knowledge":
            route.intents = []
        return route
