"""The reviewer-question vocabulary (`facets.yaml`): facet examples, cue words and known topics, and a matcher
for cue words that tolerates inflection (word prefixes) and typos (rapidfuzz)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from assistant.datafile import read_yaml

FACETS_FILE = Path(__file__).with_name("facets.yaml")
_WORD = re.compile(r"[0-9a-zåäöéü]+(?:[\-–][0-9a-zåäöéü]+)*", re.IGNORECASE)


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    names: dict[str, str]
    terms: list[str] = Field(min_length=1, description="Word prefixes searched for (may be stems).")
    words: list[str] = Field(min_length=1, description="The searched terms as words, for the answer.")


class FacetVocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fuzzy: float = Field(ge=50, le=100)
    margin: float = Field(ge=0)
    unsure: float = Field(ge=0, le=1)
    rule_bonus: float = Field(ge=0)
    rule_strong: float = Field(ge=0)
    model_weight: float = Field(
        default=0.0, ge=0, description="Weight of the trained facet model's probability."
    )
    model_sure: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="The facet model's probability from which its plan facet is kept without a plan word.",
    )
    examples: dict[str, dict[str, list[str]]]
    cues: dict[str, list[str]]
    area_aliases: dict[str, list[str]] = Field(default_factory=dict)
    number_words: dict[str, float] = Field(default_factory=dict, description="Small numbers as words.")
    topics: dict[str, Topic]

    def example_rows(self) -> list[tuple[str, str, str]]:
        """(facet, language, text) of every example, in file order."""
        return [
            (facet, lang, text)
            for facet, by_lang in self.examples.items()
            for lang, texts in by_lang.items()
            for text in texts
        ]


@lru_cache(maxsize=4)
def load_facets(path: Path = FACETS_FILE) -> FacetVocabulary:
    vocabulary = FacetVocabulary.model_validate(read_yaml(path))
    from assistant.review.query import Facet  # the facets the YAML names must be typed facets

    known = set(Facet.__args__)  # type: ignore[attr-defined]
    unknown = sorted(set(vocabulary.examples) - known)
    if unknown:
        raise ValueError(f"{path.name}: unknown facets {unknown}")
    return vocabulary


def words(text: str) -> list[str]:
    """Lower-case words of a text; hyphenated compounds stay one word (osa-alueella, HR-direktören)."""
    return [w.replace("–", "-") for w in _WORD.findall(text.lower().replace("’", "'"))]


_PLAIN = str.maketrans("åäö", "aao")


def fold(text: str) -> str:
    """The text with å, ä and ö written as a, a and o (as typed on a keyboard without them)."""
    return text.translate(_PLAIN)


TYPO_MIN = 6  # words this long (or cue words / stems this long) are matched with one typo


def _cuts(stem: str, word: str) -> set[str]:
    """The word cut to the stem's length, one letter shorter (a dropped letter) and one longer (a doubled
    one): a stem is a word's prefix, so its typo'd form is one of these."""
    n = len(stem)
    return {word[:k] for k in (n - 1, n, n + 1) if len(word) >= k}


def typo_prefix(stem: str, word: str, fuzzy: float | None = None) -> bool:
    """`stem` begins `word` up to one typo: a letter dropped, added, changed, or two letters swapped
    (optimal string alignment distance 1), or (cue words: `fuzzy` given) a rapidfuzz ratio of at least
    `fuzzy`. Only stems of `TYPO_MIN` letters or more: shorter ones would match too many words."""
    if word.startswith(stem):
        return True
    if len(stem) < TYPO_MIN or len(word) < len(stem) - 1:
        return False
    cuts = _cuts(stem, word)
    return any(OSA.distance(stem, cut) <= 1 for cut in cuts) or (
        fuzzy is not None and any(fuzz.ratio(stem, cut) >= fuzzy for cut in cuts if len(cut) <= len(stem))
    )


@lru_cache(maxsize=200_000)
def _word_hit(spec: str, word: str, fuzzy: float) -> bool:
    if spec.startswith("="):
        return word == spec[1:]
    return typo_prefix(spec, word, fuzzy)


class CueMatcher:
    """Which cue groups a question's words hit, and at which word positions.

    Each word is compared once with every cue word of the vocabulary (exact words and prefixes by set
    look-ups, typos by rapidfuzz on the longer cues only); the cue words a word matches are cached per word,
    so a question costs a few set intersections per group instead of a pass over every pattern."""

    def __init__(
        self, vocabulary: FacetVocabulary, lemmas: Callable[[str], frozenset[str]] | None = None
    ) -> None:
        """`lemmas`: a word's base forms by a dictionary (Voikko; empty for an unknown word). A whole-word
        cue ("=kaikki") then matches every inflection of it ("kaikkiin"), and a word the dictionary knows is
        no typo, so it is matched by prefix only ("hallintamallia" is not a typo'd "mallin")."""
        self.lemmas = lemmas
        self.fuzzy = vocabulary.fuzzy
        self.groups = {
            name: [tuple(p.split("+")) for p in patterns] for name, patterns in vocabulary.cues.items()
        }
        specs = {spec for patterns in self.groups.values() for pattern in patterns for spec in pattern}
        self._exact: dict[str, set[str]] = {}
        for spec in specs:
            if spec.startswith("="):
                self._exact.setdefault(spec[1:], set()).add(spec)
        self._prefixes = frozenset(s for s in specs if not s.startswith("="))
        # cue words with å, ä or ö by their plain-letter spelling ("nojd" for "nöjd"), four letters or more
        self._folded: dict[str, set[str]] = {}
        for spec in specs:
            plain = fold(spec)
            if plain != spec and len(plain.lstrip("=")) >= 4:
                self._folded.setdefault(plain, set()).add(spec)
        self._fuzzy: dict[int, list[str]] = {}  # typo-tolerant cue words by length
        for spec in sorted(self._prefixes):
            if len(spec) >= TYPO_MIN:
                self._fuzzy.setdefault(len(spec), []).append(spec)
        # one-word patterns per group, and the longer patterns walked word by word
        self._single = {
            name: frozenset(p[0] for p in patterns if len(p) == 1) for name, patterns in self.groups.items()
        }
        self._multi = {name: [p for p in patterns if len(p) > 1] for name, patterns in self.groups.items()}
        self._matched = lru_cache(maxsize=50_000)(self._specs_of)

    def _specs_of(self, word: str) -> frozenset[str]:
        """Every cue word (`_word_hit`'s rules) that `word` matches, or a part of it joined by a hyphen
        ("low-maturity", "3.4-osio")."""
        parts = [p for p in word.split("-") if len(p) >= 3] if "-" in word else []
        whole = self._word_specs(word)
        return whole.union(*(self._matched(p) for p in parts)) if len(parts) > 1 else whole

    def _word_specs(self, word: str) -> frozenset[str]:
        found = set(self._exact.get(word, ()))
        found |= self._prefixes.intersection(word[:k] for k in range(1, len(word) + 1))
        base_forms = self.lemmas(word) if self.lemmas is not None else frozenset()
        for lemma in base_forms if len(word) >= 4 else ():  # not short words of other languages ("en")
            found |= self._exact.get(lemma, set())
        if base_forms:
            return frozenset(found)
        if self._folded and fold(word) == word:  # typed without å, ä, ö and unknown to the dictionary
            found.update(
                *(self._folded.get(k, ()) for k in ("=" + word, *(word[:n] for n in range(4, len(word) + 1))))
            )
        for size, specs in self._fuzzy.items():  # `typo_prefix`, one rapidfuzz call per cut
            if len(word) < size - 1:
                continue
            cuts = _cuts(specs[0], word)
            for cut in cuts:
                close = process.extract(cut, specs, scorer=OSA.distance, score_cutoff=1, limit=None)
                found.update(spec for spec, _, _ in close)
                if len(cut) <= size:
                    alike = process.extract(
                        cut, specs, scorer=fuzz.ratio, score_cutoff=self.fuzzy, limit=None
                    )
                    found.update(spec for spec, _, _ in alike)
        return frozenset(found)

    def _positions(self, group: str, matched: list[frozenset[str]]) -> list[int]:
        single = self._single[group]
        found = {i for i, specs in enumerate(matched) if not single.isdisjoint(specs)}
        for pattern in self._multi[group]:
            n = len(pattern)
            for i in range(len(matched) - n + 1):
                if all(pattern[k] in matched[i + k] for k in range(n)):
                    found.update(range(i, i + n))
        return sorted(found)

    def positions(self, group: str, ws: list[str]) -> list[int]:
        return self._positions(group, [self._matched(w) for w in ws])

    def hits(self, ws: list[str]) -> dict[str, list[int]]:
        matched = [self._matched(w) for w in ws]
        return {name: pos for name in self.groups if (pos := self._positions(name, matched))}


@lru_cache(maxsize=1)
def plain_matcher() -> CueMatcher:
    """One matcher of the facet vocabulary's cue words without a dictionary (for reading a few words)."""
    return CueMatcher(load_facets())


def term_in(term: str, text: str) -> bool:
    """A topic term in a text: "=x" a whole word; otherwise a prefix of a word or of a compound's part."""
    lowered = text.lower()
    if term.startswith("="):
        return term[1:] in words(lowered)
    if " " in term:
        return term in " ".join(words(lowered))
    return term in lowered
