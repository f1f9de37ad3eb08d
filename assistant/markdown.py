"""Markdown escaping for any text that did not come from us (answers, documents, model output)."""

from __future__ import annotations

import re
import string

# Every ASCII punctuation character may be backslash-escaped in CommonMark and then renders literally.
# Escaping all of them covers Markdown (links, emphasis, headings, lists, tables, code, HTML) and
# Streamlit's extensions (`:red[...]` directives, `$...$` math) without tracking which are special where.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_NEWLINES = re.compile(r"\r\n?")


def escape_md(text: str) -> str:
    """Escape `text` so that Markdown (Streamlit's too) shows it literally.

    Document text must never become links, images, HTML or formatting. Line breaks are kept as hard
    breaks and blank lines as paragraph breaks; spaces around lines are dropped (so that indentation
    cannot turn text into a code block).
    """
    lines = [_PUNCTUATION.sub(r"\\\1", line.strip()) for line in _NEWLINES.sub("\n", text).split("\n")]
    out: list[str] = []
    for n, line in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        # Two trailing spaces make a hard line break inside a paragraph.
        out.append(line + "  " if line and following else line)
    return "\n".join(out).strip("\n")
