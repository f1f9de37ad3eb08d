"""Structure-aware chunking: blocks -> chunks with heading path, page, area and target metadata.

- Headings open sections; the heading path becomes the chunk's `section`. Headings that match the
  template's own outline get the template's numbering (e.g. `3.4 Kehittämistoimenpiteet, …`), so any
  document written on the template (the template itself, a region's plan) is cited by section number.
- Every table row is a chunk of its own; a row of a 3.4 table carries the development target and area.
- In a roadmap, each task ("1. …" followed by its sub-tasks "1.1. …") is a unit of its own, cited by the
  task's heading path, so a question about one task meets that task, not a run of unrelated headings.
- Paragraphs are packed up to `max_chars`; longer paragraphs are split at sentence boundaries with overlap.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from assistant.ingest.models import Block, Chunk, DocKind, LoadedDocument
from assistant.template.spec import TemplateSpec, normalize_name

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”(])")
_AREA_HEADING = re.compile(r"osa-alue\s*:\s*(.+)$", re.IGNORECASE)
_TARGET_HEADING = re.compile(r"^kehittämiskohde\s*:\s*(.+)$", re.IGNORECASE)
_ROADMAP_TASK = re.compile(r"^\d{1,2}\.\s")  # "2. Tietohallinnon toteutus …"
_ROADMAP_SUBTASK = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s")  # "2.1. Tietohallinnon alueellinen …"


@dataclass
class DocInfo:
    doc_id: str
    title: str
    kind: DocKind
    source: str = ""
    file_hash: str = ""


@dataclass
class _Heading:
    level: int
    text: str


@dataclass
class _Open:
    section: str = ""
    page: int | None = None
    area: str | None = None
    parts: list[str] = field(default_factory=list)
    has_content: bool = False  # something besides headings
    diverged: bool = False  # holds headings from sibling sections: cite their common ancestor
    unit: bool = False  # a roadmap task (group) with its sub-tasks: kept whole up to max_chars

    @property
    def size(self) -> int:
        return sum(len(p) + 1 for p in self.parts)


def split_sentences(text: str, max_chars: int, overlap: int) -> list[str]:
    """Split a long text into windows of whole sentences, each window starting with some overlap."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        start = 0  # cut by position: slicing off the rest each time would be quadratic in a long line
        while len(sentence) - start > max_chars:  # a "sentence" with no full stops: cut at a space
            cut = sentence.rfind(" ", start, start + max_chars)
            cut = cut if cut > start + max_chars // 2 else start + max_chars
            sentences_head, start = sentence[start:cut], cut
            while start < len(sentence) and sentence[start].isspace():
                start += 1
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(sentences_head)
        sentence = sentence[start:]
        if current and len(" ".join([*current, sentence])) > max_chars:
            pieces.append(" ".join(current))
            tail: list[str] = []
            for prev in reversed(current):
                if len(" ".join([prev, *tail])) > overlap:
                    break
                tail.insert(0, prev)
            current = tail
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _unique_ids(chunks: list[Chunk]) -> list[Chunk]:
    """The same text twice in one section: `digest`, `digest-2`, `digest-3`, ... (counted per digest in
    one pass: a long line cut into thousands of identical pieces must not cost a search per piece)."""
    seen: dict[str, int] = {}
    for chunk in chunks:
        n = seen[chunk.id] = seen.get(chunk.id, 0) + 1
        if n > 1:
            chunk.id = f"{chunk.id}-{n}"
    return chunks


def _new_page(current: _Open, block: Block) -> bool:
    return block.page is not None and current.page is not None and block.page != current.page


def _prefix(a: list[str], b: list[str]) -> list[str]:
    out: list[str] = []
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        out.append(x)
    return out


