"""Markdown export with the DOCX's structure (GitHub-flavoured Markdown).

    > **LUONNOS** – banner                       (drafts only)
    # <plan title>                               then region, date, periods, template
    ## 3 <template title>
    ### 3.1 <section>    #### 3.1.1 <group>    ##### a) <field label>    answer paragraphs
    ### 3.4 ...          #### Kehittämisen osa-alue: <AREA>    pipe table, one row per action
    ## Lähteet           numbered list, [n] in the action cells
    ## Liite: ...        findings table (drafts only)

Every text that comes from the plan is escaped so that it renders literally (no links, HTML, emphasis,
headings or lists); in table cells `|` is escaped and line breaks become `<br>`.
"""

from __future__ import annotations

import re

from assistant.export.layout import AreaTable, ExportContext, SectionBlock, clean_text
from assistant.template.models import Action

EXTENSION = "md"
MIME = "text/markdown"

# Inline syntax anywhere in a line: escapes, code, emphasis, links/images, HTML and entities, tables,
# strikethrough.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Block syntax at the start of a line: headings, quotes, lists, thematic breaks, setext underlines.
_BLOCK_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def escape_inline(line: str) -> str:
    """Escape inline syntax only (for text after a heading marker or inside a table cell)."""
    return _INLINE.sub(r"\\\1", line.strip())


def escape_line(line: str) -> str:
    """Escape a line of user text that starts a Markdown line (inline and block syntax)."""
    line = escape_inline(line)
    line = _BLOCK_START.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", line)


def escape_text(text: str) -> list[str]:
    """User text as escaped lines (a blank line stays blank)."""
    return [escape_line(line) for line in clean_text(text).strip().split("\n")] if text.strip() else []


def cell(text: str) -> str:
    """User text for a table cell: escaped, lines joined with <br>."""
    return "<br>".join(escape_text(text))


def _row(values: list[str]) -> str:
    return "| " + " | ".join(v or " " for v in values) + " |"


class _Writer:
    def __init__(self, ctx: ExportContext) -> None:
        self.ctx = ctx
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def paragraph(self, text: str) -> None:
        """Escaped user text; consecutive lines become hard line breaks."""
        lines = escape_text(text)
        if lines:
            self.add(
                *[
                    ln + "\\" if ln and i < len(lines) - 1 and lines[i + 1] else ln
                    for i, ln in enumerate(lines)
                ]
            )
            self.add("")

    def heading(self, level: int, text: str) -> None:
        self.add("#" * level + " " + escape_inline(text), "")

    def title_page(self) -> None:
        ctx = self.ctx
        if ctx.draft:
            counts = ctx.report.counts()
            banner = ctx.t("draft.banner", errors=counts["error"], warnings=counts["warning"])
            self.add(f"> **{ctx.t('draft.stamp')}** – {escape_line(banner)}", "")
        self.heading(1, ctx.title)
        info = ctx.spec.template
        lines = [
            f"**{escape_line(ctx.region)}**" if ctx.region else "",
            escape_line(ctx.t("title_page.date", date=ctx.date_text)),
            escape_line(
                ctx.t(
                    "title_page.periods",
                    short_label=ctx.period_label("short"),
                    short=ctx.period_range("short"),
                    long_label=ctx.period_label("long"),
                    long=ctx.period_range("long"),
                )
            ),
            escape_line(
                ctx.t(
                    "title_page.based_on",
                    template=info.title.get(ctx.language),
                    publisher=info.publisher,
                    year=info.year,
                )
            ),
        ]
        if ctx.language != "fi":
            lines.append(escape_line(ctx.t("title_page.translations")))
        lines = [ln for ln in lines if ln]
        self.add(*[ln + "\\" if i < len(lines) - 1 else ln for i, ln in enumerate(lines)], "")

    def section(self, block: SectionBlock) -> None:
        self.heading(3, block.heading)
        for group in block.groups:
            if group.heading:
                self.heading(4, group.heading)
            for line in group.target_lines:
                self.paragraph(line)
            for field in group.fields:
                self.heading(5, field.heading)
                self.paragraph("\n".join(field.paragraphs))
            if group.assessment is not None:
                results = group.assessment
                self.heading(5, results.title)
                self.paragraph(results.note)
                self.add(
                    _row([escape_inline(h) for h in results.headers]), _row(["---"] * len(results.headers))
                )
                self.add(*[_row([cell(v) for v in values]) for values in results.rows], "")
            if group.table is not None:
                self.table(group.table)
        for table in block.tables:
            self.heading(4, table.heading)
            self.table(table)

    def table(self, area: AreaTable) -> None:
        ctx = self.ctx
        self.add(_row([escape_line(c) for c in ctx.column_labels]), _row(["---"] * 4))
        for target in area.targets:
            name = f"**{escape_line(target.name)}**"
            if target.translation:
                name += f"<br>*{escape_line(target.translation)}*"
            actions: list[Action | None] = [*target.actions] or [None]
            for action in actions:
                if action is None:
                    self.add(_row([name, "", "", ""]))
                    continue
                self.add(
                    _row([name, self._action(action), self._schedule(action), cell(action.edellytykset)])
                )
        self.add("")

    def _action(self, action: Action) -> str:
        text = cell(action.toimenpide)
        refs = " ".join(f"\\[{n}\\]" for n in self.ctx.sources.numbers(action))
        return f"{text} {refs}".strip()

    def _schedule(self, action: Action) -> str:
        parts = []
        for label, value in self.ctx.schedule_lines(action):
            value_md = cell(value)
            if value_md:  # no label without a value
                parts.append(f"**{escape_line(label)}:** {value_md}")
        return "<br>".join(parts)

    def sources(self) -> None:
        ctx = self.ctx
        self.heading(2, ctx.t("sources.title"))
        entries = ctx.sources.entries
        if not entries:
            self.paragraph(ctx.t("sources.none"))
            return
        self.paragraph(ctx.t("sources.intro"))
        for entry in entries:
            # Title, section and page; internal identifiers are for the JSON export, not for readers.
            self.add(f"{entry.number}. {escape_line(entry.ref.citation)}")
        self.add("")

    def findings(self) -> None:
        ctx = self.ctx
        counts = ctx.report.counts()
        self.heading(2, ctx.t("findings.title"))
        self.paragraph(
            ctx.t("findings.intro", errors=counts["error"], warnings=counts["warning"], infos=counts["info"])
        )
        rows = ctx.finding_rows()
        if not rows:
            self.paragraph(ctx.t("findings.none"))
            return
        headers = [ctx.t(f"findings.{k}") for k in ("severity", "path", "message")]
        self.add(_row(headers), _row(["---"] * 3))
        for severity, path, message in rows:
            self.add(_row([escape_line(severity), escape_inline(path), cell(message)]))
        self.add("")

    def build(self) -> bytes:
        ctx = self.ctx
        self.title_page()
        number, title = ctx.chapter
        self.heading(2, ctx.numbered(number, title))
        for block in ctx.sections():
            self.section(block)
        self.sources()
        if ctx.draft:
            self.findings()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def render(ctx: ExportContext) -> bytes:
    return _Writer(ctx).build()
