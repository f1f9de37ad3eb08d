"""The DOCX as a Finnish government document: the header block on every page (organisation, document
name, date, version, "sivu n (N)"), a table of contents, table columns wide enough for their longest
word, and the sources appendix with titles, sections and pages (identifiers kept as hidden text so the
importer can read them back).

Used by `docx_writer`; kept apart so the writer's layout contract stays readable.
"""

from __future__ import annotations

import re
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from assistant.export.layout import ExportContext, clean_text

# Width (cm) of one character of the 9.5 pt bold table text, generous, plus the cell margins.
CHAR_CM = 0.215  # measured on the LibreOffice render (DejaVu Sans stands in for Calibri): 9.5 pt
BOLD_CHAR_CM = 0.25  # and 9.5 pt bold
CELL_MARGIN_CM = 0.4
FIRST_MAX = 0.36  # of the table width: the most the first (target) column takes when words cannot all fit
HIDDEN_ID_PREFIX = "id:"


# --- the header block -------------------------------------------------------------------------------


def complex_field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """A field such as PAGE / NUMPAGES as begin-instr-separate-result-end runs (shown and updated by
    Word and LibreOffice)."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("result", placeholder)):
        run = OxmlElement("w:r")
        if kind in ("begin", "separate"):
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run.append(fld)
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text or ""
            run.append(t)
        paragraph._p.append(run)
    end = OxmlElement("w:r")
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end.append(fld)
    paragraph._p.append(end)


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    tbl_pr.append(borders)


def header_block(section: Any, ctx: ExportContext, style: Any, *, version: int | None) -> None:
    """Two rows, three columns: organisation | document name | "sivu n (N)"; (empty) | date | version.
    A label is written only with its value."""
    header = section.header
    header.is_linked_to_previous = False
    widths = (6.0, 7.0, 4.0)
    table = header.add_table(rows=2, cols=3, width=Cm(sum(widths)))
    _no_borders(table)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid: LibreOffice lays the table out by it
    document_name = ctx.spec.template.title.get(ctx.language)
    cells: list[list[str | None]] = [
        [clean_text(ctx.region), document_name, None],
        ["", ctx.date_text, ctx.t("header.version", version=version) if version else ""],
    ]
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.width = Cm(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.style = style
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT,
                WD_ALIGN_PARAGRAPH.LEFT,
                WD_ALIGN_PARAGRAPH.RIGHT,
            )[c]
            value = cells[r][c]
            if r == 0 and c == 2:  # "sivu n (N)"
                before, _, rest = ctx.t("header.page").partition("{page}")
                middle, _, after = rest.partition("{pages}")
                paragraph.add_run(before)
                complex_field(paragraph, "PAGE")
                paragraph.add_run(middle)
                complex_field(paragraph, "NUMPAGES")
                paragraph.add_run(after)
            elif value:
                run = paragraph.add_run(value)
                run.bold = r == 0 and c == 1
    # The paragraph python-docx puts in every header stays, holding the draft stamp when there is one.
    header._element.remove(table._tbl)
    header.paragraphs[0]._p.addprevious(table._tbl)


# --- column widths ----------------------------------------------------------------------------------


_BREAKS = re.compile(r"[\s/]+|(?<=-)")  # a line may break at spaces, after "/" and after a hyphen


def longest_word(texts: list[str]) -> int:
    return max((len(word) for text in texts for word in _BREAKS.split(text)), default=0)


def column_widths(
    columns: list[list[str]], base: tuple[float, ...], *, bold_first: bool = True
) -> tuple[float, ...]:
    """Widths (cm) with the same total as `base`, each at least wide enough for its longest word (the
    first column in bold); the others give up width in proportion to what they have beyond their own
    minimum. When the words cannot all fit, the widths are scaled to the total."""
    total = sum(base)
    need = [
        longest_word(texts) * (BOLD_CHAR_CM if bold_first and i == 0 else CHAR_CM) + CELL_MARGIN_CM
        for i, texts in enumerate(columns)
    ]
    widths = [max(b, n) for b, n in zip(base, need, strict=True)]
    excess = sum(widths) - total
    if excess <= 1e-9:
        return tuple(widths)
    slack = [max(0.0, w - n) for w, n in zip(widths, need, strict=True)]
    room = sum(slack)
    if room < excess:
        # Not every word fits: the first column (the template's target names, in bold, never hyphenated
        # by the word processor without a Finnish dictionary) keeps its width, up to FIRST_MAX of the
        # total; the prose columns share the rest in proportion.
        first = min(widths[0], total * FIRST_MAX) if bold_first else 0.0
        rest = widths[1:] if bold_first else widths
        scaled = [w * (total - first) / sum(rest) for w in rest]
        return tuple([first, *scaled] if bold_first else scaled)
    return tuple(w - s * excess / room for w, s in zip(widths, slack, strict=True))


# --- the sources appendix ---------------------------------------------------------------------------


def hide(run: Any) -> None:
    """Hidden text: not shown or printed, read back by the importer."""
    rpr = run._r.get_or_add_rPr()
    rpr.append(OxmlElement("w:vanish"))


def source_rows(ctx: ExportContext) -> tuple[list[str], list[list[str]], list[tuple[str, str]]]:
    """Headers, visible rows ([n], title, section[, page]) and (doc_id, chunk_id) per row; the page column
    only when a source has a page."""
    entries = ctx.sources.entries
    with_page = any(e.ref.page is not None for e in entries)
    keys = ["number", "document", "section", *(["page"] if with_page else [])]
    headers = [ctx.t(f"sources.{k}") for k in keys]
    rows = []
    for entry in entries:
        ref = entry.ref
        row = [f"[{entry.number}]", clean_text(ref.title), clean_text(ref.section)]
        if with_page:
            row.append("" if ref.page is None else str(ref.page))
        rows.append(row)
    return headers, rows, [(e.ref.doc_id, e.ref.chunk_id) for e in entries]
