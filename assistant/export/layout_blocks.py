"""The blocks an export is made of (sections, groups, fields, the 3.4 area tables, the assessment results,
the numbered sources) and the text cleaning every writer applies; built by `layout.ExportContext`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.template.models import Action, SourceRef
from assistant.template.spec import FieldSpec, GroupSpec, SectionSpec, TargetSpec

# Characters XML 1.0 (DOCX, XLSX) cannot hold: C0 controls except tab/newline/CR, surrogates, U+FFFE/FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n?")


def clean_text(text: str) -> str:
    """The text with characters that XML cannot store removed and line breaks normalised to `\\n`."""
    return _XML_ILLEGAL.sub("", _NEWLINES.sub("\n", text))


def paragraphs(text: str) -> list[str]:
    """An answer as paragraphs (one per line); an empty answer has none."""
    text = clean_text(text).strip()
    return text.split("\n") if text else []


@dataclass(frozen=True)
class TargetRows:
    """One development target of a table and its actions (in plan order)."""

    name: str  # the exact template name (or the unknown name given in a draft)
    translation: str  # the target's label in the export language ("" for Finnish / unknown targets)
    actions: list[Action]
    spec: TargetSpec | None = None


@dataclass(frozen=True)
class AreaTable:
    """One table of 3.4 (or the benefits table of 3.5): its heading and target rows."""

    key: str
    heading: str
    targets: list[TargetRows]

    @property
    def actions(self) -> list[Action]:
        return [a for t in self.targets for a in t.actions]


@dataclass(frozen=True)
class SourceEntry:
    number: int
    ref: SourceRef


@dataclass
class SourceIndex:
    """Sources numbered once each, in order of first citation in the document."""

    entries: list[SourceEntry] = field(default_factory=list)
    _numbers: dict[tuple[Any, ...], int] = field(default_factory=dict)

    @staticmethod
    def _key(ref: SourceRef) -> tuple[Any, ...]:
        return (ref.chunk_id, ref.doc_id, ref.title, ref.section, ref.page)

    def add(self, ref: SourceRef) -> int:
        key = self._key(ref)
        if key not in self._numbers:
            self._numbers[key] = len(self.entries) + 1
            self.entries.append(SourceEntry(self._numbers[key], ref))
        return self._numbers[key]

    def numbers(self, action: Action) -> list[int]:
        """The numbers of an action's sources, each once, in the action's order."""
        out: list[int] = []
        for ref in action.lahteet:
            n = self._numbers[self._key(ref)]
            if n not in out:
                out.append(n)
        return out


@dataclass(frozen=True)
class FieldBlock:
    spec: FieldSpec
    heading: str  # "a) Sote-maakunta" (or the label alone)
    paragraphs: list[str]


@dataclass(frozen=True)
class AssessmentBlock:
    """The region's assessment results per area: a heading, a note (scale, profile) and a table."""

    title: str
    note: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class GroupBlock:
    spec: GroupSpec
    heading: str | None  # "3.1.1 <title>", "<title>" (3.5) or None (3.3: same as the section)
    fields: list[FieldBlock]
    table: AreaTable | None = None  # the benefits area of 3.5
    target_lines: list[str] = field(default_factory=list)  # "Kehittämiskohde: <name>" (3.5)
    assessment: AssessmentBlock | None = None  # after the last group of 3.2


@dataclass(frozen=True)
class SectionBlock:
    """A numbered section of chapter 3: text groups (3.1–3.3, 3.5) or the action tables (3.4)."""

    number: str
    heading: str  # "3.1 Kuvaus sote-maakunnasta"
    groups: list[GroupBlock] = field(default_factory=list)
    tables: list[AreaTable] = field(default_factory=list)
    spec: SectionSpec | None = None
