"""PDF loader (pypdf): page-numbered blocks with heuristic headings."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from assistant.ingest.errors import IngestError
from assistant.ingest.models import Block, LoadedDocument

MAX_HEADING_CHARS = 90
MAX_HEADING_LEVEL = 6
SHORT_LINE_RATIO = 0.7

_BLANK_LINE_RE = re.compile(r"\n[ \t\f\v\u00a0]*\n")
# "3.4 Otsikko", "2.1.1. Otsikko", "1 Johdanto": 1-2 digit components, then (checked in code) an
# uppercase letter, so that "12 345 euroa" or "3 kpl" are not headings.
_NUMBERED_HEADING_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S)")
_HYPHENS = "-\u2010\u2011"
# Words after which a line-end hyphen is a suspended compound ("tieto- ja viestintätekniikka").
_CONJUNCTIONS = frozenset({"ja", "tai", "sekä", "eli", "kuin", "and", "or", "och", "eller", "samt"})
_WORD_RE = re.compile(r"\w+")
_DOT_LEADER_RE = re.compile(r"(?:\.\s?){4,}|\u2026")
_CONNECTORS = frozenset({"&", "-", "\u2013", "\u2014", "/", "+"})


def _brief(exc: BaseException) -> str:
    """What the parser said, for a person: its first line without Python's class name or byte dumps."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text.split(" b'")[0].split(' b"')[0].rstrip(" :@")
    return text[:120] or "PDF"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def heading_level(line: str) -> int | None:
    """Heading level of a single PDF text line, or None if it does not look like a heading.

    A heading is short (<= 90 chars), has no terminal sentence punctuation, and either starts
    with a section number ("3.4 ..." -> level 2) or is in Title Case / UPPER CASE (level 1).
    """
    line = _collapse(line)
    if not line or len(line) > MAX_HEADING_CHARS:
        return None
    if line[-1] in ".,;:!?-\u2010" or not any(ch.isalpha() for ch in line):
        return None
    if _DOT_LEADER_RE.search(line):
        return None  # a table-of-contents entry ("Johdanto ........ 3")
    match = _NUMBERED_HEADING_RE.match(line)
    if match and match.group(2).isupper():
        return min(match.group(1).count(".") + 1, MAX_HEADING_LEVEL)
    tokens = line.split()
    words = [w for w in tokens if any(ch.isalpha() for ch in w)]
    # Unnumbered headings are words only: this keeps out page footers such as "Sivu 3 / 10".
    if not words or any(w not in words and w not in _CONNECTORS for w in tokens):
        return None
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 3 and all(ch.isupper() for ch in letters):
        return 1
    first_letters = [next(ch for ch in w if ch.isalpha()) for w in words]
    if not first_letters[0].isupper():
        return None
    # Title Case: every word longer than three letters is capitalised (short function words such as
    # "and", "of", "ja" may stay lowercase); a single capitalised word also counts.
    long_words_capitalised = all(
        first.isupper() for first, w in zip(first_letters, words, strict=True) if len(w) > 3
    )
    if long_words_capitalised and (len(words) == 1 or sum(f.isupper() for f in first_letters) >= 2):
        return 1
    return None


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph, undoing end-of-line hyphenation."""
    out = ""
    for raw in lines:
        line = _collapse(raw.replace("\u00ad", ""))
        if not line:
            continue
        if not out:
            out = line
            continue
        prev_char = out[-2] if len(out) >= 2 else ""
        first_word = _WORD_RE.match(line)
        if (
            out[-1] in _HYPHENS
            and prev_char.isalpha()
            and prev_char.islower()
            and line[0].isalpha()
            and line[0].islower()
            and not (first_word and first_word.group(0).lower() in _CONJUNCTIONS)
        ):
            out = out[:-1] + line  # "tieto-" + "johtamisen" -> "tietojohtamisen"
        else:
            out = f"{out} {line}"
    return out


def _ends_paragraph(previous: str, line: str, longest: int) -> bool:
    """Heuristic paragraph break inside a run of lines (pypdf rarely emits blank lines): the
    previous line ends a sentence well short of the text width and the next one starts anew."""
    previous = previous.rstrip()
    line = line.lstrip()
    return (
        bool(previous)
        and bool(line)
        and previous[-1] in ".!?:"
        and len(previous) < SHORT_LINE_RATIO * longest
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\u2022\u2013-*")
    )


def page_blocks(text: str, page: int) -> list[Block]:
    """Split one page's extracted text into heading and paragraph blocks."""
    blocks: list[Block] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for para in _BLANK_LINE_RE.split(text):
        lines = [line for line in para.split("\n") if line.strip()]
        longest = max((len(line.strip()) for line in lines), default=0)
        pending: list[str] = []
        for line in lines:
            level = heading_level(line)
            # A line continuing a hyphenated word is never a heading.
            continues_word = bool(pending) and pending[-1].rstrip()[-1:] in _HYPHENS
            if level is None or continues_word:
                if pending and _ends_paragraph(pending[-1], line, longest):
                    _flush_paragraph(blocks, pending, page)
                    pending = []
                pending.append(line)
                continue
            _flush_paragraph(blocks, pending, page)
            pending = []
            blocks.append(Block(kind="heading", text=_collapse(line), level=level, page=page))
        _flush_paragraph(blocks, pending, page)
    return blocks


