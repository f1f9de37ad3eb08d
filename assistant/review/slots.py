"""Filters of a reviewer question found in its words: areas and targets (by the template's names, any
inflection or typo), persons named in the plan (by name or role), numbers with a decimal comma, the action
field, the assessment measure and the period."""

from __future__ import annotations

import re
from typing import Any

from assistant.interpret.names import resolver_for
from assistant.retrieval.analyzer import Analyzer
from assistant.review.cues import CueMatcher, FacetVocabulary, term_in, typo_prefix, words
from assistant.review.roles import Post, posts
from assistant.template.spec import TemplateSpec

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d+)?)(?![\d]|[.,]\d)")
_SECTION = re.compile(r"\b3\.[1-5](?:\.\d)?\b")
TYPO_NAME = 0.9  # the shared resolver's recall for a name found with typos (see `_typo_tolerant`)


class NameResolver:
    """Areas and targets named in a question: the drafting side's morphology- and typo-tolerant resolver
    (`assistant.interpret.names`, names whose every word was found) together with the template names' stems
    through the retrieval analyzer's glossary (sv/en) and Swedish compounds of area labels."""

    def __init__(
        self, spec: TemplateSpec, analyzer: Analyzer, aliases: dict[str, list[str]] | None = None
    ) -> None:
        self.spec = spec
        self.analyzer = analyzer
        self.shared = resolver_for(spec)
        self.aliases = {k: [a.lower() for a in v] for k, v in (aliases or {}).items()}
        self._areas = {a.key: self._phrases([a.name, a.label.fi, a.label.sv, a.label.en]) for a in spec.areas}
        self._targets = {t.key: self._phrases([t.name, t.label.sv, t.label.en]) for t in spec.targets}

    def _phrases(self, texts: list[str | None]) -> list[frozenset[str]]:
        out = [frozenset(self.analyzer.query_tokens(t)) for t in texts if t]
        return [p for p in out if p]

    def own_words(self, hits: dict[str, list[int]], ws: list[str], target: str | None) -> None:
        """Drop the target-noun cues that are words of the named target's own name ("Kunskapsledningens
        strategi och mål": "mål" names no targets)."""
        if not target or "target_noun" not in hits:
            return
        name = frozenset().union(*self._targets.get(target, []))
        kept = [i for i in hits["target_noun"] if not set(self.analyzer.query_tokens(ws[i])) <= name]
        hits.update({"target_noun": kept}) if kept else hits.pop("target_noun")

    def _stems(self, question: str) -> set[str]:
        stems = set(self.analyzer.query_tokens(question))
        for w in words(question):  # hyphenated compounds: mittarit-osa-alueella
            if "-" in w:
                stems |= {self.analyzer.stem(part) for part in w.split("-") if part}
        return stems

    def resolve(self, question: str) -> tuple[list[str], list[str]]:
        """(area keys, target keys) named in the question; a named target's own area is not repeated.
        The shared resolver's whole-name matches win; the stems and compounds fill in what it missed."""
        whole = [m for m in self.shared.find_mentions(question, min_recall=1.0) if m.score >= 1.0]
        shared_targets = [m.key for m in whole if m.kind == "target"]
        shared_areas = [m.key for m in whole if m.kind == "area"]
        if shared_areas and shared_targets:
            # A target outside every named area is a reading of the same words as the area's name
            # ("Informationsanvändning"): the area named wins.
            inside = {t.key for a in self.spec.areas if a.key in shared_areas for t in a.targets}
            shared_targets = [k for k in shared_targets if k in inside]
        stems = self._stems(question)
        lowered = question.lower()
        targets = shared_targets or self._most_specific(
            {k: [p for p in phrases if p <= stems] for k, phrases in self._targets.items()}
        )
        covered = {a.key for a in self.spec.areas for t in a.targets if t.key in targets}
        if shared_areas:
            return [k for k in shared_areas if k not in covered], self._within(shared_areas, targets, whole)
        matched: dict[str, list[frozenset[str]]] = {}
        for area in self.spec.areas:
            if area.key in covered:
                continue
            found = [p for p in self._areas[area.key] if p <= stems]
            if not found and (self._compound(area, lowered) or self._alias(area.key, lowered)):
                # the alias or compound plus the parts of the area's names also in the question: more
                # specific than another area whose name shares only those parts ("organisering och lagring")
                partial = set().union(*(p & stems for p in self._areas[area.key]))
                found = [frozenset({area.key} | partial)]
            matched[area.key] = found
        areas = self._most_specific(matched)
        if len(areas) + len(targets) != 1:  # none, or parts of several names: a whole name with a typo?
            near_areas, near_targets = self._typo_tolerant(question)
            if len(near_areas) + len(near_targets) == 1:
                return near_areas, near_targets
        return areas, self._within(areas, targets, whole)

    def _typo_tolerant(self, question: str) -> tuple[list[str], list[str]]:
        """When no single name was found whole: names whose every word is in the question, some
        with a typo ("strateegi"), by the shared resolver's word similarities. A score of `TYPO_NAME` or
        more leaves no word of a name of up to nine words out; single-word names need an exact form."""
        near = [
            m
            for m in self.shared.find_mentions(question, min_recall=TYPO_NAME)
            if m.kind in ("area", "target") and m.score >= TYPO_NAME
        ]
        best = max((m.score for m in near), default=0.0)
        chosen = [m for m in near if m.score == best]
        targets = [m.key for m in chosen if m.kind == "target"]
        covered = {a.key for a in self.spec.areas for t in a.targets if t.key in targets}
        return [m.key for m in chosen if m.kind == "area" and m.key not in covered], targets

    def _within(self, areas: list[str], targets: list[str], whole: list[Any]) -> list[str]:
        """Targets read from the same words as a named area's name ("Informationsanvändning") but
        outside it are dropped: the area named wins (a target named by its whole name stays)."""
        if not areas:
            return targets
        inside = {t.key for a in self.spec.areas if a.key in areas for t in a.targets}
        named = {m.key for m in whole if m.kind == "target"}
        return [k for k in targets if k in inside or k in named]

    @staticmethod
    def _most_specific(matched: dict[str, list[frozenset[str]]]) -> list[str]:
        """Keys whose matched name is not a part of another key's matched name (the glossary may put
        "organisering" in two areas' names: the one whose whole name was given wins)."""
        best = {k: max(ps, key=len) for k, ps in matched.items() if ps}
        return [k for k, p in best.items() if not any(p < q for o, q in best.items() if o != k)]

    def _alias(self, key: str, lowered: str) -> bool:
        """An alias as a whole phrase, or a one-word Swedish alias as the first part of a compound, where
        its final -e drops ("mätaråtgärder" for "mätare")."""
        text = " ".join(words(lowered))
        for alias in self.aliases.get(key, []):
            if re.search(rf"(?<!\w){re.escape(alias)}", text):
                return True
            compound = " " not in alias and len(alias) >= 5 and alias.endswith("e")
            if compound and re.search(rf"(?<!\w){re.escape(alias[:-1])}\w{{3,}}", text):
                return True
        return False

    def _compound(self, area: Any, lowered: str) -> bool:
        """Swedish/English compounds of an area label: "Informationsanvändning" for "Användning av
        information", "informationsdelning" for "Informationsdelning"."""
        for label in (area.label.sv, area.label.en):
            parts = [p for p in re.split(r"\s+(?:av|och|of|and)\s+|\s+", (label or "").lower()) if len(p) > 3]
            if len(parts) == 2:
                a, b = parts
                for joined in (f"{b}s{a}", f"{b}{a}", f"{a}{b}"):
                    if joined[:-2] in lowered.replace(" ", ""):
                        return True
        return False


