"""The plan DOCX's named styles (paragraph and character styles the importer and the tests know by name),
defined once per document; the page and table look: `docx_style`."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.styles.style import ParagraphStyle

from assistant.export import docx_style

# Style names (shared with the importer and the tests).
TABLE_STYLE = docx_style.TABLE_STYLE
TABLE_HEADING = "Table Heading"
TABLE_TEXT = docx_style.TABLE_TEXT
TARGET_NAME = "Target Name"
TARGET_CONTINUED = "Target Continued"
TARGET_TRANSLATION = "Target Translation"
SCHEDULE_LABEL = "Schedule Label"
SOURCE_REFERENCE = "Source Reference"
DRAFT_STAMP = "Draft Stamp"
DRAFT_HEADER = "Draft Header"
TITLE_INFO = "Title Page Info"

ACCENT, STAMP, MUTED = docx_style.ACCENT, docx_style.STAMP, docx_style.MUTED


class NamedStyles:
    """The document's named styles, defined once; writers refer to the style objects."""

    def __init__(self, doc: DocxDocument, language: str) -> None:
        styles = doc.styles
        docx_style.set_language(doc, language)

        def paragraph_style(name: str) -> ParagraphStyle:
            return docx_style.paragraph_style(doc, name)

        normal = paragraph_style("Normal")
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13, 14), ("Heading 3", 11, 10)):
            style = paragraph_style(name)
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
            style.font.name = "Calibri"
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
        title = paragraph_style("Title")
        title.font.color.rgb = ACCENT
        title.font.size = Pt(26)
        title.paragraph_format.space_before = Pt(72)

        self.table_text = self._paragraph(doc, TABLE_TEXT, size=9.5, after=2)
        self.table_heading = self._paragraph(doc, TABLE_HEADING, base=self.table_text, bold=True)
        self.table_heading.paragraph_format.keep_with_next = True
        self.target_name = self._paragraph(doc, TARGET_NAME, base=self.table_text, bold=True)
        self.target_continued = self._paragraph(doc, TARGET_CONTINUED, base=self.table_text, color=MUTED)
        self.target_translation = self._paragraph(doc, TARGET_TRANSLATION, base=self.table_text, italic=True)
        self.title_info = self._paragraph(doc, TITLE_INFO, size=12, after=4)
        self.draft_stamp = self._paragraph(doc, DRAFT_STAMP, size=40, bold=True, color=STAMP)
        self.draft_stamp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.draft_stamp.paragraph_format.space_after = Pt(24)
        self.draft_header = self._paragraph(doc, DRAFT_HEADER, size=14, bold=True, color=STAMP)
        self.draft_header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.draft_header.paragraph_format.space_after = Pt(0)
        self.schedule_label = self._character(doc, SCHEDULE_LABEL, bold=True)
        self.source_reference = self._character(doc, SOURCE_REFERENCE, color=ACCENT)
        self.table = docx_style.add_table_style(doc)
        for name in ("Header", "Footer"):
            paragraph_style(name).font.size = Pt(9)
        self.header, self.footer = paragraph_style("Header"), paragraph_style("Footer")
        self.title, self.subtitle, self.normal = styles["Title"], styles["Subtitle"], normal
        self.toc_title = self._paragraph(doc, "Contents Title", size=16, bold=True, color=ACCENT)
        self.headings = [styles[f"Heading {n}"] for n in (1, 2, 3)]

    _paragraph = staticmethod(docx_style.add_paragraph_style)
    _character = staticmethod(docx_style.add_character_style)
