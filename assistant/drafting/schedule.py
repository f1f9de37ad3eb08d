"""Schedule cells as the county's own text per period.

A schedule answer is kept verbatim. When it is labelled by period ("2020–2021: työpajat 4/2021. 2022–2025:
kytketään talousarvioon 2023", "lyhyt: … pitkä: …") it is split at the labels and each part goes, with its
text, to that period's cell. Without labels the whole text goes to the period of the earliest year it names
that falls in a period. Years and months are recognised only to place and check the text: nothing is
stripped, and a year merely mentioned is never an error (see `cell_warning`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal

from assistant.drafting.extract import (
    ExtractionError,
    Periods,
    alternation,
    clean_text,
    vocabulary,
    words_pattern,
)
from assistant.template.schedule_years import DASH as _DASH
from assistant.template.schedule_years import years_in
from assistant.textutil import period_text

Which = Literal["short", "long"]
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True)
class ScheduleCells:
    short: str
    long: str


def plan_periods(plan: Any) -> Periods:
    """The plan's own periods as (start, end) pairs."""
    p = plan.meta.periods
    return Periods((p.short.start, p.short.end), (p.long.start, p.long.end))


def _range_pattern(start: int, end: int) -> str:
    return rf"{start}{_DASH}{end}"


def _word_pattern(which: Which) -> str:
    return alternation(f"period_{which}")


def _label_regex(periods: Periods) -> re.Pattern[str]:
    """A period label at the start of the text or of a sentence/line, ending in ':'."""
    parts = []
    for which in ("short", "long"):
        start, end = getattr(periods, which)
        rng = _range_pattern(start, end)
        word = _word_pattern(which)
        parts.append(rf"(?P<{which}>(?:(?:{word})\s*\(?\s*)?{rng}\s*\)?|(?:{word}))")
    return re.compile(rf"(?:^|(?<=[.;!?\n]))\s*(?:{'|'.join(parts)})\s*:", re.IGNORECASE | re.MULTILINE)


def _period_of(year: int, periods: Periods) -> Which | None:
    for which in ("short", "long"):
        start, end = getattr(periods, which)
        if start <= year <= end:
            return which
    return None


def _join(a: str, b: str) -> str:
    return f"{a}\n{b}" if a and b else a or b


def split_schedule(text: str, periods: Periods) -> ScheduleCells:
    """The answer to "when?" as the two period cells, every word kept.

    Raises ExtractionError("no_years") when the text neither names a period nor a year within one."""
    value = clean_text(text)
    if not value:
        raise ExtractionError("empty_answer")
    labels = list(_label_regex(periods).finditer(value))
    cells = {"short": "", "long": ""}
    if labels:
        lead = value[: labels[0].start()].strip()
        for n, match in enumerate(labels):
            end = labels[n + 1].start() if n + 1 < len(labels) else len(value)
            which = "short" if match.group("short") else "long"
            cells[which] = _join(cells[which], value[match.end() : end].strip())
        if lead:  # text before the first label: placed by its own years, else with the first label
            years = [w for y in years_in(lead) if (w := _period_of(y, periods))]
            which = years[0] if years else ("short" if labels[0].group("short") else "long")
            cells[which] = _join(lead, cells[which])
        return ScheduleCells(cells["short"], cells["long"])
    # "syksyllä 2027 pilotti; 2028–2030 vakiinnutetaan" (a clause opens with a period), else "2027–2028,
    # fortsätter 2029–2030" (clauses whose years are in different periods): each part in its period
    for clauses in (_range_clauses(value, periods), _year_clauses(value, periods)):
        if len(clauses) > 1:
            for which, clause in clauses:
                cells[which] = _join(cells[which], clause)
            return ScheduleCells(cells["short"], cells["long"])
    placed = [w for y in years_in(value) if (w := _period_of(y, periods))]
    continuous = words_pattern("schedule_continuous", whole=False).search(value)
    if not placed and continuous:  # "jatkuva": all the time, in both periods
        return ScheduleCells(value, value)
    if not placed:
        named = years_in(value)
        raise ExtractionError(
            "years_outside" if named else "no_years",
            years=", ".join(map(str, named)),
            short=period_text(*periods.short),
            long=period_text(*periods.long),
        )
    first = min((y for y in years_in(value) if _period_of(y, periods)), default=0)
    which = _period_of(first, periods) or placed[0]
    return ScheduleCells(value if which == "short" else "", value if which == "long" else "")


