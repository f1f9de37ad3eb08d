"""A responsible person's post read as a field and a rank (`roles.yaml`), in any of fi/sv/en, so a question
naming the post in another language finds the plan's person ("ICT-chefen" → "ICT-päällikkö").

    posts("Vilka åtgärder har HR-direktören?")  # {("personnel", "director")}
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from assistant.datafile import read_yaml
from assistant.review.cues import words
from assistant.review.router import load_vocabulary

ROLES_FILE = Path(__file__).with_name("roles.yaml")
Post = tuple[str, str]  # (field, rank)
_PERSON_CLASSES = frozenset({"etunimi", "sukunimi"})  # Voikko's first names and surnames
# a capitalised word standing alone: not a part of a hyphenated name ("Toivo-ohjelma", "Virta-hanke")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÅÄÖ][a-zåäöé]+(?![\w-])")


@lru_cache(maxsize=1)
def _table() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    data = read_yaml(ROLES_FILE)
    fields = [(w.lower(), name) for name, ws in data["fields"].items() for w in ws]
    ranks = [(w.lower(), name) for name, ws in data["ranks"].items() for w in ws]
    key = len  # the longest word first: "tietohallinto" before "tieto"
    return sorted(fields, key=lambda p: -key(p[0])), sorted(ranks, key=lambda p: -key(p[0]))


def _ranks_in(text: str) -> set[str]:
    return {rank for word, rank in _table()[1] if word in text}


def posts(text: str) -> set[Post]:
    """The (field, rank) of every post named in the text."""
    return {post for post, _ in _named(text)}


def named_post(text: str) -> str | None:
    """The words naming the first post in the text, as written ("HR-direktören", "the finance director")."""
    found = _named(text)
    return found[0][1] if found else None


def _named(text: str) -> list[tuple[Post, str]]:
    fields, _ = _table()
    ws = words(text)
    out: list[tuple[Post, str]] = []
    for i in range(len(ws)):
        joined = " ".join(ws[i : i + 3])  # a field of two words and the rank's word after it
        for field_word, field in fields:
            if not joined.startswith(field_word):
                continue
            rest = joined[len(field_word) :]
            after = rest.lstrip("- ").split(" ")[0]  # the rank: the rest of the word, or the next word
            found = _ranks_in(after)
            if len(field_word) <= 3 and rest[:1] not in ("", "-", " "):
                found = {r for w, r in _table()[1] if after.startswith(w)}  # "hrdirektör", never "itse"
            if found:
                span = len(joined[: len(joined) - len(rest)].split(" ")) + (rest[:1] == " ")
                out += [((field, rank), " ".join(ws[i : i + span])) for rank in sorted(found)]
                break
    return out


def named_person(text: str, morphology: Any) -> str | None:
    """A person named in the text by a first name or surname Voikko knows ("Pekka Rantalan" → "Pekka
    Rantala", "Koskiselle" → "Koskinen"), in base form; consecutive names together. None without Voikko.
    A word that opens a question or a request (vocabulary.yaml `question_openers`: "Visa …") is no name."""
    openers = set(load_vocabulary().question_openers.get("words", []))
    if morphology is None:
        return None
    found: list[tuple[int, int, str]] = []
    for m in _CAPITALISED.finditer(text):
        if m.group(0).lower() in openers and not text[: m.start()].strip():
            continue  # "Visa åtgärder …", "List …": the opening verb, not a name
        readings = [r for r in morphology.analyze(m.group(0)) if r.get("CLASS") in _PERSON_CLASSES]
        if readings:
            found.append((m.start(), m.end(), str(readings[0].get("BASEFORM") or m.group(0))))
    if not found:
        return None
    names = [found[0][2]]
    for (_, end, _), (start, _, name) in pairwise(found):
        if text[end:start].strip():
            break
        names.append(name)
    return " ".join(names)
