"""Headings with nothing under them: a question about their content cannot be answered from the corpus.

A roadmap is a tree of task groups ("D. ICT-infra"), tasks ("1. …") and sub-tasks ("1.1. …"). In the
converted roadmap several groups lost their task tables (they were images), so only the group heading is
left, directly followed by the next group or the next roadmap's title. Such a heading names a topic the
knowledge base has nothing about: a question asking what that group holds ("Mitä tehtäviä ICT-infran
tehtäväkokonaisuuteen kuuluu?") would otherwise be answered with the bare list of headings around it.

`empty_group_lines` finds these lines from the indexed chunks in reading order (the chunker keeps the
heading lines as lines of the chunk text). `names_empty_heading` tells whether a question is about one:
the question names the group (most of the heading's own content weight is in the question), and no other
line of the passages that would be shown matches the question as well as that heading does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from assistant.retrieval.analyzer import Analyzer

GROUP = re.compile(r"^[A-ZÅÄÖ]\.\s+\S")  # "D. ICT-infra", "E. Hallinnolliset tukipalvelut (…)"
TASK = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")  # "1. …", "1.1. …"
GROUP_MAX_CHARS = 160
ROADMAP_KINDS = frozenset({"roadmap"})
NAMED_SHARE = 0.5  # the question holds at least this share of the heading's content weight


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_group(line: str) -> bool:
    return len(line) <= GROUP_MAX_CHARS and bool(GROUP.match(line))


def _has_content_after(line: str | None) -> bool:
    """The line after a group heading opens its content: a numbered task, or a paragraph (not another
    group heading, nor a bare title line such as the next roadmap's name)."""
    if line is None or _is_group(line):
        return False
    return bool(TASK.match(line)) or len(line) > GROUP_MAX_CHARS or line.rstrip().endswith((".", ":"))


def empty_group_lines(texts: Sequence[str], metas: Sequence[dict[str, Any]]) -> dict[int, frozenset[str]]:
    """Chunk position -> the group heading lines in it that have nothing under them, for chunks of
    roadmap documents. `texts` and `metas` are in reading order within each document."""
    by_doc: dict[str, list[int]] = {}
    for pos, meta in enumerate(metas):
        if str(meta.get("kind", "")) in ROADMAP_KINDS:
            by_doc.setdefault(str(meta.get("doc_id", "")), []).append(pos)
    out: dict[int, frozenset[str]] = {}
    for positions in by_doc.values():
        positions.sort(key=lambda p: int(metas[p].get("position", 0)))
        lines = [(pos, line) for pos in positions for line in _lines(texts[pos])]
        for n, (pos, line) in enumerate(lines):
            following = lines[n + 1][1] if n + 1 < len(lines) else None
            if _is_group(line) and not _has_content_after(following):
                out[pos] = out.get(pos, frozenset()) | {line}
    return out


# A query unit's analysed forms (compound parts included), its whole-word forms, and its weight (IDF).
Unit = tuple[frozenset[str], frozenset[str], float]


def _coverage(units: Sequence[Unit], tokens: set[str], *, whole: bool = False) -> float:
    return sum(w for forms, whole_forms, w in units if (whole_forms if whole else forms) & tokens)


def names_empty_heading(
    units: Sequence[Unit],
    shown: Sequence[int],
    texts: Sequence[str],
    empty: dict[int, frozenset[str]],
    analyzer: Analyzer,
    idf: Callable[[str], float],
) -> str | None:
    """The empty heading (of the passages at `shown` positions) that the question is about, or None.

    The question names the heading when it holds most of the heading's own content weight; it is about
    the heading when no other line of those passages holds the question's words that name it as well,
    as whole words (a line that says more about the same topic may answer it; one that shares only a
    compound part, "talouden" for "konsernitalouden", does not)."""
    if not units or not any(p in empty for p in shown):
        return None
    asked = {t for forms, _, _ in units for t in forms}
    lines = [(pos, line, set(analyzer.index_tokens(line))) for pos in shown for line in _lines(texts[pos])]
    for pos, line, tokens in lines:
        if line not in empty.get(pos, ()):
            continue
        own = {t: idf(t) for t in tokens}
        total = sum(own.values())
        if not total or sum(w for t, w in own.items() if t in asked) < NAMED_SHARE * total:
            continue
        naming = [u for u in units if u[0] & tokens]
        weight = _coverage(naming, tokens)
        others = [other for p, text, other in lines if text not in empty.get(p, ())]
        if all(_coverage(naming, other, whole=True) < weight for other in others):
            return line
    return None