def word_forms(analyzer: Analyzer, word: str) -> set[str]:
    """A word's Finnish, Swedish and English stems (no translation: a compound stays itself)."""
    return {analyzer.stem(word), *analyzer.foreign_stems([word], "sv"), *analyzer.foreign_stems([word], "en")}


def template_stems(spec: TemplateSpec, analyzer: Analyzer) -> frozenset[str]:
    """The stems (`word_forms`) of the words of five letters or more of the template's own names in fi/sv/en:
    areas, development targets, section titles."""
    texts = [a.label for a in spec.areas] + [t.label for a in spec.action_areas for t in a.targets]
    texts += [s.title for s in spec.sections]
    names = [n for t in texts for n in (t.fi, t.sv, t.en) if n]
    return frozenset(f for n in names for w in words(n) if len(w) >= 5 for f in word_forms(analyzer, w))


class PersonFinder:
    """Responsible persons of the plan named in a question, by (inflected) name or by role."""

    def __init__(
        self, responsibles: list[str], analyzer: Analyzer, generic: frozenset[str] = frozenset()
    ) -> None:
        """`generic`: stems of the domain's own words (the template's names): a role word among them
        ("tietojohtamisen kehittämispäällikkö", "chef för kunskapsledning") names no one, since every
        question is about knowledge management."""
        self.analyzer = analyzer
        # (name, name words, role words, the post read in any language)
        self.people: list[tuple[str, list[str], list[str], set[Post]]] = []
        seen: set[str] = set()
        for text in responsibles:
            name, _, role = text.partition(",")
            name = name.strip()
            if not name or name.lower() in seen:
                continue
            seen.add(name.lower())
            name_words = [w for w in words(name) if len(w) > 2]
            role_words = [w for w in words(role) if len(w) > 5]
            if len(name_words) < 2:  # no personal name: the whole string is a role ("Kehittämispäällikkö")
                role_words, name_words = [w for w in words(name) if len(w) > 5] + role_words, []
            role_words = [w for w in role_words if not self._generic(w, generic)]
            self.people.append((name, name_words, role_words, posts(role or name)))

    def _generic(self, word: str, generic: frozenset[str]) -> bool:
        return bool(word_forms(self.analyzer, word) & generic)

    @staticmethod
    def _same(word: str, given: str) -> bool:
        """The (inflected) name, or a long name with one typo ("Virtasen" for "Virtanen" is gradation,
        `_graded`; "Virtnen" is a typo)."""
        return word == given or (len(given) >= 3 and word.startswith(given)) or typo_prefix(given, word)

    @staticmethod
    def _graded(word: str, given: str) -> bool:
        """Consonant gradation and stem changes (Mäki → Mäen): all but the last two letters shared."""
        return (
            len(given) >= 4
            and len(word) in range(len(given) - 1, len(given) + 4)
            and (word[: len(given) - 2] == given[:-2])
        )

    def find(self, question: str) -> str | None:
        ws = words(question)
        best: tuple[int, str] | None = None
        asked = posts(question)
        for name, name_words, role_words, post in self.people:
            score = 0
            first, last = (name_words[0], name_words[-1]) if name_words else ("", "")
            first_hit = bool(first) and self._same_any(ws, first)
            if last and self._same_any(ws, last) and (len(last) >= 5 or first_hit):
                score = 3 + int(first_hit)
            elif last and first_hit and any(self._graded(w, last) for w in ws):
                score = 3
            elif any(self._role_hit(ws, r) for r in role_words) or asked & post:
                score = 2  # the post in the plan's words, or in another language ("HR-direktören")
            if score and (best is None or score > best[0]):
                best = (score, name)
        return best[1] if best else None

    def _same_any(self, ws: list[str], given: str) -> bool:
        return any(self._same(w, given) for w in ws)

    def _role_hit(self, ws: list[str], role: str) -> bool:
        stem = self.analyzer.stem(role)
        prefix = role[: max(5, len(role) - 2)]  # inflected: the last letters change
        return any(
            w.startswith(prefix) or self.analyzer.stem(w) == stem or typo_prefix(prefix, w) for w in ws
        )


