"""An own action typed with its details in one message ("oma: Yhtenäistämme mittarit, vastuu controller
Sari Mäkelä, aikataulu 2026–2027"): the action's text and the details of its trailing clauses, each clause
opened by a detail's word (vocabulary.yaml `inline_*`, with or without ':' or a copula). A clause that does
not open with a detail's word stays in the action's text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.drafting.extract import alternation, vocabulary

# The engine's detail names in the order they are read.
INLINE = {
    "vastuuhenkilo": "inline_responsible",
    "schedule": "inline_schedule",
    "edellytykset": "inline_prerequisites",
}
MIN_ACTION_WORDS = 2
_CLAUSE = re.compile(r"\s*(?:[,;]|\.(?=\s)|\n)\s*")


@dataclass(frozen=True)
class InlineAction:
    text: str
    details: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=3)
def _opening(detail: str) -> re.Pattern[str]:
    word, copula = alternation(INLINE[detail]), alternation("detail_copulas")
    return re.compile(rf"^(?:{word})\w*(?:\s*:|\s+(?:{copula})(?!\w))?\s+(?=\S)", re.IGNORECASE)


def _detail_of(clause: str) -> tuple[str, str] | None:
    not_values = tuple(vocabulary()["inline_not_values"])
    for detail in INLINE:
        match = _opening(detail).match(clause)
        if match is not None:
            value = clause[match.end() :].strip(" .")
            first = value.split()[0].lower() if value.split() else ""
            return None if first in not_values else (detail, value)
    return None


def split_inline(text: str) -> InlineAction:
    """The action's text and the details given after it; the text unchanged when no clause names one or
    when too little would be left of the action."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if c]
    reads = [_detail_of(c) for c in clauses]  # each clause read once
    for start in range(1, len(clauses)):
        read = reads[start:]
        if all(r is not None for r in read):  # every clause from here on is a detail
            body = ", ".join(clauses[:start]).strip(" .")
            details = dict(r for r in read if r is not None)
            if len(body.split()) >= MIN_ACTION_WORDS and all(details.values()):
                return InlineAction(body, details)
    return InlineAction(text.strip())