class Chunker:
    def __init__(
        self, spec: TemplateSpec, max_chars: int = 900, overlap: int = 150, min_chars: int = 250
    ) -> None:
        self.spec = spec
        self.max_chars = max_chars
        self.overlap = overlap
        self.min_chars = min_chars
        self.numbers = spec.heading_numbers()
        self.areas = {normalize_name(a.name): a for a in spec.areas}

    # --- headings --------------------------------------------------------------------------------
    def _heading(self, block: Block) -> tuple[_Heading, str | None]:
        """The heading with the template's number and level when it matches the outline; its area key."""
        text = block.text
        key = normalize_name(re.sub(r"^\d+(\.\d+)*\.?\s+", "", text))
        if key in self.numbers:
            number = self.numbers[key]
            return _Heading(number.count(".") + 1, f"{number} {re.sub(r'^[0-9.]+ ', '', text)}"), None
        if (m := _AREA_HEADING.search(text)) and normalize_name(m.group(1)) in self.areas:
            return _Heading(3, text), self.areas[normalize_name(m.group(1))].key
        if _TARGET_HEADING.match(text):
            return _Heading(4, text), None
        # Unmatched headings keep their own relative level, below any numbered template level.
        return _Heading(block.level, text), None

    # --- main ------------------------------------------------------------------------------------
    def chunk(self, doc: LoadedDocument, info: DocInfo) -> list[Chunk]:
        path: list[_Heading] = []
        area: str | None = None
        chunks: list[Chunk] = []
        current = _Open()

        def section() -> str:
            return " > ".join(h.text for h in path)

        def flush() -> None:
            nonlocal current
            body = "\n".join(current.parts).strip()
            if body:
                self._emit(chunks, info, body, current.section, current.page, current.area, None)
            current = _Open(section=section(), area=area)

        blocks = doc.blocks
        for n, block in enumerate(blocks):
            if block.kind == "heading":
                heading, heading_area = self._heading(block)
                # A roadmap task is a unit when sub-tasks follow (a numbered list of phases is not).
                unit = (
                    info.kind == "roadmap"
                    and bool(_ROADMAP_TASK.match(block.text))
                    and n + 1 < len(blocks)
                    and bool(_ROADMAP_SUBTASK.match(blocks[n + 1].text))
                )
                subtask = current.unit and bool(_ROADMAP_SUBTASK.match(block.text))
                # A new development area always starts a new chunk; other headings once the chunk is big
                # enough (a run of headings alone, like the roadmap's task lists, is content too).
                if (
                    current.size >= (self.max_chars if current.unit else self.min_chars)
                    or (current.has_content and heading_area is not None)
                    or (current.parts and heading.level == 1)  # chapters never share a chunk
                    or (current.has_content and _new_page(current, block))
                    or (current.parts and unit)
                    or (current.unit and not subtask)  # a task ends at the next non-sub-task heading
                ):
                    flush()
                if unit and not current.parts:
                    current.unit = True
                before = [h.text for h in path]
                while path and path[-1].level >= heading.level:
                    path.pop()
                path.append(heading)
                if heading_area is not None or heading.level <= 3:
                    area = heading_area
                if not current.has_content and not (current.unit and subtask):
                    # Headings only so far: cite the deepest common heading path of what the chunk holds.
                    now = [h.text for h in path]
                    if not current.parts or (not current.diverged and now[: len(before)] == before):
                        current.section, current.area = section(), area
                    else:
                        current.diverged = True
                        common = _prefix(current.section.split(" > "), now)
                        current.section = " > ".join(common)
                        current.area = current.area if common else None
                    current.page = block.page if block.page is not None else current.page
                current.parts.append(heading.text)
                continue
            if current.has_content and _new_page(current, block):
                flush()
            if current.page is None:
                current.page = block.page
            if block.kind == "table_row":
                if current.has_content:
                    flush()
                # (headings right above a table are in each row's section path, not a chunk of their own)
                self._emit_row(chunks, info, block, section(), area)
                current = _Open(section=section(), page=block.page, area=area)
                continue
            text = f"- {block.text}" if block.kind == "list_item" else block.text
            if current.size + len(text) > self.max_chars and current.has_content:
                flush()
            room = max(self.max_chars - current.size, self.max_chars // 2)
            if len(text) > room:
                pieces = split_sentences(text, room, self.overlap)
                for piece in pieces[:-1]:
                    current.parts.append(piece)
                    current.has_content = True
                    flush()
                text = pieces[-1]
            current.parts.append(text)
            current.has_content = True
        flush()
        return _unique_ids(chunks)

    def _emit_row(
        self, chunks: list[Chunk], info: DocInfo, block: Block, section: str, area: str | None
    ) -> None:
        target_name = None
        if block.cells:
            target = self.spec.closest_target(block.cells[0])
            if target is not None:
                target_name = target.name
                found = self.spec.area_of_target(target.name)
                area = found.key if found else area
        row_section = f"{section} > {target_name or (block.cells or [''])[0]}".strip(" >")
        self._emit(chunks, info, block.text, row_section, block.page, area, target_name)

    def _emit(
        self,
        chunks: list[Chunk],
        info: DocInfo,
        body: str,
        section: str,
        page: int | None,
        area: str | None,
        target: str | None,
    ) -> None:
        # (the same text twice in one section gets a numbered id in `_unique_ids`)
        digest = hashlib.sha256(f"{info.doc_id}\x1f{section}\x1f{body}".encode()).hexdigest()[:16]
        chunks.append(
            Chunk(
                id=digest,
                text=body,
                doc_id=info.doc_id,
                title=info.title,
                kind=info.kind,
                section=section,
                page=page,
                area=area,
                target=target,
                source=info.source,
                file_hash=info.file_hash,
                position=len(chunks),
            )
        )


def sentences(text: str, min_chars: int = 12) -> list[str]:
    """The sentences of a chunk (lines, then sentence ends), for sentence-level scoring: the best sentence
    of a long passage decides, so a precise match is not diluted by the rest of the chunk."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if len(s.strip()) >= min_chars)
    return out
