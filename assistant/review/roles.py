"""A responsible person's post read as a field and a rank (`roles.yaml`), in any of fi/sv/en, so a question
naming the post in another language finds the plan's person ("ICT-chefen" → "ICT-päällikkö").

    posts("Vilka åtgärder har HR-direktören?")  # {("personnel", "director")}
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.datafile import read_yaml
from assistant.review.cues import words

ROLES_FILE = Path(__file__).with_name("roles.yaml")
Post = tuple[str, str]  # (field, rank)


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
