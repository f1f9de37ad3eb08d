"""Details a question asks for, and whether the passages where its answer would be hold one: a person's
name, an amount of money, a day, a product or company by name, a law's article, a percentage
(answer_types.yaml `details`); and whether it asks how something turned out after the documents were
written (`outcome_cues`). Inputs of the answerability model (retrieval/refusal_features.py), not rules alone:
a question about "the budget" may be answered by a passage that states it in words.

A cue is a whole question word, or with a trailing "-" the beginning of one; a phrase is words in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.datafile import read_yaml

_FILE = Path(__file__).with_name("answer_types.yaml")
_WORD = re.compile(r"[0-9a-zåäöéü]+(?:-[0-9a-zåäöéü]+)*", re.IGNORECASE)
# Evidence, by kind. A person: two capitalised words, the first not opening the sentence.
_EVIDENCE = {
    "person": re.compile(r"(?<=[a-zåäö,] )[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+"),
    "money": re.compile(
        r"\d[\d \u00a0,.]*\s*(?:€|e\b|eur|euro|milj|mrd|tuhatta|miljoonaa|miljon|million|kr\b)", re.IGNORECASE
    ),
    # a day: with its year ("1.6.2020"; "3.4." is a section number) or its month ("1. kesäkuuta")
    "day": re.compile(
        r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}(?!\d)|(?<!\d)\d{1,2}\.?\s+(?:päivä|[a-zåäö]+kuuta)",
        re.IGNORECASE,
    ),
    "name": re.compile(r"(?<=[a-zåäö,(] )(?:[A-ZÅÄÖ][a-zåäöé]+|[A-ZÅÄÖ]{2,})"),
    "percent": re.compile(r"\d\s?%|\d+(?:,\d+)?\s*(?:prosent|procent|percent)", re.IGNORECASE),
    "article": re.compile(
        r"§|\b\d+\s*(?:artikla|artikl|artikel|article)|(?:artikla|article|artikel)\s*\d+", re.I
    ),
}


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return read_yaml(_FILE)


@dataclass(frozen=True)
class Cues:
    """Cue words and phrases, compiled: whole words, word beginnings, and phrases of several words."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, cues: Sequence[str]) -> Cues:
        single = [str(c).lower() for c in cues if " " not in str(c).strip()]
        return cls(
            frozenset(c for c in single if not c.endswith("-")),
            tuple(c[:-1] for c in single if c.endswith("-")),
            tuple(tuple(str(c).lower().split()) for c in cues if " " in str(c).strip()),
        )

    def said(self, words: list[str]) -> bool:
        """Some cue is among the question's words (a phrase: its words in order)."""
        if any(w in self.words or w.startswith(self.prefixes) for w in words):
            return True
        for phrase in self.phrases:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if all(_matches(words[i + j], phrase[j]) for j in range(n)):
                    return True
        return False


def _matches(word: str, cue: str) -> bool:
    return word.startswith(cue[:-1]) if cue.endswith("-") else word == cue


@lru_cache(maxsize=1)
def _details() -> dict[str, tuple[str, Cues]]:
    return {k: (str(v["evidence"]), Cues.of(v["cues"])) for k, v in _data()["details"].items()}


@lru_cache(maxsize=1)
def _outcome() -> Cues:
    return Cues.of([c for cues in _data()["outcome_cues"].values() for c in cues])


def asked_details(query: str) -> list[str]:
    """The details (keys of `details`) the question asks for."""
    words = [w.lower() for w in _WORD.findall(query)]
    return [kind for kind, (_, cues) in _details().items() if cues.said(words)]


def held(kind: str, texts: Sequence[str]) -> bool:
    """Some text holds the evidence of this detail."""
    evidence = _EVIDENCE[_details()[kind][0]]
    return any(evidence.search(t) for t in texts)


def unmet_details(query: str, texts: Sequence[str]) -> list[str]:
    """The details the question asks for that none of the texts holds."""
    return [kind for kind in asked_details(query) if not held(kind, texts)]


def asks_outcome(query: str) -> bool:
    """The question asks how something turned out after the documents were written."""
    return _outcome().said([w.lower() for w in _WORD.findall(query)])
