"""The one DOCX look of the project: page, palette, styles and table helpers shared by the plan export
(`export/docx_writer.py`) and the review report (`review/report_docx.py`).

Everything is done with named styles (not direct formatting), so a county can restyle a document in
Word by editing its styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle, _TableStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# A4 portrait (the Finnish paper size; python-docx's default template is US Letter), 2 cm margins.
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Cm(2.0), Cm(2.0), Cm(2.0)
LANGUAGE_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
STAMP = RGBColor(0xC0, 0x00, 0x00)
MUTED = RGBColor(0x6B, 0x6B, 0x6B)
HEADER_FILL = "DCE3EC"

TABLE_STYLE = "Plan Table"
TABLE_TEXT = "Table Text"


def page_setup(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM


def set_language(document: DocxDocument, language: str) -> None:
    """The document language (spell checking, hyphenation) in the style defaults."""
    tag = LANGUAGE_TAGS.get(language, "fi-FI")
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def paragraph_style(document: DocxDocument, name: str) -> ParagraphStyle:
    """A paragraph style of the document (the built-in ones: Normal, Title, Heading 1 ...)."""
    style = document.styles[name]
    assert isinstance(style, ParagraphStyle), name
    return style


def add_paragraph_style(
    document: DocxDocument,
    name: str,
    *,
    base: BaseStyle | None = None,
    size: float | None = None,
    after: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: RGBColor | None = None,
) -> ParagraphStyle:
    """A new quick paragraph style based on `base` (default Normal)."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = base or paragraph_style(document, "Normal")
    style.quick_style = True
    if size is not None:
        style.font.size = Pt(size)
    if after is not None:
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.space_before = Pt(0)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color is not None:
        style.font.color.rgb = color
    return style


def add_character_style(
    document: DocxDocument, name: str, *, bold: bool | None = None, color: RGBColor | None = None
) -> CharacterStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    assert isinstance(style, CharacterStyle)
    style.base_style = document.styles["Default Paragraph Font"]
    style.quick_style = True
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    return style


def add_table_style(document: DocxDocument) -> _TableStyle:
    """ "Plan Table": Table Grid with cell margins and a shaded, bold header row."""
    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    assert isinstance(style, _TableStyle)
    style.base_style = document.styles["Table Grid"]
    element = style.element
    tbl_pr = OxmlElement("w:tblPr")
    element.append(tbl_pr)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 40), ("left", 85), ("bottom", 40), ("right", 85)):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(width))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    tbl_pr.append(margins)
    first_row = OxmlElement("w:tblStylePr")
    first_row.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    first_row.append(rpr)
    tc_pr = OxmlElement("w:tcPr")
    tc_pr.append(shading(HEADER_FILL))
    first_row.append(tc_pr)
    element.append(first_row)
    return style


def shading(fill: str) -> Any:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def set_paragraph_style(paragraph: Paragraph, style: BaseStyle) -> None:
    """Set a paragraph style by id (python-docx's by-name lookup scans every style on each call)."""
    paragraph._p.get_or_add_pPr().style = style.style_id


def add_paragraph(container: Any, text: str, style: BaseStyle) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph(text)
    set_paragraph_style(paragraph, style)
    return paragraph


def add_run(paragraph: Paragraph, text: str, style: BaseStyle) -> Run:
    run = paragraph.add_run(text)
    run._r.get_or_add_rPr().style = style.style_id
    return run


def row_properties(row: _Row, *, header: bool) -> None:
    """Header rows repeat on every page; no row is split across a page break."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def column_widths(table: Table, widths: Sequence[int]) -> None:
    """Set column widths (EMU) on the grid and on every cell (Word reads the cells, LibreOffice the grid)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def text_width(section: Section) -> int:
    """The width between the margins (EMU)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None, "page_setup() sets them"
    return int(width - left - right)


def strip_controls(text: str) -> str:
    """XML 1.0 has no place for most control characters; python-docx would refuse them."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)
