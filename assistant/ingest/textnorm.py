"""Text clean-up shared by the loaders: markup removal, whitespace and Finnish de-hyphenation.

Documents converted from Word or PDF split words inside narrow table cells: `Tieto-` / `johtamisen`
on two lines, or even `päätöksen-teossa` inside one line. Finnish also has real hyphenated compounds
(`sote-maakunta`, `ICT-valmistelu`), so a hyphen is removed only when the document itself uses the joined
form at least as often as the hyphenated one (or, for a line-end break, when the hyphenated form never
occurs on one line).
"""

from __future__ import annotations

import re
from collections import Counter

_MARKERS = re.compile(r"\[(?:bookmark|image):[^\[\]]*\]", re.IGNORECASE)  # no "[" inside: linear scan
# The link text holds no brackets: with `[^\]]*` every `[` of a run like `[[[[…` would scan the whole run
# (quadratic: a 200 kB line of brackets took 40 s).
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_INLINE_HYPHEN = re.compile(r"\b([^\W\d_]{3,})-([a-zåäö][^\W\d_]*)\b")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")


def strip_markup(line: str) -> str:
    """Remove conversion markers (`[bookmark: …]`, `[image: …]`) and inline Markdown emphasis/links."""
    line = _MARKERS.sub("", line)
    line = _MD_LINK.sub(lambda m: m.group(1), line)
    return _MD_EMPH.sub(lambda m: m.group(2), line)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def vocabulary(text: str) -> Counter[str]:
    """Lower-cased word counts of a document, hyphenated compounds kept as one token."""
    return Counter(m.group(0).lower() for m in _WORD.finditer(text))


class Dehyphenator:
    """Decides, from the document's own vocabulary, whether a hyphen is a break or a real compound."""

    def __init__(self, vocab: Counter[str]) -> None:
        self.vocab = vocab

    def _prefer_joined(self, left: str, right: str, line_break: bool) -> bool:
        joined = (left + right).lower()
        hyphenated = f"{left}-{right}".lower()
        if self.vocab[joined] >= max(1, self.vocab[hyphenated]):
            return True
        # A line-end break of a word the document never writes hyphenated on one line is a break.
        return line_break and self.vocab[hyphenated] == 0

    def join_lines(self, lines: list[str]) -> str:
        """Join the lines of one cell or paragraph, removing line-end hyphenation where it is a break."""
        out = ""
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            if out.endswith("-") and line[:1].islower():
                left = re.search(r"([^\W\d_]+)-$", out)
                right = re.match(r"[^\W\d_]+", line)
                if left and right and self._prefer_joined(left.group(1), right.group(0), line_break=True):
                    out = out[:-1] + line
                    continue
                out += line  # keep a real compound hyphen: "sote-" + "maakunta"
                continue
            out = f"{out} {line}" if out else line
        return collapse_spaces(out)

    def fix_inline(self, text: str) -> str:
        """Join `päätöksen-teossa` → `päätöksenteossa` when the document prefers the joined word."""

        def repl(m: re.Match[str]) -> str:
            left, right = m.group(1), m.group(2)
            return left + right if self._prefer_joined(left, right, line_break=False) else m.group(0)

        return _INLINE_HYPHEN.sub(repl, text)
