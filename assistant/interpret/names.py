"""The template's own names recognised in what people type: sections, field labels, areas and targets.

Morphology-aware and typo-tolerant: every word is reduced to its base forms (Voikko when the library and
its Finnish dictionary are installed, Snowball stems always, in Finnish, Swedish and English), and words
are compared with rapidfuzz, so "mene tietotuotteisiin", "Mittareiden kattavus" (a typo) and "gå till
nyttan" find their names. Section numbers ("3.2.2 c", "3.2.2c)", "kohta 3.4") are recognised by rule.

    resolver = NameResolver(spec)
    resolver.resolve("tietotuotteet")      # the text names one thing: best matches first
    resolver.find_mentions(long_message)    # names mentioned somewhere inside a longer text

Aliases (short everyday names of long field labels) are data: `data/aliases.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import Stemmer
from rapidfuzz import fuzz, process

from assistant.datafile import read_yaml
from assistant.template.spec import TemplateSpec

NameKind = Literal["section", "field", "area", "target"]
_DATA = Path(__file__).with_name("data")
_WORD = re.compile(r"[0-9a-zåäöéü]+")
_NUMBER = re.compile(r"(?<![\d.])(3(?:\.\d){1,2})\s*([a-c])?\)?(?![\w.])", re.IGNORECASE)
_PARTICIPLE_VERB = re.compile(r"\[Xp\]([^\[]+)\[X\]")  # the verb a participle is made of (Voikko)
FUZZY_MIN = 84  # rapidfuzz ratio (0-100) from which two words are the same word with a typo
TYPO_MIN_CHARS = 6  # a word this long that Voikko does not know is looked up among its suggestions
TYPO_SUGGESTIONS = 2
PREFIX_MIN = 6  # a shorter base form this long (and 60 % of the other) that starts the other matches it


@dataclass(frozen=True)
class NameMatch:
    """One of the template's names found in a text. `key`: section/group id ("3.2.2"), field key, area
    key or target key; `name`: its Finnish display name; `score`: 0-1 (1 = every word matched)."""

    kind: NameKind
    key: str
    name: str
    score: float
    section: str = ""  # the section or group id the name belongs to ("3.1.1", "3.4")


@dataclass
class _Entry:
    kind: NameKind
    key: str
    name: str
    section: str
    words: list[int] = field(default_factory=list)  # indices of its content words in the vocabulary


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    data = read_yaml(_DATA / "aliases.yaml", strings=True)
    return frozenset(w.lower() for w in data.get("stopwords", []))


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Words the template's own names use for one another ("information" and "data" in English)."""
    data = read_yaml(_DATA / "aliases.yaml", strings=True)
    return {k.lower(): v.lower() for k, v in (data.get("synonyms") or {}).items()}


def _same_words(words: list[str]) -> list[str]:
    synonyms = _synonyms()
    return [synonyms.get(w, w) for w in words]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, dict[str, list[str]]]:
    data = read_yaml(_DATA / "aliases.yaml", strings=True)
    return {kind: data.get(kind, {}) or {} for kind in ("section", "field", "area", "target")}


