"""Plain text and Markdown into structural blocks.

Understands the layout of documents converted from Word to text, as in the default corpus:
- `[bookmark: _Toc…]` marks a heading (a leading tab means a sub-heading);
- a table is written one cell per tab-indented line (continuation lines have no tab); a table starts at a
  header row whose cells match a known column layout (the template's 3.4 columns by default);
- Markdown `#` headings, `|` tables and list markers.
Other headings are recognised by shape (numbered or short title-like lines); their level is given by the
order in which each heading style first appears, as reStructuredText does with its adornments.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from assistant.ingest.errors import IngestError
from assistant.ingest.models import Block, LoadedDocument
from assistant.ingest.textnorm import Dehyphenator, collapse_spaces, strip_markup, vocabulary
from assistant.sanitize import UndecodableText, decode_text

_BOOKMARK = re.compile(r"\[bookmark:\s*_Toc[^\[\]]*\]", re.IGNORECASE)  # no "[" inside: linear scan
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_LETTERED = re.compile(r"^([A-HJ-Z])\.\s+(\S.*)$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪–]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$")
_TABLE_END_BLANKS = 3  # this many blank lines before an untabbed line end a table
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _decode(path: Path, data: bytes) -> str:
    """UTF-32/UTF-16 by their byte-order mark; otherwise UTF-8, or a legacy Western encoding
    (cp1252/ISO-8859-15/Latin-1) told by charset-normalizer. Broken UTF-8 is refused."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32 (before UTF-16: same start)
        try:
            return data.decode("utf-32")
        except UnicodeDecodeError as exc:
            raise IngestError("encoding", path, f"UTF-32: {exc.reason}") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError("encoding", path, f"UTF-16: {exc.reason}") from exc
    try:
        return decode_text(data.replace(b"\x00", b""))[0]
    except UndecodableText as exc:
        raise IngestError("encoding", path, exc.detail) from exc


def default_table_headers() -> list[list[str]]:
    """Column layouts of the template's tables (all languages), from knowledge/template.yaml."""
    from assistant.template.spec import load_template

    spec = load_template()
    return [[c.label.get(lang) for c in spec.table.columns] for lang in ("fi", "sv", "en")]


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-zåäö]+", "", text.lower())


class _Lines:
    """Groups raw lines into items: tab-cells (with their continuation lines) or plain lines."""

    def __init__(self, text: str) -> None:
        self.items: list[tuple[str, list[str], int]] = []  # (kind, lines, blank lines before)
        blanks = 0
        for raw in text.splitlines():
            if not raw.strip():
                if raw.startswith("\t"):  # an empty table cell
                    self.items.append(("cell", [""], blanks))
                    blanks = 0
                else:
                    blanks += 1
                continue
            if raw.startswith("\t"):
                self.items.append(("cell", [raw[1:]], blanks))
            elif self.items and self.items[-1][0] == "cell" and blanks == 0:
                self.items[-1][1].append(raw)
            else:
                self.items.append(("line", [raw], blanks))
            blanks = 0


class _HeadingLevels:
    """Heading level by first appearance of each heading style."""

    def __init__(self) -> None:
        self._order: list[str] = []

    def level(self, style: str) -> int:
        if style not in self._order:
            self._order.append(style)
        return min(self._order.index(style) + 1, 6)


def _looks_like_heading(line: str, max_words: int = 12, max_chars: int = 90) -> bool:
    words = line.split()
    if not 1 <= len(words) <= max_words or len(line) > max_chars:
        return False
    if line[-1] in ".,;:!?)" or not line[0].isupper():
        return False
    return not sum(ch.isdigit() for ch in line) > len(line) / 3


