"""The template's area and development-target names said in Swedish or English (template.yaml `label`).

A Swedish or English question that names a target ("personalens kompetens", "the strategy and goals of
KM") is about the Finnish target's passages; the multilingual model alone often misses them,
and BM25 cannot see them at all. So a question that says most of a name's content words (LABEL_MIN_SHARE)
gets the Finnish name's stems in its lexical query and the Finnish name in the text it embeds.

A name is said strictly (what the review matchers use: the name's own word stems) or loosely (the
retriever's query), where besides its own words
- a glossary term standing for some of the name's words ("KM" for "knowledge management") says those
  words when the question has a glossary term with the same Finnish terms;
- once some of the name is said, a word written with one slip (one edit in a word of six letters or
  more: "employee comitment") counts too.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

LABEL_MIN_WORDS = 2  # one-word names are glossary terms
LABEL_MIN_SHARE = 0.75
TYPO_MIN_LENGTH = 6  # a stem this long may be written with one edit
TYPO_MAX_EDITS = 1


@dataclass(frozen=True)
class Label:
    language: str  # sv | en
    stems: frozenset[str]  # the name's content-word stems in its language
    finnish: str  # the Finnish name, as written in template.yaml
    fi_stems: tuple[str, ...]  # its Snowball stems
    expanded: tuple[str, ...]  # its stems expanded like the index (lemmas, compound parts)
    # (the name's stems a glossary term covers, that term's Finnish stems)
    glossed: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()

    def said(self, stems: set[str], finnish: set[frozenset[str]] | None = None) -> bool:
        """The question says this name: most of its stems are among the question's `stems` (in the name's
        language). With `finnish` (the Finnish stems of each of the question's glossary terms) the loose
        way too: a stem covered by a glossary term with the same Finnish stems as one the question has,
        or, once some of the name is said, a stem written with one slip."""
        covered = set(self.stems & stems)
        if finnish is not None:
            for words, fi in self.glossed:
                if fi in finnish:
                    covered |= words
        need = LABEL_MIN_SHARE * len(self.stems)
        if finnish is None or not covered or len(covered) >= need:
            return len(covered) >= need
        covered |= {s for s in self.stems - covered if one_slip(s, stems)}
        return len(covered) >= need


def one_slip(stem: str, stems: set[str] | frozenset[str], min_length: int = TYPO_MIN_LENGTH) -> bool:
    """Some of `stems` is `stem` written with one edit (a typo); only for stems of `min_length` or more."""
    if len(stem) < min_length:
        return False
    return any(
        abs(len(s) - len(stem)) <= TYPO_MAX_EDITS
        and Levenshtein.distance(stem, s, score_cutoff=TYPO_MAX_EDITS) <= TYPO_MAX_EDITS
        for s in stems
    )
