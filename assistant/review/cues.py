"""The reviewer-question vocabulary (`facets.yaml`): facet examples, cue words and known topics, and a matcher
for cue words that tolerates inflection (word prefixes) and typos (rapidfuzz)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

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
    examples: dict[str, dict[str, list[str]]]
    cues: dict[str, list[str]]
    area_aliases: dict[str, list[str]] = Field(default_factory=dict)
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
    vocabulary = FacetVocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    from assistant.review.query import Facet  # the facets the YAML names must be typed facets

    known = set(Facet.__args__)  # type: ignore[attr-defined]
    unknown = sorted(set(vocabulary.examples) - known)
    if unknown:
        raise ValueError(f"{path.name}: unknown facets {unknown}")
    return vocabulary


def words(text: str) -> list[str]:
    """Lower-case words of a text; hyphenated compounds stay one word (osa-alueella, HR-direktören)."""
    return [w.replace("–", "-") for w in _WORD.findall(text.lower().replace("’", "'"))]


@lru_cache(maxsize=200_000)
def _word_hit(spec: str, word: str, fuzzy: float) -> bool:
    if spec.startswith("="):
        return word == spec[1:]
    if word.startswith(spec):
        return True
    # a typo'd word: compare with the word cut to the cue's length (+1 for a dropped letter)
    if len(spec) >= 6 and len(word) >= len(spec) - 1:
        return (
            fuzz.ratio(spec, word[: len(spec)]) >= fuzzy or fuzz.ratio(spec, word[: len(spec) - 1]) >= fuzzy
        )
    return False


class CueMatcher:
    """Which cue groups a question's words hit, and at which word positions."""

    def __init__(self, vocabulary: FacetVocabulary) -> None:
        self.fuzzy = vocabulary.fuzzy
        self.groups = {
            name: [tuple(p.split("+")) for p in patterns] for name, patterns in vocabulary.cues.items()
        }

    def positions(self, group: str, ws: list[str]) -> list[int]:
        found: list[int] = []
        for pattern in self.groups[group]:
            n = len(pattern)
            for i in range(len(ws) - n + 1):
                if all(_word_hit(pattern[k], ws[i + k], self.fuzzy) for k in range(n)):
                    found.extend(range(i, i + n))
        return sorted(set(found))

    def hits(self, ws: list[str]) -> dict[str, list[int]]:
        return {name: pos for name in self.groups if (pos := self.positions(name, ws))}


def term_in(term: str, text: str) -> bool:
    """A topic term in a text: "=x" a whole word; otherwise a prefix of a word or of a compound's part."""
    lowered = text.lower()
    if term.startswith("="):
        return term[1:] in words(lowered)
    if " " in term:
        return term in " ".join(words(lowered))
    return term in lowered
