"""The table of contents: one entry per chapter and section, each ending in a right-aligned page number
after a dotted leader. The number is a PAGEREF field to a bookmark on the heading it names, so the page
is the one the word processor lays out: LibreOffice computes it when it opens or converts the document,
Word when it updates the fields (the document asks it to on opening: `w:updateFields`). Until then the
stored result is empty rather than a wrong number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from assistant.export.docx_government import complex_field
from assistant.export.layout import ExportContext, clean_text

TEXT_WIDTH_CM = 17.0
BOOKMARK_PREFIX = "_Toc"  # Word's own prefix for TOC bookmarks: hidden from its bookmark list


@dataclass
class Entry:
    level: int  # 0: chapter ("3.1 …"), 1: section ("3.1.1 …")
    text: str
    bookmark: str
    marked: bool = False


def entries(ctx: ExportContext) -> list[Entry]:
    """The headings the contents list, in document order, each with its bookmark's name."""
    number, chapter = ctx.chapter
    items: list[tuple[int, str]] = [(0, ctx.numbered(number, chapter))]
    for block in ctx.sections():
        items.append((0, block.heading))
        items += [(1, group.heading) for group in block.groups if group.heading]
        items += [(1, table.heading) for table in block.tables]
    items.append((0, ctx.t("sources.title")))
    if ctx.draft:
        items.append((0, ctx.t("findings.title")))
    return [
        Entry(level, clean_text(text), f"{BOOKMARK_PREFIX}{n:08d}") for n, (level, text) in enumerate(items)
    ]


def toc_styles(doc: Any) -> list[Any]:
    """ "TOC 1" and "TOC 2" paragraph styles with the page-number tab stop (dotted leader)."""
    styles = doc.styles
    out = []
    for level in (1, 2):
        name = f"TOC {level}"
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        fmt = style.paragraph_format
        fmt.left_indent = Cm(0.6 * (level - 1))
        fmt.space_after = Pt(2)
        fmt.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        out.append(style)
    return out


class Contents:
    """Writes the contents page and puts the bookmarks on the headings as they are written."""

    def __init__(self, ctx: ExportContext) -> None:
        self.ctx = ctx
        self.entries = entries(ctx)
        self._bookmark_id = 0

    def write(self, doc: Any, title_style: Any) -> None:
        styles = toc_styles(doc)
        title = doc.add_paragraph(self.ctx.t("toc.title"))
        title.style = title_style
        for entry in self.entries:
            paragraph = doc.add_paragraph(entry.text)
            paragraph.style = styles[min(entry.level, len(styles) - 1)]
            paragraph.add_run("\t")
            complex_field(paragraph, f"PAGEREF {entry.bookmark} \\h", placeholder="")

    def mark(self, paragraph: Any, text: str) -> None:
        """Bookmark a heading the contents list (the first entry with its text not yet marked)."""
        entry = next((e for e in self.entries if not e.marked and e.text == clean_text(text)), None)
        if entry is None:
            return
        entry.marked = True
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark_id))
        start.set(qn("w:name"), entry.bookmark)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark_id))
        self._bookmark_id += 1
        ppr = paragraph._p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)
