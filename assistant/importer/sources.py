"""The sources appendix ("Lähteet"): numbered entries that the "[n]" markers of action cells refer to.

Our DOCX export writes the appendix as a table with the header labels of the `export.sources.*`
catalog keys (number, document, section, page, identifier); a hand-written appendix may be a numbered
list ("1. Title, section, s. 4" or "[1] ..."). A table entry becomes a full `SourceRef`; a free-text
entry keeps its whole text as the title (its identifiers are unknown) and is reported by the mapper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.i18n import LANGUAGES, load_catalog
from assistant.importer.docx_reader import TableBlock
from assistant.importer.labels import Labels, key
from assistant.template.models import SourceRef

_ENTRY = re.compile(r"^\s*\[?\s*(\d+)\s*[\].):]?\s+(.+)$", re.DOTALL)
_PAGE = re.compile(r"\d+")
_COLUMNS = ("number", "document", "section", "page", "id")
_HIDDEN_ID = re.compile(r"\n?id:(\S+?)#(\S*)\s*$")


@dataclass
class SourceEntry:
    number: int
    ref: SourceRef
    exact: bool  # from our table form (ids known) or free text


def _labels(name: str) -> set[str]:
    return {key(load_catalog(lang).t(name)) for lang in LANGUAGES} - {""}


@dataclass
class SourcesAppendix:
    labels: Labels
    entries: dict[int, SourceEntry] = field(default_factory=dict)
    duplicates: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._headings = _labels("export.sources.title")
        self._other = _labels("export.findings.title")
        self._orphans = _labels("export.orphans")
        self._boilerplate = _labels("export.sources.intro") | _labels("export.sources.none")
        self._columns = {col: _labels(f"export.sources.{col}") for col in _COLUMNS}

    def is_heading(self, text: str) -> bool:
        return key(text) in self._headings

    def is_other_appendix(self, text: str) -> bool:
        return key(text) in self._other

    def is_orphans_heading(self, text: str) -> bool:
        """The heading of the export's table of actions whose target is not in the template (drafts)."""
        return key(text) in self._orphans

    def is_boilerplate(self, text: str) -> bool:
        """The introduction of the sources appendix ("References [1], [2] ... refer to ...")."""
        return key(text) in self._boilerplate

    def _store(self, entry: SourceEntry) -> None:
        if entry.number in self.entries:
            self.duplicates.append(entry.number)
            return
        self.entries[entry.number] = entry

    def add_entry(self, text: str) -> bool:
        """A free-text entry "1. ..." / "[1] ..."; False when the paragraph is not one."""
        match = _ENTRY.match(text.strip())
        if not match:
            return False
        body = " ".join(match.group(2).split())
        self._store(
            SourceEntry(int(match.group(1)), SourceRef(chunk_id="", doc_id="", title=body), exact=False)
        )
        return True

    def is_table(self, table: TableBlock) -> bool:
        if not table.rows:
            return False
        header = {key(c.text) for c in table.rows[0].cells}
        return bool(header & self._columns["number"]) and bool(header & self._columns["document"])

    def add_table(self, table: TableBlock) -> list[str]:
        """Entries of our table form; returns the texts of rows that are not entries."""
        columns: dict[str, int] = {}
        for index, cell in enumerate(table.rows[0].cells):
            for name, keys in self._columns.items():
                if key(cell.text) in keys and name not in columns:
                    columns[name] = index
        rejected: list[str] = []
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]

            def get(name: str, cells: list[str] = cells) -> str:
                index = columns.get(name)
                return cells[index].strip() if index is not None and index < len(cells) else ""

            number = get("number").rstrip(".").strip("[]")
            if not number.isdigit():
                if any(cells):
                    rejected.append(" | ".join(c for c in cells if c))
                continue
            page_text = get("page")
            page = int(page_text) if page_text.isdigit() else None
            identifier = get("id")
            # Our export writes the document id and the chunk id as two lines of the identifier cell, or
            # (government layout) as a hidden last line "id:<doc_id>#<chunk_id>" of the document cell.
            doc_id, _, chunk_id = identifier.partition("\n")
            title = get("document")
            hidden = _HIDDEN_ID.search(title)
            if not identifier and hidden:
                title = title[: hidden.start()].strip()
                doc_id, chunk_id = hidden.group(1), hidden.group(2)
                identifier = doc_id
            ref = SourceRef(
                chunk_id=chunk_id.strip(),
                doc_id=doc_id.strip(),
                title=title,
                section=get("section"),
                page=page,
            )
            self._store(SourceEntry(int(number), ref, exact=bool(identifier)))
        return rejected

    def resolve(self, number: int) -> SourceEntry | None:
        return self.entries.get(number)