def _range_clauses(value: str, periods: Periods) -> list[tuple[Which, str]]:
    """The text cut where a clause (after '.', ';', ',' or "ja / och / and") starts with a period's own
    range or its name in words, without a colon ("…; 2028–2030 vakiinnutetaan", "hösten 2026 pilot,
    2028–2030 i alla enheter", "2026 pilot, long term roll-out"); each part, verbatim, with its period
    (the first by its years)."""
    ranges = "|".join(
        f"(?P<{w}>{_range_pattern(*getattr(periods, w))}|{_phrases(w)})" for w in ("short", "long")
    )
    joins = alternation("list_words")
    # a separator (a ',', ';' or '.' before, or a joining word), then the period's range or name ("at")
    starts = list(re.finditer(rf"(?:(?<=[.;,])|(?<=\s)(?:{joins}))\s+(?P<at>(?:{ranges})(?!\d))", value))
    if not starts:
        return []
    parts: list[tuple[Which, str]] = []
    lead = value[: starts[0].start()].strip().rstrip(";,").strip()  # the separators only separated them
    years = [w for y in years_in(lead) if (w := _period_of(y, periods))]
    if lead:
        parts.append((years[0] if years else "short", lead))
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(value)
        which: Which = "short" if match.group("short") else "long"
        parts.append((which, value[match.start("at") : end].strip().rstrip(";,").strip()))
    return parts


@lru_cache(maxsize=2)
def _phrases(which: Which) -> str:
    """A period's names of several words ("pitkällä aikavälillä", "long term") and its adessive ("pitkällä
    jatkuvana"): a single word such as "pitkä" or "long" is too common to start a period's part without a
    colon."""
    words = [w for w in vocabulary()[f"period_{which}"] if " " in w]
    words += vocabulary()[f"period_{which}_clause_words"]
    return "|".join(rf"{re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True))


def _year_clauses(value: str, periods: Periods) -> list[tuple[Which, str]]:
    """The text cut at its clauses (after '.', ';', ',' or "ja / och / and") when their years fall in
    different periods ("våren 2027 startar vi, klart till slutet av 2029"); a clause without a year goes
    with the one before it. [] when every year is in one period."""
    joins = alternation("list_words")
    cuts = [0, *(m.end() for m in re.finditer(rf"(?<=[.;,])\s+|\s+(?:{joins})\s+", value)), len(value)]
    parts: list[tuple[Which, int, int]] = []  # (period, start, end) of runs of clauses, as written
    for start, end in pairwise(cuts):
        # the period of the clause's first year as written ("valmis 12/2027 (arvio 2028–2030)": short)
        years = _FOUR_DIGITS.finditer(value, start, end)
        found = [w for m in years if (w := _period_of(int(m.group(0)), periods))]
        clause = value[start:end]
        named: list[Which] = [
            w for w in ("short", "long") if re.search(rf"(?<!\w)(?:{_phrases(w)})", clause, re.I)
        ]
        # without a year, a clause that names its period ("vasta pitkällä, 2028") goes there
        which: Which = found[0] if found else named[0] if named else (parts[-1][0] if parts else "short")
        if parts and parts[-1][0] == which:
            parts[-1] = (which, parts[-1][1], end)  # the same period: the clauses joined as written
        else:
            parts.append((which, start, end))
    if len(parts) < 2:
        return []
    return [(w, _without_join(value[a:b], joins)) for w, a, b in parts]


def _without_join(clause: str, joins: str) -> str:
    """A clause without the separator that ended it (", ", "; ", " ja ")."""
    clause = re.sub(rf"\s+(?:{joins})\s*$", "", clause.strip(), flags=re.IGNORECASE)
    return clause.rstrip(";,").strip()