def number_words(ws: list[str], vocabulary: FacetVocabulary, lemmas: Any) -> list[float]:
    """Small numbers written as words ("yli viisi", "kymmentä", "more than five"); `lemmas`: a word's base
    forms (Voikko) or None."""
    table = vocabulary.number_words
    out = []
    for w in ws:
        forms = {w} | (lemmas(w) if lemmas is not None and len(w) >= 4 else frozenset())
        out += [table[f] for f in forms if f in table][:1]
    return out


def numbers(question: str) -> list[float]:
    """Thresholds (small numbers, decimal comma or point); years, section numbers and ranges excluded."""
    text = _SECTION.sub(" ", question)
    text = re.sub(r"\b(19|20)\d\d\b", " ", text)
    return [float(m.replace(",", ".")) for m in _NUMBER.findall(text)]


def sections(question: str, spec: TemplateSpec) -> list[str]:
    """Section keys named by number (3.1 … 3.5); a range (3.1–3.5) names none."""
    if re.search(r"3\.[1-5]\s*[–-]\s*3\.[1-5]", question):
        return []
    found = []
    for m in _SECTION.findall(question):
        for s in spec.sections:
            if s.id == m[:3] and s.key not in found:
                found.append(s.key)
    return found


_FOLD = str.maketrans("äöå", "aoa")