class Morphology:
    """Base forms of a word: Voikko's (when installed), and Snowball stems in fi/sv/en."""

    def __init__(self) -> None:
        self._stemmers = [Stemmer.Stemmer(lang) for lang in ("finnish", "swedish", "english")]
        self._voikko = None
        try:  # optional: libvoikko (PyPI) + the Debian voikko-fi dictionary
            import libvoikko

            self._voikko = libvoikko.Voikko("fi")
        except Exception:  # any failure (no library, no dictionary): Snowball only
            self._voikko = None

    @property
    def has_voikko(self) -> bool:
        return self._voikko is not None

    @lru_cache(maxsize=20_000)  # noqa: B019 - one instance per process
    def analyses(self, word: str) -> tuple[dict[str, str], ...]:
        """Voikko's analyses of a Finnish word (empty without Voikko, or for a word it does not know)."""
        if self._voikko is None:
            return ()
        return tuple(dict(a) for a in self._voikko.analyze(word))

    def known(self, word: str) -> bool:
        """Voikko knows the word as Finnish (always False without Voikko)."""
        return bool(self.analyses(word))

    @lru_cache(maxsize=20_000)  # noqa: B019 - one instance per process
    def forms(self, word: str, typos: bool = True) -> frozenset[str]:
        """The word's stems and base forms; `typos`: also the base forms of Voikko's spelling suggestions
        when it does not know the word (a message's words; the template's own names need none, and
        suggesting for their Swedish and English words cost every process 0.6 s)."""
        forms = {word, *(s.stemWord(word) for s in self._stemmers)}
        if self._voikko is not None and len(word) > 2 and not word.isdigit():
            for analysis in self._voikko.analyze(word)[:4]:
                base = (analysis.get("BASEFORM") or "").lower()
                if base:
                    forms.add(base)
                verb = _PARTICIPLE_VERB.search(analysis.get("FSTOUTPUT") or "")
                if analysis.get("PARTICIPLE") and verb:  # "päättäneet", "nimetty": also the verb
                    forms.add(verb.group(1).lower())
            if typos:
                forms |= self._typo_forms(word)
        return frozenset(f for f in forms if f)

    def _typo_forms(self, word: str) -> set[str]:
        """Base forms of Voikko's spelling suggestions for a word it does not know, when a suggestion is
        the same word with a typo ("kattavuteen" -> "kattavuuteen" -> "kattavuus"); an inflected word
        with a typo inside is otherwise matched by neither its base form nor the typo ratio."""
        if self._voikko is None or len(word) < TYPO_MIN_CHARS or self.analyses(word):
            return set()
        out: set[str] = set()
        for suggestion in self._voikko.suggest(word)[:TYPO_SUGGESTIONS]:
            if fuzz.ratio(suggestion.lower(), word) >= FUZZY_MIN:
                out |= {(a.get("BASEFORM") or "").lower() for a in self._voikko.analyze(suggestion)[:2]}
        return out


@lru_cache(maxsize=1)
def morphology() -> Morphology:
    return Morphology()


def word_similarity(a: frozenset[str], b: frozenset[str], raw_a: str, raw_b: str) -> float:
    """1.0 for a shared base form; 0.9 when one base form starts the other (inflected stems, compounds);
    the typo ratio otherwise (0 when below `FUZZY_MIN`)."""
    if a & b:
        return 1.0
    for x in a:
        for y in b:
            short, long = (x, y) if len(x) <= len(y) else (y, x)
            if len(short) >= PREFIX_MIN and len(short) >= 0.6 * len(long) and long.startswith(short):
                return 0.9
    if min(len(raw_a), len(raw_b)) < 5:
        return 0.0
    ratio = max(fuzz.ratio(raw_a, raw_b), max(fuzz.ratio(x, y) for x in a for y in b))
    return ratio / 100.0 if ratio >= FUZZY_MIN else 0.0


