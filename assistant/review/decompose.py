"""Two questions in one: a part about the plan and a part about what a source says (a mixed question).

    parts = Decomposer(cues, analyzer).split("Montako toimenpidettä on, ja mitä pohja sanoo X:stä?")
    # Parts(plan="Montako toimenpidettä on", sources="mitä pohja sanoo X:stä?")

The question is cut into its sentences and, inside a sentence, at a conjunction that opens a second question
("…, ja mitä …", "… and how does …"). A part is about a source when it has a source cue word ("ohjeen
mukaan", "the template") or names a document of the knowledge base by one of its names (knowledge/corpus.yaml
`aliases`: "Soiten hankesuunnitelma", "the news item", "färdplanen"). The parts not about a source, read
together, are the plan part; in any order. A statement about a source before the plan question ("Ohjeen
mukaan X. Onko se huomioitu?") is not split here: its question is read whole (see `OfflineInterpreter`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.datafile import read_yaml
from assistant.paths import KNOWLEDGE_DIR
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.documents import DocumentAliases, _phrases
from assistant.review.cues import CueMatcher, words
from assistant.review.query import ReviewQuery
from assistant.review.readings import CLAUSE, JOINED, detect_language, external_source, verb_first_sv
from assistant.review.router import load_vocabulary
from assistant.review.slots import concept

# the plan's own assessment is no source to search: the assessment model's names are left out
_NOT_SOURCES = frozenset({"assessment"})
# the cue groups of the actions' fields: a plan part pointing back ("which actions lack them?") takes the
# field its sources' part names along
_FIELD_GROUPS = frozenset({"prerequisites", "responsible", "schedule", "short", "long"})


def asks(part: str) -> bool:
    """The part opens like a question or a request (vocabulary.yaml `question_openers`)."""
    openers = load_vocabulary().question_openers
    ws, original = words(part), part.split()
    while ws and ws[0] in openers.get("conjunctions", []):
        ws, original = ws[1:], original[1:]
    if not ws:
        return False
    first = ws[0]
    return (
        first in openers.get("words", [])
        or first.startswith(tuple(openers.get("prefixes", [])))
        or (len(first) > 3 and first.endswith(("ko", "kö")))
        or verb_first_sv(ws, original)  # "Tar planen upp …": a fronted verb and its subject
    )


@dataclass(frozen=True)
class Parts:
    plan: str
    sources: str


class SourceNames:
    """The documents of the knowledge base a text names by their names or their kind's (corpus.yaml), the
    assessment model left out (the plan's own assessment is no source to search)."""

    def __init__(self, analyzer: Analyzer, knowledge_dir: Path = KNOWLEDGE_DIR) -> None:
        self.analyzer = analyzer
        path = knowledge_dir / "corpus.yaml"
        data = (read_yaml(path) if path.exists() else {}) or {}
        docs = [d for d in data.get("documents", []) if d.get("kind") not in _NOT_SOURCES]
        self.docs = {d["doc_id"]: d["kind"] for d in docs}
        kinds = {k: v for k, v in (data.get("kind_aliases") or {}).items() if k not in _NOT_SOURCES}
        self.aliases = DocumentAliases(
            by_doc={d["doc_id"]: _phrases(analyzer, d.get("aliases") or []) for d in docs},
            by_kind={k: _phrases(analyzer, v or []) for k, v in kinds.items()},
            exceptions=frozenset(str(w).lower() for w in data.get("alias_exceptions") or []),
        )

    def positions(self, ws: list[str]) -> list[int]:
        """The positions of the words (`cues.words`) that name a document of the knowledge base by one of
        its names or its kind's ("Soiten hankesuunnitelmassa", "färdplanen", "the project plan")."""
        a = self.analyzer
        variants = [
            set()
            if w in self.aliases.exceptions
            else {f for part in {w, *w.split("-")} for f in (a.stem(part), *a.foreign_stems([part], "sv"))}
            | set(a.foreign_stems([w], "en"))
            for w in ws
        ]
        phrases = [
            p for group in (*self.aliases.by_doc.values(), *self.aliases.by_kind.values()) for p in group
        ]
        out: set[int] = set()
        for phrase in phrases:
            n = len(phrase)
            for i in range(len(ws) - n + 1) if n else ():
                if all(phrase[j] in variants[i + j] for j in range(n)):
                    out.update(range(i, i + n))
        return sorted(out)

    def kinds(self, text: str) -> set[str]:
        """The kinds of the documents the text names ("Soiten hankesuunnitelma": plan; "tiekartta":
        roadmap)."""
        return {self.docs[d] for d in self.aliases.named(self.analyzer, text, self.docs)}


@lru_cache(maxsize=4)
def source_names(analyzer: Analyzer) -> SourceNames:
    return SourceNames(analyzer)


class Decomposer:
    def __init__(self, cues: CueMatcher, analyzer: Analyzer) -> None:
        self.cues = cues
        self.names = source_names(analyzer)

    def names_source(self, text: str) -> bool:
        """A source cue word, or a document of the knowledge base named by one of its names."""
        return external_source(self.cues, words(text)) or bool(self.names.kinds(text))

    def says(self, text: str) -> bool:
        """The text asks what a source says or requires: a claim word ("suosittelee", "mukaan", "requires")
        or a source cue word ("sanoo", "say", "ohje"), not only a document's name."""
        ws = words(text)
        return bool(self.cues.positions("claim", ws)) or external_source(self.cues, ws)

    def without_sources(self, text: str) -> str:
        """The text without the words that name a source ("tiekartan", "mallipohjan", "Soiten"): a plan part
        read alone when its source is asked in the other part."""
        ws = words(text)
        named = {
            *self.names.positions(ws),
            *self.cues.positions("source", ws),
            *self.cues.positions("roadmap", ws),
        }
        kept = " ".join(w for i, w in enumerate(ws) if i not in named)
        return f"{kept}?" if text.rstrip().endswith("?") else kept

    @staticmethod
    def pieces(question: str) -> list[str]:
        """The question's sentences, each cut where a conjunction opens a second question."""
        return [p for _, p in Decomposer.numbered_pieces(question)]

    @staticmethod
    def numbered_pieces(question: str) -> list[tuple[int, str]]:
        """(sentence number, piece) of `pieces`."""
        out: list[tuple[int, str]] = []
        for n, sentence in enumerate(CLAUSE.split(question)):
            out += [(n, p.strip()) for p in JOINED.split(sentence) if p and p.strip()]
        return out

    def split(self, question: str) -> Parts | None:
        """The plan part and the sources' part, or None when the question is not two such questions: each
        part about a source must itself ask (a question mark or a question word), and so must one of the
        plan's parts (a question word: not a fragment that only guesses the answer)."""
        numbered = self.numbered_pieces(question)
        pieces = [p for _, p in numbered]
        if len(pieces) < 2:
            return None
        about = [self.names_source(p) for p in pieces]
        if all(about):
            # every part names a source ("… ilman toimenpiteitä tiekartan näkökulmasta, ja mitä tiekartta
            # suosittelee niille?"): the parts that ask what a source says are about it, the others about
            # the plan
            about = [self.says(p) for p in pieces]
        if all(about) or not any(about):
            return None
        asking = [p.rstrip().endswith("?") or asks(p) for p in pieces]
        if not all(ask for ask, src in zip(asking, about, strict=True) if src):
            return None
        # a plan part that asks, or a terse one joined before the sources' question in its sentence
        # ("Kivikosken aikataulujako, ja mitä pohja määrittelee?"); not a guess after a question
        # ("Mihin malli perustuu? Arviointimalliin?")
        joined_before = not about[0] and about[1] and numbered[0][0] == numbered[1][0]
        if not (joined_before or any(asks(p) for p, src in zip(pieces, about, strict=True) if not src)):
            return None
        plan = " ".join(p for p, src in zip(pieces, about, strict=True) if not src)
        sources = " ".join(p for p, src in zip(pieces, about, strict=True) if src)
        return Parts(plan=plan, sources=sources)


def read_mixed(reader: Any, question: str, plan: Any, ui_language: str) -> ReviewQuery | None:
    """Two questions in one, one about the plan and one about what a source says, in either order
    ("Montako toimenpidettä on, ja mitä pohja sanoo …?", "Mitä ohje vaatii? Mitkä kohdat ovat
    tyhjiä?"): the plan part is read alone and computed, the sources' part searched (mixed)."""
    parts = reader.decomposer.split(question)
    if parts is None:
        return None
    language = detect_language(question, reader.analyzer, ui_language)
    sw = words(parts.sources)
    source_topic = reader.topic_words(parts.sources, reader.read_hits(sw, plan, language), plan)
    plan_text = parts.plan
    points_back = bool(set(words(parts.plan)) & reader.back_references)
    topic_added = points_back and bool(source_topic)
    if topic_added:  # "…, has the plan any of it?"
        plan_text = f"{plan_text} {' '.join(source_topic)}"
    elif points_back:  # "What does the template require about prerequisites, and which actions lack them?"
        fields = [w for w in sw if reader.cues.hits([w]).keys() & _FIELD_GROUPS]
        plan_text = f"{plan_text} {' '.join(fields)}".strip()
    query = reader.interpret(plan_text, plan, ui_language=ui_language, split=False)
    if not query.is_plan and reader.decomposer.names_source(plan_text):
        # "Mitkä kohteet ovat ilman toimenpiteitä tiekartan näkökulmasta, ja mitä tiekartta suosittelee?": the
        # source is asked in the other part; the plan part is read without naming it
        plan_text = reader.decomposer.without_sources(plan_text)
        query = reader.interpret(plan_text, plan, ui_language=ui_language, split=False)
    if query.facet == "unanswerable" and not query.clarify:
        # "Paljonko X maksaa, ja mitä Soiten suunnitelma sanoo resursseista?": the sources' part is answered,
        # the other is said to be unanswered
        return ReviewQuery(
            facet="guidance",
            language=language,
            confidence=query.confidence,
            alternatives=["guidance", "unanswerable"],
            knowledge_query=parts.sources,
            unanswered=parts.plan,
        )
    if not query.is_plan or query.clarify or query.knowledge:
        return None
    sources_facet = reader.interpret(parts.sources, plan, ui_language=ui_language, split=False).facet
    asks_source = reader.decomposer.says(parts.sources)
    if sources_facet == "roadmap_alignment" or (query.facet == "roadmap_alignment" and not asks_source):
        # "which roadmap tasks does the plan cover, and which are missing": the roadmap is the plan facet's
        # own source; a part asking what a source says ("… and what does the roadmap say about them?") is
        # still searched
        return None
    query.language = language
    f, topics = query.filters, reader.vocabulary.topics
    pointed = concept(parts.sources, reader.vocabulary) or source_topic
    if topic_added and pointed and query.facet != "topic_mentioned":
        # the plan part asks whether the plan has what the sources' part is about: a topic question
        query.facet, f.field, f.area, f.target = "topic_mentioned", None, None, None
        f.topic, f.concept = [], None
    if query.facet == "topic_mentioned" and not (f.topic or f.concept):
        # "Mitä ohje sanoo tietosuojasta, ja miten suunnitelma on huomioinut sen?": the topic is the
        # sources' part's
        f.concept = concept(parts.sources, reader.vocabulary)
        f.topic = [] if f.concept else source_topic
        query.topic_asked = bool(f.concept or f.topic)
    # the sources' part may point back ("why it matters"): the plan part's topic goes along
    topic = topics[f.concept].names.get(query.language, "") if f.concept in topics else ""
    about = topic or " ".join(f.topic)
    if set(words(parts.sources)) & reader.back_references:
        about = parts.plan  # "…, och vad säger mallen om det?": the plan part is what it asks about
    query.knowledge, query.knowledge_query = True, f"{parts.sources} {about}".strip()
    return query