class TextFieldFinder:
    """Text fields of chapter 3 named by their short names: the field's key as words ("nykytilan kuvaus",
    "alueellisen yhteistyön malli") and its labels of up to six words in fi/sv/en ("Current state of
    knowledge management"), compared by stems without the dots of ä/ö/å (so "yhteistyon" meets
    "yhteistyön"). A name needs two content words: a one-word name ("Sote-maakunta") is everyday language."""

    MAX_WORDS = 6
    SHORT_NAME = 4  # a name this short is a field's own name, not a sentence of instructions

    def __init__(self, spec: TemplateSpec, analyzer: Analyzer, plan_words: list[str] | None = None) -> None:
        """`plan_words`: words that name the plan itself; with the areas' and targets' names they make no
        field's name alone (a label translated word by word may hold only such words)."""
        self.analyzer = analyzer
        own = [a.label for a in spec.areas] + [t.label for a in spec.action_areas for t in a.targets]
        generic = [n for t in own for n in (t.fi, t.sv, t.en) if n] + list(plan_words or [])
        self.generic = frozenset(s for t in generic for s in self._stems(t))
        self.fields: list[tuple[str, str, list[frozenset[str]]]] = []  # (section key, field key, names)
        for section in spec.sections:
            for group in section.groups:
                for field in group.fields:
                    labels = [t for t in (field.label.fi, field.label.sv, field.label.en) if t]
                    texts = [field.key.replace("_", " "), *labels] if len(labels[0].split()) > 1 else []
                    names = [
                        n
                        for t in texts
                        if 1 < len(t.split()) <= self.MAX_WORDS and len(n := self._stems(t)) >= 2
                        if n - self.generic
                    ]
                    self.fields.append((section.key, field.key, names))
        self.name_stems: dict[str, frozenset[str]] = {}  # field key -> the stems of its short names
        self.distinctive = self._distinctive(spec)

    def _distinctive(self, spec: TemplateSpec) -> dict[str, tuple[str, str]]:
        """The words (stems) that one field's short names have and no other text of the template's chapter
        3 (its key, its short labels, its group's title when the group has that field alone; not the
        section titles): "seurannan kohta" names "Seuranta ja arviointi" by one of its words."""
        owners: dict[str, set[tuple[str, str]]] = {}
        own: dict[tuple[str, str], set[str]] = {}
        for section in spec.sections:
            for title in (section.title.fi, section.title.sv, section.title.en):
                for stem in self._stems(title or ""):
                    owners.setdefault(stem, set()).add((section.key, ""))
            for group in section.groups:
                titles = [t for t in (group.title.fi, group.title.sv, group.title.en) if t]
                for field in group.fields:
                    key = (section.key, field.key)
                    labels = [t for t in (field.label.fi, field.label.sv, field.label.en) if t]
                    short = [
                        field.key.replace("_", " "),
                        *(titles if len(group.fields) == 1 else []),
                        *labels,
                    ]
                    for text in [*short, *titles]:
                        for stem in self._stems(text):
                            owners.setdefault(stem, set()).add(key)
                    own[key] = {s for t in short if len(t.split()) <= self.SHORT_NAME for s in self._stems(t)}
        self.name_stems = {key[1]: frozenset(stems) for key, stems in own.items()}
        return {s: key for key, stems in own.items() for s in stems if owners[s] == {key} and len(s) >= 5}

    def _stems(self, text: str) -> frozenset[str]:
        return frozenset(t.translate(_FOLD) for t in self.analyzer.query_tokens(text.lower()))

    def find(self, question: str) -> list[tuple[str, str]]:
        """(section key, field key) of every field whose whole short name is in the question, the most
        specific only ("3.3 Kuvaus suhteessa nykytilaan" is not also "nykytilan kuvaus")."""
        stems = self.word_stems(question)
        found = {
            (s, k): max(len(n) for n in names if n <= stems)
            for s, k, names in self.fields
            if any(n <= stems for n in names)
        }
        best = max(found.values(), default=0)
        return [key for key, size in found.items() if size == best]

    def by_word(self, question: str) -> list[tuple[str, str]]:
        """(section key, field key) of the fields named by a word that only their names have ("onko
        seurannan kohta täytetty?"): for a question already read as about the plan's sections."""
        return sorted({self.distinctive[s] for s in self.word_stems(question) if s in self.distinctive})

    def word_stems(self, text: str) -> set[str]:
        """The text's stems and its compounds' parts ("hyötyosiossa": hyöty, osio), without dots."""
        parts = self.analyzer.index_tokens(text.lower())
        return set(self._stems(text)) | {t.translate(_FOLD) for t in parts}

    def names_word(self, word: str, field: str) -> bool:
        """The word (or a part of it) is a word of the field's short names ("seurantaosiossa",
        "kuvauksessa" of "nykytilan kuvaus")."""
        return bool(self.word_stems(word) & self.name_stems.get(field, frozenset()))


def concept(question: str, vocabulary: FacetVocabulary) -> str | None:
    """The known topic the question names (the first in the file's order)."""
    for key, topic in vocabulary.topics.items():
        names = [n.lower() for n in topic.names.values()]
        if any(term_in(t, question) for t in topic.terms) or any(n in question.lower() for n in names):
            return key
    return None


def cue_hits(matcher: CueMatcher, question: str) -> dict[str, list[int]]:
    return matcher.hits(words(question))
