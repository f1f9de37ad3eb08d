"""assistant/sanitize.py: names shown safely, user text repaired before storage, bytes decoded, JSON depth."""

from __future__ import annotations

import json
import unicodedata

import pytest

from assistant.sanitize import (
    UndecodableText,
    decode_text,
    display_name,
    escape_json_output,
    json_depth_exceeds,
    repair_text,
    slug,
)

HOSTILE_NAMES = [
    "ohje\x1b[2J\x1b[31mpunainen.txt",
    "rivi\nERROR vaarennetty.md",
    "kello\x07soi.txt",
    "lasku\u202etxt.exe.md",
    "\x1b]0;otsikko\x07nimi.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_display_name_has_no_control_escape_or_bidi_characters(name: str) -> None:
    shown = display_name(name)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in shown)
    assert "[2J" not in shown and "]0;" not in shown and "\n" not in shown
    assert shown.split(".")[-1] in ("txt", "md", "pdf")  # the extension stays readable


def test_display_name_keeps_ordinary_names_and_bounds_long_ones() -> None:
    assert display_name("Tietojohtamisen suunnitelma 2021.docx") == "Tietojohtamisen suunnitelma 2021.docx"
    long = "ä" * 125 + "a.md"  # 254 bytes
    shown = display_name(long, 80)
    assert len(shown) == 80 and shown.endswith("a.md") and "…" in shown
    assert display_name("\x07\x1b[0m") == "-"  # never empty


def test_slug_is_readable_ascii_for_any_name() -> None:
    assert slug("Päätöksenteon tuki (luonnos).docx") == "Paatoksenteon_tuki_luonnos_.docx"
    assert slug("ä" * 125 + "a") == "a" * 60
    assert slug("\u202e\u202e") == "doc"


def test_repair_text_decodes_escaped_bytes_and_removes_controls() -> None:
    assert repair_text("Hyv\udce4 p\udce4iv\udce4") == "Hyvä päivä"  # cp1252 bytes via surrogateescape
    assert repair_text("a\ud800b") == "a\ufffdb"  # any other lone surrogate is replaced
    assert repair_text("Etelä\x00-Savo\x1b\x07\tja\nrivi") == "Etelä-Savo\tja\nrivi"
    repaired = repair_text("x\udce4\ud83d")
    repaired.encode("utf-8")  # storable: no UnicodeEncodeError


def test_decode_text_reads_legacy_encodings_and_refuses_broken_utf8() -> None:
    assert decode_text("Tietosuoja ja henkilötiedot €".encode("cp1252")) == (
        "Tietosuoja ja henkilötiedot €",
        "cp1252",
    )
    assert decode_text(b"\xef\xbb\xbfHyv\xc3\xa4") == ("Hyvä", "utf-8")
    with pytest.raises(UndecodableText) as err:
        decode_text("Hyvä ".encode() + b"\xff")
    assert "UTF-8" in err.value.detail


def test_json_depth_at_and_over_the_limit() -> None:
    assert not json_depth_exceeds("[" * 64 + "]" * 64, 64)
    assert json_depth_exceeds("[" * 65 + "]" * 65, 64)
    assert not json_depth_exceeds('{"a": "[[[[[[[\\"[[[["}', 2)  # brackets inside strings do not count
    assert json_depth_exceeds("[" * 100_000, 64)


def test_json_output_escapes_bidi_and_c1_but_keeps_the_data() -> None:
    data = {"title": "lasku\u202etxt.exe", "c1": "a\x9bb"}
    text = escape_json_output(json.dumps(data, ensure_ascii=False))
    assert "\u202e" not in text and "\x9b" not in text and "\\u202e" in text
    assert json.loads(text) == data
