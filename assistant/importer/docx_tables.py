"""The 3.4/3.5 action tables of a DOCX (one action per row; the target cell repeated or merged, the
schedule cell parsed by its period labels, source markers resolved) and tables used as layout boxes."""

from assistant.importer.docx_reader import Cell, Para, Row, TableBlock
from assistant.importer.docx_state import (
    _MARKERS,
    _NUMBER,
    MapperState,
    RawAction,
    _join_lines,
    _snippet,
)
from assistant.importer.labels import dehyphenate, key, strip_example_prefix
from assistant.importer.models import Location
from assistant.importer.schedule import parse_schedule
from assistant.template.spec import TargetSpec


class ActionTables(MapperState):
    """The table part of the mapping."""

    def _header(self, rows: list[Row]) -> tuple[int, dict[str, Cell], list[Cell]] | None:
        """Index of the header row, its recognised cells by column key, and its unknown cells."""
        for index, row in enumerate(rows[:4]):
            known: dict[str, Cell] = {}
            unknown: list[Cell] = []
            for cell in row.cells:
                column = self.labels.columns.get(key(cell.text))
                if column is not None and column.key not in known:
                    known[column.key] = cell
                else:
                    unknown.append(cell)
            if len(known) >= 2:
                return index, known, unknown
        return None

    def table(self, table: TableBlock) -> None:
        if self.skip == "sources" and self.sources.is_table(table):
            for text in self.sources.add_table(table):
                self._outside_text(text, table.number)
            return
        if self.skip == "assessment" and self.assessment.is_table(table):
            for text in self.assessment.table(table):
                loc = Location(heading=self.heading, table=table.number)
                self.add("warning", "assessment_row_not_imported", loc, text=text)
            return
        header = self._header(table.rows)
        if header is None:
            self._layout_table(table)
            return
        self.structure.add(f"table:{table.number}")
        self.front = False
        self.field = None
        index, known, unknown = header
        for row in table.rows[:index]:  # rows above the header: an area title row
            text = " ".join(c.text for c in row.cells if c.text).strip()
            if not text:
                continue
            area = self.labels.area(text, heading=True)
            if area is not None:
                self._set_heading(text)
                self.area = area
            else:
                self._outside_text(text, table.number)
        self._action_rows(table, index, known, unknown)

    def _layout_table(self, table: TableBlock) -> None:
        """A table without the action-table header: a layout box (read like body text) or an extra table."""
        if self.skip in ("guidance", "appendix") or self.front:
            self.skipped["table"] += 1
            return
        paras = [p for row in table.rows for cell in row.cells for p in cell.paras]
        has_labels = any(
            key(p.text)
            and (
                key(p.text) in self.labels.sections
                or key(p.text) in self.labels.groups
                or key(p.text) in self.labels.fields
                or key(p.text.split(":", 1)[0]) in self.labels.fields
                or self.labels.area(p.text, heading=False) is not None
            )
            for p in paras
        )
        if has_labels:
            for para in paras:
                self.paragraph(para, in_table=table.number)
            return
        text = " | ".join(c.text for c in table.rows[0].cells if c.text) if table.rows else ""
        self.add(
            "warning",
            "extra_table",
            Location(heading=self.heading, table=table.number),
            rows=len(table.rows),
            snippet=_snippet(text),
            text="\n".join(" | ".join(c.text for c in r.cells) for r in table.rows),
        )

    def column_name(self, column_key: str) -> str:
        for column in self.spec.table.columns:
            if column.key == column_key:
                return column.label.get(self.catalog.language) or column_key
        return column_key

    def _action_rows(
        self, table: TableBlock, header_index: int, known: dict[str, Cell], unknown: list[Cell]
    ) -> None:
        number = table.number
        columns = [c.key for c in self.spec.table.columns]
        for missing in (c for c in columns if c not in known):
            self.add(
                "warning",
                "missing_column",
                Location(heading=self.heading, table=number),
                column=self.column_name(missing),
            )
        for cell in unknown:
            if cell.text:
                self.add(
                    "warning",
                    "unknown_column",
                    Location(heading=self.heading, table=number, column=_snippet(cell.text)),
                    column=_snippet(cell.text),
                )
        grid_start = {k: c.col for k, c in known.items()}
        mapped_cols = {c.col for c in known.values()}
        unknown_cols = {c.col: c.text for c in unknown}
        width = max((c.col + c.span for r in table.rows for c in r.cells), default=0)
        previous: dict[int, str] = {}
        last_target: str | None = None
        for r_index in range(header_index + 1, len(table.rows)):
            row = table.rows[r_index]
            row_no = r_index + 1
            loc = Location(heading=self.heading, table=number, row=row_no)
            texts = [c.text for c in row.cells]
            if not any(texts):
                continue
            if self._header_again(row):
                continue
            if len(row.cells) == 1 and row.cells[0].span >= max(width, 2):
                text = row.cells[0].text
                area = self.labels.area(text, heading=True)
                if area is not None:
                    self._set_heading(text)
                    self.area = area
                else:
                    self.add("warning", "merged_row", loc, text=text, snippet=_snippet(text))
                continue
            values: dict[int, str] = {}
            paras: dict[int, list[Para]] = {}
            for cell in row.cells:
                covered = [c for c in range(cell.col, cell.col + cell.span) if c in mapped_cols]
                if len(covered) > 1:
                    names = [self.column_name(k) for k, col in grid_start.items() if col in covered]
                    if cell.text:
                        self.add(
                            "warning",
                            "merged_cell",
                            loc.model_copy(update={"column": " + ".join(names)}),
                            columns=" + ".join(names),
                            text=cell.text,
                            snippet=_snippet(cell.text),
                        )
                    for c in covered:
                        values[c] = ""
                        paras[c] = []
                    continue
                col = covered[0] if covered else cell.col
                if cell.vmerge == "continue":
                    values[col] = previous.get(col, "")
                    paras[col] = []
                    if values[col] and col != grid_start.get("kehittamiskohde"):
                        self.add(
                            "info",
                            "merged_cell_copied",
                            loc.model_copy(
                                update={"column": self.column_name(self._key_at(grid_start, col))}
                            ),
                        )
                    continue
                values[col] = cell.text
                paras[col] = cell.paras
                if col not in mapped_cols and cell.text:
                    self.add(
                        "warning",
                        "unknown_column_text",
                        loc.model_copy(update={"column": _snippet(unknown_cols.get(col, str(col + 1)))}),
                        text=cell.text,
                        snippet=_snippet(cell.text),
                    )
            previous.update({c: v for c, v in values.items()})
            last_target = self._row(loc, grid_start, values, paras, last_target)

    @staticmethod
    def _key_at(grid_start: dict[str, int], col: int) -> str:
        return next((k for k, c in grid_start.items() if c == col), str(col))

    def _header_again(self, row: Row) -> bool:
        hits = sum(1 for c in row.cells if self.labels.columns.get(key(c.text)) is not None)
        return hits >= 2

    def _row(
        self,
        loc: Location,
        grid_start: dict[str, int],
        values: dict[int, str],
        paras: dict[int, list[Para]],
        last_target: str | None,
    ) -> str | None:
        def get(column: str) -> str:
            col = grid_start.get(column)
            return values.get(col, "") if col is not None else ""

        def cell_paras(column: str) -> list[Para]:
            col = grid_start.get(column)
            if col is None:
                return []
            return paras.get(col) or [Para(text=line) for line in values.get(col, "").split("\n")]

        target_text, matched = self._target_cell(get("kehittamiskohde"), cell_paras("kehittamiskohde"))
        action_text, markers, example = self._action_cell(
            cell_paras("toimenpiteet"), loc, matched.name if matched else ""
        )
        schedule_text = get("aikataulu_ja_vastuuhenkilo")
        schedule = parse_schedule(schedule_text, self.labels)
        prerequisites = self._prerequisites(cell_paras("edellytykset"))
        has_content = bool(
            action_text or prerequisites or schedule.unlabelled or any(s.text for s in schedule.segments)
        )
        if "kehittamiskohde" not in grid_start:
            if has_content or target_text:
                self.add("warning", "row_not_imported", loc, text=" | ".join(v for v in values.values() if v))
            return last_target
        target: TargetSpec | None = None
        name = target_text
        if target_text:
            target = matched
            if target is None:
                if (loc.table, target_text) not in self.unknown_reported:
                    self.unknown_reported.add((loc.table, target_text))  # once per table (merged cells)
                    suggestion = self.labels.suggest_target(target_text)
                    self.add(
                        "warning",
                        "unknown_target",
                        loc.model_copy(update={"column": self.column_name("kehittamiskohde")}),
                        given=target_text,
                        suggestion=suggestion.name if suggestion else "-",
                    )
            else:
                name = target.name
                self._check_area(target, loc)
        elif has_content:
            if last_target is None:
                self.add("warning", "row_without_target", loc, text=action_text or schedule_text)
                return None
            name = last_target
            self.add("info", "target_from_row_above", loc, target=name)
        if not has_content:
            self.skeleton_ranges.update(schedule.ranges())
            return name or last_target
        if schedule.unlabelled:
            self.add(
                "warning",
                "schedule_unlabelled",
                loc.model_copy(update={"column": self.column_name("aikataulu_ja_vastuuhenkilo")}),
                text=schedule.unlabelled,
                snippet=_snippet(schedule.unlabelled),
            )
        self.actions.append(
            RawAction(
                target=name,
                location=loc,
                text=action_text,
                schedule=schedule,
                prerequisites=prerequisites,
                markers=markers,
                template_example=example,
            )
        )
        return name

    def _check_area(self, target: TargetSpec, loc: Location) -> None:
        area = self.spec.area_of_target(target.name)
        if self.area is not None and area is not None and area.key != self.area.key:
            self.add(
                "warning",
                "target_in_other_area",
                loc,
                target=target.name,
                area=area.name,
                heading_area=self.area.name,
            )

    def _target_cell(self, text: str, paras: list[Para]) -> tuple[str, TargetSpec | None]:
        """The target a cell names: its whole text (hyphenated lines joined), or its first paragraph when
        the other paragraphs are translations of the same target (our sv/en export)."""
        written = dehyphenate(text)
        target = self.labels.target(written)
        if target is not None or not written:
            return written, target
        lines = [dehyphenate(p.text) for p in paras if p.text.strip()]
        if len(lines) > 1:
            first = self.labels.target(lines[0])
            if first is not None and all(self.labels.target(line) is first for line in lines[1:]):
                return lines[0], first
        return written, None

    def _action_cell(self, paras: list[Para], loc: Location, name: str) -> tuple[str, list[int], bool]:
        """The action text (template examples removed), its "[n]" source markers, and whether it is a
        template example kept on purpose (not italic, no "Esim.")."""
        lines: list[str] = []
        column = self.column_name("toimenpiteet")
        kept_example = False
        for para in paras:
            text = para.text.strip()
            if not text:
                lines.append("")
                continue
            is_example_prefixed, _ = strip_example_prefix(text)
            known = self.labels.example_of(name, _MARKERS.sub("", text))
            if is_example_prefixed:
                self.add(
                    "info" if known else "warning",
                    "example_not_imported" if known else "esim_not_imported",
                    loc.model_copy(update={"column": column}),
                    text=text,
                    snippet=_snippet(text),
                )
                continue
            if known and para.all_italic:
                self.add(
                    "info",
                    "example_not_imported",
                    loc.model_copy(update={"column": column}),
                    text=text,
                    snippet=_snippet(text),
                )
                continue
            kept_example = kept_example or known
            lines.append(para.text)
        text = _join_lines(lines)
        markers: list[int] = []
        match = _MARKERS.search(text)
        if match:
            markers = [int(n) for n in _NUMBER.findall(match.group(0))]
            text = text[: match.start()].rstrip()
        only_example = kept_example and len([line for line in lines if line.strip()]) == 1
        return text, markers, only_example

    def _prerequisites(self, paras: list[Para]) -> str:
        """The prerequisites cell without the template's hint ("Esim. tarvittavat resurssit, investoinnit",
        which a hand-filled template often keeps, split over two lines)."""
        lines = [line for para in paras for line in para.text.split("\n")]
        kept: list[str] = []
        i = 0
        while i < len(lines):
            for width in (1, 2, 3):
                window = lines[i : i + width]
                if len(window) == width and window[-1].strip() and self.labels.is_hint("\n".join(window)):
                    self.skipped["hint"] += 1
                    i += width
                    break
            else:
                kept.append(lines[i])
                i += 1
        return _join_lines(kept)

    # --- the document --------------------------------------------------------------------------------