class NameResolver:
    """Resolves the template's names (in fi/sv/en, inflected, with typos) from free text."""

    def __init__(self, spec: TemplateSpec) -> None:
        self.spec = spec
        self.morph = morphology()
        self.entries: list[_Entry] = []
        self._numbers: dict[str, tuple[NameKind, str, str]] = {}
        self._vocab: list[tuple[str, frozenset[str]]] = []  # every content word of every name
        self._vocab_index: dict[str, int] = {}
        self._build()
        self._finish_vocabulary()

    # --- the names ---------------------------------------------------------------------------------
    def _add(self, kind: NameKind, key: str, name: str, section: str, texts: Sequence[str | None]) -> None:
        for text in texts:
            if not text:
                continue
            raw = _same_words([w for w in words_of(text) if w not in _stopwords()])
            if not raw:
                continue
            indices = []
            for w in raw:
                if w not in self._vocab_index:
                    self._vocab_index[w] = len(self._vocab)
                    self._vocab.append((w, self.morph.forms(w, typos=False)))
                indices.append(self._vocab_index[w])
            self.entries.append(_Entry(kind, key, name, section, indices))

    def _build(self) -> None:
        aliases = _aliases()
        langs = ("fi", "sv", "en")
        for section in self.spec.sections:
            title = section.title
            self._add("section", section.id, title.get("fi"), section.id, [title.get(x) for x in langs])
            extra = aliases["section"].get(section.id, [])
            self._add("section", section.id, title.get("fi"), section.id, extra)
            self._numbers.setdefault(section.id, ("section", section.id, title.get("fi")))
            for group in section.groups:
                if group.id != section.id and group.area is None:
                    gt = group.title
                    self._add("section", group.id, gt.get("fi"), group.id, [gt.get(x) for x in langs])
                    extra = aliases["section"].get(group.id, [])
                    self._add("section", group.id, gt.get("fi"), group.id, extra)
                    self._numbers.setdefault(group.id, ("section", group.id, gt.get("fi")))
                for f in group.fields:
                    label = f.label
                    self._add("field", f.key, label.get("fi"), group.id, [label.get(x) for x in langs])
                    self._add("field", f.key, label.get("fi"), group.id, aliases["field"].get(f.key, []))
                    if f.letter:
                        self._numbers[f"{group.id}{f.letter}"] = ("field", f.key, label.get("fi"))
        table = self.spec.table.title
        self._add("section", "3.4", table.get("fi"), "3.4", [table.get(x) for x in langs])
        self._add("section", "3.4", table.get("fi"), "3.4", aliases["section"].get("3.4", []))
        self._numbers.setdefault("3.4", ("section", "3.4", table.get("fi")))
        for area in self.spec.areas:
            texts = [area.name, *(area.label.get(x) for x in langs), *aliases["area"].get(area.key, [])]
            self._add("area", area.key, area.label.get("fi") or area.name, area.section, texts)
            for t in area.targets:
                texts = [t.name, t.label.get("sv"), t.label.get("en"), *aliases["target"].get(t.key, [])]
                self._add("target", t.key, t.name, area.section, texts)

    # --- matching ----------------------------------------------------------------------------------
    def _tokens(self, text: str) -> list[tuple[str, frozenset[str]]]:
        unique = dict.fromkeys(_same_words([w for w in words_of(text) if w not in _stopwords()]))
        return [(w, self.morph.forms(w)) for w in unique]

    def number(self, text: str) -> NameMatch | None:
        """A section, group or field named by its number: "3.2.2 c", "3.2.2c)", "3.4"."""
        for m in _NUMBER.finditer(text):
            number, letter = m.group(1), (m.group(2) or "").lower()
            for key in (f"{number}{letter}", number):
                if key in self._numbers:
                    kind, k, name = self._numbers[key]
                    return NameMatch(kind, k, name, 1.0, number)
        return None

    def _similarities(self, tokens: list[tuple[str, frozenset[str]]]) -> np.ndarray:
        """(words of the text) x (vocabulary) similarities: 1.0 for a shared base form, 0.9 for a prefix
        match of base forms (compounds, inflected stems), else the typo ratio from `FUZZY_MIN` up."""
        sims = np.zeros((len(tokens), len(self._vocab)), dtype=np.float32)
        if not tokens:
            return sims
        raws = [raw for raw, _ in tokens]
        ratios = process.cdist(raws, self._vocab_raw, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN, workers=1)
        long_enough = (np.array([len(r) for r in raws])[:, None] >= 5) & (self._vocab_len[None, :] >= 5)
        sims = np.where(long_enough, ratios / 100.0, 0.0).astype(np.float32)
        for t, (_, forms) in enumerate(tokens):
            for form in forms:
                for i in self._form_index.get(form, ()):
                    sims[t, i] = 1.0
                if len(form) >= PREFIX_MIN:
                    for i in self._prefix_index.get(form[:PREFIX_MIN], ()):
                        if sims[t, i] < 0.9 and any(
                            (long.startswith(short) and len(short) >= 0.6 * len(long))
                            for v in self._vocab[i][1]
                            for short, long in ((form, v) if len(form) <= len(v) else (v, form),)
                            if len(short) >= PREFIX_MIN
                        ):
                            sims[t, i] = 0.9
        return sims

    def _all_scores(self, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(precision, recall) of every entry at once (see `_score`)."""
        padded = np.concatenate([sims, np.zeros((sims.shape[0], 1), dtype=np.float32)], axis=1)
        grid = padded[:, self._entry_words]  # tokens x entries x words
        precision = grid.max(axis=2).mean(axis=0)
        recall = grid.max(axis=0).sum(axis=1) / self._entry_len
        return precision, recall

    def _finish_vocabulary(self) -> None:
        width = max(len(e.words) for e in self.entries)
        pad = len(self._vocab)  # the all-zero column
        self._entry_words = np.array([e.words + [pad] * (width - len(e.words)) for e in self.entries])
        self._entry_len = np.array([len(e.words) for e in self.entries], dtype=np.float32)
        self._vocab_raw = [raw for raw, _ in self._vocab]
        self._vocab_len = np.array([len(raw) for raw in self._vocab_raw])
        self._form_index: dict[str, list[int]] = {}
        self._prefix_index: dict[str, list[int]] = {}
        for i, (_, forms) in enumerate(self._vocab):
            for form in forms:
                self._form_index.setdefault(form, []).append(i)
                if len(form) >= PREFIX_MIN:
                    self._prefix_index.setdefault(form[:PREFIX_MIN], []).append(i)

    @lru_cache(maxsize=2048)  # noqa: B019 - one resolver per template; a message is read several times
    def _scored(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(precisions, recalls) of every name against the text; None when the text has no words."""
        sims = self._similarities(self._tokens(text))
        return None if sims.shape[0] == 0 else self._all_scores(sims)

    def resolve(self, text: str, *, limit: int = 5, min_score: float = 0.5) -> list[NameMatch]:
        """What a short text that names one thing refers to, best first (`score`: the mean of the share of
        the text's words in the name and of the name's words in the text)."""
        numbered = self.number(text)
        if numbered is not None:
            return [numbered]
        best: dict[tuple[str, str], NameMatch] = {}
        scored = self._scored(text)
        if scored is None:
            return []
        precisions, recalls = scored
        for entry, precision, recall in zip(self.entries, precisions, recalls, strict=True):
            if precision == 0.0:
                continue
            score = round(float(0.6 * precision + 0.4 * recall), 4)
            ident = (entry.kind, entry.key)
            if score >= min_score and (ident not in best or best[ident].score < score):
                best[ident] = NameMatch(entry.kind, entry.key, entry.name, score, entry.section)
        rank = {"target": 0, "area": 1, "field": 2, "section": 3}
        return sorted(best.values(), key=lambda m: (-m.score, rank[m.kind]))[:limit]

    def find_mentions(self, text: str, *, min_recall: float = 0.8) -> list[NameMatch]:
        """Names mentioned inside a longer text: most of the name's words occur in it (`score`: that
        share). Single-word names must match a word exactly or by base form."""
        found: dict[tuple[str, str], NameMatch] = {}
        numbered = self.number(text)
        if numbered is not None:
            found[(numbered.kind, numbered.key)] = numbered
        scored = self._scored(text)
        if scored is None:
            return list(found.values())
        _, recalls = scored
        for entry, recall in zip(self.entries, recalls, strict=True):
            needed = 1.0 if len(entry.words) == 1 else min_recall
            if recall >= needed - 1e-9:
                ident = (entry.kind, entry.key)
                if ident not in found or found[ident].score < recall:
                    score = round(float(recall), 4)
                    found[ident] = NameMatch(entry.kind, entry.key, entry.name, score, entry.section)
        return sorted(found.values(), key=lambda m: -m.score)


_RESOLVERS: dict[int, tuple[TemplateSpec, NameResolver]] = {}


def resolver_for(spec: TemplateSpec) -> NameResolver:
    """One resolver per template object (building it stems every name once)."""
    cached = _RESOLVERS.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = (spec, NameResolver(spec))
        _RESOLVERS[id(spec)] = cached
    return cached[1]
