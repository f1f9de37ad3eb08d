"""DOCX loader (python-docx): headings, paragraphs, list items and table rows in document order.

The archive is validated with `check_zip` before python-docx touches it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.zipsafe import ZipLimits, check_zip
from assistant.ingest.models import Block, LoadedDocument

DEFAULT_ZIP_LIMITS = ZipLimits()

# Built-in heading styles by name or style id, in English, Finnish and Swedish Word.
_HEADING_STYLE_RE = re.compile(r"^(?:heading|otsikko|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "otsikko", "rubrik"})
_LIST_STYLE_RE = re.compile(r"list|luettelo|lista", re.IGNORECASE)
_MAX_LEVEL = 9
_BODY_TEXT_OUTLINE = 9  # w:outlineLvl 9 means "body text"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _style_chain(paragraph: Paragraph) -> Iterator[ParagraphStyle]:
    """The paragraph's style followed by its base styles (bounded, in case of cycles)."""
    try:
        style: ParagraphStyle | None = paragraph.style
    except Exception:  # a dangling style reference is not fatal
        return
    for _ in range(10):
        if style is None:
            return
        yield style
        style = style.base_style


def outline_level(ppr: _Element | None) -> int | None:
    """Heading level 1-9 from a paragraph's or style's `w:outlineLvl`; None when unset or body text."""
    if ppr is None:
        return None
    el = ppr.find(qn("w:outlineLvl"))
    if el is None:
        return None
    try:
        value = int(el.get(qn("w:val"), ""))
    except ValueError:
        return None
    if 0 <= value < _BODY_TEXT_OUTLINE:
        return value + 1
    return None


def _heading_level(paragraph: Paragraph) -> int | None:
    """Heading level from the style (name or id) or from an explicit outline level."""
    direct = outline_level(paragraph._p.pPr)
    if direct is not None:
        return direct
    for style in _style_chain(paragraph):
        for label in (style.name or "", style.style_id or ""):
            match = _HEADING_STYLE_RE.match(label.strip())
            if match:
                return min(max(int(match.group(1)), 1), _MAX_LEVEL)
            if label.strip().lower() in _TITLE_STYLES:
                return 1
        level = outline_level(style.element.pPr)
        if level is not None:
            return level
    return None


