"""The review report as DOCX, in the project's one DOCX look (`assistant.export.docx_style`): A4, the
plan export's table style with a repeating shaded header row, table cells in the "Table Text" style."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from assistant.export import docx_style
from assistant.review.report_model import ReviewReport

TABLE_TEXT_PT = 9
PARAGRAPH_STYLES: tuple[str, ...] = (
    "Title",
    "Subtitle",
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    docx_style.TABLE_TEXT,
)


def _text(paragraph: Any, text: str) -> None:
    """Text with its line breaks kept (a run per line, separated by breaks)."""
    lines = docx_style.strip_controls(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run = paragraph.add_run(line)


def to_docx(report: ReviewReport) -> bytes:
    document = Document()
    for section in document.sections:
        docx_style.page_setup(section)
    docx_style.set_language(document, report.language)
    docx_style.add_paragraph_style(document, docx_style.TABLE_TEXT, size=TABLE_TEXT_PT, after=0)
    table_style = docx_style.add_table_style(document)
    properties = document.core_properties
    properties.title = docx_style.strip_controls(f"{report.title}: {report.subtitle}")[:255]
    properties.language = report.language
    properties.created = report.created.replace(tzinfo=None) if report.created.tzinfo else report.created
    styles = {name: document.styles[name] for name in PARAGRAPH_STYLES}
    strong = document.styles["Strong"]

    def paragraph(style: str, text: str) -> None:
        made = document.add_paragraph()
        docx_style.set_paragraph_style(made, styles[style])
        _text(made, text)

    paragraph("Title", report.title)
    paragraph("Subtitle", report.subtitle)
    for line in report.meta:
        paragraph("Normal", line)
    usable = docx_style.text_width(document.sections[-1])
    for block in report.blocks:
        if block.kind == "heading":
            paragraph(f"Heading {min(block.level, 3)}", block.text)
        elif block.kind == "paragraph":
            paragraph("Normal", block.text)
        elif block.kind == "bullets":
            for item in block.items:
                paragraph("List Bullet", item)
        else:
            table = document.add_table(rows=1, cols=len(block.columns), style=table_style)
            table.autofit = False
            docx_style.row_properties(table.rows[0], header=True)
            for cell, label in zip(table.rows[0].cells, block.columns, strict=True):
                made = cell.paragraphs[0]
                docx_style.set_paragraph_style(made, styles[docx_style.TABLE_TEXT])
                docx_style.add_run(made, docx_style.strip_controls(label), strong)
            for row in block.rows:
                added = table.add_row()
                docx_style.row_properties(added, header=False)
                for cell, value in zip(added.cells, row, strict=True):
                    made = cell.paragraphs[0]
                    docx_style.set_paragraph_style(made, styles[docx_style.TABLE_TEXT])
                    _text(made, value)
            weights = block.widths or [1.0] * len(block.columns)
            total = sum(weights)
            docx_style.column_widths(table, [int(usable * w / total) for w in weights])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
