"""Open a DOCX safely and read its body as a flat list of paragraphs and tables (with cell geometry).

The archive is checked with `check_zip` (zip bombs, dangerous member names, corrupt or encrypted
members) before python-docx parses it. Tables keep their layout grid: every cell knows the grid column
where it starts, how many columns it spans (`w:gridSpan`, legacy `w:hMerge`) and whether it continues a
vertical merge (`w:vMerge`), so the mapper can tell a repeated target cell from a merged one and report
cells that span columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from assistant.importer.errors import PlanImportError
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.docx import open_docx as open_checked_docx
from assistant.ingest.loaders.docx import outline_level
from assistant.ingest.loaders.zipsafe import ZipLimits

ParaKind = Literal["title", "subtitle", "heading", "list", "body"]
VMerge = Literal["restart", "continue"] | None

_HEADING_STYLE_RE = re.compile(r"^(?:heading|otsikko|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "otsikko", "rubrik", "konsepti"})
_SUBTITLE_STYLES = frozenset({"subtitle", "alaotsikko", "underrubrik"})
_LIST_STYLE_RE = re.compile(r"list|luettelo|lista", re.IGNORECASE)

_INGEST_CODES = {"zip_bomb", "unsafe_archive", "corrupt", "encrypted", "too_much_text"}
MAX_PLAN_CHARS = 3_000_000
"""Most characters of text in a DOCX offered as a plan (every field and action at its limit is about
2.5 million); counted before python-docx parses the document."""
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
    try:
        return open_checked_docx(
            name or "upload.docx", data, limits or ZipLimits(), detail_chars=160, max_chars=MAX_PLAN_CHARS
        )
    except IngestError as exc:
        if exc.code == "unsupported_type":  # e.g. .docm / .dotx: a Word package of another type
            raise PlanImportError("not_docx", name, exc.detail) from exc
        code = exc.code if exc.code in _INGEST_CODES else "corrupt"
        raise PlanImportError(code, name, exc.detail) from exc  # type: ignore[arg-type]


# --- paragraphs ----------------------------------------------------------------------------------------

_TRUE = {"1", "true", "on"}  # w:default
_FALSE = {"0", "false", "off", "none"}
MAX_STYLE_CHAIN = 10


def _toggle(rpr: _Element | None, tag: str) -> bool | None:
    """A run property like bold (`w:b`) or italic (`w:i`): True, False, or None when not set here."""
    if rpr is None:
        return None
    el = rpr.find(qn(tag))
    if el is None:
        return None
    return (el.get(qn("w:val")) or "true").lower() not in _FALSE


@dataclass(frozen=True)
class _StyleInfo:
    kind: ParaKind
    level: int | None
    bold: bool
    italic: bool


class StyleIndex:
    """The document's styles resolved once (name, base chain, outline level, bold, italic), by id.

    python-docx looks styles up with an XPath query per access, which made reading a 75-action plan
    take seconds; here every style chain is resolved once with dictionary lookups."""

    def __init__(self, document: DocxDocument) -> None:
        self._by_id: dict[str, _Element] = {}
        self._default_paragraph: str | None = None
        try:
            root = document.styles.element
        except Exception:  # no or broken styles part: everything is body text
            root = None
        if root is not None:
            for style in root.iterchildren(qn("w:style")):
                style_id = style.get(qn("w:styleId")) or ""
                self._by_id.setdefault(style_id, style)
                is_default = (style.get(qn("w:default")) or "").lower() in _TRUE
                if style.get(qn("w:type")) == "paragraph" and is_default:
                    self._default_paragraph = style_id
        self._paragraph_cache: dict[str | None, _StyleInfo] = {}
        self._run_cache: dict[str | None, tuple[bool | None, bool | None]] = {}

    def _chain(self, style_id: str | None) -> list[_Element]:
        out: list[_Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(out) < MAX_STYLE_CHAIN:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                break
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    @staticmethod
    def _flag(chain: list[_Element], tag: str) -> bool | None:
        for style in chain:
            value = _toggle(style.find(qn("w:rPr")), tag)
            if value is not None:
                return value
        return None

    def paragraph(self, style_id: str | None) -> _StyleInfo:
        style_id = style_id or self._default_paragraph
        if style_id in self._paragraph_cache:
            return self._paragraph_cache[style_id]
        chain = self._chain(style_id)
        kind: ParaKind = "body"
        level: int | None = None
        for style in chain:
            name_el = style.find(qn("w:name"))
            labels = (
                (name_el.get(qn("w:val")) if name_el is not None else "") or "",
                style.get(qn("w:styleId")) or "",
            )
            for label in (x.strip() for x in labels):
                match = _HEADING_STYLE_RE.match(label)
                if label.lower() in _TITLE_STYLES:
                    kind = "title"
                elif label.lower() in _SUBTITLE_STYLES:
                    kind = "subtitle"
                elif match:
                    kind, level = "heading", int(match.group(1))
                if kind != "body":
                    break
            if kind != "body":
                break
        if kind == "body":
            for style in chain:
                level = outline_level(style.find(qn("w:pPr")))
                if level is not None:
                    kind = "heading"
                    break
        if kind == "body":
            for style in chain:
                ppr = style.find(qn("w:pPr"))
                name_el = style.find(qn("w:name"))
                name = (name_el.get(qn("w:val")) if name_el is not None else "") or ""
                if (ppr is not None and ppr.find(qn("w:numPr")) is not None) or _LIST_STYLE_RE.search(name):
                    kind = "list"
                    break
        info = _StyleInfo(
            kind=kind, level=level, bold=bool(self._flag(chain, "w:b")), italic=bool(self._flag(chain, "w:i"))
        )
        self._paragraph_cache[style_id] = info
        return info

    def run(self, style_id: str | None) -> tuple[bool | None, bool | None]:
        if style_id not in self._run_cache:
            chain = self._chain(style_id)
            self._run_cache[style_id] = (self._flag(chain, "w:b"), self._flag(chain, "w:i"))
        return self._run_cache[style_id]


def _style_id(props: _Element | None, tag: str) -> str | None:
    if props is None:
        return None
    el = props.find(qn(tag))
    return el.get(qn("w:val")) if el is not None else None


def read_paragraph(p: _Element, parent: Any, styles: StyleIndex) -> Para:
    paragraph = Paragraph(cast(CT_P, p), parent)
    ppr = p.find(qn("w:pPr"))
    info = styles.paragraph(_style_id(ppr, "w:pStyle"))
    kind, level = info.kind, info.level
    direct_level = outline_level(ppr)
    if direct_level is not None and kind not in ("title", "subtitle"):
        kind, level = "heading", direct_level
    elif kind == "body" and ppr is not None and ppr.find(qn("w:numPr")) is not None:
        kind = "list"
    prefix: list[str] = []
    in_prefix, all_bold, all_italic, seen = True, True, True, False
    for run in paragraph.runs:
        text = run.text
        rpr = run._r.find(qn("w:rPr"))
        char_bold, char_italic = styles.run(_style_id(rpr, "w:rStyle"))
        bold = _toggle(rpr, "w:b")
        bold = bold if bold is not None else (char_bold if char_bold is not None else info.bold)
        italic = _toggle(rpr, "w:i")
        italic = italic if italic is not None else (char_italic if char_italic is not None else info.italic)
        if not text.strip():
            if in_prefix and prefix:
                prefix.append(text)
            continue
        seen = True
        all_bold, all_italic = all_bold and bold, all_italic and italic
        if in_prefix and bold:
            prefix.append(text)
        else:
            in_prefix = False
    return Para(
        text=paragraph.text.replace("\r", ""),
        kind=kind,
        level=level,
        bold_prefix="".join(prefix).strip() if seen else "",
        all_bold=seen and all_bold,
        all_italic=seen and all_italic,
    )


# --- tables ----------------------------------------------------------------------------------------------


def _int_attr(el: _Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(qn("w:val"), default))
    except (TypeError, ValueError):
        return default


def _read_row(tr: _Element, parent: Any, styles: StyleIndex) -> Row:
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
        paras = [read_paragraph(p, parent, styles) for p in tc.iter(qn("w:p"))]
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
        styles = StyleIndex(document)
        body = document.element.body
        for el in _iter_body(body):
            if el.tag == qn("w:p"):
                blocks.append(read_paragraph(el, document, styles))
            else:
                tables += 1
                rows = [_read_row(tr, document, styles) for tr in el.iterchildren(qn("w:tr"))]
                blocks.append(TableBlock(number=tables, rows=rows))
        core = _core(document)
    except PlanImportError:
        raise
    except Exception as exc:
        raise PlanImportError("corrupt", name, f"{type(exc).__name__}: {str(exc)[:160]}") from exc
    return DocxContent(blocks=blocks, core=core)