class _Parser:
    def __init__(self, text: str, fmt: Literal["txt", "md"], table_headers: Sequence[Sequence[str]]) -> None:
        self.fmt = fmt
        self.dehyph = Dehyphenator(vocabulary(text) + _template_vocabulary())
        # (normalised, canonical) column labels of each known table layout
        self.headers = [([_norm(h) for h in header], list(header)) for header in table_headers if header]
        self.levels = _HeadingLevels()
        self.last_top = 0  # level of the last unnumbered heading (bookmark, Markdown, plain)
        self.last_letter: int | None = None  # level of the last "A." heading under it
        self.last_numbered = 0  # level of the last numbered heading (0: none in the current part)
        self.letters_seen = False
        self.chapter: list[int] | None = None  # numbers of the current numbered section, e.g. [2, 2]
        self.blocks: list[Block] = []
        self.items = _Lines(text).items

    def clean(self, lines: list[str]) -> str:
        joined = self.dehyph.join_lines([strip_markup(x) for x in lines])
        return self.dehyph.fix_inline(joined)

    def heading(self, text: str, style: str, level: int | None = None) -> None:
        """Emit a heading. Unnumbered styles get levels by first appearance; "A." headings nest under
        them and numbered headings ("1.", "1.2") nest under those, by their depth. In a document whose
        outline is numbered chapters (no "A." level), an unnumbered title-like line inside a numbered
        section ("2.1") is a sub-heading of it, not a new top level (e.g. a label above a form table)."""
        text = collapse_spaces(text)
        if not text:
            return
        if style == "letter":
            level = self.last_top + 1
            self.last_letter = level
            self.letters_seen = True
            self.chapter = None
        elif style.startswith("num"):
            level = self.numbered_level(text)
        elif style == "plain" and self.chapter and len(self.chapter) >= 2 and not self.letters_seen:
            level = self.last_numbered + 1
        else:
            level = level or self.levels.level(style)
            self.last_top, self.last_letter, self.last_numbered, self.chapter = level, None, 0, None
        self.blocks.append(Block(kind="heading", text=text, level=min(level, 6)))

    def numbered_level(self, text: str) -> int:
        """Level of a numbered heading. It continues the outline when its number follows the current
        section ("2." after "1.", "2.2" inside "2."); otherwise it is a numbered item (a form question
        like "14. Haen valtionavustusta") and nests under the current section instead of replacing it."""
        m = _NUMBERED.match(text)
        numbers = [int(x) for x in m.group(1).split(".")] if m else [1]
        base = self.last_letter or self.last_top
        current = self.chapter
        if len(numbers) == 1:
            continues = current is None or numbers[0] == current[0] + 1
        else:
            continues = current is not None and numbers[:-1] == current[: len(numbers) - 1]
        if continues:
            self.chapter = numbers
            self.last_numbered = base + len(numbers)
            return self.last_numbered
        return (self.last_numbered or base) + 1

    def table_at(self, i: int) -> list[str] | None:
        """The known layout's column labels if the cells from item i form its header row."""
        for normalised, labels in self.headers:
            cells = self.items[i : i + len(normalised)]
            if (
                len(cells) == len(normalised)
                and all(kind == "cell" for kind, _, _ in cells)
                and [_norm(self.clean(lines)) for _, lines, _ in cells] == normalised
            ):
                return labels
        return None

    def parse_table(self, i: int, header: list[str]) -> int:
        """Consume the rows after a header; a cell may continue on untabbed lines, even after a blank line."""
        n = len(header)
        i += n
        cells: list[list[str]] = []
        while i < len(self.items):
            kind, lines, blanks = self.items[i]
            if _BOOKMARK.search(lines[0]) or (kind == "cell" and len(cells) % n == 0 and self.table_at(i)):
                break
            if kind == "line" and (not cells or blanks >= _TABLE_END_BLANKS):
                break
            if kind == "cell":
                cells.append(list(lines))
            else:
                cells[-1].extend(lines)
            i += 1
        for start in range(0, len(cells) - len(cells) % n, n):
            self.table_row(header, [self.clean(c) for c in cells[start : start + n]])
        return i

    def table_row(self, header: list[str], cells: list[str]) -> None:
        if any(cells):
            text = "\n".join(f"{h}: {c}" for h, c in zip(header, cells, strict=False) if c)
            self.blocks.append(Block(kind="table_row", text=text, cells=cells, table_header=header))

    def parse(self) -> list[Block]:
        i = 0
        in_md_table: list[str] | None = None
        while i < len(self.items):
            kind, lines, blanks = self.items[i]
            first = lines[0]
            if kind == "cell" and (header := self.table_at(i)) is not None:
                i = self.parse_table(i, header)
                continue
            if _BOOKMARK.search(first):
                text = self.clean([_BOOKMARK.sub("", x) for x in lines])
                text = re.sub(r"^\d{1,2}\.\s+", "", text)  # "0. Heading": a lost Word list number
                self.heading(text, "bookmark-sub" if kind == "cell" else "bookmark")
                i += 1
                continue
            if self.fmt == "md" and (m := _MD_HEADING.match(first)):
                self.heading(strip_markup(m.group(2)), f"md{len(m.group(1))}", level=len(m.group(1)))
                i += 1
                continue
            if "|" in first and self.fmt == "md":
                i, in_md_table = self.md_table_row(i, in_md_table)
                continue
            in_md_table = None
            text = self.clean(lines)
            if not text:
                i += 1
                continue
            self.line_block(text, blanks, self._next_text(i))
            i += 1
        return self.blocks

    def _next_text(self, i: int) -> str:
        return self.clean(self.items[i + 1][1]) if i + 1 < len(self.items) else ""

    def md_table_row(self, i: int, header: list[str] | None) -> tuple[int, list[str] | None]:
        line = self.items[i][1][0]
        cells = [collapse_spaces(strip_markup(c)) for c in line.strip().strip("|").split("|")]
        if header is None:
            nxt = self.items[i + 1][1][0] if i + 1 < len(self.items) else ""
            if _MD_TABLE_SEP.match(nxt):
                return i + 2, cells
            self.line_block(collapse_spaces(strip_markup(line)), 0, "")
            return i + 1, None
        self.table_row(header, cells)
        return i + 1, header

    def line_block(self, text: str, blanks: int, next_text: str) -> None:
        if (m := _NUMBERED.match(text)) and _numbered_heading(m):
            self.heading(text, f"num{m.group(1).count('.') + 1}")
        elif (m := _LETTERED.match(text)) and _looks_like_heading(m.group(2)):
            self.heading(text, "letter")
        elif m := _BULLET.match(text):
            self.blocks.append(Block(kind="list_item", text=m.group(1).strip() or text))
        elif (
            blanks > 0 and _looks_like_heading(text) and len(text.split()) >= 2 and _opens_section(next_text)
        ):
            self.heading(text, "plain")
        else:
            self.blocks.append(Block(kind="paragraph", text=text))


