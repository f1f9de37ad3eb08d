"""The "Aikataulu ja vastuuhenkilö" cell: labelled lines back to short-term, long-term and responsible.

The template writes the cell as three labelled lines, "2020-2021: ...", "2022-2025: ...",
"Vastuuhenkilö: ...". A label is a year range (any dash, optionally with the period's word, e.g.
"Lyhyt aikaväli 2020–2021:"), a period word alone ("Pitkä aikaväli:") or the responsible-person label,
in any of the three languages. A line without a label continues the previous labelled line; text before
the first label is returned as unlabelled (the mapper reports it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.importer.labels import Labels, key
from assistant.template.spec import LANGS

_RANGE = re.compile(r"(?<!\d)(\d{4})\s*[-–—]\s*(\d{4})(?!\d)")

SegmentKind = Literal["range", "short", "long", "responsible"]


@dataclass
class Segment:
    kind: SegmentKind
    text: str
    period: tuple[int, int] | None = None
    label: str = ""


@dataclass
class ParsedSchedule:
    segments: list[Segment] = field(default_factory=list)
    unlabelled: str = ""

    def ranges(self) -> list[tuple[int, int]]:
        return [s.period for s in self.segments if s.kind == "range" and s.period is not None]


def _period_words(labels: Labels) -> dict[str, Literal["short", "long"]]:
    out: dict[str, Literal["short", "long"]] = {}
    for which, spec in (("short", labels.spec.periods.short), ("long", labels.spec.periods.long)):
        for lang in LANGS:
            text = getattr(spec.label, lang)
            if text:
                out[key(text)] = which  # type: ignore[assignment]
    return out


def _classify(prefix: str, labels: Labels, words: dict[str, Literal["short", "long"]]) -> Segment | None:
    k = key(prefix)
    if not k:
        return None
    if k in labels.responsible:
        return Segment(kind="responsible", text="", label=prefix.strip())
    match = _RANGE.search(prefix)
    if match:
        rest = key(_RANGE.sub(" ", prefix).replace("(", " ").replace(")", " "))
        if rest == "" or rest in words:
            start, end = int(match.group(1)), int(match.group(2))
            return Segment(kind="range", text="", period=(start, end), label=prefix.strip())
        return None
    if k in words:
        return Segment(kind=words[k], text="", label=prefix.strip())
    return None


def parse_schedule(text: str, labels: Labels) -> ParsedSchedule:
    words = _period_words(labels)
    parsed = ParsedSchedule()
    current: Segment | None = None
    unlabelled: list[str] = []
    for line in text.replace("\r", "").split("\n"):
        segment = None
        if ":" in line:
            prefix, rest = line.split(":", 1)
            segment = _classify(prefix, labels, words)
            if segment is not None:
                segment.text = rest.strip()
                parsed.segments.append(segment)
                current = segment
                continue
        stripped = line.strip()
        if not stripped:
            continue
        if current is None:
            unlabelled.append(stripped)
        else:
            current.text = f"{current.text}\n{stripped}" if current.text else stripped
    parsed.unlabelled = "\n".join(unlabelled)
    return parsed
