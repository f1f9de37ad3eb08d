"""The review report as Markdown (every text escaped) and its file name."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from assistant.markdown import escape_md
from assistant.review.report_model import ReviewReport


def _cell(text: str) -> str:
    """A table cell: one line, escaped (pipes included)."""
    return escape_md(" ".join(text.split())) or " "


def to_markdown(report: ReviewReport) -> str:
    out = [f"# {escape_md(report.title)}", "", f"**{escape_md(report.subtitle)}**", ""]
    out += [f"{escape_md(line)}  " for line in report.meta]
    out.append("")
    for block in report.blocks:
        if block.kind == "heading":
            out += [f"{'#' * (block.level + 1)} {escape_md(' '.join(block.text.split()))}", ""]
        elif block.kind == "paragraph":
            out += [escape_md(block.text), ""]
        elif block.kind == "bullets":
            out += [f"- {escape_md(' '.join(item.split()))}" for item in block.items]
            out.append("")
        else:
            out.append("| " + " | ".join(_cell(c) for c in block.columns) + " |")
            out.append("|" + "|".join(" --- " for _ in block.columns) + "|")
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def report_filename(report: ReviewReport, extension: str, today: date | None = None) -> str:
    """A file name like `katselmointiraportti-<plan title>-2026-01-31.md` (ASCII-safe)."""
    day = (today or report.created.date()).isoformat()
    base = f"{report.title}-{report.subtitle}"
    ascii_ = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()[:80] or "review"
    return f"{slug}-{day}.{extension}"