def _is_list(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    for style in _style_chain(paragraph):
        if _LIST_STYLE_RE.search(style.name or "") or _LIST_STYLE_RE.search(style.style_id or ""):
            return True
        style_ppr = style.element.pPr
        if style_ppr is not None and style_ppr.find(qn("w:numPr")) is not None:
            return True
    return False


def _is_toc(sdt: _Element) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and (gallery.get(qn("w:val")) or "").lower() == "table of contents"


def _iter_body(container: _Element, document: DocxDocument) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables in document order, descending into content controls (`w:sdt`).

    An automatic table of contents is skipped: it only repeats the headings.
    """
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(cast(CT_P, child), document)
        elif child.tag == qn("w:tbl"):
            yield Table(cast(CT_Tbl, child), document)
        elif child.tag == qn("w:sdt") and not _is_toc(child):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _iter_body(content, document)


def _dedupe_cells(cells: tuple[_Cell, ...], grid_offset: int) -> tuple[list[str], list[int]]:
    """Cell texts of one row with horizontally merged cells (the same `w:tc` repeated) kept once,
    plus the layout-grid column where each kept cell starts (to pair it with its header)."""
    texts: list[str] = []
    starts: list[int] = []
    previous_tc: object = None
    for grid_index, cell in enumerate(cells, start=grid_offset):
        if cell._tc is previous_tc:
            continue
        previous_tc = cell._tc
        texts.append(_collapse(cell.text))
        starts.append(grid_index)
    return texts, starts


def table_blocks(table: Table) -> list[Block]:
    """One `table_row` block per data row; the first row is the header of every row block.

    A table with a single row has no data rows; that row is emitted as a `table_row` without
    `table_header` so its text is not lost.
    """
    rows: list[tuple[list[str], list[int]]] = []
    # Header label for every layout-grid column (a merged header cell labels all columns it spans).
    header_by_grid: dict[int, str] = {}
    for row_index, row in enumerate(table.rows):
        try:
            offset = row.grid_cols_before
        except Exception:
            offset = 0
        cells = row.cells
        rows.append(_dedupe_cells(cells, offset))
        if row_index == 0:
            header_by_grid = {offset + i: _collapse(cell.text) for i, cell in enumerate(cells)}
    if not rows:
        return []

    header_texts = rows[0][0]
    if len(rows) == 1:
        if not any(header_texts):
            return []
        return [Block(kind="table_row", text="; ".join(t for t in header_texts if t), cells=header_texts)]

    blocks: list[Block] = []
    for texts, starts in rows[1:]:
        if not any(texts):
            continue
        parts: list[str] = []
        for text, start in zip(texts, starts, strict=True):
            if not text:
                continue
            label = header_by_grid.get(start, "")
            parts.append(f"{label}: {text}" if label and label != text else text)
        blocks.append(Block(kind="table_row", text="; ".join(parts), cells=texts, table_header=header_texts))
    return blocks


def _paragraph_block(paragraph: Paragraph) -> Block | None:
    text = _collapse(paragraph.text)
    if not text:
        return None
    level = _heading_level(paragraph)
    if level is not None:
        return Block(kind="heading", text=text, level=level)
    if _is_list(paragraph):
        return Block(kind="list_item", text=text)
    return Block(kind="paragraph", text=text)


def open_docx(
    path: Path | str,
    data: bytes,
    zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    *,
    detail_chars: int = 120,
    max_chars: int | None = None,
) -> DocxDocument:
    """python-docx Document from bytes that passed `check_zip` (shared by the loader and the importer).

    Raises `IngestError`: the `check_zip` codes, `unsupported_type` for a Word package of another type
    (DOCM/DOTX), or `corrupt` (with at most `detail_chars` of the parser's message) when python-docx
    cannot read it.
    """
    check_zip(data, path=path, **zip_limits.model_dump())
    if max_chars is not None:
        count_text(path, data, max_chars)
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "not a Word file" in str(exc):
            # e.g. a macro-enabled .docm or a .dotx template: a Word package, but another type.
            raise IngestError("unsupported_type", path, "DOCM/DOTX") from exc
        raise IngestError("corrupt", path, f"{type(exc).__name__}: {str(exc)[:detail_chars]}") from exc
    except Exception as exc:  # python-docx raises KeyError, lxml errors ... for broken packages
        raise IngestError("corrupt", path, f"{type(exc).__name__}: {str(exc)[:detail_chars]}") from exc


_W_T = qn("w:t")


def count_text(path: Path | str, data: bytes, max_chars: int) -> int:
    """Characters in the runs (`w:t`) of `word/document.xml`, counted by streaming its XML; raises
    `too_much_text` as soon as the count passes `max_chars`, before python-docx builds the whole tree (a
    1 MB DOCX can unpack to 100 MB of text). Call after `check_zip`."""
    from lxml import etree

    from assistant.textutil import figure

    chars = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open("word/document.xml") as xml:
            for _, element in etree.iterparse(xml, events=("end",), tag=_W_T, resolve_entities=False):
                chars += len(element.text or "")
                element.clear(keep_tail=True)
                if chars > max_chars:
                    raise IngestError("too_much_text", path, f"> {figure(max_chars)}")
    except IngestError:
        raise
    except KeyError:
        return 0  # no main part: python-docx reports it
    except Exception as exc:  # broken XML: python-docx reports it as corrupt
        del exc
        return chars
    return chars


def load_docx(
    path: Path,
    data: bytes,
    sha256: str,
    *,
    zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    max_chars: int | None = None,
) -> LoadedDocument:
    """Parse DOCX bytes into blocks. The ZIP is checked with `check_zip` first, then (with `max_chars`)
    its text is counted before it is parsed.

    Raises `IngestError` with `unsafe_archive`, `zip_bomb`, `corrupt`, `encrypted`,
    `unsupported_type`, `too_much_text` or `empty` (a valid document without any text).
    """
    document = open_docx(path, data, zip_limits, max_chars=max_chars)
    blocks: list[Block] = []
    try:
        for item in _iter_body(document.element.body, document):
            if isinstance(item, Paragraph):
                block = _paragraph_block(item)
                if block is not None:
                    blocks.append(block)
            else:
                blocks.extend(table_blocks(item))
        core_title = document.core_properties.title
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError("corrupt", path, f"{type(exc).__name__}: {str(exc)[:120]}") from exc

    if not blocks:
        raise IngestError("empty", path)
    first_heading = next((b.text for b in blocks if b.kind == "heading"), None)
    title = _collapse(core_title or "") or first_heading or path.stem
    return LoadedDocument(path=path, format="docx", sha256=sha256, title=title, blocks=blocks)
