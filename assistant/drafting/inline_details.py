"""An own action typed with its details in one message ("oma: Yhtenäistämme mittarit, vastuu controller
Sari Mäkelä, aikataulu 2026–2027"): the action's text and the details of its trailing clauses, each clause
opened by a detail's word (vocabulary.yaml `inline_*`, with or without ':' or a copula). A clause that does
not open with a detail's word stays in the action's text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.drafting.detail_text import role_only
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


SHAPED_WORDS = 5  # an unlabelled schedule or person clause is this short ("syksy 2026", "hr-päällikkö")
MIN_SHAPED = 2  # unlabelled details are read only as a tail of at least two ("…, syksy 2026, controller")


def _shaped(clauses: list[str], labelled: list[tuple[str, str] | None]) -> list[tuple[str, str] | None]:
    """Unlabelled details read by their shape at the end of an own action ("esihenkilöille perehdytys,
    syksy 2026, hr-päällikkö, ei lisäkuluja"): a short clause with a year or a continuous word is the
    schedule, a role or a person's name the responsible person, and a last clause after them the
    prerequisites. All None unless at least `MIN_SHAPED` of them end the text."""
    from assistant.interpret.person import PERSON
    from assistant.template.schedule_years import years_in

    out: list[tuple[str, str] | None] = [None] * len(clauses)
    found: dict[str, str] = {}
    for n in range(len(clauses) - 1, 0, -1):
        given = labelled[n]
        if given is not None:  # "…, ansvar Johan, inga extra kostnader": a labelled one in the tail
            found[given[0]] = given[1]
            continue
        clause = clauses[n].strip(" .")
        short = len(clause.split()) <= SHAPED_WORDS
        if short and "schedule" not in found and (years_in(clause) or _continuous().match(clause)):
            detail = "schedule"
        elif short and "vastuuhenkilo" not in found and (role_only(clause) or PERSON.fullmatch(clause)):
            detail = "vastuuhenkilo"
        elif n == len(clauses) - 1 and short and _resources().search(clause):
            detail = "edellytykset"  # "ei lisäkuluja", "inga extra kostnader"
        else:
            break
        found[detail] = clause
        out[n] = (detail, clause)
    shaped = [k for k in found if k != "edellytykset"]
    return out if len(found) >= MIN_SHAPED and shaped and any(out) else [None] * len(clauses)


@lru_cache(maxsize=1)
def _continuous() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation('schedule_continuous')})", re.IGNORECASE)


@lru_cache(maxsize=1)
def _resources() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation('inline_resource_words')})", re.IGNORECASE)


def split_inline(text: str) -> InlineAction:
    """The action's text and the details given after it; the text unchanged when no clause names one or
    when too little would be left of the action."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if c]
    reads = [_detail_of(c) for c in clauses]  # each clause read once
    if any(r is None for r in reads):  # unlabelled details by their shape, beside labelled ones
        shapes = _shaped(clauses, reads)
        reads = [r if r is not None else shaped for r, shaped in zip(reads, shapes, strict=True)]
    for start in range(1, len(clauses)):
        read = reads[start:]
        if all(r is not None for r in read):  # every clause from here on is a detail
            body = ", ".join(clauses[:start]).strip(" .")
            details = dict(r for r in read if r is not None)
            if len(body.split()) >= MIN_ACTION_WORDS and all(details.values()):
                return InlineAction(body, details)
    return InlineAction(text.strip())
