"""XLSX export: every action of the plan as one row, ready for follow-up (openpyxl).

Sheet "Toimenpiteet" (localized): header row (frozen, autofilter, repeated when printed) with the columns
area, target, action, short term, long term, responsible, prerequisites, sources, status, id; rows in
the order of the template (areas, targets), every text wrapped. Text that a spreadsheet would take for
a formula (starting with = + - @, or a tab/CR) is stored as a string with Excel's quote prefix, so it is
shown and kept as typed and never evaluated. A draft gets a first sheet "Luonnos" (localized) with the
stamp, a summary and every finding, and the action sheet prints the stamp in its page header.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assistant.export.layout import ExportContext, clean_text
from assistant.template.models import Action

EXTENSION = "xlsx"
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters that make a spreadsheet (or a CSV saved from it) read a cell as a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMN_WIDTHS = (22, 30, 50, 26, 26, 24, 36, 40, 14, 14)
FINDING_WIDTHS = (14, 36, 90)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
STAMP_FONT = Font(bold=True, size=20, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
# Excel limits a cell to 32,767 characters.
MAX_CELL = 32_767


def set_text(ws: Worksheet, row: int, column: int, value: str) -> None:
    """Write `value` as text: never a formula, XML-safe, within Excel's cell limit."""
    text = clean_text(value)[:MAX_CELL]
    cell = ws.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    cell.alignment = WRAP


def _header(ws: Worksheet, labels: list[str], widths: tuple[int, ...], row: int = 1) -> None:
    for column, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        set_text(ws, row, column, label)
        cell = ws.cell(row=row, column=column)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(column)].width = width


def _page_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


class _Writer:
    def __init__(self, ctx: ExportContext) -> None:
        self.ctx = ctx
        self.wb = Workbook()

    def headers(self) -> list[str]:
        ctx = self.ctx
        return [
            ctx.t("xlsx.area"),
            ctx.column_label("kehittamiskohde"),
            ctx.column_label("toimenpiteet"),
            ctx.t("xlsx.period_column", label=ctx.period_label("short"), range=ctx.period_range("short")),
            ctx.t("xlsx.period_column", label=ctx.period_label("long"), range=ctx.period_range("long")),
            ctx.responsible_label,
            ctx.column_label("edellytykset"),
            ctx.t("xlsx.sources"),
            ctx.t("xlsx.status"),
            ctx.t("xlsx.id"),
        ]

    def rows(self) -> list[tuple[str, Action]]:
        """(area label, action) in document order: the areas of 3.4, then 3.5, then unknown targets."""
        ctx, out = self.ctx, list[tuple[str, Action]]()
        ctx.sections()  # numbers the sources in document order
        for area in ctx.spec.areas:
            label = area.label.get(ctx.language) or area.name
            out.extend((label, a) for a in ctx.area_table(area).actions)
        orphans = ctx.orphan_table()
        if orphans is not None:
            out.extend(("", a) for a in orphans.actions)
        return out

    def actions_sheet(self) -> Worksheet:
        ctx = self.ctx
        ws = self.wb.active
        ws.title = ctx.t("xlsx.sheet")[:31]
        _header(ws, self.headers(), COLUMN_WIDTHS)
        rows = self.rows()
        for r, (area, action) in enumerate(rows, start=2):
            values = [
                area,
                action.kehittamiskohde,
                action.toimenpide,
                action.lyhyt_aikavali,
                action.pitka_aikavali,
                action.vastuuhenkilo,
                action.edellytykset,
                "\n".join(ref.citation for ref in action.lahteet),
                ctx.status_label(action.tila),
                action.id,
            ]
            for column, value in enumerate(values, start=1):
                set_text(ws, r, column, value)
        last = get_column_letter(len(COLUMN_WIDTHS))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        ws.print_title_rows = "1:1"
        _page_setup(ws)
        if ctx.draft:
            ws.oddHeader.center.text = ctx.t("draft.stamp")
            ws.oddHeader.center.size = 14
            ws.oddHeader.center.color = "C00000"
        return ws

    def draft_sheet(self) -> None:
        ctx = self.ctx
        ws = self.wb.create_sheet(ctx.t("xlsx.draft_sheet")[:31], 0)
        ws.sheet_properties.tabColor = "C00000"
        set_text(ws, 1, 1, ctx.t("draft.stamp"))
        ws.cell(row=1, column=1).font = STAMP_FONT
        counts = ctx.report.counts()
        set_text(ws, 2, 1, ctx.t("draft.banner", errors=counts["error"], warnings=counts["warning"]))
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
        ws.row_dimensions[2].height = 32
        headers = [ctx.t(f"findings.{k}") for k in ("severity", "path", "message")]
        _header(ws, headers, FINDING_WIDTHS, row=4)
        rows = ctx.finding_rows()
        for r, values in enumerate(rows, start=5):
            for column, value in enumerate(values, start=1):
                set_text(ws, r, column, value)
        if rows:
            ws.auto_filter.ref = f"A4:C{4 + len(rows)}"
        ws.freeze_panes = "A5"
        _page_setup(ws)
        self.wb.active = 0

    def properties(self) -> None:
        ctx, props = self.ctx, self.wb.properties
        props.title = ctx.title
        props.creator = ctx.region or None
        props.subject = ctx.spec.template.title.get(ctx.language)
        props.language = ctx.language
        props.category = ctx.t("draft.stamp") if ctx.draft else None

    def build(self) -> bytes:
        self.actions_sheet()
        if self.ctx.draft:
            self.draft_sheet()
        self.properties()
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()


def render(ctx: ExportContext) -> bytes:
    return _Writer(ctx).build()
