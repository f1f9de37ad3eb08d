"""Open a DOCX safely and read its body as a flat list of paragraphs and tables (with cell geometry).

The archive is checked with `check_zip` (zip bombs, dangerous member names, corrupt or encrypted
members) before python-docx parses it. Tables keep their layout grid: every cell knows the grid column
where it starts, how many columns it spans (`w:gridSpan`, legacy `w:hMerge`) and whether it continues a
vertical merge (`w:vMerge`), so the mapper can tell a repeated target cell from a merged one and report
cells that span columns.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from assistant.importer.errors import PlanImportError
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.zipsafe import ZipLimits, check_zip

ParaKind = Literal["title", "subtitle", "heading", "list", "body"]
VMerge = Literal["restart", "continue"] | None

_HEADING_STYLE_RE = re.compile(r"^(?:heading|otsikko|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "otsikko", "rubrik", "konsepti"})
_SUBTITLE_STYLES = frozenset({"subtitle", "alaotsikko", "underrubrik"})
_LIST_STYLE_RE = re.compile(r"list|luettelo|lista", re.IGNORECASE)

_INGEST_CODES = {"zip_bomb", "unsafe_archive", "corrupt", "encrypted"}
MAX_GRID_COLUMNS = 63  # Word's own limit; bounds loops over hostile gridSpan / gridBefore values


@dataclass
class Para:
    text: str
    kind: ParaKind = "body"
    level: int | None = None
    bold_prefix: str = ""
    all_bold: bool = False
    all_italic: bool = False


@dataclass
class Cell:
    col: int
    span: int
    vmerge: VMerge
    paras: list[Para] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras).strip()


@dataclass
class Row:
    cells: list[Cell]

    def at(self, col: int) -> Cell | None:
        """The cell covering grid column `col`."""
        for cell in self.cells:
            if cell.col <= col < cell.col + cell.span:
                return cell
        return None


@dataclass
class TableBlock:
    number: int
    rows: list[Row]


@dataclass
class DocxContent:
    blocks: list[Para | TableBlock]
    core: dict[str, Any]


def open_docx(data: bytes, name: str = "", limits: ZipLimits | None = None) -> DocxDocument:
    """python-docx Document from bytes that passed `check_zip`; typed errors otherwise."""
    limits = limits or ZipLimits()
    try:
        check_zip(data, path=name or "upload.docx", **limits.model_dump())
    except IngestError as exc:
        code = exc.code if exc.code in _INGEST_CODES else "corrupt"
        raise PlanImportError(code, name, exc.detail) from exc  # type: ignore[arg-type]
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "not a Word file" in str(exc):  # e.g. .docm / .dotx: a Word package of another type
            raise PlanImportError("not_docx", name, "DOCM/DOTX") from exc
        raise PlanImportError("corrupt", name, f"{type(exc).__name__}: {str(exc)[:160]}") from exc
    except Exception as exc:  # python-docx raises KeyError, lxml errors ... for broken packages
        raise PlanImportError("corrupt", name, f"{type(exc).__name__}: {str(exc)[:160]}") from exc


# --- paragraphs ----------------------------------------------------------------------------------------


def _style_names(paragraph: Paragraph) -> list[tuple[str, str, Any]]:
    out: list[tuple[str, str, Any]] = []
    try:
        style = paragraph.style
    except Exception:  # a dangling style reference is not fatal
        return out
    for _ in range(10):
        if style is None:
            break
        out.append(((style.name or "").strip(), (style.style_id or "").strip(), style))
        style = style.base_style
    return out


def _outline_level(ppr: _Element | None) -> int | None:
    if ppr is None:
        return None
    el = ppr.find(qn("w:outlineLvl"))
    if el is None:
        return None
    try:
        value = int(el.get(qn("w:val"), ""))
    except ValueError:
        return None
    return value + 1 if 0 <= value < 9 else None


def _kind(paragraph: Paragraph) -> tuple[ParaKind, int | None]:
    styles = _style_names(paragraph)
    for name, style_id, _ in styles:
        for label in (name, style_id):
            low = label.lower()
            if low in _TITLE_STYLES:
                return "title", None
            if low in _SUBTITLE_STYLES:
                return "subtitle", None
            match = _HEADING_STYLE_RE.match(label)
            if match:
                return "heading", int(match.group(1))
    level = _outline_level(paragraph._p.pPr)
    if level is None:
        for _, _, style in styles:
            level = _outline_level(style.element.pPr)
            if level is not None:
                break
    if level is not None:
        return "heading", level
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return "list", None
    if any(_LIST_STYLE_RE.search(n) or _LIST_STYLE_RE.search(i) for n, i, _ in styles):
        return "list", None
    return "body", None


def _style_flag(paragraph: Paragraph, attr: str) -> bool:
    for _, _, style in _style_names(paragraph):
        value = getattr(style.font, attr, None) if hasattr(style, "font") else None
        if value is not None:
            return bool(value)
    return False


def _run_flags(paragraph: Paragraph) -> tuple[str, bool, bool]:
    """Text of the leading bold runs, and whether all (non-blank) text is bold / italic."""
    style_bold = _style_flag(paragraph, "bold")
    style_italic = _style_flag(paragraph, "italic")
    prefix: list[str] = []
    in_prefix = True
    all_bold = all_italic = True
    seen = False
    for run in paragraph.runs:
        text = run.text
        bold = run.bold if run.bold is not None else style_bold
        italic = run.italic if run.italic is not None else style_italic
        if not text.strip():
            if in_prefix and prefix:
                prefix.append(text)
            continue
        seen = True
        all_bold = all_bold and bool(bold)
        all_italic = all_italic and bool(italic)
        if in_prefix and bold:
            prefix.append(text)
        else:
            in_prefix = False
    if not seen:
        return "", False, False
    return "".join(prefix).strip(), all_bold, all_italic


def read_paragraph(p: _Element, parent: Any) -> Para:
    paragraph = Paragraph(cast(CT_P, p), parent)
    kind, level = _kind(paragraph)
    bold_prefix, all_bold, all_italic = _run_flags(paragraph)
    return Para(
        text=paragraph.text.replace("\r", ""),
        kind=kind,
        level=level,
        bold_prefix=bold_prefix,
        all_bold=all_bold,
        all_italic=all_italic,
    )


# --- tables ----------------------------------------------------------------------------------------------


def _int_attr(el: _Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(qn("w:val"), default))
    except (TypeError, ValueError):
        return default


def _read_row(tr: _Element, parent: Any) -> Row:
    trpr = tr.find(qn("w:trPr"))
    col = min(
        max(0, _int_attr(trpr.find(qn("w:gridBefore")) if trpr is not None else None, 0)), MAX_GRID_COLUMNS
    )
    cells: list[Cell] = []
    for tc in tr.iterchildren(qn("w:tc")):
        tcpr = tc.find(qn("w:tcPr"))
        span = _int_attr(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None, 1)
        span = min(max(1, span), MAX_GRID_COLUMNS)
        vmerge: VMerge = None
        hmerge_continue = False
        if tcpr is not None:
            vm = tcpr.find(qn("w:vMerge"))
            if vm is not None:
                vmerge = "restart" if vm.get(qn("w:val")) == "restart" else "continue"
            hm = tcpr.find(qn("w:hMerge"))
            hmerge_continue = hm is not None and hm.get(qn("w:val")) != "restart"
        paras = [read_paragraph(p, parent) for p in tc.iter(qn("w:p"))]
        if hmerge_continue and cells:  # legacy horizontal merge: part of the previous cell
            cells[-1].span += span
            cells[-1].paras.extend(p for p in paras if p.text.strip())
        else:
            cells.append(Cell(col=col, span=span, vmerge=vmerge, paras=paras))
        col += span
    return Row(cells=cells)


def _is_toc(sdt: _Element) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and (gallery.get(qn("w:val")) or "").lower() == "table of contents"


def _iter_body(container: _Element) -> Iterator[_Element]:
    for child in container.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt") and not _is_toc(child):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _iter_body(content)


def _core(document: DocxDocument) -> dict[str, Any]:
    props = document.core_properties
    out: dict[str, Any] = {}
    for key in ("title", "subject", "keywords", "language", "category", "comments", "content_status"):
        try:
            out[key] = getattr(props, key) or ""
        except Exception:  # a malformed core part is not fatal
            out[key] = ""
    return out


def read_docx(data: bytes, name: str = "", limits: ZipLimits | None = None) -> DocxContent:
    """Paragraphs and tables of the document body in order (tables inside content controls too)."""
    document = open_docx(data, name, limits)
    blocks: list[Para | TableBlock] = []
    tables = 0
    try:
        body = document.element.body
        for el in _iter_body(body):
            if el.tag == qn("w:p"):
                blocks.append(read_paragraph(el, document))
            else:
                tables += 1
                rows = [_read_row(tr, document) for tr in el.iterchildren(qn("w:tr"))]
                blocks.append(TableBlock(number=tables, rows=rows))
        core = _core(document)
    except PlanImportError:
        raise
    except Exception as exc:
        raise PlanImportError("corrupt", name, f"{type(exc).__name__}: {str(exc)[:160]}") from exc
    return DocxContent(blocks=blocks, core=core)
