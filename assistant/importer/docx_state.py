"""The state a DOCX mapping builds up and what both of its parts use: findings, the current heading,
text outside any field (the paragraph part: `docx_mapper.py`; the action tables: `docx_tables.py`)."""

import hashlib
import re
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from assistant.i18n import load_catalog
from assistant.importer.assessment import AssessmentReader
from assistant.importer.docx_reader import Para
from assistant.importer.labels import FieldRef, Labels, dehyphenate, key
from assistant.importer.models import Location, MappingFinding, MappingSeverity
from assistant.importer.schedule import ParsedSchedule
from assistant.importer.sources import SourcesAppendix
from assistant.template.spec import AreaSpec, AssessmentModelSpec, GroupSpec, SectionSpec

_MARKERS = re.compile(r"(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+\s*$")
_NUMBER = re.compile(r"\d+")
SNIPPET = 80

TABLE_SECTION = "table"


def action_id(position: int, target: str) -> str:
    """Deterministic id of the n-th imported action (a document has no ids; see README)."""
    return hashlib.sha1(f"import:{position}:{target}".encode()).hexdigest()[:12]


def _join_lines(lines: list[str]) -> str:
    """Lines of a cell as one text: blank lines at the ends dropped, runs of blank lines kept as one."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip() if not line.strip() else line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out).strip()


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


@dataclass
class RawAction:
    target: str
    location: Location
    text: str = ""
    schedule: ParsedSchedule = field(default_factory=ParsedSchedule)
    prerequisites: str = ""
    markers: list[int] = field(default_factory=list)
    template_example: bool = False


@dataclass
class _Outside:
    heading: str
    texts: list[str] = field(default_factory=list)
    table: int | None = None


class MapperState(ABC):
    """The mapping's inputs, state and results, and the findings it reports."""

    def __init__(
        self,
        labels: Labels,
        *,
        language: str = "fi",
        sources: SourcesAppendix | None = None,
        assessment_model: AssessmentModelSpec | None = None,
    ) -> None:
        self.labels = labels
        self.spec = labels.spec
        self.catalog = load_catalog(language)
        self.sources = sources or SourcesAppendix(labels)
        self.assessment = AssessmentReader(labels, assessment_model)
        self.findings: list[MappingFinding] = []
        # state
        self.front = True
        self.skip: str | None = None  # "guidance" | "sources" | "appendix"
        self.heading = ""
        self.section: SectionSpec | str | None = None
        self.group: GroupSpec | None = None
        self.field: FieldRef | None = None
        self.area: AreaSpec | None = None
        self.recognised = 0
        self.structure: set[str] = set()  # distinct template headings, labels and action tables found
        self.skeleton_ranges: Counter[tuple[int, int]] = Counter()
        self.unknown_reported: set[tuple[int | None, str]] = set()
        # results
        self.title = ""
        self.region = ""
        self.front_texts: list[str] = []
        self.answers: dict[tuple[str, str], list[str]] = {}
        self.actions: list[RawAction] = []
        self.outside: list[_Outside] = []
        self.skipped: Counter[str] = Counter()
        self.language_votes: Counter[str] = Counter()

    # --- findings ----------------------------------------------------------------------------------

    def add(
        self, severity: MappingSeverity, code: str, location: Location | None = None, **params: Any
    ) -> None:
        loc = location or Location(heading=self.heading)
        message = self.catalog.t(
            f"importer.finding.{code}", where=loc.describe(self.catalog.language) or "-", **params
        )
        self.findings.append(
            MappingFinding(severity=severity, code=code, location=loc, message=message, params=params)
        )

    def _outside_text(self, text: str, table: int | None = None) -> None:
        last = self.outside[-1] if self.outside else None
        if last is None or last.heading != self.heading or last.table != table:
            last = _Outside(heading=self.heading, table=table)
            self.outside.append(last)
        last.texts.append(text)

    def _flush_outside(self) -> None:
        for block in self.outside:
            self.add(
                "warning",
                "text_outside",
                Location(heading=block.heading, table=block.table),
                count=len(block.texts),
                text="\n".join(block.texts),
                snippet=_snippet(block.texts[0]),
            )
        self.outside.clear()

    # --- structure ---------------------------------------------------------------------------------

    def _set_heading(self, text: str, *, evidence: bool = True) -> None:
        self.heading = dehyphenate(text)
        self.front = False
        if evidence:
            self.structure.add(key(text))

    @abstractmethod
    def paragraph(self, para: Para, *, in_table: int | None = None) -> None:
        """Map one paragraph (implemented by `DocxMapper`)."""
