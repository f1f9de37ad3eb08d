"""The one place where untrusted text is made safe: to show (names), to store (user text) and to read
(bytes in an unknown encoding, JSON of unknown depth).

- `display_name`: a file or document name as shown anywhere (CLI, JSON, app, exports, citations):
  terminal escape sequences, control and bidirectional-override characters removed, whitespace collapsed,
  length bounded (the middle is elided, the extension kept). The original stays where it was stored (the
  file's path in the index metadata) for the operator.
- `slug`: an ASCII identifier part (doc ids) that stays readable for any name.
- `repair_text`: user text before storage: lone surrogates (what Python makes of undecodable bytes with
  `surrogateescape`) decoded again, other lone surrogates replaced, NUL and other C0 controls removed.
- `decode_text`: bytes of a text file: UTF-8 (with BOM), otherwise a legacy Western 8-bit encoding
  (cp1252/ISO-8859-15/Latin-1) detected with charset-normalizer; broken UTF-8 is refused.
- `json_depth_exceeds`: whether JSON text nests deeper than a limit, found by one linear scan before
  `json.loads` (which would raise RecursionError).
- `escape_json_output`: JSON text safe for a terminal (bidi and C1 controls as `\\uXXXX`, still valid JSON).
"""

from __future__ import annotations

import re
import unicodedata

import charset_normalizer

DEFAULT_NAME_CHARS = 80
ELLIPSIS = "…"
# CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST) and two-character escapes.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# Bidirectional controls (embeddings, overrides, isolates, marks) and other invisible format characters
# that can reorder or hide what is shown.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_STORE_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LEGACY_ENCODINGS = ["cp1252", "iso8859_15", "latin_1"]
"""Candidates for text that is not UTF-8: what Finnish and Swedish Windows and older systems write."""
DETECT_SAMPLE_BYTES = 256 * 1024


def _is_hidden(ch: str) -> bool:
    if ch in _BIDI:
        return True
    category = unicodedata.category(ch)
    return category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def display_name(name: str, max_chars: int = DEFAULT_NAME_CHARS) -> str:
    """`name` safe to show on one line: no escape sequences, controls or bidi overrides; at most
    `max_chars` characters (the middle elided, a short extension kept). Never empty."""
    text = repair_text(_ANSI.sub("", unicodedata.normalize("NFC", str(name))))
    text = "".join(" " if ch in "\t\n\r\v\f" else ("" if _is_hidden(ch) else ch) for ch in text)
    text = " ".join(text.split())
    if len(text) > max_chars:
        stem, dot, ext = text.rpartition(".")
        tail = f".{ext}" if dot and stem and 0 < len(ext) <= 8 else ""
        keep = max_chars - len(tail) - 1
        head = keep * 2 // 3
        body = text[: len(text) - len(tail)]
        text = body[:head] + ELLIPSIS + body[len(body) - (keep - head) :] + tail
    return text or "-"


_NON_SLUG = re.compile(r"[^0-9A-Za-z._-]+")


def slug(name: str, max_chars: int = 60) -> str:
    """A readable ASCII identifier part: accents folded (ä -> a), anything else one `_`."""
    folded = unicodedata.normalize("NFKD", display_name(name, 10_000))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    text = _NON_SLUG.sub("_", ascii_text).strip("._-")[:max_chars].strip("._-")
    return text or "doc"


def repair_text(text: str) -> str:
    """User text ready for storage: bytes smuggled in as surrogates (`surrogateescape`) decoded again,
    any other lone surrogate replaced by U+FFFD, NUL and other C0/DEL controls (not tab or newline)
    removed."""
    text = _STORE_CONTROLS.sub("", text)
    if _LONE_SURROGATE.search(text):
        if _ESCAPED_BYTE.search(text) and not re.search("[\ud800-\udc7f\udd00-\udfff]", text):
            raw = text.encode("utf-8", "surrogateescape")
            text = decode_bytes_lenient(raw)
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return text


class UndecodableText(ValueError):
    """Bytes that are neither UTF-8 nor a legacy Western text encoding; `detail` says where."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _valid_multibyte_utf8(data: bytes) -> bool:
    """Whether `data` holds at least one well-formed multi-byte UTF-8 sequence."""
    return _UTF8_MULTIBYTE.search(data) is not None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_text(data: bytes) -> tuple[str, str]:
    """`(text, encoding)`: UTF-8 (a BOM allowed), else a legacy 8-bit encoding told by charset-normalizer.

    Raises `UndecodableText` for broken UTF-8 (well-formed multi-byte sequences next to invalid bytes:
    decoding it otherwise would garble the valid part) and for bytes no candidate encoding explains."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        error = exc
    if _valid_multibyte_utf8(data):
        raise UndecodableText(f"UTF-8, byte {error.start}: {error.reason}")
    best = charset_normalizer.from_bytes(data[:DETECT_SAMPLE_BYTES], cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise UndecodableText(f"byte {error.start}: {error.reason}")
    try:
        return data.decode(best.encoding), best.encoding
    except UnicodeDecodeError as exc:
        raise UndecodableText(f"{best.encoding}, byte {exc.start}: {exc.reason}") from exc


def decode_bytes_lenient(data: bytes) -> str:
    """Like `decode_text`, but never raises: what cannot be decoded becomes U+FFFD."""
    try:
        return decode_text(data)[0]
    except UndecodableText:
        return data.decode("utf-8", "replace")


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether JSON `text` nests arrays/objects deeper than `limit` (strings skipped; one regex scan)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


_UNSAFE_IN_JSON = re.compile("[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def escape_json_output(text: str) -> str:
    """JSON text whose C1 controls, bidi controls and line separators are written as `\\uXXXX` escapes (the
    decoded data is unchanged; a terminal shows them instead of obeying them)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