def _flush_paragraph(blocks: list[Block], lines: list[str], page: int) -> None:
    joined = join_lines(lines)
    if joined:
        blocks.append(Block(kind="paragraph", text=joined, page=page))


def _metadata_title(reader: PdfReader) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta is not None else None
    except Exception:  # broken /Info dictionaries are common and not fatal
        return None
    if not isinstance(title, str):
        return None
    title = _collapse(title)
    for prefix in ("Microsoft Word - ", "Microsoft PowerPoint - "):
        if title.startswith(prefix):
            title = title[len(prefix) :]
    if not title or title.lower() in {"untitled", "untitled document", "nimetön"}:
        return None
    return title


def _open(path: Path, data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (DependencyError, NotImplementedError) as exc:
        # Unsupported encryption handler (e.g. certificate security) or missing AES backend.
        raise IngestError("encrypted", path, _brief(exc)) from exc
    except FileNotDecryptedError as exc:
        raise IngestError("encrypted", path) from exc
    except Exception as exc:
        raise IngestError("corrupt", path, _brief(exc)) from exc
    try:
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise IngestError("corrupt", path, _brief(exc)) from exc
    if encrypted:
        # Many PDFs only have an owner password (restricting printing/copying) and open with the
        # empty user password; anything else needs a password we do not have.
        try:
            result = reader.decrypt("")
        except Exception as exc:
            raise IngestError("encrypted", path, _brief(exc)) from exc
        if result == PasswordType.NOT_DECRYPTED:
            raise IngestError("encrypted", path)
    return reader


def load_pdf(
    path: Path, data: bytes, sha256: str, *, max_pages: int, max_chars: int | None = None
) -> LoadedDocument:
    """Parse PDF bytes into page-numbered blocks.

    Raises `IngestError` with `encrypted`, `corrupt`, `too_many_pages` or `no_text`.
    A file without a `%%EOF` marker is treated as truncated (`corrupt`) rather than silently
    loading whatever part of it pypdf can recover.
    """
    if b"%%EOF" not in data:
        raise IngestError("corrupt", path, "truncated: no %%EOF")
    reader = _open(path, data)
    try:
        n_pages = len(reader.pages)
    except FileNotDecryptedError as exc:
        raise IngestError("encrypted", path) from exc
    except Exception as exc:
        raise IngestError("corrupt", path, _brief(exc)) from exc
    if n_pages > max_pages:
        raise IngestError("too_many_pages", path, f"{n_pages} > {max_pages}")

    blocks: list[Block] = []
    chars = 0
    for index in range(n_pages):
        try:
            text = reader.pages[index].extract_text() or ""
        except FileNotDecryptedError as exc:
            raise IngestError("encrypted", path) from exc
        except Exception as exc:
            raise IngestError("corrupt", path, f"page {index + 1}: {_brief(exc)}") from exc
        chars += len(text)
        if max_chars is not None and chars > max_chars:  # stop extracting at the budget
            from assistant.textutil import figure

            raise IngestError("too_much_text", path, f"> {figure(max_chars)} ({index + 1}/{n_pages})")
        blocks.extend(page_blocks(text.replace("\x00", ""), index + 1))

    if not blocks:
        raise IngestError("no_text", path)
    first_heading = next((b.text for b in blocks if b.kind == "heading"), None)
    title = _metadata_title(reader) or first_heading or path.stem
    return LoadedDocument(path=path, format="pdf", sha256=sha256, title=title, blocks=blocks)
