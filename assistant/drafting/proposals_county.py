"""What this county said about itself, as the offline proposer ranks by it: the words of its current state
(3.2.1), its assessment results and their notes (3.2.2), its goals (3.3), and where the target's area stands
among the areas it assessed (lowest maturity, then lowest satisfaction, first)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The county's own answers the ranking reads, by (section, field): 3.2.1, 3.2.2 b, 3.3 a and b.
COUNTY_FIELDS = (
    ("nykytila", "nykytilan_kuvaus"),
    ("nykytila", "arvioinnin_tulokset"),
    ("tavoitteet", "kuvaus_suhteessa_nykytilaan"),
    ("tavoitteet", "tavoiteltavat_tulokset"),
)
# How much a candidate's overlap with the county's words weighs against its overlap with the target.
COUNTY_WEIGHT = 1.5
# The words shown as the reason for a proposal's place.
MAX_SHOWN_WORDS = 3
# A shared word counts only when it is specific enough in the corpus (IDF): "käyttöön" or "tiedon" say
# nothing about what a county wants, "mittarit" or "tietovarasto" do.
MIN_IDF = 2.0
_WORD = re.compile(r"[^\W\d_]{4,}(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class AreaStanding:
    """The target's area among the areas the county assessed: its scores and rank (1 = lowest)."""

    maturity: float | None
    satisfaction: float | None
    rank: int
    assessed: int
    scale_min: float
    scale_max: float


@dataclass
class CountyContext:
    """The county's own text (for the query and the ranking), its stems and the area's standing."""

    text: str = ""
    stems: set[str] = field(default_factory=set)
    words_by_stem: dict[str, str] = field(default_factory=dict)
    standing: AreaStanding | None = None

    def fit(self, stems: set[str], idf: Callable[[str], float]) -> float:
        """The IDF-weighted share of a candidate's stems that the county's own answers also use."""
        mass = sum(idf(s) for s in stems)
        if not mass or not self.stems:
            return 0.0
        return sum(idf(s) for s in stems & self.stems if idf(s) >= MIN_IDF) / mass

    def shared_words(self, stems: set[str], idf: Callable[[str], float]) -> list[str]:
        """The county's own words (as it wrote them) that a candidate shares, rarest first."""
        shared = sorted(stems & self.stems, key=lambda s: (-idf(s), s))
        return [self.words_by_stem[s] for s in shared if idf(s) >= MIN_IDF][:MAX_SHOWN_WORDS]


def _field(plan: Any, section: str, key: str) -> str:
    return str(getattr(getattr(plan, section, None), key, "") or "")


def area_standing(plan: Any, area_key: str) -> AreaStanding | None:
    """Where the area stands among the county's assessed areas; None without a result for it."""
    results = getattr(plan, "arviointitulokset", None)
    if results is None or not results.alueet:
        return None
    big = float("inf")

    def key(r: Any) -> tuple[float, float]:
        maturity = r.kypsyys if r.kypsyys is not None else big
        return maturity, r.tyytyvaisyys if r.tyytyvaisyys is not None else big

    ordered = sorted(results.alueet, key=key)
    own = next((n for n, r in enumerate(ordered, 1) if r.alue == area_key), None)
    if own is None:
        return None
    r = ordered[own - 1]
    return AreaStanding(
        maturity=r.kypsyys,
        satisfaction=r.tyytyvaisyys,
        rank=own,
        assessed=len(ordered),
        scale_min=results.asteikko_min,
        scale_max=results.asteikko_max,
    )


def county_context(plan: Any, area_key: str, tokens: Callable[[str], list[str]]) -> CountyContext:
    """The county's answers (3.2.1, 3.2.2 b, 3.3) and the area's assessment note, analysed."""
    parts = [_field(plan, s, k) for s, k in COUNTY_FIELDS]
    results = getattr(plan, "arviointitulokset", None)
    if results is not None:
        parts += [r.huomio for r in results.alueet if r.alue == area_key and r.huomio]
    text = "\n".join(p.strip() for p in parts if p.strip())
    words_by_stem: dict[str, str] = {}
    for word in _WORD.findall(text):
        for stem in tokens(word):
            words_by_stem.setdefault(stem, word.lower())
    return CountyContext(
        text=text,
        stems=set(words_by_stem),
        words_by_stem=words_by_stem,
        standing=area_standing(plan, area_key),
    )


def query_context(county: CountyContext, chars: int = 400) -> str:
    """The county's own text for the retrieval query, cut at a word boundary."""
    text = " ".join(county.text.split())
    if len(text) <= chars:
        return text
    return text[:chars].rsplit(" ", 1)[0]


def plan_summary(plan: Any, area_key: str, existing: set[str], chars: int = 1200) -> str:
    """For the LLM prompt: the county's own answers, the area's assessment result and the actions the plan
    already has (not to be proposed again)."""
    lines = []
    for section, key in COUNTY_FIELDS:
        text = " ".join(_field(plan, section, key).split())
        if text:
            lines.append(f"{key}: {text[:chars]}")
    standing = area_standing(plan, area_key)
    if standing is not None:
        lines.append(
            f"arviointi: kypsyys {standing.maturity}, tyytyväisyys {standing.satisfaction} "
            f"(asteikko {standing.scale_min}–{standing.scale_max}; "
            f"{standing.rank}. heikoin {standing.assessed}:sta)"
        )
    lines += [f"olemassa oleva toimenpide: {t}" for t in sorted(existing)]
    return "\n".join(lines) or "-"
