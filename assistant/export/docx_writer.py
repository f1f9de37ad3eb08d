"""DOCX export laid out like the official template (python-docx, named styles, A4).

Layout (the contract the importer reads back):
- Title page: [Draft Stamp "LUONNOS"] · Title (plan title) · Subtitle (region) · Title Page Info paragraphs
  (date, periods, template) · page break. A draft also has the stamp in the page header of every page.
- Heading 1 "3 <template title>"; Heading 1 "3.1 <section title>"; Heading 2 "3.1.1 <group title>"
  (3.5's groups have no number of their own: "Kehittämisen osa-alue: HYÖDYT", "Seuranta ja arviointi";
  3.3's only group is the section itself and has no heading); Heading 3 "a) <field label>" (the label
  alone when the field has no letter) followed by the answer, one Normal paragraph per line (an empty
  answer has no paragraphs).
- After the fields of 3.2.2, when the plan has assessment results per area: Heading 3 "Arvioinnin
  tulokset osa-alueittain", a paragraph with the scale (and profile) and a table Osa-alue | Kypsyys |
  Tyytyväisyys | Huomio (numbers with a decimal comma in fi/sv).
- 3.4: Heading 2 "Kehittämisen osa-alue: <AREA>" then one table (style "Plan Table") whose header row is
  the four column labels of template.yaml `table.columns` and which has one row per action. The target
  cell is repeated on every row of its actions (so a table broken across pages still names the target
  on each page): style "Target Name" on the first row, "Target Continued" (lighter) on the others; a
  target without actions has one row with empty other cells. The target cell's first paragraph is the
  exact template name; in sv/en a second paragraph (style "Target Translation") gives its translation.
  The action cell holds the action's paragraphs; its sources are cited at the end of the last one as
  "[1] [2]" (character style "Source Reference"). The schedule cell has three paragraphs
  "<short period>: <lyhyt_aikavali>", "<long period>: <pitka_aikavali>", "<Vastuuhenkilö>: <name>", each
  label in character style "Schedule Label". 3.5 repeats this for the benefits area after its text.
  Actions with a target that is not in the template (drafts only) get a last table of their own.
- Heading 1 "Lähteet": a table Nro | Asiakirja | Kohta | Sivu | Tunniste ("[n]", title, section, page,
  then doc_id and chunk_id as two paragraphs) listing each cited source once.
- Draft: Heading 1 with the findings appendix title, a summary paragraph and a table
  Vakavuus | Kohta (JSON Pointer) | Havainto.
- Core properties: title, author (region), subject (template title), language, created (plan's
  created_at), version (schema_version), identifier (template id), comments ("short=2020-2021;
  long=2022-2025"), content_status (the draft stamp, drafts only). The importer must not rely on them.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Cell

from assistant.export import docx_government as government
from assistant.export import docx_named_styles as named
from assistant.export import docx_style
from assistant.export.docx_hyphenate import add_hyphenated
from assistant.export.docx_toc import Contents
from assistant.export.layout import (
    AreaTable,
    AssessmentBlock,
    ExportContext,
    FieldBlock,
    SectionBlock,
    clean_text,
    paragraphs,
)
from assistant.sanitize import display_name
from assistant.template.models import Action

EXTENSION = "docx"
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Style names (shared with the importer and the tests): export/docx_named_styles.py.
TABLE_STYLE = named.TABLE_STYLE
TABLE_HEADING = named.TABLE_HEADING
TABLE_TEXT = named.TABLE_TEXT
TARGET_NAME = named.TARGET_NAME
TARGET_CONTINUED = named.TARGET_CONTINUED
TARGET_TRANSLATION = named.TARGET_TRANSLATION
SCHEDULE_LABEL = named.SCHEDULE_LABEL
SOURCE_REFERENCE = named.SOURCE_REFERENCE
DRAFT_STAMP = named.DRAFT_STAMP
DRAFT_HEADER = named.DRAFT_HEADER
TITLE_INFO = named.TITLE_INFO

# Column widths (cm) of the plan tables, total = text width 17 cm: target, actions, schedule, prerequisites.
PLAN_COLUMNS = (4.0, 5.6, 3.9, 3.5)
SOURCE_COLUMNS = (1.4, 8.6, 7.0)
SOURCE_COLUMNS_WITH_PAGE = (1.4, 8.0, 6.2, 1.4)
FINDING_COLUMNS = (2.4, 5.0, 9.6)
ASSESSMENT_COLUMNS = (5.2, 3.4, 3.4, 5.0)
ACCENT, STAMP, MUTED = docx_style.ACCENT, docx_style.STAMP, docx_style.MUTED
LANGUAGE_TAGS = docx_style.LANGUAGE_TAGS


class _Writer:
    def __init__(self, ctx: ExportContext) -> None:
        self.ctx = ctx
        self.doc = Document()
        self.styles = named.NamedStyles(self.doc, ctx.language)
        self.toc = Contents(ctx)
        self._fit = [0, 0, 0, 0]  # per plan-table column: characters on one line (set per table)

    # --- page, properties, header ----------------------------------------------------------------
    def page_setup(self) -> None:
        section = self.doc.sections[0]
        docx_style.page_setup(section)
        section.header_distance = section.footer_distance = Cm(1.0)
        header = section.header
        first = header.paragraphs[0]
        _pstyle(first, self.styles.header)
        # The government header block: organisation, document name, date, version, "sivu n (N)".
        government.header_block(section, self.ctx, self.styles.header, version=self.ctx.version)
        if self.ctx.draft:
            first.text = self.ctx.t("draft.stamp")
            _pstyle(first, self.styles.draft_header)

    def settings(self) -> None:
        """Automatic hyphenation (long Finnish compounds in narrow table columns) in the document language."""
        settings = self.doc.settings.element
        hyphenation = OxmlElement("w:autoHyphenation")
        settings.find(qn("w:defaultTabStop")).addnext(hyphenation)
        update = OxmlElement("w:updateFields")  # the table of contents gets its page numbers on opening
        update.set(qn("w:val"), "true")
        hyphenation.addnext(update)
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), LANGUAGE_TAGS.get(self.ctx.language, "fi-FI"))

    def properties(self) -> None:
        ctx, meta = self.ctx, self.ctx.plan.meta  # type: ignore[attr-defined]
        props = self.doc.core_properties
        props.title = ctx.title
        props.author = ctx.region
        props.last_modified_by = ctx.region
        props.subject = ctx.spec.template.title.get(ctx.language)
        props.language = LANGUAGE_TAGS.get(ctx.language, ctx.language)
        props.version = str(self.ctx.plan.schema_version)  # type: ignore[attr-defined]
        props.identifier = ctx.spec.template.id
        props.comments = "; ".join(
            f"{which}={p.start}-{p.end}"
            for which, p in (("short", meta.periods.short), ("long", meta.periods.long))
        )
        props.keywords = ctx.spec.template.title.fi or ""
        created = meta.created_at or datetime.combine(ctx.today, datetime.min.time())
        props.created = created
        props.modified = meta.updated_at or created
        props.revision = 1
        props.content_status = ctx.t("draft.stamp") if ctx.draft else ""

    # --- blocks ----------------------------------------------------------------------------------
    def title_page(self) -> None:
        ctx, doc, st = self.ctx, self.doc, self.styles
        if ctx.draft:
            _paragraph(doc, ctx.t("draft.stamp"), st.draft_stamp)
        _paragraph(doc, ctx.title, st.title)
        if ctx.region:
            _paragraph(doc, ctx.region, st.subtitle)
        _paragraph(doc, ctx.t("title_page.date", date=ctx.date_text), st.title_info)
        periods = ctx.t(
            "title_page.periods",
            short_label=ctx.period_label("short"),
            short=ctx.period_range("short"),
            long_label=ctx.period_label("long"),
            long=ctx.period_range("long"),
        )
        _paragraph(doc, periods, st.title_info)
        info = ctx.spec.template
        based_on = ctx.t(
            "title_page.based_on",
            template=info.title.get(ctx.language),
            publisher=info.publisher,
            year=info.year,
        )
        _paragraph(doc, based_on, st.title_info)
        if ctx.language != "fi":
            _paragraph(doc, ctx.t("title_page.translations"), st.title_info)
        if ctx.draft:
            counts = ctx.report.counts()
            banner = ctx.t("draft.banner", errors=counts["error"], warnings=counts["warning"])
            _paragraph(doc, banner, st.title_info)
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        """The table of contents on its own page after the title page."""
        self.toc.write(self.doc, self.styles.toc_title)
        self.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def heading(self, text: str, level: int) -> None:
        paragraph = _paragraph(self.doc, clean_text(text), self.styles.headings[level - 1])
        if level <= 2:
            self.toc.mark(paragraph, text)

    def field(self, block: FieldBlock) -> None:
        if not block.paragraphs:  # no label without a value
            return
        self.heading(block.heading, 3)
        for text in block.paragraphs:
            _paragraph(self.doc, text, self.styles.normal)

    def section(self, block: SectionBlock) -> None:
        self.heading(block.heading, 1)
        for group in block.groups:
            if group.heading:
                self.heading(group.heading, 2)
            for line in group.target_lines:
                _paragraph(self.doc, line, self.styles.normal)
            for field in group.fields:
                self.field(field)
            if group.assessment is not None:
                self.assessment(group.assessment)
            if group.table is not None:
                self.plan_table(group.table)
        for table in block.tables:
            self.heading(table.heading, 2)
            self.plan_table(table)

    def assessment(self, block: AssessmentBlock) -> None:
        self.heading(block.title, 3)
        _paragraph(self.doc, block.note, self.styles.normal)
        table = self._table(len(block.rows) + 1, ASSESSMENT_COLUMNS, block.headers)
        for row, values in zip(table.rows[1:], block.rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                self._lines(cell, paragraphs(value))

    def plan_table(self, area: AreaTable) -> None:
        rows = sum(max(1, len(t.actions)) for t in area.targets)
        widths = self._plan_widths(area)
        table = self._table(rows + 1, widths, self.ctx.column_labels)
        # Characters a prose column holds on one line: longer words get soft hyphens.
        self._fit = [max(4, int((w - government.CELL_MARGIN_CM) / government.CHAR_CM)) for w in widths]
        body = iter(table.rows[1:])
        st = self.styles
        for target in area.targets:
            name = clean_text(target.name)
            for i, action in enumerate(target.actions or [None]):
                cells = next(body).cells
                first = cells[0].paragraphs[0]
                first.add_run(name)
                _pstyle(first, st.target_name if i == 0 else st.target_continued)
                if target.translation:
                    _paragraph(cells[0], target.translation, st.target_translation)
                if action is None:
                    continue
                self._action_cell(cells[1], action)
                self._schedule_cell(cells[2], action)
                self._lines(cells[3], paragraphs(action.edellytykset), fit=self._fit[3])

    def _plan_widths(self, area: AreaTable) -> tuple[float, ...]:
        """The template's proportions, widened where a column's longest word would not fit."""
        actions = [a for t in area.targets for a in t.actions]
        columns = [
            [*self.ctx.column_labels[:1], *(t.name for t in area.targets)],
            [self.ctx.column_labels[1], *(a.toimenpide for a in actions)],
            [
                self.ctx.column_labels[2],
                *(
                    f"{label}: {value}"
                    for a in actions
                    for label, value in self.ctx.schedule_lines(a)
                    if value
                ),
            ],
            [self.ctx.column_labels[3], *(a.edellytykset for a in actions)],
        ]
        return government.column_widths(columns, PLAN_COLUMNS)

    def _action_cell(self, cell: _Cell, action: Action) -> None:
        paras = self._lines(cell, paragraphs(action.toimenpide), fit=self._fit[1])
        numbers = self.ctx.sources.numbers(action)
        if numbers:
            target = paras[-1] if paras else cell.paragraphs[0]
            refs = " ".join(f"[{n}]" for n in numbers)
            _run(target, (" " if target.text else "") + refs, self.styles.source_reference)

    def _schedule_cell(self, cell: _Cell, action: Action) -> None:
        lines = [(label, value) for label, value in self.ctx.schedule_lines(action) if value]
        for i, (label, value) in enumerate(lines):  # no label without a value
            paragraph = cell.paragraphs[0] if i == 0 else _paragraph(cell, "", self.styles.table_text)
            _run(paragraph, f"{label}:", self.styles.schedule_label)
            if value:
                # One paragraph per schedule line: a line break inside a value stays a line break.
                parts = value.split("\n")
                add_hyphenated(paragraph, " " + parts[0], self._fit[2])
                for line in parts[1:]:
                    paragraph.add_run().add_break()
                    add_hyphenated(paragraph, line, self._fit[2])

    def _lines(self, cell: _Cell, lines: list[str], *, fit: int | None = None):
        """One paragraph per line; with `fit`, words longer than that many characters are hyphenated."""
        out = []
        for i, text in enumerate(lines):
            if i == 0:
                paragraph = cell.paragraphs[0]
                if fit is None:
                    paragraph.text = text
                else:
                    add_hyphenated(paragraph, text, fit)
            else:
                paragraph = _paragraph(cell, "" if fit else text, self.styles.table_text)
                if fit:
                    add_hyphenated(paragraph, text, fit)
            out.append(paragraph)
        return out

    def _table(self, rows: int, widths: tuple[float, ...], headers: list[str]) -> Table:
        table = self.doc.add_table(rows=rows, cols=len(widths), style=self.styles.table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row_index, row in enumerate(table.rows):
            _row_properties(row, header=row_index == 0)
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
                _pstyle(
                    cell.paragraphs[0],
                    self.styles.table_heading if row_index == 0 else self.styles.table_text,
                )
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].text = text
        return table

    def sources(self) -> None:
        ctx = self.ctx
        self.heading(ctx.t("sources.title"), 1)
        entries = ctx.sources.entries
        if not entries:
            _paragraph(self.doc, ctx.t("sources.none"), self.styles.normal)
            return
        _paragraph(
            self.doc, ctx.t("sources.intro"), self.styles.normal
        ).paragraph_format.keep_with_next = True
        headers, rows, ids = government.source_rows(ctx)
        widths = SOURCE_COLUMNS_WITH_PAGE if len(headers) == 4 else SOURCE_COLUMNS
        table = self._table(len(rows) + 1, widths, headers)
        for row, values, (doc_id, chunk_id) in zip(table.rows[1:], rows, ids, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.paragraphs[0].text = clean_text(display_name(value, 400)) if value else ""
            # The identifiers, hidden: not for the reader, for reading the plan back in.
            hidden = _paragraph(row.cells[1], "", self.styles.table_text)
            government.hide(hidden.add_run(f"{government.HIDDEN_ID_PREFIX}{doc_id}#{chunk_id}"))

    def findings(self) -> None:
        ctx = self.ctx
        counts = ctx.report.counts()
        self.heading(ctx.t("findings.title"), 1)
        intro = ctx.t(
            "findings.intro", errors=counts["error"], warnings=counts["warning"], infos=counts["info"]
        )
        _paragraph(self.doc, intro, self.styles.normal)
        rows = ctx.finding_rows()
        if not rows:
            _paragraph(self.doc, ctx.t("findings.none"), self.styles.normal)
            return
        headers = [ctx.t(f"findings.{k}") for k in ("severity", "path", "message")]
        table = self._table(len(rows) + 1, FINDING_COLUMNS, headers)
        for row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.paragraphs[0].text = value

    def build(self) -> bytes:
        ctx = self.ctx
        self.page_setup()
        self.settings()
        self.properties()
        self.title_page()
        self.contents()
        number, title = ctx.chapter
        self.heading(ctx.numbered(number, title), 1)
        for block in ctx.sections():
            self.section(block)
        self.sources()
        if ctx.draft:
            self.findings()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


_pstyle = docx_style.set_paragraph_style
_paragraph = docx_style.add_paragraph
_run = docx_style.add_run
_row_properties = docx_style.row_properties


def _field(instruction: str) -> OxmlElement:  # type: ignore[valid-type]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def render(ctx: ExportContext) -> bytes:
    return _Writer(ctx).build()