def _numbered_heading(m: re.Match[str]) -> bool:
    """`1.2 Title`: a short title whose first number is a plausible chapter (not a page-number glue
    like the table of contents' `41.1`)."""
    first = int(m.group(1).split(".")[0])
    title = m.group(2)
    if "http" in title or not 1 <= first <= 20:
        return False
    return _looks_like_heading(title, max_words=16, max_chars=130)


def _opens_section(next_text: str) -> bool:
    """A title-like line is a heading when a real paragraph or a numbered/lettered heading follows."""
    return len(next_text) >= 120 or bool(_NUMBERED.match(next_text) or _LETTERED.match(next_text))


@lru_cache(maxsize=1)
def _template_vocabulary() -> Counter[str]:
    """Words of the template's target names and examples, to join breaks like `päätöksen-teossa`."""
    from assistant.template.spec import load_template

    spec = load_template()
    return vocabulary(" ".join(t.name + " " + " ".join(t.examples) for t in spec.targets))


def load_text(
    path: Path,
    data: bytes,
    fmt: Literal["txt", "md"],
    sha256: str,
    table_headers: Sequence[Sequence[str]] | None = None,
    *,
    max_chars: int | None = None,
) -> LoadedDocument:
    """Blocks of a text or Markdown file. Stray NUL bytes are removed (not a reason to refuse: a binary
    file was refused by the sniffer); more than `max_chars` characters is `too_much_text`, checked before
    the text is parsed."""
    text = _decode(path, data).replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if max_chars is not None and len(text) > max_chars:
        from assistant.textutil import figure

        raise IngestError("too_much_text", path, f"{figure(len(text))} > {figure(max_chars)}")
    if not text.strip():
        raise IngestError("empty", path)
    headers = default_table_headers() if table_headers is None else table_headers
    blocks = _Parser(text, fmt, headers).parse()
    if not blocks:
        raise IngestError("no_text", path)
    title = next((b.text for b in blocks if b.kind == "heading"), None)
    return LoadedDocument(path=path, format=fmt, sha256=sha256, title=title, blocks=blocks)
